package sib

import (
	"math"
	"math/bits"

	"github.com/sib-engine/sib/scenario"
)

// amount is the number type of the deal's money: float64 on the fast
// path (currency units), int64 cents in the ledger. The payment terms and
// the waterfall are written once, for both, so the two cannot drift apart;
// the ledger rounds where a contract does (each term's payment in a period,
// each cost, each coupon accrual) and splits amounts by largest remainder.
type amount interface{ ~int64 | ~float64 }

// maxMoney bounds any single amount of the ledger (currency units), far
// below where int64 cents or float64 integers lose precision.
const maxMoney = 1e13

// book is the state and the flows of the deal's money, period by period.
// Slices are indexed [item·P + period].
type book[T amount] struct {
	cents                bool // T counts cents (the ledger), not currency units
	overflow             bool
	at                   site    // the first amount too large for the ledger,
	atValue              float64 // and its value (currency units)
	P, J, C, K, I, ppy   int
	held, claimed, paidC []float64 // [term·C + cohort]
	passed               []bool    // [term·C + cohort]: the cohort's test released its amounts
	holding              []uint64  // [term·words + w]: bit c%64 of word c/64 set when held[term·C + c] ≠ 0
	pooledDone           []bool    // [term]
	switched             []bool    // [term]: investors are repaid, the second share applies
	balance              []float64 // [term]: what investors are still owed at the term's interest
	due                  []float64 // [term·P + period] amounts released for payment
	lost                 []float64 // [term] released for payment after the horizon
	payDue, pay          []T       // [term·P + period] before and after caps
	cost, costPaid       []T       // [item·P + period]
	draw, ret, prin      []T       // [tranche·P + period]
	excess, topup        []T       // [tranche·P + period]
	residual, shortfall  []T       // [period]
	received             []T       // [period] outcome payments, all terms
	capPeriod, capTotal  []T       // [term] the term's caps a period and over the deal,
	hasCapP, hasCapT     []bool    // [term] where it has them
	principal, accrued   []T       // [tranche] outstanding
	drawn, got, undrawn  []T       // [tranche]
	growth               []float64 // [tranche] target return per period
	ceiling              []T       // [tranche] the cap on receipts at the capital drawn so far; no cap: maxMoney
	w                    []float64 // [tranche] scratch weights
	part                 []T       // [tranche] scratch shares
	frac                 []float64 // [tranche] scratch remainders
	scratch              []float64 // [period]
	cum                  []T       // [term] paid so far
	interest             []float64 // [term] growth factor a period of the investors' balance
}

func newBook[T amount](m *Model) *book[T] {
	s := m.s
	P, J, C, K, I := m.periods, len(s.Terms), len(s.Cohorts), len(s.Tranches), m.nItems
	return &book[T]{
		cents: countsCents(T(1)), P: P, J: J, C: C, K: K, I: I, ppy: m.ppy,
		held: make([]float64, J*C), claimed: make([]float64, J*C), paidC: make([]float64, J*C),
		passed: make([]bool, J*C), holding: make([]uint64, J*m.words), pooledDone: make([]bool, J), switched: make([]bool, J), balance: make([]float64, J),
		due: make([]float64, J*P), lost: make([]float64, J),
		payDue: make([]T, J*P), pay: make([]T, J*P),
		cost: make([]T, I*P), costPaid: make([]T, I*P),
		draw: make([]T, K*P), ret: make([]T, K*P), prin: make([]T, K*P), excess: make([]T, K*P), topup: make([]T, K*P),
		residual: make([]T, P), shortfall: make([]T, P), received: make([]T, P),
		capPeriod: make([]T, J), capTotal: make([]T, J), hasCapP: make([]bool, J), hasCapT: make([]bool, J),
		principal: make([]T, K), accrued: make([]T, K), drawn: make([]T, K), got: make([]T, K), undrawn: make([]T, K),
		growth: make([]float64, K), ceiling: make([]T, K), w: make([]float64, K), part: make([]T, K), frac: make([]float64, K), scratch: make([]float64, P),
		cum: make([]T, J), interest: make([]float64, J),
	}
}

// A site says which amount the book was working out, so that an amount
// too large for the ledger can be traced to the inputs behind it.
type site struct {
	kind   siteKind
	i      int // the parameter (a scenario.ParamID), term, cost item or tranche
	period int // 0-based; −1 when the amount is not a period's
}

type siteKind uint8

const (
	atNone   siteKind = iota
	atParam           // parameter i itself: a commitment, a cap, a limit
	atTerm            // term i's payment released in period
	atCost            // cost item i (delivery, then fees) in period
	atCoupon          // tranche i's target return accrued in period
	atCap             // tranche i's cap at the capital it drew
	atFloor           // tranche i's floor at the capital it drew
)

