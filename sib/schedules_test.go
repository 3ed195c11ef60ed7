package sib

import (
	"encoding/csv"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sib-engine/sib/scenario"
)

// referenceFactors reads testdata/reference/schedules/factors.csv: the
// Green Book discount factor of years 0-310 under each schedule, by
// gen.py beside it (exact rationals from rates typed from the Green Book,
// not from sib's data file).
func referenceFactors(t *testing.T) map[string][]float64 {
	t.Helper()
	f, err := os.Open("../testdata/reference/schedules/factors.csv")
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	out := map[string][]float64{}
	for _, r := range rows[1:] {
		year, err := strconv.Atoi(r[1])
		require.NoError(t, err)
		x, err := strconv.ParseFloat(r[2], 64)
		require.NoError(t, err)
		require.Len(t, out[r[0]], year, "years in order")
		out[r[0]] = append(out[r[0]], x)
	}
	return out
}

// TestScheduleFactors checks every published schedule's discount factors,
// years 0-310, against the Python reference (relative tolerance 1e-12),
// under both timings: the Green Book's year 0 is period 1 (green_book),
// and year t is the end of period t (end_of_period). At the band edges, by
// hand:
//
//	standard (3.5, 3.0, 2.5, ...):  year 30: 1.035^−30              = 0.356278410602302
//	                                year 31: 1.035^−30 × 1.03^−1    = 0.345901369516798
//	                                year 76: × 1.03^−44 × 1.025^−1  = 0.091915875684577
//	lower (3.00, 2.57, ...):        year 30: 1.03^−30               = 0.411986759515907
//	                                year 31: 1.03^−30 × 1.0257^−1   = 0.401663994848305
//	health (1.5, 1.29, ...):        year 31: 1.015^−30 × 1.0129^−1
func TestScheduleFactors(t *testing.T) {
	ref := referenceFactors(t)
	assert.InDelta(t, 0.356278410602302, ref["greenbook-2026:standard"][30], 1e-15)
	assert.InDelta(t, 0.345901369516798, ref["greenbook-2026:standard"][31], 1e-15)
	assert.InDelta(t, 0.411986759515907, ref["greenbook-2026:lower"][30], 1e-15)
	assert.InDelta(t, 0.401663994848305, ref["greenbook-2026:lower"][31], 1e-15)
	require.Equal(t, scenario.ScheduleNames(), []string{"greenbook-2022:standard", "greenbook-2022:health", "greenbook-2026:standard", "greenbook-2026:health", "greenbook-2026:lower"})
	for _, name := range scenario.ScheduleNames() {
		want := ref[name]
		require.Len(t, want, 311, name)
		for _, timing := range []string{"green_book", "end_of_period"} {
			files := map[string]string{
				scenario.ScenarioFile: "setting,value\nname,schedule\nstart,2026-01-01\nperiod,year\nperiods,310\ncurrency,GBP\nprice_base,2026\ninflation,0\nhurdle_rate,0\ndiscount_schedule," + name + "\ndiscount_timing," + timing + "\n",
			}
			s, m := load(t, handFiles, files)
			r, err := m.Run(s.Values())
			require.NoError(t, err)
			for p, per := range r.Periods {
				year := p + 1 // end_of_period: period p+1 ends at year p+1
				if timing == "green_book" {
					year = p // period p+1 is year p
				}
				assert.InEpsilon(t, want[year], per.Discount, 1e-12, "%s %s period %d", name, timing, p+1)
			}
		}
	}
}

