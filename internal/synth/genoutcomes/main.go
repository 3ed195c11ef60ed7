// Command genoutcomes writes a synthetic outcomes folder, for measuring
// sib outcomes on large participant files:
//
//	go run ./internal/synth/genoutcomes -rows 10000000 /tmp/big-outcomes
//	/usr/bin/time -v sib outcomes --format csv /tmp/big-outcomes > /dev/null
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/sib-engine/sib/internal/synth"
)

func main() {
	rows := flag.Int("rows", 1_000_000, "participant records")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if flag.NArg() != 1 || *rows < 1 {
		fmt.Fprintln(os.Stderr, "usage: genoutcomes [-rows N] [-seed S] DIR")
		os.Exit(2)
	}
	if err := synth.Outcomes(flag.Arg(0), *rows, *seed); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
