package scenario_test

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sib-engine/sib/costing"
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

var some = scenario.Some

// study returns the effects of an outcomes folder, as Load takes them.
func study(t *testing.T, dir string) map[[2]string]float64 {
	t.Helper()
	st, err := outcomes.Load(dir, outcomes.LoadOptions{})
	require.NoError(t, err)
	res, err := outcomes.Estimate(context.Background(), st, outcomes.Options{})
	require.NoError(t, err)
	return scenario.StudyEffects(res)
}

// studyMetric adds a metric whose effects come from a study: the pooled
// one, and each cohort's that the study has.
func studyMetric(b *scenario.Builder, effects map[[2]string]float64, ms scenario.MetricSpec, cohorts ...string) {
	ms.Effect = effects[[2]string{ms.Name, outcomes.PooledCohort}]
	b.Metric(ms)
	for _, c := range cohorts {
		if e, ok := effects[[2]string{ms.Name, c}]; ok {
			b.CohortEffect(ms.Name, c, e)
		}
	}
}

func buildEstonia(t *testing.T) *scenario.Scenario {
	b := scenario.NewBuilder(scenario.Settings{
		Name: "Estonian juvenile-offending SIB (illustrative)", Start: date("2026-01-01"), Months: scenario.Quarter, Periods: 24,
		Currency: "EUR", PriceBase: 2024, Recycle: true, Residual: "intermediary",
	})
	b.Setting("inflation", 0.025)
	b.Setting("discount_rate", 0.04)
	b.Setting("hurdle_rate", 0.06)
	b.Setting("direct_overhead", 0.05)
	cohorts := []string{"c1", "c2", "c3", "c4"}
	for i, entry := range []string{"2026-01-01", "2026-07-01", "2027-01-01", "2027-07-01"} {
		b.Cohort(cohorts[i], date(entry), []float64{120, 130, 140, 140}[i], some(0.85))
	}
	effects := study(t, "../testdata/estonia/outcomes")
	studyMetric(b, effects, scenario.MetricSpec{Name: "reconvictions", Unit: "reconvictions per person a year", Per: scenario.PerYear, From: 1, To: 8, Baseline: some(0.34), Decay: some(0.2)}, cohorts...)
	studyMetric(b, effects, scenario.MetricSpec{Name: "custody_days", Unit: "custody days per person a year", Per: scenario.PerYear, From: 1, To: 8, Baseline: some(12.9), Decay: some(0.2)}, cohorts...)
	studyMetric(b, effects, scenario.MetricSpec{Name: "school_dropout", Unit: "share leaving school within 12 months", Per: scenario.Once, From: 1, To: 4, Baseline: some(0.25)}, cohorts...)

	m, err := costing.Load("../testdata/estonia/costing")
	require.NoError(t, err)
	costs, err := costing.Compute(m, costing.Options{PriceBase: 2024})
	require.NoError(t, err)
	for _, a := range []struct {
		metric, service string
		units           float64
	}{
		{"reconvictions", "police_case", 1}, {"reconvictions", "prosecution_case", 0.8}, {"reconvictions", "court_case", 0.6},
		{"reconvictions", "probation_month", 3}, {"custody_days", "custody_day", 1},
		{"school_dropout", "special_school_day", 60}, {"school_dropout", "child_protection_case", 0.3},
	} {
		unitCost, lines, ok := scenario.CostingService(costs, a.service)
		require.True(t, ok, a.service)
		b.CostedService(a.service, "costing (2024)", unitCost, lines)
		b.Avoid(a.metric, a.service, a.units)
	}
	b.Schedule("school_tiers", [2]float64{0.02, 600}, [2]float64{0.05, 1500}, [2]float64{0.08, 2200})
	b.Term(scenario.TermSpec{Name: "reconviction_rate", Metric: "reconvictions", Payer: "ministry_of_justice", Basis: scenario.Outcomes,
		Price: some(6000), ParticipantCap: some(8000), Threshold: some(0.05), PooledThreshold: some(0.08), CapTotal: some(900000), Lag: 2})
	b.Term(scenario.TermSpec{Name: "custody", Metric: "custody_days", Payer: "ministry_of_justice", Basis: scenario.Savings, Share: some(0.5), CapPeriod: some(80000), Lag: 1})
	b.Term(scenario.TermSpec{Name: "school", Metric: "school_dropout", Payer: "education", Basis: scenario.Tiered, Schedule: "school_tiers", Linear: true, Lag: 2})
	b.Delivery(scenario.CostSpec{Name: "mentoring", Party: "provider", Basis: scenario.PerParticipantPeriod, Amount: 250, From: 1, To: 6})
	b.Delivery(scenario.CostSpec{Name: "programme_team", Party: "provider", Basis: scenario.PerPeriod, Amount: 20000, From: 1, To: 16})
	b.Delivery(scenario.CostSpec{Name: "setup", Party: "provider", Basis: scenario.Upfront, Amount: 50000, From: 1})
	b.Fee(scenario.CostSpec{Name: "management", Party: "intermediary", Basis: scenario.PerPeriod, Amount: 5000, From: 1, To: 16})
	b.Fee(scenario.CostSpec{Name: "success_fee", Party: "intermediary", Basis: scenario.ShareOfPayments, Amount: 0.05})
	b.Tranche(scenario.TrancheSpec{Name: "senior", Investor: "impact_fund", Priority: 1, Commitment: 800000, Coupon: some(0.04), Cap: some(1.5),
		Floor: some(0.8), Guarantor: "philanthropy", GuaranteeLimit: some(200000)})
	b.Tranche(scenario.TrancheSpec{Name: "junior", Investor: "social_investor", Priority: 2, Commitment: 500000, Coupon: some(0.07), Cap: some(2.0)})
	s, err := b.Build()
	require.NoError(t, err)
	return s
}

