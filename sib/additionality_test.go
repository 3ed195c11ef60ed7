package sib

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sib-engine/sib/scenario"
)

// additionalityDir is the CLI's golden case run-additionality: the hand
// scenario (handFiles) with deadweight 0.2, displacement 0.1 and
// attribution 0.75 on its metric, a threshold of 0.4 on the rate card and
// a second term paying half the measured cashable saving.
const additionalityDir = "../cmd/sib/testdata/scenario-ok-additionality"

// TestAdditionalityWorkedExample checks the contract effect against the
// appraisal effect by hand. Yearly periods, no inflation or discounting.
//
// Measured (the contract's): 100 people × 0.5 a year = 50 outcomes in
// each of years 1 and 2, 100 in all.
//
// Appraisal (the state's): additionality k = (1 − 0.2) × (1 − 0.1) × 0.75
// = 0.8 × 0.9 × 0.75 = 0.54, an effect of 0.5 × 0.54 = 0.27: 27 outcomes a
// year, each avoiding 2 units of s: 54 units a year at 1000, gross 54000 a
// year (108000 in all), cashable 60%: 32400 a year (64800 in all). Without
// the shares the state would count 200000 gross and 120000 cashable.
//
// Term t (rate card, 800 an outcome, threshold 0.4, lag 1): the cohort's
// test is on the measured 0.5 ≥ 0.4 and passes at its measurement (year 2,
// the window's end); the appraisal's 0.27 would fail it. Year 1's 40000 is
// held until then and released with year 2's: 80000, paid in year 3.
//
// Term s (half the measured cashable saving, lag 1): the measured saving
// is the contract's, 50 outcomes × 2 units × 600 (the cashable rate) =
// 60000 a year; half of it, 30000, is paid in years 2 and 3 (60000 in
// all), not half of the appraisal's 32400 (16200).
//
// Payments 140000 (30000 in year 2, 110000 in year 3); the state's net
// cashable saving 64800 − 140000 = −75200. The tranche (10%) draws 30000
// in years 1 and 2; year 2's 30000 pays the 3000 return and 27000 of
// principal (33000 left); year 3's 110000 pays 3300 + 33000 and an excess
// of 73700. Flows −30000, 0, +110000: y² = 11/3 with y = 1 + r, an IRR of
// √(11/3) − 1 = 0.914854; multiple 140000 / 60000 = 7/3.
func TestAdditionalityWorkedExample(t *testing.T) {
	s, m := loadDir(t, additionalityDir)
	r, err := m.Run(s.Values())
	require.NoError(t, err)
	o := r.Outputs
	assert.InDelta(t, 108000, o.GrossPV, 1e-6)
	assert.InDelta(t, 64800, o.CashablePV, 1e-6)
	assert.InDelta(t, 140000, o.PaymentsPV, 1e-6)
	assert.InDelta(t, -75200, o.NetPV, 1e-6)
	for _, sv := range r.Savings {
		if sv.Period <= 2 {
			assert.InDelta(t, 54, sv.Units, 1e-9, "period %d", sv.Period)
		}
	}
	// What each term bought, and paid, is the measured outcomes'.
	assert.Equal(t, []float64{100, 100}, r.Outcomes)
	paid := map[[2]any]string{}
	for _, p := range r.Payments {
		if !p.Paid.IsZero() {
			paid[[2]any{p.Period, p.Term}] = p.Paid.String()
		}
	}
	assert.Equal(t, map[[2]any]string{{2, "s"}: "30000", {3, "t"}: "80000", {3, "s"}: "30000"}, paid)
	tr := o.Tranches[0]
	assert.InDelta(t, 60000, tr.Drawn, 1e-9)
	assert.InDelta(t, 140000, tr.Received, 1e-9)
	assert.InDelta(t, 7.0/3, tr.Multiple, 1e-12)
	assert.InDelta(t, 0.914854, tr.IRR.Rate, 1e-6)

	// The float path agrees.
	w := m.NewWork()
	fo, err := m.Evaluate(s.Values(), w)
	require.NoError(t, err)
	assert.InDelta(t, 108000, fo.GrossPV, 1e-6)
	assert.InDelta(t, 140000, fo.PaymentsPV, 1e-6)

	// Had one effect, the appraisal's 0.27, driven both (the engine before
	// the shares), the test would fail and t pay nothing; s would pay half
	// of 27 × 2 × 600 = 16200 a year, 32400 in all.
	one, m1 := load(t, handFiles, map[string]string{
		scenario.MetricsFile:  "metric,per,from,to,effect\nm,year,1,2,0.27\n",
		scenario.PaymentsFile: "term,metric,payer,basis,value,price,share,threshold,lag\nt,m,pay,outcomes,,800,,0.4,1\ns,m,pay,savings,cashable,,0.5,,1\n",
	})
	r1, err := m1.Run(one.Values())
	require.NoError(t, err)
	assert.InDelta(t, 108000, r1.Outputs.GrossPV, 1e-6)
	assert.InDelta(t, 32400, r1.Outputs.PaymentsPV, 1e-6)
}

