package sib

import (
	"fmt"
	"math"
	"time"

	"github.com/sib-engine/sib/internal/root"
)

// NPV returns the net present value of flows at rate per period:
// Σ flows[i]/(1+rate)^i. flows[0] is at time 0 and is not discounted;
// flows[i] is at the end of period i. Excel's and Calc's NPV discount their
// first value by a period: NPV here is flows[0] + their NPV(rate; flows[1:]).
//
// It is Horner's rule in 1/(1+rate): one multiplication a flow, accurate
// for long series. At rate −1 it is ±Inf or NaN.
func NPV(rate float64, flows []float64) float64 {
	if len(flows) == 0 {
		return 0
	}
	v := 1 / (1 + rate)
	// Start from the last flow, not from 0, so that 0·Inf does not make
	// NaN at rate −1 when only flows[0] is nonzero.
	s := flows[len(flows)-1]
	for i := len(flows) - 2; i >= 0; i-- {
		s = s*v + flows[i]
	}
	return s
}

// XNPV returns the net present value of flows at rate per year:
// Σ flows[i]/(1+rate)^years[i], as Excel's and Calc's XNPV when years
// comes from YearFractions. Flows at year 0 are not discounted. It panics
// if flows and years differ in length.
func XNPV(rate float64, flows, years []float64) float64 {
	checkLen(flows, years)
	// (1+rate)^−y as exp(−y·log1p(rate)): accurate for tiny rates too,
	// where 1+rate would round.
	l := math.Log1p(rate)
	var s float64
	for i, f := range flows {
		if y := years[i]; y != 0 {
			f *= math.Exp(-y * l)
		}
		s += f
	}
	return s
}

// YearFractions fills out, grown if its capacity is too small, with the
// days from dates[0] to each date divided by 365, the convention of Excel's
// and Calc's XNPV and XIRR, and returns it. Days are calendar days: each
// date is truncated to its day in its own location, so a time of day or a
// daylight-saving change does not make a fraction of a day.
func YearFractions(dates []time.Time, out []float64) []float64 {
	if cap(out) < len(dates) {
		out = make([]float64, len(dates))
	}
	out = out[:len(dates)]
	if len(dates) == 0 {
		return out
	}
	d0 := civilDay(dates[0])
	for i, d := range dates {
		out[i] = float64(civilDay(d)-d0) / 365
	}
	return out
}

// civilDay is the number of the day of t in its location, counted from
// 1970-01-01.
func civilDay(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// Status says whether an IRR exists, and why not when it does not.
type Status uint8

// Statuses of an IRR.
const (
	OK        Status = iota // at least one IRR
	NoFlows                 // no flows, or all zero
	NoOutflow               // no negative flow: nothing was invested
	TotalLoss               // outflows and no inflow: the IRR is −100%
	NoRoot                  // both signs, but the NPV is never zero above −100%
	NotFinite               // a flow or a year is NaN or ±Inf, or the flows' absolute sum overflows
	Skipped                 // not computed: Work.SkipTrancheIRR
)

var statusNames = [...]string{"OK", "NoFlows", "NoOutflow", "TotalLoss", "NoRoot", "NotFinite", "Skipped"}

func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", uint8(s))
}

// IRR is the internal rate of return of a series of flows, from SolveIRR
// or SolveXIRR.
//
// Flows that change sign more than once can have several IRRs. Rate is
// then the one closest to 0, the least extreme reading, and Other the next
// closest; Warning says so. The IRRs of a Model's Returns are annualised,
// and the roots are compared a year, as they are shown.
type IRR struct {
	Rate   float64 // per period (SolveIRR) or per year (SolveXIRR); −1 for TotalLoss; NaN when no IRR
	Status Status
	Roots  int     // IRRs found above −100%; more than 1 makes Rate ambiguous: see Warning
	Other  float64 // when Roots > 1, the IRR next closest to 0; else NaN
}

// Exists reports whether there is an IRR: Status is OK or TotalLoss.
func (r IRR) Exists() bool { return r.Status == OK || r.Status == TotalLoss }

// Reason is "" when Status is OK and otherwise says, in plain English, why
// there is no IRR or why it is −100%.
func (r IRR) Reason() string {
	switch r.Status {
	case OK:
		return ""
	case NoFlows:
		return "no IRR: there are no flows (or all are zero)"
	case NoOutflow:
		return "no IRR: nothing was invested (no outflow)"
	case TotalLoss:
		return "total loss: nothing comes back, the IRR is −100%"
	case NoRoot:
		return "no IRR: the net present value has no root above −100%"
	case NotFinite:
		return "no IRR: a flow or a date is not a finite number"
	case Skipped:
		return "IRR not computed"
	}
	return "no IRR: " + r.Status.String()
}

