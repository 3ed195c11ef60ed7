package sib

import (
	"math"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/sib-engine/sib/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Fees below the investors, commitment fees, return on committed capital
// and cash held between distributions (issue 14, items 6 and 7), on
// cmd/sib/testdata/scenario-ok-fees, worked out by hand.
//
// Three years, inflation and discounting 0. 100 participants, an effect
// of 0.5 in years 1 and 2: 50 outcomes a year at 1000, paid a year later:
// 50000 in years 2 and 3. Delivery 30000 in years 1 and 2. Senior: 80000
// committed, commitment_fee 0.02, pure debt; junior: 40000, cap 1.5. The
// incentive fee is subordinated, 10% of the year's payments, paid once
// the investors are repaid. distribute = at_maturity: the bond holds its
// cash until year 3 (the horizon, both tranches' maturity).
//
// Year 1: the commitment fee is 80000 × 0.02 = 1600; costs 31600, drawn
// pro rata to the undrawn 80000 : 40000: senior 21066.67, junior
// 10533.33 (31600 × 2/3 = 21066.666…, largest remainder).
//
// Year 2: the fee is (80000 − 21066.67) × 0.02 = 58933.33 × 0.02 =
// 1178.67; costs 31178.67 drawn pro rata to 58933.33 : 29466.67: senior
// 20785.78, junior 10392.89. The 50000 paid is held (not recycled, not a
// distribution year); the incentive fee due, 5000, is forgone.
//
// Year 3: the fee is (58933.33 − 20785.78) × 0.02 = 38147.55 × 0.02 =
// 762.95, paid from the 50000 held (49237.05 left). Distributed: 50000 +
// 49237.05 = 99237.05. Senior principal 21066.67 + 20785.78 = 41852.45
// (57384.60 left); junior principal 10533.33 + 10392.89 = 20926.22
// (36458.38 left). All repaid: the incentive fee, 5000 (31458.38 left).
// Excess: the senior is pure debt; the junior's room is 1.5 × 20926.22 −
// 20926.22 = 10463.11; the residual is 20995.27.
//
// Senior: drawn 41852.45, received 41852.45 + 1600 + 1178.67 + 762.95 =
// 45394.07, multiple 1.0846. On committed: (80000 + 45394.07 − 41852.45)
// / 80000 = 1.04427025, from the flows −80000 + 1600, 1178.67, 762.95 +
// 41852.45 + 38147.55 (the undrawn back) = 80762.95: IRR r with
// −78400 + 1178.67/(1+r) + 80762.95/(1+r)² = 0, r = 2.2503%
// (quadratic in 1/(1+r)).
//
// Junior: drawn 20926.22, received 31389.33 (1.5); on committed
// (40000 + 10463.11) / 40000 = 1.26157775, flows −40000, 0, 31389.33 +
// 19073.78 = 50463.11: (1+r)² = 50463.11 / 40000, r = 12.3196%.
func TestFeesWorkedExample(t *testing.T) {
	s, err := scenario.Load("../cmd/sib/testdata/scenario-ok-fees")
	require.NoError(t, err)
	m, err := Compile(s)
	require.NoError(t, err)
	r, err := m.Run(s.Values())
	require.NoError(t, err)
	agree(t, m, s.Values())
	d := decimal.RequireFromString
	cash := []CashRow{
		{Period: 1, Payments: d("0"), Drawn: d("31600"), Costs: d("30000"), Distributed: d("1600"), Residual: d("0"), Held: d("0")},
		{Period: 2, Payments: d("50000"), Drawn: d("31178.67"), Costs: d("30000"), Distributed: d("1178.67"), Residual: d("0"), Held: d("50000")},
		{Period: 3, Payments: d("50000"), Drawn: d("0"), Costs: d("5000"), Distributed: d("74004.73"), Residual: d("20995.27"), Held: d("0")},
	}
	for i, w := range cash {
		g := r.Cash[i]
		for _, x := range []struct {
			what      string
			want, got decimal.Decimal
		}{{"payments", w.Payments, g.Payments}, {"drawn", w.Drawn, g.Drawn}, {"costs", w.Costs, g.Costs}, {"distributed", w.Distributed, g.Distributed},
			{"residual", w.Residual, g.Residual}, {"held", w.Held, g.Held}} {
			assert.True(t, x.want.Equal(x.got), "period %d: %s %s, want %s", i+1, x.what, x.got, x.want)
		}
	}
	fees := map[[2]int]string{{0, 0}: "21066.67", {1, 0}: "10533.33", {0, 1}: "20785.78", {1, 1}: "10392.89"}
	for k := range 2 {
		for t0 := range 2 {
			assert.True(t, d(fees[[2]int{k, t0}]).Equal(r.Tranches[t0*2+k].Drawn), "tranche %d period %d drawn %s", k, t0+1, r.Tranches[t0*2+k].Drawn)
		}
	}
	for i, w := range []string{"1600", "1178.67", "762.95"} {
		assert.True(t, d(w).Equal(r.Tranches[i*2].CommitmentFee), "period %d: commitment fee %s, want %s", i+1, r.Tranches[i*2].CommitmentFee, w)
	}
	var incentive []CostRow
	for _, c := range r.Costs {
		if c.Subordinated {
			incentive = append(incentive, c)
		}
	}
	require.Len(t, incentive, 2)
	assert.True(t, d("5000").Equal(incentive[0].Due) && incentive[0].Paid.IsZero(), "year 2: due 5000, paid 0 (not repaid): %+v", incentive[0])
	assert.True(t, d("5000").Equal(incentive[1].Due) && d("5000").Equal(incentive[1].Paid), "year 3: due and paid 5000: %+v", incentive[1])

	sen, jun := r.Outputs.Tranches[0], r.Outputs.Tranches[1]
	assert.InDelta(t, 41852.45, sen.Drawn, 1e-9)
	assert.InDelta(t, 45394.07, sen.Received, 1e-9)
	assert.InDelta(t, 80000, sen.Committed, 1e-9)
	assert.InDelta(t, 83541.62/80000, sen.CommittedMultiple, 1e-12)
	// 1/(1+r) = v: 80762.95 v² + 1178.67 v − 78400 = 0.
	v := (-1178.67 + math.Sqrt(1178.67*1178.67+4*80762.95*78400)) / (2 * 80762.95)
	assert.InDelta(t, 1/v-1, sen.CommittedIRR.Rate, 1e-9)
	assert.InDelta(t, 0.022503, sen.CommittedIRR.Rate, 1e-6)
	assert.InDelta(t, 31389.33, jun.Received, 1e-9)
	assert.InDelta(t, 1.26157775, jun.CommittedMultiple, 1e-12)
	assert.InDelta(t, math.Sqrt(50463.11/40000)-1, jun.CommittedIRR.Rate, 1e-9)
	assert.InDelta(t, 120000, r.Outputs.Investors.Committed, 1e-9)
}

// TestFeesDefaults: with the defaults (no commitment fee, senior fees,
// distribute every period) the hand scenario holds no cash, and a tranche
// that draws its whole commitment has the same multiple on committed as on
// drawn.
func TestFeesDefaults(t *testing.T) {
	s, m := load(t, handFiles, nil)
	r, err := m.Run(s.Values())
	require.NoError(t, err)
	for _, c := range r.Cash {
		assert.True(t, c.Held.IsZero(), "period %d holds %s", c.Period, c.Held)
	}
	for _, rt := range r.Outputs.Tranches {
		if rt.Drawn == rt.Committed {
			assert.InDelta(t, rt.Multiple, rt.CommittedMultiple, 1e-12)
		}
	}
}

// TestFeesBuilder builds scenario-ok-fees in Go and gets the same Run
// result as loading it.
func TestFeesBuilder(t *testing.T) {
	loaded, err := scenario.Load("../cmd/sib/testdata/scenario-ok-fees")
	require.NoError(t, err)
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var b scenario.Builder
	built, err := b.Build(scenario.Scenario{
		Settings: scenario.Settings{Name: "fees", Start: start, Months: scenario.Year, Periods: 3, Currency: "EUR", PriceBase: 2026,
			Inflation: b.Value(0), Discount: b.Value(0), Hurdle: b.Value(0), Distribute: scenario.AtMaturity},
		Cohorts:  []scenario.Cohort{{Name: "a", Entry: start, Size: b.Value(100), TakeUp: b.Value(1)}},
		Metrics:  []scenario.Metric{{Name: "m", Per: scenario.PerYear, From: 1, To: 2, Effect: b.Value(0.5)}},
		Services: []scenario.Service{{Name: "s", UnitCost: b.Value(1000), Lines: scenario.ServiceLines("ag", b.Value(0.6), 0)}},
		Avoids:   []scenario.Avoid{{Metric: 0, Service: 0, Units: b.Value(2)}},
		Terms:    []scenario.Term{{Name: "t", Metric: 0, Payer: "pay", Basis: scenario.Outcomes, Price: b.Value(1000), Lag: 1}},
		Delivery: []scenario.CostItem{{Name: "d", Party: "provider", Basis: scenario.PerPeriod, Amount: b.Value(30000), From: 1, To: 2}},
		Fees:     []scenario.CostItem{{Name: "incentive", Party: "provider", Basis: scenario.ShareOfPayments, Amount: b.Value(0.1), Subordinated: true, OnceRepaid: true}},
		Tranches: []scenario.Tranche{
			{Name: "senior", Investor: "bank", Priority: 1, Commitment: b.Value(80000), CommitmentFee: b.Value(0.02), NoExcess: true},
			{Name: "junior", Investor: "foundation", Priority: 2, Commitment: b.Value(40000), Cap: b.Value(1.5)},
		},
	})
	require.NoError(t, err)
	run := func(s *scenario.Scenario) *Result {
		m, err := Compile(s)
		require.NoError(t, err)
		r, err := m.Run(s.Values())
		require.NoError(t, err)
		return r
	}
	a, c := run(loaded), run(built)
	assert.Equal(t, len(a.Cash), len(c.Cash))
	for i := range a.Cash {
		assert.True(t, a.Cash[i].Distributed.Equal(c.Cash[i].Distributed) && a.Cash[i].Held.Equal(c.Cash[i].Held) && a.Cash[i].Residual.Equal(c.Cash[i].Residual), "period %d", i+1)
	}
	for k := range a.Outputs.Tranches {
		x, y := a.Outputs.Tranches[k], c.Outputs.Tranches[k]
		assert.Equal(t, x.Received, y.Received)
		assert.Equal(t, x.CommittedIRR.Rate, y.CommittedIRR.Rate)
	}
	p, ok := built.Param("tranche.senior.commitment_fee")
	require.True(t, ok)
	assert.Equal(t, 0.02, built.At(p).Value)

	// The Builder refuses what the loader refuses.
	var b2 scenario.Builder
	_, err = b2.Build(scenario.Scenario{Settings: scenario.Settings{Start: start, Months: scenario.Year, Periods: 3, PriceBase: 2026,
		Distribute: scenario.AtPeriods, DistributeAt: []int{2, 2}}})
	require.ErrorIs(t, err, scenario.ErrOrder)
	assert.Contains(t, err.Error(), "Settings: distribute")
}
