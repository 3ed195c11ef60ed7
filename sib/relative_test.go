package sib

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/sib-engine/sib/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Relative thresholds and tiers (issue 14, item 9) and tier values as deal
// totals (item 10), worked out by hand on the fixtures
// cmd/sib/testdata/scenario-ok-relative and scenario-ok-dealtier.

// fixtureFiles reads a fixture folder of cmd/sib/testdata into a map of
// files, so that a case can change one of them.
func fixtureFiles(t testing.TB, name string) map[string]string {
	t.Helper()
	dir := filepath.Join("..", "cmd", "sib", "testdata", name)
	ents, err := os.ReadDir(dir)
	require.NoError(t, err)
	files := map[string]string{}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		files[e.Name()] = string(b)
	}
	return files
}

// paidByPeriod runs a scenario and returns what each term paid by period
// (1-based), and the run's result.
func paidByPeriod(t *testing.T, s *scenario.Scenario, m *Model) (map[string]map[int]decimal.Decimal, *Result) {
	t.Helper()
	r, err := m.Run(s.Values())
	require.NoError(t, err)
	got := map[string]map[int]decimal.Decimal{}
	for _, p := range r.Payments {
		if p.Paid.IsZero() {
			continue
		}
		if got[p.Term] == nil {
			got[p.Term] = map[int]decimal.Decimal{}
		}
		got[p.Term][p.Period] = p.Paid
	}
	return got, r
}

func assertPaid(t *testing.T, what string, want map[int]string, got map[int]decimal.Decimal) {
	t.Helper()
	assert.Len(t, got, len(want), "%s: paid %v, want %v", what, got, want)
	for period, w := range want {
		assert.True(t, d(w).Equal(got[period]), "%s: period %d paid %s, want %s", what, period, got[period], w)
	}
}

// TestRelativeThresholds: the Peterborough pattern, a rate card released
// by a cohort test of 10% and a pooled test of 7.5%, both of the
// comparison group's frequency (the metric's baseline, 0.5 reconviction
// events a participant a year).
//
// Cohort a (100, entering in year 1, measured in year 1) has an effect of
// 0.06: 6 events avoided, 6 × 1000 = 6000 earned in year 1. Its test:
// 0.06 / 0.5 = 12% ≥ 10%: released, paid a year late in year 2.
// Cohort b (200, year 2) has 0.02625: 5.25 events, 5250 earned in year 2,
// held: 0.02625 / 0.5 = 5.25% < 10%. The pooled test in year 2 (the last
// cohort's measurement): Σ n·e / Σ n·baseline = (6 + 5.25) / (300 × 0.5) =
// 11.25 / 150 = 7.5%, at the threshold: with boundary at_least it passes
// and releases b's 5250, paid in year 3; with boundary above it fails and
// the 5250 is never paid. Read as effects in the metric's unit
// (threshold_of effect), the same 0.10 and 0.075 pass nothing: 0.06 and
// 0.0375 are below them.
func TestRelativeThresholds(t *testing.T) {
	files := fixtureFiles(t, "scenario-ok-relative")
	row := "t,m,pay,outcomes,1000,0.10,0.075,"
	head := "term,metric,payer,basis,price,threshold,pooled_threshold,threshold_of,boundary,lag\n"
	for _, c := range []struct {
		name, payments string
		want           map[int]string
		held           string // the warning of amounts held back at the end
	}{
		{"baseline, at least", files[scenario.PaymentsFile], map[int]string{2: "6000", 3: "5250"}, ""},
		{"baseline, above", head + row + "baseline,above,1\n", map[int]string{2: "6000"}, "term t: 5250.00 earned but held back by unmet thresholds is not paid"},
		{"effect", head + row + "effect,,1\n", map[int]string{}, "term t: 11250.00 earned but held back by unmet thresholds is not paid"},
	} {
		s, m := load(t, files, map[string]string{scenario.PaymentsFile: c.payments})
		got, r := paidByPeriod(t, s, m)
		assertPaid(t, c.name, c.want, got["t"])
		if c.held == "" {
			assert.Empty(t, r.Warnings, c.name)
		} else {
			assert.Contains(t, r.Warnings, c.held, c.name)
		}
	}
}

