package sib

import (
	"github.com/sib-engine/sib/scenario"
)

// fixedCosts is book.fixedCosts on the lanes.
func (bt *Batch) fixedCosts() {
	m, s, B, P := bt.m, bt.m.s, bt.B, bt.m.periods
	last := m.end + 1
	for i := range m.nItems {
		c := m.item(i)
		row := bt.cost[i*P*B : (i+1)*P*B]
		put := func(t int, x []float64) {
			bt.costWrote[i*P+t] = true
			r := row[t*B : (t+1)*B]
			if c.Fee {
				copy(r, x)
			} else {
				mul(r, x, bt.row(bt.infl, t))
			}
			bt.check(r)
		}
		amt := bt.scr
		for l := range B {
			amt[l] = bt.p[l][c.Amount]
		}
		switch c.Basis {
		case scenario.PerPeriod, scenario.Upfront:
			to := c.To
			if c.Basis == scenario.Upfront {
				to = c.From
			}
			for t := max(c.From-1, 0); t < min(to, last); t++ {
				put(t, amt)
			}
		case scenario.PerParticipant, scenario.PerParticipantPeriod:
			to := c.To
			if c.Basis == scenario.PerParticipant {
				to = c.From
			}
			// x, the participants' amount, is summed again only when the
			// cohorts in their window change (by a mask when there are at
			// most 64 cohorts).
			x := bt.scr2
			var had uint64
			few := len(s.Cohorts) <= 64
			within := func(ci, t int) bool {
				e := s.Cohorts[ci].Period
				return t >= max(e+c.From-1, 0) && t < min(e+to, last)
			}
			for t := range P {
				var in uint64
				for ci := range s.Cohorts {
					if within(ci, t) {
						in |= 1 << (ci & 63)
					}
				}
				if in == 0 {
					continue
				}
				if !few || in != had {
					clear(x)
					for ci := range s.Cohorts {
						if within(ci, t) {
							addMul(x[:B], amt[:B], bt.row(bt.n, ci))
						}
					}
					had = in
				}
				put(t, x)
			}
		}
	}
}

// ceilings is book.setCeilings on the lanes, at the start of a run: an
// uncapped tranche's ceiling is maxMoney for good; a capped one's cap
// (its multiple of capital drawn) is kept in capMul for capCeilings.
func (bt *Batch) ceilings() {
	B := bt.B
	for k := range bt.m.s.Tranches {
		tr := &bt.m.s.Tranches[k]
		if tr.Cap == 0 {
			ce := bt.row(bt.ceiling, k)[:B]
			for l := range ce {
				ce[l] = maxMoney
			}
			continue
		}
		cm := bt.row(bt.capMul, k)[:B]
		for l := range cm {
			cm[l] = bt.p[l][tr.Cap]
		}
	}
	bt.capCeilings()
}

// capCeilings is book.setCeilings for the capped tranches, after capital
// is called: the cap times capital drawn.
func (bt *Batch) capCeilings() {
	B := bt.B
	for k := range bt.m.s.Tranches {
		if bt.m.s.Tranches[k].Cap == 0 {
			continue
		}
		ce, cm, dr := bt.row(bt.ceiling, k)[:B], bt.row(bt.capMul, k)[:B], bt.row(bt.drawn, k)[:B]
		for l := range ce {
			ce[l] = cm[l] * dr[l]
		}
		bt.check(ce)
	}
}

// waterfall is book.waterfall on the lanes, for the plain capital terms
// (Batchable): costs from the payments when recycling, else from capital
// called pro rata to the undrawn commitments; then each tranche its
// target return and principal, the excess pro rata to capital drawn
// within the caps, the rest to the residual party.
func (bt *Batch) waterfall(t int) {
	m, s, B, P := bt.m, bt.m.s, bt.B, bt.m.periods
	K := len(s.Tranches)
	rc, short := bt.row(bt.received, t)[:B], bt.row(bt.short, t)[:B]
	costs, use, undrawn, draw := bt.wcost[:B], bt.wuse[:B], bt.wundrawn[:B], bt.wdraw[:B]
	// The delivery costs' sum, which outputs reads as the direct
	// purchase's, then the fees.
	direct := bt.row(bt.directT, t)[:B]
	clear(direct)
	// A row neither fixedCosts nor shareCosts writes holds +0 in every
	// block, and adds nothing to a sum started at +0: it is left out.
	for i := range m.nDelivery {
		if bt.costWrote[i*P+t] {
			add(direct, bt.row(bt.cost, i*P+t))
		}
	}
	copy(costs, direct)
	for i := m.nDelivery; i < m.nItems; i++ {
		if bt.costWrote[i*P+t] {
			add(costs, bt.row(bt.cost, i*P+t))
		}
	}
	clear(undrawn)
	for k := range K {
		add(undrawn, bt.row(bt.undrawn, k))
	}
	called := callFor(rc, costs, undrawn, use, draw, short, bt.scr[:B], s.Settings.Recycle)
	if called {
		// callCapital: split in proportion to the undrawn commitments
		// (their sum is undrawn).
		for k := range K {
			u, dr, dk := bt.row(bt.undrawn, k)[:B], bt.row(bt.drawn, k)[:B], bt.row(bt.draw, k*P+t)[:B]
			callShare(draw, undrawn, u, dr, dk)
		}
	}
	if called {
		bt.capCeilings()
	}
	for k := range K {
		g, pr, ac, dr := bt.row(bt.growth, k)[:B], bt.row(bt.principal, k)[:B], bt.row(bt.accr, k)[:B], bt.row(bt.draw, k*P+t)[:B]
		accrue(g, pr, ac, dr, bt.wx[:B], bt.over[:B])
	}
	avail := bt.scr[:B]
	for k := range K {
		tr := &s.Tranches[k]
		ce, got, ac, pr := bt.row(bt.ceiling, k)[:B], bt.row(bt.got, k)[:B], bt.row(bt.accr, k)[:B], bt.row(bt.principal, k)[:B]
		trancheStep(ce, got, ac, pr, avail, bt.row(bt.ret, k*P+t), bt.row(bt.prin, k*P+t), tr.Cap != 0)
	}
	for l := range B {
		if avail[l] > 0 {
			bt.shareExcess(l, t)
		}
	}
	bt.balances(t)
}

// shareExcess is book.shareExcess for lane l: avail (scr[l]) pro rata
// to capital drawn among the tranches that share in the excess, within
// their rooms, a capped tranche's part going round again.
func (bt *Batch) shareExcess(l, t int) {
	tr, B, P := bt.m.s.Tranches, bt.B, bt.m.periods
	avail := bt.scr[l]
	w, part := bt.ww[:len(tr)], bt.part[:len(tr)]
	room := func(k int) float64 {
		r := bt.ceiling[k*B+l]
		if tr[k].Cap != 0 {
			r = max(r-bt.got[k*B+l], 0)
		}
		return r
	}
	for range tr {
		if avail <= 0 {
			break
		}
		sum := 0.0
		for k := range w {
			w[k] = 0
			if !tr[k].NoExcess && room(k) > 0 {
				w[k] = bt.drawn[k*B+l]
			}
			sum += w[k]
		}
		// split: every part from the same avail.
		for k := range part {
			part[k] = 0
			if sum > 0 && avail != 0 {
				part[k] = avail * w[k] / sum
			}
		}
		moved := false
		for k, pk := range part {
			if x := min(pk, room(k)); x > 0 {
				bt.excess[(k*P+t)*B+l] += x
				bt.got[k*B+l] += x
				avail -= x
				moved = true
			}
		}
		if !moved {
			break
		}
	}
	bt.scr[l] = avail
}
