package sib

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sib-engine/sib/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The share switch when paid (issue 14, item 12): "95% of the avoided
// cost until the investors are repaid with 5%, then 40%", paid a year in
// arrears, worked out by hand on the fixture
// cmd/sib/testdata/scenario-ok-switch. The 95%/40% pair is illustrative:
// no published deal has exactly these terms.
//
// The fixture: yearly periods from 2026-01-01, 6 of them, no inflation.
// One cohort of 100 (take-up 1); the metric m accrues 0.5 a participant a
// year in years 1-5, each avoiding 1 unit of a service at 1000, all
// cashable: a measured saving S = 100 × 0.5 × 1000 = 50000 in each of
// periods 1-5. Delivery: 150000 in period 1, drawn from the one tranche
// (commitment 150000, coupon 5%). Term t: savings, share s = 0.95,
// share_after a = 0.40, interest 5%, lag 1, switch when_paid.
//
// The investors' balance (after each period's waterfall; g = 1.05; all
// of a payment is distributed, there being no fee):
//   - period 1: 150000 drawn, nothing paid: 150000.
//   - period 2: period 1's saving, owed B = 150000 × 1.05 = 157500;
//     s·S = 47500 ≤ B: paid 47500. Balance 157500 − 47500 = 110000.
//   - period 3: B = 115500, paid 47500: 68000.
//   - period 4: B = 71400, paid 47500: 23900.
//   - period 5: B = 23900 × 1.05 = 25095 < s·S = 47500: the payment
//     crosses repayment and is split, pro rata on the saving: the part
//     of the saving that repays B, B / s = 25095 / 0.95 = 26415.789474,
//     at s (25095.00), the rest, 50000 − 26415.789474 = 23584.210526, at
//     a (9433.684211):
//     pay = B + a × (S − B / s) = 25095 + 0.4 × 23584.210526 = 34528.68.
//     Balance 25095 − 34528.68 < 0: the investors are repaid, the term
//     has switched.
//   - period 6: period 5's saving at a: 0.4 × 50000 = 20000.
//
// 197028.68 in all. The tranche: period 2 accrues 7500 (5% of 150000),
// takes it and 40000 of principal (110000 left); period 3 5500 + 42000
// (68000); period 4 3400 + 44100 (23900); period 5 1195 + 23900 = 25095,
// the part paid at 95%, exactly, and 9433.68 of excess; period 6 20000
// of excess.
//
// Under switch when_earned (the loader's default for an empty cell) the
// share is fixed when the saving is earned: period 4's saving is earned
// before period 4's waterfall, at 95%, and paid in period 5 (47500,
// balance 25095 − 47500 < 0: switched); period 5's saving is earned in
// period 5, before that waterfall, at 95%, and paid in period 6. Every
// payment is 47500 (237500): the switch would reach period 6's earnings,
// paid in period 7, after the horizon.
func TestSwitchWhenPaid(t *testing.T) {
	files := fixtureFiles(t, "scenario-ok-switch")
	s, m := load(t, files, nil)
	got, r := paidByPeriod(t, s, m)
	assertPaid(t, "when_paid", map[int]string{2: "47500", 3: "47500", 4: "47500", 5: "34528.68", 6: "20000"}, got["t"])
	assert.Empty(t, r.Warnings)
	require.NotEmpty(t, r.Tranches)
	for _, f := range r.Tranches {
		if f.Period == 5 {
			assert.True(t, d("1195").Equal(f.Return), "period 5 return %s", f.Return)
			assert.True(t, d("23900").Equal(f.Principal), "period 5 principal %s", f.Principal)
			assert.True(t, d("9433.68").Equal(f.Excess), "period 5 excess %s", f.Excess)
		}
	}
	// The float path agrees, and allocates nothing a draw.
	w := m.NewWork()
	v := s.Values()
	o, err := m.Evaluate(v, w)
	require.NoError(t, err)
	assert.InDelta(t, 197028.68, o.Payments, 0.005)
	assert.Zero(t, testing.AllocsPerRun(100, func() { _, _ = m.Evaluate(v, w) }), "the switch when paid allocates nothing a draw")

	// when_earned fixes the share when earned; an empty cell is when_paid,
	// what contracts say.
	s2, m2 := load(t, files, map[string]string{scenario.PaymentsFile: strings.Replace(files[scenario.PaymentsFile], "when_paid", "when_earned", 1)})
	got2, _ := paidByPeriod(t, s2, m2)
	assertPaid(t, "when_earned", map[int]string{2: "47500", 3: "47500", 4: "47500", 5: "47500", 6: "47500"}, got2["t"])
	s3, m3 := load(t, files, map[string]string{scenario.PaymentsFile: strings.Replace(files[scenario.PaymentsFile], "when_paid", "", 1)})
	got3, _ := paidByPeriod(t, s3, m3)
	assertPaid(t, "empty cell", map[int]string{2: "47500", 3: "47500", 4: "47500", 5: "34528.68", 6: "20000"}, got3["t"])
}

