package sib

import (
	"testing"

	"github.com/sib-engine/sib/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// greenBookDiscount is the HM Treasury Green Book's declining schedule of
// the social time preference rate (Annex A6, Table 8): 3.5% for years
// 0-30, 3.0% for 31-75, 2.5% for 76-125, 2.0% for 126-200, 1.5% for
// 201-300 and 1.0% from 301. Year 0 is the present (undiscounted) and the
// 3.5% applies "to all costs and benefits up to and including the 30th
// year": year 30's factor is 1.035^−30, year 31's 1.035^−30 × 1.03^−1.
// Under the engine's convention a band runs from its from_year, a time in
// years from start, to the next band's (docs/scenario.md, section 4), so
// the Green Book's "years 31-75" is the band from_year 30: its rate applies
// to the year-long step from time 30 to 31, the Green Book's year 31.
const greenBookDiscount = "from_year,rate\n0,0.035\n30,0.03\n75,0.025\n125,0.02\n200,0.015\n300,0.01\n"

// TestGreenBookBoundary checks the discount factors at the Green Book's
// band boundaries against values worked out by hand:
//
//	year 29: 1.035^−29                        = 0.36874815497338
//	year 30: 1.035^−30                        = 0.35627841060230
//	year 31: 1.035^−30 × 1.03^−1              = 0.34590136951680
//	year 75: 1.035^−30 × 1.03^−45             = 0.09421377257669
//	year 76: 1.035^−30 × 1.03^−45 × 1.025^−1  = 0.09191587568458
//
// and a saving earned in years 30 and 31 (100 people × 0.5 a year × 2
// units × 1000 = 100000 gross a year, no inflation) is worth
// 100000 × (0.35627841060230 + 0.34590136951680) = 70217.978 in PV,
// 70217.98 to the cent.
// Quarterly periods straddle the boundary: the period ending at 30.25
// years is discounted 30 years at 3.5% and a quarter at 3.0%,
// 1.035^−30 × 1.03^−0.25 = 0.35365532368198.
// (The 14-digit values: Python 3 floats, 1.035**-30 and so on; tolerance
// 1e-12.)
func TestGreenBookBoundary(t *testing.T) {
	yearly := map[string]string{
		scenario.ScenarioFile: "setting,value\nname,green book\nstart,2026-01-01\nperiod,year\nperiods,80\ncurrency,EUR\nprice_base,2026\ninflation,0\nhurdle_rate,0\n",
		scenario.DiscountFile: greenBookDiscount,
		scenario.MetricsFile:  "metric,per,from,to,effect\nm,year,30,31,0.5\n",
	}
	s, m := load(t, handFiles, yearly)
	r, err := m.Run(s.Values())
	require.NoError(t, err)
	for _, c := range []struct {
		period int
		want   float64
	}{
		{29, 0.36874815497338},
		{30, 0.35627841060230},
		{31, 0.34590136951680},
		{75, 0.09421377257669},
		{76, 0.09191587568458},
	} {
		assert.InDelta(t, c.want, r.Periods[c.period-1].Discount, 1e-12, "period %d", c.period)
	}
	assert.InDelta(t, 70217.98, r.Outputs.GrossPV, 1e-6) // the ledger's PV, to the cent

	quarterly := map[string]string{
		scenario.ScenarioFile: "setting,value\nname,green book\nstart,2026-01-01\nperiod,quarter\nperiods,124\ncurrency,EUR\nprice_base,2026\ninflation,0\nhurdle_rate,0\n",
		scenario.DiscountFile: greenBookDiscount,
	}
	s, m = load(t, handFiles, quarterly)
	r, err = m.Run(s.Values())
	require.NoError(t, err)
	assert.InDelta(t, 0.35627841060230, r.Periods[119].Discount, 1e-12, "period 120 ends at 30 years")
	assert.InDelta(t, 0.35365532368198, r.Periods[120].Discount, 1e-12, "period 121 ends at 30.25 years")
}