// Warning is "" unless several IRRs were found; it then names Rate and
// Other.
func (r IRR) Warning() string {
	switch {
	case r.Roots == 2:
		return fmt.Sprintf("several IRRs: %.1f%% and %.1f%%; the flows change sign more than once", 100*r.Rate, 100*r.Other)
	case r.Roots > 2:
		return fmt.Sprintf("%d IRRs, among them %.1f%% and %.1f%%; the flows change sign more than once", r.Roots, 100*r.Rate, 100*r.Other)
	}
	return ""
}

// SolveIRR returns the internal rate of return per period of flows, the
// rate at which NPV is zero. flows[i] is at the end of period i.
//
// Every IRR above −100% is sought. When the flows change sign once there is
// exactly one (Descartes' rule of signs), found by bracketing; so is each
// root when the running totals of the flows, from the first flow and from
// the last, change sign at most once (Norstrøm's criterion, which bounds
// the roots above and below 0), as an investor's flows with recycled calls
// usually do. Otherwise a fixed grid of rates from about −100% + 1e−304 to 1e304 is scanned for
// sign changes of the NPV, and for turning points that bring it back across
// 0 between two grid points. A root outside the grid, three in one of its
// cells, or a double root (the NPV touching 0 without crossing it, unless
// rounding makes it reach 0) can be missed. Each root is refined by
// Newton's method on the NPV's polynomial in 1/(1+r) or 1+r, safeguarded
// by bisection (Brent's method for SolveXIRR's dated flows), then by
// Newton steps to about full double precision in log(1+r). A
// rate within about 1e−16 of −100% rounds to −1 (with Status OK), and one
// above 1.8e308 is +Inf. SolveIRR does not allocate.
func SolveIRR(flows []float64) IRR { return solveIRR(flows, nil) }

// SolveXIRR returns the internal rate of return per year of flows at
// years, the rate at which XNPV is zero, as Excel's and Calc's XIRR with
// years from YearFractions. Years need not be sorted nor start at 0. The
// method and its limits are SolveIRR's. It panics if flows and years differ
// in length.
func SolveXIRR(flows, years []float64) IRR { return solveXIRR(flows, years, nil) }

// Multiple returns the money multiple: total inflows over total outflows.
// It is NaN when there is no outflow or a flow is NaN.
func Multiple(flows []float64) float64 {
	var in, out float64
	for _, f := range flows {
		switch {
		case f > 0:
			in += f
		case f < 0:
			out -= f
		case f != f:
			return math.NaN()
		}
	}
	if out == 0 {
		return math.NaN()
	}
	return in / out
}

// Payback returns the first index from which the running sum of flows
// stays at or above 0 to the end, and from which at least one outflow has
// been made; −1 when there is none (no outflow, a running sum that ends
// below 0, or a NaN).
func Payback(flows []float64) int {
	var sum float64
	outflow := false
	at := -1
	for i, f := range flows {
		sum += f
		outflow = outflow || f < 0
		switch {
		case sum != sum:
			return -1
		case sum < 0:
			at = -1
		case at < 0 && outflow:
			at = i
		}
	}
	return at
}

func checkLen(flows, years []float64) {
	if len(flows) != len(years) {
		panic(fmt.Sprintf("sib: %d flows and %d years", len(flows), len(years)))
	}
}

// The solvers work in u = log(1+r), which maps (−1, ∞) onto the real line,
// and on a scaled NPV, S(u) = NPV·(1+r)^c: it has the NPV's roots and sign,
// but c is chosen so that every discount factor is at most 1, so S neither
// overflows nor loses its roots to Inf at extreme rates or in long series.
// With flows at times t, c is the first time for u ≥ 0 and the last for
// u < 0; the two agree at u = 0, so S is continuous, though its slope is
// not.

// series is S and its derivative S′ in u for flows at times t, or at
// times 0, 1, 2, … when t is nil.
type series struct {
	f, t       []float64
	tmin, tmax float64 // the times of the first and last nonzero flows
}

func (s *series) value(u float64) float64 {
	if s.t == nil {
		return s.horner(u)
	}
	c := s.tmin
	if u < 0 {
		c = s.tmax
	}
	var y float64
	for i, f := range s.f {
		if f != 0 {
			y += f * math.Exp((c-s.t[i])*u)
		}
	}
	return y
}

func (s *series) both(u float64) (y, dy float64) {
	if s.t == nil {
		return s.horner2(u)
	}
	c := s.tmin
	if u < 0 {
		c = s.tmax
	}
	for i, f := range s.f {
		if f != 0 {
			e := c - s.t[i]
			z := f * math.Exp(e*u)
			y += z
			dy += e * z
		}
	}
	return y, dy
}

