package scenario_test

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sib-engine/sib/costing"
	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/outcomes"
	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// The bundled scenarios, written in Go with a Builder: each must give
// the Run result that loading its folder gives, to the last bit.

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// values registers each of vs with b.
func values(b *scenario.Builder, vs ...float64) []scenario.ParamID {
	ids := make([]scenario.ParamID, len(vs))
	for i, v := range vs {
		ids[i] = b.Value(v)
	}
	return ids
}

// study returns the effects of an outcomes folder, as Load takes them.
func study(t *testing.T, dir string) map[[2]string]float64 {
	t.Helper()
	st, err := outcomes.Load(dir, outcomes.LoadOptions{})
	require.NoError(t, err)
	res, err := outcomes.Estimate(context.Background(), st, outcomes.Options{})
	require.NoError(t, err)
	return scenario.StudyEffects(res)
}

// fromStudy gives m the effects of a study: the pooled one, and each
// cohort's that the study has.
func fromStudy(b *scenario.Builder, effects map[[2]string]float64, m scenario.Metric, cohorts []scenario.Cohort) scenario.Metric {
	m.Effect = b.Value(effects[[2]string{m.Name, outcomes.PooledCohort}])
	m.CohortEffect = make([]scenario.ParamID, len(cohorts))
	for i, c := range cohorts {
		if e, ok := effects[[2]string{m.Name, c.Name}]; ok {
			m.CohortEffect[i] = b.Value(e)
		}
	}
	return m
}

// buildEstonia builds testdata/estonia/overpriced, the Estonian example's
// fuller contract (a savings term, a floor with a guarantor, participant caps).
func buildEstonia(t *testing.T) *scenario.Scenario {
	var b scenario.Builder
	v := b.Value
	var cohorts []scenario.Cohort
	for i, entry := range []string{"2026-01-01", "2026-07-01", "2027-01-01", "2027-07-01"} {
		cohorts = append(cohorts, scenario.Cohort{Name: fmt.Sprintf("c%d", i+1), Entry: date(entry), Size: v([]float64{120, 130, 140, 140}[i]), TakeUp: v(0.85)})
	}
	const reconvictions, custodyDays, schoolDropout = 0, 1, 2
	metrics := []scenario.Metric{
		{Name: "reconvictions", Unit: "reconvictions per person a year", Per: scenario.PerYear, From: 1, To: 8, Baseline: v(0.34), Effect: v(0.1029), Decay: v(0.2)},
		{Name: "custody_days", Unit: "custody days per person a year", Per: scenario.PerYear, From: 1, To: 8, Baseline: v(12.9), Effect: v(4.32), Decay: v(0.2)},
		{Name: "school_dropout", Unit: "share leaving school within 12 months", Per: scenario.Once, From: 1, To: 4, Baseline: v(0.25), Effect: v(0.0319)},
	}

	// The services and their unit costs come from the costing, as the
	// folder's avoided.csv finds them there.
	m, err := costing.Load("../testdata/estonia/costing")
	require.NoError(t, err)
	costs, err := costing.Compute(m, costing.Options{PriceBase: 2024})
	require.NoError(t, err)
	var services []scenario.Service
	var avoids []scenario.Avoid
	for _, a := range []struct {
		metric  int
		service string
		units   float64
	}{
		{reconvictions, "police_case", 1}, {reconvictions, "prosecution_case", 0.8}, {reconvictions, "court_case", 0.6},
		{reconvictions, "probation_month", 3}, {custodyDays, "custody_day", 1},
		{schoolDropout, "special_school_day", 60}, {schoolDropout, "child_protection_case", 0.3},
	} {
		unitCost, lines, ok := scenario.CostingService(costs, a.service)
		require.True(t, ok, a.service)
		services = append(services, scenario.Service{Name: a.service, UnitCost: v(unitCost), Lines: lines, Source: "costing (2024)"})
		avoids = append(avoids, scenario.Avoid{Metric: a.metric, Service: len(services) - 1, Units: v(a.units)})
	}

	s, err := b.Build(scenario.Scenario{
		Settings: scenario.Settings{
			Name: "Estonian juvenile-offending SIB: the overpriced design (illustrative)", Start: date("2026-01-01"), Months: scenario.Quarter, Periods: 24,
			Currency: "EUR", PriceBase: 2024, Recycle: true, Residual: "intermediary",
			Inflation: v(0.025), Discount: v(0.04), Hurdle: v(0.06), DirectOverhead: v(0.05),
		},
		Cohorts:  cohorts,
		Metrics:  metrics,
		Services: services,
		Avoids:   avoids,
		Tiers:    []scenario.Schedule{{Name: "school_tiers", Effect: values(&b, 0.02, 0.05, 0.08), Value: values(&b, 600, 1500, 2200)}},
		Terms: []scenario.Term{
			{Name: "reconviction_rate", Metric: reconvictions, Payer: "ministry_of_justice", Basis: scenario.Outcomes,
				Price: v(6000), ParticipantCap: v(8000), Threshold: v(0.05), PooledThreshold: v(0.08), CapTotal: v(900000), Lag: 2},
			{Name: "custody", Metric: custodyDays, Payer: "ministry_of_justice", Basis: scenario.Savings, Share: v(0.5), CapPeriod: v(80000), Lag: 1},
			{Name: "school", Metric: schoolDropout, Payer: "education", Basis: scenario.Tiered, Schedule: 1, Linear: true, Lag: 2},
		},
		Delivery: []scenario.CostItem{
			{Name: "mentoring", Party: "provider", Basis: scenario.PerParticipantPeriod, Amount: v(250), From: 1, To: 6},
			{Name: "programme_team", Party: "provider", Basis: scenario.PerPeriod, Amount: v(20000), From: 1, To: 16},
			{Name: "setup", Party: "provider", Basis: scenario.Upfront, Amount: v(50000), From: 1},
		},
		Fees: []scenario.CostItem{
			{Name: "management", Party: "intermediary", Basis: scenario.PerPeriod, Amount: v(5000), From: 1, To: 16},
			{Name: "success_fee", Party: "intermediary", Basis: scenario.ShareOfPayments, Amount: v(0.05)},
		},
		Tranches: []scenario.Tranche{
			{Name: "senior", Investor: "impact_fund", Priority: 1, Commitment: v(800000), Coupon: v(0.04), Cap: v(1.5),
				Floor: v(0.8), Guarantor: "philanthropy", GuaranteeLimit: v(200000)},
			{Name: "junior", Investor: "social_investor", Priority: 2, Commitment: v(500000), Coupon: v(0.07), Cap: v(2.0)},
		},
	})
	require.NoError(t, err)
	return s
}

