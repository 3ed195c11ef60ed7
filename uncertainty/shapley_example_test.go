package uncertainty_test

import (
	"context"
	"fmt"
	"log"

	"github.com/sib-engine/sib/uncertainty"
)

// Shapley effects of the state's net saving in the Estonian deal, whose
// reconviction and custody effects are correlated 0.6: a small design
// (the CLI's defaults are 25 times larger), so the standard errors are
// wide.
func ExampleShapley() {
	s, m, sp := estonia()
	out, _ := uncertainty.ParseOutput(s, "state.net_gross")
	res, err := uncertainty.Shapley(context.Background(), m, s.Values(), sp, out, uncertainty.ShapleyOptions{
		Perms: 200, Nv: 2000, No: 1, Ni: 3, Seed: 1,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d evaluations; the effects share Var(Y) = %.4g\n", res.Evaluations, res.Variance)
	var sum float64
	for i, e := range res.Effects {
		sum += e.Shapley
		if e.Shapley > 0.05 {
			fmt.Printf("%-28s %.2f ± %.2f\n", res.Params[i], e.Shapley, e.ShapleySE)
		}
	}
	fmt.Printf("sum %.3f\n", sum)
	// Output:
	// 10400 evaluations; the effects share Var(Y) = 8.961e+11
	// outcome.reconvictions.effect 0.32 ± 0.07
	// outcome.custody_days.effect  0.70 ± 0.06
	// cohort.c4.take_up            0.07 ± 0.06
	// avoid.reconvictions.probation_month.units 0.06 ± 0.06
	// sum 1.000
}