func buildPreschool(t *testing.T) *scenario.Scenario {
	b := scenario.NewBuilder(scenario.Settings{
		Name: "Preschool SIB: special education avoided (illustrative)", Start: date("2026-08-01"), Months: scenario.Year, Periods: 20,
		Currency: "EUR", PriceBase: 2025, Recycle: true, Residual: "intermediary",
	})
	b.Setting("inflation", 0.02)
	b.Setting("hurdle_rate", 0.06)
	b.Setting("direct_overhead", 0.05)
	b.Discount(0, 0.035)
	b.Discount(10, 0.03)
	b.Cohort("y2026", date("2026-08-01"), 560, some(0.9))
	b.Cohort("y2027", date("2027-08-01"), 600, some(0.9))
	b.Cohort("y2028", date("2028-08-01"), 640, some(0.9))
	b.Metric(scenario.MetricSpec{Name: "special_ed", Unit: "years in special education per child a year", Per: scenario.PerYear, From: 2, To: 14, Baseline: some(0.33), Effect: 0.15, Decay: some(0.02)})
	b.Metric(scenario.MetricSpec{Name: "grade_repetition", Unit: "repeated grades per child by the end of grade 3", Per: scenario.Once, From: 5, To: 5, Baseline: some(0.15), Effect: 0.06})
	b.Service(scenario.ServiceSpec{Name: "special_education_year", Agency: "ministry_of_education", Unit: "pupil-year of special education", UnitCost: 2600, Cashable: some(0.85)})
	b.Service(scenario.ServiceSpec{Name: "grade_repetition_year", Agency: "municipalities", Unit: "pupil-year repeated", UnitCost: 7400, Cashable: some(0.9), StepSize: some(25)})
	b.Avoid("special_ed", "special_education_year", 1)
	b.Avoid("grade_repetition", "grade_repetition_year", 1)
	b.Term(scenario.TermSpec{Name: "special_ed_savings", Metric: "special_ed", Payer: "ministry_of_education", Basis: scenario.Savings, Cashable: true,
		Share: some(0.95), ShareAfter: some(0.40), Interest: some(0.05), Lag: 1})
	b.Delivery(scenario.CostSpec{Name: "preschool_place", Party: "provider", Basis: scenario.PerParticipant, Amount: 1500, From: 1})
	b.Delivery(scenario.CostSpec{Name: "coaching", Party: "provider", Basis: scenario.PerPeriod, Amount: 45000, From: 1, To: 3})
	b.Delivery(scenario.CostSpec{Name: "setup", Party: "provider", Basis: scenario.Upfront, Amount: 60000, From: 1})
	b.Fee(scenario.CostSpec{Name: "management", Party: "intermediary", Basis: scenario.PerPeriod, Amount: 30000, From: 1, To: 17})
	b.Fee(scenario.CostSpec{Name: "evaluation", Party: "evaluator", Basis: scenario.PerPeriod, Amount: 12000, From: 1, To: 17})
	b.Fee(scenario.CostSpec{Name: "success_fee", Party: "intermediary", Basis: scenario.ShareOfPayments, Amount: 0.02})
	b.Tranche(scenario.TrancheSpec{Name: "senior", Investor: "impact_bank", Priority: 1, Commitment: 2200000, Coupon: some(0.05)})
	b.Tranche(scenario.TrancheSpec{Name: "subordinate", Investor: "foundation", Priority: 2, Commitment: 900000, Coupon: some(0.02)})
	s, err := b.Build()
	require.NoError(t, err)
	return s
}

