package scenario_test

import (
	"encoding/csv"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// The base scenario: small, valid and self-contained (services are given
// in services.csv; no costing or outcomes folder). Each bad-input case
// replaces one whole file.
const (
	baseScenario = `setting,value,note
name,Test SIB,
start,2026-01-01,
period,quarter,
periods,12,three years
currency,EUR,
price_base,2025,
inflation,0.02,
discount_rate,0.035,
hurdle_rate,0.06,
direct_overhead,0.05,
recycle,yes,
residual,intermediary,
`
	baseCohorts = `cohort,entry,size,take_up
c1,2026-01-01,100,0.8
c2,2026-07-01,120,
`
	baseMetrics = `metric,cohort,per,from,to,baseline,effect,decay,unit
reconvictions,,year,1,8,0.4,0.1,0.2,reconvictions a year
reconvictions,c2,,,,,0.12,,
employment,,once,1,4,0.3,0.05,,share in work
`
	baseServices = `service,agency,unit_cost,cashable,step_size,unit
court_case,justice,5000,0.6,,case
prison_day,justice,150,,400,day
benefit_month,welfare,700,,,month
`
	baseAvoided = `metric,service,units
reconvictions,court_case,1
reconvictions,prison_day,20
employment,benefit_month,6
`
	baseTiers = `schedule,effect,value
jobs,0.02,500
jobs,0.05,1200
`
	basePayments = `term,metric,payer,basis,value,price,share,share_after,interest,claims,participant_cap,threshold,pooled_threshold,schedule,interpolation,cap_period,cap_total,lag
reconv,reconvictions,justice,outcomes,,4000,,,,repeat,6000,0.02,,,,,500000,1
saving,reconvictions,justice,savings,cashable,,0.4,0.2,0.08,,,,,,,20000,,1
jobs,employment,welfare,tiered,,,,,,,,,,jobs,linear,,,2
`
	baseDelivery = `item,party,basis,amount,from,to
mentoring,provider,per_participant_period,200,1,4
team,provider,per_period,15000,1,8
setup,provider,upfront,30000,1,
`
	baseFees = `fee,party,basis,amount,from,to
management,intermediary,per_period,2000,1,12
success,intermediary,share_of_payments,0.05,,
`
	baseCapital = `tranche,investor,priority,commitment,coupon,cap,floor,guarantor,guarantee_limit
senior,fund,1,300000,0.05,1.6,0.9,foundation,100000
junior,investor,2,150000,0.08,2,,,
`
)

// baseFiles returns the base scenario's files by name.
func baseFiles() map[string]string {
	return map[string]string{
		scenario.ScenarioFile: baseScenario,
		scenario.CohortsFile:  baseCohorts,
		scenario.MetricsFile:  baseMetrics,
		scenario.ServicesFile: baseServices,
		scenario.AvoidedFile:  baseAvoided,
		scenario.TiersFile:    baseTiers,
		scenario.PaymentsFile: basePayments,
		scenario.DeliveryFile: baseDelivery,
		scenario.FeesFile:     baseFees,
		scenario.CapitalFile:  baseCapital,
	}
}

// absent in an override leaves a file out of the folder.
const absent = "\x00absent"

// scenarioDir writes the base scenario with whole files replaced by
// override into a new temporary folder and returns the folder.
func scenarioDir(t testing.TB, override map[string]string) string {
	t.Helper()
	files := baseFiles()
	for k, v := range override {
		files[k] = v
	}
	dir := t.TempDir()
	for name, body := range files {
		if body == absent {
			continue
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644))
	}
	return dir
}

// loadWith loads the base scenario with override, and returns its folder
// too so that messages can be shown relative to it.
func loadWith(t *testing.T, override map[string]string) (*scenario.Scenario, string, error) {
	t.Helper()
	dir := scenarioDir(t, override)
	s, err := scenario.Load(dir)
	return s, dir, err
}

// rel shows an error as relative to dir.
func rel(err error, dir string) string {
	return strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
}

// edit returns base with old replaced by new once, failing when old is not in it.
func edit(t *testing.T, base, old, new string) string {
	t.Helper()
	require.Contains(t, base, old)
	return strings.Replace(base, old, new, 1)
}
func TestLoadValid(t *testing.T) {
	s, dir, err := loadWith(t, nil)
	require.NoError(t, err)
	assert.Empty(t, s.Warnings)
	assert.Len(t, s.Params, 46+9) // and 9 timing parameters (timing.go): 3 lags, 2 windows, 2 maturities
	for _, c := range []struct {
		name   string
		value  float64
		source string
	}{
		{"setting.inflation", 0.02, "scenario.csv:8:2"},
		{"setting.discount_rate", 0.035, "scenario.csv:9:2"},
		{"cohort.c1.size", 100, "cohorts.csv:2:3"},
		{"cohort.c1.take_up", 0.8, "cohorts.csv:2:4"},
		{"outcome.reconvictions.c2.effect", 0.12, "metrics.csv:3:7"},
		{"cost.prison_day.step_size", 400, "services.csv:3:5"},
		{"avoid.employment.benefit_month.units", 6, "avoided.csv:4:3"},
		{"tier.jobs.2.value", 1200, "tiers.csv:3:3"},
		{"term.saving.share_after", 0.2, "payments.csv:3:8"},
		{"term.reconv.cap_total", 500000, "payments.csv:2:17"},
		{"fee.success.amount", 0.05, "fees.csv:3:4"},
		{"tranche.senior.guarantee_limit", 100000, "capital.csv:2:9"},
	} {
		id, ok := s.Param(c.name)
		if !assert.True(t, ok, c.name) {
			continue
		}
		p := s.At(id)
		assert.Equal(t, c.name, p.Name)
		assert.Equal(t, c.value, p.Value, c.name)
		assert.Equal(t, filepath.Join(dir, c.source), p.Source, c.name)
	}
	_, ok := s.Param("cohort.c2.take_up")
	assert.False(t, ok, "a blank optional cell is no parameter")
	_, ok = s.Param("no.such.param")
	assert.False(t, ok)

	// The structure.
	st := s.Settings
	assert.Equal(t, "Test SIB", st.Name)
	assert.Equal(t, scenario.Quarter, st.Months)
	assert.Equal(t, 12, st.Periods)
	assert.Equal(t, 2025, st.PriceBase)
	assert.True(t, st.Recycle)
	assert.Equal(t, "intermediary", st.Residual)
	require.Len(t, s.Cohorts, 2)
	assert.Equal(t, 2, s.Cohorts[1].Period)
	assert.Zero(t, s.Cohorts[1].TakeUp)
	require.Len(t, s.Metrics, 2)
	assert.Equal(t, scenario.Once, s.Metrics[1].Per)
	c2, _ := s.Param("outcome.reconvictions.c2.effect")
	assert.Equal(t, []scenario.ParamID{0, c2}, s.Metrics[0].CohortEffect)
	require.Len(t, s.Terms, 3)
	assert.Equal(t, []scenario.Basis{scenario.Outcomes, scenario.Savings, scenario.Tiered}, []scenario.Basis{s.Terms[0].Basis, s.Terms[1].Basis, s.Terms[2].Basis})
	assert.True(t, s.Terms[1].Cashable)
	assert.True(t, !s.Terms[2].Once && s.Terms[2].Linear)
	assert.Equal(t, 2, s.Terms[2].Lag)
	require.Len(t, s.Tranches, 2)
	assert.Equal(t, "foundation", s.Tranches[0].Guarantor)
	require.Len(t, s.Discount, 1)
	rate, _ := s.Param("setting.discount_rate")
	assert.Equal(t, rate, s.Discount[0].Rate)

	// It compiles and runs.
	m, err := sib.Compile(s)
	require.NoError(t, err)
	res, err := m.Run(s.Values())
	require.NoError(t, err)
	assertCashBalances(t, res)
	out, err := m.Evaluate(s.Values(), m.NewWork())
	require.NoError(t, err)
	assert.InDelta(t, res.Outputs.NetPV, out.NetPV, 1)
}

// assertCashBalances checks the bond's cash account: money in equals
// money out in every period.
func assertCashBalances(t testing.TB, res *sib.Result) {
	t.Helper()
	for _, c := range res.Cash {
		in := c.Payments.Add(c.Drawn).Add(c.Guarantee)
		out := c.Costs.Add(c.Distributed).Add(c.Residual)
		if !in.Equal(out) {
			t.Errorf("period %d: cash in %s (payments %s, drawn %s, guarantee %s) but out %s (costs %s, distributed %s, residual %s)",
				c.Period, in, c.Payments, c.Drawn, c.Guarantee, out, c.Costs, c.Distributed, c.Residual)
		}
	}
}

