package sib

import "slices"

// Payers returns the parties that pay outcome payments (the terms'
// payers and co-payers), sorted: the index of a payer in it is the payer
// argument of Work.PaidBy.
func (m *Model) Payers() []string {
	var ps []string
	for _, a := range m.pays.agency {
		ps = append(ps, m.agencies[a])
	}
	slices.Sort(ps)
	return slices.Compact(ps)
}

// payerAgency returns the agency of payer k (an index of Payers), or −1:
// the k-th agency, in their sorted order, that pays a term's slot.
func (m *Model) payerAgency(k int) int {
	for a := range m.agencies {
		if slices.Contains(m.pays.agency, a) {
			if k == 0 {
				return a
			}
			k--
		}
	}
	return -1
}

// PaidBy adds to dst[t] what payer (an index of Model.Payers) paid in
// each period t of the last evaluation with w, nominal, in currency
// units: its share of every term it pays, after its caps. dst has a
// cell a period. It does not allocate, for Monte Carlo loops that follow
// each payer's budget.
func (w *Work) PaidBy(payer int, dst []float64) {
	m, b := w.m, w.b
	a := m.payerAgency(payer)
	for j := range b.J {
		s0, s1 := m.pays.slots(j)
		for s := s0; s < s1; s++ {
			if m.pays.agency[s] != a {
				continue
			}
			for t := range b.P {
				dst[t] += b.paidBy(m, j, s, t)
			}
		}
	}
}
