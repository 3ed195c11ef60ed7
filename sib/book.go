package sib

import (
	"math"

	"github.com/sib-engine/sib/internal/money"
	"github.com/sib-engine/sib/scenario"
)

// amount is the number type of the deal's money: float64 on the fast
// path (currency units), int64 cents in the ledger. The payment terms and
// the waterfall are written once, for both, so the two cannot drift apart;
// the ledger rounds where a contract does (each term's payment in a period,
// each cost, each coupon accrual) and splits amounts by largest remainder.
type amount interface{ ~int64 | ~float64 }

// maxMoney bounds any single amount of the deal, on both paths
// (currency units): the bound of an amount worked out in float64 and
// booked in cents (money.MaxFloat says why it is 10^13).
const maxMoney = money.MaxFloat

// book is the state and the flows of the deal's money, period by period.
// Slices are indexed [item·P + period].
type book[T amount] struct {
	cents                bool // T counts cents (the ledger), not currency units
	overflow             bool
	use                  capitalUse // the capital terms the tranches use (Model.capital)
	at                   site       // the first amount too large for the ledger,
	atValue              float64    // and its value (currency units)
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
	cfee                 []T       // [tranche·P + period] commitment fees paid
	kept                 T         // the cash the bond holds between distributions
	heldAt               []T       // [period] what it holds at the period's end
	residual, shortfall  []T       // [period]
	received             []T       // [period] outcome payments, all terms
	capPeriod, capTotal  []T       // [term] the term's caps a period and over the deal,
	hasCapP, hasCapT     []bool    // [term] where it has them
	principal, accrued   []T       // [tranche] outstanding
	drawn, got, undrawn  []T       // [tranche]
	committed            []T       // [tranche] the commitment
	growth               []float64 // [tranche] target return per period
	growthAt             []float64 // [tranche·P + period] target return in the period, with coupon ranges; nil: growth
	ceiling              []T       // [tranche] the cap on receipts at the capital drawn so far; no cap: maxMoney
	rateG                []float64 // [tranche] growth a period of the room under the rate cap; 0: no rate cap
	rateRoom             []T       // [tranche] what the rate cap still lets the tranche receive
	maturity             []int     // [tranche] the period it matures, 0-based
	amortise             []int     // [tranche] the period of its first instalment, 0-based; −1: none
	closed               []bool    // [tranche] matured: takes nothing more
	next                 int       // the next period in which a tranche matures; P: none
	stop                 int       // a terminated contract's last period, 0-based; math.MaxInt: not terminated
	last                 int       // one past the last period with costs: the horizon, or stop+1
	w                    []float64 // [tranche] scratch weights
	part                 []T       // [tranche] scratch shares
	frac                 []float64 // [tranche] scratch remainders (and [payer] of a term's)
	scratch              []float64 // [period]
	cum                  []T       // [term] paid so far
	interest             []float64 // [term] growth factor a period of the investors' balance

	// co is who pays what of each term; nil without co-payers or payer
	// caps.
	co *payerBook[T]

	// capEV is, for a term in a cap group, a cohort's expected payment
	// per participant under the group's cap ([term·C + cohort]); nil
	// without cap groups. cx, cq and cp are the scratch that works it
	// out.
	capEV  []float64
	cx     capExpect
	cq, cp [scenario.MaxCapGroupTerms]float64
}