// horner is S for flows at times 0, 1, 2, …, with no zero at either end:
// Horner's rule in v = 1/(1+r) ≤ 1, or in x = 1+r < 1. It runs two chains,
// the even and the odd powers, in v² or x²: half the latency of one.
func (s *series) horner(u float64) float64 {
	f := s.f
	m := len(f) - 1
	if u >= 0 {
		v := 1.0 // S(0), which every solve asks for, needs no exponential
		if u != 0 {
			v = math.Exp(-u)
		}
		w := v * v
		i := m &^ 1
		e, o := f[i], 0.0
		if i < m {
			o = f[m]
		}
		for i -= 2; i >= 0; i -= 2 {
			e = e*w + f[i]
			o = o*w + f[i+1]
		}
		return e + v*o
	}
	// The coefficient of x^j is f[m−j].
	x := math.Exp(u)
	w := x * x
	j := m &^ 1
	e, o := f[m-j], 0.0
	if j < m {
		o = f[0]
	}
	for j -= 2; j >= 0; j -= 2 {
		e = e*w + f[m-j]
		o = o*w + f[m-j-1]
	}
	return e + x*o
}

// horner2 is horner with the derivative.
func (s *series) horner2(u float64) (y, dy float64) {
	f := s.f
	if u >= 0 {
		v := math.Exp(-u)
		y = f[len(f)-1]
		for i := len(f) - 2; i >= 0; i-- {
			dy = dy*v + y
			y = y*v + f[i]
		}
		return y, -v * dy
	}
	x := math.Exp(u)
	y = f[0]
	for _, c := range f[1:] {
		dy = dy*x + y
		y = y*x + c
	}
	return y, x * dy
}

// shape is what the solver needs to know about a series besides S.
type shape struct {
	// lead and tail are the sums of the first and the last nonzero flows
	// in time: the limits of S as u → ∞ and u → −∞.
	lead, tail float64
	// S has no root above hi nor below lo.
	lo, hi float64
	// changes is the number of sign changes of the flows in time order,
	// an upper bound on the number of roots; −1 when unknown.
	changes int
}

// bound returns the u beyond which the leading term l of S outweighs the
// others, whose absolute sum is r and whose times are at least delta
// further: |S − l| ≤ r·exp(−delta·|u|) < |l|.
func bound(l, r, delta float64) float64 {
	switch {
	case l == 0 || delta <= 0:
		return math.Inf(1)
	case r <= 0:
		return 0
	}
	// One logarithm (each IRR of a Monte Carlo works out two bounds),
	// two where the quotient overflows.
	q := r / math.Abs(l)
	if math.IsInf(q, 1) {
		return max(0, (math.Log(r)-math.Log(math.Abs(l)))/delta)
	}
	return max(0, math.Log(q)/delta)
}

// classify checks the flows' signs and finiteness. For a series with
// both signs it returns OK and the first and last indexes of nonzero
// flows, the number of sign changes and the absolute sum.
func classify(flows []float64) (st Status, first, last, changes int, abs float64) {
	first, last = -1, -1
	var pos, neg, below bool
	// Written for speed (each draw's IRR starts here): f − f is 0 for
	// every finite f and NaN for a NaN or an infinity; a nonzero f's sign
	// is f < 0.
	for i, f := range flows {
		switch {
		case f-f != 0:
			return NotFinite, 0, 0, 0, 0
		case f == 0:
			continue
		}
		b := f < 0
		if b {
			neg = true
		} else {
			pos = true
		}
		if first < 0 {
			first = i
		} else if b != below {
			changes++
		}
		below = b
		last = i
		abs += math.Abs(f)
	}
	switch {
	case math.IsInf(abs, 0):
		return NotFinite, 0, 0, 0, 0
	case !pos && !neg:
		return NoFlows, 0, 0, 0, 0
	case !neg:
		return NoOutflow, 0, 0, 0, 0
	case !pos:
		return TotalLoss, 0, 0, 0, 0
	}
	return OK, first, last, changes, abs
}

// noIRR is the result for a status other than OK.
func noIRR(st Status) IRR {
	r := IRR{Rate: math.NaN(), Status: st, Other: math.NaN()}
	if st == TotalLoss {
		r.Rate = -1
	}
	return r
}

func solveIRR(flows []float64, all *[]float64) IRR { return solvePeriodic(flows, roots{all: all}) }

// solvePeriodic is SolveIRR, choosing among several roots as rs says.
func solvePeriodic(flows []float64, rs roots) IRR {
	st, f, sh := periodicShape(flows)
	if st != OK {
		return noIRR(st)
	}
	ser := series{f: f, tmax: float64(len(f) - 1)}
	return ser.solve(sh, rs)
}