func buildPreschool(t *testing.T) *scenario.Scenario {
	var b scenario.Builder
	v := b.Value
	s, err := b.Build(scenario.Scenario{
		Settings: scenario.Settings{
			Name: "Preschool SIB: special education avoided (illustrative)", Start: date("2026-08-01"), Months: scenario.Year, Periods: 20,
			Currency: "EUR", PriceBase: 2025, Recycle: true, Residual: "intermediary",
			Inflation: v(0.02), Hurdle: v(0.06), DirectOverhead: v(0.05),
		},
		Discount: []scenario.Band{{From: 0, Rate: v(0.035)}, {From: 30, Rate: v(0.03)}, {From: 75, Rate: v(0.025)}, {From: 125, Rate: v(0.02)}, {From: 200, Rate: v(0.015)}, {From: 300, Rate: v(0.01)}},
		Cohorts: []scenario.Cohort{
			{Name: "y2026", Entry: date("2026-08-01"), Size: v(560), TakeUp: v(0.9)},
			{Name: "y2027", Entry: date("2027-08-01"), Size: v(600), TakeUp: v(0.9)},
			{Name: "y2028", Entry: date("2028-08-01"), Size: v(640), TakeUp: v(0.9)},
		},
		Metrics: []scenario.Metric{
			{Name: "special_ed", Unit: "years in special education per child a year", Per: scenario.PerYear, From: 2, To: 14, Baseline: v(0.33), Effect: v(0.15), Decay: v(0.02)},
			{Name: "grade_repetition", Unit: "repeated grades per child by the end of grade 3", Per: scenario.Once, From: 5, To: 5, Baseline: v(0.15), Effect: v(0.06)},
		},
		Services: []scenario.Service{
			{Name: "special_education_year", Unit: "pupil-year of special education", UnitCost: v(2600), Lines: scenario.ServiceLines("ministry_of_education", v(0.85), 0)},
			{Name: "grade_repetition_year", Unit: "pupil-year repeated", UnitCost: v(7400), Lines: scenario.ServiceLines("municipalities", v(0.9), v(25))},
		},
		Avoids: []scenario.Avoid{{Metric: 0, Service: 0, Units: v(1)}, {Metric: 1, Service: 1, Units: v(1)}},
		Terms: []scenario.Term{{Name: "special_ed_savings", Metric: 0, Payer: "ministry_of_education", Basis: scenario.Savings, Cashable: true,
			Share: v(0.95), ShareAfter: v(0.40), Interest: v(0.05), Lag: 1}},
		Delivery: []scenario.CostItem{
			{Name: "preschool_place", Party: "provider", Basis: scenario.PerParticipant, Amount: v(1500), From: 1},
			{Name: "coaching", Party: "provider", Basis: scenario.PerPeriod, Amount: v(45000), From: 1, To: 3},
			{Name: "setup", Party: "provider", Basis: scenario.Upfront, Amount: v(60000), From: 1},
		},
		Fees: []scenario.CostItem{
			{Name: "management", Party: "intermediary", Basis: scenario.PerPeriod, Amount: v(30000), From: 1, To: 17},
			{Name: "evaluation", Party: "evaluator", Basis: scenario.PerPeriod, Amount: v(12000), From: 1, To: 17},
			{Name: "success_fee", Party: "intermediary", Basis: scenario.ShareOfPayments, Amount: v(0.02)},
		},
		Tranches: []scenario.Tranche{
			{Name: "senior", Investor: "impact_bank", Priority: 1, Commitment: v(2200000), Coupon: v(0.05)},
			{Name: "subordinate", Investor: "foundation", Priority: 2, Commitment: v(900000), Coupon: v(0.02)},
		},
	})
	require.NoError(t, err)
	return s
}

