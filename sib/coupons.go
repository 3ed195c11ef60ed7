package sib

import (
	"math"

	"github.com/sib-engine/sib/scenario"
)

// Coupons by period range (coupons.csv): a tranche's coupon a year set
// for some periods, fixed or performance-linked, in place of its coupon
// column there. The book turns them into a growth a period for each
// tranche and period (book.growthAt), which accrue reads as it reads the
// tranche's one growth without them: the coupon accrues on the principal
// outstanding and the unpaid coupons, compounded, and what the cash does
// not pay stays owed.

// couponRange is a coupons.csv row compiled: tranche k's periods [lo, hi),
// 0-based, and, for a performance-linked coupon, a term that reads its
// schedule at its metric's rate (for Model.tier).
type couponRange struct {
	k, lo, hi int
	c         *scenario.Coupon
	term      scenario.Term
}

// compileCoupons resolves the coupon ranges' tranches.
func (m *Model) compileCoupons() {
	s := m.s
	for i := range s.Coupons {
		c := &s.Coupons[i]
		r := couponRange{c: c, lo: max(c.From, 1) - 1, hi: m.periods}
		if c.To > 0 {
			r.hi = min(c.To, m.periods)
		}
		for k := range s.Tranches {
			if s.Tranches[k].Name == c.Tranche {
				r.k = k
			}
		}
		if c.Schedule != 0 {
			r.term = scenario.Term{Metric: c.Metric, Schedule: c.Schedule}
		}
		m.coupons = append(m.coupons, r)
	}
}

// couponGrowth is the growth a period of a coupon a year, compounded:
// (1 + rate)^(1/ppy) − 1; none for a rate at or below 0.
func couponGrowth(rate float64, ppy int) float64 {
	if !(rate > 0) {
		return 0
	}
	return math.Pow(1+rate, 1/float64(ppy)) - 1
}

// setCoupons works out each tranche's growth in each period: its coupon
// column's, but in the periods of a coupon range, the range's.
func (b *book[T]) setCoupons(m *Model, p byID, pr *projection) {
	P := b.P
	for k, g := range b.growth {
		row := b.growthAt[k*P : (k+1)*P]
		for t := range row {
			row[t] = g
		}
	}
	for i := range m.coupons {
		r := &m.coupons[i]
		row := b.growthAt[r.k*P : (r.k+1)*P]
		if r.c.Schedule == 0 {
			g := couponGrowth(p[r.c.Rate], b.ppy)
			for t := r.lo; t < r.hi; t++ {
				row[t] = g
			}
			continue
		}
		for lo := r.lo; lo < r.hi; lo += b.ppy {
			hi := min(lo+b.ppy, r.hi)
			g := couponGrowth(m.couponRate(p, pr, r, lo, hi), b.ppy)
			for t := lo; t < hi; t++ {
				row[t] = g
			}
		}
	}
}

// couponRate is a performance-linked coupon's rate a year for the year of
// periods [lo, hi): the band its schedule gives at the metric's measured
// rate over the year (none when the year has no exposure), at least the
// floor.
func (m *Model) couponRate(p byID, pr *projection, r *couponRange, lo, hi int) float64 {
	v := 0.0
	if x, _, ok := m.rate(pr, r.c.Metric, lo, hi); ok {
		v = m.tier(p, &r.term, x)
	}
	if r.c.Floor != 0 {
		v = max(v, p[r.c.Floor])
	}
	return v
}