// periodicShape classifies periodic flows and, when they have both signs
// (OK), returns them from the first nonzero flow to the last, and their
// shape: what solvePeriodic and the batched solver (irrBlock) start from.
func periodicShape(flows []float64) (Status, []float64, shape) {
	st, first, last, changes, abs := classify(flows)
	if st != OK {
		return st, nil, shape{}
	}
	f := flows[first : last+1]
	lead, tail := f[0], f[len(f)-1]
	// Times are integers, so the other flows are at least one period away.
	sh := shape{
		lead: lead, tail: tail,
		hi:      bound(lead, abs-math.Abs(lead), 1),
		lo:      -bound(tail, abs-math.Abs(tail), 1),
		changes: changes,
	}
	return OK, f, sh
}

func solveXIRR(flows, years []float64, all *[]float64) IRR {
	checkLen(flows, years)
	st, _, _, changes, abs := classify(flows)
	if st != OK {
		return noIRR(st)
	}
	tmin, tmax := math.Inf(1), math.Inf(-1)
	sorted := true
	prev := math.Inf(-1)
	for i, t := range years {
		if math.IsNaN(t) || math.IsInf(t, 0) {
			return noIRR(NotFinite)
		}
		if flows[i] == 0 {
			continue
		}
		tmin, tmax = min(tmin, t), max(tmax, t)
		sorted = sorted && t >= prev
		prev = t
	}
	if tmin == tmax {
		// S is the constant sum of the flows: zero everywhere or nowhere.
		return noIRR(NoRoot)
	}
	// The leading and trailing terms and the gaps to the times next to them.
	var lead, tail float64
	dlead, dtail := math.Inf(1), math.Inf(1)
	for i, t := range years {
		switch f := flows[i]; {
		case f == 0:
		case t == tmin:
			lead += f
		case t == tmax:
			tail += f
		}
		if flows[i] != 0 {
			if t > tmin {
				dlead = min(dlead, t-tmin)
			}
			if t < tmax {
				dtail = min(dtail, tmax-t)
			}
		}
	}
	if !sorted || lead == 0 || tail == 0 {
		// Same-day flows that cancel, or dates out of order: the count
		// of sign changes proves nothing.
		changes = -1
	}
	sh := shape{
		lead: lead, tail: tail,
		hi:      bound(lead, abs-math.Abs(lead), dlead),
		lo:      -bound(tail, abs-math.Abs(tail), dtail),
		changes: changes,
	}
	ser := series{f: flows, t: years, tmin: tmin, tmax: tmax}
	return ser.solve(sh, roots{all: all})
}

// The grid of u scanned for roots: a sinh spacing, about 0.01 apart near
// u = 0 (a rate of 0%) and about 3 apart at ±50 (rates of −100% + 2e−22
// and 5e21), then ±100, ±200, ±400 and ±700 (about −100% + 1e−304 and
// 1e304), for dated series whose flows are days apart; 0 itself is a grid
// point, where S switches between its two scalings.
const (
	gridTails = 4
	gridCells = 256 + 2*gridTails
)

var grid = func() (g [gridCells + 1]float64) {
	const a = 0.2
	b := math.Asinh(50 / a)
	tails := [gridTails]float64{700, 400, 200, 100}
	for k, u := range tails {
		g[k], g[gridCells-k] = -u, u
	}
	const inner = gridCells - 2*gridTails
	for k := range inner + 1 {
		g[gridTails+k] = a * math.Sinh(b*(2*float64(k)/inner-1))
	}
	g[gridCells/2] = 0
	return g
}()

// roots collects the roots found, keeping the two closest to 0 in rate:
// in the rate a year when perYear > 1 (0 and 1 mean per period), so that
// the choice is made on the rate shown. Annualising stretches positive
// rates more than negative ones: 5% a month is 79.6% a year and −8% a
// month −63.2%, so per period the first is nearer 0 and a year the second.
type roots struct {
	n           int
	best, other float64 // rates per period
	perYear     int
	all         *[]float64
}

// key is a rate's distance from 0: a year when perYear > 1, as annualise
// computes the rate shown.
func (rs *roots) key(r float64) float64 {
	if rs.perYear > 1 {
		return math.Abs(powInt(1+r, rs.perYear) - 1)
	}
	return math.Abs(r)
}

