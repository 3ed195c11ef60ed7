package scenario

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
)

// A Builder makes a Scenario in Go code, as Load makes one from a
// folder. Write the scenario as a literal of its own types, and give
// every number with Value, which returns the ParamID to put in the field
// that holds it:
//
//	var b scenario.Builder
//	s, err := b.Build(scenario.Scenario{
//		Settings: scenario.Settings{Start: start, Months: scenario.Year, Periods: 5, PriceBase: 2026, Discount: b.Value(0.035)},
//		Cohorts:  []scenario.Cohort{{Name: "c1", Entry: start, Size: b.Value(100)}},
//		Terms:    []scenario.Term{{Name: "rate_card", Metric: 0, Payer: "welfare", Basis: scenario.Outcomes, Price: b.Value(4000)}},
//		// ... metrics, services, avoids, delivery, tranches
//	})
//
// Build names each value after the field it sits in, with the name and
// range Load gives the cell that holds it (setting.discount_rate,
// cohort.c1.size, term.rate_card.price), so that Param, Set, Suggest and
// Values work on the result. It checks the rules Load checks (rules.go),
// in the order Load reads the files, and returns the first one broken,
// positioned in the literal: "Terms[1]: share: sib: invalid input: ...".
//
// A zero field that a file may leave blank takes the same default: a
// metric's Per is PerYear and its From 1, a cost's From is 1 and its To
// the horizon (From for Upfront), a periodic term's From is 1 and its To
// the horizon, a Coupon's From is 1 and its To the horizon, a Costs term's Measure is MeasurePeriod, a tranche's
// Maturity 0 is the horizon, the Waterfall is ByTranche, the Residual is
// "intermediary". Build works out what Load works out: each cohort's
// Period from its Entry, each cost's Fee from the list it is in, a
// CohortEffect for every cohort (zero: none), tranches in order of
// priority, the Warnings. References
// are indices, as in a loaded Scenario: Term.Metric and Avoid.Metric
// index Metrics, Avoid.Service indexes Services, CoPayer.Term indexes
// Terms, and Term.Schedule is one more than its schedule's index in Tiers. ServiceLines gives the cost
// lines of a service in one agency's budget, as services.csv does;
// CostingService and StudyEffects take unit costs and effects from the
// costing and outcomes packages' results, as the folders that
// scenario.csv names do.
//
// The zero Builder is ready to use; its values belong to the one
// scenario it builds.
type Builder struct {
	values []float64
}

// Value registers a number of the scenario and returns the ParamID to
// put in the field that holds it. The ID is the parameter's in the
// scenario Build returns.
func (b *Builder) Value(v float64) ParamID {
	b.values = append(b.values, v)
	return ParamID(len(b.values))
}

// Build checks the scenario in, names the Builder's values by the fields
// they sit in, and returns the scenario, or the first error. Errors in
// the deal wrap ErrInput, ErrUnknown, ErrRange, ErrOrder or a csvio
// sentinel, as Load's do. Errors in the use of the Builder are prefixed
// "scenario: " and wrap none: every value must sit in a field, and in
// one only (the two lines that ServiceLines gives a cashable share are
// one field); a ParamID must come from this Builder's Value; in.Params
// must be empty. As Load does, Build gives a scenario without discount
// rates the rate 0 (setting.discount_rate), checks the rules between
// parameters (Orders), and collects the warnings.
func (b *Builder) Build(in Scenario) (*Scenario, error) {
	if len(in.Params) > 0 {
		return nil, errors.New("scenario: Build: Params come from the Builder's Value: leave them empty")
	}
	s := &Scenario{Params: make([]Param, len(b.values))}
	for i, v := range b.values {
		s.Params[i] = Param{Value: v}
	}
	if err := s.take(&in); err != nil {
		return nil, err
	}
	switch {
	case len(s.Cohorts) == 0:
		return nil, none("cohorts")
	case len(s.Metrics) == 0:
		return nil, none("metrics")
	case len(s.Terms) == 0:
		return nil, none("payment terms")
	case len(s.Tranches) == 0:
		return nil, none("tranches")
	}
	for i, p := range s.Params {
		if p.Name == "" {
			return nil, fmt.Errorf("scenario: Build: value %v (ParamID %d) is in no field of the scenario", p.Value, i+1)
		}
	}
	if err := s.checkDiscount(); err != nil {
		return nil, fmt.Errorf("%s: %w", "Discount", err)
	}
	slices.SortStableFunc(s.Tranches, byPriority)
	if err := s.finish(); err != nil {
		return nil, err
	}
	// The timing parameters, named after the literal's elements (a
	// tranche by its place in the literal, not in priority order).
	if err := s.addTiming(func(_, list string, i int, col string) string {
		if list == "Settings" {
			return list + "." + col
		}
		if list == "Tranches" {
			i = slices.IndexFunc(in.Tranches, func(t Tranche) bool { return t.Name == s.Tranches[i].Name })
		}
		return place(list, i) + "." + col
	}); err != nil {
		return nil, err
	}
	if err := s.CheckValues(); err != nil {
		return nil, err
	}
	return s, nil
}

