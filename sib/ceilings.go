package sib

import (
	"math"

	"github.com/sib-engine/sib/scenario"
)

// A tranche's caps on what it receives, and its receipts.
//
// The cap (a multiple) bounds its receipts at cap × capital drawn so far.
// The rate cap (cap_rate, a rate a year) bounds them so that the
// tranche's IRR does not exceed the rate: its room in period t is the
// balance of an account that earns cap_rate a year, compounded each
// period ((1 + cap_rate)^(1/ppy) − 1, as a coupon), credited with the
// capital the tranche draws (from the end of the period it is drawn, as a
// coupon) and debited with everything it receives (target return,
// principal, excess, guarantee top-ups):
//
//	room_t = Σ_{s≤t} drawn_s × g^(t−s) − Σ_{s≤t} received_s × g^(t−s),  g = (1 + cap_rate)^(1/ppy)
//
// received_t included as it is paid. Receipts up to the room keep the
// compounded net flows at cap_rate non-positive at every period, so the
// NPV at cap_rate is at most 0 and the IRR at most cap_rate; a tranche
// that takes its whole room in a period and nothing after earns exactly
// cap_rate. The room is an amount of the book: the ledger rounds it down
// to the cent each period after its growth (rounded up, a room could let
// an IRR over the cap by a cent), so that a room taken whole is 0 on both
// paths. A matured tranche's room is 0.

// room is what tranche k may still receive under its caps.
func (b *book[T]) room(tr *scenario.Tranche, k int) T {
	r := b.ceiling[k] // capRoom, written out: with the call room would not inline
	if tr.Cap != 0 {
		r = max(r-b.got[k], 0)
	}
	if b.use.bounded {
		r = b.termsRoom(k, r)
	}
	return r
}

// capRoom is what tranche k may still receive under its cap, a multiple
// of the capital drawn: its room when no tranche matures before the last
// period or has a rate cap.
func (b *book[T]) capRoom(tr *scenario.Tranche, k int) T {
	r := b.ceiling[k]
	if tr.Cap != 0 {
		r = max(r-b.got[k], 0)
	}
	return r
}

// termsRoom is room r under its cap of tranche k under the capital
// terms: 0 once the tranche matured, within its rate cap.
func (b *book[T]) termsRoom(k int, r T) T {
	if b.closed[k] {
		return 0
	}
	if b.rateG[k] != 0 {
		r = minT(r, max(b.rateRoom[k], 0))
	}
	return r
}

// receive books x received by tranche k against its caps.
func (b *book[T]) receive(k int, x T) {
	b.got[k] += x
	if b.use.rateCap && b.rateG[k] != 0 {
		b.rateRoom[k] -= x
	}
}

// setRates sets each tranche's growth a period of its room under its rate
// cap (0: no rate cap).
func (b *book[T]) setRates(m *Model, p byID) {
	for k := range m.s.Tranches {
		b.rateG[k] = 0
		if c := m.s.Tranches[k].CapRate; c != 0 {
			b.rateG[k] = math.Pow(1+p[c], 1/float64(b.ppy))
		}
	}
}

// compoundRate grows tranche k's room under its rate cap by a period and
// adds the capital d it drew in the period (a room above the deal's bound
// is no cap).
func (b *book[T]) compoundRate(k int, d T) {
	if g := b.rateG[k]; g != 0 {
		b.rateRoom[k] = b.down(min(b.f(b.rateRoom[k])*g, maxMoney)) + d
	}
}

// down converts x, in [0, maxMoney], to T: rounded down to the cent in
// the ledger (within float noise of a whole cent, to it).
func (b *book[T]) down(x float64) T { return b.toCent(x, math.Floor) }

// up converts x, in [0, maxMoney], to T: rounded up to the cent in the
// ledger (within float noise of a whole cent, to it), down's mirror for
// what a party is promised at least.
func (b *book[T]) up(x float64) T { return b.toCent(x, math.Ceil) }

// toCent is down and up: x to the cent in the ledger by round, except
// that float noise is relative (a product of 3e8 is a few 1e-6 cents off
// the whole cent it is: 1.1 × 300000009.40), so within it x is the cent.
func (b *book[T]) toCent(x float64, round func(float64) float64) T {
	if b.cents {
		y := x * 100
		if r := math.Round(y); math.Abs(y-r) <= 1e-6+4*epsilon*math.Abs(y) {
			return T(r)
		}
		return T(round(y))
	}
	return T(x)
}

// epsilon is float64's machine epsilon, 2⁻⁵².
const epsilon = 0x1p-52

// setCeilings works out the tranches' caps on receipts, which change only
// when capital is drawn.
func (b *book[T]) setCeilings(m *Model, p byID) {
	for k := range m.s.Tranches {
		if c := m.s.Tranches[k].Cap; c != 0 {
			// Down to the cent in the ledger: a cap of 1.25 × 752794.63
			// is 940993.28, not 940993.29, a fraction of a cent over it.
			x := p[c] * b.f(b.drawn[k])
			b.ceiling[k] = b.of(x, site{kind: atCap, i: k, period: -1})
			if b.cents && !b.overflow {
				b.ceiling[k] = b.down(x)
			}
		} else {
			b.ceiling[k] = b.of(maxMoney, site{})
		}
	}
}
