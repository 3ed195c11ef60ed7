package sib

// Actuals: outcome payments already made (a claims run's) stand in for
// the modelled payments of their terms over the periods already claimed
// (scenario.Actual). A deal without actuals pays nothing for them: the
// model's actual is nil and each period tests it once.

// actualModel is the actuals as Compile lays them out.
type actualModel struct {
	through int     // the periods covered: 0-based periods t < through
	has     []bool  // [term] the term has actuals
	cents   []int64 // [term·P + period] what it paid
}

// compileActuals lays out the scenario's actuals; nil when it has none.
func (m *Model) compileActuals() error {
	s := m.s
	if len(s.Actuals) == 0 {
		return nil
	}
	if err := s.CheckActuals(); err != nil {
		return err
	}
	P := m.periods
	a := &actualModel{through: s.ActualsThrough(), has: s.ActualTerms(), cents: make([]int64, len(s.Terms)*P)}
	for _, x := range s.Actuals {
		a.cents[x.Term*P+x.Period-1] = x.Cents
	}
	m.actual = a
	return nil
}

// fixed reports whether term j's payment in period t is an actual one.
func (m *Model) fixed(j, t int) bool {
	return m.actual != nil && t < m.actual.through && m.actual.has[j]
}

// actualPayments replaces the modelled payments of the terms with
// actuals in period t (one the actuals cover) by what they paid: due and
// paid alike, so that no cap is reported cutting them.
func (b *book[T]) actualPayments(m *Model, t int) {
	a := m.actual
	for j, ok := range a.has {
		if !ok {
			continue
		}
		c := a.cents[j*b.P+t]
		x := T(c)
		if !b.cents {
			x = T(float64(c) / 100)
		}
		b.payDue[j*b.P+t], b.pay[j*b.P+t] = x, x
	}
}
