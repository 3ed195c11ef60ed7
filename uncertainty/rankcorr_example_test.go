package uncertainty_test

import (
	"context"
	"fmt"
	"log"

	"github.com/sib-engine/sib/uncertainty"
)

// A correlation tornado of the Estonian deal's gross net saving: keep
// the draws' parameters with DrawColumns, then rank-correlate them with
// the output.
func ExampleRankCorrelate() {
	s, m, sp := estonia()
	outs, err := uncertainty.ParseOutputs(s, "state.net_gross")
	if err != nil {
		log.Fatal(err)
	}
	const draws = 2000
	cols := uncertainty.NewDrawColumns(sp, draws)
	sim, err := uncertainty.Simulate(context.Background(), m, s.Values(), sp, outs,
		uncertainty.SimOptions{Draws: draws, Seed: 1, Each: cols.Each})
	if err != nil {
		log.Fatal(err)
	}
	rt, err := uncertainty.RankCorrelate(outs[0], cols.Names, cols.Values, sim.Values[0])
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range rt.Rows[:2] {
		fmt.Printf("%s rho %.2f [%.2f, %.2f] prcc %.2f\n", r.Param, r.Rho, r.Lo, r.Hi, r.Partial)
	}
	// Output:
	// outcome.custody_days.effect rho 0.99 [0.99, 0.99] prcc 0.99
	// outcome.reconvictions.effect rho 0.66 [0.63, 0.68] prcc 0.66
}