func (rs *roots) add(u float64) {
	r := math.Expm1(u)
	rs.n++
	// The keys are worked out only when there is a choice: most flows
	// have one root.
	switch {
	case rs.n == 1:
		rs.best = r
	case rs.key(r) < rs.key(rs.best):
		rs.best, rs.other = r, rs.best
	case rs.n == 2 || rs.key(r) < rs.key(rs.other):
		rs.other = r
	}
	if rs.all != nil {
		*rs.all = append(*rs.all, r)
	}
}

func (rs *roots) irr() IRR {
	if rs.n == 0 {
		return noIRR(NoRoot)
	}
	r := IRR{Rate: rs.best, Status: OK, Roots: rs.n, Other: math.NaN()}
	if rs.n > 1 {
		r.Other = rs.other
	}
	return r
}

// solve finds the roots of S and chooses the IRR.
func (s *series) solve(sh shape, rs roots) IRR {
	if sh.changes == 1 {
		// Descartes: at most one root, and one exactly when S has
		// opposite signs at both ends.
		if (sh.lead > 0) == (sh.tail > 0) {
			return noIRR(NoRoot)
		}
		if u, ok := s.unique(sh); ok {
			rs.add(u)
		}
		return rs.irr()
	}
	if s.t == nil && sh.changes > 1 && s.partial(&sh, &rs) {
		return rs.irr()
	}
	return s.scan(sh, rs)
}

// partial counts the roots of a periodic series on each side of a pivot
// u0 by the sign changes of its running totals, and finds them when there
// is at most one a side: then it returns true. For u > u0, S(u) = Σ g_t w^t
// with g_t = f_t e^(−u0·t) and w = e^(u0−u) in (0, 1), and S/(1−w) =
// Σ A_t w^t, where A_t are the running totals of g from the first flow
// (A_t = A_n past the end): Descartes' rule for power series converging
// on (0, 1) bounds the roots there by the sign changes of A (Norstrøm's
// criterion at u0 = 0). For u < u0 the same holds in 1/w with the totals
// from the last flow. A side with one change has one root: its totals,
// and so S, go from the end term's sign to the sum's. Flows whose IRR an
// investor meets in practice (calls, then returns, then a recycled call
// repaid) change sign several times but their totals at 0 once; a heavy
// loss's (calls, a little back, then fees called again) have more
// changes at 0 but one a side at a pivot nearer its root (pivotOf). This
// spares them the grid scan. It narrows sh's bounds by what the pivots
// it tried show, for the scan.
func (s *series) partial(sh *shape, rs *roots) bool {
	u0, fwd, back, total, ok := pivotOf(s.f, sh)
	if !ok {
		return false
	}
	s0 := s.value(u0)
	if s0 == 0 || (s0 > 0) != (total > 0) {
		return false
	}
	// Both roots are found before either is added: the scan that follows
	// a failure must start with none.
	var us [2]float64
	n := 0
	if back == 1 {
		u, ok := s.halfLine(u0, -1, u0-sh.lo, s0)
		if !ok {
			return false
		}
		us[n], n = u, n+1
	}
	if fwd == 1 {
		u, ok := s.halfLine(u0, 1, sh.hi-u0, s0)
		if !ok {
			return false
		}
		us[n], n = u, n+1
	}
	for _, u := range us[:n] {
		rs.add(u)
	}
	return true
}

// pivotOf returns a pivot u0 for partial, the sign changes of the running
// totals of the flows discounted to it (forward and back) and the sign of
// their sum (total). It is 0 when its changes are at most one a side.
// Else, on the side with more than one change (the far side), it tries
// ±0.05, ±0.1, ±0.2, … ±6.4 inside (lo, hi): moving the pivot out moves
// changes from the far side to the near one, and once the far side has
// at most one while the near side has more, it halves the step between
// the last two pivots (up to 10 times) for one with at most one a side.
// ok is false when there is none, or a running total is within rounding
// of 0. Every pivot tried with no change on a side shows that S has no
// root beyond it on that side: sh's bounds are narrowed to the nearest,
// for the grid scan that follows a failure (S whose roots are close
// together, or that nearly touches 0, has no pivot).
func pivotOf(f []float64, sh *shape) (u0 float64, fwd, back int, total float64, ok bool) {
	fwd, back, total, ok = runningChanges(f)
	return pivotFrom(f, sh, fwd, back, total, ok)
}