// take adds the elements of the literal in to s one by one, in the
// order Load reads the files, with the defaults of blank cells.
func (s *Scenario) take(in *Scenario) error {
	s.Settings = in.Settings
	s.Grades = slices.Clone(in.Grades)
	st := &s.Settings
	st.DistributeAt = slices.Clone(st.DistributeAt)
	st.Residual = cmp.Or(st.Residual, "intermediary")
	if err := s.takeItem("Settings", st.params(), s.checkSettings); err != nil {
		return err
	}
	cohort := func(c *Cohort) { c.Period = st.periodOf(c.Entry) }
	term := func(t *Term) {
		if t.Basis == Costs && t.Measure == MeasureCohort {
			t.Measure = MeasurePeriod
		}
		if t.Measure != MeasureCohort {
			t.From, t.To = cmp.Or(t.From, 1), cmp.Or(t.To, st.Periods)
		}
		t.defaultSwitch()
	}
	metric := func(m *Metric) {
		m.Per, m.From = cmp.Or(m.Per, PerYear), cmp.Or(m.From, 1)
		m.CohortEffect = slices.Clone(m.CohortEffect)
		if n := len(s.Cohorts) - len(m.CohortEffect); n > 0 {
			m.CohortEffect = append(m.CohortEffect, make([]ParamID, n)...)
		}
	}
	metricParams := func(m *Metric) []paramField {
		f := m.params()
		for c := range min(len(m.CohortEffect), len(s.Cohorts)) {
			f = append(f, m.cohortEffect(c, s.Cohorts[c].Name))
		}
		return f
	}
	service := func(sv *Service) { sv.Lines = slices.Clone(sv.Lines) }
	sizeSchedule := func(sc *SizeSchedule) { sc.Size, sc.Threshold = slices.Clone(sc.Size), slices.Clone(sc.Threshold) }
	schedule := func(sc *Schedule) { sc.Effect, sc.Value = slices.Clone(sc.Effect), slices.Clone(sc.Value) }
	cost := func(fee bool) func(*CostItem) {
		return func(c *CostItem) {
			c.Fee, c.From = fee, cmp.Or(c.From, 1)
			if c.To == 0 {
				c.To = st.Periods
				if c.Basis == Upfront {
					c.To = c.From
				}
			}
		}
	}
	commissioner := func(c *CommissionerCost) {
		c.From = cmp.Or(c.From, 1)
		if c.To == 0 {
			c.To = st.Periods
			if c.Basis == Upfront {
				c.To = c.From
			}
		}
	}
	coupon := func(c *Coupon) { c.From, c.To = cmp.Or(c.From, 1), cmp.Or(c.To, st.Periods) }
	for _, step := range []func() error{
		func() error {
			return takeAll(s, "Discount", in.Discount, nil, (*Band).params, s.checkBand, &s.Discount)
		},
		func() error {
			return takeAll(s, "Cohorts", in.Cohorts, cohort, (*Cohort).params, s.checkCohort, &s.Cohorts)
		},
		func() error {
			return takeAll(s, "Metrics", in.Metrics, metric, metricParams, s.checkMetric, &s.Metrics)
		},
		func() error {
			return takeAll(s, "Services", in.Services, service, (*Service).params, s.checkService, &s.Services)
		},
		func() error {
			return takeAll(s, "Avoids", in.Avoids, nil, s.avoidParams, func(a *Avoid, at func(int) string) *fault {
				return firstFault(s.checkAvoid(a, at), s.resolve(a.Confidence, a.Adjustment != 0, &a.Adjustment))
			}, &s.Avoids)
		},
		func() error {
			return takeAll(s, "Benefits", in.Benefits, nil, s.valueParams, func(v *Value, at func(int) string) *fault {
				return firstFault(s.resolve(v.Confidence, v.Adjustment != 0, &v.Adjustment), s.checkValue(v, at))
			}, &s.Benefits)
		},
		func() error {
			return takeAll(s, "Tiers", in.Tiers, schedule, (*Schedule).params, s.checkSchedule, &s.Tiers)
		},
		func() error {
			return takeAll(s, "SizeSchedules", in.SizeSchedules, sizeSchedule, (*SizeSchedule).params, s.checkSizeSchedule, &s.SizeSchedules)
		},
		func() error {
			return takeAll(s, "CapGroups", in.CapGroups, nil, (*CapGroup).params, s.checkCapGroup, &s.CapGroups)
		},
		func() error { return takeAll(s, "Terms", in.Terms, term, (*Term).params, s.checkTerm, &s.Terms) },
		func() error {
			return takeAll(s, "CoPayers", in.CoPayers, nil, s.coPayerParams, s.checkCoPayer, &s.CoPayers)
		},
		func() error {
			return takeAll(s, "PayerCaps", in.PayerCaps, nil, (*PayerCap).params, s.checkPayerCap, &s.PayerCaps)
		},
		func() error {
			return takeAll(s, "Delivery", in.Delivery, cost(false), (*CostItem).params, s.checkCost, &s.Delivery)
		},
		func() error { return takeAll(s, "Fees", in.Fees, cost(true), (*CostItem).params, s.checkCost, &s.Fees) },
		func() error {
			return takeAll(s, "CommissionerCosts", in.CommissionerCosts, commissioner, (*CommissionerCost).params, func(c *CommissionerCost, at func(int) string) *fault {
				return firstFault(s.resolve(c.Confidence, c.Adjustment != 0, &c.Adjustment), s.checkCommissionerCost(c, at))
			}, &s.CommissionerCosts)
		},
		func() error {
			return takeAll(s, "Tranches", in.Tranches, nil, (*Tranche).params, s.checkTranche, &s.Tranches)
		},
		func() error {
			return takeAll(s, "Coupons", in.Coupons, coupon, (*Coupon).params, s.checkCoupon, &s.Coupons)
		},
	} {
		if err := step(); err != nil {
			return err
		}
	}
	for i := range s.Services {
		s.Services[i].Source = cmp.Or(s.Services[i].Source, place("Services", i))
	}
	return nil
}

