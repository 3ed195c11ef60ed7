package sib

import (
	"math/bits"

	"github.com/sib-engine/sib/scenario"
)

// The payment terms: what each term pays in a period, as its basis
// (a rate card, a share of savings, a tier schedule, a share of the
// delivery costs), its tests and its caps say; terms measured every
// period or year are in periodic.go.

// payments works out what each term pays in period t: what its cohorts
// earn, released for payment as its tests pass, within the term's caps;
// then the deal's caps across the terms.
func (b *book[T]) payments(m *Model, p byID, pr *projection, t int) {
	for j := range m.s.Terms {
		if b.settled(m, j, t) {
			continue // nothing more to pay: pay stays 0 from reset
		}
		tm := &m.s.Terms[j]
		if tm.Measure != scenario.MeasureCohort {
			b.periodic(m, p, pr, tm, j, t)
		} else if tm.Basis == scenario.Tiered && m.s.Tiers[tm.Schedule.Index()].PerDeal {
			b.dealTier(m, p, pr, tm, j, t)
		} else {
			b.earn(m, p, pr, tm, j, t)
		}
		if tm.PooledTested() && t >= m.pooled[tm.Metric] {
			b.pooledTest(m, p, pr, tm, j, t)
		}
		if tm.Switch == scenario.SwitchWhenPaid {
			b.paidShare(p, tm, j, t)
		}
		if b.due[j*b.P+t] == 0 && !b.negativeCap(j) {
			continue // nothing due, nothing paid (pay is 0 from reset)
		}
		b.termCaps(j, t)
	}
	if m.actual != nil && t < m.actual.through {
		b.actualPayments(m, t)
	}
	if st := &m.s.Settings; st.CapPeriod != 0 || st.CapTotal != 0 {
		b.dealCaps(m, p, st, t)
	}
}

// settled reports whether term j can pay nothing in period t: its cohorts'
// windows, its tests and its lag are over, and no period cap below zero
// makes it pay.
func (b *book[T]) settled(m *Model, j, t int) bool {
	return t >= m.termEnd[j] && !b.negativeCap(j)
}

// negativeCap reports whether term j has a period cap below zero (the
// loader and Set refuse one; code that fills the vector may not): the term
// then pays that amount whatever is due.
func (b *book[T]) negativeCap(j int) bool { return b.hasCapP[j] && b.capPeriod[j] < 0 }

// earn goes over the cohorts of term j (tm) in period t: what each earns,
// within the participant cap, is released for payment after the term's
// lag or, under a test, held back until the test passes.
func (b *book[T]) earn(m *Model, p byID, pr *projection, tm *scenario.Term, j, t int) {
	thresholds := tm.CohortTested() || tm.PooledTested()
	live := m.live[(j*b.P+t)*m.words:]
	hold := b.holding[j*m.words : (j+1)*m.words]
	for wd, h := range hold {
		// The cohorts in their window, and those holding amounts back:
		// for the others nothing is due and there is nothing to do.
		todo := live[wd]
		if thresholds {
			todo |= h
		}
		for todo != 0 {
			c := wd<<6 | bits.TrailingZeros64(todo)
			todo &= todo - 1
			jc := j*b.C + c
			var amt float64
			switch tm.Basis {
			case scenario.Outcomes:
				amt = b.outcomesEarned(m, p, pr, tm, jc, c, t)
			case scenario.Savings:
				amt = b.savingsEarned(m, p, pr, tm, j, c, t)
			case scenario.Tiered:
				if t == m.measure[tm.Metric][c] {
					amt = pr.n[c] * m.tier(p, tm, pr.contract(m, p, tm.Metric, c))
					if m.accrual != nil {
						amt *= m.accrual[tm.Metric][c] // terminated: the share accrued
					}
				}
			}
			if amt <= 0 && (!thresholds || b.held[jc] == 0) {
				continue // nothing due, nothing held back: the rest would add zeros
			}
			amt = b.participantCap(p, tm, jc, pr.n[c], amt)
			if !thresholds {
				b.release(j, t+tm.Lag, amt)
				continue
			}
			b.holdBack(jc, c, &hold[wd], amt)
			if tm.CohortTested() && t >= m.measure[tm.Metric][c] {
				b.cohortTest(m, p, pr, tm, j, c, t)
			}
		}
	}
}

// outcomesEarned is the rate card: the term's price for each of cohort c's
// outcomes in period t (jc is j·C + c), each participant's counted once
// where the term says so.
func (b *book[T]) outcomesEarned(m *Model, p byID, pr *projection, tm *scenario.Term, jc, c, t int) float64 {
	o := pr.outc[(tm.Metric*b.C+c)*b.P+t]
	if tm.CapGroup != 0 {
		// In the period the outcome is achieved (the only one with
		// outcomes), the participants' expected payment under the cap.
		if o == 0 {
			return 0
		}
		return pr.n[c] * b.capEV[jc]
	}
	if tm.Once && o > 0 {
		o = min(o, max(pr.n[c]-b.claimed[jc], 0))
	}
	b.claimed[jc] += o
	return p[tm.Price] * o
}

