package sib

import "math"

// laneReturns is m.returns for a lane of a batch, without the IRR and
// the NPV, which are worked out for the lanes together (irrBlock,
// lanesNPV). It keeps the lane's hurdle factors for lanesNPV.
func (bt *Batch) laneReturns(l int, flows []float64, out, in float64, at [2]float64, r *Returns) {
	r.Drawn, r.Received = out, in
	r.Multiple = math.NaN()
	if out > 0 {
		r.Multiple = in / out
	}
	r.IRR = IRR{Rate: math.NaN(), Status: Skipped, Other: math.NaN()}
	r.Dated = false
	r.NPV = 0
	r.Payback = payback(flows)
	bt.npvAt[l], bt.npvStep[l] = at[0], at[1]
}

// lanesNPV is m.returns's NPV at the hurdle for every lane of the flows
// in rows of x ([period·B + lane]), into bt.npv: the same products and
// sums per lane, in the same order, with the lanes inside.
func (bt *Batch) lanesNPV(x []float64) []float64 {
	B := bt.B
	npv, v, step := bt.npv[:B], bt.npvV[:B], bt.npvStep[:B]
	copy(v, bt.npvAt)
	clear(npv)
	for t := range bt.m.periods {
		row := x[t*B : (t+1)*B]
		for l := range npv {
			npv[l] += row[l] * v[l]
			v[l] *= step[l]
		}
	}
	return npv
}
