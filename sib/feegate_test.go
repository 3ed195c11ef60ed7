package sib

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/sib-engine/sib/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const feegateDir = "../cmd/sib/testdata/scenario-ok-feegate"

// A fee paid only once a named term's test passed (fees.csv when =
// term:NAME; issue 14, item 6), on cmd/sib/testdata/scenario-ok-feegate,
// worked out by hand.
//
// Three years, inflation and discounting 0, the bond distributes every
// year and does not recycle. 100 participants, an effect of 0.5 in years
// 1 and 2: 50 outcomes a year. Term t pays 1000 an outcome under a
// threshold of 0.4, tested when the cohort is measured, in year 2 (entry
// 1 + to 2 − 1): year 1's 50000 is held, then released with year 2's
// 50000: t pays 0, 100000, 0. Term base pays 400 an outcome, no
// threshold: 20000 in years 1 and 2. Delivery 10000 in years 1 and 2.
// One senior tranche, 50000, no coupon, pure debt (excess no). Two
// subordinated fees to the intermediary: incentive, 10% of the year's
// payments, when = term:t; management, 500 a year, when = term:base.
//
// Year 1: received 20000 (base); the delivery 10000 is drawn; the
// senior's principal 10000 is repaid, 10000 left. t has not passed: the
// incentive fee due, 10% × 20000 = 2000, is forgone. base has paid: the
// management fee 500 is paid. Residual 9500.
//
// Year 2: t's test passes (0.5 ≥ 0.4): received 100000 + 20000 =
// 120000; the delivery 10000 is drawn and repaid, 110000 left. The
// incentive fee, 10% × 120000 = 12000, is paid, then management 500.
// Residual 97500.
//
// Year 3: nothing received: the management fee 500 falls due and is
// forgone (no surplus); the incentive fee is 0.
//
// Fees paid 500 + 12000 + 500 = 13000; the intermediary's residual
// 9500 + 97500 = 107000.
func TestFeeGateWorkedExample(t *testing.T) {
	s, err := scenario.Load(feegateDir)
	require.NoError(t, err)
	assert.Equal(t, 1, s.Fees[0].AfterTerm, "incentive after term t (index 0)")
	assert.Equal(t, 2, s.Fees[1].AfterTerm, "management after term base (index 1)")
	m, err := Compile(s)
	require.NoError(t, err)
	r, err := m.Run(s.Values())
	require.NoError(t, err)
	agree(t, m, s.Values())
	d := decimal.RequireFromString
	for i, w := range []struct{ payments, drawn, costs, distributed, residual string }{
		{"20000", "10000", "10500", "10000", "9500"},
		{"120000", "10000", "22500", "10000", "97500"},
		{"0", "0", "0", "0", "0"},
	} {
		g := r.Cash[i]
		assert.True(t, d(w.payments).Equal(g.Payments), "period %d payments %s", i+1, g.Payments)
		assert.True(t, d(w.drawn).Equal(g.Drawn), "period %d drawn %s", i+1, g.Drawn)
		assert.True(t, d(w.costs).Equal(g.Costs), "period %d costs %s", i+1, g.Costs)
		assert.True(t, d(w.distributed).Equal(g.Distributed), "period %d distributed %s", i+1, g.Distributed)
		assert.True(t, d(w.residual).Equal(g.Residual), "period %d residual %s", i+1, g.Residual)
	}
	type dp struct{ due, paid string }
	want := map[string][]dp{
		"incentive":  {{"2000", "0"}, {"12000", "12000"}},
		"management": {{"500", "500"}, {"500", "500"}, {"500", "0"}},
	}
	got := map[string][]dp{}
	for _, c := range r.Costs {
		if c.Subordinated {
			got[c.Item] = append(got[c.Item], dp{c.Due.StringFixed(0), c.Paid.StringFixed(0)})
		}
	}
	assert.Equal(t, want, got)

	// Without the gate, the incentive fee is paid in year 1 too: 2000
	// less residual.
	s.Fees[0].AfterTerm = 0
	m, err = Compile(s)
	require.NoError(t, err)
	r, err = m.Run(s.Values())
	require.NoError(t, err)
	assert.True(t, d("7500").Equal(r.Cash[0].Residual), "ungated: residual %s", r.Cash[0].Residual)
}

// TestFeeGatePooled: a gate on a term with only a pooled threshold opens
// at the pooled test; one that never passes keeps the fee forgone.
func TestFeeGatePooled(t *testing.T) {
	for _, tc := range []struct {
		thr       string
		incentive string // paid over the deal
	}{{"0.4", "12000"}, {"0.6", "0"}} {
		dir := t.TempDir()
		require.NoError(t, os.CopyFS(dir, os.DirFS(feegateDir)))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "payments.csv"),
			[]byte("term,metric,payer,basis,price,pooled_threshold\nt,m,pay,outcomes,1000,"+tc.thr+"\nbase,m,pay,outcomes,400,\n"), 0o644))
		s, err := scenario.Load(dir)
		require.NoError(t, err)
		m, err := Compile(s)
		require.NoError(t, err)
		r, err := m.Run(s.Values())
		require.NoError(t, err)
		agree(t, m, s.Values())
		paid := decimal.Zero
		for _, c := range r.Costs {
			if c.Item == "incentive" {
				paid = paid.Add(c.Paid)
			}
		}
		assert.True(t, decimal.RequireFromString(tc.incentive).Equal(paid), "pooled threshold %s: incentive paid %s", tc.thr, paid)
	}
}

