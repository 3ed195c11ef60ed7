package sib

import "github.com/sib-engine/sib/scenario"

// Co-commissioning: a term paid by several payers in shares, and caps on
// what each payer pays over every term it pays.
//
// A term is earned, tested and capped as one (its own caps, then the
// deal's); its payment in each period is then split over its payers,
// the term's payer taking what its co-payers' shares leave, by largest
// remainder in the ledger so that the parts add up to the term's payment
// to the cent. Then each payer's caps, a period and over the deal, limit
// its parts across the terms in their order. What a payer's cap cuts, no
// other payer pays: the term pays that much less.

// payerModel is who pays each term: the term's slots, its payer first
// and then its co-payers in the order of payers.csv. A deal without
// co-payers or payer caps has one slot a term, its payer's, and on is
// false: the book keeps no parts, and a term's part is its payment.
type payerModel struct {
	on     bool
	at     []int              // [term] → its first slot; at[J] is the number of slots
	agency []int              // [slot] → the agency that pays it
	share  []scenario.ParamID // [slot] → a co-payer's share; 0 for the term's payer, which pays the rest
	// capPeriod and capTotal are each agency's caps (0: none); capped
	// lists the agencies with one.
	capPeriod, capTotal []scenario.ParamID // [agency]
	capped              []int
	most                int // the most payers of a term
}

// compilePayers works out the slots of the scenario's terms and the caps
// of its payers; m.agencies and m.payer are set.
func (m *Model) compilePayers() {
	s := m.s
	pm := &m.pays
	pm.on = len(s.CoPayers) > 0 || len(s.PayerCaps) > 0
	for j := range s.Terms {
		pm.at = append(pm.at, len(pm.agency))
		pm.agency = append(pm.agency, m.payer[j])
		pm.share = append(pm.share, 0)
		for _, c := range s.CoPayers {
			if c.Term == j {
				pm.agency = append(pm.agency, m.agencyIndex(c.Payer))
				pm.share = append(pm.share, c.Share)
			}
		}
		pm.most = max(pm.most, len(pm.agency)-pm.at[j])
	}
	pm.at = append(pm.at, len(pm.agency))
	pm.capPeriod = make([]scenario.ParamID, len(m.agencies))
	pm.capTotal = make([]scenario.ParamID, len(m.agencies))
	for _, c := range s.PayerCaps {
		a := m.agencyIndex(c.Payer)
		pm.capPeriod[a], pm.capTotal[a] = c.CapPeriod, c.CapTotal
		pm.capped = append(pm.capped, a)
	}
}

// slots returns term j's slots, [s0, s1).
func (pm *payerModel) slots(j int) (s0, s1 int) { return pm.at[j], pm.at[j+1] }

// weights fills w with each slot's share of the payments of all terms:
// a co-payer's share, and for a term's payer 1 less its co-payers'
// shares (at least 0; CheckValues refuses shares above 1 in all, and
// when code puts them in the vector, the co-payers split the term in
// proportion to them).
func (pm *payerModel) weights(p byID, w []float64) {
	for j := range len(pm.at) - 1 {
		s0, s1 := pm.slots(j)
		rest := 1.0
		for s := s0 + 1; s < s1; s++ {
			w[s] = p[pm.share[s]]
			rest -= w[s]
		}
		w[s0] = max(rest, 0)
	}
}

// payerBook is the book's record of who paid what, kept only when the
// deal has co-payers or payer caps.
type payerBook[T amount] struct {
	w          []float64 // [slot] the slot's share of its term
	part       []T       // [period·slots + slot] what the slot's payer pays of its term
	cut        []T       // [agency] what its caps cut of its shares, over the deal
	paid, now  []T       // [agency] paid before this period, and in it
	capP, capT []T       // [agency]
	hasP, hasT []bool    // [agency]
}

func newPayerBook[T amount](m *Model) *payerBook[T] {
	pm := &m.pays
	if !pm.on {
		return nil
	}
	S, A := len(pm.agency), len(m.agencies)
	return &payerBook[T]{
		w: make([]float64, S), part: make([]T, m.periods*S),
		cut: make([]T, A), paid: make([]T, A), now: make([]T, A),
		capP: make([]T, A), capT: make([]T, A), hasP: make([]bool, A), hasT: make([]bool, A),
	}
}

// startPayers sets up the payers' shares and caps for an evaluation.
func (b *book[T]) startPayers(m *Model, p byID) {
	c, pm := b.co, &m.pays
	pm.weights(p, c.w)
	clear(c.part)
	clear(c.cut)
	clear(c.paid)
	for _, a := range pm.capped {
		c.capP[a], c.hasP[a] = b.capOf(p, pm.capPeriod[a])
		c.capT[a], c.hasT[a] = b.capOf(p, pm.capTotal[a])
	}
}

// settlePayers splits each term's payment in period t over its payers,
// then limits each payer's parts to its caps, the terms in their order
// taking what a payer's caps leave; a term's payment becomes the sum of
// what its payers pay.
func (b *book[T]) settlePayers(m *Model, t int) {
	c, pm := b.co, &m.pays
	S := len(pm.agency)
	part := c.part[t*S : (t+1)*S]
	clear(c.now)
	if m.actual != nil && t < m.actual.through {
		b.actualParts(m, t, part)
	}
	for j := range b.J {
		x := b.pay[j*b.P+t]
		if x == 0 || m.fixed(j, t) {
			continue // its parts stay 0, or are set
		}
		s0, s1 := pm.slots(j)
		b.split(x, c.w[s0:s1], part[s0:s1])
		if len(pm.capped) == 0 {
			continue
		}
		var paid T
		for s := s0; s < s1; s++ {
			a := pm.agency[s]
			y := part[s]
			if c.hasP[a] {
				y = minT(y, max(c.capP[a]-c.now[a], 0))
			}
			if c.hasT[a] {
				y = minT(y, max(c.capT[a]-c.paid[a]-c.now[a], 0))
			}
			c.cut[a] += part[s] - y
			part[s] = y
			c.now[a] += y
			paid += y
		}
		b.pay[j*b.P+t] = paid
	}
	for _, a := range pm.capped {
		c.paid[a] += c.now[a]
	}
}

// actualParts splits the actual payments of period t over their terms'
// payers, uncut: what was paid counts against the payers' caps first, and
// the other terms take what they leave.
func (b *book[T]) actualParts(m *Model, t int, part []T) {
	c, pm := b.co, &m.pays
	for j := range b.J {
		if !m.fixed(j, t) {
			continue
		}
		s0, s1 := pm.slots(j)
		b.split(b.pay[j*b.P+t], c.w[s0:s1], part[s0:s1])
		for s := s0; s < s1; s++ {
			c.now[pm.agency[s]] += part[s]
		}
	}
}

// paidBy returns what slot s of term j pays in period t.
func (b *book[T]) paidBy(m *Model, j, s, t int) T {
	if b.co == nil {
		return b.pay[j*b.P+t]
	}
	return b.co.part[t*len(m.pays.agency)+s]
}
