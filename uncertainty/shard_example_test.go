package uncertainty_test

import (
	"context"
	"fmt"

	"github.com/sib-engine/sib/uncertainty"
)

// A run of 10,000 draws in three shards (whole blocks of 4,096 draws),
// merged in any order: the same figures as the run in one piece, to the
// last bit.
func ExampleMerge() {
	s, m, sp := estonia()
	outs, _ := uncertainty.ParseOutputs(s, "investors.irr")
	opt := uncertainty.SimOptions{Draws: 10000, Seed: 1, Noise: true}
	whole, _ := uncertainty.Simulate(context.Background(), m, s.Values(), sp, outs, opt)

	var parts []*uncertainty.Part
	for _, r := range [][2]int{{8192, 1808}, {0, 4096}, {4096, 4096}} {
		o := opt
		o.First, o.Draws = r[0], r[1]
		shard, _ := uncertainty.Simulate(context.Background(), m, s.Values(), sp, outs, o)
		parts = append(parts, shard.Part()) // what a shard file keeps
	}
	merged, _ := uncertainty.Merge(parts)
	a, b := whole.Summaries[0], merged.Summaries[0]
	fmt.Println("draws:", merged.Draws)
	fmt.Printf("mean IRR %.4f%%, sd %.4f%%, p50 %.4f%%\n", 100*b.Mean, 100*b.SD, 100*b.P50)
	fmt.Println("same as one run:", a.Mean == b.Mean && a.SD == b.SD && a.P5 == b.P5 && a.P95 == b.P95 && whole.Chances[0] == merged.Chances[0])
	fmt.Println("tests:", len(merged.Tests), "same P(pass):", whole.Tests[0].P == merged.Tests[0].P)
	// Output:
	// draws: 10000
	// mean IRR 13.3249%, sd 20.8405%, p50 21.2524%
	// same as one run: true
	// tests: 13 same P(pass): true
}
