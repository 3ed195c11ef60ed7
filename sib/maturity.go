package sib

import (
	"math"

	"github.com/sib-engine/sib/scenario"
)

// Maturity, instalments and the guarantee. A tranche matures in its
// maturity period (the horizon when not given): what it is still owed
// falls due and is paid from that period's cash in the waterfall's order,
// as in any period; then its guarantor tops it up to what the guarantee
// promises, its undrawn commitment lapses, and it takes nothing after (no
// target return accrues, no cash, no excess). What it is still owed then
// is lost. Before, its principal is repaid as the cash allows, or with
// instalments (amortise), at most what the instalments due so far come
// to.

// scheduled is what tranche k may repay of its principal in period t:
// all of it without instalments; with them, n/N of the capital drawn so
// far less the principal repaid, after n of the N equal instalments from
// the first to maturity (none before the first, all at maturity).
func (b *book[T]) scheduled(k, t int) T {
	a, m := b.amortise[k], b.maturity[k]
	switch {
	case a < 0 || t >= m:
		return b.principal[k]
	case t < a:
		return 0
	}
	due := b.of(b.f(b.drawn[k])*float64(t-a+1)/float64(m-a+1), site{}) // within the capital drawn
	return max(due-(b.drawn[k]-b.principal[k]), 0)
}

// mature settles the guarantees of the tranches that mature in period t,
// after its waterfall, and closes them. run calls it in the periods in
// which tranches mature (b.next), and it finds the next.
func (b *book[T]) mature(m *Model, p byID, t int) {
	b.next = b.P
	for k := range b.K {
		if mat := b.maturity[k]; mat != t {
			if mat > t {
				b.next = min(b.next, mat)
			}
			continue
		}
		b.guarantee(m, p, k, t)
		b.closed[k] = true
		b.undrawn[k] = 0
	}
}

// guarantee tops tranche k up in period t to what its guarantee promises,
// within the guarantee's limit and the tranche's caps (a floor above the
// cap tops up to the cap).
func (b *book[T]) guarantee(m *Model, p byID, k, t int) {
	tr := &m.s.Tranches[k]
	if tr.Guarantor == "" {
		return
	}
	x := b.promised(p, tr, k)
	if lim, ok := b.capOf(p, tr.GuaranteeLimit); ok {
		x = minT(x, lim)
	}
	x = minT(x, b.room(tr, k))
	if x > 0 {
		b.topup[k*b.P+t] = x
		b.receive(k, x)
	}
}

// promised is what tranche k's guarantor owes it: the larger of what its
// receipts fall short of floor × capital drawn, and what the principal
// repaid falls short of protected × capital drawn (coupons and excess
// received do not count against the protection).
func (b *book[T]) promised(p byID, tr *scenario.Tranche, k int) T {
	// Up to the cent in the ledger, the mirror of a cap's round-down: a
	// floor of 1.1 × 752794.63 promises 828074.10, not 828074.09, a
	// fraction of a cent under it.
	var x T
	if tr.Floor != 0 {
		y := p[tr.Floor] * b.f(b.drawn[k])
		f := b.of(y, site{kind: atFloor, i: k, period: -1})
		if b.cents && !b.overflow {
			f = b.up(y)
		}
		x = f - b.got[k]
	}
	if tr.Protected != 0 {
		// A share (its range is [0, 1]; one put in the vector by code is
		// taken within it): never above the capital drawn, within the bound.
		share := min(max(p[tr.Protected], 0), 1)
		repaid := b.drawn[k] - b.principal[k]
		x = max(x, min(b.up(share*b.f(b.drawn[k])), b.drawn[k])-repaid)
	}
	return x
}

// maturities lists the period each tranche matures, 0-based (on
// termination at the latest).
func maturities(m *Model) []int {
	out := make([]int, len(m.s.Tranches))
	for k := range out {
		out[k] = m.maturityOf(k)
	}
	return out
}

// instalments lists the period of each tranche's first instalment,
// 0-based; −1 when its principal is repaid as the cash allows.
func instalments(m *Model) []int {
	out := make([]int, len(m.s.Tranches))
	for k := range out {
		out[k] = min(m.s.Tranches[k].Amortise, m.maturityOf(k)+1) - 1
	}
	return out
}

// stopOf is book.stop: the last period of a terminated contract, in
// which what falls due later is paid.
func stopOf(m *Model) int {
	if m.terminated {
		return m.end
	}
	return math.MaxInt
}