// TestGreenBookTiming: the hand scenario at 10% a year. Cashable saving
// 60000 in years 1 and 2 (periods 1, 2), payments 40000 in periods 2
// and 3. End of period: cashable PV 60000/1.1 + 60000/1.1² = 54545.45 +
// 49586.78 = 104132.23, payments 40000/1.1² + 40000/1.1³ = 33057.85 +
// 30052.59 = 63110.44. Green Book (period 1 is year 0): cashable 60000 +
// 54545.45 = 114545.45, payments 36363.64 + 33057.85 = 69421.49: with one
// rate and yearly periods, every PV is 1.1 times its end-of-period value.
// Quarterly, the four quarters of year 0 are not discounted and those of
// year 1 by one year.
func TestGreenBookTiming(t *testing.T) {
	at := func(timing, period string, periods int) (*scenario.Scenario, *Result) {
		sc := "setting,value\nname,hand\nstart,2026-01-01\nperiod," + period + "\nperiods," + strconv.Itoa(periods) + "\ncurrency,EUR\nprice_base,2026\ninflation,0\ndiscount_rate,0.1\nhurdle_rate,0\n"
		if timing != "" {
			sc += "discount_timing," + timing + "\n"
		}
		s, m := load(t, handFiles, map[string]string{scenario.ScenarioFile: sc})
		r, err := m.Run(s.Values())
		require.NoError(t, err)
		return s, r
	}
	_, end := at("", "year", 4)
	_, eop := at("end_of_period", "year", 4)
	assert.Equal(t, []float64{end.Outputs.GrossPV, end.Outputs.CashablePV, end.Outputs.PaymentsPV, end.Outputs.DirectPV},
		[]float64{eop.Outputs.GrossPV, eop.Outputs.CashablePV, eop.Outputs.PaymentsPV, eop.Outputs.DirectPV}, "end_of_period is the default")
	assert.InDelta(t, 104132.23, end.Outputs.CashablePV, 0.005)
	assert.InDelta(t, 63110.44, end.Outputs.PaymentsPV, 0.005)
	_, gb := at("green_book", "year", 4)
	assert.InDelta(t, 114545.45, gb.Outputs.CashablePV, 0.005)
	assert.InDelta(t, 69421.49, gb.Outputs.PaymentsPV, 0.005)
	assert.Equal(t, 1.0, gb.Periods[0].Discount)
	assert.InDelta(t, 1/1.1, gb.Periods[1].Discount, 1e-15)
	assert.InDelta(t, 1/1.21, gb.Periods[2].Discount, 1e-15)

	// The float path discounts as the ledger does.
	sc := "setting,value\nname,hand\nstart,2026-01-01\nperiod,year\nperiods,4\ncurrency,EUR\nprice_base,2026\ninflation,0\ndiscount_rate,0.1\nhurdle_rate,0\ndiscount_timing,green_book\n"
	s, m := load(t, handFiles, map[string]string{scenario.ScenarioFile: sc})
	ev, err := m.Evaluate(s.Values(), m.NewWork())
	require.NoError(t, err)
	assert.InDelta(t, gb.Outputs.CashablePV, ev.CashablePV, 0.01)
	assert.InDelta(t, gb.Outputs.PaymentsPV, ev.PaymentsPV, 0.01)

	_, q := at("green_book", "quarter", 12)
	for p, want := range []float64{1, 1, 1, 1, 1 / 1.1, 1 / 1.1, 1 / 1.1, 1 / 1.1, 1 / 1.21} {
		assert.InDelta(t, want, q.Periods[p].Discount, 1e-15, "quarter %d", p+1)
	}
}

// TestDiscountingStatement: the one statement of the PV date, the
// convention and the rates, as sib run prints it.
func TestDiscountingStatement(t *testing.T) {
	sc := "setting,value\nname,hand\nstart,2026-01-01\nperiod,year\nperiods,4\ncurrency,GBP\nprice_base,2026\ninflation,0\nhurdle_rate,0\ndiscount_schedule,GreenBook-2026:Lower\ndiscount_timing,green_book\n"
	s, m := load(t, handFiles, map[string]string{scenario.ScenarioFile: sc})
	d := m.Discounting(s.Values())
	assert.Equal(t, "greenbook-2026:lower", d.Schedule, "the name as the data file spells it")
	assert.Equal(t, "PV date 2026-01-01 (the start); green_book: period 1 is year 0, not discounted; period t's flows by t−1 years; greenbook-2026:lower: 3% to year 30, 2.57% to year 75, 2.14% to year 125, 1.71% to year 200, 1.29% to year 300, 0.86% after year 300", d.String())

	require.NoError(t, s.Set("discount.30.rate", 0.025))
	assert.Contains(t, m.Discounting(s.Values()).Rates(), "2.5% to year 75", "the rates at the values given")

	s, m = load(t, handFiles, nil)
	assert.Equal(t, "PV date 2026-01-01 (the start); end_of_period: period t's flows by t years, from its end (period 1's by one year); discount_rate: 0% a year", m.Discounting(s.Values()).String())
	sc = "setting,value\nname,hand\nstart,2026-01-01\nperiod,quarter\nperiods,8\ncurrency,EUR\nprice_base,2026\ninflation,0\nhurdle_rate,0\ndiscount_rate,0.035\ndiscount_timing,green_book\n"
	s, m = load(t, handFiles, map[string]string{scenario.ScenarioFile: sc})
	assert.Equal(t, "PV date 2026-01-01 (the start); green_book: a quarter's flows by the whole years before its first day; year 0's not discounted; discount_rate: 3.5% a year", m.Discounting(s.Values()).String())
}

// BenchmarkEvaluateSchedule is BenchmarkEvaluate under a six-band
// schedule and the Green Book's timing: the discount factors of every
// draw, band by band, allocate nothing either.
func BenchmarkEvaluateSchedule(b *testing.B) {
	s, err := scenario.LoadWith("../testdata/estonia/scenario", scenario.LoadOptions{DiscountSchedule: "greenbook-2026:lower"})
	if err != nil {
		b.Fatal(err)
	}
	s.Settings.DiscountTiming = scenario.GreenBook
	m, err := Compile(s)
	if err != nil {
		b.Fatal(err)
	}
	w := m.NewWork()
	p := s.Values()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Evaluate(p, w); err != nil {
			b.Fatal(err)
		}
	}
}
