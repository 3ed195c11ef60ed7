package sib

import (
	"github.com/sib-engine/sib/costing"
	"github.com/sib-engine/sib/scenario"
)

// project is Model.project on the lanes: the calendar, participants,
// outcomes, units avoided and savings, and the commissioner's costs.
func (bt *Batch) project(L int) {
	m, s, B := bt.m, bt.m.s, bt.B
	P, C := m.periods, len(s.Cohorts)
	// The price index, period by period with the lanes inside: the
	// period's case is the same for every lane.
	g := bt.scr[:B]
	for l := range g {
		g[l] = 1 + bt.p[l].or(s.Settings.Inflation, 0)
	}
	for t := range P {
		row := bt.row(bt.infl, t)[:B]
		switch {
		case t > 0 && m.priceYear[t] == m.priceYear[t-1]:
			copy(row, bt.row(bt.infl, t-1))
		case t > 0 && m.priceYear[t] == m.priceYear[t-1]+1:
			prev := bt.row(bt.infl, t-1)[:B]
			for l := range row {
				row[l] = prev[l] * g[l]
			}
		default:
			y := m.priceYear[t]
			for l := range row {
				row[l] = powInt(g[l], y)
			}
		}
	}
	// The discount factors: a row each when every lane has the same
	// rates (a Monte Carlo that does not vary them), else lane by lane.
	if bt.sameRates() {
		df := bt.discount(bt.p[0])
		for t := range P {
			row := bt.row(bt.df, t)[:B]
			for l := range row {
				row[l] = df[t]
			}
		}
	} else {
		for l := range B {
			df := bt.discount(bt.p[l])
			for t := range P {
				bt.df[t*B+l] = df[t]
			}
		}
	}
	for l := range B {
		p := bt.p[l]
		for c := range C {
			bt.n[c*B+l] = m.entered(p, c)
		}
	}
	truth := bt.outc
	if bt.measOn {
		bt.measureLanes(L)
		truth = bt.outcT
	}
	// A service's units rows in its window are started by the first
	// line and cohort that write them (planUnits); the others in the
	// window (between cohorts' windows) are cleared: savings reads them.
	for _, g := range bt.unitGaps {
		clear(bt.units[g[0]*B : g[1]*B])
	}
	clear(bt.msav0)
	clear(bt.msav1)
	// An agency's savings rows need none: savings starts each row with
	// the first line that writes it (planSavings), and outputs reads
	// only the rows written.
	e, d := bt.scr, bt.scr2
	for mi := range s.Metrics {
		mt := &s.Metrics[mi]
		for l := range B {
			d[l] = bt.p[l].or(mt.Decay, 0)
		}
		for c := range C {
			n := bt.row(bt.n, c)
			for l := range B {
				e[l] = bt.contract(l, mi, c) * n[l]
			}
			bt.outcomeRow(bt.outc, mt, d, e, s.Cohorts[c].Period, (mi*C+c)*P)
			if bt.measOn {
				for l := range B {
					e[l] = m.effect(bt.p[l], mi, c) * n[l]
				}
				bt.outcomeRow(bt.outcT, mt, d, e, s.Cohorts[c].Period, (mi*C+c)*P)
			}
		}
		for ai, a := range m.avoids[mi] {
			uk := bt.scr
			for l := range B {
				p := bt.p[l]
				uk[l] = p[a.Units] * m.additionality(p, mi)
			}
			if m.measured[mi] {
				bt.measuredSaving(mi, a)
			}
			for c := range C {
				at, su := (mi*C+c)*P, a.Service*P
				for _, rn := range bt.unitRuns[mi][ai][c] {
					grossRows(bt.units[(su+rn.r0)*B:(su+rn.r1)*B], truth[(at+rn.r0)*B:(at+rn.r1)*B], uk[:B], rn.keepG)
				}
			}
		}
	}
	bt.commissioner()
	bt.savings()
}

// measuredSaving adds avoided row a's saving measured on metric mi's
// outcomes, at the agreed unit costs, nominal (project's msav), which
// savings-based terms pay a share of.
func (bt *Batch) measuredSaving(mi int, a scenario.Avoid) {
	m, s, B, P := bt.m, bt.m.s, bt.B, bt.m.periods
	C := len(s.Cohorts)
	r0, r1 := bt.rate0[:B], bt.rate1[:B]
	for l := range r0 {
		p := bt.p[l]
		u := p[a.Units]
		r0[l], r1[l] = p[s.Services[a.Service].UnitCost]*u, m.cashRate(p, a.Service)*u
	}
	for c := range C {
		w, at, ms := m.window[mi][c], (mi*C+c)*P, (m.msavAt[mi]*C+c)*P
		for t := w[0]; t < w[1]; t++ {
			o, inf := bt.row(bt.outc, at+t)[:B], bt.row(bt.infl, t)[:B]
			m0, m1 := bt.row(bt.msav0, ms+t)[:B], bt.row(bt.msav1, ms+t)[:B]
			for l, x := range o {
				if x != 0 {
					m0[l] += x * r0[l] * inf[l]
					m1[l] += x * r1[l] * inf[l]
				}
			}
		}
	}
}