// TestLoadVariants: valid spellings of the base scenario.
func TestLoadVariants(t *testing.T) {
	noDiscountRate := strings.Replace(baseScenario, "discount_rate,0.035,\n", "", 1)
	for _, tc := range []struct {
		name  string
		files map[string]string
		param string
		want  float64
	}{
		{"semicolons and decimal commas", map[string]string{scenario.CohortsFile: "cohort;entry;size;take_up\nc1;2026-01-01;100;0,75\nc2;2026-07-01;120,5;\n"}, "cohort.c1.take_up", 0.75},
		{"decimal comma in a semicolon scenario.csv", map[string]string{scenario.ScenarioFile: strings.NewReplacer(",", ";", "0.02", "0,02", "0.035", "0,035", "0.06", "0,06", "0.05", "0,05").Replace(baseScenario)}, "setting.inflation", 0.02},
		{"BOM, CRLF and a note column", map[string]string{scenario.CohortsFile: "\ufeffcohort,entry,size,take_up,note\r\nc1,2026-01-01,100,0.8,first\r\nc2,2026-07-01,120,,\r\n"}, "cohort.c2.size", 120},
		{"quoted values and trailing blank column", map[string]string{scenario.CohortsFile: "cohort,entry,size,take_up,\n\"c1\",\"2026-01-01\",\"100\",0.8,\nc2,2026-07-01,120,,\n"}, "cohort.c1.size", 100},
		{"header names in any case and spacing", map[string]string{scenario.AvoidedFile: " Metric ,SERVICE,Units\nreconvictions,court_case,1\nreconvictions,prison_day,20\nemployment,benefit_month,6\n"}, "avoid.reconvictions.prison_day.units", 20},
		{"setting names and words in any case", map[string]string{scenario.ScenarioFile: strings.NewReplacer("currency", "Currency", "quarter", "Quarter", "recycle,yes", "recycle,NO").Replace(baseScenario)}, "setting.hurdle_rate", 0.06},
		{"spaces around a value", map[string]string{scenario.ScenarioFile: strings.Replace(baseScenario, "periods,12", "periods, 12 ", 1)}, "setting.inflation", 0.02},
		{"discount bands instead of a rate", map[string]string{scenario.ScenarioFile: noDiscountRate, scenario.DiscountFile: "from_year,rate\n0,0.035\n30,0.03\n"}, "discount.30.rate", 0.03},
		{"no discount at all", map[string]string{scenario.ScenarioFile: noDiscountRate}, "setting.discount_rate", 0},
		{"optional files left out", map[string]string{scenario.TiersFile: absent, scenario.FeesFile: absent,
			scenario.PaymentsFile: "term,metric,payer,basis,price\nreconv,reconvictions,justice,outcomes,4000\n"}, "term.reconv.price", 4000},
		{"negative effect and units", map[string]string{scenario.AvoidedFile: strings.Replace(baseAvoided, "court_case,1", "court_case,-1", 1)}, "avoid.reconvictions.court_case.units", -1},
		{"files other than .csv are left alone", map[string]string{"README.md": "notes", "old.csv.bak": "x"}, "cohort.c1.size", 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, dir, err := loadWith(t, tc.files)
			if err != nil {
				t.Fatal(rel(err, dir))
			}
			i := index(t, s, tc.param)
			assert.Equal(t, tc.want, s.Params[i].Value)
			m, err := sib.Compile(s)
			require.NoError(t, err)
			res, err := m.Run(s.Values())
			require.NoError(t, err)
			assertCashBalances(t, res)
		})
	}
}

// A horizon that cuts off the last outcomes is a warning, not an error.
func TestLoadWarnings(t *testing.T) {
	s, dir, err := loadWith(t, map[string]string{scenario.MetricsFile: strings.Replace(baseMetrics, "year,1,8", "year,1,12", 1)})
	require.NoError(t, err, "%v", err)
	_ = dir
	assert.Equal(t, []string{
		"term reconv: the last cohort's outcomes are measured in period 14 and paid 1 period later, after the horizon of 12 periods; what falls after it is not paid",
		"term saving: the last cohort's outcomes are measured in period 14 and paid 1 period later, after the horizon of 12 periods; what falls after it is not paid",
	}, s.Warnings)

	s, _, err = loadWith(t, map[string]string{scenario.MetricsFile: baseMetrics + "unused,,year,1,4,,0.1,,\n"})
	require.NoError(t, err)
	assert.Equal(t, []string{"metric unused avoids no service and no term pays for it"}, s.Warnings)
}

type badCase struct {
	name  string
	files map[string]string
	want  string  // the message, with the folder stripped
	is    []error // sentinels the error wraps
	// prefix: want is only the start of the message (for bugs whose
	// wording is the lead's to choose).
	prefix bool
	skip   string // "BUG: ..." for a known engine bug; run anyway with SIB_BUGS=1
}

