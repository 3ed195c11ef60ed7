package sib

import (
	"errors"
	"fmt"
	"math"

	"github.com/sib-engine/sib/costing"
	"github.com/sib-engine/sib/scenario"
)

// Batched evaluation: EvaluateBatch runs a block of parameter vectors
// (lanes) per pass, with the loops over periods, cohorts, terms and
// tranches outside and the lanes inside, in structure-of-arrays form:
// row r of a table holds lane l at [r·B + l]. Caps, thresholds and the
// waterfall are min/max and blends on lanes. The arithmetic is the
// scalar path's, operation by operation and in the same order, so that
// a lane gives what Evaluate gives for its vector (the agreement test
// holds them within 1e-12 relative; they are bit-identical in
// practice). A deal that uses a mechanism the kernel does not have
// (Batchable says which) is evaluated lane by lane with Evaluate, as is a
// lane the kernel cannot vouch for (an amount past the ledger's bound,
// a period cap below zero put in the vector by code).

// ErrBatch is returned by EvaluateBatch for a block larger than the
// Batch's size.
var ErrBatch = errors.New("sib: more vectors than the batch's lanes")

// LaneError is an evaluation error of one lane of a block.
type LaneError struct {
	Lane int
	Err  error
}

func (e *LaneError) Error() string { return fmt.Sprintf("lane %d: %v", e.Lane, e.Err) }

func (e *LaneError) Unwrap() error { return e.Err }

// Batchable reports whether the batched kernel evaluates the model's
// deal, and if not, why: the first mechanism it does not have. A model
// that is not batchable is evaluated by EvaluateBatch lane by lane with
// Evaluate, with the same results, at the scalar path's speed.
func (m *Model) Batchable() (ok bool, why string) {
	s := m.s
	st := &s.Settings
	switch {
	case m.pays.on:
		return false, "co-payers or payer caps"
	case m.groups != nil:
		return false, "cap groups"
	case m.actual != nil:
		return false, "actual payments"
	case m.terminated:
		return false, "early termination"
	case len(m.coupons) > 0:
		return false, "coupon ranges"
	case !m.capital.plain:
		return false, "tranche maturities, amortisation, rate caps or the interest-first waterfall"
	case m.distribute != nil:
		return false, "distributions at set periods"
	case m.commitFees:
		return false, "commitment fees"
	case m.juniorFees != nil:
		return false, "subordinated fees"
	case st.CapPeriod != 0 || st.CapTotal != 0:
		return false, "deal caps"
	case st.ClosureLag != 0:
		return false, "a closure lag"
	}
	for j := range s.Terms {
		tm := &s.Terms[j]
		switch {
		case tm.Measure != scenario.MeasureCohort:
			return false, "periodic terms"
		case tm.Basis == scenario.Costs:
			return false, "terms on costs"
		case tm.Basis == scenario.Tiered && s.Tiers[tm.Schedule.Index()].PerDeal:
			return false, "tier schedules of deal totals"
		case tm.ThresholdBands != 0 || tm.PooledBands != 0:
			return false, "thresholds by size band"
		}
	}
	return true, ""
}

// Batch is the scratch space of EvaluateBatch: the tables of a block of
// lanes. Make one per goroutine with Model.NewBatch; after that,
// EvaluateBatch does not allocate.
type Batch struct {
	// SkipTrancheIRR, SkipInvestorsIRR and SkipAppraisal are Work's:
	// what the outputs leave out. The kernel computes the appraisal's
	// CommissionerRawPV alone: without SkipAppraisal, or with a Measure,
	// the lanes are evaluated one by one with Evaluate.
	SkipTrancheIRR, SkipInvestorsIRR, SkipAppraisal bool
	// Measure is Work's: measurement noise, lane by lane (the kernel
	// does not have it). It is called for lane l's vector in turn.
	Measure MeasureFunc
	// Before, if not nil, is called before lane l is evaluated by
	// Evaluate (a fallback), so that a caller can set up Measure for it.
	Before func(lane int)

	m      *Model
	B      int
	kernel bool // the model is batchable
	w      *Work
	out    []Outputs
	p      []byID
	odd    []bool // [lane] evaluated by Evaluate

	// Lane tables, [row·B + lane].
	infl, df, n      []float64 // [period], [period], [cohort]
	outc             []float64 // [(metric·C + cohort)·P + period]
	units            []float64 // [service·P + period]
	msav0, msav1     []float64 // [(Model.msavAt[metric]·C + cohort)·P + period] measured savings, gross and cashable
	rate0, rate1     []float64 // [lane] scratch
	gross, cash      []float64 // [agency·P + period]
	commT            []float64 // [period]
	commPV           []float64 // [lane]
	scr, scr2        []float64 // [lane] scratch
	held, claimed    []float64 // [term·C + cohort]
	paidC            []float64 // [term·C + cohort]
	passC            []bool    // [term·C + cohort] the cohort's test passes
	passP            []bool    // [term] the pooled test passes
	hold             []bool    // [term·C + cohort] some lane may hold an amount back (no lanes)
	price, pcap      []float64 // [term] the price, the cap per participant
	switched         []bool    // [term] investors are repaid, the second share applies
	balance          []float64 // [term] what investors are still owed at the term's interest
	interest         []float64 // [term] its growth factor a period
	due, pay         []float64 // [term·P + period]
	cum              []float64 // [term]
	capP, capT       []float64 // [term]
	cost             []float64 // [item·P + period]
	draw, ret, prin  []float64 // [tranche·P + period]
	excess, topup    []float64 // [tranche·P + period]
	received, short  []float64 // [period]
	undrawn, drawn   []float64 // [tranche]
	committed        []float64 // [tranche]
	principal, accr  []float64 // [tranche]
	got, growth      []float64 // [tranche]
	ceiling          []float64 // [tranche]
	flows, sum, ssum []float64 // [period] of one lane
	ww, part         []float64 // [tranche] of one lane
	wcost, wuse      []float64 // [lane] the waterfall's scratch
	acc              []float64 // [13·lane] the outputs' sums
	ssumT, invT      []float64 // [period] the state's net flows, all investors' flows
	trFlows          []float64 // [tranche·P + period] the tranches' flows
	trD, trR         []float64 // [tranche] drawn, received
	wundrawn, wdraw  []float64
	over             []bool // [lane] an amount past the bound

	// What depends on parameters a Monte Carlo rarely varies is worked
	// out once for the values it has in a run, not in every lane: the
	// discount factors (by the rates of the bands), the hurdle's factors,
	// each tranche's coupon growth.
	dfKey, dfVal []float64
	dfOK         bool
	hurdleMemo   memo
	hurdleVal    [2]float64
	coupon       []memo // [tranche]
}

