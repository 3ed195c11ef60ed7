package sib

import (
	"math"
)

// outputs is outputsOf on the lanes, with the appraisal's
// CommissionerRawPV alone (SkipAppraisal): the sums over periods with the
// lanes inside, then each lane's returns.
func (bt *Batch) outputs() {
	m, s, B, P := bt.m, bt.m.s, bt.B, bt.m.periods
	A, K := len(m.agencies), len(s.Tranches)
	acc := bt.acc
	clear(acc)
	lane := func(i int) []float64 { return acc[i*B : (i+1)*B] }
	grossPV, cashPV, payPV, directPV := lane(0), lane(1), lane(2), lane(3)
	gross, cash, pays, unfunded, size := lane(4), lane(5), lane(6), lane(7), lane(8)
	g, c, overhead := lane(9), lane(10), lane(12)
	for l := range overhead {
		overhead[l] = 1 + bt.p[l].or(s.Settings.DirectOverhead, 0)
	}
	for t := range P {
		df, infl := bt.row(bt.df, t)[:B], bt.row(bt.infl, t)[:B]
		clear(g)
		clear(c)
		if t >= m.savingWindow[0] && t < m.savingWindow[1] {
			// Only the rows written (planSavings): adding a row of +0
			// changes no sum.
			for a := range A {
				switch m.wrote[a*P+t] {
				case 3:
					addPair(g, c, size, bt.row(bt.gross, a*P+t), bt.row(bt.cash, a*P+t))
				case 1:
					addGross(g, size, bt.row(bt.gross, a*P+t))
				}
			}
		}
		direct := bt.row(bt.directT, t)[:B] // the waterfall's sum
		pay, short, comm, sum := bt.row(bt.received, t)[:B], bt.row(bt.short, t)[:B], bt.row(bt.commT, t)[:B], bt.row(bt.ssumT, t)[:B]
		addMul(grossPV, g, df)
		addMul(cashPV, c, df)
		addMul(gross, g, infl)
		addMul(cash, c, infl)
		add(pays, pay)
		add(unfunded, short)
		periodPV(pay, infl, df, direct, overhead, c, comm, payPV, directPV, sum)
	}
	// Each tranche's flows, and all investors' (ssum).
	clear(bt.invT)
	for k := range K {
		d, r := bt.row(bt.trD, k)[:B], bt.row(bt.trR, k)[:B]
		clear(d)
		clear(r)
		for t := range P {
			i := k*P + t
			ret, prin, exc, dr := bt.row(bt.ret, i)[:B], bt.row(bt.prin, i)[:B], bt.row(bt.excess, i)[:B], bt.row(bt.draw, i)[:B]
			top := bt.row(bt.topup, i)[:B]
			// No commitment fee: none in the deals the kernel takes (Batchable).
			trancheFlows(ret, prin, exc, top, dr, d, r, bt.row(bt.trFlows, i), bt.row(bt.invT, t))
		}
	}
	if bt.SkipPayback {
		fill(bt.pbState, -2)
		fill(bt.pbInv, -2)
		fill(bt.pbTr, -2)
	} else {
		bt.lanesStatePayback(bt.ssumT, bt.pbState)
		bt.lanesPayback(bt.invT, bt.pbInv)
		for k := range K {
			bt.lanesPayback(bt.trFlows[k*P*B:(k+1)*P*B], bt.pbTr[k*B:(k+1)*B])
		}
	}
	use := bt.irrUse
	clear(use)
	for l := range B {
		if bt.odd[l] {
			continue
		}
		p := bt.p[l]
		o := &bt.out[l]
		tranches := o.Tranches
		*o = Outputs{Tranches: tranches}
		o.GrossPV, o.CashablePV, o.PaymentsPV, o.DirectPV = grossPV[l], cashPV[l], payPV[l], directPV[l]
		o.Gross, o.Cashable, o.Payments, o.Unfunded = gross[l], cash[l], pays[l], unfunded[l]
		o.Appraisal = Appraisal{Foreign: s.Settings.ForeignInvestors, CommissionerRawPV: bt.commPV[l]}
		o.NetPV = o.CashablePV - o.PaymentsPV - o.Appraisal.CommissionerRawPV
		o.NetGrossPV = o.GrossPV - o.PaymentsPV - o.Appraisal.CommissionerRawPV
		o.PremiumPV = o.PaymentsPV + o.Appraisal.CommissionerRawPV - o.DirectPV
		o.SavingsRatio = math.NaN()
		if o.PaymentsPV > 0 {
			o.SavingsRatio = o.CashablePV / o.PaymentsPV
		}
		o.StatePayback = bt.pbState[l]
		if bt.over[l] || !finite(o.GrossPV) || !finite(o.CashablePV) || !(size[l] <= maxMoney) {
			bt.over[l] = true
			continue
		}
		at := bt.hurdle(p)
		var drawn, received, committed float64
		for k := range K {
			d, r := bt.trD[k*B+l], bt.trR[k*B+l]
			drawn += d
			received += r
			rt := &o.Tranches[k]
			bt.laneReturns(l, bt.pbTr[k*B+l], d, r, at, rt)
			c := bt.committed[k*B+l]
			committed += c
			rt.Committed, rt.CommittedMultiple = c, committedMultiple(c, rt.Drawn, rt.Received)
			rt.CommittedIRR = IRR{Rate: math.NaN(), Status: Skipped, Other: math.NaN()}
		}
		bt.laneReturns(l, bt.pbInv[l], drawn, received, at, &o.Investors)
		o.Investors.Committed = committed
		o.Investors.CommittedMultiple = committedMultiple(committed, o.Investors.Drawn, o.Investors.Received)
		o.Investors.CommittedIRR = IRR{Rate: math.NaN(), Status: Skipped, Other: math.NaN()}
		use[l] = true
	}
	// The NPVs and IRRs, m.returns's, worked out for the lanes together.
	if bt.SkipNPV {
		for l := range B {
			if use[l] {
				o := &bt.out[l]
				o.Investors.NPV = math.NaN()
				for k := range o.Tranches {
					o.Tranches[k].NPV = math.NaN()
				}
			}
		}
	} else {
		for k := range K {
			npv := bt.lanesNPV(bt.trFlows[k*P*B : (k+1)*P*B])
			for l := range B {
				if use[l] {
					bt.out[l].Tranches[k].NPV = npv[l]
				}
			}
		}
		npv := bt.lanesNPV(bt.invT)
		for l := range B {
			if use[l] {
				bt.out[l].Investors.NPV = npv[l]
			}
		}
	}
	if !bt.SkipTrancheIRR {
		for k := range K {
			bt.irr.solve(m, bt.trFlows[k*P*B:(k+1)*P*B], use)
			for l := range B {
				if use[l] {
					bt.out[l].Tranches[k].IRR = bt.irr.res[l]
				}
			}
		}
	}
	if !bt.SkipInvestorsIRR {
		bt.irr.solve(m, bt.invT, use)
		for l := range B {
			if use[l] {
				bt.out[l].Investors.IRR = bt.irr.res[l]
			}
		}
	}
}

// fill sets every element of x to v.
func fill(x []int, v int) {
	for i := range x {
		x[i] = v
	}
}