func buildEmployment(t *testing.T) *scenario.Scenario {
	var b scenario.Builder
	v := b.Value
	var cohorts []scenario.Cohort
	for i, entry := range []string{"2026-01-01", "2026-04-01", "2026-07-01", "2026-10-01"} {
		cohorts = append(cohorts, scenario.Cohort{Name: fmt.Sprintf("q%d", i+1), Entry: date(entry), Size: v(150), TakeUp: v(0.8)})
	}
	work := fromStudy(&b, study(t, "../testdata/employment/outcomes"), scenario.Metric{Name: "months_in_work", Unit: "months in work per participant a year",
		Per: scenario.PerYear, From: 2, To: 13, Baseline: v(3.77), Decay: v(0.15)}, cohorts)
	s, err := b.Build(scenario.Scenario{
		Settings: scenario.Settings{
			Name: "Employment SIB for the long-term unemployed (illustrative)", Start: date("2026-01-01"), Months: scenario.Quarter, Periods: 20,
			Currency: "EUR", PriceBase: 2025, Recycle: true, Residual: "intermediary",
			Inflation: v(0.025), Discount: v(0.04), Hurdle: v(0.06), DirectOverhead: v(0.05),
		},
		Cohorts: cohorts,
		Metrics: []scenario.Metric{work},
		Services: []scenario.Service{
			{Name: "benefit_month", Unit: "month of unemployment benefit", UnitCost: v(520), Lines: scenario.ServiceLines("unemployment_insurance", 0, 0)},
			{Name: "tax_month", Unit: "month in work at a typical wage", UnitCost: v(610), Lines: scenario.ServiceLines("tax_board", 0, 0)},
		},
		Avoids: []scenario.Avoid{{Metric: 0, Service: 0, Units: v(0.8)}, {Metric: 0, Service: 1, Units: v(1)}},
		Terms:  []scenario.Term{{Name: "employment", Metric: 0, Payer: "ministry_of_social_affairs", Basis: scenario.Savings, Share: v(0.5), Lag: 2}},
		Delivery: []scenario.CostItem{
			{Name: "coaching", Party: "provider", Basis: scenario.PerParticipant, Amount: v(1100), From: 1},
			{Name: "in_work_support", Party: "provider", Basis: scenario.PerParticipantPeriod, Amount: v(150), From: 2, To: 4},
			{Name: "programme_team", Party: "provider", Basis: scenario.PerPeriod, Amount: v(15000), From: 1, To: 8},
			{Name: "setup", Party: "provider", Basis: scenario.Upfront, Amount: v(25000), From: 1},
		},
		Fees: []scenario.CostItem{
			{Name: "management", Party: "intermediary", Basis: scenario.PerPeriod, Amount: v(4000), From: 1, To: 17},
			{Name: "evaluation", Party: "evaluator", Basis: scenario.PerPeriod, Amount: v(2500), From: 1, To: 17},
		},
		Tranches: []scenario.Tranche{{Name: "social", Investor: "social_investor", Priority: 1, Commitment: v(1000000), Coupon: v(0.05), Cap: v(1.25)}},
	})
	require.NoError(t, err)
	return s
}

