package sib

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/sib-engine/sib/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Terms measured every period or year (issue 14, item 11) and payments
// tied to the delivery costs (item 13b), worked out by hand on the
// fixture cmd/sib/testdata/scenario-ok-periodic: the Newpin pattern (the
// payer pays each year from a band table on that year's restoration
// rate) and the ICRC pattern (a share of the programme's costs repaid
// whatever the results).
//
// The fixture: quarters from 2026-01-01, 16 of them, no inflation. Cohort
// a (100) enters in quarter 1 and cohort b (100) in quarter 5; the metric
// "restored" accrues a year over 8 quarters from entry (a: quarters 1-8,
// b: 5-12), against a counterfactual (baseline) of 25%; a's effect is
// 0.36 (a restoration rate of 61%), b's 0.28 (53%). A cohort's outcomes a
// quarter are e × n / 4: a 9, b 7.
//
// The year's measured rate (measure year, years counted from the term's
// from, period 1): the outcomes of all cohorts in the year over their
// exposure, participant-years (n / 4 for each quarter a cohort is in its
// window):
//   - year 1 (quarters 1-4): a alone, 36 / 100 = 0.36;
//   - year 2 (quarters 5-8): (36 + 28) / (100 + 100) = 0.32;
//   - year 3 (quarters 9-12): b alone, 28 / 100 = 0.28.
//
// Term bands: a schedule of totals for the year (value_per deal) at the
// effect over the counterfactual: 0.30 (55%) 800000, 0.35 (60%) 1500000,
// 0.40 (65%) 2200000, 0.45 (70%) 2800000; lag 1. Year 1 reaches 0.35:
// 1500000, paid in quarter 5; year 2 reaches 0.30: 800000, paid in
// quarter 9; year 3 is below the first band: nothing.
//
// Term costs: a half of each quarter's delivery costs, a quarter later
// (lag 1). Delivery: 50000 upfront in quarter 1 and 2500 a participant a
// quarter over 8 quarters from entry: quarter 1 50000 + 250000 = 300000;
// quarters 2-4 250000; 5-8 500000; 9-12 250000 (4050000 in all). Paid:
// quarter 2 150000; 3-5 125000; 6-9 250000; 10-13 125000 (2025000).
func TestPeriodicFixture(t *testing.T) {
	files := fixtureFiles(t, "scenario-ok-periodic")
	s, m := load(t, files, nil)
	got, r := paidByPeriod(t, s, m)
	assertPaid(t, "bands", map[int]string{5: "1500000", 9: "800000"}, got["bands"])
	assertPaid(t, "costs", map[int]string{2: "150000", 3: "125000", 4: "125000", 5: "125000",
		6: "250000", 7: "250000", 8: "250000", 9: "250000", 10: "125000", 11: "125000", 12: "125000", 13: "125000"}, got["costs"])
	assert.Empty(t, r.Warnings)
	// The float path agrees.
	w := m.NewWork()
	o, err := m.Evaluate(s.Values(), w)
	require.NoError(t, err)
	assert.InDelta(t, 4325000, o.Payments, 1e-6)
	v := s.Values()
	assert.Zero(t, testing.AllocsPerRun(100, func() { _, _ = m.Evaluate(v, w) }), "periodic terms allocate nothing a draw")
}

