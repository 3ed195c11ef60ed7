package sib

import (
	"errors"
	"fmt"

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
	// CommissionerRawPV alone: without SkipAppraisal the lanes are
	// evaluated one by one with Evaluate.
	SkipTrancheIRR, SkipInvestorsIRR, SkipAppraisal bool
	// SkipPayback leaves out the paybacks of the lanes the kernel
	// evaluates: StatePayback and each Returns.Payback are then −2,
	// which no payback is (they are −1 for never, else from 0). A lane
	// evaluated by Evaluate has them.
	SkipPayback bool
	// SkipNPV leaves out the NPVs at the hurdle rate of the lanes the
	// kernel evaluates (NaN), as SkipPayback does the paybacks.
	SkipNPV bool
	// Measure is Work's: measurement noise. It is called for lane l's
	// vector in turn, as Evaluate calls it.
	Measure MeasureFunc
	// Before, if not nil, is called before Measure draws lane l's
	// measured effects, and before lane l is evaluated by Evaluate (a
	// fallback), so that a caller can set up Measure for it.
	Before func(lane int)
	// After, if not nil, is called after lane l is evaluated by Evaluate
	// (a fallback) with its Work, which Lane does not read.
	After func(lane int, w *Work)

	m      *Model
	B      int
	kernel bool // the model is batchable
	w      *Work
	out    []Outputs
	p      []byID
	odd    []bool // [lane] evaluated by Evaluate

	// Lane tables, [row·B + lane].
	infl, df, n     []float64 // [period], [period], [cohort]
	outc            []float64 // [(metric·C + cohort)·P + period]
	units           []float64 // [service·P + period]
	msav0, msav1    []float64 // [(Model.msavAt[metric]·C + cohort)·P + period] measured savings, gross and cashable
	rate0, rate1    []float64 // [lane] scratch
	gross, cash     []float64 // [agency·P + period]
	commT           []float64 // [period]
	commPV          []float64 // [lane]
	scr, scr2       []float64 // [lane] scratch
	uc              []float64 // [lane] savings' unit cost; commissioner's amount
	held, claimed   []float64 // [term·C + cohort]
	paidC           []float64 // [term·C + cohort]
	passC           []bool    // [term·C + cohort] the cohort's test passes
	passP           []bool    // [term] the pooled test passes
	hold            []bool    // [term·C + cohort] some lane may hold an amount back (no lanes)
	price, pcap     []float64 // [term] the price, the cap per participant
	tierPts         []float64 // rows of the points of the terms' absolute tier schedules (tierPoints)
	tierAt          []int     // [term] where its rows start in tierPts, or −1
	switched        []bool    // [term] investors are repaid, the second share applies
	balance         []float64 // [term] what investors are still owed at the term's interest
	interest        []float64 // [term] its growth factor a period
	due, pay        []float64 // [term·P + period]
	cum             []float64 // [term]
	capP, capT      []float64 // [term]
	cost            []float64 // [item·P + period]
	costWrote       []bool    // [item·P + period] the rows fixedCosts and shareCosts write (the same in every block)
	draw, ret, prin []float64 // [tranche·P + period]
	excess, topup   []float64 // [tranche·P + period]
	received, short []float64 // [period]
	undrawn, drawn  []float64 // [tranche]
	committed       []float64 // [tranche]
	principal, accr []float64 // [tranche]
	got, growth     []float64 // [tranche]
	ceiling         []float64 // [tranche]
	capMul          []float64 // [tranche] a capped tranche's cap (ceilings)
	pbTr            []int     // [tranche·B + lane] the tranches' paybacks
	pbInv, pbState  []int     // [lane] all investors', the state's
	pbFirst         []int     // [lane] lanesPayback's first outflow
	ww, part        []float64 // [tranche] of one lane
	wcost, wuse     []float64 // [lane] the waterfall's scratch
	directT         []float64 // [period] the delivery costs' sum (waterfall's; outputs' direct purchase)
	wx              []float64 // [lane] accrue's returns accrued
	acc             []float64 // [13·lane] the outputs' sums
	ssumT, invT     []float64 // [period] the state's net flows, all investors' flows
	trFlows         []float64 // [tranche·P + period] the tranches' flows
	trD, trR        []float64 // [tranche] drawn, received
	wundrawn, wdraw []float64
	over            []bool // [lane] an amount past the bound
	irr             *irrBlock
	irrUse          []bool    // [lane] the IRRs are solved by irr
	npv, npvV       []float64 // [lane] lanesNPV's sums and discount factors
	npvAt, npvStep  []float64 // [lane] the hurdle's first factor and step

	// Measurement (batch_measured.go), made when first needed.
	measOn      bool      // Measure is set for this block
	kerneled    bool      // the last block ran the kernel
	meas, pool  []float64 // [metric·C + cohort], [metric] the measured effects
	eff         []float64 // [metric·C + cohort] the true effects (effects)
	mEff, mPool []float64 // one lane's, for Measure
	mN          []float64 // [cohort] one lane's participants
	outcT       []float64 // as outc: the true outcomes, with Measure
	lane        BatchLane

	// What depends on parameters a Monte Carlo rarely varies is worked
	// out once for the values it has in a run, not in every lane: the
	// discount factors (by the rates of the bands), the hurdle's factors,
	// each tranche's coupon growth.
	dfKey, dfVal []float64
	dfOK         bool
	dfRows       bool // every lane of df's rows holds dfVal
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
		bt.dfOK, bt.dfRows = true, false
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
	bt.outc, bt.units, bt.eff = f(M*C*P), f(S*P), f(M*C)
	bt.msav0, bt.msav1, bt.rate0, bt.rate1 = f(m.nMeasured*C*P), f(m.nMeasured*C*P), f(1), f(1)
	bt.gross, bt.cash, bt.commT, bt.commPV = f(A*P), f(A*P), f(P), f(1)
	bt.scr, bt.scr2, bt.uc = f(1), f(1), f(1)
	bt.held, bt.claimed, bt.paidC = f(J*C), f(J*C), f(J*C)
	bt.passC, bt.passP, bt.hold = make([]bool, J*C*B), make([]bool, J*B), make([]bool, J*C)
	bt.price, bt.pcap = f(J), f(J)
	bt.tierAt = make([]int, J)
	pts := 0
	for j := range s.Terms {
		bt.tierAt[j] = -1
		if tm := &s.Terms[j]; tm.Basis == scenario.Tiered {
			if sc := &s.Tiers[tm.Schedule.Index()]; !sc.Relative && len(sc.Effect) > 0 {
				bt.tierAt[j], pts = pts*B, pts+2*len(sc.Effect)
			}
		}
	}
	bt.tierPts = f(pts)
	bt.switched, bt.balance, bt.interest = make([]bool, J*B), f(J), f(J)
	bt.due, bt.pay, bt.cum, bt.capP, bt.capT = f(J*P), f(J*P), f(J), f(J), f(J)
	bt.cost, bt.costWrote = f(I*P), make([]bool, I*P)
	bt.draw, bt.ret, bt.prin, bt.excess, bt.topup = f(K*P), f(K*P), f(K*P), f(K*P), f(K*P)
	bt.received, bt.short = f(P), f(P)
	bt.undrawn, bt.drawn, bt.committed = f(K), f(K), f(K)
	bt.principal, bt.accr, bt.got, bt.growth, bt.ceiling, bt.capMul = f(K), f(K), f(K), f(K), f(K), f(K)
	pbs := make([]int, (K+3)*B)
	bt.pbTr, bt.pbInv, bt.pbState, bt.pbFirst = pbs[:K*B], pbs[K*B:(K+1)*B], pbs[(K+1)*B:(K+2)*B], pbs[(K+2)*B:]
	bt.wcost, bt.wuse, bt.wundrawn, bt.wdraw, bt.wx = f(1), f(1), f(1), f(1), f(1)
	bt.directT = f(P)
	bt.acc, bt.ssumT, bt.invT, bt.trFlows, bt.trD, bt.trR = f(13), f(P), f(P), f(K*P), f(K), f(K)
	bt.dfKey, bt.dfVal, bt.coupon = make([]float64, len(s.Discount)), make([]float64, P), make([]memo, K)
	bt.ww, bt.part = make([]float64, K), make([]float64, K)
	bt.irr, bt.irrUse = newIRRBlock(B, P), make([]bool, B)
	bt.npv, bt.npvV, bt.npvAt, bt.npvStep = f(1), f(1), f(1), f(1)
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
	bt.kerneled = bt.kernel && bt.SkipAppraisal
	if !bt.kerneled {
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
	bt.measOn = bt.Measure != nil
	bt.project(L)
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
	if bt.After != nil {
		bt.After(l, w)
	}
	tr := bt.out[l].Tranches
	copy(tr, o.Tranches)
	bt.out[l] = *o
	bt.out[l].Tranches = tr
	return nil
}

// row returns row r of table x.
func (bt *Batch) row(x []float64, r int) []float64 { return x[r*bt.B : (r+1)*bt.B] }