func newBook[T amount](m *Model) *book[T] {
	s := m.s
	P, J, C, K, I := m.periods, len(s.Terms), len(s.Cohorts), len(s.Tranches), m.nItems
	b := &book[T]{
		cents: countsCents(T(1)), use: m.capital, P: P, J: J, C: C, K: K, I: I, ppy: m.ppy,
		held: make([]float64, J*C), claimed: make([]float64, J*C), paidC: make([]float64, J*C),
		passed: make([]bool, J*C), holding: make([]uint64, J*m.words), pooledDone: make([]bool, J), switched: make([]bool, J), balance: make([]float64, J),
		due: make([]float64, J*P), lost: make([]float64, J),
		payDue: make([]T, J*P), pay: make([]T, J*P),
		cost: make([]T, I*P), costPaid: make([]T, I*P),
		draw: make([]T, K*P), ret: make([]T, K*P), prin: make([]T, K*P), excess: make([]T, K*P), topup: make([]T, K*P), cfee: make([]T, K*P), heldAt: make([]T, P),
		residual: make([]T, P), shortfall: make([]T, P), received: make([]T, P),
		capPeriod: make([]T, J), capTotal: make([]T, J), hasCapP: make([]bool, J), hasCapT: make([]bool, J),
		principal: make([]T, K), accrued: make([]T, K), drawn: make([]T, K), got: make([]T, K), undrawn: make([]T, K), committed: make([]T, K),
		growth: make([]float64, K), ceiling: make([]T, K), rateG: make([]float64, K), rateRoom: make([]T, K),
		stop: stopOf(m), last: m.end + 1,
		maturity: maturities(m), amortise: instalments(m), closed: make([]bool, K), w: make([]float64, K), part: make([]T, K), frac: make([]float64, max(K, m.pays.most)), scratch: make([]float64, P),
		cum: make([]T, J), interest: make([]float64, J),
		co: newPayerBook[T](m),
	}
	if len(m.coupons) > 0 {
		b.growthAt = make([]float64, K*P)
	}
	if m.groups != nil {
		b.capEV = make([]float64, J*C)
	}
	return b
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
		return T(halfAway(x * 100))
	}
	return T(x)
}

// halfAway rounds y to the nearest whole number, a half away from zero,
// where a y within float noise of a half is that half: a coupon of
// 388828.125 worked out as 388828.12499999994 is 388828.13, as the
// contract's decimal arithmetic makes it, not .12. The noise stops short
// of the whole numbers: from 2^49 cents (5.6e12) 4·ε·|y| is half a cent
// or more, and a whole 6e14 cents would have been 6e14 + 1.
func halfAway(y float64) float64 {
	a := math.Abs(y)
	fl := math.Floor(a)
	if d := math.Abs(a - fl - 0.5); d <= 4*epsilon*a && d < 0.25 {
		return math.Copysign(fl+1, y)
	}
	return math.Round(y)
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
	if b.cents {
		splitCents(b, total, w, out)
		return
	}
	sum := 0.0
	for _, x := range w {
		sum += x
	}
	clear(out)
	if sum <= 0 || total == 0 {
		return
	}
	for i, x := range w {
		out[i] = T(float64(total) * x / sum)
	}
}

// splitCents is split in the ledger, where T is int64: money's largest
// remainder. Apart from split, the float path does not pay for the
// conversion.
func splitCents[T amount](b *book[T], total T, w []float64, out []T) {
	money.SplitFloat(int64(total), w, b.frac, any(out).([]int64))
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
	clear(b.closed)
	b.kept = 0
	for _, s := range [][]T{b.payDue, b.pay, b.cost, b.costPaid, b.draw, b.ret, b.prin, b.excess, b.topup, b.residual, b.shortfall, b.received, b.principal, b.accrued, b.drawn, b.got, b.rateRoom} {
		clear(s)
	}
}

// run plays the deal out period by period: outcome payments under the
// terms (step 4 of the calculation chain), then the bond's cash: costs,
// capital calls, the waterfall over the tranches and the guarantees of
// those that mature (step 5).
func (b *book[T]) run(m *Model, p byID, pr *projection) {
	b.reset()
	s := m.s
	if m.commitFees {
		clear(b.cfee) // written only by commitment fees
	}
	if m.distribute != nil {
		clear(b.heldAt) // written only when the bond holds cash
	}
	for k := range s.Tranches {
		c := s.Tranches[k].Commitment
		b.undrawn[k] = b.of(p[c], param(c))
		b.committed[k] = b.undrawn[k]
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
	if b.co != nil {
		b.startPayers(m, p)
	}
	if m.groups != nil {
		b.capGroups(m, p, pr)
	}
	if b.growthAt != nil {
		b.setCoupons(m, p, pr)
	}
	b.fixedCosts(m, p, pr)
	b.setCeilings(m, p)
	if b.use.rateCap {
		b.setRates(m, p) // else every rateG stays 0
	}
	b.next = b.use.first
	for t := range b.P {
		b.payments(m, p, pr, t)
		if b.co != nil {
			b.settlePayers(m, t)
		}
		var received T
		for j := range b.J {
			x := b.pay[j*b.P+t]
			b.cum[j] += x
			received += x
		}
		b.received[t] = received
		b.costs(m, p, pr, t)
		b.waterfall(m, p, t)
		if t == b.next {
			b.mature(m, p, t)
		}
	}
	b.unpaidAtShare(m, p)
}