// outcomeRow is Model.outcomeRow on the lanes: e outcomes a year (effect
// × participants), decayed by d a year, from period entry, into the rows
// of outc (the measured outcomes, or the true ones outcT) from at.
func (bt *Batch) outcomeRow(outc []float64, mt *scenario.Metric, d, e []float64, entry, at int) {
	m, B, P := bt.m, bt.B, bt.m.periods
	if mt.Per == scenario.Once {
		t := entry + mt.To - 1
		if t < P {
			o := bt.row(outc, at+t)
			for l := range B {
				o[l] = e[l] * powInt(1-d[l], (mt.To-1)/m.ppy)
			}
		}
		return
	}
	ppy := float64(m.ppy)
	year := 0
	k0 := (mt.From - 1) / m.ppy
	var fr [64]float64
	for l0 := 0; l0 < B; l0 += len(fr) {
		L := min(len(fr), B-l0)
		for l := range L {
			fr[l] = e[l0+l] / ppy
			if k0 > 0 {
				fr[l] *= powInt(1-d[l0+l], k0)
			}
		}
		year = max(k0, 0)
		next := (year + 1) * m.ppy
		for k := mt.From - 1; k < mt.To && entry+k < P; k++ {
			step := k >= next
			if step {
				next += m.ppy
			}
			if step {
				for l := range L {
					fr[l] *= 1 - d[l0+l]
				}
			}
			copy(bt.row(outc, at+entry+k)[l0:l0+L], fr[:L])
		}
	}
}

// commissioner fills the commissioner's costs by period (commT) and
// their present value before adjustment (commPV), as commissionerCosts
// and commissionerPV sum them.
func (bt *Batch) commissioner() {
	m, s, B := bt.m, bt.m.s, bt.B
	clear(bt.commT)
	clear(bt.commPV)
	if len(s.CommissionerCosts) == 0 {
		return
	}
	last := m.end + 1
	pv, amt := bt.scr[:B], bt.scr2[:B]
	for i := range s.CommissionerCosts {
		c := &s.CommissionerCosts[i]
		clear(pv)
		for l := range amt {
			amt[l] = bt.p[l][c.Amount]
		}
		switch c.Basis {
		case scenario.PerPeriod, scenario.Upfront:
			for t := max(c.From-1, 0); t < min(c.To, last); t++ {
				add(bt.row(bt.commT, t), amt)
				addMul(pv, amt, bt.row(bt.df, t))
			}
		default:
			to := c.To
			if c.Basis == scenario.PerParticipant {
				to = c.From
			}
			v := bt.uc[:B] // the cohort's amount, the same each period
			for ci, ch := range s.Cohorts {
				n := bt.row(bt.n, ci)[:B]
				for l, a := range amt {
					v[l] = a * n[l]
				}
				for t := max(ch.Period+c.From-1, 0); t < min(ch.Period+to, last); t++ {
					add(bt.row(bt.commT, t), v)
					addMul(pv, v, bt.row(bt.df, t))
				}
			}
		}
		cp := bt.commPV[:B]
		for l, x := range pv {
			cp[l] += x
		}
	}
}

// sameRates reports whether every lane has lane 0's discount rates.
func (bt *Batch) sameRates() bool {
	p0 := bt.p[0]
	for _, b := range bt.m.s.Discount {
		r := p0[b.Rate]
		for l := 1; l < bt.B; l++ {
			if bt.p[l][b.Rate] != r {
				return false
			}
		}
	}
	return true
}

// savings values the units avoided line by line, as project does (no
// closure lag: Batchable).
func (bt *Batch) savings() {
	m, s, B, P := bt.m, bt.m.s, bt.B, bt.m.periods
	rate, step := bt.scr, bt.scr2
	ppy := float64(m.ppy)
	for si := range s.Services {
		sv := &s.Services[si]
		if w := m.serviceWindow[si]; w[0] >= w[1] {
			continue
		}
		// The unit cost, read from each lane's vector once for all the
		// service's lines; a line's fixed weight and step size outside
		// the loop over the lanes (the same products as lineWeight's).
		uc := bt.uc[:B]
		for l := range uc {
			uc[l] = bt.p[l][sv.UnitCost]
		}
		for li := range sv.Lines {
			ln := &sv.Lines[li]
			if ln.WeightParam == 0 {
				wt := ln.Weight
				for l := range rate[:B] {
					rate[l] = uc[l] * wt
				}
			} else {
				for l := range rate[:B] {
					rate[l] = uc[l] * lineWeight(bt.p[l], ln)
				}
			}
			switch {
			case ln.Behaviour != costing.Step:
				clear(step[:B])
			case ln.StepParam == 0:
				for l := range step[:B] {
					step[l] = ln.StepSize
				}
			default:
				for l := range step[:B] {
					step[l] = stepSize(bt.p[l], ln)
				}
			}
			a := m.lineAgency[si][li]
			rate, step := rate[:B], step[:B]
			// The line's rows over the service's window, run by run,
			// each row as savingRows, stepRows and grossRows take them:
			// the first line to write an agency's row starts it.
			for _, rn := range bt.runs[si][li] {
				us, gs, cs := bt.units[(si*P+rn.r0)*B:(si*P+rn.r1)*B], bt.gross[(a*P+rn.r0)*B:(a*P+rn.r1)*B], bt.cash[(a*P+rn.r0)*B:(a*P+rn.r1)*B]
				switch ln.Behaviour {
				case costing.Variable:
					savingRows(gs, cs, us, rate, rn.keepG, rn.keepC)
				case costing.Step:
					stepRows(gs, cs, us, step, rate, ppy, rn.keepG, rn.keepC)
				default:
					grossRows(gs, us, rate, rn.keepG)
				}
			}
		}
	}
}

