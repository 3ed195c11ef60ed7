package sib

import "github.com/sib-engine/sib/scenario"

// The caps on outcome payments: each term's, a period and over the deal,
// then the deal's across the terms in their order.

// termCaps rounds what term j released for period t to a payment (payDue)
// and limits it to the term's caps (pay).
func (b *book[T]) termCaps(j, t int) {
	i := j*b.P + t
	x := b.of(b.due[i], site{kind: atTerm, i: j, period: t})
	b.payDue[i] = x
	if b.hasCapP[j] {
		x = minT(x, b.capPeriod[j])
	}
	if b.hasCapT[j] {
		x = minT(x, max(b.capTotal[j]-b.cum[j], 0))
	}
	b.pay[i] = x
}

// dealCaps limits period t's payments to the deal's caps, a period and
// over the deal, the terms in their order taking what the caps leave.
// Actual payments (made already) are not cut: they count first, and the
// other terms take what they leave.
func (b *book[T]) dealCaps(m *Model, p byID, st *scenario.Settings, t int) {
	P := b.P
	capP, okP := b.capOf(p, st.CapPeriod)
	capT, okT := b.capOf(p, st.CapTotal)
	if !okP && !okT {
		return
	}
	var paid, before T
	if okT {
		for j := range b.J {
			before += b.cum[j]
		}
	}
	for j := range b.J {
		if m.fixed(j, t) {
			paid += b.pay[j*P+t]
		}
	}
	for j := range b.J {
		if m.fixed(j, t) {
			continue
		}
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