// TestPeriodicVariants: the same cohorts under other periodic terms.
//
//   - per participant (value_per participant, 4000 at 0.30, 7500 at
//     0.35): a value per participant-year of the year's exposure: year 1
//     100 × 7500 = 750000 (quarter 5), year 2 200 × 4000 = 800000
//     (quarter 9);
//   - a rate card of 10000 a restoration, measure year, threshold 0.30:
//     the year's outcomes are paid when its rate reaches 0.30: year 1
//     36 × 10000 = 360000 (quarter 5), year 2 64 × 10000 = 640000
//     (quarter 9); year 3 (0.28) fails, its 280000 is never paid;
//   - by period (measure period, the bands as totals a quarter): each
//     quarter 1-4 measures 9 / 25 = 0.36 (1500000 a quarter later),
//     quarters 5-8 16 / 50 = 0.32 (800000), 9-12 0.28 (nothing);
//   - from 3 to 12: years counted from quarter 3, the last one short:
//     quarters 3-6 hold 4 quarters of a (outcomes 36, exposure 100) and 2
//     of b (14, 50): 50 / 150 = 0.3333, 800000 (quarter 7); quarters 7-10
//     2 of a (18, 50) and 4 of b (28, 100): 46 / 150 = 0.3067, 800000
//     (quarter 11); quarters 11-12 2 of b (14, 50): 0.28, nothing;
//   - a once metric (one outcome a participant at the window's end,
//     quarter 4 for a, 8 for b): the exposure is the participants
//     measured in the year: year 1 36 / 100 = 0.36 (1500000, quarter 5),
//     year 2 28 / 100 = 0.28 (nothing);
//   - costs a year (measure year) with threshold 0.30: a half of year 1's
//     1050000 (525000, quarter 5) and of year 2's 2000000 (1000000,
//     quarter 9); year 3 fails its test: its 500000 is not paid;
//   - costs with lag 0: each quarter's half in the quarter itself
//     (150000 in quarter 1): the delivery costs are worked out before
//     the payments (none depends on them), so there is no order problem.
func TestPeriodicVariants(t *testing.T) {
	files := fixtureFiles(t, "scenario-ok-periodic")
	const head = "term,metric,payer,basis,price,share,schedule,measure,from,to,threshold,lag\n"
	onceMetrics := "metric,cohort,per,from,to,baseline,effect\nrestored,,once,1,4,0.25,0.36\nrestored,b,,,,,0.28\n"
	for _, c := range []struct {
		name string
		repl map[string]string
		term string
		want map[int]string
	}{
		{"per participant", map[string]string{
			scenario.TiersFile:    "schedule,effect,value,value_per\nbands,0.30,4000,participant\nbands,0.35,7500,\n",
			scenario.PaymentsFile: head + "bands,restored,nsw,tiered,,,bands,year,1,12,,1\n",
		}, "bands", map[int]string{5: "750000", 9: "800000"}},
		{"rate card with a yearly test", map[string]string{
			scenario.PaymentsFile: head + "card,restored,nsw,outcomes,10000,,,year,1,12,0.30,1\n",
		}, "card", map[int]string{5: "360000", 9: "640000"}},
		{"by period", map[string]string{
			scenario.PaymentsFile: head + "bands,restored,nsw,tiered,,,bands,period,1,12,,1\n",
		}, "bands", map[int]string{2: "1500000", 3: "1500000", 4: "1500000", 5: "1500000", 6: "800000", 7: "800000", 8: "800000", 9: "800000"}},
		{"from 3 to 12", map[string]string{
			scenario.PaymentsFile: head + "bands,restored,nsw,tiered,,,bands,year,3,12,,1\n",
		}, "bands", map[int]string{7: "800000", 11: "800000"}},
		{"once metric", map[string]string{
			scenario.MetricsFile:  onceMetrics,
			scenario.PaymentsFile: head + "bands,restored,nsw,tiered,,,bands,year,1,12,,1\n",
		}, "bands", map[int]string{5: "1500000"}},
		{"costs a year under a test", map[string]string{
			scenario.PaymentsFile: head + "costs,restored,nsw,costs,,0.5,,year,1,12,0.30,1\n",
		}, "costs", map[int]string{5: "525000", 9: "1000000"}},
		{"costs, lag 0", map[string]string{
			scenario.PaymentsFile: head + "costs,restored,nsw,costs,,0.5,,,1,12,,0\n",
		}, "costs", map[int]string{1: "150000", 2: "125000", 3: "125000", 4: "125000",
			5: "250000", 6: "250000", 7: "250000", 8: "250000", 9: "125000", 10: "125000", 11: "125000", 12: "125000"}},
	} {
		s, m := load(t, files, c.repl)
		got, _ := paidByPeriod(t, s, m)
		assertPaid(t, c.name, c.want, got[c.term])
	}
}

// TestPeriodicCostsSameTime: with lag 0 a costs term pays period t's
// delivery costs in period t: the bond's cash account shows quarter 1's
// 150000 received beside its 300000 of costs, and with recycling the
// payment pays half the costs, so only 150000 is drawn.
func TestPeriodicCostsSameTime(t *testing.T) {
	files := fixtureFiles(t, "scenario-ok-periodic")
	files[scenario.ScenarioFile] += "recycle,yes\n"
	s, m := load(t, files, map[string]string{scenario.PaymentsFile: "term,metric,payer,basis,share,lag\ncosts,restored,nsw,costs,0.5,0\n"})
	r, err := m.Run(s.Values())
	require.NoError(t, err)
	require.NotEmpty(t, r.Cash)
	assert.True(t, d("150000").Equal(r.Cash[0].Payments), "payments %s", r.Cash[0].Payments)
	assert.True(t, d("300000").Equal(r.Cash[0].Costs), "costs %s", r.Cash[0].Costs)
	assert.True(t, d("150000").Equal(r.Cash[0].Drawn), "drawn %s", r.Cash[0].Drawn)
}

