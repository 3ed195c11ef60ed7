package sib

import (
	"errors"
	"math"

	"github.com/sib-engine/sib/internal/money"
)

// ErrParams is returned by Evaluate for a parameter vector of the wrong
// length.
var ErrParams = errors.New("sib: the parameter vector does not match the scenario")

// ErrTooLarge is returned when an amount exceeds what the ledger can hold
// to the cent (10 trillion currency units). It is the engine's one
// overflow error, the same value as the costing ledger's, so errors.Is
// finds it wherever it came from.
var ErrTooLarge = money.ErrTooLarge

// Outputs are the headline results of one evaluation, in currency units.
// The state's figures are real (in the price base) and discounted to the
// start under the discount schedule; investors' figures are nominal, as
// their money is.
type Outputs struct {
	// The state's view.
	GrossPV, CashablePV float64 // savings
	PaymentsPV          float64 // outcome payments, deflated to the price base
	NetPV               float64 // CashablePV − PaymentsPV − the commissioner's own costs: what the state saves net of payments
	NetGrossPV          float64 // GrossPV − PaymentsPV − the commissioner's own costs: the same, counting capacity freed as saved
	SavingsRatio        float64 // CashablePV / PaymentsPV; NaN without payments
	// DirectPV is what commissioning the same delivery directly would
	// cost; PremiumPV = PaymentsPV + the commissioner's own costs of the
	// bond (Appraisal.CommissionerRawPV) − DirectPV is the price of the SIB's
	// risk transfer (negative when the SIB is cheaper).
	DirectPV, PremiumPV float64
	// StatePayback is the number of periods until the state's cumulative
	// discounted net saving turns non-negative for good (0 when it never
	// is negative; −1 when it ends negative).
	StatePayback int
	// Nominal totals over the horizon: savings, outcome payments, and the
	// delivery costs and fees that no cash could pay once the tranches'
	// commitments ran out (the cash table's unfunded column). Payments
	// released after the horizon, which are not paid, are Result.Unpaid.
	Gross, Cashable, Payments, Unfunded float64
	// Investors are all tranches together; Tranches in priority order.
	Investors Returns
	Tranches  []Returns
	// Appraisal is value for money for the state and society
	// (appraisal.go): without values, commissioner's costs or graded
	// savings, it values the fiscal savings alone.
	Appraisal Appraisal
}

// Returns are one investor position's results.
type Returns struct {
	Drawn, Received float64 // nominal totals
	Multiple        float64 // Received / Drawn; NaN when nothing was drawn
	// IRR is from the periodic flows, annualised; XIRR from the flows'
	// dates (each period's flows on its last day), when Dated: Evaluate
	// leaves XIRR out, as it costs several times the IRR and differs from
	// it only by the day count; Run has both.
	IRR, XIRR IRR
	Dated     bool
	NPV       float64 // at the hurdle rate, to the start
	Payback   int     // periods until the running total turns non-negative for good; −1 never
	// Return on committed capital: the position as an investor sees it
	// who sets the whole commitment aside in the first period, funds the
	// capital calls from it, and gets the undrawn part back when the
	// commitment lapses (the tranche's maturity; for all investors, each
	// tranche's). Committed is the capital committed;
	// CommittedMultiple = (Committed + Received − Drawn) / Committed (NaN
	// when nothing was committed); CommittedIRR is the IRR of those
	// flows (the flows less the draws, less Committed in the first
	// period, plus the undrawn part at the lapse), annualised. Run has
	// CommittedIRR; Evaluate leaves it out (Status Skipped), as XIRR.
	Committed, CommittedMultiple float64
	CommittedIRR                 IRR
}

// Work is the scratch space of Evaluate. Make one per goroutine with
// Model.NewWork; after that, Evaluate does not allocate.
type Work struct {
	// SkipTrancheIRR leaves out the IRR of each tranche (Status Skipped),
	// for loops that need only all investors' together: each IRR costs
	// about a microsecond.
	SkipTrancheIRR bool
	// SkipInvestorsIRR leaves out all investors' IRR (Status Skipped),
	// for loops that read none of the IRRs.
	SkipInvestorsIRR bool
	// SkipAppraisal leaves out Outputs.Appraisal but its
	// CommissionerRawPV, which the state's net figures subtract: the
	// values beyond the budgets, the optimism bias and the ratios cost
	// about a fifth of an evaluation.
	SkipAppraisal bool
	// Measure, if not nil, draws the measured effects the contract's
	// terms read from the true ones (see MeasureFunc); nil: the contract
	// reads the true effects.
	Measure MeasureFunc

	m     *Model // the model that made it
	p     byID
	pr    *projection
	b     *book[float64]
	flows []float64
	sum   []float64
	out   Outputs
}

