package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExamplesOwnData: the library packages' examples load the repository's
// testdata or build their data, never this command's test fixtures, which
// change with the command's tests.
func TestExamplesOwnData(t *testing.T) {
	var files []string
	for _, pkg := range []string{"costing", "outcomes", "sib", "uncertainty"} {
		m, err := filepath.Glob(filepath.Join("..", "..", pkg, "*example_test.go"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no example files found")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "cmd/sib/testdata") {
			t.Errorf("%s loads cmd/sib/testdata: use the repository's testdata/ or data built in code", f)
		}
	}
}