// takeAll takes the elements of the list named list, each once prepare
// (when not nil) has given it its defaults, into *to.
func takeAll[T any](s *Scenario, list string, items []T, prepare func(*T), params func(*T) []paramField, check func(*T, func(int) string) *fault, to *[]T) error {
	for i, x := range items {
		if prepare != nil {
			prepare(&x)
		}
		if err := s.takeItem(place(list, i), params(&x), func() *fault { return check(&x, at(list)) }); err != nil {
			return err
		}
		*to = append(*to, x)
	}
	return nil
}

// place names element i of a list of the literal, "Terms[2]".
func place(list string, i int) string { return fmt.Sprintf("%s[%d]", list, i) }

// at names the elements of a list in the messages of the checks.
func at(list string) func(int) string { return func(i int) string { return place(list, i) } }

// takeItem checks the element at place against s, the scenario so far,
// then names the values in its fields.
func (s *Scenario) takeItem(place string, fields []paramField, check func() *fault) error {
	for _, f := range fields {
		if id := *f.id; id < 0 || int(id) > len(s.Params) {
			return fmt.Errorf("scenario: %s: %s: ParamID %d is not one of the Builder's values", place, f.col, id)
		}
	}
	if f := check(); f != nil {
		return fmt.Errorf("%s: %s: %w", place, f.col, f.err)
	}
	for _, f := range fields {
		if err := s.nameValue(place, f); err != nil {
			return err
		}
	}
	return nil
}

// nameValue makes the Builder's value in field f the parameter the field
// holds, and checks its range.
func (s *Scenario) nameValue(place string, f paramField) error {
	id := *f.id
	if id == 0 {
		return nil
	}
	p := s.At(id)
	switch p.Name {
	case f.name:
		return nil // the cashable share of a service's second line
	case "":
	default:
		return fmt.Errorf("scenario: %s: %s: the value is %s already: give each field its own Value", place, f.col, p.Name)
	}
	*p = f.rule.param(f.name, p.Value, place+"."+f.col)
	if err := p.check(p.Value); err != nil {
		return fmt.Errorf("%s: %s: %w", place, f.name, err)
	}
	if err := s.indexName(id); err != nil {
		return fmt.Errorf("%s: %s: %w", place, f.col, err)
	}
	return nil
}