// TestBuilderMatchesLoad: each bundled scenario built in Go code gives
// the same parameters (names, values, ranges), the same structure and
// the same Run result, every table and output, as loading its folder.
func TestBuilderMatchesLoad(t *testing.T) {
	for _, c := range []struct {
		dir   string
		build func(*testing.T) *scenario.Scenario
	}{
		{"../testdata/estonia/overpriced", buildEstonia},
		{"../testdata/preschool/scenario", buildPreschool},
		{"../testdata/employment/scenario", buildEmployment},
	} {
		t.Run(c.dir, func(t *testing.T) {
			loaded, err := scenario.Load(c.dir)
			require.NoError(t, err)
			built := c.build(t)

			// The same parameters, found by the same names.
			require.Len(t, built.Params, len(loaded.Params))
			for _, p := range loaded.Params {
				id, ok := built.Param(p.Name)
				if assert.True(t, ok, p.Name) {
					q := built.At(id)
					assert.Equal(t, [3]float64{p.Value, p.Min, p.Max}, [3]float64{q.Value, q.Min, q.Max}, p.Name)
				}
			}
			assert.Equal(t, loaded.Warnings, built.Warnings)
			if d := sameDeal(loaded, built); d != "" {
				t.Error(d)
			}

			want := run(t, loaded)
			got := run(t, built)
			want.Scenario, got.Scenario = nil, nil
			if d := firstDiff(reflect.ValueOf(want), reflect.ValueOf(got), "Result"); d != "" {
				t.Error(d)
			}
		})
	}
}

// sameDeal returns where the structures of two scenarios first differ,
// or "": each ParamID is read as the name of its parameter (the IDs may
// differ, not what they refer to). Where the files were read (sources,
// the costing and outcomes folders) is left out.
func sameDeal(a, b *scenario.Scenario) string {
	name := func(s *scenario.Scenario, v reflect.Value) string {
		if id := scenario.ParamID(v.Int()); id != 0 {
			return s.At(id).Name
		}
		return "none"
	}
	var walk func(x, y reflect.Value, path string) string
	walk = func(x, y reflect.Value, path string) string {
		switch {
		case x.Type() == reflect.TypeFor[scenario.ParamID]():
			if n, m := name(a, x), name(b, y); n != m {
				return fmt.Sprintf("%s: %s ≠ %s", path, n, m)
			}
		case x.Type() == reflect.TypeFor[time.Time]():
			if !x.Interface().(time.Time).Equal(y.Interface().(time.Time)) {
				return fmt.Sprintf("%s: %v ≠ %v", path, x, y)
			}
		case x.Kind() == reflect.Slice:
			if x.Len() != y.Len() {
				return fmt.Sprintf("%s: length %d ≠ %d", path, x.Len(), y.Len())
			}
			for i := range x.Len() {
				if d := walk(x.Index(i), y.Index(i), fmt.Sprintf("%s[%d]", path, i)); d != "" {
					return d
				}
			}
		case x.Kind() == reflect.Struct:
			for i := range x.NumField() {
				f := x.Type().Field(i)
				if !f.IsExported() || slices.Contains([]string{"Params", "Warnings", "Source", "Costing", "Outcomes"}, f.Name) {
					continue
				}
				if d := walk(x.Field(i), y.Field(i), path+"."+f.Name); d != "" {
					return d
				}
			}
		case !reflect.DeepEqual(x.Interface(), y.Interface()):
			return fmt.Sprintf("%s: %v ≠ %v", path, x, y)
		}
		return ""
	}
	return walk(reflect.ValueOf(*a), reflect.ValueOf(*b), "Scenario")
}