// pivotFrom is pivotOf with the counts at 0 (runningChanges's) given: the
// batched solver works them out for a block's lanes at once (shapes).
func pivotFrom(f []float64, sh *shape, fwd, back int, total float64, ok bool) (float64, int, int, float64, bool) {
	var u0 float64
	// narrow keeps what the counts at u show.
	narrow := func(u float64, fwd, back int) {
		if fwd == 0 {
			sh.hi = min(sh.hi, u)
		}
		if back == 0 {
			sh.lo = max(sh.lo, u)
		}
	}
	if !ok || (fwd <= 1 && back <= 1) {
		return 0, fwd, back, total, ok
	}
	narrow(0, fwd, back)
	if fwd > 1 && back > 1 {
		return 0, fwd, back, total, false
	}
	dir := 1.0
	if back > 1 {
		dir = -1
	}
	// far is the count on the side dir of u0.
	far := func(fwd, back int) int {
		if dir < 0 {
			return back
		}
		return fwd
	}
	// The discounted flows' weights, e^(±u0·t) by repeated products, must
	// stay finite (|u0|·t ≤ 700) and their rounding (about t ulps) well
	// inside the totals' tolerance (1e-12): no pivot for a series longer
	// than pivotLen, and none that far out.
	if len(f) > pivotLen {
		return 0, 0, 0, 0, false
	}
	reach := 700 / float64(max(len(f)-1, 1))
	// try takes the counts at u0: found when at most one a side, else
	// the bounds they narrow and whether the far side has more than one
	// (many); ok false when they are uncertain.
	var found, many bool
	try := func() {
		fwd, back, total, ok = scaledChanges(f, u0)
		found = ok && fwd <= 1 && back <= 1
		if ok && !found {
			narrow(u0, fwd, back)
			many = far(fwd, back) > 1
		}
	}
	prev := 0.0 // the last pivot whose far side has more than one change
	for k := range 8 {
		u0 = dir * 0.05 * float64(int(1)<<k)
		if !(u0 > sh.lo && u0 < sh.hi) || math.Abs(u0) > reach {
			break
		}
		if try(); found || !ok {
			break
		}
		if many {
			prev = u0
			continue
		}
		a, b := prev, u0
		for range 10 {
			u0 = 0.5 * (a + b)
			if try(); found || !ok {
				break
			}
			if many {
				a = u0
			} else {
				b = u0
			}
		}
		break
	}
	if found {
		return u0, fwd, back, total, true
	}
	return 0, 0, 0, 0, false
}

// scaledChanges is runningChanges of g_t = f_t e^(−u0·t): forward with
// the weights from 1 at the first flow, back from 1 at the last (a
// positive factor apart, so with the same signs), each way within its
// own rounding.
func scaledChanges(f []float64, u0 float64) (fwd, back int, total float64, ok bool) {
	v := math.Exp(-u0)
	x0 := 1 / v
	var abs, absB float64
	w, wb := 1.0, 1.0
	for i, x := range f {
		g := x * w
		total += g
		abs += math.Abs(g)
		w *= v
		absB += math.Abs(f[len(f)-1-i] * wb)
		wb *= x0
	}
	// A weight past the float range makes the sums Inf or NaN (0·Inf):
	// the counts are then unknown.
	if !(abs <= math.MaxFloat64) || !(absB <= math.MaxFloat64) {
		return 0, 0, 0, false
	}
	fwd, ok1 := totalsChanges(f, v, 1e-12*abs, false)
	back, ok2 := totalsChanges(f, x0, 1e-12*absB, true)
	if !ok1 || !ok2 {
		return 0, 0, 0, false
	}
	return fwd, back, total, true
}

// pivotLen is the longest series pivotOf tries pivots for: the weights'
// products keep their rounding under about 1e-13 relative.
const pivotLen = 1000

// totalsChanges counts the sign changes of the running totals of f_t·w_k,
// w_k = r^k for the k-th flow visited, from the first flow or (back) from
// the last; false when a total is within eps of 0, which makes them
// uncertain. signChanges is the same with no weights, in the IRR's hot
// path (the products' chain would double its time).
func totalsChanges(f []float64, r, eps float64, back bool) (n int, ok bool) {
	var a float64
	var c signCount
	w := 1.0
	at, step := 0, 1
	if back {
		at, step = len(f)-1, -1
	}
	for range f {
		g := f[at] * w
		at, w = at+step, w*r
		if a += g; g != 0 && !c.add(a, eps) {
			return 0, false
		}
	}
	return c.n, true
}

// signChanges is totalsChanges with every weight 1.
func signChanges(f []float64, eps float64, back bool) (n int, ok bool) {
	var a float64
	var c signCount
	at, step := 0, 1
	if back {
		at, step = len(f)-1, -1
	}
	for range f {
		g := f[at]
		at += step
		if a += g; g != 0 && !c.add(a, eps) {
			return 0, false
		}
	}
	return c.n, true
}

// signCount counts the sign changes of a sequence of running totals.
type signCount struct {
	n         int
	neg, seen bool
}

