// Command gencost writes a synthetic costing folder, for measuring sib cost
// on large ledgers:
//
//	go run ./internal/synth/gencost -rows 1000000 -services 10000 /tmp/big
//	/usr/bin/time -v sib cost --format csv /tmp/big > /dev/null
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/sib-engine/sib/internal/synth"
)

func main() {
	rows := flag.Int("rows", 1_000_000, "ledger lines")
	services := flag.Int("services", 10_000, "services")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if flag.NArg() != 1 || *rows < 1 || *services < 1 || *services > 99999 {
		fmt.Fprintln(os.Stderr, "usage: gencost [-rows N] [-services N] [-seed S] DIR")
		os.Exit(2)
	}
	dir := flag.Arg(0)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := synth.Costing(dir, *rows, *services, *seed); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