func param(id scenario.ParamID) site { return site{kind: atParam, i: int(id), period: -1} }

// countsCents reports whether T counts whole cents, an integer type (the
// ledger's int64), rather than currency units: call it with T(1).
func countsCents[T amount](one T) bool { return one/2 == 0 }

// of converts currency units to T: rounded to the cent in the ledger.
// An amount over maxMoney is an overflow, remembered with its site.
func (b *book[T]) of(x float64, at site) T {
	// Small enough to inline on the float path, which calls it hundreds
	// of times an evaluation.
	if b.cents || !(x*x <= maxMoney*maxMoney) { // one node fewer than two comparisons (so of inlines); NaN and ±Inf fail it too
		return b.ofSlow(x, at)
	}
	return T(x)
}

func (b *book[T]) ofSlow(x float64, at site) T {
	if !(x*x <= maxMoney*maxMoney) { // the same test as of
		if !b.overflow {
			b.at, b.atValue = at, x
		}
		b.overflow = true
		return 0
	}
	if b.cents {
		return T(math.Round(x * 100))
	}
	return T(x)
}

// f converts T to currency units.
func (b *book[T]) f(x T) float64 {
	if b.cents {
		return float64(x) / 100
	}
	return float64(x)
}

// none is the amount meaning "no cap".
func (b *book[T]) capOf(p byID, i scenario.ParamID) (T, bool) {
	if i == 0 {
		return 0, false
	}
	return b.of(p[i], param(i)), true
}

// split divides total over weights w into out: in proportion on the float
// path, by largest remainder in cents (ties to the earlier item), so that
// the parts add up to total exactly.
func (b *book[T]) split(total T, w []float64, out []T) {
	sum := 0.0
	for _, x := range w {
		sum += x
	}
	clear(out)
	if sum <= 0 || total == 0 {
		return
	}
	if !b.cents {
		for i, x := range w {
			out[i] = T(float64(total) * x / sum)
		}
		return
	}
	left := total
	for i, x := range w {
		q := float64(total) * x / sum
		fl := math.Floor(q)
		out[i] = T(fl)
		b.frac[i] = q - fl
		left -= out[i]
	}
	for ; left > 0; left-- {
		best := -1
		for i := range w {
			if w[i] > 0 && (best < 0 || b.frac[i] > b.frac[best]) {
				best = i
			}
		}
		out[best]++
		b.frac[best] = -1
	}
}

func minT[T amount](a, b T) T {
	if a < b {
		return a
	}
	return b
}

// reset clears the state for a new evaluation.
func (b *book[T]) reset() {
	b.overflow = false
	for _, s := range [][]float64{b.held, b.claimed, b.paidC, b.balance, b.due, b.lost} {
		clear(s)
	}
	clear(b.passed)
	clear(b.holding)
	clear(b.pooledDone)
	clear(b.cum)
	clear(b.switched)
	for _, s := range [][]T{b.payDue, b.pay, b.cost, b.costPaid, b.draw, b.ret, b.prin, b.excess, b.topup, b.residual, b.shortfall, b.received, b.principal, b.accrued, b.drawn, b.got} {
		clear(s)
	}
}

// run plays the deal out period by period: outcome payments under the
// terms (step 4 of the calculation chain), then the bond's cash: costs,
// capital calls and the waterfall over the tranches (step 5).
func (b *book[T]) run(m *Model, p byID, pr *projection) {
	b.reset()
	s := m.s
	for k := range s.Tranches {
		c := s.Tranches[k].Commitment
		b.undrawn[k] = b.of(p[c], param(c))
		b.growth[k] = 0
		if c := s.Tranches[k].Coupon; c != 0 && p[c] > 0 {
			// A negative coupon is refused by the loader and by Set (its
			// minimum is 0); one put in the vector by code is taken as
			// none, so that no return is ever negative.
			b.growth[k] = math.Pow(1+p[c], 1/float64(b.ppy)) - 1
		}
	}
	for j := range s.Terms {
		tm := &s.Terms[j]
		if i := tm.Interest; i != 0 && tm.Basis == scenario.Savings {
			b.interest[j] = math.Pow(1+p[i], 1/float64(b.ppy))
		}
		b.capPeriod[j], b.hasCapP[j] = b.capOf(p, tm.CapPeriod)
		b.capTotal[j], b.hasCapT[j] = b.capOf(p, tm.CapTotal)
	}
	b.fixedCosts(m, p, pr)
	b.setCeilings(m, p)
	for t := range b.P {
		b.payments(m, p, pr, t)
		var received T
		for j := range b.J {
			x := b.pay[j*b.P+t]
			b.cum[j] += x
			received += x
		}
		b.received[t] = received
		b.costs(m, p, pr, t)
		b.waterfall(m, p, t)
	}
	b.guarantee(m, p)
}