// add takes the next total a, and is false when it is within eps of 0,
// where its sign is uncertain; past eps a is not 0, so its sign is a < 0.
func (c *signCount) add(a, eps float64) bool {
	if math.Abs(a) <= eps {
		return false
	}
	if b := a < 0; b != c.neg || !c.seen {
		if c.seen {
			c.n++
		}
		c.neg, c.seen = b, true
	}
	return true
}

// runningChanges returns the sign changes of the running totals of f
// from its first flow (fwd) and from its last (back), and its total: ok
// is false when a running total is within rounding of 0, which makes the
// changes uncertain.
func runningChanges(f []float64) (fwd, back int, total float64, ok bool) {
	var abs float64
	for _, x := range f {
		total += x
		abs += math.Abs(x)
	}
	// A total within rounding of 0 makes the sign changes uncertain.
	eps := 1e-12 * abs
	fwd, ok1 := signChanges(f, eps, false)
	back, ok2 := signChanges(f, eps, true)
	if !ok1 || !ok2 {
		return 0, 0, total, false
	}
	return fwd, back, total, true
}

// scan finds the roots of S on the grid.
func (s *series) scan(sh shape, rs roots) IRR {
	// Scan the grid cells that meet [lo, hi], and one beyond at each end,
	// where S has the sign of its leading or trailing term.
	k0, k1 := 0, gridCells
	for k0 < gridCells && grid[k0+1] < sh.lo {
		k0++
	}
	for k1 > k0+1 && grid[k1-1] > sh.hi {
		k1--
	}
	span := s.tmax - s.tmin
	a := grid[k0]
	sa, da := s.both(a)
	for k := k0; k < k1; k++ {
		if sh.changes > 0 && rs.n >= sh.changes {
			break
		}
		b := grid[k+1]
		sb, db := s.both(b)
		// S′ at b from the left: at 0, where both switches to the
		// scaling for u ≥ 0, that of the scaling for u < 0.
		dbl := db
		if b == 0 {
			dbl += span * sb
		}
		switch {
		case sa == 0:
			rs.add(a)
		case sb == 0:
			// Added as the next cell's a, or below for the last cell.
		case (sa > 0) != (sb > 0):
			rs.add(s.refine(a, b, sa, sb))
		case (sa > 0 && da < 0 && dbl > 0) || (sa < 0 && da > 0 && dbl < 0):
			// S turns back towards 0 inside the cell: if it crosses 0
			// there, it does so twice, which the ends cannot show.
			srch := root.NewSearch(a, b, da, dbl, 0)
			for x, ok := srch.Next(); ok; x, ok = srch.Next() {
				_, d := s.both(x)
				srch.Tell(d)
			}
			c, err := srch.Root()
			if err != nil && err != root.ErrMaxIter {
				break
			}
			switch sc := s.value(c); {
			case sc == 0:
				rs.add(c)
			case (sc > 0) != (sa > 0):
				rs.add(s.refine(a, c, sa, sc))
				rs.add(s.refine(c, b, sc, sb))
			}
		}
		a, sa, da = b, sb, db
	}
	if sa == 0 && (sh.changes <= 0 || rs.n < sh.changes) {
		rs.add(a)
	}
	return rs.irr()
}

// unique returns the root of S when it is known to be the only one and S
// has opposite signs at its ends: S(0) says on which side of 0 it is. It
// is false only if rounding spoils the bracket.
func (s *series) unique(sh shape) (float64, bool) {
	s0 := s.value(0)
	if s0 == 0 {
		return 0, true
	}
	if (s0 > 0) == (sh.lead > 0) {
		return s.halfLine(0, -1, -sh.lo, s0)
	}
	return s.halfLine(0, 1, sh.hi, s0)
}

// halfLine returns the root of S on the side dir (±1) of u0, known to be
// the only one there, where S(u0) = s0 and S has the other sign beyond
// u0 + dir·end: steps doubling from halfStep bracket it. It is false only if
// rounding spoils the bracket.
func (s *series) halfLine(u0, dir, end, s0 float64) (float64, bool) {
	// Beyond end, S has the sign of its end term; a margin of 1 keeps
	// rounding in the bound from mattering. Past u = ±1e4 the rate is
	// ±Inf or −1 in float64 anyway, and that keeps end finite even for
	// flows a split second apart.
	end = min(end+1, 1e4)
	prev, sprev := 0.0, s0
	for h := halfStep; ; h *= 2 {
		h = min(h, end)
		y := s.value(u0 + dir*h)
		switch {
		case y == 0:
			return u0 + dir*h, true
		case (y > 0) != (s0 > 0):
			if dir > 0 {
				return s.refine(u0+prev, u0+h, sprev, y), true
			}
			return s.refine(u0-h, u0-prev, y, sprev), true
		case h == end:
			return 0, false
		}
		prev, sprev = h, y
	}
}

