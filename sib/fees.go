package sib

import (
	"slices"

	"github.com/sib-engine/sib/scenario"
)

// Fees that rank below the investors, and commitment fees.
//
// A subordinated fee (rank = subordinated in fees.csv) is due as its
// basis says, like any fee, but is not a cost of the period: it is paid
// in the waterfall from what is left of the cash distributed after every
// tranche's target return and principal due, before the excess and the
// residual, in file order, as far as that cash goes; what it does not
// cover is forgone (an incentive fee earned from the surplus). With when
// = repaid it is paid only in a period after whose repayments no
// tranche is owed anything (principal or target return); with when =
// term:NAME, only from the period in which that term's test passed
// (termPassed); before, it is forgone.
//
// A commitment fee (commitment_fee in capital.csv, a rate a year) is
// what the bond pays a tranche for keeping its undrawn commitment
// available: undrawn at the period's start × rate / periods a year, in
// each period up to the tranche's maturity. It is a cost of the period,
// paid after the cost items (from the cash held, recycled payments or
// capital called); the tranche receives it beside its target return,
// outside its caps and its guarantee.

// commitmentFees works out period t's commitment fees, on each open
// tranche's undrawn commitment at the period's start, into b.cfee, and
// returns their sum.
func (b *book[T]) commitmentFees(m *Model, p byID, t int) T {
	var sum T
	for k := range b.K {
		c := m.s.Tranches[k].CommitmentFee
		if c == 0 || b.closed[k] || b.undrawn[k] <= 0 {
			continue
		}
		// At most the undrawn commitment (the rate is at most 1): within
		// the bound.
		x := b.of(b.f(b.undrawn[k])*p[c]/float64(b.ppy), site{})
		b.cfee[k*b.P+t] = x
		sum += x
	}
	return sum
}

// payJunior pays period t's subordinated fees from avail, what is left
// after the tranches' target returns and principal, in their order; it
// returns what is left.
func (b *book[T]) payJunior(m *Model, t int, avail T) T {
	repaid := b.repaidAll()
	P := b.P
	for _, i := range m.juniorFees {
		c := m.item(i)
		if c.OnceRepaid && !repaid || c.AfterTerm != 0 && !b.termPassed(m, c.AfterTerm-1) {
			continue // forgone
		}
		x := minT(max(avail, 0), b.cost[i*P+t])
		b.costPaid[i*P+t] = x
		avail -= x
	}
	return avail
}

// termPassed reports whether term j's test has passed by now (in this
// period's payments or before): one of its cohorts passed its cohort
// test, or the pooled test passed. A term with no cohort test (no
// threshold, or measured every period or year, whose tests do not carry
// from period to period) counts as passed once it has paid something.
func (b *book[T]) termPassed(m *Model, j int) bool {
	tm := &m.s.Terms[j]
	if tm.Measure == scenario.MeasureCohort && (tm.CohortTested() || tm.PooledTested()) {
		return b.pooledDone[j] || slices.Contains(b.passed[j*b.C:(j+1)*b.C], true)
	}
	return b.cum[j] > 0
}

// repaidAll reports whether no tranche is owed anything by the bond:
// principal or target return. A tranche that matured owed something
// (whatever its guarantor paid) keeps it owed: the investors were not
// repaid.
func (b *book[T]) repaidAll() bool {
	for k := range b.K {
		if b.principal[k] > 0 || b.accrued[k] > 0 {
			return false
		}
	}
	return true
}