// savingsEarned is term j's share of the saving measured for cohort c in
// period t, gross or cashable; the share may switch once investors are
// repaid.
func (b *book[T]) savingsEarned(m *Model, p byID, pr *projection, tm *scenario.Term, j, c, t int) float64 {
	k := 0
	if tm.Cashable {
		k = 1
	}
	return b.earnShare(p, tm, j) * pr.msav[k][(m.msavAt[tm.Metric]*b.C+c)*b.P+t]
}

// earnShare is the share savings term j earns at: share, or share_after
// once investors are repaid (switch when_earned); 1 with switch
// when_paid, whose term releases the saving itself and applies the share
// when it is paid (paidShare).
func (b *book[T]) earnShare(p byID, tm *scenario.Term, j int) float64 {
	switch {
	case tm.Switch == scenario.SwitchWhenPaid:
		return 1
	case b.switched[j]:
		return p[tm.ShareAfter]
	}
	return p[tm.Share]
}

// paidShare turns the saving that savings term j (switch when_paid)
// released for period t into its payment, at the share in force when it
// is paid: share_after once the investors were repaid (balances, after
// the waterfall of an earlier period), else share; and it splits the
// payment that crosses repayment. With saving S, shares s and a, and the
// investors' balance owed B = balance × (1 + interest)^(1/ppy) (the
// balance after period t−1's waterfall, with period t's interest), a
// payment s·S ≤ B is paid in full at s; above B, the part of the saving
// that repays B, B / s, is paid at s and the rest at a, pro rata on the
// saving:
//
//	pay = B + a × (S − B/s)
//
// Before any capital is drawn there is nothing owed and nothing is split
// (B is 0). The test is on the balance alone: fees and costs that the
// payment also meets, or a cap, may leave the investors short, and the
// next payment is then at s again, and split again.
func (b *book[T]) paidShare(p byID, tm *scenario.Term, j, t int) {
	i := j*b.P + t
	S := b.due[i]
	if S == 0 {
		return
	}
	s, a := p[tm.Share], p[tm.ShareAfter]
	if b.switched[j] {
		b.due[i] = a * S
		return
	}
	if owed := b.balance[j] * b.interest[j]; owed > 0 && s*S > owed {
		b.due[i] = owed + a*(S-owed/s)
		return
	}
	b.due[i] = s * S
}

// unpaidAtShare values, after the last period, what savings terms with
// switch when_paid released too late or hold back under tests: their
// savings, at the share a payment would be made at after the horizon
// (share_after when the last period's waterfall repaid the investors).
func (b *book[T]) unpaidAtShare(m *Model, p byID) {
	for j := range m.s.Terms {
		tm := &m.s.Terms[j]
		if tm.Switch != scenario.SwitchWhenPaid {
			continue
		}
		share := p[tm.Share]
		if b.switched[j] {
			share = p[tm.ShareAfter]
		}
		b.lost[j] *= share
		for c := range b.C {
			b.held[j*b.C+c] *= share
		}
	}
}

// participantCap limits what cohort c earns (jc is j·C + c) to what the
// term's cap per participant leaves, and records it as paid: a contract
// pays for improvements and claws nothing back.
func (b *book[T]) participantCap(p byID, tm *scenario.Term, jc int, n, amt float64) float64 {
	amt = max(amt, 0)
	if tm.ParticipantCap != 0 {
		amt = min(amt, max(n*p[tm.ParticipantCap]-b.paidC[jc], 0))
	}
	b.paidC[jc] += amt
	return amt
}

// holdBack adds amt to what cohort c (jc is j·C + c) holds back under its
// term's tests, and marks the cohort in its word of the term's holding.
func (b *book[T]) holdBack(jc, c int, word *uint64, amt float64) {
	b.held[jc] += amt
	if b.held[jc] != 0 {
		*word |= 1 << (c & 63)
	}
}

// cohortTest releases what cohort c held back under term j, and anything
// it earns after, once its effect at measurement reaches the threshold.
func (b *book[T]) cohortTest(m *Model, p byID, pr *projection, tm *scenario.Term, j, c, t int) {
	jc := j*b.C + c
	if b.passed[jc] || m.passes(p, tm, pr.contract(m, p, tm.Metric, c), m.cohortThreshold(p, pr, tm, c)) {
		b.passed[jc] = true
		b.release(j, t+tm.Lag, b.held[jc])
		b.held[jc] = 0
		b.holding[j*m.words+c>>6] &^= 1 << (c & 63)
	}
}