// TestFeeGateBuilder builds scenario-ok-feegate in Go and gets the same
// Run result as loading it; the Builder refuses what the loader refuses.
func TestFeeGateBuilder(t *testing.T) {
	loaded, err := scenario.Load(feegateDir)
	require.NoError(t, err)
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	deal := func(b *scenario.Builder, fees []scenario.CostItem) scenario.Scenario {
		return scenario.Scenario{
			Settings: scenario.Settings{Name: "feegate", Start: start, Months: scenario.Year, Periods: 3, Currency: "EUR", PriceBase: 2026,
				Inflation: b.Value(0), Discount: b.Value(0), Hurdle: b.Value(0)},
			Cohorts:  []scenario.Cohort{{Name: "a", Entry: start, Size: b.Value(100), TakeUp: b.Value(1)}},
			Metrics:  []scenario.Metric{{Name: "m", Per: scenario.PerYear, From: 1, To: 2, Effect: b.Value(0.5)}},
			Services: []scenario.Service{{Name: "s", UnitCost: b.Value(1000), Lines: scenario.ServiceLines("ag", b.Value(0.6), 0)}},
			Avoids:   []scenario.Avoid{{Metric: 0, Service: 0, Units: b.Value(2)}},
			Terms: []scenario.Term{
				{Name: "t", Metric: 0, Payer: "pay", Basis: scenario.Outcomes, Price: b.Value(1000), Threshold: b.Value(0.4)},
				{Name: "base", Metric: 0, Payer: "pay", Basis: scenario.Outcomes, Price: b.Value(400)},
			},
			Delivery: []scenario.CostItem{{Name: "d", Party: "provider", Basis: scenario.PerPeriod, Amount: b.Value(10000), From: 1, To: 2}},
			Fees:     fees,
			Tranches: []scenario.Tranche{{Name: "senior", Investor: "bank", Priority: 1, Commitment: b.Value(50000), NoExcess: true}},
		}
	}
	var b scenario.Builder
	built, err := b.Build(deal(&b, []scenario.CostItem{
		{Name: "incentive", Party: "intermediary", Basis: scenario.ShareOfPayments, Amount: b.Value(0.1), Subordinated: true, AfterTerm: 1},
		{Name: "management", Party: "intermediary", Basis: scenario.PerPeriod, Amount: b.Value(500), Subordinated: true, AfterTerm: 2},
	}))
	require.NoError(t, err)
	run := func(s *scenario.Scenario) *Result {
		m, err := Compile(s)
		require.NoError(t, err)
		r, err := m.Run(s.Values())
		require.NoError(t, err)
		return r
	}
	a, c := run(loaded), run(built)
	require.Equal(t, len(a.Cash), len(c.Cash))
	for i := range a.Cash {
		assert.True(t, a.Cash[i].Costs.Equal(c.Cash[i].Costs) && a.Cash[i].Residual.Equal(c.Cash[i].Residual), "period %d", i+1)
	}
	require.Equal(t, len(a.Costs), len(c.Costs))
	for i := range a.Costs {
		assert.True(t, a.Costs[i].Due.Equal(c.Costs[i].Due) && a.Costs[i].Paid.Equal(c.Costs[i].Paid), "cost row %d", i)
	}

	for _, tc := range []struct {
		name string
		fee  func(b *scenario.Builder) scenario.CostItem
		want string
	}{
		{"senior", func(b *scenario.Builder) scenario.CostItem {
			return scenario.CostItem{Name: "f", Party: "p", Basis: scenario.PerPeriod, Amount: b.Value(1), AfterTerm: 1}
		}, "give rank subordinated"},
		{"both", func(b *scenario.Builder) scenario.CostItem {
			return scenario.CostItem{Name: "f", Party: "p", Basis: scenario.PerPeriod, Amount: b.Value(1), Subordinated: true, OnceRepaid: true, AfterTerm: 1}
		}, "not both"},
		{"no such term", func(b *scenario.Builder) scenario.CostItem {
			return scenario.CostItem{Name: "f", Party: "p", Basis: scenario.PerPeriod, Amount: b.Value(1), Subordinated: true, AfterTerm: 3}
		}, "AfterTerm 3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b scenario.Builder
			f := tc.fee(&b)
			_, err := b.Build(deal(&b, []scenario.CostItem{f}))
			require.Error(t, err)
			assert.Contains(t, err.Error(), "when")
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// TestLoadBadFeeGate: the loader refuses a bad when = term:NAME at the
// cell (file:line:column).
func TestLoadBadFeeGate(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"unknown term", "fee,party,basis,amount,rank,when\nx,p,per_period,10,subordinated,term:nope\n", `fees.csv:2:6: when: unknown name: term "nope" is not in payments.csv (terms: t, base)`},
		{"empty term", "fee,party,basis,amount,rank,when\nx,p,per_period,10,subordinated,term:\n", `fees.csv:2:6: when: unknown name: term "" is not in payments.csv`},
		{"senior", "fee,party,basis,amount,when\nx,p,per_period,10,term:t\n", "fees.csv:2:5: when: invalid input: a fee paid once a term's test passed is an incentive fee"},
		{"word", "fee,party,basis,amount,rank,when\nx,p,per_period,10,subordinated,threshold\n", `fees.csv:2:6: when: invalid input "threshold": expected always or repaid, or term:NAME (a term of payments.csv)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			require.NoError(t, os.CopyFS(dir, os.DirFS(feegateDir)))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "fees.csv"), []byte(tc.body), 0o644))
			_, err := scenario.Load(dir)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}