func badCases(t *testing.T) []badCase {
	sc, co, me, sv, av, ti, pa, de, fe, ca := baseScenario, baseCohorts, baseMetrics, baseServices, baseAvoided, baseTiers, basePayments, baseDelivery, baseFees, baseCapital
	f := func(name, body string) map[string]string { return map[string]string{name: body} }
	e := func(base, old, new string) string { return edit(t, base, old, new) }
	noDiscountRate := e(sc, "discount_rate,0.035,\n", "")
	// capital2 is the base capital.csv with the columns of maturity and
	// protection, and junior's row.
	capital2 := func(junior string) string {
		return "tranche,investor,priority,commitment,coupon,cap,floor,guarantor,guarantee_limit,maturity,protected,cap_rate,excess,amortise\n" +
			"senior,fund,1,300000,0.05,1.6,0.9,foundation,100000,,,,,\n" + junior + "\n"
	}
	const settingList = "name, start, period, periods, currency, price_base, inflation, discount_rate, hurdle_rate, direct_overhead, cap_period, cap_total, costing, outcomes, recycle, residual, waterfall, distribute, terminate, on_termination, day_count, saving_measure, fiscal_year_start, discount_schedule, discount_timing, closure_lag, investors"
	return []badCase{
		// The cases the issue names.
		{name: "unknown setting", files: f(scenario.ScenarioFile, e(sc, "currency,EUR", "curency,EUR")),
			want: `scenario.csv:6:1: setting: unknown name: no setting "curency" (the settings are ` + settingList + ")", is: []error{scenario.ErrUnknown}},
		{name: "tier thresholds equal", files: f(scenario.TiersFile, ti+"jobs,0.05,1500\n"),
			want: "tiers.csv:4:2: effect: out of order: tier thresholds must increase: 0.05 is not above the previous tier's 0.05", is: []error{scenario.ErrOrder}},
		{name: "tier thresholds decreasing", files: f(scenario.TiersFile, ti+"jobs,0.01,1500\n"),
			want: "tiers.csv:4:2: effect: out of order: tier thresholds must increase: 0.01 is not above the previous tier's 0.05", is: []error{scenario.ErrOrder}},
		{name: "share as a percentage", files: f(scenario.PaymentsFile, e(pa, "cashable,,0.4,", "cashable,,95,")),
			want: "payments.csv:3:7: share: value out of range: 95 is not a share between 0 and 1 (the share of measured savings paid); write 95% as 0.95", is: []error{scenario.ErrRange}},
		{name: "share above 1", files: f(scenario.PaymentsFile, e(pa, "cashable,,0.4,", "cashable,,1.4,")),
			want: "payments.csv:3:7: share: value out of range: 1.4 is not a share between 0 and 1 (the share of measured savings paid)", is: []error{scenario.ErrRange}},
		{name: "share below 0", files: f(scenario.PaymentsFile, e(pa, "cashable,,0.4,", "cashable,,-0.1,")),
			want: "payments.csv:3:7: share: value out of range: -0.1 is not a share between 0 and 1 (the share of measured savings paid)", is: []error{scenario.ErrRange}},
		{name: "share_after as a percentage", files: f(scenario.PaymentsFile, e(pa, "0.4,0.2,0.08", "0.4,20,0.08")),
			want: "payments.csv:3:8: share_after: value out of range: 20 is not a share between 0 and 1 (the share paid once investors are repaid with interest); write 20% as 0.2", is: []error{scenario.ErrRange}},
		{name: "cap_total below zero", files: f(scenario.PaymentsFile, e(pa, ",,,,500000,1", ",,,,-500000,1")),
			want: "payments.csv:2:17: cap_total: value out of range: -500000 is below zero (the cap on the term's payments over the deal must be zero or more)", is: []error{scenario.ErrRange}},
		{name: "cap_period below zero", files: f(scenario.PaymentsFile, e(pa, ",,,20000,,1", ",,,-20000,,1")),
			want: "payments.csv:3:16: cap_period: value out of range: -20000 is below zero (the cap on the term's payments in a period must be zero or more)", is: []error{scenario.ErrRange}},
		{name: "participant_cap below zero", files: f(scenario.PaymentsFile, e(pa, "repeat,6000", "repeat,-6000")),
			want: "payments.csv:2:11: participant_cap: value out of range: -6000 is below zero (the cap on payments per participant must be zero or more)", is: []error{scenario.ErrRange}},
		{name: "deal cap_total below zero", files: f(scenario.ScenarioFile, sc+"cap_total,-1,\n"),
			want: "scenario.csv:14:2: value: value out of range: -1 is below zero (the cap on all outcome payments over the deal must be zero or more)", is: []error{scenario.ErrRange}},
		{name: "tranche priority twice", files: f(scenario.CapitalFile, e(ca, "junior,investor,2", "junior,investor,1")),
			want: "capital.csv:3:3: priority: invalid input: priority 1 is also the priority of the tranche on line 2: each tranche needs its own place in the waterfall", is: []error{scenario.ErrInput}},
		{name: "term for an unknown metric", files: f(scenario.PaymentsFile, e(pa, "reconv,reconvictions,", "reconv,reconviction,")),
			want: `payments.csv:2:2: metric: unknown name: metric "reconviction" is not in metrics.csv (metrics: reconvictions, employment)`, is: []error{scenario.ErrUnknown}},
		{name: "cohort entry before the previous cohort's", files: f(scenario.CohortsFile, co+"c3,2026-04-01,50,\n"),
			want: "cohorts.csv:4:2: entry: out of order: entry 2026-04-01 is before the previous cohort's entry 2026-07-01 (line 3); list cohorts by entry date", is: []error{scenario.ErrOrder}},
		{name: "cohort entry before the start", files: f(scenario.CohortsFile, e(co, "c1,2026-01-01", "c1,2025-10-01")),
			want: "cohorts.csv:2:2: entry: out of order: entry 2025-10-01 is before the deal's start 2026-01-01", is: []error{scenario.ErrOrder}},
		{name: "lag longer than the horizon", files: f(scenario.PaymentsFile, e(pa, "linear,,,2", "linear,,,40")),
			want: "payments.csv:4:18: lag: value out of range: the horizon (12 periods) is not longer than the measurement lag (40 periods): nothing could ever be paid", is: []error{scenario.ErrRange}},
		{name: "lag equal to the horizon", files: f(scenario.PaymentsFile, e(pa, "linear,,,2", "linear,,,12")),
			want: "payments.csv:4:18: lag: value out of range: the horizon (12 periods) is not longer than the measurement lag (12 periods): nothing could ever be paid", is: []error{scenario.ErrRange}},

		// scenario.csv
		{name: "setting start missing", files: f(scenario.ScenarioFile, e(sc, "start,2026-01-01,\n", "")),
			want: "scenario.csv: invalid input: setting start is missing (required: start, period, periods, price_base)", is: []error{scenario.ErrInput}},
		{name: "setting price_base missing", files: f(scenario.ScenarioFile, e(sc, "price_base,2025,\n", "")),
			want: "scenario.csv: invalid input: setting price_base is missing (required: start, period, periods, price_base)", is: []error{scenario.ErrInput}},
		{name: "setting given twice", files: f(scenario.ScenarioFile, sc+"Periods,16,\n"),
			want: "scenario.csv:14:1: setting: invalid input: setting periods is given twice (also line 5)", is: []error{scenario.ErrInput}},
		{name: "setting name empty", files: f(scenario.ScenarioFile, sc+",1,\n"),
			want: "scenario.csv:14:1: setting: empty value: expected a setting name", is: []error{csvio.ErrEmpty}},
		{name: "bad period", files: f(scenario.ScenarioFile, e(sc, "period,quarter", "period,week")),
			want: `scenario.csv:4:2: value: invalid input "week": expected month, quarter or year`, is: []error{scenario.ErrInput}},
		{name: "periods zero", files: f(scenario.ScenarioFile, e(sc, "periods,12", "periods,0")),
			want: "scenario.csv:5:2: value: value out of range: 0 is outside [1, 2400] (the horizon in periods)", is: []error{scenario.ErrRange}},
		{name: "periods not whole", files: f(scenario.ScenarioFile, e(sc, "periods,12", "periods,12.5")),
			want: `scenario.csv:5:2: value: invalid number "12.5": expected the horizon in periods, a whole number`, is: []error{csvio.ErrNumber}},
		{name: "bad date", files: f(scenario.ScenarioFile, e(sc, "start,2026-01-01", "start,01/01/2026")),
			want: `scenario.csv:3:2: value: invalid input "01/01/2026": expected a date as YYYY-MM-DD`, is: []error{scenario.ErrInput}},
		{name: "start not on the 1st", files: f(scenario.ScenarioFile, e(sc, "start,2026-01-01", "start,2026-01-15")),
			want: "scenario.csv:3:2: value: invalid input: start 2026-01-15: periods start on the first day of a month", is: []error{scenario.ErrInput}},
		{name: "start not on the 1st, value in column 1", files: f(scenario.ScenarioFile, "value,setting\n2026-01-15,start\nquarter,period\n12,periods\n2025,price_base\n"),
			want: "scenario.csv:2:1: value: invalid input: start 2026-01-15: periods start on the first day of a month", is: []error{scenario.ErrInput}},
		{name: "start not on the 1st, value in column 3", files: f(scenario.ScenarioFile, "note,setting,value\n,start,2026-01-15\n,period,quarter\n,periods,12\n,price_base,2025\n"),
			want: "scenario.csv:2:3: value: invalid input: start 2026-01-15: periods start on the first day of a month", is: []error{scenario.ErrInput}},
		{name: "a required value column absent from the header", files: f(scenario.MetricsFile, "metric,effect\nreconvictions,0.1\nemployment,0.1\n"),
			want: "metrics.csv:2: to: empty value: expected the last period of the window after entry", is: []error{csvio.ErrEmpty}},
		{name: "bad price_base", files: f(scenario.ScenarioFile, e(sc, "price_base,2025", "price_base,25")),
			want: `scenario.csv:7:2: value: invalid number "25": expected a year between 1900 and 2200`, is: []error{csvio.ErrNumber}},
		{name: "inflation out of range", files: f(scenario.ScenarioFile, e(sc, "inflation,0.02", "inflation,2")),
			want: "scenario.csv:8:2: value: value out of range: 2 is outside [-0.5, 1] (inflation a year, 0.02 for 2%)", is: []error{scenario.ErrRange}},
		{name: "inflation with a percent sign", files: f(scenario.ScenarioFile, e(sc, "inflation,0.02", "inflation,2%")),
			want: `scenario.csv:8:2: value: invalid number "2%": write a percentage as a share: 0.42 for 42%`, is: []error{csvio.ErrNumber}},
		{name: "discount rate empty", files: f(scenario.ScenarioFile, e(sc, "discount_rate,0.035", "discount_rate,")),
			want: "scenario.csv:9:2: value: empty value: expected the discount rate a year, 0.035 for 3.5%", is: []error{csvio.ErrEmpty}},
		{name: "recycle not yes or no", files: f(scenario.ScenarioFile, e(sc, "recycle,yes", "recycle,maybe")),
			want: `scenario.csv:12:2: value: invalid input "maybe": expected yes or no`, is: []error{scenario.ErrInput}},
		{name: "residual not a name", files: f(scenario.ScenarioFile, e(sc, "residual,intermediary", "residual,the intermediary")),
			want: `scenario.csv:13:2: value: invalid input "the intermediary": expected a party name of letters, digits, '_' or '-' (it becomes part of parameter names)`, is: []error{scenario.ErrInput}},
		{name: "costing folder empty", files: f(scenario.ScenarioFile, sc+"costing,,\n"),
			want: "scenario.csv:14:2: value: empty value: expected a folder", is: []error{csvio.ErrEmpty}},
		{name: "costing folder missing", files: f(scenario.ScenarioFile, sc+"costing,nowhere,\n"),
			want: "scenario.csv:14:2: value: ", prefix: true, is: []error{fs.ErrNotExist}},
		{name: "outcomes folder missing", files: f(scenario.ScenarioFile, sc+"outcomes,nowhere,\n"),
			want: "scenario.csv:14:2: value: ", prefix: true, is: []error{fs.ErrNotExist}},

		{name: "commissioner's payer not an agency", files: f(scenario.CommissionerCostsFile, "item,payer,basis,amount\nmanagement,nobody,per_period,100\n"),
			want: "commissioner_costs.csv:2:2: payer: invalid input: no agency \"nobody\" in the scenario; the agencies are justice, welfare", is: []error{scenario.ErrInput}},

		// The folder and the CSV layer.
		{name: "unknown file", files: f("payment.csv", pa),
			want: "payment.csv: unknown name: not an input file of a scenario folder (scenario.csv, cohorts.csv, metrics.csv, services.csv, avoided.csv, payments.csv, tiers.csv, delivery.csv, fees.csv, capital.csv, discount.csv, payers.csv, payer_caps.csv, coupons.csv, cap_groups.csv, actuals.csv, threshold_bands.csv, design.csv, confidence.csv, values.csv, commissioner_costs.csv); rename it (did you mean payments.csv?), or move it out of the folder", is: []error{scenario.ErrUnknown}},
		{name: "required file missing", files: f(scenario.CohortsFile, absent),
			want: "cohorts.csv: file does not exist: a scenario folder needs it (see docs/scenario.md)", is: []error{fs.ErrNotExist}},
		{name: "services missing without a costing folder", files: f(scenario.ServicesFile, absent),
			want: `avoided.csv:2:2: service: unknown name: service "court_case" is not in services.csv`, is: []error{scenario.ErrUnknown}},
		{name: "empty file", files: f(scenario.CapitalFile, ""),
			want: "capital.csv:1: empty file: expected a header row", is: []error{csvio.ErrNoHeader}},
		{name: "unknown column", files: f(scenario.CohortsFile, e(co, "take_up", "takeup")),
			want: `cohorts.csv:1:4: unknown column "takeup": expected one of cohort, entry, size, take_up`, is: []error{csvio.ErrUnknownColumn}},
		{name: "missing column", files: f(scenario.CohortsFile, "cohort,entry\nc1,2026-01-01\n"),
			want: `cohorts.csv:1: missing column "size": the header row must name cohort, entry, size, take_up`, is: []error{csvio.ErrMissingColumn}},
		{name: "column twice", files: f(scenario.AvoidedFile, "metric,service,units,Units\nreconvictions,court_case,1,1\n"),
			want: `avoided.csv:1:4: column given twice "units" (also column 3)`, is: []error{csvio.ErrDupColumn}},
		{name: "value in a column with no name", files: f(scenario.CohortsFile, "cohort,entry,size,\nc1,2026-01-01,100,x\n"),
			want: "cohorts.csv:2:4: unknown column: a value in a column with no name in the header", is: []error{csvio.ErrUnknownColumn}},
		{name: "decimal comma in a comma-separated file", files: f(scenario.CohortsFile, e(co, "0.8", "0,8")),
			want: "cohorts.csv:2:5: 5 fields, but the header has 4: " + csvio.FieldCountHint},
		{name: "point as thousands separator in a semicolon file", files: f(scenario.CohortsFile, "cohort;entry;size\nc1;2026-01-01;1.200\n"),
			want: `cohorts.csv:2:3: size: invalid number "1.200": a point here looks like a thousands separator, which is not allowed: write the number without it (5500 or 5500,25), or with a decimal comma (5,5)`, is: []error{csvio.ErrNumber}},
		{name: "not UTF-8", files: f(scenario.CohortsFile, e(co, "c2,", "c\xe42,")),
			want: "cohorts.csv:3:1: " + csvio.ErrEncoding.Error(), is: []error{csvio.ErrEncoding}},
		{name: "bare quote", files: f(scenario.CohortsFile, e(co, "c2,", "c\"2,")),
			want: `cohorts.csv:3: bare " in non-quoted-field: a quote inside a value needs the whole value in quotes and the quote doubled ("the ""contractual"" rate"), or no quote at all`, is: []error{csv.ErrBareQuote}},
		{name: "number with an exponent", files: f(scenario.CapitalFile, e(ca, "300000", "3e5")),
			want: `capital.csv:2:4: commitment: invalid number "3e5": expected a decimal number with a point, such as 1234.56 (written out, without an exponent: 100000, not 1e+05)`, is: []error{csvio.ErrNumber}},

		// discount.csv
		{name: "discount given twice", files: f(scenario.DiscountFile, "from_year,rate\n0,0.035\n30,0.03\n"),
			want: "discount.csv: invalid input: discount rates are given here and as discount_rate at scenario.csv:9:2: keep one", is: []error{scenario.ErrInput}},
		{name: "discount bands out of order", files: map[string]string{scenario.ScenarioFile: noDiscountRate, scenario.DiscountFile: "from_year,rate\n0,0.035\n30,0.03\n30,0.025\n"},
			want: "discount.csv:4:1: from_year: out of order: bands must be in increasing order of from_year (30 after 30)", is: []error{scenario.ErrOrder}},
		{name: "discount first band not at year 0", files: map[string]string{scenario.ScenarioFile: noDiscountRate, scenario.DiscountFile: "from_year,rate\n1,0.035\n"},
			want: "discount.csv:2:1: from_year: out of order: the first band must start at year 0", is: []error{scenario.ErrOrder}},
		{name: "discount band rate empty", files: map[string]string{scenario.ScenarioFile: noDiscountRate, scenario.DiscountFile: "from_year,rate\n0,\n"},
			want: "discount.csv:2:2: rate: empty value: expected the discount rate a year in this band", is: []error{csvio.ErrEmpty}},

		// cohorts.csv
		{name: "no cohorts", files: f(scenario.CohortsFile, "cohort,entry,size\n"),
			want: "cohorts.csv: invalid input: no cohorts", is: []error{scenario.ErrInput}},
		{name: "cohort twice", files: f(scenario.CohortsFile, co+"c1,2026-10-01,50,\n"),
			want: "cohorts.csv:4:1: cohort: invalid input: cohort c1 is given twice (also line 2)", is: []error{scenario.ErrInput}},
		{name: "cohort name with a space", files: f(scenario.CohortsFile, e(co, "c2,", "c 2,")),
			want: `cohorts.csv:3:1: cohort: invalid input "c 2": expected a cohort name of letters, digits, '_' or '-' (it becomes part of parameter names)`, is: []error{scenario.ErrInput}},
		{name: "cohort bad date", files: f(scenario.CohortsFile, e(co, "2026-07-01", "2026-07-32")),
			want: `cohorts.csv:3:2: entry: invalid input "2026-07-32": expected a date as YYYY-MM-DD`, is: []error{scenario.ErrInput}},
		{name: "cohort after the horizon", files: f(scenario.CohortsFile, co+"c3,2029-01-01,50,\n"),
			want: "cohorts.csv:4:2: entry: out of order: entry 2029-01-01 is after the horizon (12 periods from 2026-01-01)", is: []error{scenario.ErrOrder}},
		{name: "cohort size negative", files: f(scenario.CohortsFile, e(co, "100,0.8", "-100,0.8")),
			want: "cohorts.csv:2:3: size: value out of range: -100 is below zero (the number of people referred must be zero or more)", is: []error{scenario.ErrRange}},
		{name: "cohort size empty", files: f(scenario.CohortsFile, e(co, "100,0.8", ",0.8")),
			want: "cohorts.csv:2:3: size: empty value: expected the number of people referred", is: []error{csvio.ErrEmpty}},
		{name: "take-up as a percentage", files: f(scenario.CohortsFile, e(co, "100,0.8", "100,80")),
			want: "cohorts.csv:2:4: take_up: value out of range: 80 is not a share between 0 and 1 (the share of those referred who take part); write 80% as 0.8", is: []error{scenario.ErrRange}},

		// metrics.csv
		{name: "no metrics", files: f(scenario.MetricsFile, "metric,to,effect\n"),
			want: "metrics.csv: invalid input: no metrics", is: []error{scenario.ErrInput}},
		{name: "metric twice", files: f(scenario.MetricsFile, me+"employment,,once,1,4,0.3,0.05,,\n"),
			want: "metrics.csv:5:1: metric: invalid input: metric employment is given twice (also line 4)", is: []error{scenario.ErrInput}},
		{name: "metric name with a dot", files: f(scenario.MetricsFile, e(me, "employment,,once", "employ.ment,,once")),
			want: `metrics.csv:4:1: metric: invalid input "employ.ment": expected a metric name of letters, digits, '_' or '-' (it becomes part of parameter names)`, is: []error{scenario.ErrInput}},
		{name: "cohort row before its metric", files: f(scenario.MetricsFile, "metric,cohort,to,effect\nreconvictions,c1,,0.1\n"),
			want: "metrics.csv:2:1: metric: unknown name: metric reconvictions has no row of its own above this cohort row", is: []error{scenario.ErrUnknown}},
		{name: "cohort row for an unknown cohort", files: f(scenario.MetricsFile, e(me, "reconvictions,c2", "reconvictions,c9")),
			want: `metrics.csv:3:2: cohort: unknown name: cohort "c9" is not in cohorts.csv`, is: []error{scenario.ErrUnknown}},
		{name: "cohort row with a window", files: f(scenario.MetricsFile, e(me, "reconvictions,c2,,,,", "reconvictions,c2,,,8,")),
			want: "metrics.csv:3:5: to: invalid input: a cohort row gives the cohort's effect only; leave to empty", is: []error{scenario.ErrInput}},
		{name: "cohort row twice", files: f(scenario.MetricsFile, e(me, "employment,,", "reconvictions,c2,,,,,0.2,,\nemployment,,")),
			want: "metrics.csv:4:2: cohort: invalid input: cohort c2 of metric reconvictions is given twice", is: []error{scenario.ErrInput}},
		{name: "bad per", files: f(scenario.MetricsFile, e(me, "year,1,8", "month,1,8")),
			want: `metrics.csv:2:3: per: invalid input "month": expected year (outcomes a participant-year) or once (one outcome a participant)`, is: []error{scenario.ErrInput}},
		{name: "window ends before it begins", files: f(scenario.MetricsFile, e(me, "year,1,8", "year,5,4")),
			want: "metrics.csv:2:5: to: out of order: the window ends (period 4) before it begins (period 5)", is: []error{scenario.ErrOrder}},
		{name: "window end missing", files: f(scenario.MetricsFile, e(me, "year,1,8", "year,1,")),
			want: "metrics.csv:2:5: to: empty value: expected the last period of the window after entry", is: []error{csvio.ErrEmpty}},
		{name: "window beyond the horizon", files: f(scenario.MetricsFile, e(me, "year,1,8", "year,1,13")),
			want: "metrics.csv:2:5: to: value out of range: 13 is outside [1, 12] (the last period of the window after entry)", is: []error{scenario.ErrRange}},
		{name: "window from 0", files: f(scenario.MetricsFile, e(me, "year,1,8", "year,0,8")),
			want: "metrics.csv:2:4: from: value out of range: 0 is outside [1, 12] (the first period of the window after entry (1 = the entry period))", is: []error{scenario.ErrRange}},
		{name: "effect missing", files: f(scenario.MetricsFile, e(me, "0.4,0.1,0.2", "0.4,,0.2")),
			want: "metrics.csv:2:7: effect: empty value: expected the effect (improvement per participant)", is: []error{csvio.ErrEmpty}},
		{name: "decay as a percentage", files: f(scenario.MetricsFile, e(me, "0.4,0.1,0.2", "0.4,0.1,20")),
			want: "metrics.csv:2:8: decay: value out of range: 20 is not a share between 0 and 1 (the share of the effect lost each year after the first); write 20% as 0.2", is: []error{scenario.ErrRange}},
		{name: "baseline negative", files: f(scenario.MetricsFile, e(me, "0.4,0.1,0.2", "-0.4,0.1,0.2")),
			want: "metrics.csv:2:6: baseline: value out of range: -0.4 is below zero (the counterfactual level per participant must be zero or more)", is: []error{scenario.ErrRange}},

		// services.csv and avoided.csv
		{name: "service twice", files: f(scenario.ServicesFile, sv+"court_case,justice,1,,,\n"),
			want: "services.csv:5:1: service: invalid input: service court_case is given twice (also line 2); give one row per service", is: []error{scenario.ErrInput}},
		{name: "service without an agency", files: f(scenario.ServicesFile, e(sv, "court_case,justice", "court_case,")),
			want: "services.csv:2:2: agency: empty value: expected an agency name", is: []error{csvio.ErrEmpty}},
		{name: "step size zero", files: f(scenario.ServicesFile, e(sv, "150,,400", "150,,0")),
			want: "services.csv:3:5: step_size: value out of range: a step size must be above zero (leave it empty for a variable cost)", is: []error{scenario.ErrRange}},
		{name: "cashable as a percentage", files: f(scenario.ServicesFile, e(sv, "5000,0.6", "5000,60")),
			want: "services.csv:2:4: cashable: value out of range: 60 is not a share between 0 and 1 (the share of the unit cost that leaves a budget when a unit is avoided); write 60% as 0.6", is: []error{scenario.ErrRange}},
		{name: "unit cost negative", files: f(scenario.ServicesFile, e(sv, "700", "-700")),
			want: "services.csv:4:3: unit_cost: value out of range: -700 is below zero (the cost of one unit, in the price base must be zero or more)", is: []error{scenario.ErrRange}},
		{name: "unknown service in avoided", files: f(scenario.AvoidedFile, e(av, "prison_day", "prison_days")),
			want: `avoided.csv:3:2: service: unknown name: service "prison_days" is not in services.csv`, is: []error{scenario.ErrUnknown}},
		{name: "unknown metric in avoided", files: f(scenario.AvoidedFile, e(av, "employment,", "employed,")),
			want: `avoided.csv:4:1: metric: unknown name: metric "employed" is not in metrics.csv`, is: []error{scenario.ErrUnknown}},
		{name: "avoided pair twice", files: f(scenario.AvoidedFile, av+"reconvictions,court_case,2\n"),
			want: "avoided.csv:5:2: service: invalid input: reconvictions and court_case are paired twice (also line 2)", is: []error{scenario.ErrInput}},
		{name: "avoided units not a number", files: f(scenario.AvoidedFile, e(av, "court_case,1", "court_case,one")),
			want: `avoided.csv:2:3: units: invalid number "one": expected a decimal number with a point, such as 1234.56`, is: []error{csvio.ErrNumber}},
		{name: "avoided units NA", files: f(scenario.AvoidedFile, e(av, "court_case,1", "court_case,NA")),
			want: `avoided.csv:2:3: units: invalid number "NA": leave the cell empty for a missing value`, is: []error{csvio.ErrNumber}},

		// tiers.csv
		{name: "tier value negative", files: f(scenario.TiersFile, e(ti, "0.05,1200", "0.05,-1200")),
			want: "tiers.csv:3:3: value: value out of range: -1200 is below zero (the payment per participant at this tier must be zero or more)", is: []error{scenario.ErrRange}},
		{name: "tier schedule name with a space", files: f(scenario.TiersFile, e(ti, "jobs,0.05", "jobs 2,0.05")),
			want: `tiers.csv:3:1: schedule: invalid input "jobs 2": expected a schedule name of letters, digits, '_' or '-' (it becomes part of parameter names)`, is: []error{scenario.ErrInput}},

		// payments.csv
		{name: "no terms", files: f(scenario.PaymentsFile, "term,metric,payer,basis\n"),
			want: "payments.csv: invalid input: no payment terms", is: []error{scenario.ErrInput}},
		{name: "term twice", files: f(scenario.PaymentsFile, pa+"jobs,employment,welfare,outcomes,,100,,,,,,,,,,,,\n"),
			want: "payments.csv:5:1: term: invalid input: term jobs is given twice (also line 4)", is: []error{scenario.ErrInput}},
		{name: "payer not a name", files: f(scenario.PaymentsFile, e(pa, "employment,welfare", "employment,wel fare")),
			want: `payments.csv:4:3: payer: invalid input "wel fare": expected the paying agency of letters, digits, '_' or '-' (it becomes part of parameter names)`, is: []error{scenario.ErrInput}},
		{name: "bad basis", files: f(scenario.PaymentsFile, e(pa, "justice,outcomes", "justice,outcome")),
			want: `payments.csv:2:4: basis: invalid input "outcome": expected outcomes (a price per outcome), savings (a share of measured savings), tiered (a schedule in tiers.csv) or costs (a share of the delivery costs)`, is: []error{scenario.ErrInput}},
		{name: "outcomes without a price", files: f(scenario.PaymentsFile, e(pa, "outcomes,,4000", "outcomes,,")),
			want: "payments.csv:2:6: price: empty value: expected the price per outcome", is: []error{csvio.ErrEmpty}},
		{name: "savings without a share", files: f(scenario.PaymentsFile, e(pa, "cashable,,0.4,0.2,0.08", "cashable,,,,")),
			want: "payments.csv:3:7: share: empty value: expected the share of measured savings paid", is: []error{csvio.ErrEmpty}},
		{name: "price given for basis savings", files: f(scenario.PaymentsFile, e(pa, "cashable,,0.4", "cashable,100,0.4")),
			want: "payments.csv:3:6: price: invalid input: price is for basis outcomes; this term's basis is savings", is: []error{scenario.ErrInput}},
		{name: "share given for basis outcomes", files: f(scenario.PaymentsFile, e(pa, "outcomes,,4000,", "outcomes,,4000,0.5")),
			want: "payments.csv:2:7: share: invalid input: share is for basis savings or costs; this term's basis is outcomes", is: []error{scenario.ErrInput}},
		{name: "interest given for basis tiered", files: f(scenario.PaymentsFile, e(pa, "tiered,,,,,,", "tiered,,,,,0.1,")),
			want: "payments.csv:4:9: interest: invalid input: interest is for basis savings; this term's basis is tiered", is: []error{scenario.ErrInput}},
		{name: "value given for basis tiered", files: f(scenario.PaymentsFile, e(pa, "tiered,,", "tiered,gross,")),
			want: "payments.csv:4:5: value: invalid input: value is for basis savings; this term's basis is tiered", is: []error{scenario.ErrInput}},
		{name: "bad value", files: f(scenario.PaymentsFile, e(pa, "savings,cashable", "savings,net")),
			want: `payments.csv:3:5: value: invalid input "net": expected gross or cashable`, is: []error{scenario.ErrInput}},
		{name: "share_after without interest", files: f(scenario.PaymentsFile, e(pa, "0.4,0.2,0.08", "0.4,0.2,")),
			want: "payments.csv:3:9: interest: empty value: expected the interest a year investors must earn before the share switches", is: []error{csvio.ErrEmpty}},
		{name: "interest without share_after", files: f(scenario.PaymentsFile, e(pa, "0.4,0.2,0.08", "0.4,,0.08")),
			want: "payments.csv:3:9: interest: ", prefix: true, is: []error{scenario.ErrInput}},
		{name: "tiered without a schedule", files: f(scenario.PaymentsFile, e(pa, ",jobs,linear", ",,linear")),
			want: "payments.csv:4:14: schedule: empty value: basis tiered needs a schedule from tiers.csv", is: []error{csvio.ErrEmpty}},
		{name: "unknown schedule", files: f(scenario.PaymentsFile, e(pa, ",jobs,linear", ",job,linear")),
			want: `payments.csv:4:14: schedule: unknown name: schedule "job" is not in tiers.csv`, is: []error{scenario.ErrUnknown}},
		{name: "schedule for basis outcomes", files: f(scenario.PaymentsFile, pa+"x,employment,welfare,outcomes,,1,,,,,,,,jobs,,,,\n"),
			want: "payments.csv:5:14: schedule: invalid input: a schedule is for basis tiered", is: []error{scenario.ErrInput}},
		{name: "bad interpolation", files: f(scenario.PaymentsFile, e(pa, "jobs,linear", "jobs,smooth")),
			want: `payments.csv:4:15: interpolation: invalid input "smooth": expected step or linear`, is: []error{scenario.ErrInput}},
		{name: "bad claims", files: f(scenario.PaymentsFile, e(pa, "repeat,6000", "twice,6000")),
			want: `payments.csv:2:10: claims: invalid input "twice": expected once (one claim a participant) or repeat`, is: []error{scenario.ErrInput}},
		{name: "lag negative", files: f(scenario.PaymentsFile, e(pa, "linear,,,2", "linear,,,-1")),
			want: "payments.csv:4:18: lag: value out of range: -1 is outside [0, 1200] (the measurement lag in periods)", is: []error{scenario.ErrRange}},

		// delivery.csv and fees.csv
		{name: "delivery item twice", files: f(scenario.DeliveryFile, de+"team,provider,per_period,1,1,8\n"),
			want: "delivery.csv:5:1: item: invalid input: item team is given twice (also line 3)", is: []error{scenario.ErrInput}},
		{name: "delivery basis share_of_payments", files: f(scenario.DeliveryFile, de+"cut,provider,share_of_payments,0.1,,\n"),
			want: `delivery.csv:5:3: basis: invalid input "share_of_payments": expected per_participant, per_participant_period, per_period or upfront`, is: []error{scenario.ErrInput}},
		{name: "delivery basis empty", files: f(scenario.DeliveryFile, "item,party,basis,amount\nx,provider,,1\n"),
			want: `delivery.csv:2:3: basis: invalid input "": expected per_participant, per_participant_period, per_period or upfront`, is: []error{scenario.ErrInput}},
		{name: "delivery basis unknown", files: f(scenario.DeliveryFile, e(de, "per_period,15000", "monthly,15000")),
			want: `delivery.csv:3:3: basis: invalid input "monthly": expected per_participant, per_participant_period, per_period or upfront`, is: []error{scenario.ErrInput}},
		{name: "fee basis unknown", files: f(scenario.FeesFile, e(fe, "share_of_payments", "percent")),
			want: `fees.csv:3:3: basis: invalid input "percent": expected per_participant, per_participant_period, per_period or upfront, or share_of_payments`, is: []error{scenario.ErrInput}},
		{name: "delivery period to before from", files: f(scenario.DeliveryFile, e(de, "15000,1,8", "15000,5,4")),
			want: "delivery.csv:3:6: to: out of order: period 4 is before the first period 5", is: []error{scenario.ErrOrder}},
		{name: "delivery period beyond the horizon", files: f(scenario.DeliveryFile, e(de, "15000,1,8", "15000,1,13")),
			want: "delivery.csv:3:6: to: value out of range: 13 is outside [1, 12] (the last period)", is: []error{scenario.ErrRange}},
		{name: "delivery party empty", files: f(scenario.DeliveryFile, e(de, "team,provider", "team,")),
			want: "delivery.csv:3:2: party: empty value: expected the party paid", is: []error{csvio.ErrEmpty}},
		{name: "fee share as a percentage", files: f(scenario.FeesFile, e(fe, "0.05,,", "5,,")),
			want: "fees.csv:3:4: amount: value out of range: 5 is not a share between 0 and 1 (the share of outcome payments); write 5% as 0.05", is: []error{scenario.ErrRange}},
		{name: "fee amount negative", files: f(scenario.FeesFile, e(fe, "per_period,2000", "per_period,-2000")),
			want: "fees.csv:2:4: amount: value out of range: -2000 is below zero (the amount must be zero or more)", is: []error{scenario.ErrRange}},

		// capital.csv
		{name: "no tranches", files: f(scenario.CapitalFile, "tranche,investor,priority,commitment\n"),
			want: "capital.csv: invalid input: no tranches", is: []error{scenario.ErrInput}},
		{name: "tranche twice", files: f(scenario.CapitalFile, ca+"junior,other,3,1,,,,,\n"),
			want: "capital.csv:4:1: tranche: invalid input: tranche junior is given twice (also line 3)", is: []error{scenario.ErrInput}},
		{name: "priority zero", files: f(scenario.CapitalFile, e(ca, "junior,investor,2", "junior,investor,0")),
			want: "capital.csv:3:3: priority: value out of range: 0 is outside [1, 1000] (the priority (1 is paid first))", is: []error{scenario.ErrRange}},
		{name: "priority empty", files: f(scenario.CapitalFile, e(ca, "junior,investor,2", "junior,investor,")),
			want: "capital.csv:3:3: priority: empty value: expected the priority (1 is paid first)", is: []error{csvio.ErrEmpty}},
		{name: "floor without a guarantor", files: f(scenario.CapitalFile, e(ca, "0.9,foundation,100000", "0.9,,")),
			want: "capital.csv:2:8: guarantor: invalid input: a floor needs a guarantor to meet it: give one, or leave floor empty", is: []error{scenario.ErrInput}},
		{name: "guarantor without a floor", files: f(scenario.CapitalFile, e(ca, "0.9,foundation,100000", ",foundation,100000")),
			want: "capital.csv:2:7: floor: invalid input: a guarantor needs a floor or a protected share to meet: give one, or leave guarantor empty", is: []error{scenario.ErrInput}},
		{name: "protected without a guarantor", files: f(scenario.CapitalFile, capital2("junior,investor,2,150000,0.08,2,,,,,0.5,,,")),
			want: "capital.csv:3:8: guarantor: invalid input: a protected share needs a guarantor to meet it: give one, or leave protected empty", is: []error{scenario.ErrInput}},
		{name: "protected above 1", files: f(scenario.CapitalFile, capital2("junior,investor,2,150000,0.08,2,,g,,,1.5,,,")),
			want: "capital.csv:3:11: protected: value out of range: 1.5 is not a share between 0 and 1 (the share of the principal drawn repaid whatever the outcomes, met by the guarantee at maturity)", is: []error{scenario.ErrRange}},
		{name: "cap below protected", files: f(scenario.CapitalFile, capital2("junior,investor,2,150000,0.08,0.5,,g,,,0.6,,,")),
			want: "capital.csv:3:6: cap: value out of range: the cap 0.5 is below the protected share 0.6", is: []error{scenario.ErrRange}},
		{name: "maturity zero", files: f(scenario.CapitalFile, capital2("junior,investor,2,150000,0.08,2,,,,0,,,,")),
			want: "capital.csv:3:10: maturity: value out of range: 0 is outside [1, 12] (the period the tranche matures (empty: the horizon))", is: []error{scenario.ErrRange}},
		{name: "maturity after the horizon", files: f(scenario.CapitalFile, capital2("junior,investor,2,150000,0.08,2,,,,13,,,,")),
			want: "capital.csv:3:10: maturity: value out of range: 13 is outside [1, 12] (the period the tranche matures (empty: the horizon))", is: []error{scenario.ErrRange}},
		{name: "maturity not whole", files: f(scenario.CapitalFile, capital2("junior,investor,2,150000,0.08,2,,,,4.5,,,,")),
			want: `capital.csv:3:10: maturity: invalid number "4.5": expected the period the tranche matures (empty: the horizon), a whole number`, is: []error{csvio.ErrNumber}},
		{name: "cap rate below -0.99", files: f(scenario.CapitalFile, capital2("junior,investor,2,150000,0.08,2,,,,,,-1,,")),
			want: "capital.csv:3:12: cap_rate: value out of range: -1 is outside [-0.99, 10] (the cap on receipts as a return a year: the tranche's IRR does not exceed it)", is: []error{scenario.ErrRange}},
		{name: "amortise after the maturity", files: f(scenario.CapitalFile, capital2("junior,investor,2,150000,0.08,2,,,,6,,,,7")),
			want: "capital.csv:3:14: amortise: value out of range: 7 is outside [1, 6] (the first period of equal principal instalments, at most the maturity)", is: []error{scenario.ErrRange}},
		{name: "amortise after the horizon", files: f(scenario.CapitalFile, capital2("junior,investor,2,150000,0.08,2,,,,,,,,13")),
			want: "capital.csv:3:14: amortise: value out of range: 13 is outside [1, 12] (the first period of equal principal instalments, at most the maturity)", is: []error{scenario.ErrRange}},
		{name: "excess not yes or no", files: f(scenario.CapitalFile, capital2("junior,investor,2,150000,0.08,2,,,,,,,some,")),
			want: `capital.csv:3:13: excess: invalid input "some": expected yes or no`, is: []error{scenario.ErrInput}},
		{name: "waterfall unknown", files: f(scenario.ScenarioFile, sc+"waterfall,senior_first,\n"),
			want: `scenario.csv:14:2: value: invalid input "senior_first": expected by_tranche or interest_first`, is: []error{scenario.ErrInput}},
		{name: "saving measure unknown", files: f(scenario.ScenarioFile, sc+"saving_measure,net,\n"),
			want: `scenario.csv:14:2: value: invalid input "net": expected cashable or gross`, is: []error{scenario.ErrInput}},
		{name: "fiscal year start not a month", files: f(scenario.ScenarioFile, sc+"fiscal_year_start,13,\n"),
			want: "scenario.csv:14:2: value: value out of range: 13 is outside [1, 12] (the fiscal year's first month, 1 = January to 12 = December)", is: []error{scenario.ErrRange}},
		{name: "fiscal year start blank", files: f(scenario.ScenarioFile, sc+"fiscal_year_start,,\n"),
			want: "scenario.csv:14:2: value: empty value: expected the fiscal year's first month, 1 = January to 12 = December", is: []error{csvio.ErrEmpty}},
		{name: "guarantor not a name", files: f(scenario.CapitalFile, e(ca, "foundation", "the foundation")),
			want: `capital.csv:2:8: guarantor: invalid input "the foundation": expected a party name of letters, digits, '_' or '-'`, is: []error{scenario.ErrInput}},
		{name: "guarantee limit without a guarantor", files: f(scenario.CapitalFile, e(ca, "2,,,", "2,,,1000")),
			want: "capital.csv:3:9: guarantee_limit: invalid input: a guarantee limit needs a guarantor", is: []error{scenario.ErrInput}},
		{name: "cap below floor", files: f(scenario.CapitalFile, e(ca, "1.6,0.9", "0.8,0.9")),
			want: "capital.csv:2:6: cap: value out of range: the cap 0.8 is below the floor 0.9", is: []error{scenario.ErrRange}},
		{name: "coupon out of range", files: f(scenario.CapitalFile, e(ca, "0.08,2", "80,2")),
			want: "capital.csv:3:5: coupon: value out of range: 80 is outside [0, 10] (the target return a year, compounded)", is: []error{scenario.ErrRange}},
		{name: "priority of forty digits", files: f(scenario.CapitalFile, e(ca, "junior,investor,2", "junior,investor,1234567890123456789012345678901234567890")),
			want: "capital.csv:3:3: priority: value out of range: 1234567890123456789012345678901234567890 is outside [1, 1000] (the priority (1 is paid first))", is: []error{scenario.ErrRange}},
		{name: "coupon negative", files: f(scenario.CapitalFile, e(ca, "0.08,2", "-0.02,2")),
			want: "capital.csv:3:5: coupon: value out of range: -0.02 is below zero: a coupon is the target return a year that investors are owed before their principal; give 0 (or leave it empty) for none", is: []error{scenario.ErrRange}},
		{name: "commitment negative", files: f(scenario.CapitalFile, e(ca, "150000", "-150000")),
			want: "capital.csv:3:4: commitment: value out of range: -150000 is below zero (the capital committed must be zero or more)", is: []error{scenario.ErrRange}},
	}
}

