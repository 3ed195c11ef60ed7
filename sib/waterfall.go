package sib

import (
	"github.com/sib-engine/sib/scenario"
)

// The waterfall: the bond's cash in a period, from outcome payments
// and capital calls, to costs, then down the tranches.

// waterfall moves period t's cash: outcome payments in, costs paid
// (from the cash the bond holds, then from payments when recycling, else
// from capital called pro rata from the tranches' undrawn commitments),
// then, in a period the bond distributes in, the rest down the tranches
// in priority order (repay: target returns and principal), the
// subordinated fees, and what is left pro rata to capital drawn up to
// each tranche's caps, the remainder to the residual party; in another
// period the bond holds the rest.
func (b *book[T]) waterfall(m *Model, p byID, t int) {
	received, costs := b.received[t], b.costsDue(m, t)
	if m.commitFees {
		costs += b.commitmentFees(m, p, t)
	}
	var kept T // what the cash the bond holds pays of the costs
	if b.kept != 0 {
		kept = minT(b.kept, costs)
		b.kept -= kept
	}
	var use T // the payments that pay costs, when they are recycled
	if m.s.Settings.Recycle {
		use = minT(received, costs-kept)
	}
	// Capital is called for the rest, as far as the commitments go.
	draw := minT(costs-kept-use, b.undrawnTotal())
	if draw != 0 {
		b.callCapital(m, p, t, draw)
	}
	b.payCosts(m, t, kept+use+draw)
	b.shortfall[t] = costs - kept - use - draw
	b.accrue(t)
	avail := received - use
	if m.distribute != nil {
		if !m.distribute[t] {
			b.kept += avail
			b.heldAt[t] = b.kept
			avail = 0
		} else {
			avail += b.kept
			b.kept = 0
		}
	}
	avail = b.repay(m, t, avail)
	if m.juniorFees != nil {
		avail = b.payJunior(m, t, avail)
	}
	if avail > 0 {
		avail = b.shareExcess(m, t, avail)
	}
	b.residual[t] = avail
	b.balances(m, t)
}

// costsDue is what period t's cost items come to, but the subordinated
// fees, which are paid after the tranches.
func (b *book[T]) costsDue(m *Model, t int) T {
	var sum T
	P, cost := b.P, b.cost
	if m.junior != nil {
		for i := range b.I {
			if !m.junior[i] {
				sum += cost[i*P+t]
			}
		}
		return sum
	}
	for i := range b.I {
		sum += cost[i*P+t]
	}
	return sum
}

// undrawnTotal is what the tranches can still be called for.
func (b *book[T]) undrawnTotal() T {
	var sum T
	for _, x := range b.undrawn {
		sum += x
	}
	return sum
}

// callCapital draws period t's capital call from the tranches pro rata to
// their undrawn commitments; their caps on receipts grow with it.
func (b *book[T]) callCapital(m *Model, p byID, t int, draw T) {
	P, K := b.P, b.K
	for k := range K {
		b.w[k] = b.f(b.undrawn[k])
	}
	b.split(draw, b.w, b.part)
	for k := range K {
		d := b.part[k]
		b.draw[k*P+t] = d
		b.undrawn[k] -= d
		b.drawn[k] += d
		if !b.cents && b.f(b.undrawn[k])*b.f(b.undrawn[k]) < dust*dust {
			// What float arithmetic leaves of a spent commitment
			// (±1e-13): the ledger has exactly 0, and a later period
			// must not draw it (a negative draw, an IRR root at −100%).
			b.undrawn[k] = 0
		}
	}
	b.setCeilings(m, p)
}

// payCosts pays period t's costs in their order until the cash runs out:
// the cost items but the subordinated fees, then the commitment fees.
func (b *book[T]) payCosts(m *Model, t int, cash T) {
	if m.junior != nil || m.commitFees {
		b.payCostsRanked(m, t, cash)
		return
	}
	// The plain loop, small enough to inline: most deals have neither.
	P, cost, paid := b.P, b.cost, b.costPaid
	for i := range b.I {
		x := minT(cost[i*P+t], cash)
		paid[i*P+t] = x
		cash -= x
	}
}

// payCostsRanked is payCosts with subordinated fees (left for after the
// tranches) or commitment fees (paid after the other costs).
func (b *book[T]) payCostsRanked(m *Model, t int, cash T) {
	P, cost, paid := b.P, b.cost, b.costPaid
	for i := range b.I {
		if m.junior != nil && m.junior[i] {
			continue
		}
		x := minT(cost[i*P+t], cash)
		paid[i*P+t] = x
		cash -= x
	}
	if m.commitFees {
		for k := range b.K {
			x := minT(b.cfee[k*P+t], cash)
			b.cfee[k*P+t] = x
			cash -= x
		}
	}
}

