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
	// The rows are filled again only when the factors have changed since
	// the last block (dfRows).
	if bt.sameRates() {
		df := bt.discount(bt.p[0])
		if !bt.dfRows {
			for t := range P {
				row := bt.row(bt.df, t)[:B]
				for l := range row {
					row[l] = df[t]
				}
			}
			bt.dfRows = true
		}
	} else {
		bt.dfRows = false
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
	bt.effects()
	truth := bt.outc
	if bt.measOn {
		bt.measureLanes(L)
		truth = bt.outcT
	}
	// A service's units rows in its window are started by the first
	// line and cohort that write them (planUnits); the others in the
	// window (between cohorts' windows) are cleared: savings reads them.
	for _, g := range bt.m.unitGaps {
		clear(bt.units[g[0]*B : g[1]*B])
	}
	clear(bt.msav0)
	clear(bt.msav1)
	// An agency's savings rows need none: savings starts each row with
	// the first line that writes it (planSavings), and outputs reads
	// only the rows written.
	e, d := bt.scr, bt.scr2
	wk := 0 // the writer of units rows (planUnits)
	for mi := range s.Metrics {
		mt := &s.Metrics[mi]
		for l := range B {
			d[l] = bt.p[l].or(mt.Decay, 0)
		}
		for c := range C {
			n, ct := bt.row(bt.n, c), bt.contractRow(mi, c)
			for l := range B {
				e[l] = ct[l] * n[l]
			}
			bt.outcomeRow(bt.outc, mt, d, e, s.Cohorts[c].Period, (mi*C+c)*P)
			if bt.measOn {
				eff := bt.row(bt.eff, mi*C+c)
				for l := range B {
					e[l] = eff[l] * n[l]
				}
				bt.outcomeRow(bt.outcT, mt, d, e, s.Cohorts[c].Period, (mi*C+c)*P)
			}
		}
		for _, a := range m.avoids[mi] {
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
				for _, rn := range m.unitPlan.of(wk) {
					r0, r1 := int(rn.r0), int(rn.r1)
					grossRows(bt.units[(su+r0)*B:(su+r1)*B], truth[(at+r0)*B:(at+r1)*B], uk[:B], rn.keepG)
				}
				wk++
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
			// Within the first year no decay: e·1, which is e.
			if n := (mt.To - 1) / m.ppy; n == 0 {
				copy(o, e[:B])
			} else {
				for l := range B {
					o[l] = e[l] * powInt(1-d[l], n)
				}
			}
		}
		return
	}
	// The first period's row is e/ppy, decayed to the first period's
	// year; each later row is the one before, times 1−d (q) at the start
	// of a year: the products Model.outcomeRow takes, row by row.
	k, end := mt.From-1, min(mt.To, P-entry)
	if k >= end {
		return
	}
	ppy := float64(m.ppy)
	k0 := k / m.ppy
	prev := bt.row(outc, at+entry+k)
	for l := range B {
		prev[l] = e[l] / ppy
		if k0 > 0 {
			prev[l] *= powInt(1-d[l], k0)
		}
	}
	q := bt.uc[:B]
	for l := range q {
		q[l] = 1 - d[l]
	}
	next := (k0 + 1) * m.ppy
	for k++; k < end; k++ {
		r := bt.row(outc, at+entry+k)
		if k >= next {
			next += m.ppy
			mul(r, prev, q)
		} else {
			copy(r, prev)
		}
		prev = r
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
	wk := 0 // the service's first line's index among all lines (planSavings)
	for si := range s.Services {
		sv := &s.Services[si]
		first := wk
		wk += len(sv.Lines)
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
				scale(rate[:B], uc, ln.Weight)
			} else {
				for l := range rate[:B] {
					rate[l] = uc[l] * lineWeight(bt.p[l], ln)
				}
			}
			switch {
			case ln.Behaviour != costing.Step:
				// step is read by stepRows alone.
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
			for _, rn := range m.savePlan.of(first + li) {
				r0, r1 := int(rn.r0), int(rn.r1)
				us, gs, cs := bt.units[(si*P+r0)*B:(si*P+r1)*B], bt.gross[(a*P+r0)*B:(a*P+r1)*B], bt.cash[(a*P+r0)*B:(a*P+r1)*B]
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

// saveRun is a run of rows, [r0, r1), that a metric's avoided line and
// cohort (units) or a savings line (gross and cashable) writes, over
// which it is the first to write its row (keepG false: it starts it) or
// not (keepG true: it adds to it), and likewise its cashable row
// (keepC). A started row is +0 + x, what the row cleared and added to
// would hold, and the writers keep their order, so every sum is as if
// the rows had been cleared: they need not be.
type saveRun struct {
	r0, r1       int32
	keepG, keepC bool
}

// runPlan is the runs of a sequence of writers, in the order project
// and savings call them, in one slab: writer k's are runs[at[k]:at[k+1]].
type runPlan struct {
	runs []saveRun
	at   []int32
}

// of returns writer k's runs.
func (p *runPlan) of(k int) []saveRun { return p.runs[p.at[k]:p.at[k+1]] }

// planRuns makes the runPlan of writers that each write rows [w[0], w[1])
// of row set w[2] (a service's units, an agency's savings), in turn:
// wrote[set·P + t] says which of a set's rows are written (bit 1, and
// bit 2 for the cashable rows of the writers cash says, if any). The
// runs are counted first, so that the slab is made once at its size.
func planRuns(ws [][3]int, P int, wrote []uint8, cash []bool) runPlan {
	walk := func(seen []uint8, emit func(k int, r saveRun, joins bool)) {
		for k, w := range ws {
			var prev saveRun
			for t := w[0]; t < w[1]; t++ {
				wr := &seen[w[2]*P+t]
				r := saveRun{r0: int32(t), r1: int32(t + 1), keepG: *wr&1 != 0, keepC: *wr&2 != 0}
				emit(k, r, t > w[0] && r.keepG == prev.keepG && r.keepC == prev.keepC)
				prev = r
				*wr |= 1
				if cash != nil && cash[k] {
					*wr |= 2
				}
			}
		}
	}
	n := 0
	walk(append([]uint8(nil), wrote...), func(_ int, _ saveRun, joins bool) {
		if !joins {
			n++
		}
	})
	p := runPlan{runs: make([]saveRun, 0, n), at: make([]int32, len(ws)+1)}
	k0 := 0
	walk(wrote, func(k int, r saveRun, joins bool) {
		for ; k0 < k; k0++ {
			p.at[k0+1] = int32(len(p.runs))
		}
		if joins {
			p.runs[len(p.runs)-1].r1 = r.r1
		} else {
			p.runs = append(p.runs, r)
		}
	})
	for ; k0 < len(ws); k0++ {
		p.at[k0+1] = int32(len(p.runs))
	}
	return p
}

// planUnits makes the plan of project's writes of the services' units
// rows (unitPlan: a writer a metric, avoided line and cohort, in that
// order) and the rows of the services' windows that none writes
// (unitGaps, [from, to) in rows of units), which project clears.
func (m *Model) planUnits() {
	s, P := m.s, m.periods
	ws := make([][3]int, 0, len(s.Avoids)*len(s.Cohorts))
	for mi := range s.Metrics {
		for _, a := range m.avoids[mi] {
			for c := range s.Cohorts {
				w := m.window[mi][c]
				ws = append(ws, [3]int{w[0], max(w[0], w[1]), a.Service})
			}
		}
	}
	wrote := make([]uint8, len(s.Services)*P)
	m.unitPlan = planRuns(ws, P, wrote, nil)
	m.unitGaps = nil
	for si, w := range m.serviceWindow {
		for t := w[0]; t < w[1]; t++ {
			if wrote[si*P+t] != 0 {
				continue
			}
			r := si*P + t
			if n := len(m.unitGaps); n > 0 && m.unitGaps[n-1][1] == r {
				m.unitGaps[n-1][1]++
			} else {
				m.unitGaps = append(m.unitGaps, [2]int{r, r + 1})
			}
		}
	}
}

// planSavings makes the plan of savings' writes of the agencies' gross
// and cashable rows (savePlan: a writer a service's line, in order, over
// the service's window), and which of an agency's rows are written
// (wrote[agency·P + period]: 1 the gross row, 2 the cashable row), which
// outputs reads alone.
func (m *Model) planSavings() {
	s, P := m.s, m.periods
	var lines int
	for si := range s.Services {
		lines += len(s.Services[si].Lines)
	}
	ws, cash := make([][3]int, 0, lines), make([]bool, 0, lines)
	for si := range s.Services {
		w := m.serviceWindow[si]
		for li, ln := range s.Services[si].Lines {
			ws = append(ws, [3]int{w[0], max(w[0], w[1]), m.lineAgency[si][li]})
			cash = append(cash, ln.Behaviour == costing.Variable || ln.Behaviour == costing.Step)
		}
	}
	m.wrote = make([]uint8, len(m.agencies)*P)
	m.savePlan = planRuns(ws, P, m.wrote, cash)
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