func TestLoadBad(t *testing.T) {
	for _, tc := range badCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			if tc.skip != "" && os.Getenv("SIB_BUGS") == "" {
				t.Skip(tc.skip) // SIB_BUGS=1 runs it
			}
			_, dir, err := loadWith(t, tc.files)
			require.Error(t, err)
			got := rel(err, dir)
			if tc.prefix {
				assert.True(t, strings.HasPrefix(got, tc.want), "got  %q\nwant %q...", got, tc.want)
			} else {
				assert.Equal(t, tc.want, got)
			}
			for _, s := range tc.is {
				assert.ErrorIs(t, err, s)
			}
			// Every error but a missing file is positioned in the file it
			// names, inside the folder.
			var ie *csvio.Error
			if errors.Is(err, fs.ErrNotExist) && !tc.prefix {
				return
			}
			if assert.ErrorAs(t, err, &ie) {
				file, _, _ := strings.Cut(tc.want, ":")
				assert.Equal(t, filepath.Join(dir, file), ie.File)
			}
		})
	}
}

// TestLoadBadCount keeps the table from shrinking by accident.
func TestLoadBadCount(t *testing.T) {
	assert.GreaterOrEqual(t, len(badCases(t)), 100)
}

func TestScenarioSet(t *testing.T) {
	s, _, err := loadWith(t, nil)
	require.NoError(t, err)

	err = s.Set("cohort.c1.sise", 10)
	require.ErrorIs(t, err, scenario.ErrUnknown)
	assert.EqualError(t, err, `sib: unknown name: no parameter "cohort.c1.sise"`)
	assert.Equal(t, []string{"cohort.c1.size"}, s.Suggest("cohort.c1.sise"))
	err = s.Set("zzz", 10)
	require.ErrorIs(t, err, scenario.ErrUnknown)
	assert.Empty(t, s.Suggest("zzz"))

	for _, c := range []struct {
		name string
		v    float64
		want string
	}{
		{"cohort.c1.size", -1, "cohort.c1.size: sib: value out of range: -1 is outside [0, ∞)"},
		{"cohort.c1.take_up", 1.5, "cohort.c1.take_up: sib: value out of range: 1.5 is outside [0, 1]"},
		{"setting.inflation", -0.6, "setting.inflation: sib: value out of range: -0.6 is outside [-0.5, 1]"},
		{"cost.prison_day.step_size", 0, "cost.prison_day.step_size: sib: value out of range: 0 is outside [5e-324, ∞)"},
		{"cohort.c2.size", math.NaN(), "cohort.c2.size: sib: value out of range: NaN is not a number"},
		{"cohort.c2.size", math.Inf(1), "cohort.c2.size: sib: value out of range: +Inf is not a number"},
		{"outcome.reconvictions.effect", math.Inf(-1), "outcome.reconvictions.effect: sib: value out of range: -Inf is not a number"},
	} {
		id, ok := s.Param(c.name)
		require.True(t, ok, c.name)
		i := id.Index()
		before := s.Params[i]
		err := s.Set(c.name, c.v)
		require.ErrorIs(t, err, scenario.ErrRange, c.name)
		assert.EqualError(t, err, c.want)
		assert.Equal(t, before, s.Params[i], "a refused value changes nothing")
	}

	// In range: the value changes and the source says so.
	require.NoError(t, s.Set("cohort.c1.take_up", 1))
	require.NoError(t, s.Set("outcome.reconvictions.effect", -0.3))
	i := index(t, s, "cohort.c1.take_up")
	assert.Equal(t, 1.0, s.Params[i].Value)
	assert.Equal(t, "set", s.Params[i].Source)
	assert.Equal(t, 1.0, s.Values()[i])
}