// TestSwitchSplit: the formula of the payment that crosses repayment,
// pay = B + a × (S − B / s), on variants of the fixture worked by hand.
//
//   - share_after 0: the crossing payment is the balance owed itself,
//     B = 25095.00, and nothing is paid after it.
//   - lag 0: each period's saving is paid in the period, before its
//     capital call: period 1 owes nothing yet (B = 0: no split), pays
//     47500, and the 150000 drawn that period is repaid by it in the
//     same waterfall: balance 102500. Period 2: B = 107625, paid 47500:
//     60125. Period 3: B = 63131.25, paid 47500: 15631.25. Period 4:
//     B = 16412.8125 < 47500: split, 16412.8125 + 0.4 × (50000 −
//     16412.8125 / 0.95) = 16412.8125 + 0.4 × 32723.355263 = 29502.15.
//     Period 5: 20000.
//   - a horizon of 5: period 5's saving would be paid in period 6: not
//     paid, and valued at the share in force at the horizon (switched in
//     period 5: 0.4 × 50000 = 20000 unpaid).
//   - measured every year (a periodic term): one cohort, a year a
//     period: as the fixture.
func TestSwitchSplit(t *testing.T) {
	files := fixtureFiles(t, "scenario-ok-switch")
	const head = "term,metric,payer,basis,share,share_after,interest,switch,measure,lag\n"
	for _, c := range []struct {
		name string
		repl map[string]string
		want map[int]string
	}{
		{"share_after 0", map[string]string{scenario.PaymentsFile: head + "t,m,pay,savings,0.95,0,0.05,when_paid,,1\n"},
			map[int]string{2: "47500", 3: "47500", 4: "47500", 5: "25095"}},
		{"lag 0", map[string]string{scenario.PaymentsFile: head + "t,m,pay,savings,0.95,0.4,0.05,when_paid,,0\n"},
			map[int]string{1: "47500", 2: "47500", 3: "47500", 4: "29502.15", 5: "20000"}},
		{"horizon 5", map[string]string{scenario.ScenarioFile: strings.Replace(files[scenario.ScenarioFile], "periods,6", "periods,5", 1)},
			map[int]string{2: "47500", 3: "47500", 4: "47500", 5: "34528.68"}},
		{"measured every year", map[string]string{scenario.PaymentsFile: head + "t,m,pay,savings,0.95,0.4,0.05,when_paid,year,1\n"},
			map[int]string{2: "47500", 3: "47500", 4: "47500", 5: "34528.68", 6: "20000"}},
	} {
		s, m := load(t, files, c.repl)
		got, r := paidByPeriod(t, s, m)
		assertPaid(t, c.name, c.want, got["t"])
		if c.name == "horizon 5" {
			require.Len(t, r.Unpaid, 1)
			assert.True(t, d("20000").Equal(r.Unpaid[0]), "unpaid %s", r.Unpaid[0])
		}
	}
	// The arithmetic of period 5 in the fixture, as the comment has it.
	B, s, a, S := 23900*1.05, 0.95, 0.4, 50000.0
	assert.InDelta(t, 34528.68, B+a*(S-B/s), 0.005)
	assert.InDelta(t, B, s*(B/s), 1e-9, "the part at s repays B exactly")
	assert.Equal(t, 34528.68, math.Round((B+a*(S-B/s))*100)/100)
}

// TestSwitchBuilder: the fixture built in Go gives the Run result of the
// folder.
func TestSwitchBuilder(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var b scenario.Builder
	built, err := b.Build(scenario.Scenario{
		Settings: scenario.Settings{Name: "switch", Start: start, Months: scenario.Year, Periods: 6, Currency: "EUR", PriceBase: 2026,
			Inflation: b.Value(0), Discount: b.Value(0), Hurdle: b.Value(0)},
		Cohorts:  []scenario.Cohort{{Name: "a", Entry: start, Size: b.Value(100), TakeUp: b.Value(1)}},
		Metrics:  []scenario.Metric{{Name: "m", Per: scenario.PerYear, From: 1, To: 5, Effect: b.Value(0.5), CohortEffect: []scenario.ParamID{0}}},
		Services: []scenario.Service{{Name: "s", UnitCost: b.Value(1000), Lines: scenario.ServiceLines("ag", b.Value(1), 0)}},
		Avoids:   []scenario.Avoid{{Metric: 0, Service: 0, Units: b.Value(1)}},
		Terms: []scenario.Term{{Name: "t", Metric: 0, Payer: "pay", Basis: scenario.Savings,
			Share: b.Value(0.95), ShareAfter: b.Value(0.40), Interest: b.Value(0.05), Switch: scenario.SwitchWhenPaid, Lag: 1}},
		Delivery: []scenario.CostItem{{Name: "d", Party: "provider", Basis: scenario.PerPeriod, Amount: b.Value(150000), From: 1, To: 1}},
		Tranches: []scenario.Tranche{{Name: "senior", Investor: "inv", Priority: 1, Commitment: b.Value(150000), Coupon: b.Value(0.05)}},
	})
	require.NoError(t, err)
	s, m := loadDir(t, filepath.Join("..", "cmd", "sib", "testdata", "scenario-ok-switch"))
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
	assert.Equal(t, want.Cash, got.Cash)
}
