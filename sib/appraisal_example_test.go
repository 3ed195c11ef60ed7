package sib_test

import (
	"fmt"

	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// The appraisal of a two-period toy deal (testdata/appraisal-toy): values
// beyond the budgets, the commissioner's costs and the Green Book BCR,
// after the optimism bias of the confidence grades.
func ExampleAppraisal() {
	s, err := scenario.Load("testdata/appraisal-toy")
	if err != nil {
		panic(err)
	}
	m, err := sib.Compile(s)
	if err != nil {
		panic(err)
	}
	o, err := m.Evaluate(s.Values(), m.NewWork())
	if err != nil {
		panic(err)
	}
	a := o.Appraisal
	fmt.Printf("economic PV %.2f (before bias %.2f)\n", a.EconomicPV, a.EconomicRawPV)
	fmt.Printf("social PV %.2f (before bias %.2f)\n", a.SocialPV, a.SocialRawPV)
	fmt.Printf("commissioner's costs PV %.2f (before bias %.2f)\n", a.CommissionerPV, a.CommissionerRawPV)
	fmt.Printf("net public cost %.2f, NPSV %.2f, BCR %.4f\n", a.NetPublicCostPV, a.NPSV, a.BCR)
	fmt.Println(m.Discounting(s.Values()))
	// Output:
	// economic PV 13884.30 (before bias 17355.37)
	// social PV 24731.40 (before bias 26033.06)
	// commissioner's costs PV 11632.23 (before bias 10330.58)
	// net public cost 48078.51, NPSV 131115.70, BCR 3.7271
	// PV date 2026-01-01 (the start); end_of_period: period t's flows by t years, from its end (period 1's by one year); discount_rate: 10% a year
}
