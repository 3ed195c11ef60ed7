package scenario_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sib-engine/sib/scenario"
)

const knownSchedules = "greenbook-2022:standard, greenbook-2022:health, greenbook-2026:standard, greenbook-2026:health, greenbook-2026:lower"

// TestDiscountScheduleSetting: discount_schedule gives the scenario the
// schedule's bands as parameters discount.<from_year>.rate; the Green
// Book's years 31-75 are the band from_year 30.
func TestDiscountScheduleSetting(t *testing.T) {
	sc := edit(t, baseScenario, "discount_rate,0.035,\n", "discount_schedule,GREENBOOK-2026:lower,\ndiscount_timing,green_book,\n")
	s, _, err := loadWith(t, map[string]string{scenario.ScenarioFile: sc})
	require.NoError(t, err)
	assert.Equal(t, "greenbook-2026:lower", s.Settings.DiscountSchedule)
	assert.Equal(t, scenario.GreenBook, s.Settings.DiscountTiming)
	var from []int
	var rates []float64
	for _, b := range s.Discount {
		from = append(from, b.From)
		rates = append(rates, s.At(b.Rate).Value)
	}
	assert.Equal(t, []int{0, 30, 75, 125, 200, 300}, from)
	assert.Equal(t, []float64{0.03, 0.0257, 0.0214, 0.0171, 0.0129, 0.0086}, rates)
	id, ok := s.Param("discount.30.rate")
	require.True(t, ok)
	assert.Equal(t, "discount_schedule greenbook-2026:lower", s.At(id).Source)
	_, ok = s.Param("setting.discount_rate")
	assert.False(t, ok, "no discount_rate parameter beside the schedule")

	// Not given: end of period, and the scenario's own rate.
	s, _, err = loadWith(t, nil)
	require.NoError(t, err)
	assert.Equal(t, scenario.EndOfPeriod, s.Settings.DiscountTiming)
	assert.Empty(t, s.Settings.DiscountSchedule)
}

// TestDiscountScheduleErrors: the conflicts and unknown names, each at
// its cell.
func TestDiscountScheduleErrors(t *testing.T) {
	sc := baseScenario
	noRate := edit(t, sc, "discount_rate,0.035,\n", "")
	for _, c := range []struct {
		name  string
		files map[string]string
		want  string
		is    error
	}{
		{"unknown schedule", map[string]string{scenario.ScenarioFile: noRate + "discount_schedule,greenbook-2026:low,\n"},
			`scenario.csv:13:2: value: unknown discount schedule "greenbook-2026:low": expected one of ` + knownSchedules, scenario.ErrSchedule},
		{"schedule and discount_rate", map[string]string{scenario.ScenarioFile: sc + "discount_schedule,greenbook-2026:standard,\n"},
			"scenario.csv:14:2: value: invalid input: discount_schedule greenbook-2026:standard and discount_rate are two answers to one question: keep one", scenario.ErrInput},
		{"schedule and discount.csv", map[string]string{scenario.ScenarioFile: noRate + "discount_schedule,greenbook-2026:standard,\n", scenario.DiscountFile: "from_year,rate\n0,0.035\n"},
			"discount.csv:2:1: from_year: invalid input: discount rates are given here and by discount_schedule at scenario.csv:13:2: keep one", scenario.ErrInput},
		{"unknown timing", map[string]string{scenario.ScenarioFile: sc + "discount_timing,mid_year,\n"},
			`scenario.csv:14:2: value: invalid input "mid_year": expected end_of_period or green_book`, scenario.ErrInput},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, dir, err := loadWith(t, c.files)
			require.Error(t, err)
			assert.Equal(t, c.want, rel(err, dir))
			assert.True(t, errors.Is(err, c.is), "wraps %v", c.is)
		})
	}
}

// TestLoadOptionsSchedule: LoadOptions.DiscountSchedule replaces the
// folder's own rates, a discount_rate setting or a discount.csv, which
// are not read (a broken discount.csv too).
func TestLoadOptionsSchedule(t *testing.T) {
	for name, files := range map[string]map[string]string{
		"discount_rate":     nil,
		"discount.csv":      {scenario.ScenarioFile: edit(t, baseScenario, "discount_rate,0.035,\n", ""), scenario.DiscountFile: "from_year,rate\n0,oops\n"},
		"discount_schedule": {scenario.ScenarioFile: edit(t, baseScenario, "discount_rate,0.035,\n", "discount_schedule,greenbook-2022:health,\n")},
	} {
		t.Run(name, func(t *testing.T) {
			dir := scenarioDir(t, files)
			s, err := scenario.LoadWith(dir, scenario.LoadOptions{DiscountSchedule: "greenbook-2026:standard"})
			require.NoError(t, err)
			assert.Equal(t, "greenbook-2026:standard", s.Settings.DiscountSchedule)
			require.Len(t, s.Discount, 6)
			assert.Equal(t, 0.035, s.At(s.Discount[0].Rate).Value)
			_, ok := s.Param("setting.discount_rate")
			assert.False(t, ok)
		})
	}
	_, err := scenario.LoadWith(scenarioDir(t, nil), scenario.LoadOptions{DiscountSchedule: "greenbook-2026"})
	assert.ErrorIs(t, err, scenario.ErrSchedule)
	assert.True(t, strings.Contains(err.Error(), knownSchedules), err.Error())
}

