package sib_test

import (
	"fmt"
	"math"
	"time"

	"github.com/sib-engine/sib/sib"
)

func ExampleSolveIRR() {
	// 1000 invested, 150 a year back for ten years.
	flows := []float64{-1000, 150, 150, 150, 150, 150, 150, 150, 150, 150, 150}
	irr := sib.SolveIRR(flows)
	npv := sib.NPV(irr.Rate, flows)
	fmt.Printf("IRR %.4f%% a year; NPV there within 1e-12: %t\n", 100*irr.Rate, math.Abs(npv) < 1e-12)

	// Flows that change sign twice have two IRRs here: 10% and 20%.
	irr = sib.SolveIRR([]float64{-100, 230, -132})
	fmt.Printf("IRR %.1f%%: %s\n", 100*irr.Rate, irr.Warning())

	// Money that never comes back has no IRR but a total loss.
	for _, flows := range [][]float64{{100, 50}, {-100, 0}, {-1, 2, -2}} {
		irr := sib.SolveIRR(flows)
		fmt.Printf("%v: exists %t: %s\n", flows, irr.Exists(), irr.Reason())
	}
	// Output:
	// IRR 8.1442% a year; NPV there within 1e-12: true
	// IRR 10.0%: several IRRs: 10.0% and 20.0%; the flows change sign more than once
	// [100 50]: exists false: no IRR: nothing was invested (no outflow)
	// [-100 0]: exists true: total loss: nothing comes back, the IRR is −100%
	// [-1 2 -2]: exists false: no IRR: the net present value has no root above −100%
}

// The example of Microsoft's documentation of XIRR and XNPV. Microsoft
// prints 0.373362535, Excel's Newton iterate; the root is 0.3733625335188.
func ExampleSolveXIRR() {
	flows := []float64{-10000, 2750, 4250, 3250, 2750}
	var dates []time.Time
	for _, d := range []string{"2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15", "2009-04-01"} {
		t, _ := time.Parse(time.DateOnly, d)
		dates = append(dates, t)
	}
	years := sib.YearFractions(dates, nil)
	irr := sib.SolveXIRR(flows, years)
	fmt.Printf("XIRR %.9f\n", irr.Rate)
	fmt.Printf("XNPV at 9%% %.2f\n", sib.XNPV(0.09, flows, years))
	fmt.Printf("multiple %.3f, paid back at flow %d\n", sib.Multiple(flows), sib.Payback(flows))
	// Output:
	// XIRR 0.373362534
	// XNPV at 9% 2086.65
	// multiple 1.300, paid back at flow 3
}
