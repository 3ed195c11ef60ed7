package matching_test

import (
	"context"
	"fmt"

	"github.com/sib-engine/sib/outcomes/matching"
)

// Three treated participants and five candidates from the pool, matched
// 1:2 on the linear logit of the propensity score without replacement,
// with a caliper of 0.5 standard deviations. The treated unit with the
// largest score picks first.
func ExampleNearest() {
	ids := []string{"T1", "T2", "T3", "P1", "P2", "P3", "P4", "P5"}
	logit := []float64{0.8, -0.2, 2.9, 0.7, 1.0, -0.3, -0.1, -2.0}
	treated := []bool{true, true, true, false, false, false, false, false}
	m, err := matching.Nearest(context.Background(), logit, treated, nil,
		matching.Options{K: 2, Caliper: 0.5})
	if err != nil {
		fmt.Println(err)
		return
	}
	for t, row := range m.Treated {
		fmt.Print(ids[row], ":")
		for _, c := range m.Controls[t] {
			fmt.Print(" ", ids[c])
		}
		fmt.Println()
	}
	for i, w := range m.Weights {
		if w > 0 {
			fmt.Printf("%s weight %.2f subclass %d\n", ids[i], w, m.Subclass[i])
		}
	}
	fmt.Println(m.Warnings)
	// Output:
	// T3:
	// T1: P1 P2
	// T2: P3 P4
	// T1 weight 1.00 subclass 1
	// T2 weight 1.00 subclass 2
	// P1 weight 1.00 subclass 1
	// P2 weight 1.00 subclass 1
	// P3 weight 1.00 subclass 2
	// P4 weight 1.00 subclass 2
	// [1 of 3 treated units have no control within the caliper and are dropped]
}