func TestLoadEstonia(t *testing.T) {
	dir := filepath.Join("..", "testdata", "estonia", "scenario")
	s, err := scenario.Load(dir)
	require.NoError(t, err)
	assert.Len(t, s.Params, 65+11) // 6 of values.csv and commissioner_costs.csv, and 11 timing parameters (timing.go): 3 lags, 3 windows, 2 maturities
	assert.Empty(t, s.Warnings)
	assert.Len(t, s.Cohorts, 4)
	assert.Len(t, s.Metrics, 3)
	assert.Len(t, s.Services, 7)
	assert.Len(t, s.Terms, 3)
	assert.Len(t, s.Tranches, 2)

	costingDir := filepath.Join(dir, "..", "costing")
	outcomesDir := filepath.Join(dir, "..", "outcomes")
	assert.Equal(t, costingDir, s.Settings.Costing)
	assert.Equal(t, outcomesDir, s.Settings.Outcomes)
	var fromCosting, fromOutcomes, fromFiles int
	for _, p := range s.Params {
		switch {
		case p.Int && p.Source == "default": // a blank maturity: the horizon
			assert.True(t, strings.HasSuffix(p.Name, ".maturity"), p.Name)
		case strings.HasPrefix(p.Source, "costing: "):
			fromCosting++
			assert.Equal(t, "costing: "+costingDir+" (2024)", p.Source, p.Name)
			assert.True(t, strings.HasPrefix(p.Name, "cost.") && strings.HasSuffix(p.Name, ".unit_cost"), p.Name)
		case strings.HasPrefix(p.Source, "outcomes: "):
			fromOutcomes++
			assert.True(t, strings.HasPrefix(p.Source, "outcomes: "+outcomesDir+" ("), p.Source)
			assert.Regexp(t, `^outcome\.[a-z_]+\.(effect|baseline|deadweight|displacement|attribution)$`, p.Name)
		default:
			fromFiles++
			assert.Regexp(t, `^`+regexpQuote(dir)+`/[a-z_]+\.csv:\d+:\d+$`, p.Source, p.Name)
		}
		assert.False(t, math.IsNaN(p.Value) || math.IsInf(p.Value, 0), p.Name)
		assert.True(t, p.Value >= p.Min && p.Value <= p.Max, "%s = %v outside [%v, %v]", p.Name, p.Value, p.Min, p.Max)
	}
	assert.Equal(t, 7, fromCosting, "one unit cost per service")
	// Three measured effects, the reconvictions' baseline (for the relative
	// thresholds) and the shares of adjustments.csv the rows leave empty
	// (all three for reconvictions and school drop-out; custody days gives
	// its deadweight and has no adjustments there: displacement 0 and
	// attribution 1 by default).
	assert.Equal(t, 3+1+3+3+2, fromOutcomes)
	assert.Equal(t, 46+9, fromFiles) // and 9 timing parameters from cells
	i := index(t, s, "cost.custody_day.unit_cost")
	assert.InDelta(t, 353.736482, s.Params[i].Value, 1e-6)
	i = index(t, s, "outcome.reconvictions.effect")
	assert.Equal(t, "outcomes: "+outcomesDir+" (pooled, measured)", s.Params[i].Source)
	i = index(t, s, "tier.school_tiers.2.value")
	assert.Equal(t, 540.0, s.Params[i].Value)
	assert.Equal(t, filepath.Join(dir, "tiers.csv")+":3:3", s.Params[i].Source)

	m, err := sib.Compile(s)
	require.NoError(t, err)
	res, err := m.Run(s.Values())
	require.NoError(t, err)
	assertCashBalances(t, res)
}

