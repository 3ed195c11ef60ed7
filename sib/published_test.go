package sib

import (
	"math"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The published-deals tests write contract patterns as the deals that
// made them public wrote them (testdata/published/, one folder a deal),
// and expect the figures the parties published. The facts and their
// sources are in testdata/published/README.md, collected from public
// sources by someone who had not read the engine; each expected value
// below names its source and whether it is firm (a party to the deal, a
// government report) or secondary (press, case studies, GO Lab). Figures
// the sources do not give (a confidential price, a comparison group's
// level) are marked illustrative or derived in the folders' notes, and no
// test checks them against anything.

// publishedRun loads a published deal, sets parameters and runs the
// ledger.
func publishedRun(t *testing.T, deal string, set map[string]float64) *Result {
	t.Helper()
	s, m := loadDir(t, "../testdata/published/"+deal)
	p := s.Values()
	for name, v := range set {
		p[index(t, s, name)] = v
	}
	r, err := m.Run(p)
	require.NoError(t, err)
	return r
}

// paidBy sums the outcome payments by period.
func paidBy(r *Result) map[int]decimal.Decimal {
	out := map[int]decimal.Decimal{}
	for _, row := range r.Payments {
		if row.Paid.Sign() != 0 {
			out[row.Period] = out[row.Period].Add(row.Paid)
		}
	}
	return out
}

// guaranteed sums the guarantee's top-ups over the deal.
func guaranteed(r *Result) decimal.Decimal {
	var g decimal.Decimal
	for _, row := range r.Tranches {
		g = g.Add(row.Guarantee)
	}
	return g
}

// TestPublishedNYCABLE: the Rikers Island SIB (New York City, 2012). A
// $9.6m loan from Goldman Sachs, $7.2m of it guaranteed by Bloomberg
// Philanthropies; the city pays one amount on the reduction in jail bed
// days against the comparison group's (a deal total, relative to the
// baseline, at least 10% to pay).
func TestPublishedNYCABLE(t *testing.T) {
	const baseline = 60 // bed days a person: illustrative, the ratio is what the contract tests
	at := func(reduction float64) *Result {
		return publishedRun(t, "nyc-able", map[string]float64{"outcome.bed_days.effect": reduction * baseline})
	}
	m := func(x float64) decimal.Decimal { return decimal.NewFromFloat(x) }

	// "If the recidivism rate is reduced by 10 percent or more, the city
	// pays back the full $9.6m" (firm: NYC, via Reuters, 2 Aug 2012);
	// "breakeven (0% IRR)" at 10% (secondary: SVA case study).
	r := at(0.10)
	assert.True(t, r.Outputs.Payments == 9_600_000, "city pays %v at 10%%", r.Outputs.Payments)
	inv := r.Outputs.Investors
	assert.Equal(t, 9_600_000.0, inv.Drawn)
	assert.Equal(t, 9_600_000.0, inv.Received)
	assert.InDelta(t, 0, inv.IRR.Rate, 1e-12)
	assert.True(t, guaranteed(r).IsZero())

	// The city's maximum payment is $11.712m (secondary: GO Lab INDIGO,
	// POJ-0083); Goldman's maximum profit "$2.1 million" (firm: the city's
	// spokeswoman, via Reuters): 11.712 − 9.6 = 2.112.
	for _, red := range []float64{0.20, 0.25} {
		r = at(red)
		inv = r.Outputs.Investors
		assert.Equal(t, 11_712_000.0, r.Outputs.Payments, "at %v", red)
		assert.InDelta(t, 2.1e6, inv.Received-inv.Drawn, 0.05e6, "profit at %v", red)
	}
	// The IRR at 20% depends on when the loan was drawn and the city paid,
	// which the sources do not give; SVA's estimate "based on a 4-year loan"
	// is 5.1% (secondary). Ours, with draws over four years and one
	// payment a year after the last cohort's measurement, is logged only.
	t.Logf("NYC ABLE at 20%%: IRR %.2f%% a year (SVA's estimate: 5.1%%)", 100*inv.IRR.Rate)

	// Below 10% the city pays nothing and Goldman "could lose as much as
	// $2.4 million" (firm: the city, via Reuters): $9.6m less the $7.2m
	// guarantee (75% principal protection: SVA).
	for _, red := range []float64{0, 0.05, 0.099} {
		r = at(red)
		inv = r.Outputs.Investors
		assert.Equal(t, 0.0, r.Outputs.Payments, "at %v", red)
		assert.True(t, guaranteed(r).Equal(m(7_200_000)), "guarantee at %v: %v", red, guaranteed(r))
		assert.Equal(t, -2_400_000.0, inv.Received-inv.Drawn, "loss at %v", red)
	}
}

// TestPublishedPeterborough: the Peterborough SIB (2010). Payments on the
// fall in reconviction events against a matched comparison group: early
// for a cohort whose fall is at least 10%, or for all cohorts when their
// pooled fall is at least 7.5% (firm: Anders & Dorsett 2017, Ministry of
// Justice); the pooled figure is the cohorts' weighted mean (firm: same).
func TestPublishedPeterborough(t *testing.T) {
	// Cohort 1: 142 reconviction events a 100 prisoners against 155 in the
	// comparison group, an 8.4% fall: below 10%, so no early payment (firm:
	// Social Finance, 7 Aug 2014). Both cohorts: a 9% fall, above the 7.5%
	// target (firm: Social Finance via Barrow Cadbury Trust, 2017).
	r := publishedRun(t, "peterborough", nil)
	c1 := (155.0 - 142) / 155
	assert.InDelta(t, 0.084, c1, 0.0005)
	pooled := (0.13*1006 + 0.1491*1000) / (1.55 * (1006 + 1000))
	assert.InDelta(t, 0.09, pooled, 0.0005)
	paid := paidBy(r)
	// Cohort 1 is measured in year 2: nothing is paid in year 3; everything
	// is paid once, a year after cohort 2's measurement (year 4): "a single
	// payment representing their initial capital plus" a return (firm:
	// Barrow Cadbury Trust).
	require.Len(t, paid, 1, "payments by year: %v", paid)
	events := 0.13*1006 + 0.1491*1000
	assert.True(t, paid[5].Equal(decimal.NewFromFloat(15200*events).Round(2)), "year 5: %v", paid[5])
	// The investors' return, "just over 3% per annum" (firm), is how the
	// price of 15,200 an event was derived (the contract's is
	// confidential), so it is a consistency check, not a test.
	assert.InDelta(t, 0.03, r.Outputs.Investors.IRR.Rate, 0.005)

	// Had cohort 1 fallen by 10% (155 to 139.5 a 100), it would have been
	// paid early, a year after its measurement.
	r = publishedRun(t, "peterborough", map[string]float64{"outcome.reconvictions.c1.effect": 0.155})
	paid = paidBy(r)
	assert.True(t, paid[3].Equal(decimal.NewFromFloat(15200*0.155*1006).Round(2)), "early payment: %v", paid)
	assert.True(t, paid[5].Equal(decimal.NewFromFloat(15200*0.1491*1000).Round(2)), "cohort 2 on the pooled test: %v", paid)

	// The investors' return was "capped at a maximum of 13 per cent per
	// year over an eight-year period" (secondary: Civil Society, 2011): at
	// a 26% fall in both cohorts the outcome payments would give more, and
	// the cap holds the IRR at 13% (the rest goes to the residual party).
	r = publishedRun(t, "peterborough", map[string]float64{"outcome.reconvictions.c1.effect": 0.4, "outcome.reconvictions.c2.effect": 0.4})
	assert.InDelta(t, 0.13, r.Outputs.Investors.IRR.Rate, 1e-6)

	// A pooled fall under 7.5% pays nothing: cohort 2 at 0.08 gives
	// (130.78 + 80) / 3109.3 = 6.8%.
	r = publishedRun(t, "peterborough", map[string]float64{"outcome.reconvictions.c2.effect": 0.08})
	assert.Empty(t, paidBy(r))
	assert.Equal(t, 0.0, r.Outputs.Investors.Received)
	assert.False(t, math.IsNaN(r.Outputs.Investors.Drawn))
}

// TestPublishedMHEPEnfield: the Mental Health and Employment Partnership
// in Enfield, a Life Chances Fund project. The council leads and the
// central fund tops up each payment; each has its own maximum: the fund
// £260,689, the council £360,000, £620,689 in all (secondary: GO Lab
// INDIGO, POJ-0188; the fund's share of 42.0% is derived from them). The
// rate card and volumes are illustrative.
func TestPublishedMHEPEnfield(t *testing.T) {
	byPayer := func(r *Result) map[string]decimal.Decimal {
		out := map[string]decimal.Decimal{}
		for _, v := range r.State {
			out[v.Agency] = v.Payments
		}
		return out
	}
	d := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	// 135 job starts at 4,000: 540,000, of which the fund pays 42%.
	r := publishedRun(t, "mhep-enfield", nil)
	paid := byPayer(r)
	assert.True(t, paid["lcf"].Equal(d("226800")), "fund: %v", paid["lcf"])
	assert.True(t, paid["enfield"].Equal(d("313200")), "council: %v", paid["enfield"])
	// Twice the job starts: each payer stops at its own maximum, and the
	// deal at the published £620,689.
	r = publishedRun(t, "mhep-enfield", map[string]float64{"outcome.job_starts.effect": 0.6})
	paid = byPayer(r)
	assert.True(t, paid["lcf"].Equal(d("260689")), "fund: %v", paid["lcf"])
	assert.True(t, paid["enfield"].Equal(d("360000")), "council: %v", paid["enfield"])
	assert.Equal(t, 620_689.0, r.Outputs.Payments)
}