// TestAdditionalityNeutral: shares of 0, 0 and 1 leave every result as
// it is without them, to the bit: the appraisal effect is the measured.
func TestAdditionalityNeutral(t *testing.T) {
	plain, mp := load(t, handFiles, nil)
	want, err := mp.Run(plain.Values())
	require.NoError(t, err)
	given, mg := load(t, handFiles, map[string]string{
		scenario.MetricsFile: "metric,per,from,to,effect,deadweight,displacement,attribution\nm,year,1,2,0.5,0,0,1\n",
	})
	got, err := mg.Run(given.Values())
	require.NoError(t, err)
	sameResult(t, want, got)
	wp, wg := mp.NewWork(), mg.NewWork()
	op, err := mp.Evaluate(plain.Values(), wp)
	require.NoError(t, err)
	og, err := mg.Evaluate(given.Values(), wg)
	require.NoError(t, err)
	assert.Equal(t, fmt.Sprintf("%+v", op), fmt.Sprintf("%+v", og))
}

// sameResult checks that two results are the same, every table and
// output (NaN equal to NaN, decimals by value), but for the scenario.
func sameResult(t *testing.T, want, got *Result) {
	t.Helper()
	w, g := *want, *got
	w.Scenario, g.Scenario = nil, nil
	assert.Equal(t, fmt.Sprintf("%+v", w), fmt.Sprintf("%+v", g))
}

// buildAdditionality is the fixture of additionalityDir in Go.
func buildAdditionality(t *testing.T) *scenario.Scenario {
	t.Helper()
	var b scenario.Builder
	v := b.Value
	jan := func(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }
	s, err := b.Build(scenario.Scenario{
		Settings: scenario.Settings{
			Name: "small with additionality", Start: jan(2026), Months: scenario.Year, Periods: 4, Currency: "EUR", PriceBase: 2026,
			Inflation: v(0), Discount: v(0), Hurdle: v(0),
		},
		Cohorts: []scenario.Cohort{{Name: "a", Entry: jan(2026), Size: v(100), TakeUp: v(1)}},
		Metrics: []scenario.Metric{{Name: "m", Per: scenario.PerYear, From: 1, To: 2, Effect: v(0.5),
			Deadweight: v(0.2), Displacement: v(0.1), Attribution: v(0.75), CohortEffect: make([]scenario.ParamID, 1)}},
		Services: []scenario.Service{{Name: "s", UnitCost: v(1000), Lines: scenario.ServiceLines("ag", v(0.6), 0)}},
		Avoids:   []scenario.Avoid{{Metric: 0, Service: 0, Units: v(2)}},
		Terms: []scenario.Term{
			{Name: "t", Metric: 0, Payer: "pay", Basis: scenario.Outcomes, Price: v(800), Threshold: v(0.4), Lag: 1},
			{Name: "s", Metric: 0, Payer: "pay", Basis: scenario.Savings, Cashable: true, Share: v(0.5), Lag: 1},
		},
		Delivery: []scenario.CostItem{{Name: "d", Party: "provider", Basis: scenario.PerPeriod, Amount: v(30000), From: 1, To: 2}},
		Tranches: []scenario.Tranche{{Name: "senior", Investor: "inv", Priority: 1, Commitment: v(100000), Coupon: v(0.10)}},
	})
	require.NoError(t, err)
	return s
}

// TestAdditionalityBuilder: the Builder expresses the shares (named
// outcome.m.deadweight and so on, with the loader's ranges) and its
// scenario runs to the same result as the folder.
func TestAdditionalityBuilder(t *testing.T) {
	loaded, lm := loadDir(t, additionalityDir)
	built := buildAdditionality(t)
	require.Len(t, built.Params, len(loaded.Params))
	for _, p := range loaded.Params {
		id, ok := built.Param(p.Name)
		if assert.True(t, ok, p.Name) {
			q := built.At(id)
			assert.Equal(t, [3]float64{p.Value, p.Min, p.Max}, [3]float64{q.Value, q.Min, q.Max}, p.Name)
		}
	}
	bm, err := Compile(built)
	require.NoError(t, err)
	want, err := lm.Run(loaded.Values())
	require.NoError(t, err)
	got, err := bm.Run(built.Values())
	require.NoError(t, err)
	sameResult(t, want, got)

	// Build refuses a share out of range, as the loader does.
	bad := buildBadShare(t)
	require.Error(t, bad)
	assert.True(t, strings.Contains(bad.Error(), "Metrics[0]: outcome.m.attribution:"), bad.Error())
	assert.ErrorIs(t, bad, scenario.ErrRange)
}

// buildBadShare builds the fixture with an attribution of 1.2.
func buildBadShare(t *testing.T) error {
	t.Helper()
	var b scenario.Builder
	v := b.Value
	jan := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	_, err := b.Build(scenario.Scenario{
		Settings: scenario.Settings{Name: "bad", Start: jan, Months: scenario.Year, Periods: 4, Currency: "EUR", PriceBase: 2026},
		Cohorts:  []scenario.Cohort{{Name: "a", Entry: jan, Size: v(100)}},
		Metrics:  []scenario.Metric{{Name: "m", Per: scenario.PerYear, From: 1, To: 2, Effect: v(0.5), Attribution: v(1.2), CohortEffect: make([]scenario.ParamID, 1)}},
	})
	return err
}
