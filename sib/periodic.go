package sib

import "github.com/sib-engine/sib/scenario"

// Periodic terms (measure period or year): a term read every period or
// year of the deal on the outcomes of all cohorts in it, rather than on
// each cohort at the end of its window; and the costs basis, a share of
// the delivery costs, which is always periodic.
//
// The measure of an interval [lo, hi) of periods, for metric m, is its
// measured rate: the outcomes of all cohorts in the interval over their
// exposure in it,
//
//	rate = Σ_c Σ_t outcomes_c(t) / Σ_c Σ_t x_c(t),  t in [lo, hi),
//
// where the exposure x_c(t) is n_c / ppy in each period of cohort c's
// window for a metric that accrues a year (participant-years), and n_c
// in the period a once metric's cohort is measured (participants
// measured). The rate is in the effect's unit (a year's rate per
// participant for a year metric), so thresholds and tiers read as they do
// for a cohort; with decay it is the decayed effect, and over cohorts the
// exposure-weighted mean of their effects. With no exposure in the
// interval there is no rate: no test passes and no tier is reached.

// span returns the periods term j measures and pays for, 0-based
// [from, to) within the horizon, and the length of its intervals (1 by
// period, ppy by year).
func (m *Model) span(j int) (from, to, length int) {
	tm := &m.s.Terms[j]
	from, to = max(tm.From, 1)-1, m.periods
	if tm.To > 0 {
		to = min(tm.To, to)
	}
	length = 1
	if tm.Measure == scenario.MeasureYear {
		length = m.ppy
	}
	return from, max(from, to), length
}

// closes returns the first period of term j's interval that ends in
// period t, and false when no interval ends in t; hi is the end of the
// interval as planned, [lo, hi). In a contract terminated under
// pay_accrued, the interval open in the termination period is measured
// then, on the part of it that has run ([lo, t+1), hi beyond it).
func (m *Model) closes(j, t int) (lo, hi int, ok bool) {
	from, to, length := m.span(j)
	if t < from || t >= to {
		return 0, 0, false
	}
	lo = from + (t-from)/length*length
	hi = min(lo+length, to)
	return lo, hi, t == hi-1 || m.payAccrued && t == m.end
}

// periodic releases what term j (tm) earned over the interval that ends
// in period t, if one does and its test passes: due after the term's lag.
// An interval cut short by termination (pay_accrued) is measured on its
// periods up to t: its rate over its exposure so far, its outcomes,
// savings and costs so far, a tier value per participant-year on the
// exposure so far, and a tier total in proportion to the part of the
// interval elapsed, (t+1−lo)/(hi−lo), as a cohort's tier value is when
// it is not measured by termination.
func (b *book[T]) periodic(m *Model, p byID, pr *projection, tm *scenario.Term, j, t int) {
	lo, end, ok := m.closes(j, t)
	if !ok {
		return
	}
	hi := t + 1
	var rate, exposure float64
	measured := false
	if tm.Threshold != 0 || tm.Basis == scenario.Tiered {
		rate, exposure, measured = m.rate(pr, tm.Metric, lo, hi)
		if tm.Threshold != 0 && (!measured || !m.passes(p, tm, rate, p[tm.Threshold])) {
			return // the interval's amount is not paid, now or later
		}
	}
	var amt float64
	switch tm.Basis {
	case scenario.Outcomes:
		amt = p[tm.Price] * m.sumWindow(pr.outc, tm.Metric, tm.Metric, lo, hi)
	case scenario.Savings:
		k := 0
		if tm.Cashable {
			k = 1
		}
		amt = b.earnShare(p, tm, j) * m.sumWindow(pr.msav[k], m.msavAt[tm.Metric], tm.Metric, lo, hi)
	case scenario.Tiered:
		if !measured {
			return
		}
		amt = m.tier(p, tm, rate)
		if !m.s.Tiers[tm.Schedule.Index()].PerDeal {
			amt *= exposure // a value per participant-year (per participant measured, once)
		} else if hi < end {
			amt *= float64(hi-lo) / float64(end-lo) // terminated: the part of the interval elapsed
		}
	case scenario.Costs:
		amt = p[tm.Share] * b.deliveryCosts(m, lo, hi)
	}
	b.release(j, t+tm.Lag, max(amt, 0))
}

// rate returns metric mi's measured rate over periods [lo, hi), and the
// exposure it is over; false when there is none.
func (m *Model) rate(pr *projection, mi, lo, hi int) (rate, exposure float64, ok bool) {
	per := 1.0
	if m.s.Metrics[mi].Per != scenario.Once {
		per = 1 / float64(m.ppy)
	}
	for c, w := range m.window[mi] {
		if k := min(hi, w[1]) - max(lo, w[0]); k > 0 {
			exposure += pr.n[c] * float64(k) * per
		}
	}
	if !(exposure > 0) {
		return 0, exposure, false
	}
	return m.sumWindow(pr.outc, mi, mi, lo, hi) / exposure, exposure, true
}

// sumWindow sums block blk of cells [(blk·C + c)·P + t] over the cohorts
// and periods [lo, hi) within metric mi's windows (the other cells are 0).
func (m *Model) sumWindow(cells []float64, blk, mi, lo, hi int) float64 {
	P, C := m.periods, len(m.s.Cohorts)
	var sum float64
	for c, w := range m.window[mi] {
		at := (blk*C + c) * P
		for t := max(lo, w[0]); t < min(hi, w[1]); t++ {
			sum += cells[at+t]
		}
	}
	return sum
}

// deliveryCosts sums the delivery costs (not the fees) of periods
// [lo, hi), in currency units. They are all worked out before the
// periods are played (fixedCosts: no delivery cost depends on the
// payments), so a costs term may pay period t's costs in period t.
func (b *book[T]) deliveryCosts(m *Model, lo, hi int) float64 {
	var sum float64
	for i := range m.nDelivery {
		for _, x := range b.cost[i*b.P+lo : i*b.P+hi] {
			sum += b.f(x)
		}
	}
	return sum
}