func buildEmployment(t *testing.T) *scenario.Scenario {
	b := scenario.NewBuilder(scenario.Settings{
		Name: "Employment SIB for the long-term unemployed (illustrative)", Start: date("2026-01-01"), Months: scenario.Quarter, Periods: 20,
		Currency: "EUR", PriceBase: 2025, Recycle: true, Residual: "intermediary",
	})
	b.Setting("inflation", 0.025)
	b.Setting("discount_rate", 0.04)
	b.Setting("hurdle_rate", 0.06)
	b.Setting("direct_overhead", 0.05)
	cohorts := []string{"q1", "q2", "q3", "q4"}
	for i, entry := range []string{"2026-01-01", "2026-04-01", "2026-07-01", "2026-10-01"} {
		b.Cohort(cohorts[i], date(entry), 150, some(0.8))
	}
	studyMetric(b, study(t, "../testdata/employment/outcomes"), scenario.MetricSpec{Name: "months_in_work", Unit: "months in work per participant a year",
		Per: scenario.PerYear, From: 2, To: 13, Baseline: some(3.77), Decay: some(0.15)}, cohorts...)
	b.Service(scenario.ServiceSpec{Name: "benefit_month", Agency: "unemployment_insurance", Unit: "month of unemployment benefit", UnitCost: 520})
	b.Service(scenario.ServiceSpec{Name: "tax_month", Agency: "tax_board", Unit: "month in work at a typical wage", UnitCost: 610})
	b.Avoid("months_in_work", "benefit_month", 0.8)
	b.Avoid("months_in_work", "tax_month", 1)
	b.Term(scenario.TermSpec{Name: "employment", Metric: "months_in_work", Payer: "ministry_of_social_affairs", Basis: scenario.Savings, Share: some(0.5), Lag: 2})
	b.Delivery(scenario.CostSpec{Name: "coaching", Party: "provider", Basis: scenario.PerParticipant, Amount: 1100, From: 1})
	b.Delivery(scenario.CostSpec{Name: "in_work_support", Party: "provider", Basis: scenario.PerParticipantPeriod, Amount: 150, From: 2, To: 4})
	b.Delivery(scenario.CostSpec{Name: "programme_team", Party: "provider", Basis: scenario.PerPeriod, Amount: 15000, From: 1, To: 8})
	b.Delivery(scenario.CostSpec{Name: "setup", Party: "provider", Basis: scenario.Upfront, Amount: 25000, From: 1})
	b.Fee(scenario.CostSpec{Name: "management", Party: "intermediary", Basis: scenario.PerPeriod, Amount: 4000, From: 1, To: 17})
	b.Fee(scenario.CostSpec{Name: "evaluation", Party: "evaluator", Basis: scenario.PerPeriod, Amount: 2500, From: 1, To: 17})
	b.Tranche(scenario.TrancheSpec{Name: "social", Investor: "social_investor", Priority: 1, Commitment: 1000000, Coupon: some(0.05), Cap: some(1.25)})
	s, err := b.Build()
	require.NoError(t, err)
	return s
}

