package uncertainty_test

import (
	"context"
	"fmt"
	"log"

	"github.com/sib-engine/sib/uncertainty"
)

// A Monte Carlo that keeps the state's appraisal (SimOptions.Appraise)
// gives the public sector comparator, each payer's budget exposure a
// fiscal year and the value of information.
func ExampleComparator() {
	s, m, sp := estonia()
	outs, _ := uncertainty.ParseOutputs(s, "state.net_gross")
	sim, err := uncertainty.Simulate(context.Background(), m, s.Values(), sp, outs, uncertainty.SimOptions{Draws: 2000, Seed: 1, Appraise: true})
	if err != nil {
		log.Fatal(err)
	}
	c, _ := uncertainty.Comparator(sim)
	fmt.Printf("premium %.0f (se %.0f), bond cheaper in %.1f%% of draws, p* %.3f\n", c.Premium.Mean, c.Premium.SE, 100*c.Cheaper.P, c.Breakeven)
	ex, _ := uncertainty.Exposures(sim)
	for _, x := range ex {
		fmt.Printf("%s %s: mean %.0f, p95 %.0f\n", x.Payer, x.Label, x.Mean, x.P95)
	}
	v, _ := uncertainty.EVPI(sim, uncertainty.EVPIOptions{})
	fmt.Printf("chosen %s; EVPI %.0f (se %.0f)\n", v.Decisions[v.Chosen].Name, v.EVPI, v.SE)
	// Output:
	// premium 170595 (se 6920), bond cheaper in 29.9% of draws, p* 0.612
	// education 2027: mean 47016, p95 110696
	// education 2028: mean 52381, p95 123278
	// ministry_of_justice 2029: mean 268382, p95 596540
	// ministry_of_justice 2030: mean 296724, p95 643862
	// chosen direct; EVPI 265931 (se 11804)
}