// accrue adds each open tranche's target return for period t on what was
// outstanding at the period's start, then the capital it drew in t, which
// earns from the next period; and compounds its rate cap's balance.
func (b *book[T]) accrue(t int) {
	if b.use.bounded || b.growthAt != nil {
		b.accrueTerms(t)
		return
	}
	for k, g := range b.growth {
		if g != 0 {
			b.accrued[k] += b.of(b.f(b.principal[k]+b.accrued[k])*g, site{kind: atCoupon, i: k, period: t})
		}
		b.principal[k] += b.draw[k*b.P+t]
	}
}

// accrueTerms is accrue for deals with a tranche that matures before the
// horizon, has a rate cap or coupon ranges: matured tranches accrue
// nothing, rate caps compound, a coupon range's rate applies in its
// periods.
func (b *book[T]) accrueTerms(t int) {
	for k, g := range b.growth {
		if b.closed[k] {
			continue
		}
		if b.growthAt != nil {
			g = b.growthAt[k*b.P+t]
		}
		if g != 0 {
			b.accrued[k] += b.of(b.f(b.principal[k]+b.accrued[k])*g, site{kind: atCoupon, i: k, period: t})
		}
		d := b.draw[k*b.P+t]
		b.principal[k] += d
		b.compoundRate(k, d)
	}
}

// repay pays the tranches from avail in priority order, each within its
// room: by tranche, each its target return and then its principal
// (including capital drawn this period) before the next; interest first,
// every tranche's target return before any principal. It returns what is
// left.
//
// A deal whose tranches use none of the capital terms that change what
// they may be paid in a period (Model.capital.plain) is paid here, by
// tranche, with payTranche's arithmetic: within the cap alone, with no
// instalments and none matured before the last period.
func (b *book[T]) repay(m *Model, t int, avail T) T {
	if !b.use.plain {
		return b.repayTerms(m, t, avail)
	}
	P := b.P
	for k := range b.K {
		room := b.capRoom(&m.s.Tranches[k], k)
		x := minT(minT(b.accrued[k], avail), room)
		b.accrued[k] -= x
		avail -= x
		room -= x
		y := minT(minT(b.principal[k], avail), room)
		b.principal[k] -= y
		avail -= y
		b.ret[k*P+t] = x
		b.prin[k*P+t] = y
		b.got[k] += x + y // no rate cap to book
	}
	return avail
}

// repayTerms is repay under the capital terms, a tranche at a time with
// payTranche.
func (b *book[T]) repayTerms(m *Model, t int, avail T) T {
	if m.s.Settings.Waterfall == scenario.InterestFirst {
		for k := range b.K {
			avail = b.payTranche(m, k, t, avail, payReturn)
		}
		for k := range b.K {
			avail = b.payTranche(m, k, t, avail, payPrincipal)
		}
		return avail
	}
	for k := range b.K {
		avail = b.payTranche(m, k, t, avail, payReturn|payPrincipal)
	}
	return avail
}

// What payTranche pays.
const (
	payReturn    = 1 << iota // the unpaid target return
	payPrincipal             // the principal outstanding
)

// payTranche pays tranche k from avail, within its room, its unpaid
// target return and then its principal, as what says; it returns what is
// left.
func (b *book[T]) payTranche(m *Model, k, t int, avail T, what int) T {
	room := b.room(&m.s.Tranches[k], k)
	var x, y T
	if what&payReturn != 0 {
		x = minT(minT(b.accrued[k], avail), room)
		b.accrued[k] -= x
		avail -= x
		room -= x
		b.ret[k*b.P+t] = x
	}
	if what&payPrincipal != 0 {
		y = minT(minT(b.principal[k], avail), room)
		if b.use.amortise {
			y = minT(y, b.scheduled(k, t))
		}
		b.principal[k] -= y
		avail -= y
		b.prin[k*b.P+t] = y
	}
	b.receive(k, x+y)
	return avail
}

// shareExcess shares avail, what is left after the tranches are repaid,
// pro rata to capital drawn among the tranches that share in the excess
// (not pure debt, not matured), within each one's room: a capped tranche's
// part goes round again to the others. It returns what none can take.
func (b *book[T]) shareExcess(m *Model, t int, avail T) T {
	P, K := b.P, b.K
	for range K {
		if avail <= 0 {
			break
		}
		for k := range K {
			b.w[k] = 0
			if tr := &m.s.Tranches[k]; !tr.NoExcess && b.room(tr, k) > 0 {
				b.w[k] = b.f(b.drawn[k])
			}
		}
		b.split(avail, b.w, b.part)
		moved := false
		for k := range K {
			x := minT(b.part[k], b.room(&m.s.Tranches[k], k))
			if x > 0 {
				b.excess[k*P+t] += x
				b.receive(k, x)
				avail -= x
				moved = true
			}
		}
		if !moved {
			break
		}
	}
	return avail
}

// balances keeps investors' balances for the terms whose share switches
// once investors are repaid with interest, and switches them.
func (b *book[T]) balances(m *Model, t int) {
	P, K, terms := b.P, b.K, m.s.Terms
	for j := range terms {
		tm := &terms[j]
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

// dust is half a cent: on the float path, an undrawn commitment smaller
// than this is spent.
const dust = 0.005