// memo keeps a function's value at the last argument it was worked out
// for.
type memo struct {
	ok       bool
	key, val float64
}

// of returns f(x), from the memo when x is the last argument.
func (c *memo) of(x float64, f func(float64) float64) float64 {
	if !c.ok || c.key != x {
		c.ok, c.key, c.val = true, x, f(x)
	}
	return c.val
}

// discount returns the discount factors at p's rates (Model.discountFactors),
// worked out again only when the rates differ from the last lane's.
func (bt *Batch) discount(p byID) []float64 {
	bands := bt.m.s.Discount
	same := bt.dfOK
	for i, b := range bands {
		if same && bt.dfKey[i] != p[b.Rate] {
			same = false
		}
		bt.dfKey[i] = p[b.Rate]
	}
	if !same {
		bt.m.discountFactors(p, bt.dfVal)
		bt.dfOK = true
	}
	return bt.dfVal
}

// hurdle is Model.hurdle, worked out again only when the rate changes.
func (bt *Batch) hurdle(p byID) [2]float64 {
	h := p.or(bt.m.s.Settings.Hurdle, 0)
	if !bt.hurdleMemo.ok || bt.hurdleMemo.key != h {
		bt.hurdleMemo.ok, bt.hurdleMemo.key = true, h
		bt.hurdleVal = bt.m.hurdle(p)
	}
	return bt.hurdleVal
}

// NewBatch allocates the tables of blocks of up to size lanes (at least
// 1).
func (m *Model) NewBatch(size int) *Batch {
	B := max(size, 1)
	s := m.s
	P, C, M, J, K := m.periods, len(s.Cohorts), len(s.Metrics), len(s.Terms), len(s.Tranches)
	A, S, I := len(m.agencies), len(s.Services), m.nItems
	bt := &Batch{m: m, B: B, out: make([]Outputs, B), p: make([]byID, B), odd: make([]bool, B), over: make([]bool, B)}
	bt.kernel, _ = m.Batchable()
	// A few slabs rather than a slice each: a Monte Carlo makes a Batch
	// per worker, and the runtime's allocations should not grow with them.
	tranches := make([]Returns, B*K)
	n := len(s.Params) + 1
	params := make([]float64, B*n)
	for l := range B {
		bt.out[l].Tranches = tranches[l*K : (l+1)*K : (l+1)*K]
		bt.p[l] = params[l*n : l*n : (l+1)*n]
	}
	var slab []float64
	f := func(rows int) []float64 {
		if len(slab)+rows*B > cap(slab) {
			slab = make([]float64, 0, max(rows*B, 1<<14))
		}
		slab = slab[:len(slab)+rows*B]
		return slab[len(slab)-rows*B : len(slab) : len(slab)]
	}
	bt.infl, bt.df, bt.n = f(P), f(P), f(C)
	bt.outc, bt.units = f(M*C*P), f(S*P)
	bt.msav0, bt.msav1, bt.rate0, bt.rate1 = f(m.nMeasured*C*P), f(m.nMeasured*C*P), f(1), f(1)
	bt.gross, bt.cash, bt.commT, bt.commPV = f(A*P), f(A*P), f(P), f(1)
	bt.scr, bt.scr2 = f(1), f(1)
	bt.held, bt.claimed, bt.paidC = f(J*C), f(J*C), f(J*C)
	bt.passC, bt.passP, bt.hold = make([]bool, J*C*B), make([]bool, J*B), make([]bool, J*C)
	bt.price, bt.pcap = f(J), f(J)
	bt.switched, bt.balance, bt.interest = make([]bool, J*B), f(J), f(J)
	bt.due, bt.pay, bt.cum, bt.capP, bt.capT = f(J*P), f(J*P), f(J), f(J), f(J)
	bt.cost = f(I * P)
	bt.draw, bt.ret, bt.prin, bt.excess, bt.topup = f(K*P), f(K*P), f(K*P), f(K*P), f(K*P)
	bt.received, bt.short = f(P), f(P)
	bt.undrawn, bt.drawn, bt.committed = f(K), f(K), f(K)
	bt.principal, bt.accr, bt.got, bt.growth, bt.ceiling = f(K), f(K), f(K), f(K), f(K)
	bt.flows, bt.sum, bt.ssum = make([]float64, P), make([]float64, P), make([]float64, P)
	bt.wcost, bt.wuse, bt.wundrawn, bt.wdraw = f(1), f(1), f(1), f(1)
	bt.acc, bt.ssumT, bt.invT, bt.trFlows, bt.trD, bt.trR = f(13), f(P), f(P), f(K*P), f(K), f(K)
	bt.dfKey, bt.dfVal, bt.coupon = make([]float64, len(s.Discount)), make([]float64, P), make([]memo, K)
	bt.ww, bt.part = make([]float64, K), make([]float64, K)
	return bt
}

