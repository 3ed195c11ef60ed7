package sib

import (
	"fmt"
	"testing"
	"time"

	"github.com/sib-engine/sib/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A periodic term's from and to as timing parameters (issue 14, item
// 15), and a periodic term's interval cut short by early termination
// (item 8), worked out by hand on cmd/sib/testdata/scenario-ok-ptiming.
//
// The fixture is scenario-ok-periodic's deal (quarters from 2026, 16 of
// them; cohort a of 100 in quarter 1, b of 100 in quarter 5; the metric
// accrues a year over 8 quarters from entry, a 9 outcomes a quarter and
// b 7, each 25 participant-years of exposure a quarter), terminated
// after quarter 9 under pay_accrued. Two terms:
//
//   - bands: yearly band totals (0.30 800000, 0.35 1500000, ...), from
//     quarter 3 to 14, lag 1. Years counted from quarter 3:
//     quarters 3-6: a 36 outcomes over 100, b 14 over 50: 50 / 150 =
//     0.3333, 800000, paid in quarter 7;
//     quarters 7-10, open at termination: measured in quarter 9 on
//     quarters 7-9, a 18 over 50 and b 21 over 75: 39 / 125 = 0.312,
//     band 0.30, a total of 800000 × 3/4 of the year elapsed = 600000,
//     due in quarter 10, brought forward to quarter 9.
//   - card: 1000 an outcome, measured a year from quarter 1, lag 0:
//     year 1 36 outcomes, 36000 in quarter 4; year 2 36 + 28 = 64,
//     64000 in quarter 8; year 3, open at termination: quarter 9's 7
//     outcomes of b, 7000 in quarter 9.
//
// Under pay_measured_only the open years are not paid: bands 800000
// (quarter 7), card 36000 and 64000. With --set term.bands.from=1 the
// years are the deal's: year 1 0.36, 1500000 in quarter 5; year 2 0.32,
// 800000 in quarter 9; year 3, open, quarter 9 alone: 7 / 25 = 0.28,
// below the first band, nothing.
func TestPeriodicTimingFixture(t *testing.T) {
	files := fixtureFiles(t, "scenario-ok-ptiming")
	s, m := load(t, files, nil)
	got, _ := paidByPeriod(t, s, m)
	assertPaid(t, "bands", map[int]string{7: "800000", 9: "600000"}, got["bands"])
	assertPaid(t, "card", map[int]string{4: "36000", 8: "64000", 9: "7000"}, got["card"])
	w := m.NewWork()
	o, err := m.Evaluate(s.Values(), w)
	require.NoError(t, err)
	assert.InDelta(t, 1507000, o.Payments, 1e-6)
	v := s.Values()
	assert.Zero(t, testing.AllocsPerRun(100, func() { _, _ = m.Evaluate(v, w) }))

	// pay_measured_only: the open years are not paid.
	s, m = load(t, files, withSettings(files, "terminate,9\non_termination,pay_measured_only\n"))
	got, _ = paidByPeriod(t, s, m)
	assertPaid(t, "bands, measured only", map[int]string{7: "800000"}, got["bands"])
	assertPaid(t, "card, measured only", map[int]string{4: "36000", 8: "64000"}, got["card"])

	// term.bands.from as a parameter: Set before Compile, and Timed.
	s, m = load(t, files, nil)
	from, ok := s.Param("term.bands.from")
	require.True(t, ok)
	p := s.At(from)
	assert.True(t, p.Int)
	assert.Equal(t, []float64{3, 1, 16}, []float64{p.Value, p.Min, p.Max})
	assert.Contains(t, p.Source, "payments.csv:2:8")
	v = s.Values()
	v[from.Index()] = 1
	tm, err := m.Timed(v)
	require.NoError(t, err)
	want := map[int]string{5: "1500000", 9: "800000"}
	got, _ = paidByPeriod(t, tm.Scenario(), tm)
	assertPaid(t, "bands from 1 (Timed)", want, got["bands"])
	require.NoError(t, s.Set("term.bands.from", 1))
	m, err = Compile(s)
	require.NoError(t, err)
	got, _ = paidByPeriod(t, s, m)
	assertPaid(t, "bands from 1 (Set)", want, got["bands"])

	// A term measured by cohort has no from or to parameter.
	_, ok = s.Param("term.card.from")
	assert.True(t, ok)
	cs, _ := load(t, fixtureFiles(t, "scenario-ok-termination"), nil)
	_, ok = cs.Param("term.t.from")
	assert.False(t, ok)
}

// TestPeriodicTimingOrder: from after to is refused at Compile (and by
// Timed), naming both parameters; a value outside 1..periods or not
// whole is refused by Set.
func TestPeriodicTimingOrder(t *testing.T) {
	files := fixtureFiles(t, "scenario-ok-ptiming")
	s, m := load(t, files, nil)
	to, _ := s.Param("term.bands.to")
	v := s.Values()
	v[to.Index()] = 2
	_, err := m.Timed(v)
	require.ErrorIs(t, err, scenario.ErrRange)
	assert.Contains(t, err.Error(), "term.bands.to = 2 is below term.bands.from = 3")
	require.NoError(t, s.Set("term.bands.to", 2))
	_, err = Compile(s)
	require.ErrorIs(t, err, scenario.ErrRange)
	for _, bad := range []float64{0, 17, 2.5} {
		assert.ErrorIs(t, s.Set("term.bands.from", bad), scenario.ErrRange, "%v", bad)
	}
}

// TestPeriodicTimingLoadBad: the loader refuses bad from and to cells
// with their position.
func TestPeriodicTimingLoadBad(t *testing.T) {
	files := fixtureFiles(t, "scenario-ok-ptiming")
	const head = "term,metric,payer,basis,price,schedule,measure,from,to,lag\n"
	for row, want := range map[string]string{
		"bands,restored,nsw,tiered,,bands,year,0,14,1\n":   "payments.csv:2:8: from: value out of range: 0 is outside [1, 16]",
		"bands,restored,nsw,tiered,,bands,year,3,17,1\n":   "payments.csv:2:9: to: value out of range: 17 is outside [1, 16]",
		"bands,restored,nsw,tiered,,bands,year,9,4,1\n":    "payments.csv:2:9: to: ",
		"bands,restored,nsw,tiered,,bands,year,2.5,4,1\n":  "payments.csv:2:8: from: invalid number \"2.5\"",
		"bands,restored,nsw,tiered,,bands,cohort,3,14,1\n": "payments.csv:2:8: from: invalid input: from bounds the periods a periodic term",
	} {
		_, err := scenario.Load(writeScenario(t, files, map[string]string{scenario.PaymentsFile: head + row}))
		require.Error(t, err, row)
		assert.Contains(t, err.Error(), want, row)
	}
}

// TestPeriodicTimingBuilder: the fixture built in Go runs as the folder
// does, and its from and to are parameters named after the literal.
func TestPeriodicTimingBuilder(t *testing.T) {
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
			Inflation: b.Value(0), Discount: b.Value(0), Hurdle: b.Value(0), Terminate: 9, OnTermination: scenario.PayAccrued},
		Cohorts: []scenario.Cohort{{Name: "a", Entry: start, Size: b.Value(100), TakeUp: b.Value(1)},
			{Name: "b", Entry: start.AddDate(1, 0, 0), Size: b.Value(100), TakeUp: b.Value(1)}},
		Metrics: []scenario.Metric{{Name: "restored", Unit: "restorations a year", To: 8, Baseline: b.Value(0.25), Effect: b.Value(0.36),
			CohortEffect: []scenario.ParamID{0, b.Value(0.28)}}},
		Services: []scenario.Service{{Name: "care", UnitCost: b.Value(50000), Lines: scenario.ServiceLines("nsw", b.Value(0.5), 0)}},
		Avoids:   []scenario.Avoid{{Metric: 0, Service: 0, Units: b.Value(1)}},
		Tiers:    []scenario.Schedule{{Name: "bands", Effect: effects, Value: values, PerDeal: true}},
		Terms: []scenario.Term{
			{Name: "bands", Metric: 0, Payer: "nsw", Basis: scenario.Tiered, Schedule: 1, Measure: scenario.MeasureYear, From: 3, To: 14, Lag: 1},
			{Name: "card", Metric: 0, Payer: "nsw", Basis: scenario.Outcomes, Price: b.Value(1000), Measure: scenario.MeasureYear},
		},
		Delivery: []scenario.CostItem{{Name: "setup", Party: "provider", Basis: scenario.Upfront, Amount: b.Value(50000), From: 1},
			{Name: "support", Party: "provider", Basis: scenario.PerParticipantPeriod, Amount: b.Value(2500), From: 1, To: 8}},
		Tranches: []scenario.Tranche{{Name: "senior", Investor: "inv", Priority: 1, Commitment: b.Value(4500000), Coupon: b.Value(0.05)}},
	})
	require.NoError(t, err)
	s, _ := load(t, fixtureFiles(t, "scenario-ok-ptiming"), nil)
	assert.Equal(t, s.Terms, built.Terms)
	for _, set := range []float64{3, 1, 7} {
		require.NoError(t, s.Set("term.bands.from", set))
		require.NoError(t, built.Set("term.bands.from", set))
		m, err := Compile(s)
		require.NoError(t, err)
		want, err := m.Run(s.Values())
		require.NoError(t, err)
		bm, err := Compile(built)
		require.NoError(t, err)
		got, err := bm.Run(built.Values())
		require.NoError(t, err)
		assert.Equal(t, fmt.Sprint(want.Outputs), fmt.Sprint(got.Outputs), "from %v", set)
		assert.Equal(t, want.Payments, got.Payments, "from %v", set)
	}
	id, ok := built.Param("term.bands.to")
	require.True(t, ok)
	assert.Equal(t, "Terms[0].to", built.At(id).Source)
}
