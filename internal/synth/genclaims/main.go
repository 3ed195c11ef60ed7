// Command genclaims writes a synthetic claims folder: the youth-engagement
// rate card of synth.Claims, participants and their outcome records. The
// bundled example is
//
//	go run ./internal/synth/genclaims -participants 3000 testdata/youth-employment-claims
//
// and a large one for measuring sib claims:
//
//	go run ./internal/synth/genclaims -participants 1000000 -records 10000000 /tmp/big-claims
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/sib-engine/sib/internal/synth"
)

func main() {
	n := flag.Int("participants", 3000, "participants")
	records := flag.Int("records", 0, "at least this many records (0: as the draws give)")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if flag.NArg() != 1 || *n < 1 || *records < 0 {
		fmt.Fprintln(os.Stderr, "usage: genclaims [-participants N] [-records N] [-seed S] DIR")
		os.Exit(2)
	}
	if err := synth.Claims(flag.Arg(0), *n, *records, *seed); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