// Size is the most lanes a block of the batch can have.
func (bt *Batch) Size() int { return bt.B }

// EvaluateBatch evaluates the deal on each of the parameter vectors v
// (laid out as Scenario.Values), at most bt.Size() of them, and returns
// their outputs, lane l's at [l], which live in bt until its next use.
// Each lane's outputs are Evaluate's for its vector, within 1e-12
// relative. An error is a *LaneError for the first lane that has one:
// the others' outputs are then not all worked out.
func (m *Model) EvaluateBatch(v [][]float64, bt *Batch) ([]Outputs, error) {
	if bt.m != m {
		panic("sib: EvaluateBatch with a Batch made by another Model's NewBatch")
	}
	L := len(v)
	if L > bt.B {
		return nil, ErrBatch
	}
	for l := range v {
		if len(v[l]) != len(m.s.Params) {
			return nil, &LaneError{Lane: l, Err: ErrParams}
		}
	}
	if !bt.kernel || !bt.SkipAppraisal || bt.Measure != nil {
		for l := range v {
			if err := bt.scalar(v, l); err != nil {
				return nil, err
			}
		}
		return bt.out[:L], nil
	}
	for l := range bt.B {
		bt.odd[l], bt.over[l] = l >= L, false
		if l < L {
			bt.p[l] = bt.p[l].fill(v[l])
		} else {
			bt.p[l] = bt.p[l].fill(v[0]) // idle lanes repeat lane 0
		}
	}
	bt.project()
	bt.run()
	bt.outputs()
	for l := range L {
		if bt.odd[l] || bt.over[l] {
			if err := bt.scalar(v, l); err != nil {
				return nil, err
			}
		}
	}
	return bt.out[:L], nil
}

// scalar evaluates lane l with Evaluate into its outputs.
func (bt *Batch) scalar(v [][]float64, l int) error {
	if bt.w == nil {
		bt.w = bt.m.NewWork() // made when first needed
	}
	w := bt.w
	w.SkipTrancheIRR, w.SkipInvestorsIRR, w.SkipAppraisal, w.Measure = bt.SkipTrancheIRR, bt.SkipInvestorsIRR, bt.SkipAppraisal, bt.Measure
	if bt.Before != nil {
		bt.Before(l)
	}
	o, err := bt.m.Evaluate(v[l], w)
	if err != nil {
		return &LaneError{Lane: l, Err: err}
	}
	tr := bt.out[l].Tranches
	copy(tr, o.Tranches)
	bt.out[l] = *o
	bt.out[l].Tranches = tr
	return nil
}

// row returns row r of table x.
func (bt *Batch) row(x []float64, r int) []float64 { return x[r*bt.B : (r+1)*bt.B] }

