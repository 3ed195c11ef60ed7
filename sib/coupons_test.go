package sib

import (
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Coupons by period range and performance-linked coupons (issue 14, item
// 4), worked out by hand on the fixture cmd/sib/testdata/scenario-ok-coupons.
//
// Years from 2026-01-01, 5 of them, no inflation. Year 1 is the set-up
// year: an upfront cost of 1000000 draws the senior tranche's whole
// commitment, outstanding from the end of year 1. Cohort a (100) enters in
// year 2, cohort b (100) in year 3; the metric "restored" accrues a year
// over 2 years from entry (a: years 2-3, b: 3-4) against a counterfactual
// of 25%, a's effect 0.35 (60%), b's 0.45 (70%). The year's measured
// rates: year 2 35 / 100 = 0.35; year 3 (35 + 45) / 200 = 0.40; year 4
// 45 / 100 = 0.45; year 5 none (no exposure).
//
// The payer pays 2000 a restoration each year (measure year from 2, lag
// 0): year 2 70000, year 3 160000, year 4 90000, year 5 nothing.
//
// The senior's coupons: its coupon column, 4%, but in
//   - years 2-3 the band of the schedule coupons (0.30: 3%, 0.35: 7.5%,
//     0.40: 12%, 0.45: 15%) at the year's rate, at least 10%: year 2's
//     band is 7.5%, the floor gives 10%; year 3's band 12%;
//   - year 4 a fixed 6% (the band would give 15%).
//
// The coupon accrues as the target return does, on the principal and the
// unpaid coupon, and what the cash does not pay stays owed:
//   - year 1: nothing outstanding at the start; principal 1000000;
//   - year 2: 1000000 × 10% = 100000; the cash, 70000, pays 70000 of it:
//     30000 stays owed;
//   - year 3: (1000000 + 30000) × 12% = 123600, owed 153600; the cash,
//     160000, pays 153600 and 6400 of principal: 993600 outstanding;
//   - year 4: 993600 × 6% = 59616; the cash, 90000, pays 59616 and 30384
//     of principal: 963216 outstanding;
//   - year 5: 963216 × 4% = 38528.64 accrues, no cash pays it: at the
//     horizon it and the principal are lost.
//
// The investors received 320000 of 1000000 drawn.
func TestCouponsFixture(t *testing.T) {
	s, m := load(t, fixtureFiles(t, "scenario-ok-coupons"), nil)
	r, err := m.Run(s.Values())
	require.NoError(t, err)
	ret, prin := trancheBy(r, "senior")
	assertPaid(t, "coupon", map[int]string{2: "70000", 3: "153600", 4: "59616"}, ret)
	assertPaid(t, "principal", map[int]string{3: "6400", 4: "30384"}, prin)
	assert.Empty(t, r.Warnings)
	// The float path agrees, and allocates nothing a draw.
	w := m.NewWork()
	v := s.Values()
	o, err := m.Evaluate(v, w)
	require.NoError(t, err)
	assert.InDelta(t, 0.32, o.Investors.Multiple, 1e-12)
	assert.Zero(t, testing.AllocsPerRun(100, func() { _, _ = m.Evaluate(v, w) }), "coupons allocate nothing a draw")
}

// trancheBy returns what tranche k received as target return and as
// principal, by period (1-based), leaving out zeros.
func trancheBy(r *Result, tranche string) (ret, prin map[int]decimal.Decimal) {
	ret, prin = map[int]decimal.Decimal{}, map[int]decimal.Decimal{}
	for _, row := range r.Tranches {
		if row.Tranche != tranche {
			continue
		}
		if !row.Return.IsZero() {
			ret[row.Period] = row.Return
		}
		if !row.Principal.IsZero() {
			prin[row.Period] = row.Principal
		}
	}
	return ret, prin
}

// TestCouponsVariants: the same deal under other coupon rows.
//
//   - no floor: year 2 pays the band, 7.5%: 75000 accrues, the cash pays
//     70000 and 5000 stays owed; year 3 (1005000 × 12% = 120600, owed
//     125600) is paid with 34400 of principal: 965600; year 4 965600 × 6%
//     = 57936, principal 32064;
//   - the coupon parameter moved (coupon.senior.4.rate = 0.08): year 4
//     993600 × 8% = 79488, principal 10512;
//   - a row for year 5 at 0% (rate 0 is no coupon): nothing accrues in
//     year 5, as if the tranche had no coupon then.
func TestCouponsVariants(t *testing.T) {
	files := fixtureFiles(t, "scenario-ok-coupons")
	noFloor := "tranche,from,to,rate,schedule,metric,floor\nsenior,2,3,,coupons,restored,\nsenior,4,4,0.06,,,\n"
	s, m := load(t, files, map[string]string{"coupons.csv": noFloor})
	r, err := m.Run(s.Values())
	require.NoError(t, err)
	ret, prin := trancheBy(r, "senior")
	assertPaid(t, "coupon without floor", map[int]string{2: "70000", 3: "125600", 4: "57936"}, ret)
	assertPaid(t, "principal without floor", map[int]string{3: "34400", 4: "32064"}, prin)

	s, m = load(t, files, nil)
	v := s.Values()
	v[index(t, s, "coupon.senior.4.rate")] = 0.08
	r, err = m.Run(v)
	require.NoError(t, err)
	ret, prin = trancheBy(r, "senior")
	assertPaid(t, "coupon at 8%", map[int]string{2: "70000", 3: "153600", 4: "79488"}, ret)
	assertPaid(t, "principal at 8%", map[int]string{3: "6400", 4: "10512"}, prin)
}

// TestCouponsBuilder: the fixture written in Go with a Builder runs to
// the same result as the folder, with the coupon ranges' parameters named
// as the loader names them.
func TestCouponsBuilder(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	deal := func(b *scenario.Builder, coupons func(b *scenario.Builder) []scenario.Coupon) scenario.Scenario {
		bands := []float64{0.30, 0.03, 0.35, 0.075, 0.40, 0.12, 0.45, 0.15}
		var effects, values []scenario.ParamID
		for i := 0; i < len(bands); i += 2 {
			effects = append(effects, b.Value(bands[i]))
			values = append(values, b.Value(bands[i+1]))
		}
		return scenario.Scenario{
			Settings: scenario.Settings{Name: "x", Start: start, Months: scenario.Year, Periods: 5, Currency: "AUD", PriceBase: 2026,
				Inflation: b.Value(0), Discount: b.Value(0), Hurdle: b.Value(0)},
			Cohorts: []scenario.Cohort{{Name: "a", Entry: start.AddDate(1, 0, 0), Size: b.Value(100), TakeUp: b.Value(1)},
				{Name: "b", Entry: start.AddDate(2, 0, 0), Size: b.Value(100), TakeUp: b.Value(1)}},
			Metrics: []scenario.Metric{{Name: "restored", Unit: "restorations a year", To: 2, Baseline: b.Value(0.25), Effect: b.Value(0.35),
				CohortEffect: []scenario.ParamID{0, b.Value(0.45)}}},
			Services: []scenario.Service{{Name: "care", UnitCost: b.Value(50000), Lines: scenario.ServiceLines("nsw", b.Value(0.5), 0)}},
			Avoids:   []scenario.Avoid{{Metric: 0, Service: 0, Units: b.Value(1)}},
			Tiers:    []scenario.Schedule{{Name: "coupons", Effect: effects, Value: values}},
			Terms: []scenario.Term{{Name: "nsw", Metric: 0, Payer: "nsw", Basis: scenario.Outcomes, Price: b.Value(2000),
				Measure: scenario.MeasureYear, From: 2}},
			Delivery: []scenario.CostItem{{Name: "setup", Party: "provider", Basis: scenario.Upfront, Amount: b.Value(1000000), From: 1}},
			Tranches: []scenario.Tranche{{Name: "senior", Investor: "inv", Priority: 1, Commitment: b.Value(1000000), Coupon: b.Value(0.04)}},
			Coupons:  coupons(b),
		}
	}
	var b scenario.Builder
	built, err := b.Build(deal(&b, func(b *scenario.Builder) []scenario.Coupon {
		return []scenario.Coupon{
			{Tranche: "senior", From: 2, To: 3, Schedule: 1, Metric: 0, Floor: b.Value(0.10)},
			{Tranche: "senior", From: 4, To: 4, Rate: b.Value(0.06)},
		}
	}))
	require.NoError(t, err)
	s, m := loadDir(t, filepath.Join("..", "cmd", "sib", "testdata", "scenario-ok-coupons"))
	assert.Equal(t, len(s.Coupons), len(built.Coupons))
	want, err := m.Run(s.Values())
	require.NoError(t, err)
	bm, err := Compile(built)
	require.NoError(t, err)
	got, err := bm.Run(built.Values())
	require.NoError(t, err)
	assert.Equal(t, fmt.Sprint(want.Outputs), fmt.Sprint(got.Outputs))
	assert.Equal(t, want.Tranches, got.Tranches)
	for _, name := range []string{"coupon.senior.2.floor", "coupon.senior.4.rate"} {
		i, ok := s.Param(name)
		j, bok := built.Param(name)
		require.True(t, ok && bok, name)
		assert.Equal(t, s.At(i).Doc, built.At(j).Doc, name)
	}

	// The Builder refuses what the loader refuses, naming the element.
	for _, c := range []struct {
		name    string
		coupons func(b *scenario.Builder) []scenario.Coupon
		want    string
	}{
		{"overlap", func(b *scenario.Builder) []scenario.Coupon {
			return []scenario.Coupon{{Tranche: "senior", From: 2, To: 3, Rate: b.Value(0.05)}, {Tranche: "senior", From: 3, Rate: b.Value(0.06)}}
		}, "Coupons[1]: from: sib: invalid input: periods 3-5 of tranche senior's coupon overlap periods 2-3 (Coupons[0])"},
		{"floor on a fixed rate", func(b *scenario.Builder) []scenario.Coupon {
			return []scenario.Coupon{{Tranche: "senior", Rate: b.Value(0.05), Floor: b.Value(0.02)}}
		}, "Coupons[0]: floor: sib: invalid input"},
		{"unknown tranche", func(b *scenario.Builder) []scenario.Coupon {
			return []scenario.Coupon{{Tranche: "junior", Rate: b.Value(0.05)}}
		}, "Coupons[0]: tranche: sib: unknown name"},
	} {
		var b scenario.Builder
		_, err := b.Build(deal(&b, c.coupons))
		require.Error(t, err, c.name)
		assert.Contains(t, err.Error(), c.want, c.name)
	}
}

// TestCouponsRefused: coupons.csv's bad values, at their cells.
func TestCouponsRefused(t *testing.T) {
	files := fixtureFiles(t, "scenario-ok-coupons")
	head := "tranche,from,to,rate,schedule,metric,floor\n"
	for _, c := range []struct {
		name, body, at string
		want           error
	}{
		{"unknown tranche", "junior,2,3,0.05,,,\n", "coupons.csv:2:1", scenario.ErrUnknown},
		{"negative rate", "senior,2,3,-0.05,,,\n", "coupons.csv:2:4", scenario.ErrRange},
		{"rate and schedule", "senior,2,3,0.05,coupons,restored,\n", "coupons.csv:2:4", scenario.ErrInput},
		{"neither", "senior,2,3,,,,\n", "coupons.csv:2:4", csvio.ErrEmpty},
		{"unknown schedule", "senior,2,3,,bands,restored,\n", "coupons.csv:2:5", scenario.ErrUnknown},
		{"schedule without metric", "senior,2,3,,coupons,,\n", "coupons.csv:2:6", csvio.ErrEmpty},
		{"unknown metric", "senior,2,3,,coupons,jobs,\n", "coupons.csv:2:6", scenario.ErrUnknown},
		{"metric without schedule", "senior,2,3,0.05,,restored,\n", "coupons.csv:2:6", scenario.ErrInput},
		{"floor on a fixed rate", "senior,2,3,0.05,,,0.02\n", "coupons.csv:2:7", scenario.ErrInput},
		{"floor out of range", "senior,2,3,,coupons,restored,11\n", "coupons.csv:2:7", scenario.ErrRange},
		{"to before from", "senior,3,2,0.05,,,\n", "coupons.csv:2:3", scenario.ErrOrder},
		{"past the horizon", "senior,2,6,0.05,,,\n", "coupons.csv:2:3", scenario.ErrRange},
		{"overlap", "senior,2,3,0.05,,,\nsenior,3,4,0.06,,,\n", "coupons.csv:3:2", scenario.ErrInput},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := scenario.Load(writeScenario(t, files, map[string]string{"coupons.csv": head + c.body}))
			require.Error(t, err)
			assert.ErrorIs(t, err, c.want)
			var ie *scenario.InputError
			require.True(t, errors.As(err, &ie), "%v", err)
			assert.Contains(t, err.Error(), c.at)
		})
	}
}