// firstDiff returns where a and b first differ, or "": reflect.DeepEqual
// but with floats compared by their bits (so NaN, as an IRR's Other,
// equals itself).
func firstDiff(a, b reflect.Value, path string) string {
	if a.Type() != b.Type() {
		return path + ": types differ"
	}
	switch a.Kind() {
	case reflect.Float32, reflect.Float64:
		if math.Float64bits(a.Float()) != math.Float64bits(b.Float()) {
			return fmt.Sprintf("%s: %v ≠ %v", path, a.Float(), b.Float())
		}
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return path + ": one is nil"
			}
			return ""
		}
		return firstDiff(a.Elem(), b.Elem(), path)
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: length %d ≠ %d", path, a.Len(), b.Len())
		}
		for i := range a.Len() {
			if d := firstDiff(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i)); d != "" {
				return d
			}
		}
	case reflect.Struct:
		if a.Type() == reflect.TypeOf(decimal.Decimal{}) {
			x, y := a.Interface().(decimal.Decimal), b.Interface().(decimal.Decimal)
			if !x.Equal(y) || x.Exponent() != y.Exponent() {
				return fmt.Sprintf("%s: %s ≠ %s", path, x, y)
			}
			return ""
		}
		if a.Type() == reflect.TypeOf(time.Time{}) {
			if !a.Interface().(time.Time).Equal(b.Interface().(time.Time)) {
				return fmt.Sprintf("%s: %v ≠ %v", path, a.Interface(), b.Interface())
			}
			return ""
		}
		for i := range a.NumField() {
			if d := firstDiff(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name); d != "" {
				return d
			}
		}
	case reflect.Map:
		if a.Len() != b.Len() {
			return path + ": map sizes differ"
		}
		for _, k := range a.MapKeys() {
			if d := firstDiff(a.MapIndex(k), b.MapIndex(k), fmt.Sprintf("%s[%v]", path, k)); d != "" {
				return d
			}
		}
	default:
		if !reflect.DeepEqual(a.Interface(), b.Interface()) {
			return fmt.Sprintf("%s: %v ≠ %v", path, a.Interface(), b.Interface())
		}
	}
	return ""
}

func run(t *testing.T, s *scenario.Scenario) *sib.Result {
	t.Helper()
	m, err := sib.Compile(s)
	require.NoError(t, err)
	r, err := m.Run(s.Values())
	require.NoError(t, err)
	return r
}

// small is a valid scenario literal with its values in b: one cohort,
// metric, service, rate card, cost and tranche.
func small(b *scenario.Builder) *scenario.Scenario {
	v := b.Value
	return &scenario.Scenario{
		Settings: scenario.Settings{Start: date("2026-01-01"), Months: scenario.Quarter, Periods: 8, PriceBase: 2026},
		Cohorts:  []scenario.Cohort{{Name: "c1", Entry: date("2026-01-01"), Size: v(100)}},
		Metrics:  []scenario.Metric{{Name: "m", To: 4, Effect: v(0.1)}},
		Services: []scenario.Service{{Name: "day", UnitCost: v(100), Lines: scenario.ServiceLines("justice", v(0.5), 0)}},
		Avoids:   []scenario.Avoid{{Metric: 0, Service: 0, Units: v(1)}},
		Terms:    []scenario.Term{{Name: "rate_card", Metric: 0, Payer: "justice", Basis: scenario.Outcomes, Price: v(1)}},
		Delivery: []scenario.CostItem{{Name: "d", Party: "provider", Basis: scenario.PerPeriod, Amount: v(10)}},
		Tranches: []scenario.Tranche{{Name: "t", Investor: "fund", Priority: 1, Commitment: v(1000)}},
	}
}

// TestBuilderDefaults: a small literal builds, with the defaults of blank
// cells and the values named by their fields.
func TestBuilderDefaults(t *testing.T) {
	var b scenario.Builder
	s, err := b.Build(*small(&b))
	require.NoError(t, err)
	assert.Equal(t, "intermediary", s.Settings.Residual)
	assert.Equal(t, scenario.CashableSaving, s.Settings.SavingMeasure, "the cashable measure unless the contract names another")
	assert.Equal(t, scenario.PerYear, s.Metrics[0].Per)
	assert.Equal(t, 1, s.Metrics[0].From)
	assert.Equal(t, []scenario.ParamID{0}, s.Metrics[0].CohortEffect)
	d := s.Delivery[0]
	assert.Equal(t, [2]int{1, 8}, [2]int{d.From, d.To}, "from 1 to the horizon")
	assert.False(t, d.Fee)
	var names []string
	for _, p := range s.Params {
		names = append(names, p.Name)
	}
	assert.Equal(t, []string{"cohort.c1.size", "outcome.m.effect", "cost.day.unit_cost", "cost.day.cashable", "avoid.m.day.units",
		"term.rate_card.price", "delivery.d.amount", "tranche.t.commitment", "setting.discount_rate",
		// the timing parameters, after every other (timing.go)
		"term.rate_card.lag", "outcome.m.from", "outcome.m.to", "tranche.t.maturity"}, names)
	id, ok := s.Param("cost.day.cashable")
	require.True(t, ok)
	assert.Equal(t, id, s.Services[0].Lines[1].WeightParam, "one parameter in both lines")
	assert.Equal(t, "Services[0].cashable", s.At(id).Source)
	assert.Equal(t, [2]float64{0, 1}, [2]float64{s.At(id).Min, s.At(id).Max})
}

