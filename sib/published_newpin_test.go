package sib

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPublishedNewpin: the Newpin Social Benefit Bond (NSW, 2013), the
// coupon pattern (issue 14, item 4): a coupon each year from a band table
// on that year's restoration rate (55% 3%, 60% 7.5%, 65% 12%, 70% 15%:
// secondary, Eureka Report 20 May 2013 via E. Tomkinson; AFR 31 Aug
// 2014), at least 5% a year in the first three years (secondary: INDIGO
// POJ-0005 notes; InvestSMART 20 May 2013; AFR 2014). The folder
// (testdata/published/newpin) draws the A$7m in the issue year (period 1)
// and plays programme years 1-7 as periods 2-8; the rates after year 1,
// NSW's payment (40000 a restoration) and the cohorts are illustrative.
func TestPublishedNewpin(t *testing.T) {
	// Firm: year 1 (to 30 June 2014), a restoration rate of 60% paid a
	// 7.5% return (SVA, Newpin SBB Annual Investor Report, 30 June 2014,
	// Foreword). The rate is the effect 0.35 over the 25% counterfactual;
	// the coupon accrues on the A$7m outstanding all year:
	// 7000000 × 7.5% = 525000.00, paid from NSW's 1400000 for the year.
	r := publishedRun(t, "newpin", nil)
	ret, prin := trancheBy(r, "newpin")
	assert.True(t, d("525000").Equal(ret[2]), "year 1's coupon: %s, want 525000 (7.5%% of A$7m)", ret[2])
	assert.True(t, d("875000").Equal(prin[2]), "year 1's principal repaid: %s", prin[2])
	assert.Empty(t, r.Warnings)

	// Secondary: the 5% minimum in years 1-3, and none after. With
	// programme year 2 at a 45% rate (effect 0.20, under the lowest band)
	// the coupon is the minimum: 5% of the 6125000 outstanding after year
	// 1 = 306250.00 (NSW pays 100 × 0.20 × 40000 = 800000: the rest,
	// 493750, repays principal, 5631250 outstanding). Year 3 back at 60%:
	// 5631250 × 7.5% = 422343.75. Programme year 4 at 45%, after the
	// minimum's three years: no coupon, NSW's 800000 all repays principal.
	r = publishedRun(t, "newpin", map[string]float64{
		"outcome.restoration.y2.effect": 0.20,
		"outcome.restoration.y4.effect": 0.20,
	})
	ret, prin = trancheBy(r, "newpin")
	assert.True(t, d("306250").Equal(ret[3]), "year 2's coupon at the minimum: %s, want 306250", ret[3])
	assert.True(t, d("493750").Equal(prin[3]), "year 2's principal repaid: %s", prin[3])
	assert.True(t, d("422343.75").Equal(ret[4]), "year 3's coupon: %s, want 422343.75", ret[4])
	assert.True(t, ret[5].IsZero(), "year 4 has no minimum: %s", ret[5])
	require.True(t, d("800000").Equal(prin[5]), "year 4's payment repays principal: %s", prin[5])

	// Without the minimum (the floor parameter at 0) year 2 pays nothing.
	r = publishedRun(t, "newpin", map[string]float64{
		"outcome.restoration.y2.effect": 0.20,
		"coupon.newpin.2.floor":         0,
	})
	ret, _ = trancheBy(r, "newpin")
	assert.True(t, ret[3].IsZero(), "no minimum, no coupon below 55%%: %s", ret[3])
}
