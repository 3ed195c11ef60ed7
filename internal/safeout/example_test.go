package safeout_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/sib-engine/sib/internal/safeout"
)

func Example() {
	dir, _ := os.MkdirTemp("", "safeout")
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "tables")

	b := safeout.New("run", "scenario.csv")
	defer b.Abort() // removes staged files unless Commit ran
	b.Input(filepath.Join(dir, "scenario"))
	if err := b.Folder(out, []string{"summary.csv"}, nil); err != nil {
		fmt.Println(err)
		return
	}
	// ... the run's work; nothing is written if it fails ...
	b.Put(filepath.Join(out, "summary.csv"), []byte("output,value\nstate.net,1.00\n"))
	if err := b.Commit(); err != nil {
		fmt.Println(err)
		return
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		fmt.Println(e.Name())
	}
	// Output:
	// .sib-outputs
	// summary.csv
}