// TestPeriodicPastHorizon: a periodic term measured in the last period
// with a lag pays that period's amount after the horizon: unpaid, with a
// warning.
func TestPeriodicPastHorizon(t *testing.T) {
	files := fixtureFiles(t, "scenario-ok-periodic")
	s, m := load(t, files, map[string]string{scenario.PaymentsFile: "term,metric,payer,basis,share,lag\ncosts,restored,nsw,costs,0.5,1\n"})
	assert.Contains(t, s.Warnings, "term costs: the period 16 is measured and paid 1 period later, after the horizon of 16 periods; what falls after it is not paid")
	_, r := paidByPeriod(t, s, m)
	require.Len(t, r.Unpaid, 1)
	// Quarters 13-16 have no delivery cost: nothing is lost.
	assert.True(t, r.Unpaid[0].IsZero(), "unpaid %s", r.Unpaid[0])
}

// TestPeriodicBuilder: the fixture built in Go gives the Run result of
// the folder.
func TestPeriodicBuilder(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var b scenario.Builder
	bands := []float64{0.30, 800000, 0.35, 1500000, 0.40, 2200000, 0.45, 2800000}
	var effects, values []scenario.ParamID
	for i := 0; i < len(bands); i += 2 {
		effects = append(effects, b.Value(bands[i]))
		values = append(values, b.Value(bands[i+1]))
	}
	built, err := b.Build(scenario.Scenario{
		Settings: scenario.Settings{Name: "x", Start: start, Months: scenario.Quarter, Periods: 16, Currency: "AUD", PriceBase: 2026,
			Inflation: b.Value(0), Discount: b.Value(0), Hurdle: b.Value(0)},
		Cohorts: []scenario.Cohort{{Name: "a", Entry: start, Size: b.Value(100), TakeUp: b.Value(1)},
			{Name: "b", Entry: start.AddDate(1, 0, 0), Size: b.Value(100), TakeUp: b.Value(1)}},
		Metrics: []scenario.Metric{{Name: "restored", Unit: "restorations a year", To: 8, Baseline: b.Value(0.25), Effect: b.Value(0.36),
			CohortEffect: []scenario.ParamID{0, b.Value(0.28)}}},
		Services: []scenario.Service{{Name: "care", UnitCost: b.Value(50000), Lines: scenario.ServiceLines("nsw", b.Value(0.5), 0)}},
		Avoids:   []scenario.Avoid{{Metric: 0, Service: 0, Units: b.Value(1)}},
		Tiers:    []scenario.Schedule{{Name: "bands", Effect: effects, Value: values, PerDeal: true}},
		Terms: []scenario.Term{
			{Name: "bands", Metric: 0, Payer: "nsw", Basis: scenario.Tiered, Schedule: 1, Measure: scenario.MeasureYear, To: 12, Lag: 1},
			{Name: "costs", Metric: 0, Payer: "nsw", Basis: scenario.Costs, Share: b.Value(0.5), From: 1, To: 12, Lag: 1},
		},
		Delivery: []scenario.CostItem{{Name: "setup", Party: "provider", Basis: scenario.Upfront, Amount: b.Value(50000), From: 1},
			{Name: "support", Party: "provider", Basis: scenario.PerParticipantPeriod, Amount: b.Value(2500), From: 1, To: 8}},
		Tranches: []scenario.Tranche{{Name: "senior", Investor: "inv", Priority: 1, Commitment: b.Value(4500000), Coupon: b.Value(0.05)}},
	})
	require.NoError(t, err)
	assert.Equal(t, scenario.MeasurePeriod, built.Terms[1].Measure, "a costs term is measured by period by default")
	assert.Equal(t, 1, built.Terms[0].From, "a periodic term's from defaults to 1")
	s, m := loadDir(t, filepath.Join("..", "cmd", "sib", "testdata", "scenario-ok-periodic"))
	assert.Equal(t, s.Terms, built.Terms)
	want, err := m.Run(s.Values())
	require.NoError(t, err)
	bm, err := Compile(built)
	require.NoError(t, err)
	got, err := bm.Run(built.Values())
	require.NoError(t, err)
	assert.Equal(t, fmt.Sprint(want.Outputs), fmt.Sprint(got.Outputs))
	assert.Equal(t, want.Payments, got.Payments)
	assert.Equal(t, want.Tranches, got.Tranches)
	for _, name := range []string{"term.costs.share", "tier.bands.2.value"} {
		i, ok := s.Param(name)
		j, bok := built.Param(name)
		require.True(t, ok && bok, name)
		assert.Equal(t, s.At(i).Doc, built.At(j).Doc, name)
	}
}
