package sib

import (
	"math/bits"

	"github.com/sib-engine/sib/scenario"
)

// The payment terms: what each term pays in a period, as its basis
// (a rate card, a share of savings, a tier schedule), its tests and its
// caps say.

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