// pooledTest releases what term j's cohort tests held back once the
// pooled test passes (for good: the effects do not change over time).
func (b *book[T]) pooledTest(m *Model, p byID, pr *projection, tm *scenario.Term, j, t int) {
	if b.pooledDone[j] || m.passes(p, tm, m.pooledEffect(p, pr, tm.Metric), m.pooledThreshold(p, pr, tm)) {
		b.pooledDone[j] = true
		W := m.words
		hold := b.holding[j*W : (j+1)*W]
		for wd := range W {
			for ; hold[wd] != 0; hold[wd] &= hold[wd] - 1 {
				c := wd<<6 | bits.TrailingZeros64(hold[wd])
				b.release(j, t+tm.Lag, b.held[j*b.C+c])
				b.held[j*b.C+c] = 0
			}
		}
	}
}

// release makes x payable under term j in period t (in a terminated
// contract's last period at the latest), or lost when t is beyond the
// horizon.
func (b *book[T]) release(j, t int, x float64) {
	t = min(t, b.stop)
	if t < b.P {
		b.due[j*b.P+t] += x
	} else {
		b.lost[j] += x
	}
}

// dealTier pays term j's schedule of deal totals: once, when the last
// cohort is measured (period t is the metric's pooled test), the value
// at the pooled effect, due after the term's lag.
func (b *book[T]) dealTier(m *Model, p byID, pr *projection, tm *scenario.Term, j, t int) {
	if t == m.pooled[tm.Metric] {
		b.release(j, t+tm.Lag, m.tier(p, tm, m.pooledEffect(p, pr, tm.Metric))*m.dealAccrual(p, tm.Metric))
	}
}

// dealAccrual is the share of a deal total that metric mi's cohorts
// accrued by termination: their accrual weighted by their participants
// as planned (those who did not enter count, at 0); 1 when the contract
// is not terminated.
func (m *Model) dealAccrual(p byID, mi int) float64 {
	if m.accrual == nil {
		return 1
	}
	var num, den float64
	for c, a := range m.accrual[mi] {
		n := m.participants(p, c)
		num += n * a
		den += n
	}
	if den == 0 {
		return 0
	}
	return num / den
}

// relTol is how close a measure relative to the baseline must be to a
// threshold to count as at it: effect / baseline is rarely exact in
// binary (0.04 / 0.4 is not 0.1), and a contract's "at least 10%" must
// hold at 10%.
const relTol = 1e-12

// relative returns effect e of metric mi as a share of the metric's
// baseline, and false when the baseline is not above zero: then no
// relative threshold is reached.
func (m *Model) relative(p byID, mi int, e float64) (float64, bool) {
	base := p[m.s.Metrics[mi].Baseline]
	if !(base > 0) {
		return 0, false
	}
	return e / base, true
}

// passes reports whether effect e (a cohort's, or the pooled effect)
// passes threshold thr of term tm: the effect itself, or its share of the
// baseline (Relative), at or above the threshold, or above it (Strict).
func (m *Model) passes(p byID, tm *scenario.Term, e, thr float64) bool {
	if tm.Relative {
		x, ok := m.relative(p, tm.Metric, e)
		return ok && passAt(tm, x, thr)
	}
	return passAt(tm, e, thr)
}

// passAt is passes's comparison of x, the effect or (Relative) its share
// of the baseline, with threshold thr.
func passAt(tm *scenario.Term, x, thr float64) bool {
	if tm.Relative {
		if tm.Strict {
			return x > thr+relTol
		}
		return x >= thr-relTol
	}
	if tm.Strict {
		return x > thr
	}
	return x >= thr
}

// short reports whether measure x falls short of a tier starting at x0:
// below it, or (strict) not above it; a relative measure within relTol
// of x0 counts as at it.
func short(x, x0 float64, sc *scenario.Schedule) bool {
	if sc.Relative {
		if sc.Strict {
			return x <= x0+relTol
		}
		return x < x0-relTol
	}
	if sc.Strict {
		return x <= x0
	}
	return x < x0
}

// tier reads a term's schedule at effect e (or, for a schedule relative
// to the baseline, at e's share of it): the value of the highest tier
// reached (step), or interpolated between the points (linear); nothing
// below the first tier, and the last value beyond the last.
func (m *Model) tier(p byID, tm *scenario.Term, e float64) float64 {
	sc := &m.s.Tiers[tm.Schedule.Index()]
	if sc.Relative {
		var ok bool
		if e, ok = m.relative(p, tm.Metric, e); !ok {
			return 0
		}
	}
	n := len(sc.Effect)
	if n == 0 || short(e, p[sc.Effect[0]], sc) {
		return 0
	}
	for i := n - 1; i >= 0; i-- {
		x0 := p[sc.Effect[i]]
		if short(e, x0, sc) {
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
	if pr.meas != nil {
		return pr.pooled[mi]
	}
	return m.truePooled(p, pr, mi)
}

// truePooled is pooledEffect of the true effects.
func (m *Model) truePooled(p byID, pr *projection, mi int) float64 {
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