// TestBuilderMatchesLoad: each bundled scenario built in Go code gives
// the same parameters (names, values, ranges) and the same Run result,
// every table and output, as loading its folder.
func TestBuilderMatchesLoad(t *testing.T) {
	for _, c := range []struct {
		dir   string
		build func(*testing.T) *scenario.Scenario
	}{
		{"../testdata/estonia/scenario", buildEstonia},
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

			want := run(t, loaded)
			got := run(t, built)
			want.Scenario, got.Scenario = nil, nil
			if d := firstDiff(reflect.ValueOf(want), reflect.ValueOf(got), "Result"); d != "" {
				t.Error(d)
			}
		})
	}
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

// TestBuilderRefuses: a Builder keeps the first error, as the loader
// refuses the row, and Build returns it.
func TestBuilderRefuses(t *testing.T) {
	base := func() *scenario.Builder {
		b := scenario.NewBuilder(scenario.Settings{Start: date("2026-01-01"), Months: scenario.Quarter, Periods: 8, PriceBase: 2026})
		b.Cohort("c1", date("2026-01-01"), 100, scenario.Opt{})
		b.Metric(scenario.MetricSpec{Name: "m", To: 4, Effect: 0.1})
		b.Delivery(scenario.CostSpec{Name: "d", Party: "provider", Basis: scenario.PerPeriod, Amount: 10})
		b.Tranche(scenario.TrancheSpec{Name: "t", Investor: "fund", Priority: 1, Commitment: 1000})
		return b
	}
	for _, c := range []struct {
		name string
		add  func(*scenario.Builder)
		want error
		msg  string
	}{
		{"take-up above 1", func(b *scenario.Builder) { b.Cohort("c2", date("2026-04-01"), 10, some(1.5)) }, scenario.ErrRange, "cohort.c2.take_up: sib: value out of range: 1.5 is outside [0, 1]"},
		{"cohort twice", func(b *scenario.Builder) { b.Cohort("c1", date("2026-04-01"), 10, some(1)) }, scenario.ErrInput, "sib: invalid input: cohort c1 is given twice"},
		{"unknown metric", func(b *scenario.Builder) {
			b.Term(scenario.TermSpec{Name: "x", Metric: "nope", Payer: "p", Basis: scenario.Outcomes, Price: some(1)})
		}, scenario.ErrUnknown, `sib: unknown name: term x: metric "nope" is not in the scenario`},
		{"share on a rate card", func(b *scenario.Builder) {
			b.Term(scenario.TermSpec{Name: "x", Metric: "m", Payer: "p", Basis: scenario.Outcomes, Price: some(1), Share: some(0.5)})
		}, scenario.ErrInput, "sib: invalid input: term x: shares, interest and cashable are for basis savings; this term's basis is outcomes"},
		{"tiers not increasing", func(b *scenario.Builder) { b.Schedule("s", [2]float64{0.2, 1}, [2]float64{0.1, 2}) }, scenario.ErrOrder, "sib: out of order: tier thresholds must increase: 0.1 is not above the previous tier's 0.2"},
		{"cap below floor", func(b *scenario.Builder) {
			b.Tranche(scenario.TrancheSpec{Name: "g", Investor: "fund", Priority: 2, Commitment: 1, Cap: some(0.5), Floor: some(1), Guarantor: "gov"})
		}, scenario.ErrRange, "sib: value out of range: a tranche's cap must not be below its floor: tranche.g.cap = 0.5 is below tranche.g.floor = 1"},
		{"no terms", func(*scenario.Builder) {}, scenario.ErrInput, "sib: invalid input: no payment terms"},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := base()
			c.add(b)
			b.Term(scenario.TermSpec{Name: "last", Metric: "m", Payer: "p", Basis: scenario.Outcomes, Price: some(1)})
			if c.name == "no terms" {
				b = base()
			}
			_, err := b.Build()
			require.ErrorIs(t, err, c.want)
			assert.EqualError(t, err, c.msg)
		})
	}
}