// refine returns the root of S in [a, b], where S changes sign from sa to
// sb: for periodic flows, Newton's method on the polynomial in v = 1/(1+r)
// or x = 1+r, kept inside the bracket by bisection; otherwise (and where
// the polynomial's variable would underflow) Brent's method to about 1e-12
// in u. Then up to two Newton steps in u, each kept only if it stays in
// [a, b] and makes |S| smaller.
func (s *series) refine(a, b, sa, sb float64) float64 {
	u, ok := s.polyRoot(a, b, sa, sb)
	if !ok {
		srch := root.NewSearch(a, b, sa, sb, 1e-12)
		for x, ok := srch.Next(); ok; x, ok = srch.Next() {
			srch.Tell(s.value(x))
		}
		var err error
		u, err = srch.Root()
		if err != nil && err != root.ErrMaxIter {
			// Not reached with finite flows: S is finite and changes sign.
			return 0.5 * (a + b)
		}
	}
	y, d := s.both(u)
	for range 2 {
		if y == 0 || d == 0 {
			break
		}
		un := u - y/d
		if un == u || !(un >= a && un <= b) {
			break
		}
		yn, dn := s.both(un)
		if !(math.Abs(yn) < math.Abs(y)) {
			break
		}
		u, y, d = un, yn, dn
	}
	return u
}

// polyRoot finds the root of S in [a, b], on one side of 0, for periodic
// flows, to about 1e-14 relative in the polynomial's variable z: S is
// Σ f_t z^t with z = e^−u for u ≥ 0, and Σ f_(m−t) z^t with z = e^u for
// u ≤ 0 (horner's two scalings), so Newton's steps need no exponential.
// Each step that would leave the bracket, or not halve it as fast as
// bisection, is a bisection instead (Numerical Recipes' rtsafe). It is
// false for dated flows, a bracket across 0, a z too small to keep its
// precision, or no convergence in 100 steps.
func (s *series) polyRoot(a, b, sa, sb float64) (float64, bool) {
	if s.t != nil || (a < 0 && b > 0) {
		return 0, false
	}
	rev := b <= 0
	// z at the ends of [a, b], and S there (the signs matter only).
	var zl, zh, fl, fh float64
	if rev {
		zl, zh, fl, fh = math.Exp(a), math.Exp(b), sa, sb
	} else {
		zl, zh, fl, fh = math.Exp(-b), math.Exp(-a), sb, sa
	}
	if !(zl > 1e-300) || !(zh > zl) {
		return 0, false
	}
	// Start where the chord crosses 0, kept off the ends.
	z := zl + (zh-zl)*min(max(fl/(fl-fh), 0.01), 0.99)
	if fl > 0 {
		// Orient the bracket so that P(zl) < 0.
		zl, zh = zh, zl
	}
	dxOld := math.Abs(zh - zl)
	dx := dxOld
	done := false
	for range 100 {
		y, dy := s.poly(z, rev)
		if y == 0 {
			done = true
			break
		}
		if y < 0 {
			zl = z
		} else {
			zh = z
		}
		if ((z-zh)*dy-y)*((z-zl)*dy-y) > 0 || math.Abs(2*y) > math.Abs(dxOld*dy) {
			dxOld, dx = dx, 0.5*(zh-zl)
			z = zl + dx
		} else {
			dxOld, dx = dx, y/dy
			z -= dx
		}
		if math.Abs(dx) <= 1e-14*z {
			done = true
			break
		}
	}
	if !done {
		// A root many orders of magnitude below the bracket's top, which
		// Newton and bisection approach at most a halving a step: Brent
		// in u, where the bracket is short.
		return 0, false
	}
	u := math.Log(z)
	if !rev {
		u = -u
	}
	return min(max(u, a), b), true
}

// poly is S and its derivative in z (see polyRoot) by Horner's rule.
func (s *series) poly(z float64, rev bool) (y, dy float64) {
	f := s.f
	if rev {
		y = f[0]
		for _, c := range f[1:] {
			dy = dy*z + y
			y = y*z + c
		}
		return y, dy
	}
	y = f[len(f)-1]
	for i := len(f) - 2; i >= 0; i-- {
		dy = dy*z + y
		y = y*z + f[i]
	}
	return y, dy
}

// halfStep is halfLine's first step: 6.4% a quarter, 21% a year over
// quarters, about where an investor's IRR is, so that the bracket polyRoot
// starts from is short and its chord close to the root (from 0.25 the
// Estonian example's draws took 6.3 Newton steps, from 1/16 4.4 and 1.2
// steps of halfLine where they took 1).
const halfStep = 1.0 / 16
