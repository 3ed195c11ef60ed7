package uncertainty_test

import (
	"fmt"
	"log"

	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/uncertainty"
)

// A cohort of 20 against a contractual 25% drop-out rate, a true fall of
// 5 points and a threshold of 5 points: it passes when at most 4 of the
// 20 drop out, P(X ≤ 4) for X ~ Bin(20, 0.20).
func ExamplePassChance() {
	d := scenario.Design{Sampling: scenario.Binomial, Baseline: 0.25, Fixed: true}
	p := uncertainty.PassChance(&d, 0.25, []uncertainty.Group{{N: 20, Effect: 0.05}}, func(e float64) bool { return e >= 0.05 })
	fmt.Printf("%.4f\n", p)
	// Output: 0.6296
}

// The exact chance that each of the Estonian deal's reconviction tests
// passes at the base inputs, and its operating characteristic at three
// true effects for the first cohort. The reconvictions are overdispersed
// (the study's dispersion 1.54): their counts are negative binomial.
func ExampleExactTests() {
	s, m, _ := estonia()
	tests, err := uncertainty.ExactTests(m, s.Values(), 3)
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range tests[:2] {
		fmt.Printf("%s %s %s, dispersion %.4f: se %.4f, P(pass) %.4f\n", t.Term, t.Cohort, t.Sampling, t.Dispersion, t.SE, t.P)
	}
	for _, pt := range tests[1].OC {
		fmt.Printf("  at %.2f: %.4f (earned %v)\n", pt.Effect, pt.P, pt.Earned)
	}
	// Output:
	// reconviction_rate pooled poisson, dispersion 1.5436: se 0.0795, P(pass) 0.8087
	// reconviction_rate c1 poisson, dispersion 1.5436: se 0.1672, P(pass) 0.6593
	//   at -0.10: 0.2015 (earned false)
	//   at 0.00: 0.3896 (earned false)
	//   at 0.10: 0.6191 (earned true)
}
