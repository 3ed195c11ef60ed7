package sib

import "math"

// laneReturns is m.returns for a lane of a batch, without the IRR, the
// NPV and the payback (pb), which are worked out for the lanes together
// (irrBlock, lanesNPV, lanesPayback). It keeps the lane's hurdle factors for lanesNPV.
func (bt *Batch) laneReturns(l int, pb int, out, in float64, at [2]float64, r *Returns) {
	r.Drawn, r.Received = out, in
	r.Multiple = math.NaN()
	if out > 0 {
		r.Multiple = in / out
	}
	r.IRR = IRR{Rate: math.NaN(), Status: Skipped, Other: math.NaN()}
	r.Dated = false
	r.NPV = 0
	r.Payback = pb
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
		addMul(npv, x[t*B:(t+1)*B], v)
		for l := range v {
			v[l] *= step[l]
		}
	}
	return npv
}

// lanesPayback is payback for every lane of the flows in rows of x
// ([period·B + lane]), into pb: the same running sums, in the same
// order, with the lanes inside.
func (bt *Batch) lanesPayback(x []float64, pb []int) {
	const tol = 0.005 // payback's
	B, P := bt.B, bt.m.periods
	cum, first, last := bt.npv[:B], bt.pbFirst[:B], pb[:B]
	clear(cum)
	for l := range last {
		first[l], last[l] = -1, -1
	}
	for t := range P {
		row := x[t*B : (t+1)*B][:B]
		for l, f := range row {
			cum[l] += f
			if f < 0 && first[l] < 0 {
				first[l] = t
			}
			if cum[l] < -tol {
				last[l] = t
			}
		}
	}
	for l, at := range last {
		switch {
		case first[l] < 0, at == P-1:
			last[l] = -1 // no outflow, or behind at the end
		case at < 0:
			last[l] = first[l] + 1 // never behind
		default:
			last[l] = at + 2
		}
	}
}

// lanesStatePayback is statePayback for every lane of the state's net
// flows in rows of x, into pb.
func (bt *Batch) lanesStatePayback(x []float64, pb []int) {
	B, P := bt.B, bt.m.periods
	cum, last := bt.npv[:B], pb[:B]
	clear(cum)
	clear(last)
	for t := range P {
		row := x[t*B : (t+1)*B][:B]
		for l, f := range row {
			cum[l] += f
			if cum[l] < -1e-9 { // statePayback's
				last[l] = t + 1
			}
		}
	}
	for l, at := range last {
		switch at {
		case 0:
		case P:
			last[l] = -1
		default:
			last[l] = at + 1
		}
	}
}