// TestBuilderRefuses: Build returns the first rule a literal breaks,
// positioned in it. Where a file can break the same rule, same names
// the case of TestLoadBad whose message, after its position, must be
// Build's after its own: the rule, its field and its words are one.
func TestBuilderRefuses(t *testing.T) {
	bad := map[string]badCase{}
	for _, c := range badCases(t) {
		bad[c.name] = c
	}
	for _, c := range []struct {
		name string
		edit func(*scenario.Builder, *scenario.Scenario)
		want error
		msg  string
		same string
	}{
		{"take-up above 1", func(b *scenario.Builder, s *scenario.Scenario) { s.Cohorts[0].TakeUp = b.Value(1.5) }, scenario.ErrRange,
			"Cohorts[0]: cohort.c1.take_up: sib: value out of range: 1.5 is outside [0, 1]", ""},
		{"cohort twice", func(b *scenario.Builder, s *scenario.Scenario) {
			s.Cohorts = append(s.Cohorts, scenario.Cohort{Name: "c1", Entry: date("2026-04-01"), Size: b.Value(10)})
		}, scenario.ErrInput, "Cohorts[1]: cohort: sib: invalid input: cohort c1 is given twice (also Cohorts[0])", ""},
		{"cohort before the start", func(b *scenario.Builder, s *scenario.Scenario) { s.Cohorts[0].Entry = date("2025-10-01") }, scenario.ErrOrder,
			"Cohorts[0]: entry: sib: out of order: entry 2025-10-01 is before the deal's start 2026-01-01", "cohort entry before the start"},
		{"cohort without a size", func(b *scenario.Builder, s *scenario.Scenario) { s.Cohorts[0].Size = 0 }, csvio.ErrEmpty,
			"Cohorts[0]: size: empty value: expected the number of people referred", ""},
		{"unknown metric", func(b *scenario.Builder, s *scenario.Scenario) { s.Terms[0].Metric = 5 }, scenario.ErrUnknown,
			"Terms[0]: metric: sib: unknown name: metric 5 is not in the scenario", ""},
		{"share given for basis outcomes", func(b *scenario.Builder, s *scenario.Scenario) { s.Terms[0].Share = b.Value(0.5) }, scenario.ErrInput,
			"Terms[0]: share: sib: invalid input: share is for basis savings or costs; this term's basis is outcomes", "share given for basis outcomes"},
		{"outcomes without a price", func(b *scenario.Builder, s *scenario.Scenario) { s.Terms[0].Price = 0 }, csvio.ErrEmpty,
			"Terms[0]: price: empty value: expected the price per outcome", "outcomes without a price"},
		{"interest without share_after", func(b *scenario.Builder, s *scenario.Scenario) {
			s.Terms[0] = scenario.Term{Name: "saving", Payer: "justice", Basis: scenario.Savings, Share: b.Value(0.4), Interest: b.Value(0.08)}
		}, scenario.ErrInput, "Terms[0]: interest: sib: invalid input: interest is the condition for switching to share_after, which is empty: give share_after, or leave interest empty", ""},
		{"tiered without a schedule", func(b *scenario.Builder, s *scenario.Scenario) {
			s.Terms[0] = scenario.Term{Name: "jobs", Payer: "justice", Basis: scenario.Tiered}
		},
			csvio.ErrEmpty, "Terms[0]: schedule: empty value: basis tiered needs a schedule from tiers.csv", "tiered without a schedule"},
		{"lag equal to the horizon", func(b *scenario.Builder, s *scenario.Scenario) { s.Terms[0].Lag = 8 }, scenario.ErrRange,
			"Terms[0]: lag: sib: value out of range: the horizon (8 periods) is not longer than the measurement lag (8 periods): nothing could ever be paid", ""},
		{"step size zero", func(b *scenario.Builder, s *scenario.Scenario) {
			s.Services[0].Lines = scenario.ServiceLines("justice", 0, b.Value(0))
		}, scenario.ErrRange, "Services[0]: step_size: sib: value out of range: a step size must be above zero (leave it empty for a variable cost)", "step size zero"},
		{"window ends before it begins", func(b *scenario.Builder, s *scenario.Scenario) { s.Metrics[0].From, s.Metrics[0].To = 5, 4 }, scenario.ErrOrder,
			"Metrics[0]: to: sib: out of order: the window ends (period 4) before it begins (period 5)", ""},
		{"window beyond the horizon", func(b *scenario.Builder, s *scenario.Scenario) { s.Metrics[0].To = 9 }, scenario.ErrRange,
			"Metrics[0]: to: sib: value out of range: 9 is outside [1, 8] (the last period of the window after entry)", ""},
		{"delivery period to before from", func(b *scenario.Builder, s *scenario.Scenario) { s.Delivery[0].From, s.Delivery[0].To = 5, 4 }, scenario.ErrOrder,
			"Delivery[0]: to: sib: out of order: period 4 is before the first period 5", "delivery period to before from"},
		{"fee basis for delivery", func(b *scenario.Builder, s *scenario.Scenario) { s.Delivery[0].Basis = scenario.ShareOfPayments }, scenario.ErrInput,
			"Delivery[0]: basis: sib: invalid input: basis 5: expected per_participant, per_participant_period, per_period or upfront", ""},
		{"floor without a guarantor", func(b *scenario.Builder, s *scenario.Scenario) { s.Tranches[0].Floor = b.Value(0.9) }, scenario.ErrInput,
			"Tranches[0]: guarantor: sib: invalid input: a floor needs a guarantor to meet it: give one, or leave floor empty", "floor without a guarantor"},
		{"protected without a guarantor", func(b *scenario.Builder, s *scenario.Scenario) { s.Tranches[0].Protected = b.Value(0.5) }, scenario.ErrInput,
			"Tranches[0]: guarantor: sib: invalid input: a protected share needs a guarantor to meet it: give one, or leave protected empty", ""},
		{"maturity after the horizon", func(b *scenario.Builder, s *scenario.Scenario) { s.Tranches[0].Maturity = 9 }, scenario.ErrRange,
			"Tranches[0]: maturity: sib: value out of range: 9 is outside [1, 8] (the period the tranche matures (empty: the horizon))", ""},
		{"maturity negative", func(b *scenario.Builder, s *scenario.Scenario) { s.Tranches[0].Maturity = -1 }, scenario.ErrRange,
			"Tranches[0]: maturity: sib: value out of range: -1 is outside [1, 8] (the period the tranche matures (empty: the horizon))", ""},
		{"amortise after the maturity", func(b *scenario.Builder, s *scenario.Scenario) { s.Tranches[0].Maturity, s.Tranches[0].Amortise = 4, 5 }, scenario.ErrRange,
			"Tranches[0]: amortise: sib: value out of range: 5 is outside [1, 4] (the first period of equal principal instalments, at most the maturity)", ""},
		{"cap rate out of range", func(b *scenario.Builder, s *scenario.Scenario) { s.Tranches[0].CapRate = b.Value(-1) }, scenario.ErrRange,
			"Tranches[0]: tranche.t.cap_rate: sib: value out of range: -1 is outside [-0.99, 10]", ""},
		{"unknown waterfall", func(b *scenario.Builder, s *scenario.Scenario) { s.Settings.Waterfall = 7 }, scenario.ErrInput,
			"Settings: waterfall: sib: invalid input: waterfall 7: expected ByTranche or InterestFirst", ""},
		{"unknown saving measure", func(b *scenario.Builder, s *scenario.Scenario) { s.Settings.SavingMeasure = 2 }, scenario.ErrInput,
			"Settings: saving_measure: sib: invalid input: saving_measure 2: expected CashableSaving or GrossSaving", ""},
		{"fiscal year start not a month", func(b *scenario.Builder, s *scenario.Scenario) { s.Settings.FiscalYearStart = 13 }, scenario.ErrRange,
			"Settings: fiscal_year_start: sib: value out of range: 13 is outside [1, 12] (the fiscal year's first month, 1 = January to 12 = December)", ""},
		{"cap below protected", func(b *scenario.Builder, s *scenario.Scenario) {
			s.Tranches = append(s.Tranches, scenario.Tranche{Name: "g", Investor: "fund", Priority: 2, Commitment: b.Value(1), Cap: b.Value(0.5), Protected: b.Value(0.6), Guarantor: "gov"})
		}, scenario.ErrRange, "sib: value out of range: a tranche's cap must not be below its protected share: tranche.g.cap = 0.5 is below tranche.g.protected = 0.6", ""},
		{"tranche priority twice", func(b *scenario.Builder, s *scenario.Scenario) {
			s.Tranches = append(s.Tranches, scenario.Tranche{Name: "j", Investor: "fund", Priority: 1, Commitment: b.Value(1)})
		}, scenario.ErrInput, "Tranches[1]: priority: sib: invalid input: priority 1 is also the priority of the tranche on Tranches[0]: each tranche needs its own place in the waterfall", ""},
		{"tiers not increasing", func(b *scenario.Builder, s *scenario.Scenario) {
			s.Tiers = []scenario.Schedule{{Name: "s", Effect: values(b, 0.2, 0.1), Value: values(b, 1, 2)}}
			s.Terms = append(s.Terms, scenario.Term{Name: "jobs", Payer: "justice", Basis: scenario.Tiered, Schedule: 1})
		}, scenario.ErrOrder, "sib: out of order: tier thresholds must increase: tier.s.2.effect = 0.1 is not above tier.s.1.effect = 0.2", ""},
		{"cap below floor", func(b *scenario.Builder, s *scenario.Scenario) {
			s.Tranches = append(s.Tranches, scenario.Tranche{Name: "g", Investor: "fund", Priority: 2, Commitment: b.Value(1), Cap: b.Value(0.5), Floor: b.Value(1), Guarantor: "gov"})
		}, scenario.ErrRange, "sib: value out of range: a tranche's cap must not be below its floor: tranche.g.cap = 0.5 is below tranche.g.floor = 1", ""},
		{"discount given twice", func(b *scenario.Builder, s *scenario.Scenario) {
			s.Settings.Discount = b.Value(0.035)
			s.Discount = []scenario.Band{{From: 0, Rate: b.Value(0.03)}}
		}, scenario.ErrInput, "Discount: sib: invalid input: discount rates are given here and as discount_rate at Settings.discount_rate: keep one", ""},
		{"no terms", func(b *scenario.Builder, s *scenario.Scenario) { s.Terms = nil }, scenario.ErrInput, "sib: invalid input: no payment terms", ""},
		// Errors in the use of the Builder: not input errors.
		{"a value in no field", func(b *scenario.Builder, s *scenario.Scenario) { b.Value(7) }, nil,
			"scenario: Build: value 7 (ParamID 9) is in no field of the scenario", ""},
		{"a value in two fields", func(b *scenario.Builder, s *scenario.Scenario) { s.Tranches[0].Commitment = s.Cohorts[0].Size }, nil,
			"scenario: Tranches[0]: commitment: the value is cohort.c1.size already: give each field its own Value", ""},
		{"another Builder's value", func(b *scenario.Builder, s *scenario.Scenario) { s.Cohorts[0].TakeUp = 99 }, nil,
			"scenario: Cohorts[0]: take_up: ParamID 99 is not one of the Builder's values", ""},
		{"Params given", func(b *scenario.Builder, s *scenario.Scenario) { s.Params = []scenario.Param{{Name: "x"}} }, nil,
			"scenario: Build: Params come from the Builder's Value: leave them empty", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			var b scenario.Builder
			s := small(&b)
			c.edit(&b, s)
			_, err := b.Build(*s)
			require.Error(t, err)
			assert.EqualError(t, err, c.msg)
			if c.want == nil {
				for _, sentinel := range []error{scenario.ErrInput, scenario.ErrUnknown, scenario.ErrRange, scenario.ErrOrder} {
					assert.NotErrorIs(t, err, sentinel)
				}
				return
			}
			require.ErrorIs(t, err, c.want)
			if c.same == "" {
				return
			}
			load, ok := bad[c.same]
			require.True(t, ok, c.same)
			_, after, _ := strings.Cut(load.want, ": ")        // payments.csv:2:7: share: ...
			_, built, _ := strings.Cut(c.msg, ": ")            // Terms[0]: share: sib: ...
			built = strings.Replace(built, ": sib: ", ": ", 1) // the position drops the prefix
			assert.Equal(t, after, built, "Load's message for the same rule")
		})
	}
}
