package sib

import "math"

// MIRR returns the modified internal rate of return per period of
// periodic flows, as Excel's and Calc's MIRR: the outflows (negative
// flows) discounted to time 0 at finance, the inflows compounded to the
// last flow's time n−1 at reinvest, and MIRR = (FV of inflows / −PV of
// outflows)^(1/(n−1)) − 1. flows[i] is at the end of period i, flows[0]
// at time 0, as NPV. It is NaN when there is no outflow or no inflow, or
// fewer than two flows.
func MIRR(flows []float64, finance, reinvest float64) float64 {
	n := len(flows)
	if n < 2 {
		return math.NaN()
	}
	neg := make([]float64, n)
	pos := make([]float64, n)
	var anyNeg, anyPos bool
	for i, f := range flows {
		switch {
		case f < 0:
			neg[i], anyNeg = f, true
		case f > 0:
			pos[i], anyPos = f, true
		}
	}
	if !anyNeg || !anyPos {
		return math.NaN()
	}
	pv := NPV(finance, neg)                                                // < 0, at time 0
	fv := NPV(reinvest, pos) * math.Exp(float64(n-1)*math.Log1p(reinvest)) // at time n−1
	return math.Expm1(math.Log(fv/-pv) / float64(n-1))
}