// TestDealTier: a schedule of deal totals, relative to the baseline (the
// city pays 50000 in all at a 10% reduction, 120000 at 20%), read once at
// the pooled effect when the last cohort is measured (year 2) and paid at
// the term's lag (year 3).
//
// Both cohorts have an effect of 0.06 on a baseline of 0.5: the pooled
// reduction is (100 × 0.06 + 200 × 0.06) / (300 × 0.5) = 18 / 150 = 12%.
//   - step: tier 1 (10%) is the highest reached: 50000 in year 3;
//   - linear: 50000 + (120000 − 50000) × (12% − 10%) / (20% − 10%) =
//     50000 + 14000 = 64000;
//   - cohort b at 0.015: (6 + 3) / 150 = 6%, below the first tier:
//     nothing;
//   - cohort b at 0.09 and a term cap_total of 100000: (6 + 18) / 150 =
//     16%, linear 50000 + 70000 × 0.6 = 92000, under the cap; at 0.12,
//     (6 + 24) / 150 = 20%: 120000, capped at 100000;
//   - per participant (value_per participant) with values 100 and 200:
//     each cohort at 12% is paid 100 a participant when measured:
//     10000 in year 2 (a, measured in year 1) and 20000 in year 3 (b).
func TestDealTier(t *testing.T) {
	files := fixtureFiles(t, "scenario-ok-dealtier")
	metricB := func(e string) string { return files[scenario.MetricsFile] + "m,b,,,,," + e + ",,\n" }
	for _, c := range []struct {
		name string
		repl map[string]string
		want map[int]string
	}{
		{"step", nil, map[int]string{3: "50000"}},
		{"linear", map[string]string{scenario.PaymentsFile: "term,metric,payer,basis,schedule,interpolation,lag\ncity,m,city,tiered,city,linear,1\n"}, map[int]string{3: "64000"}},
		{"below the first tier", map[string]string{scenario.MetricsFile: metricB("0.015")}, map[int]string{}},
		{"linear, under the cap", map[string]string{
			scenario.MetricsFile:  metricB("0.09"),
			scenario.PaymentsFile: "term,metric,payer,basis,schedule,interpolation,cap_total,lag\ncity,m,city,tiered,city,linear,100000,1\n",
		}, map[int]string{3: "92000"}},
		{"linear, capped", map[string]string{
			scenario.MetricsFile:  metricB("0.12"),
			scenario.PaymentsFile: "term,metric,payer,basis,schedule,interpolation,cap_total,lag\ncity,m,city,tiered,city,linear,100000,1\n",
		}, map[int]string{3: "100000"}},
		{"per participant", map[string]string{scenario.TiersFile: "schedule,effect,value,threshold_of,value_per\ncity,0.10,100,baseline,participant\ncity,0.20,200,,\n"}, map[int]string{2: "10000", 3: "20000"}},
	} {
		s, m := load(t, files, c.repl)
		got, _ := paidByPeriod(t, s, m)
		assertPaid(t, c.name, c.want, got["city"])
	}
}

// TestDealTierPastHorizon: a deal total due after the horizon (measured
// in year 2, lag 3) is unpaid.
func TestDealTierPastHorizon(t *testing.T) {
	files := fixtureFiles(t, "scenario-ok-dealtier")
	s, m := load(t, files, map[string]string{scenario.PaymentsFile: "term,metric,payer,basis,schedule,lag\ncity,m,city,tiered,city,3\n"})
	got, r := paidByPeriod(t, s, m)
	assert.Empty(t, got["city"])
	require.Len(t, r.Unpaid, 1)
	assert.True(t, d("50000").Equal(r.Unpaid[0]), "unpaid %s", r.Unpaid[0])
}