// project is Model.project on the lanes: the calendar, participants,
// outcomes, units avoided and savings, and the commissioner's costs.
func (bt *Batch) project() {
	m, s, B := bt.m, bt.m.s, bt.B
	P, C := m.periods, len(s.Cohorts)
	for l := range B {
		p := bt.p[l]
		g := 1 + p.or(s.Settings.Inflation, 0)
		for t := range P {
			var x float64
			switch {
			case t > 0 && m.priceYear[t] == m.priceYear[t-1]:
				x = bt.infl[(t-1)*B+l]
			case t > 0 && m.priceYear[t] == m.priceYear[t-1]+1:
				x = bt.infl[(t-1)*B+l] * g
			default:
				x = math.Pow(g, float64(m.priceYear[t]))
			}
			bt.infl[t*B+l] = x
		}
		df := bt.discount(p)
		for t := range P {
			bt.df[t*B+l] = df[t]
		}
		for c := range C {
			bt.n[c*B+l] = m.entered(p, c)
		}
	}
	clear(bt.units)
	clear(bt.msav0)
	clear(bt.msav1)
	clear(bt.gross)
	clear(bt.cash)
	e, d := bt.scr, bt.scr2
	for mi := range s.Metrics {
		mt := &s.Metrics[mi]
		for l := range B {
			d[l] = bt.p[l].or(mt.Decay, 0)
		}
		for c := range C {
			n := bt.row(bt.n, c)
			for l := range B {
				e[l] = m.effect(bt.p[l], mi, c) * n[l]
			}
			bt.outcomeRow(mt, d, e, s.Cohorts[c].Period, (mi*C+c)*P)
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
				w := m.window[mi][c]
				at := (mi*C + c) * P
				for t := w[0]; t < w[1]; t++ {
					su, o := bt.row(bt.units, a.Service*P+t)[:B], bt.row(bt.outc, at+t)[:B]
					uk := uk[:B]
					for l, x := range o {
						su[l] += x * uk[l]
					}
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
// of outc from at.
func (bt *Batch) outcomeRow(mt *scenario.Metric, d, e []float64, entry, at int) {
	m, B, P := bt.m, bt.B, bt.m.periods
	if mt.Per == scenario.Once {
		t := entry + mt.To - 1
		if t < P {
			o := bt.row(bt.outc, at+t)
			for l := range B {
				o[l] = e[l] * math.Pow(1-d[l], float64((mt.To-1)/m.ppy))
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
				fr[l] *= math.Pow(1-d[l0+l], float64(k0))
			}
		}
		year = max(k0, 0)
		next := (year + 1) * m.ppy
		for k := mt.From - 1; k < mt.To && entry+k < P; k++ {
			step := k >= next
			if step {
				next += m.ppy
			}
			o := bt.row(bt.outc, at+entry+k)[l0:]
			for l := range L {
				if step {
					fr[l] *= 1 - d[l0+l]
				}
				o[l] = fr[l]
			}
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
	pv := bt.scr
	for i := range s.CommissionerCosts {
		c := &s.CommissionerCosts[i]
		clear(pv)
		add := func(t int, x func(l int) float64) {
			ct, df := bt.row(bt.commT, t), bt.row(bt.df, t)
			for l := range B {
				v := x(l)
				ct[l] += v
				pv[l] += v * df[l]
			}
		}
		switch c.Basis {
		case scenario.PerPeriod, scenario.Upfront:
			for t := max(c.From-1, 0); t < min(c.To, last); t++ {
				add(t, func(l int) float64 { return bt.p[l][c.Amount] })
			}
		default:
			to := c.To
			if c.Basis == scenario.PerParticipant {
				to = c.From
			}
			for ci, ch := range s.Cohorts {
				n := bt.row(bt.n, ci)
				for t := max(ch.Period+c.From-1, 0); t < min(ch.Period+to, last); t++ {
					add(t, func(l int) float64 { return bt.p[l][c.Amount] * n[l] })
				}
			}
		}
		for l := range B {
			bt.commPV[l] += pv[l]
		}
	}
}

// savings values the units avoided line by line, as project does (no
// closure lag: Batchable).
func (bt *Batch) savings() {
	m, s, B, P := bt.m, bt.m.s, bt.B, bt.m.periods
	rate, step := bt.scr, bt.scr2
	ppy := float64(m.ppy)
	for si := range s.Services {
		sv := &s.Services[si]
		w := m.serviceWindow[si]
		for li := range sv.Lines {
			ln := &sv.Lines[li]
			for l := range B {
				p := bt.p[l]
				rate[l] = p[sv.UnitCost] * lineWeight(p, ln)
				step[l] = 0
				if ln.Behaviour == costing.Step {
					step[l] = stepSize(p, ln)
				}
			}
			a := m.lineAgency[si][li]
			rate, step := rate[:B], step[:B]
			for t := w[0]; t < w[1]; t++ {
				u := bt.row(bt.units, si*P+t)[:B]
				g, c := bt.row(bt.gross, a*P+t)[:B], bt.row(bt.cash, a*P+t)[:B]
				switch ln.Behaviour {
				case costing.Variable:
					for l, x := range u {
						x *= rate[l]
						g[l] += x
						c[l] += x
					}
				case costing.Step:
					for l, x := range u {
						g[l] += x * rate[l]
						if st := step[l]; st > 0 {
							c[l] += math.Trunc(x*ppy/st) * st / ppy * rate[l]
						}
					}
				default:
					for l, x := range u {
						g[l] += x * rate[l]
					}
				}
			}
		}
	}
}

// over marks lanes whose amount x is past the ledger's bound (or NaN):
// they are evaluated again by Evaluate, which says which amount.
func (bt *Batch) check(x []float64) {
	for l, v := range x {
		if !(v*v <= maxMoney*maxMoney) {
			bt.over[l] = true
		}
	}
}

// run is book.run on the lanes: the terms' payments and the waterfall.
func (bt *Batch) run() {
	m, s, B := bt.m, bt.m.s, bt.B
	P, C, J := m.periods, len(s.Cohorts), len(s.Terms)
	clear(bt.hold)
	clear(bt.switched)
	// The tables written in the same cells in every block need no
	// clearing: pay (every term's period before its end; 0 after), cost
	// (the cells the items' bases and periods say), ret and prin (every
	// tranche's period); topup is written in the last period alone.
	for _, x := range [][]float64{bt.held, bt.claimed, bt.paidC, bt.due, bt.cum, bt.draw, bt.excess, bt.received, bt.short, bt.drawn, bt.principal, bt.accr, bt.got, bt.balance} {
		clear(x)
	}
	for k := range s.Tranches {
		clear(bt.row(bt.topup, k*P+P-1))
	}
	for k := range s.Tranches {
		tr := &s.Tranches[k]
		for l := range B {
			p := bt.p[l]
			i := k*B + l
			bt.undrawn[i] = p[tr.Commitment]
			bt.committed[i] = bt.undrawn[i]
			bt.growth[i] = 0
			if c := tr.Coupon; c != 0 && p[c] > 0 {
				bt.growth[i] = bt.coupon[k].of(p[c], func(x float64) float64 { return math.Pow(1+x, 1/float64(m.ppy)) - 1 })
			}
		}
		bt.check(bt.row(bt.undrawn, k))
	}
	for j := range s.Terms {
		tm := &s.Terms[j]
		for l := range B {
			p := bt.p[l]
			i := j*B + l
			if tm.CapPeriod != 0 {
				bt.capP[i] = p[tm.CapPeriod]
				if bt.capP[i] < 0 {
					bt.odd[l] = true // a negative period cap pays whatever is due: Evaluate's
				}
			}
			if tm.CapTotal != 0 {
				bt.capT[i] = p[tm.CapTotal]
			}
			if tm.Basis == scenario.Outcomes {
				bt.price[i] = p[tm.Price]
			}
			bt.interest[i] = 0
			if in := tm.Interest; in != 0 && tm.Basis == scenario.Savings {
				bt.interest[i] = math.Pow(1+p[in], 1/float64(m.ppy))
			}
			if tm.ParticipantCap != 0 {
				bt.pcap[i] = p[tm.ParticipantCap]
			}
			for c := range C {
				bt.passC[(j*C+c)*B+l] = tm.CohortTested() && m.passes(p, tm, m.effect(p, tm.Metric, c), p[tm.Threshold])
			}
			if tm.PooledTested() {
				bt.passP[i] = m.passes(p, tm, bt.pooled(p, tm.Metric, l), p[tm.PooledThreshold])
			}
		}
		if tm.CapPeriod != 0 {
			bt.check(bt.row(bt.capP, j))
		}
		if tm.CapTotal != 0 {
			bt.check(bt.row(bt.capT, j))
		}
	}
	bt.fixedCosts()
	bt.ceilings()
	for t := range P {
		for j := range J {
			if t >= m.termEnd[j] {
				continue // settled: pay stays 0 (a negative period cap is an odd lane's)
			}
			bt.earn(j, t)
			if tm := &s.Terms[j]; tm.PooledTested() && t >= m.pooled[tm.Metric] {
				bt.pooledTest(j, t)
			}
			if s.Terms[j].Switch == scenario.SwitchWhenPaid {
				bt.paidShare(j, t)
			}
			bt.termCaps(j, t)
		}
		rc := bt.row(bt.received, t)
		for j := range J {
			x, cum := bt.row(bt.pay, j*P+t), bt.row(bt.cum, j)
			for l := range B {
				cum[l] += x[l]
				rc[l] += x[l]
			}
		}
		bt.shareCosts(t)
		bt.waterfall(t)
	}
	bt.guarantees(P - 1) // every tranche matures in the last period (Batchable)
}

// paidShare is book.paidShare on the lanes: the saving term j (switch
// when_paid) released for period t, paid at the share in force, split
// where the payment crosses the investors' repayment.
func (bt *Batch) paidShare(j, t int) {
	B, P := bt.B, bt.m.periods
	tm := &bt.m.s.Terms[j]
	due := bt.row(bt.due, j*P+t)[:B]
	sw, bal, g := bt.switched[j*B:(j+1)*B], bt.row(bt.balance, j)[:B], bt.row(bt.interest, j)[:B]
	for l, S := range due {
		if S == 0 {
			continue
		}
		p := bt.p[l]
		sh, a := p[tm.Share], p[tm.ShareAfter]
		switch owed := bal[l] * g[l]; {
		case sw[l]:
			due[l] = a * S
		case owed > 0 && sh*S > owed:
			due[l] = owed + a*(S-owed/sh)
		default:
			due[l] = sh * S
		}
	}
}

// balances is book.balances on the lanes: what investors are still owed
// at each switching term's interest, and the switch once they are repaid.
func (bt *Batch) balances(t int) {
	s, B, P := bt.m.s, bt.B, bt.m.periods
	K := len(s.Tranches)
	for j := range s.Terms {
		tm := &s.Terms[j]
		if tm.Basis != scenario.Savings || tm.ShareAfter == 0 {
			continue
		}
		sw, bal, g := bt.switched[j*B:(j+1)*B], bt.row(bt.balance, j)[:B], bt.row(bt.interest, j)[:B]
		for l := range bal {
			if sw[l] {
				continue
			}
			var in, out, drawn float64
			for k := range K {
				i := (k*P+t)*B + l
				in += bt.draw[i]
				out += bt.ret[i] + bt.prin[i] + bt.excess[i]
			}
			bal[l] = bal[l]*g[l] + in - out
			for k := range K {
				drawn += bt.drawn[k*B+l]
			}
			if drawn > 0 && bal[l] <= 0 {
				sw[l] = true
			}
		}
	}
}

// guarantees is book.mature's guarantees on the lanes: at maturity (t),
// a tranche's guarantor tops it up to its floor or its protected
// principal, within the guarantee's limit and the tranche's room.
func (bt *Batch) guarantees(t int) {
	s, B, P := bt.m.s, bt.B, bt.m.periods
	for k := range s.Tranches {
		tr := &s.Tranches[k]
		if tr.Guarantor == "" {
			continue
		}
		dr, got, pr, ce := bt.row(bt.drawn, k)[:B], bt.row(bt.got, k)[:B], bt.row(bt.principal, k)[:B], bt.row(bt.ceiling, k)[:B]
		top := bt.row(bt.topup, k*P+t)[:B]
		for l := range top {
			p := bt.p[l]
			var x float64
			if tr.Floor != 0 {
				f := p[tr.Floor] * dr[l]
				if !(f*f <= maxMoney*maxMoney) {
					bt.over[l] = true
				}
				x = f - got[l]
			}
			if tr.Protected != 0 {
				share := min(max(p[tr.Protected], 0), 1)
				repaid := dr[l] - pr[l]
				x = max(x, share*dr[l]-repaid)
			}
			if tr.GuaranteeLimit != 0 {
				lim := p[tr.GuaranteeLimit]
				if !(lim*lim <= maxMoney*maxMoney) {
					bt.over[l] = true
				}
				x = min(x, lim)
			}
			room := ce[l]
			if tr.Cap != 0 {
				room = max(room-got[l], 0)
			}
			x = min(x, room)
			if x > 0 {
				top[l] = x
				got[l] += x
			}
		}
	}
}

// shareCosts is book.costs on the lanes: the fees that are a share of
// period t's payments.
func (bt *Batch) shareCosts(t int) {
	m, B, P := bt.m, bt.B, bt.m.periods
	rc := bt.row(bt.received, t)[:B]
	for _, i := range m.shareFees {
		c := m.item(i)
		if t < c.From-1 || t > c.To-1 {
			continue
		}
		r := bt.row(bt.cost, i*P+t)[:B]
		inf := bt.row(bt.infl, t)[:B]
		for l := range r {
			x := bt.p[l][c.Amount] * rc[l]
			if !c.Fee {
				x *= inf[l]
			}
			r[l] = x
		}
		bt.check(r)
	}
}

// pooled is truePooled for lane l.
func (bt *Batch) pooled(p byID, mi, l int) float64 {
	var num, den float64
	for c := range bt.m.s.Cohorts {
		n := bt.n[c*bt.B+l]
		num += n * bt.m.effect(p, mi, c)
		den += n
	}
	if den == 0 {
		return 0
	}
	return num / den
}

// earn is book.earn on the lanes: it visits the cohorts in the term's
// window at t; a lane with nothing due and nothing held adds zeros, as
// the scalar path's skipping it does. The scalar path visits too the
// cohorts that hold amounts back after their window, to test them again:
// a cohort is measured within its window (Model.measure), and the
// effects do not change, so a test failed there fails again, and those
// visits change nothing.
func (bt *Batch) earn(j, t int) {
	m, s, B, P := bt.m, bt.m.s, bt.B, bt.m.periods
	C := len(s.Cohorts)
	tm := &s.Terms[j]
	thresholds := tm.CohortTested() || tm.PooledTested()
	live := m.live[(j*P+t)*m.words:]
	amt := bt.scr[:B]
	price, pcap := bt.row(bt.price, j)[:B], bt.row(bt.pcap, j)[:B]
	for c := range C {
		jc := j*C + c
		if live[c>>6]&(1<<(c&63)) == 0 {
			continue
		}
		n := bt.row(bt.n, c)[:B]
		paid := bt.row(bt.paidC, jc)[:B]
		switch tm.Basis {
		case scenario.Outcomes:
			o, cl := bt.row(bt.outc, (tm.Metric*C+c)*P+t)[:B], bt.row(bt.claimed, jc)[:B]
			for l := range amt {
				x := o[l]
				if tm.Once && x > 0 {
					x = min(x, max(n[l]-cl[l], 0))
				}
				cl[l] += x
				amt[l] = price[l] * x
			}
		case scenario.Savings:
			ms := bt.msav0
			if tm.Cashable {
				ms = bt.msav1
			}
			x := bt.row(ms, (m.msavAt[tm.Metric]*C+c)*P+t)[:B]
			switch sw := bt.switched[j*B : (j+1)*B]; {
			case tm.Switch == scenario.SwitchWhenPaid:
				copy(amt, x) // the share applies when paid (paidShare)
			default:
				for l := range amt {
					share := bt.p[l][tm.Share]
					if sw[l] {
						share = bt.p[l][tm.ShareAfter]
					}
					amt[l] = share * x[l]
				}
			}
		case scenario.Tiered:
			if t != m.measure[tm.Metric][c] {
				clear(amt)
				break
			}
			for l := range amt {
				p := bt.p[l]
				amt[l] = n[l] * m.tier(p, tm, m.effect(p, tm.Metric, c))
			}
		}
		if tm.ParticipantCap != 0 {
			for l := range amt {
				x := min(max(amt[l], 0), max(n[l]*pcap[l]-paid[l], 0))
				paid[l] += x
				amt[l] = x
			}
		} else {
			for l := range amt {
				x := max(amt[l], 0)
				paid[l] += x
				amt[l] = x
			}
		}
		if !thresholds {
			bt.release(j, t+tm.Lag, amt)
			continue
		}
		held := bt.row(bt.held, jc)[:B]
		for l := range amt {
			held[l] += amt[l]
		}
		bt.hold[jc] = true
		if tm.CohortTested() && t >= m.measure[tm.Metric][c] {
			bt.hold[jc] = bt.test(bt.passC[jc*B:(jc+1)*B], held, j, t+tm.Lag)
		}
	}
}

// test releases, in each lane whose test passes, what it held back, to
// be paid under term j in period at (lost beyond the horizon), and
// reports whether some lane still holds an amount back.
func (bt *Batch) test(pass []bool, held []float64, j, at int) bool {
	pass = pass[:len(held)]
	holds := false
	if at < bt.m.periods {
		due := bt.row(bt.due, j*bt.m.periods+at)[:len(held)]
		for l, ok := range pass {
			if ok {
				due[l] += held[l]
				held[l] = 0
			}
			holds = holds || held[l] != 0
		}
		return holds
	}
	for l, ok := range pass {
		if ok {
			held[l] = 0
		}
		holds = holds || held[l] != 0
	}
	return holds
}

// release makes x payable under term j in period t, or lost beyond the
// horizon (what is lost the kernel does not keep: Result.Unpaid is the
// ledger's).
func (bt *Batch) release(j, t int, x []float64) {
	if t >= bt.m.periods {
		return
	}
	due := bt.row(bt.due, j*bt.m.periods+t)
	for l := range bt.B {
		due[l] += x[l]
	}
}

// pooledTest is book.pooledTest on the lanes.
func (bt *Batch) pooledTest(j, t int) {
	B, C := bt.B, len(bt.m.s.Cohorts)
	at := t + bt.m.s.Terms[j].Lag
	pass := bt.passP[j*B : (j+1)*B]
	for c := range C {
		if jc := j*C + c; bt.hold[jc] {
			bt.hold[jc] = bt.test(pass, bt.row(bt.held, jc), j, at)
		}
	}
}

// termCaps is book.termCaps on the lanes.
func (bt *Batch) termCaps(j, t int) {
	B, P := bt.B, bt.m.periods
	tm := &bt.m.s.Terms[j]
	due, pay := bt.row(bt.due, j*P+t), bt.row(bt.pay, j*P+t)
	bt.check(due)
	capP, capT, cum := bt.row(bt.capP, j), bt.row(bt.capT, j), bt.row(bt.cum, j)
	for l := range B {
		x := due[l]
		if tm.CapPeriod != 0 {
			x = min(x, capP[l])
		}
		if tm.CapTotal != 0 {
			x = min(x, max(capT[l]-cum[l], 0))
		}
		pay[l] = x
	}
}

// fixedCosts is book.fixedCosts on the lanes.
func (bt *Batch) fixedCosts() {
	m, s, B, P := bt.m, bt.m.s, bt.B, bt.m.periods
	last := m.end + 1
	for i := range m.nItems {
		c := m.item(i)
		row := bt.cost[i*P*B : (i+1)*P*B]
		put := func(t int, x []float64) {
			r := row[t*B : (t+1)*B]
			if c.Fee {
				copy(r, x)
			} else {
				inf := bt.row(bt.infl, t)
				for l := range B {
					r[l] = x[l] * inf[l]
				}
			}
			bt.check(r)
		}
		amt := bt.scr
		for l := range B {
			amt[l] = bt.p[l][c.Amount]
		}
		switch c.Basis {
		case scenario.PerPeriod, scenario.Upfront:
			to := c.To
			if c.Basis == scenario.Upfront {
				to = c.From
			}
			for t := max(c.From-1, 0); t < min(to, last); t++ {
				put(t, amt)
			}
		case scenario.PerParticipant, scenario.PerParticipantPeriod:
			to := c.To
			if c.Basis == scenario.PerParticipant {
				to = c.From
			}
			x := bt.scr2
			for t := range P {
				any := false
				clear(x)
				for ci := range s.Cohorts {
					e := s.Cohorts[ci].Period
					if t >= max(e+c.From-1, 0) && t < min(e+to, last) {
						n := bt.row(bt.n, ci)
						for l := range B {
							x[l] += amt[l] * n[l]
						}
						any = true
					}
				}
				if any {
					put(t, x)
				}
			}
		}
	}
}

// ceilings is book.setCeilings on the lanes.
func (bt *Batch) ceilings() {
	B := bt.B
	for k := range bt.m.s.Tranches {
		tr := &bt.m.s.Tranches[k]
		ce, dr := bt.row(bt.ceiling, k), bt.row(bt.drawn, k)
		for l := range B {
			if tr.Cap != 0 {
				ce[l] = bt.p[l][tr.Cap] * dr[l]
			} else {
				ce[l] = maxMoney
			}
		}
		if tr.Cap != 0 {
			bt.check(ce)
		}
	}
}

// waterfall is book.waterfall on the lanes, for the plain capital terms
// (Batchable): costs from the payments when recycling, else from capital
// called pro rata to the undrawn commitments; then each tranche its
// target return and principal, the excess pro rata to capital drawn
// within the caps, the rest to the residual party.
func (bt *Batch) waterfall(t int) {
	m, s, B, P := bt.m, bt.m.s, bt.B, bt.m.periods
	K := len(s.Tranches)
	rc, short := bt.row(bt.received, t)[:B], bt.row(bt.short, t)[:B]
	costs, use, undrawn, draw := bt.wcost[:B], bt.wuse[:B], bt.wundrawn[:B], bt.wdraw[:B]
	clear(costs)
	for i := range m.nItems {
		x := bt.row(bt.cost, i*P+t)[:B]
		for l := range costs {
			costs[l] += x[l]
		}
	}
	clear(use)
	if s.Settings.Recycle {
		for l := range use {
			use[l] = min(rc[l], costs[l])
		}
	}
	clear(undrawn)
	for k := range K {
		u := bt.row(bt.undrawn, k)[:B]
		for l := range undrawn {
			undrawn[l] += u[l]
		}
	}
	called := false
	for l := range draw {
		draw[l] = min(costs[l]-use[l], undrawn[l])
		called = called || draw[l] != 0
		short[l] = costs[l] - use[l] - draw[l]
		bt.scr[l] = rc[l] - use[l] // avail
	}
	if called {
		// callCapital: split in proportion to the undrawn commitments
		// (their sum is undrawn).
		for k := range K {
			u, dr, dk := bt.row(bt.undrawn, k)[:B], bt.row(bt.drawn, k)[:B], bt.row(bt.draw, k*P+t)[:B]
			for l, x := range draw {
				if x == 0 {
					continue
				}
				var d float64
				if undrawn[l] > 0 {
					d = x * u[l] / undrawn[l]
				}
				dk[l] = d
				u[l] -= d
				dr[l] += d
				if u[l]*u[l] < dust*dust {
					u[l] = 0
				}
			}
		}
	}
	if called {
		bt.ceilings()
	}
	for k := range K {
		g, pr, ac, dr := bt.row(bt.growth, k)[:B], bt.row(bt.principal, k)[:B], bt.row(bt.accr, k)[:B], bt.row(bt.draw, k*P+t)[:B]
		for l := range g {
			if g[l] != 0 {
				x := (pr[l] + ac[l]) * g[l]
				if !(x*x <= maxMoney*maxMoney) {
					bt.over[l] = true
				}
				ac[l] += x
			}
			pr[l] += dr[l]
		}
	}
	avail := bt.scr[:B]
	for k := range K {
		tr := &s.Tranches[k]
		ce, got, ac, pr := bt.row(bt.ceiling, k)[:B], bt.row(bt.got, k)[:B], bt.row(bt.accr, k)[:B], bt.row(bt.principal, k)[:B]
		ret, prin := bt.row(bt.ret, k*P+t)[:B], bt.row(bt.prin, k*P+t)[:B]
		for l := range avail {
			room := ce[l]
			if tr.Cap != 0 {
				room = max(room-got[l], 0)
			}
			x := min(min(ac[l], avail[l]), room)
			ac[l] -= x
			avail[l] -= x
			room -= x
			y := min(min(pr[l], avail[l]), room)
			pr[l] -= y
			avail[l] -= y
			ret[l] = x
			prin[l] = y
			got[l] += x + y
		}
	}
	for l := range B {
		if avail[l] > 0 {
			bt.shareExcess(l, t)
		}
	}
	bt.balances(t)
}

// shareExcess is book.shareExcess for lane l: avail (scr[l]) pro rata
// to capital drawn among the tranches that share in the excess, within
// their rooms, a capped tranche's part going round again.
func (bt *Batch) shareExcess(l, t int) {
	s, B, P := bt.m.s, bt.B, bt.m.periods
	K := len(s.Tranches)
	avail := bt.scr[l]
	room := func(k int) float64 {
		r := bt.ceiling[k*B+l]
		if s.Tranches[k].Cap != 0 {
			r = max(r-bt.got[k*B+l], 0)
		}
		return r
	}
	w, part := bt.ww, bt.part
	for range K {
		if avail <= 0 {
			break
		}
		sum := 0.0
		for k := range K {
			w[k] = 0
			if tr := &s.Tranches[k]; !tr.NoExcess && room(k) > 0 {
				w[k] = bt.drawn[k*B+l]
			}
			sum += w[k]
		}
		// split: every part from the same avail.
		for k := range K {
			part[k] = 0
			if sum > 0 && avail != 0 {
				part[k] = avail * w[k] / sum
			}
		}
		moved := false
		for k := range K {
			x := min(part[k], room(k))
			if x > 0 {
				bt.excess[(k*P+t)*B+l] += x
				bt.got[k*B+l] += x
				avail -= x
				moved = true
			}
		}
		if !moved {
			break
		}
	}
	bt.scr[l] = avail
}

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
	g, c, direct, overhead := lane(9), lane(10), lane(11), lane(12)
	for l := range overhead {
		overhead[l] = 1 + bt.p[l].or(s.Settings.DirectOverhead, 0)
	}
	for t := range P {
		df, infl := bt.row(bt.df, t)[:B], bt.row(bt.infl, t)[:B]
		clear(g)
		clear(c)
		if t >= m.savingWindow[0] && t < m.savingWindow[1] {
			for a := range A {
				x, y := bt.row(bt.gross, a*P+t)[:B], bt.row(bt.cash, a*P+t)[:B]
				for l := range g {
					g[l] += x[l]
					c[l] += y[l]
					size[l] += math.Abs(x[l]) + math.Abs(y[l])
				}
			}
		}
		clear(direct)
		for it := range m.nDelivery {
			x := bt.row(bt.cost, it*P+t)[:B]
			for l := range direct {
				direct[l] += x[l]
			}
		}
		pay, short, comm, sum := bt.row(bt.received, t)[:B], bt.row(bt.short, t)[:B], bt.row(bt.commT, t)[:B], bt.row(bt.ssumT, t)[:B]
		for l := range df {
			payReal := pay[l] / infl[l]
			grossPV[l] += g[l] * df[l]
			cashPV[l] += c[l] * df[l]
			payPV[l] += payReal * df[l]
			directPV[l] += direct[l] / infl[l] * df[l] * overhead[l]
			gross[l] += g[l] * infl[l]
			cash[l] += c[l] * infl[l]
			pays[l] += pay[l]
			unfunded[l] += short[l]
			sum[l] = (c[l] - payReal - comm[l]) * df[l]
		}
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
			fl, sum := bt.row(bt.trFlows, i)[:B], bt.row(bt.invT, t)[:B]
			for l := range fl {
				in := ret[l] + prin[l] + exc[l] + top[l] + 0 // commitment fee: none (Batchable)
				d[l] += dr[l]
				r[l] += in
				fl[l] = netFlow(in, dr[l], in-dr[l], false)
				sum[l] += fl[l]
			}
		}
	}
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
		o.StatePayback = statePayback(bt.column(bt.ssumT, l, bt.sum))
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
			m.returns(bt.column(bt.trFlows[k*P*B:(k+1)*P*B], l, bt.flows), d, r, at, false, !bt.SkipTrancheIRR, rt)
			c := bt.committed[k*B+l]
			committed += c
			rt.Committed, rt.CommittedMultiple = c, committedMultiple(c, rt.Drawn, rt.Received)
			rt.CommittedIRR = IRR{Rate: math.NaN(), Status: Skipped, Other: math.NaN()}
		}
		m.returns(bt.column(bt.invT, l, bt.ssum), drawn, received, at, false, !bt.SkipInvestorsIRR, &o.Investors)
		o.Investors.Committed = committed
		o.Investors.CommittedMultiple = committedMultiple(committed, o.Investors.Drawn, o.Investors.Received)
		o.Investors.CommittedIRR = IRR{Rate: math.NaN(), Status: Skipped, Other: math.NaN()}
	}
}

// column copies lane l of the P rows of table x into out.
func (bt *Batch) column(x []float64, l int, out []float64) []float64 {
	for t := range out {
		out[t] = x[t*bt.B+l]
	}
	return out
}