// TestDiscountSchedules: the published data as sib reads it.
func TestDiscountSchedules(t *testing.T) {
	want := map[string][]float64{
		"greenbook-2022:standard": {0.035, 0.03, 0.025, 0.02, 0.015, 0.01},
		"greenbook-2022:health":   {0.015, 0.0129, 0.0107, 0.0086, 0.0064, 0.0043},
		"greenbook-2026:standard": {0.035, 0.03, 0.025, 0.02, 0.015, 0.01},
		"greenbook-2026:health":   {0.015, 0.0129, 0.0107, 0.0086, 0.0064, 0.0043},
		"greenbook-2026:lower":    {0.03, 0.0257, 0.0214, 0.0171, 0.0129, 0.0086},
	}
	all := scenario.DiscountSchedules()
	require.Len(t, all, len(want))
	for _, s := range all {
		var from []int
		var rates []float64
		for _, b := range s.Bands {
			from = append(from, b.From)
			rates = append(rates, b.Rate)
		}
		assert.Equal(t, []int{0, 30, 75, 125, 200, 300}, from, s.Name)
		assert.Equal(t, want[s.Name], rates, s.Name)
		assert.NotEmpty(t, s.Source, s.Name)
	}
	// The lower schedule is the standard one × 6/7 (3.0 = 3.5 × 6/7), to
	// the published two decimals of a percentage.
	low, err := scenario.LookupSchedule("greenbook-2026:lower")
	require.NoError(t, err)
	std, err := scenario.LookupSchedule("greenbook-2026:standard")
	require.NoError(t, err)
	for i := range low.Bands {
		assert.InDelta(t, std.Bands[i].Rate*6/7, low.Bands[i].Rate, 0.00005, "band %d", i)
	}
}

// TestBuilderSchedule: Settings.DiscountSchedule from Go, as the setting;
// beside a discount rate, an error naming both.
func TestBuilderSchedule(t *testing.T) {
	build := func(schedule string, rate bool) (*scenario.Scenario, error) {
		start := date("2026-01-01")
		var b scenario.Builder
		st := scenario.Settings{Name: "built", Start: start, Months: scenario.Year, Periods: 3, Currency: "GBP", PriceBase: 2026, DiscountSchedule: schedule, DiscountTiming: scenario.GreenBook}
		if rate {
			st.Discount = b.Value(0.035)
		}
		return b.Build(scenario.Scenario{
			Settings: st,
			Cohorts:  []scenario.Cohort{{Name: "c1", Entry: start, Size: b.Value(100), TakeUp: b.Value(0.8)}},
			Metrics:  []scenario.Metric{{Name: "jobs", Per: scenario.Once, To: 1, Effect: b.Value(0.25)}},
			Services: []scenario.Service{{Name: "benefit_year", UnitCost: b.Value(6000), Lines: scenario.ServiceLines("welfare", 0, 0)}},
			Avoids:   []scenario.Avoid{{Metric: 0, Service: 0, Units: b.Value(1)}},
			Terms:    []scenario.Term{{Name: "rate_card", Metric: 0, Payer: "welfare", Basis: scenario.Outcomes, Price: b.Value(4000), Lag: 1}},
			Delivery: []scenario.CostItem{{Name: "coaching", Party: "provider", Basis: scenario.PerParticipant, Amount: b.Value(1000)}},
			Tranches: []scenario.Tranche{{Name: "senior", Investor: "fund", Priority: 1, Commitment: b.Value(100000)}},
		})
	}
	s, err := build("greenbook-2026:health", false)
	require.NoError(t, err)
	require.Len(t, s.Discount, 6)
	assert.Equal(t, 0.0129, s.At(s.Discount[1].Rate).Value)
	assert.Equal(t, scenario.GreenBook, s.Settings.DiscountTiming)

	_, err = build("greenbook-2026:health", true)
	assert.ErrorIs(t, err, scenario.ErrInput)
	assert.Contains(t, err.Error(), "discount_schedule greenbook-2026:health and discount_rate are two answers to one question")
	_, err = build("treasury", false)
	assert.ErrorIs(t, err, scenario.ErrSchedule)
}