// payments works out what each term pays in period t.
func (b *book[T]) payments(m *Model, p byID, pr *projection, t int) {
	s := m.s
	P, C := b.P, b.C
	for j := range s.Terms {
		if t >= m.termEnd[j] && (!b.hasCapP[j] || b.capPeriod[j] >= 0) {
			continue // nothing more to pay: pay stays 0 from reset
		}
		tm := &s.Terms[j]
		mi := tm.Metric
		ms := m.msavAt[mi] // the metric's block of measured savings (Savings terms)
		thresholds := tm.Threshold != 0 || tm.PooledThreshold != 0
		W := m.words
		live := m.live[(j*P+t)*W:]
		hold := b.holding[j*W : (j+1)*W]
		for wd, h := range hold {
			// The cohorts in their window, and those holding amounts
			// back: for the others nothing is due and there is nothing
			// to do.
			todo := live[wd]
			if thresholds {
				todo |= h
			}
			for todo != 0 {
				c := wd<<6 | bits.TrailingZeros64(todo)
				todo &= todo - 1
				jc := j*C + c
				n := pr.n[c]
				var amt float64
				switch tm.Basis {
				case scenario.Outcomes:
					o := pr.outc[(mi*C+c)*P+t]
					if tm.Once && o > 0 {
						o = min(o, max(n-b.claimed[jc], 0))
					}
					b.claimed[jc] += o
					amt = p[tm.Price] * o
				case scenario.Savings:
					share := p[tm.Share]
					if b.switched[j] {
						share = p[tm.ShareAfter]
					}
					k := 0
					if tm.Cashable {
						k = 1
					}
					amt = share * pr.msav[k][(ms*C+c)*P+t]
				case scenario.Tiered:
					if t == m.measure[mi][c] {
						amt = n * m.tier(p, tm, m.effect(p, mi, c))
					}
				}
				if amt <= 0 && (!thresholds || b.held[jc] == 0) {
					// Nothing is due and nothing held back: all that
					// follows would add zeros.
					continue
				}
				// A contract pays for improvements and claws nothing back.
				amt = max(amt, 0)
				if tm.ParticipantCap != 0 {
					amt = min(amt, max(n*p[tm.ParticipantCap]-b.paidC[jc], 0))
				}
				b.paidC[jc] += amt
				if !thresholds {
					b.release(j, t+tm.Lag, amt)
					continue
				}
				b.held[jc] += amt
				if b.held[jc] != 0 {
					hold[wd] |= 1 << (c & 63)
				}
				if tm.Threshold != 0 && t >= m.measure[mi][c] && (b.passed[jc] || m.effect(p, mi, c) >= p[tm.Threshold]) {
					// The cohort test, and anything the cohort earns after it.
					b.passed[jc] = true
					b.release(j, t+tm.Lag, b.held[jc])
					b.held[jc] = 0
					hold[wd] &^= 1 << (c & 63)
				}
			}
		}
		if tm.PooledThreshold != 0 && t >= m.pooled[mi] && (b.pooledDone[j] || m.pooledEffect(p, pr, mi) >= p[tm.PooledThreshold]) {
			// The pooled test pays what the cohort tests held back.
			b.pooledDone[j] = true
			for wd := range W {
				for ; hold[wd] != 0; hold[wd] &= hold[wd] - 1 {
					c := wd<<6 | bits.TrailingZeros64(hold[wd])
					b.release(j, t+tm.Lag, b.held[j*C+c])
					b.held[j*C+c] = 0
				}
			}
		}
		// Caps: the term's, then the deal's across terms in order.
		if b.due[j*P+t] == 0 && (!b.hasCapP[j] || b.capPeriod[j] >= 0) {
			// Nothing due, nothing paid (pay is 0 from reset).
			continue
		}
		x := b.of(b.due[j*P+t], site{kind: atTerm, i: j, period: t})
		b.payDue[j*P+t] = x
		if b.hasCapP[j] {
			x = minT(x, b.capPeriod[j])
		}
		if b.hasCapT[j] {
			x = minT(x, max(b.capTotal[j]-b.cum[j], 0))
		}
		b.pay[j*P+t] = x
	}
	capP, okP := b.capOf(p, s.Settings.CapPeriod)
	capT, okT := b.capOf(p, s.Settings.CapTotal)
	if !okP && !okT {
		return
	}
	var paid, before T
	if okT {
		for j := range s.Terms {
			before += b.cum[j]
		}
	}
	for j := range s.Terms {
		x := b.pay[j*P+t]
		if okP {
			x = minT(x, max(capP-paid, 0))
		}
		if okT {
			x = minT(x, max(capT-before-paid, 0))
		}
		b.pay[j*P+t] = x
		paid += x
	}
}