func regexpQuote(s string) string {
	return strings.NewReplacer(".", `\.`, "/", `/`).Replace(s)
}

// index returns the index of the named parameter in Params, failing the
// test when there is none.
func index(t testing.TB, s *scenario.Scenario, name string) int {
	t.Helper()
	id, ok := s.Param(name)
	require.True(t, ok, "no parameter %s", name)
	return id.Index()
}

// TestLoadFS: a folder read through an fs.FS gives what Load gives, with
// files named by their paths in it; a costing or outcomes folder, which
// LoadFS cannot read, is refused at its setting.
func TestLoadFS(t *testing.T) {
	dir := "../testdata/preschool/scenario"
	want, err := scenario.Load(dir)
	require.NoError(t, err)
	got, err := scenario.LoadFS(os.DirFS(dir), scenario.LoadOptions{})
	require.NoError(t, err)
	require.Len(t, got.Params, len(want.Params))
	for i, p := range got.Params {
		w := want.Params[i]
		assert.Equal(t, strings.TrimPrefix(w.Source, dir+"/"), p.Source)
		p.Source = w.Source
		assert.Equal(t, w, p)
	}
	assert.Equal(t, want.Cohorts, got.Cohorts)
	assert.Equal(t, want.Terms, got.Terms)
	assert.Equal(t, want.Tranches, got.Tranches)

	files := map[string]*fstest.MapFile{}
	for name, body := range baseFiles() {
		files[name] = &fstest.MapFile{Data: []byte(body)}
	}
	files[scenario.CapitalFile] = &fstest.MapFile{Data: []byte("tranche,investor,priority,commitment\nsenior,fund,1,-5\n")}
	_, err = scenario.LoadFS(fstest.MapFS(files), scenario.LoadOptions{})
	assert.EqualError(t, err, "capital.csv:2:4: commitment: value out of range: -5 is below zero (the capital committed must be zero or more)")

	_, err = scenario.LoadFS(os.DirFS("../testdata/estonia/scenario"), scenario.LoadOptions{})
	assert.ErrorIs(t, err, scenario.ErrInput)
	assert.EqualError(t, err, "scenario.csv:12:2: value: invalid input: ../costing: LoadFS reads no costing folder; give the values in the scenario's own files, or use Load")
}
