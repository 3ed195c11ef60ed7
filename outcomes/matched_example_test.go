package outcomes_test

import (
	"context"
	"fmt"

	"github.com/sib-engine/sib/outcomes"
)

// A folder with a matched comparison: weights.csv holds R MatchIt's (or
// sib match's) weights and matched sets; the metrics of method comparison
// between the matched groups give the effect on the treated, with
// standard errors by matched set. R gives the same intervals:
// coefci(fit, vcov. = vcovCL(fit, cluster = ~subclass)) for
// fit = lm(earnings ~ treat, weights = weight) on each cohort's rows.
func ExampleStudy_ReadWeights() {
	s, err := outcomes.Load("testdata/matched", outcomes.LoadOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := outcomes.Estimate(context.Background(), s, outcomes.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	m := s.Matching()
	fmt.Printf("%s matched to %s, %d units\n", m.Treatment, m.Pool, len(m.Units))
	for _, e := range res.Effects {
		if e.Metric == "earnings" {
			fmt.Printf("%-6s ATT %6.1f [%7.1f, %6.1f] treated %d of %d, %d sets\n", e.Cohort, e.Effect, e.Low, e.High, e.NTreatment, e.TreatedAll, e.Clusters)
		}
	}
	fmt.Println(res.Effects[0].SEMethod)
	// Output:
	// treatment matched to comparison, 12 units
	// a      ATT 1500.0 [  603.9, 2396.1] treated 3 of 4, 3 sets
	// b      ATT  900.0 [-3644.5, 5444.5] treated 3 of 3, 3 sets
	// pooled ATT 1200.0 [ -390.7, 2790.7] treated 6 of 7, 6 sets
	// cluster-robust by matched set (vcovCL HC1)
}
