package sib_test

import (
	"fmt"

	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// Load a scenario, run it in the ledger, and read the state's view and the
// investors' returns.
func ExampleModel_Run() {
	s, err := scenario.Load("../testdata/small/scenario")
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := sib.Compile(s)
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := m.Run(s.Values())
	if err != nil {
		fmt.Println(err)
		return
	}
	o := r.Outputs
	fmt.Printf("state: cashable %.2f, payments %.2f, net %.2f\n", o.CashablePV, o.PaymentsPV, o.NetPV)
	fmt.Printf("investors: drawn %.2f, received %.2f, IRR %.4f\n", o.Investors.Drawn, o.Investors.Received, o.Investors.IRR.Rate)
	for _, c := range r.Cash {
		fmt.Println(c.Period, c.Payments, c.Drawn, c.Costs, c.Distributed)
	}
	// Output:
	// state: cashable 120000.00, payments 80000.00, net 40000.00
	// investors: drawn 60000.00, received 80000.00, IRR 0.3333
	// 1 0 30000 30000 0
	// 2 40000 30000 30000 40000
	// 3 40000 0 0 40000
	// 4 0 0 0 0
}

// Evaluate the same scenario on the float path, as a sensitivity analysis
// does: change a parameter by name and evaluate again, without allocating.
func ExampleModel_Evaluate() {
	s, err := scenario.Load("../testdata/small/scenario")
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := sib.Compile(s)
	if err != nil {
		fmt.Println(err)
		return
	}
	w := m.NewWork()
	p := s.Values()
	effect, _ := s.Param("outcome.m.effect")
	for _, e := range []float64{0, 0.25, 0.5} {
		p[effect.Index()] = e
		o, _ := m.Evaluate(p, w)
		fmt.Printf("effect %.2f: payments %.0f, state net %.0f, investors' multiple %.3f\n", e, o.Payments, o.NetPV, o.Investors.Multiple)
	}
	// Output:
	// effect 0.00: payments 0, state net 0, investors' multiple 0.000
	// effect 0.25: payments 40000, state net 20000, investors' multiple 0.667
	// effect 0.50: payments 80000, state net 40000, investors' multiple 1.333
}