func (b *book[T]) release(j, t int, x float64) {
	if t < b.P {
		b.due[j*b.P+t] += x
	} else {
		b.lost[j] += x
	}
}

// tier reads a term's schedule at effect e: the value of the highest tier
// reached (step), or interpolated between the points (linear); nothing
// below the first tier, and the last value beyond the last.
func (m *Model) tier(p byID, tm *scenario.Term, e float64) float64 {
	sc := &m.s.Tiers[tm.Schedule.Index()]
	n := len(sc.Effect)
	if n == 0 || e < p[sc.Effect[0]] {
		return 0
	}
	for i := n - 1; i >= 0; i-- {
		x0 := p[sc.Effect[i]]
		if e < x0 {
			continue
		}
		v0 := p[sc.Value[i]]
		if !tm.Linear || i == n-1 {
			return v0
		}
		x1, v1 := p[sc.Effect[i+1]], p[sc.Value[i+1]]
		return v0 + (v1-v0)*(e-x0)/(x1-x0)
	}
	return 0
}

// pooledEffect is the effect of all cohorts together, weighted by
// participants.
func (m *Model) pooledEffect(p byID, pr *projection, mi int) float64 {
	var num, den float64
	for c, n := range pr.n {
		num += n * m.effect(p, mi, c)
		den += n
	}
	if den == 0 {
		return 0
	}
	return num / den
}

// fixedCosts works out the delivery costs and fees that do not depend on
// the payments, for every period, before the deal is played out.
func (b *book[T]) fixedCosts(m *Model, p byID, pr *projection) {
	s := m.s
	P := b.P
	for i := range b.I {
		c := m.item(i)
		if c.Basis == scenario.ShareOfPayments {
			continue
		}
		amt := p[c.Amount]
		row := b.cost[i*P : (i+1)*P]
		switch c.Basis {
		case scenario.PerPeriod, scenario.Upfront:
			to := c.To
			if c.Basis == scenario.Upfront {
				to = c.From
			}
			for t := max(c.From-1, 0); t < min(to, P); t++ {
				row[t] = b.costAt(i, c, amt, pr, t)
			}
		case scenario.PerParticipant, scenario.PerParticipantPeriod:
			// Cohort by cohort, each period's sum in cohort order.
			x := b.scratch
			clear(x)
			to := c.To
			if c.Basis == scenario.PerParticipant {
				to = c.From
			}
			for ci := range s.Cohorts {
				e := s.Cohorts[ci].Period
				for t := max(e+c.From-1, 0); t < min(e+to, P); t++ {
					x[t] += amt * pr.n[ci]
				}
			}
			for t, v := range x {
				if v != 0 {
					row[t] = b.costAt(i, c, v, pr, t)
				}
			}
		}
	}
}

// costAt is an item's amount x in period t, in T: delivery costs are in
// the price base, fees nominal.
func (b *book[T]) costAt(i int, c *scenario.CostItem, x float64, pr *projection, t int) T {
	if !c.Fee {
		x *= pr.infl[t]
	}
	return b.of(x, site{kind: atCost, i: i, period: t})
}

// costs works out the fees that are a share of period t's payments.
func (b *book[T]) costs(m *Model, p byID, pr *projection, t int) {
	for _, i := range m.shareFees {
		if c := m.item(i); t >= c.From-1 && t <= c.To-1 {
			b.cost[i*b.P+t] = b.costAt(i, c, p[c.Amount]*b.f(b.received[t]), pr, t)
		}
	}
}

