package sib_test

import (
	"fmt"
	"slices"

	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// Evaluate a block of parameter vectors in one pass with the batched
// kernel, as a Monte Carlo does: each lane's outputs are Evaluate's for
// its vector.
func ExampleModel_EvaluateBatch() {
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
	if ok, why := m.Batchable(); !ok {
		fmt.Println("evaluated lane by lane:", why)
	}
	effect, _ := s.Param("outcome.m.effect")
	var block [][]float64
	for _, e := range []float64{0, 0.25, 0.5} {
		p := slices.Clone(s.Values())
		p[effect.Index()] = e
		block = append(block, p)
	}
	bt := m.NewBatch(64)
	bt.SkipAppraisal = true // the kernel leaves the appraisal out (but its CommissionerRawPV)
	outs, err := m.EvaluateBatch(block, bt)
	if err != nil {
		fmt.Println(err)
		return
	}
	for l, o := range outs {
		fmt.Printf("lane %d: payments %.2f, state net %.2f, investors' multiple %.4f\n", l, o.PaymentsPV, o.NetPV, o.Investors.Multiple)
	}
	// Output:
	// lane 0: payments 0.00, state net 0.00, investors' multiple 0.0000
	// lane 1: payments 40000.00, state net 20000.00, investors' multiple 0.6667
	// lane 2: payments 80000.00, state net 40000.00, investors' multiple 1.3333
}