// planUnits works out, as planSavings does, the runs of each metric's
// avoided line and cohort (unitRuns[metric][avoid][cohort]) over which
// they start or add to their service's units rows (keepG), in project's
// order, and the rows of the services' windows that none writes
// (unitGaps, [from, to) in rows of units).
func (bt *Batch) planUnits() {
	m, s, P := bt.m, bt.m.s, bt.m.periods
	wrote := make([]bool, len(s.Services)*P)
	bt.unitRuns = make([][][][]saveRun, len(s.Metrics))
	for mi := range s.Metrics {
		bt.unitRuns[mi] = make([][][]saveRun, len(m.avoids[mi]))
		for ai, a := range m.avoids[mi] {
			bt.unitRuns[mi][ai] = make([][]saveRun, len(s.Cohorts))
			for c := range s.Cohorts {
				w := m.window[mi][c]
				var runs []saveRun
				for t := w[0]; t < w[1]; t++ {
					wr := &wrote[a.Service*P+t]
					if n := len(runs); n > 0 && runs[n-1].keepG == *wr {
						runs[n-1].r1 = t + 1
					} else {
						runs = append(runs, saveRun{r0: t, r1: t + 1, keepG: *wr})
					}
					*wr = true
				}
				bt.unitRuns[mi][ai][c] = runs
			}
		}
	}
	bt.unitGaps = nil
	for si, w := range m.serviceWindow {
		for t := w[0]; t < w[1]; t++ {
			if wrote[si*P+t] {
				continue
			}
			r := si*P + t
			if n := len(bt.unitGaps); n > 0 && bt.unitGaps[n-1][1] == r {
				bt.unitGaps[n-1][1]++
			} else {
				bt.unitGaps = append(bt.unitGaps, [2]int{r, r + 1})
			}
		}
	}
}

// saveRun is a run of a savings line's rows, [r0, r1) within its
// service's window, over which it is the first line to write its
// agency's gross row (keepG false) or not, and its cashable row (keepC).
// The first starts the row (+0 + x, what the row cleared and added to
// would hold) and the others add to it, in the lines' order as before,
// so that no row needs clearing.
type saveRun struct {
	r0, r1       int
	keepG, keepC bool
}

// planSavings works out each line's runs (runs[service][line]) and which
// of an agency's rows are written (wrote[agency·P + period]: 1 the gross
// row, 2 the cashable row).
func (bt *Batch) planSavings() {
	m, s, P := bt.m, bt.m.s, bt.m.periods
	bt.wrote = make([]uint8, len(m.agencies)*P)
	bt.runs = make([][][]saveRun, len(s.Services))
	for si := range s.Services {
		sv := &s.Services[si]
		w := m.serviceWindow[si]
		bt.runs[si] = make([][]saveRun, len(sv.Lines))
		for li := range sv.Lines {
			a := m.lineAgency[si][li]
			b := sv.Lines[li].Behaviour
			var runs []saveRun
			for t := w[0]; t < w[1]; t++ {
				wr := &bt.wrote[a*P+t]
				kg, kc := *wr&1 != 0, *wr&2 != 0
				if n := len(runs); n > 0 && runs[n-1].keepG == kg && runs[n-1].keepC == kc {
					runs[n-1].r1 = t + 1
				} else {
					runs = append(runs, saveRun{t, t + 1, kg, kc})
				}
				*wr |= 1
				if b == costing.Variable || b == costing.Step {
					*wr |= 2
				}
			}
			bt.runs[si][li] = runs
		}
	}
}

// over marks lanes whose amount x is past the ledger's bound (or NaN):
// they are evaluated again by Evaluate, which says which amount.
func (bt *Batch) check(x []float64) {
	// The assembly says whether any amount is past the bound: rare, so
	// the lanes are looked at one by one only then.
	if !pastBound(x) {
		return
	}
	for l, v := range x {
		if !(v*v <= maxMoney*maxMoney) {
			bt.over[l] = true
		}
	}
}
