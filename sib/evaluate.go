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
	NetPV               float64 // CashablePV − PaymentsPV: what the state saves net of payments
	NetGrossPV          float64 // GrossPV − PaymentsPV: the same, counting capacity freed as saved
	SavingsRatio        float64 // CashablePV / PaymentsPV; NaN without payments
	// DirectPV is what commissioning the same delivery directly would
	// cost; PremiumPV = PaymentsPV − DirectPV is the price of the SIB's
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
}

// Work is the scratch space of Evaluate. Make one per goroutine with
// Model.NewWork; after that, Evaluate does not allocate.
type Work struct {
	// SkipTrancheIRR leaves out the IRR of each tranche (Status Skipped),
	// for loops that need only all investors' together: each IRR costs
	// about a microsecond.
	SkipTrancheIRR bool

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
	m.project(p, w.pr)
	w.b.run(m, p, w.pr)
	size := outputsOf(m, p, w.pr, w.b, &w.out, w.flows, w.sum, w.SkipTrancheIRR)
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
func outputsOf[T amount](m *Model, p byID, pr *projection, b *book[T], o *Outputs, flows, sum []float64, skip bool) (size float64) {
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
		sum[t] = (c - payReal) * df
	}
	o.NetPV = o.CashablePV - o.PaymentsPV
	o.NetGrossPV = o.GrossPV - o.PaymentsPV
	o.PremiumPV = o.PaymentsPV - o.DirectPV
	o.SavingsRatio = math.NaN()
	if o.PaymentsPV > 0 {
		o.SavingsRatio = o.CashablePV / o.PaymentsPV
	}
	o.StatePayback = statePayback(sum)
	at := m.hurdle(p)
	clear(sum)
	var drawn, received T
	for k := range s.Tranches {
		var d, r T
		for t := range P {
			in := b.ret[k*P+t] + b.prin[k*P+t] + b.excess[k*P+t] + b.topup[k*P+t]
			d += b.draw[k*P+t]
			r += in
			flows[t] = netFlow(b, in, b.draw[k*P+t])
			sum[t] += flows[t]
		}
		drawn += d
		received += r
		m.returns(flows, b.f(d), b.f(r), at, b.cents, !skip, &o.Tranches[k])
	}
	m.returns(sum, b.f(drawn), b.f(received), at, b.cents, true, &o.Investors)
	return size
}

// netFlow is a position's flow in a period, received in less drawn out.
// On the float path a flow within rounding noise of the amounts (1e-9 of
// them) is 0: a tranche repaid in a period just what it drew (under a
// rate cap whose room was spent, the capital drawn is all the room) nets
// to 0 in the ledger, and float dust would be a flow, a sign change that
// gives the IRR a root at −100%.
func netFlow[T amount](b *book[T], in, out T) float64 {
	x := b.f(in) - b.f(out)
	if !b.cents && math.Abs(x) <= 1e-9*max(b.f(in), b.f(out)) {
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
		return math.Pow(1+x, float64(ppy)) - 1
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
