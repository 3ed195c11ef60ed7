package matching_test

import (
	"context"
	"fmt"

	"github.com/sib-engine/sib/outcomes/matching"
)

// exampleData is twelve young people: six in the programme (treated),
// six from the pool, with their age and their offence.
func exampleData() *matching.Data {
	return &matching.Data{
		IDs:     []string{"t1", "t2", "t3", "t4", "t5", "t6", "p1", "p2", "p3", "p4", "p5", "p6"},
		Treated: []bool{true, true, true, true, true, true, false, false, false, false, false, false},
		Cohort:  make([]string, 12),
		Columns: []matching.Column{
			{Name: "age", Values: []float64{15, 16, 16, 17, 14, 15, 17, 16, 17, 15, 17, 14}},
			{Name: "offence", Categorical: true, Levels: []string{"theft", "violence"},
				Codes: []int32{0, 0, 1, 0, 0, 1, 1, 0, 1, 1, 0, 0}},
		},
	}
}

// A propensity model: the model matrix as R's model.matrix builds it,
// then the logistic regression as R's glm(treat ~ age + offence,
// binomial) fits it (R 4.2 prints the same coefficients, standard
// errors, deviance, iterations and scores).
func ExampleFitLogit() {
	d := exampleData()
	x, err := matching.NewDesign(d, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fit, err := matching.FitLogit(context.Background(), x, d.Treated, matching.FitOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for j, name := range fit.Names {
		fmt.Printf("%-16s %8.4f %7.4f\n", name, fit.Coef[j], fit.SE[j])
	}
	fmt.Printf("deviance %.4f after %d iterations\n", fit.Deviance, fit.Iter)
	fmt.Printf("t1's score %.4f, logit %.4f\n", fit.Score[0], fit.Logit[0])
	// Output:
	// (Intercept)        6.4700  8.9541
	// age               -0.3959  0.5696
	// offenceviolence   -0.5529  1.2236
	// deviance 15.7885 after 4 iterations
	// t1's score 0.6297, logit 0.5308
}

// The balance table before and after matching: here p1..p6 are weighted
// as a matching might weight them (p2 serves two treated rows, p6 none).
// MatchIt 4.5.1's bal1var gives the same SMDs (-0.4767 and -0.7946 for
// age); cobalt reports a binary row's raw difference (4/6 - 3/6).
func ExampleNewBalance() {
	d := exampleData()
	x, err := matching.NewDesign(d, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	weights := []float64{1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 0}
	b := matching.NewBalance(d, x, nil, d.Treated, weights)
	for i, r := range b.Before {
		a := b.After[i]
		fmt.Printf("%-16s SMD %6.3f -> %6.3f  cobalt %6.3f -> %6.3f\n", r.Name, r.SMD, a.SMD, r.SMDCobalt, a.SMDCobalt)
	}
	fmt.Printf("matched controls (ESS) %.2f of %.0f\n", b.Matched[1], b.All[1])
	fmt.Println(b.Warnings)
	// Output:
	// age              SMD -0.477 -> -0.795  cobalt -0.477 -> -0.795
	// offencetheft     SMD  0.354 ->  0.354  cobalt  0.167 ->  0.167
	// offenceviolence  SMD -0.354 -> -0.354  cobalt -0.167 -> -0.167
	// matched controls (ESS) 4.50 of 6
	// [after matching, |standardised mean difference| above 0.1: age (-0.79), offencetheft (0.35), offenceviolence (-0.35)]
}