// NewWork allocates the buffers of an evaluation.
func (m *Model) NewWork() *Work {
	return &Work{
		m:     m,
		p:     make(byID, 0, len(m.s.Params)+1),
		pr:    m.newProjection(),
		b:     newBook[float64](m),
		flows: make([]float64, m.periods),
		sum:   make([]float64, m.periods),
		out:   Outputs{Tranches: make([]Returns, len(m.s.Tranches))},
	}
}

// Evaluate runs the deal on parameter values v (indexed as
// Scenario.Params) in float64 and returns the headline outputs, which
// live in w until its next use. It is the fast path for sensitivity
// analysis and Monte Carlo; Run gives the full ledger in cents. A Work
// made by another Model is a programmer's error: Evaluate panics. The
// timing parameters' values in v are not read: they were read at
// Compile (Timed compiles the model for others).
func (m *Model) Evaluate(v []float64, w *Work) (*Outputs, error) {
	if w.m != m {
		panic("sib: Evaluate with a Work made by another Model's NewWork; each Model needs its own Works")
	}
	if len(v) != len(m.s.Params) {
		return nil, ErrParams
	}
	w.p = w.p.fill(v)
	p := w.p
	w.pr.measureFn = w.Measure
	w.pr.skipAppraisal = w.SkipAppraisal
	m.project(p, w.pr)
	w.b.run(m, p, w.pr)
	size := outputsOf(m, p, w.pr, w.b, &w.out, w.flows, w.sum, skips{tranche: w.SkipTrancheIRR, investors: w.SkipInvestorsIRR, appraisal: w.SkipAppraisal})
	// size bounds every saving: the cells are looked at one by one only
	// when it is over the bound (or NaN).
	if o := &w.out; w.b.overflow || !finite(o.GrossPV) || !finite(o.CashablePV) || !(size <= maxMoney) && !m.savingsFit(w.pr) {
		return nil, tooLarge(m, p, w.pr, w.b)
	}
	return &w.out, nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// savingsFit reports whether every agency's saving in every period is
// within the deal's bound: a saving is refused on both paths as any
// other amount is (a step size so small that the steps overflow, say),
// not only where the ledger would show it in cents. Outside the saving
// window the cells are 0.
func (m *Model) savingsFit(pr *projection) bool {
	P, w := m.periods, m.savingWindow
	if w[0] >= w[1] {
		return true // no service saves
	}
	for a := range m.agencies {
		for _, row := range [2][]float64{pr.gross[a*P+w[0] : a*P+w[1]], pr.cash[a*P+w[0] : a*P+w[1]]} {
			for _, x := range row {
				if !(math.Abs(x) <= maxMoney) {
					return false
				}
			}
		}
	}
	return true
}

// outputs summarises a book, of either number type. It returns the sum of
// the savings' sizes (Σ|gross| + Σ|cashable| over agencies and periods),
// which bounds each of them.
func outputsOf[T amount](m *Model, p byID, pr *projection, b *book[T], o *Outputs, flows, sum []float64, skip skips) (size float64) {
	s := m.s
	P, A := m.periods, len(m.agencies)
	tranches := o.Tranches
	*o = Outputs{Tranches: tranches}
	overhead := 1 + p.or(s.Settings.DirectOverhead, 0)
	for t := range P {
		df := pr.df[t]
		var g, c float64
		if t >= m.savingWindow[0] && t < m.savingWindow[1] {
			for a := range A {
				x, y := pr.gross[a*P+t], pr.cash[a*P+t]
				g += x
				c += y
				size += math.Abs(x) + math.Abs(y)
			}
		}
		pay := b.received[t]
		var direct T
		for i := range m.nDelivery {
			direct += b.cost[i*P+t]
		}
		payReal := b.f(pay) / pr.infl[t]
		o.GrossPV += g * df
		o.CashablePV += c * df
		o.PaymentsPV += payReal * df
		o.DirectPV += b.f(direct) / pr.infl[t] * df * overhead
		o.Gross += g * pr.infl[t]
		o.Cashable += c * pr.infl[t]
		o.Payments += b.f(pay)
		o.Unfunded += b.f(b.shortfall[t])
		sum[t] = (c - payReal - pr.commAt(t)) * df
	}
	if skip.appraisal {
		o.Appraisal = Appraisal{Foreign: s.Settings.ForeignInvestors, CommissionerRawPV: m.commissionerRawPV(p, pr)}
	} else {
		appraiseOf(m, p, pr, b, o)
	}
	o.NetPV = o.CashablePV - o.PaymentsPV - o.Appraisal.CommissionerRawPV
	o.NetGrossPV = o.GrossPV - o.PaymentsPV - o.Appraisal.CommissionerRawPV
	o.PremiumPV = o.PaymentsPV + o.Appraisal.CommissionerRawPV - o.DirectPV
	o.SavingsRatio = math.NaN()
	if o.PaymentsPV > 0 {
		o.SavingsRatio = o.CashablePV / o.PaymentsPV
	}
	o.StatePayback = statePayback(sum)
	at := m.hurdle(p)
	clear(sum)
	var drawn, received T
	var committed float64
	flows, sum = flows[:P], sum[:P]
	for k := range s.Tranches {
		// The tranche's rows, P long, so that the loop checks no bounds.
		lo := k * P
		draw, ret, prin, excess, topup, cfee := b.draw[lo:][:P], b.ret[lo:][:P], b.prin[lo:][:P], b.excess[lo:][:P], b.topup[lo:][:P], b.cfee[lo:][:P]
		var d, r T
		for t := range P {
			in := ret[t] + prin[t] + excess[t] + topup[t] + cfee[t]
			d += draw[t]
			r += in
			flows[t] = netFlow(b.f(in), b.f(draw[t]), b.f(in-draw[t]), b.cents)
			sum[t] += flows[t]
		}
		drawn += d
		received += r
		rt := &o.Tranches[k]
		m.returns(flows, b.f(d), b.f(r), at, b.cents, !skip.tranche, rt)
		c := b.f(b.committed[k])
		committed += c
		rt.Committed, rt.CommittedMultiple = c, committedMultiple(c, rt.Drawn, rt.Received)
		rt.CommittedIRR = IRR{Rate: math.NaN(), Status: Skipped, Other: math.NaN()}
		if lb, ok := any(b).(*book[int64]); ok {
			rt.CommittedIRR = m.committedIRR(lb, []int{k})
		}
	}
	if fb, ok := any(b).(*book[float64]); ok && m.commitFees {
		investorsDust(fb, sum)
	}
	m.returns(sum, b.f(drawn), b.f(received), at, b.cents, !skip.investors, &o.Investors)
	o.Investors.Committed = committed
	o.Investors.CommittedMultiple = committedMultiple(committed, o.Investors.Drawn, o.Investors.Received)
	o.Investors.CommittedIRR = IRR{Rate: math.NaN(), Status: Skipped, Other: math.NaN()}
	if lb, ok := any(b).(*book[int64]); ok {
		all := make([]int, len(s.Tranches))
		for k := range all {
			all[k] = k
		}
		o.Investors.CommittedIRR = m.committedIRR(lb, all)
	}
	return size
}

// skips are the parts of the outputs an evaluation leaves out (Work's
// SkipTrancheIRR, SkipInvestorsIRR, SkipAppraisal); the ledger leaves out
// none.
type skips struct{ tranche, investors, appraisal bool }

// commissionerRawPV is Appraisal.CommissionerRawPV alone, summed as
// appraiseOf sums it.
func (m *Model) commissionerRawPV(p byID, pr *projection) float64 {
	var pv float64
	if pr.ab.comm != nil {
		for i := range m.s.CommissionerCosts {
			pv += m.commissionerPV(p, pr, &m.s.CommissionerCosts[i])
		}
	}
	return pv
}

// investorsDust makes 0 the investors' flows of periods that are within
// float noise (1e-9) of what went in and out: with commitment fees, the
// tranches can draw in a period just the fees they are paid, which nets
// to 0 in the ledger, and dust would read as an outflow or a root.
func investorsDust(b *book[float64], sum []float64) {
	P := b.P
	for t := range P {
		var gross float64
		for k := range b.K {
			i := k*P + t
			gross += b.ret[i] + b.prin[i] + b.excess[i] + b.topup[i] + b.cfee[i] + b.draw[i]
		}
		if math.Abs(sum[t]) <= 1e-9*gross {
			sum[t] = 0
		}
	}
}

// committedMultiple is the multiple on committed capital: what the
// commitment set aside comes back as, (committed + received − drawn) /
// committed; NaN when nothing was committed.
func committedMultiple(committed, drawn, received float64) float64 {
	if !(committed > 0) {
		return math.NaN()
	}
	return (committed + received - drawn) / committed
}

// committedIRR is the IRR on committed capital of tranches ks together
// (Returns.CommittedIRR): each commitment out in the first period, the
// tranches' receipts in, each undrawn commitment back in the period it
// lapses (its maturity). The ledger's only: it allocates.
func (m *Model) committedIRR(b *book[int64], ks []int) IRR {
	P := b.P
	flows := make([]int64, P)
	for _, k := range ks {
		var d int64
		for t := range P {
			i := k*P + t
			flows[t] += b.ret[i] + b.prin[i] + b.excess[i] + b.topup[i] + b.cfee[i]
			d += b.draw[i]
		}
		c := b.committed[k]
		flows[0] -= c
		flows[b.maturity[k]] += c - d
	}
	f := make([]float64, P)
	for t, x := range flows {
		f[t] = float64(x) / 100
	}
	return annualise(solvePeriodic(f, roots{perYear: m.ppy}), m.ppy)
}

// netFlow is a position's flow in a period, received in less drawn out.
// On the float path a flow within rounding noise of the amounts (1e-9 of
// them) is 0: a tranche repaid in a period just what it drew (under a
// rate cap whose room was spent, the capital drawn is all the room) nets
// to 0 in the ledger, and float dust would be a flow, a sign change that
// gives the IRR a root at −100%.
//
// In cents the flow is exact (in − out as the ledger's rows: a tranche
// that draws just the commitment fee it is paid nets to 0). It is written
// to inline: |x| ≤ 1e-9 × max(in, out) as two comparisons, the same test
// (NaN fails both).
func netFlow(in, out, exact float64, cents bool) float64 {
	if cents {
		return exact
	}
	x := in - out
	if a := math.Abs(x); a <= 1e-9*in || a <= 1e-9*out {
		return 0
	}
	return x
}

// statePayback counts the periods until a running total of net flows
// turns non-negative for good.
func statePayback(net []float64) int {
	cum, last := 0.0, 0
	for t, x := range net {
		cum += x
		if cum < -1e-9 {
			last = t + 1
		}
	}
	switch {
	case last == 0:
		return 0
	case last == len(net):
		return -1
	}
	return last + 1
}

// returns fills r from a position's net flows by period and its gross
// totals paid out and received.
// hurdle returns the discount factor at the hurdle rate of the first
// period's end and its step from one period to the next, for NPVs.
func (m *Model) hurdle(p byID) [2]float64 {
	h := p.or(m.s.Settings.Hurdle, 0)
	// The first period ends a period from the start: one power serves.
	step := math.Pow(1+h, -1/float64(m.ppy))
	return [2]float64{step, step}
}

func (m *Model) returns(flows []float64, out, in float64, at [2]float64, dated, irr bool, r *Returns) {
	r.Drawn, r.Received = out, in
	r.Multiple = math.NaN()
	if out > 0 {
		r.Multiple = in / out
	}
	r.IRR = IRR{Rate: math.NaN(), Status: Skipped, Other: math.NaN()}
	if irr {
		// Among several roots, the one closest to 0 a year, the rate shown.
		r.IRR = annualise(solvePeriodic(flows, roots{perYear: m.ppy}), m.ppy)
	}
	r.Dated = dated
	if dated && irr {
		r.XIRR = SolveXIRR(flows, m.xyears)
	}
	r.NPV = 0
	v, step := at[0], at[1]
	for _, x := range flows {
		r.NPV += x * v
		v *= step
	}
	r.Payback = payback(flows)
}

// annualise turns a rate per period into a rate a year.
func annualise(r IRR, ppy int) IRR {
	if ppy == 1 {
		return r
	}
	up := func(x float64) float64 {
		if math.IsNaN(x) || x <= -1 {
			return x
		}
		return powInt(1+x, ppy) - 1
	}
	r.Rate = up(r.Rate)
	r.Other = up(r.Other)
	return r
}

// payback counts the periods until a position's running total turns
// non-negative for good, after its first outflow, within half a cent (the
// ledger's totals are whole cents, whose float sums are not exact); −1
// when it never does.
func payback(flows []float64) int {
	const tol = 0.005
	cum, out, last := 0.0, false, -1
	for t, x := range flows {
		cum += x
		if x < 0 {
			out = true
		}
		if cum < -tol {
			last = t
		}
	}
	switch {
	case !out:
		return -1
	case last == len(flows)-1:
		return -1
	case last < 0:
		// Never behind: even in the period of the first outflow.
		for t, x := range flows {
			if x < 0 {
				return t + 1
			}
		}
	}
	return last + 2
}