// waterfall moves period t's cash: outcome payments in, costs paid (from
// payments when recycling, else from capital called pro rata from the
// tranches' undrawn commitments), then the rest down the tranches in
// priority order: each its target return, then its principal, and what is
// left pro rata to capital drawn up to each tranche's cap, the remainder to
// the residual party.
func (b *book[T]) waterfall(m *Model, p byID, t int) {
	s := m.s
	P, K := b.P, b.K
	received := b.received[t]
	var costs T
	for i := range b.I {
		costs += b.cost[i*P+t]
	}
	var use T
	if s.Settings.Recycle {
		use = minT(received, costs)
	}
	var undrawn T
	for k := range K {
		undrawn += b.undrawn[k]
	}
	need := costs - use
	draw := minT(need, undrawn)
	if draw != 0 {
		for k := range K {
			b.w[k] = b.f(b.undrawn[k])
		}
		b.split(draw, b.w, b.part)
		for k := range K {
			d := b.part[k]
			b.draw[k*P+t] = d
			b.undrawn[k] -= d
			b.drawn[k] += d
		}
		b.setCeilings(m, p)
	}
	// Costs are paid in their order until the cash runs out.
	cash := use + draw
	for i := range b.I {
		x := minT(b.cost[i*P+t], cash)
		b.costPaid[i*P+t] = x
		cash -= x
	}
	b.shortfall[t] = costs - use - draw
	avail := received - use
	// Target returns accrue on what is outstanding at the period's start.
	for k := range K {
		if g := b.growth[k]; g != 0 {
			b.accrued[k] += b.of(b.f(b.principal[k]+b.accrued[k])*g, site{kind: atCoupon, i: k, period: t})
		}
	}
	// Capital drawn this period earns from the next, and may be repaid
	// at once from the period's payments.
	for k := range K {
		b.principal[k] += b.draw[k*P+t]
	}
	for k := range K {
		tr := &s.Tranches[k]
		room := b.room(tr, k)
		x := minT(minT(b.accrued[k], avail), room)
		b.accrued[k] -= x
		avail -= x
		room -= x
		y := minT(minT(b.principal[k], avail), room)
		b.principal[k] -= y
		avail -= y
		b.ret[k*P+t] = x
		b.prin[k*P+t] = y
		b.got[k] += x + y
	}
	// What is left goes pro rata to capital drawn, within each cap; a
	// capped tranche's part goes round again to the others.
	for range K {
		if avail <= 0 {
			break
		}
		for k := range K {
			b.w[k] = 0
			if room := b.room(&s.Tranches[k], k); room > 0 {
				b.w[k] = b.f(b.drawn[k])
			}
		}
		b.split(avail, b.w, b.part)
		moved := false
		for k := range K {
			x := minT(b.part[k], b.room(&s.Tranches[k], k))
			if x > 0 {
				b.excess[k*P+t] += x
				b.got[k] += x
				avail -= x
				moved = true
			}
		}
		if !moved {
			break
		}
	}
	b.residual[t] = avail
	// Investors' balances, for terms whose share switches once they are
	// repaid with interest.
	for j := range s.Terms {
		tm := &s.Terms[j]
		if tm.Basis != scenario.Savings || tm.ShareAfter == 0 || b.switched[j] {
			continue
		}
		g := b.interest[j]
		var in, out T
		for k := range K {
			in += b.draw[k*P+t]
			out += b.ret[k*P+t] + b.prin[k*P+t] + b.excess[k*P+t]
		}
		b.balance[j] = b.balance[j]*g + b.f(in) - b.f(out)
		var drawn T
		for k := range K {
			drawn += b.drawn[k]
		}
		if drawn > 0 && b.balance[j] <= 0 {
			b.switched[j] = true
		}
	}
}

// room is what tranche k may still receive under its cap.
func (b *book[T]) room(tr *scenario.Tranche, k int) T {
	if tr.Cap == 0 {
		return b.ceiling[k]
	}
	return max(b.ceiling[k]-b.got[k], 0)
}

// setCeilings works out the tranches' caps on receipts, which change only
// when capital is drawn.
func (b *book[T]) setCeilings(m *Model, p byID) {
	for k := range m.s.Tranches {
		if c := m.s.Tranches[k].Cap; c != 0 {
			b.ceiling[k] = b.of(p[c]*b.f(b.drawn[k]), site{kind: atCap, i: k, period: -1})
		} else {
			b.ceiling[k] = b.of(maxMoney, site{})
		}
	}
}

// guarantee tops tranches up to their floors at the end of the deal, each
// within its guarantee's limit.
func (b *book[T]) guarantee(m *Model, p byID) {
	last := b.P - 1
	for k := range m.s.Tranches {
		tr := &m.s.Tranches[k]
		if tr.Floor == 0 {
			continue
		}
		x := b.of(p[tr.Floor]*b.f(b.drawn[k]), site{kind: atFloor, i: k, period: -1}) - b.got[k]
		if lim, ok := b.capOf(p, tr.GuaranteeLimit); ok {
			x = minT(x, lim)
		}
		x = minT(x, b.room(tr, k)) // a floor above the cap tops up to the cap
		if x > 0 {
			b.topup[k*b.P+last] = x
			b.got[k] += x
		}
	}
}
