package sib

import (
	"github.com/sib-engine/sib/scenario"
)

// The delivery costs and fees the bond pays.

// fixedCosts works out the delivery costs and fees that do not depend on
// the payments, for every period, before the deal is played out.
func (b *book[T]) fixedCosts(m *Model, p byID, pr *projection) {
	s := m.s
	P := b.P
	for i := range b.I {
		c := m.item(i)
		if c.Basis == scenario.ShareOfPayments {
			continue
		}
		amt := p[c.Amount]
		row := b.cost[i*P : (i+1)*P]
		switch c.Basis {
		case scenario.PerPeriod, scenario.Upfront:
			to := c.To
			if c.Basis == scenario.Upfront {
				to = c.From
			}
			for t := max(c.From-1, 0); t < min(to, b.last); t++ {
				row[t] = b.costAt(i, c, amt, pr, t)
			}
		case scenario.PerParticipant, scenario.PerParticipantPeriod:
			// Cohort by cohort, each period's sum in cohort order.
			x := b.scratch
			clear(x)
			to := c.To
			if c.Basis == scenario.PerParticipant {
				to = c.From
			}
			for ci := range s.Cohorts {
				e := s.Cohorts[ci].Period
				for t := max(e+c.From-1, 0); t < min(e+to, b.last); t++ {
					x[t] += amt * pr.n[ci]
				}
			}
			for t, v := range x {
				if v != 0 {
					row[t] = b.costAt(i, c, v, pr, t)
				}
			}
		}
	}
}

// costAt is an item's amount x in period t, in T: delivery costs are in
// the price base, fees nominal.
func (b *book[T]) costAt(i int, c *scenario.CostItem, x float64, pr *projection, t int) T {
	if !c.Fee {
		x *= pr.infl[t]
	}
	return b.of(x, site{kind: atCost, i: i, period: t})
}

// costs works out the fees that are a share of period t's payments.
func (b *book[T]) costs(m *Model, p byID, pr *projection, t int) {
	for _, i := range m.shareFees {
		if c := m.item(i); t >= c.From-1 && t <= c.To-1 {
			b.cost[i*b.P+t] = b.costAt(i, c, p[c.Amount]*b.f(b.received[t]), pr, t)
		}
	}
}
