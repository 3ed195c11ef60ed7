package sib

import (
	"math"
	"testing"
)

// TestIRRChoiceAnnual: when the flows have several IRRs, a Model's
// Returns show the one closest to 0 a year, the rate shown, not the one
// closest to 0 a period (issue 12, defect 12: 80.0% was shown where −63.2%
// is nearer 0).
//
// The flows −100, 197, −96.6 a month have NPV·(1+r)² = −100x² + 197x −
// 96.6 in x = 1+r, which is −100(x − 1.05)(x − 0.92): the IRRs are 5% and
// −8% a month. A year they are 1.05¹² − 1 = 0.7958563 (79.6%) and
// 0.92¹² − 1 = −0.6323336 (−63.2%) (by hand: 0.92⁴ = 0.71639296,
// 0.92⁸ = 0.51321887, 0.92¹² = 0.36766638). Per period 5%
// is nearer 0; a year −63.2% is.
func TestIRRChoiceAnnual(t *testing.T) {
	flows := []float64{-100, 197, -96.6}
	const tol = 1e-7
	near := func(got, want float64) bool { return math.Abs(got-want) <= tol }

	// Per period, SolveIRR's choice is unchanged.
	if r := SolveIRR(flows); r.Roots != 2 || !near(r.Rate, 0.05) || !near(r.Other, -0.08) {
		t.Errorf("SolveIRR = %+v, want 0.05 then −0.08", r)
	}
	for _, c := range []struct {
		ppy         int
		rate, other float64
	}{
		{12, -0.6323336, 0.7958563},  // monthly: the choice turns
		{4, 0.21550625, -0.28360704}, // quarterly: 1.05⁴ − 1 is still nearer 0 than 0.92⁴ − 1
		{1, 0.05, -0.08},             // yearly: as per period
	} {
		m := &Model{ppy: c.ppy}
		var r Returns
		m.returns(flows, 196.6, 197, [2]float64{1, 1}, false, true, &r)
		if r.IRR.Status != OK || r.IRR.Roots != 2 || !near(r.IRR.Rate, c.rate) || !near(r.IRR.Other, c.other) {
			t.Errorf("%d periods a year: IRR %+v, want Rate %.7f and Other %.7f", c.ppy, r.IRR, c.rate, c.other)
		}
	}
}