// TestRelativeBuilder: the fixtures built in Go give the Run results of
// the folders.
func TestRelativeBuilder(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	build := func(terms func(*scenario.Builder) []scenario.Term, tiers func(*scenario.Builder) []scenario.Schedule, effectB float64) *scenario.Scenario {
		var b scenario.Builder
		deal := scenario.Scenario{
			Settings: scenario.Settings{Name: "x", Start: start, Months: scenario.Year, Periods: 4, Currency: "GBP", PriceBase: 2026,
				Inflation: b.Value(0), Discount: b.Value(0), Hurdle: b.Value(0)},
			Cohorts: []scenario.Cohort{{Name: "a", Entry: start, Size: b.Value(100), TakeUp: b.Value(1)},
				{Name: "b", Entry: start.AddDate(1, 0, 0), Size: b.Value(200), TakeUp: b.Value(1)}},
			Metrics:  []scenario.Metric{{Name: "m", Unit: "reconvictions", To: 1, Baseline: b.Value(0.5), Effect: b.Value(0.06)}},
			Services: []scenario.Service{{Name: "s", UnitCost: b.Value(1000), Lines: scenario.ServiceLines("ag", b.Value(0.6), 0)}},
			Avoids:   []scenario.Avoid{{Metric: 0, Service: 0, Units: b.Value(2)}},
			Tiers:    tiers(&b),
			Terms:    terms(&b),
			Delivery: []scenario.CostItem{{Name: "d", Party: "provider", Basis: scenario.PerPeriod, Amount: b.Value(5000), From: 1, To: 2}},
			Tranches: []scenario.Tranche{{Name: "senior", Investor: "inv", Priority: 1, Commitment: b.Value(50000), Coupon: b.Value(0.05)}},
		}
		if effectB != 0 {
			deal.Metrics[0].CohortEffect = []scenario.ParamID{0, b.Value(effectB)}
		}
		s, err := b.Build(deal)
		require.NoError(t, err)
		return s
	}
	relative := build(func(b *scenario.Builder) []scenario.Term {
		return []scenario.Term{{Name: "t", Metric: 0, Payer: "pay", Basis: scenario.Outcomes, Price: b.Value(1000),
			Threshold: b.Value(0.10), PooledThreshold: b.Value(0.075), Relative: true, Lag: 1}}
	}, func(*scenario.Builder) []scenario.Schedule { return nil }, 0.02625)
	dealTier := build(func(b *scenario.Builder) []scenario.Term {
		return []scenario.Term{{Name: "city", Metric: 0, Payer: "city", Basis: scenario.Tiered, Schedule: 1, Lag: 1}}
	}, func(b *scenario.Builder) []scenario.Schedule {
		return []scenario.Schedule{{Name: "city", Effect: []scenario.ParamID{b.Value(0.10), b.Value(0.20)},
			Value: []scenario.ParamID{b.Value(50000), b.Value(120000)}, Relative: true, PerDeal: true}}
	}, 0)
	for _, c := range []struct {
		fixture string
		built   *scenario.Scenario
	}{{"scenario-ok-relative", relative}, {"scenario-ok-dealtier", dealTier}} {
		s, m := loadDir(t, filepath.Join("..", "cmd", "sib", "testdata", c.fixture))
		want, err := m.Run(s.Values())
		require.NoError(t, err)
		bm, err := Compile(c.built)
		require.NoError(t, err)
		got, err := bm.Run(c.built.Values())
		require.NoError(t, err)
		assert.Equal(t, fmt.Sprint(want.Outputs), fmt.Sprint(got.Outputs), c.fixture) // NaN ≠ NaN in IRR.Other
		assert.Equal(t, want.Payments, got.Payments, c.fixture)
		assert.Equal(t, want.Tranches, got.Tranches, c.fixture)
		for _, name := range []string{"outcome.m.baseline", "tier.city.1.value", "term.t.pooled_threshold"} {
			i, ok := s.Param(name)
			j, bok := c.built.Param(name)
			require.Equal(t, ok, bok, "%s: %s", c.fixture, name)
			if ok {
				assert.Equal(t, s.At(i).Doc, c.built.At(j).Doc, "%s: %s", c.fixture, name)
			}
		}
	}
}
