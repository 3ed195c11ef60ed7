package uncertainty

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/sib-engine/sib/scenario"
)

// TestPassChanceNegBinHeavyTail: a negative binomial count of a small mean
// and a large dispersion (design.csv allows φ up to 1000) has a tail far
// beyond 40 standard deviations; the exact sum cut it there, and left out
// up to about 1e-4 of the probability (the Estonian c1 test at φ = 1000
// was 3.5e-8 low). The expected values are scipy's nbinom summed to a
// comparison tail of 1e-20 (testdata/reference/review-negbin/heavy_tail.py).
func TestPassChanceNegBinHeavyTail(t *testing.T) {
	pois := func(fixed, higher bool, base, ratio, phi float64) scenario.Design {
		return scenario.Design{Sampling: scenario.Poisson, Fixed: fixed, Higher: higher, Baseline: base, ComparisonRatio: ratio, Dispersion: phi}
	}
	for _, c := range []struct {
		name   string
		d      scenario.Design
		groups []Group
		thr, p float64
	}{
		{"cmp_small_mean", pois(false, false, 0.1, 1, 1000), []Group{{10, 0.05}}, 0.02, 0.00687853046288148},
		{"fixed_small_mean", pois(true, false, 0.1, 0, 1000), []Group{{10, 0.05}}, 0.02, 0.9965486347263638},
		{"cmp_higher", pois(false, true, 0.3, 1, 300), []Group{{20, 0.1}}, 0.05, 0.13359914301661813},
		{"estonia_c1", pois(false, false, 0.9675925926, 0.968609865, 1000), []Group{{102, 0.1178168078}}, 0.048379629630, 0.3052551970395147},
	} {
		got := PassChance(&c.d, c.d.Baseline, c.groups, func(e float64) bool { return e >= c.thr })
		assert.InDelta(t, c.p, got, 1e-9, c.name)
	}
}

// TestPassChanceNegBinNearPoisson: a dispersion just above 1 (a study's
// Pearson φ of 1.00001) makes the negative binomial's size r = μ/(φ−1)
// billions, and log P(k) = lgamma(k+r) − lgamma(r) − ... lost about 1e-5
// to the rounding of lgamma near 1e11 (and log(1 − 1/φ) its digits): the
// Estonian pooled test was 1.7e-6 off at φ = 1.0000001 and not between
// the Poisson value and φ = 1.00001's. The expected values are scipy's
// nbinom (testdata/reference/review-negbin/near_poisson.py); the sum of
// the pmf is 1.
func TestPassChanceNegBinNearPoisson(t *testing.T) {
	d := scenario.Design{Sampling: scenario.Poisson, Baseline: 0.9675925926, ComparisonRatio: 0.968609865}
	thr := 0.048379629630
	pooled := []Group{{102, 0.1178168078}, {111, 0.1178168078}, {119, 0.1178168078}, {119, 0.1178168078}}
	for _, c := range []struct {
		phi, pooled, c1 float64
	}{
		{1, 0.8609725315885042, 0.6940907631554728},
		{1.0000001, 0.8609725195845248, 0.694090754513204},
		{1.00001, 0.8609713288794816, 0.6940898968747684},
		{1.001, 0.8608523151899444, 0.694004192992451},
	} {
		d.Dispersion = c.phi
		pass := func(e float64) bool { return e >= thr }
		assert.InDelta(t, c.pooled, PassChance(&d, d.Baseline, pooled, pass), 1e-9, "pooled at φ = %v", c.phi)
		assert.InDelta(t, c.c1, PassChance(&d, d.Baseline, pooled[:1], pass), 1e-9, "c1 at φ = %v", c.phi)
		var s float64
		for _, p := range countPMF(5000, c.phi) {
			s += p
		}
		assert.InDelta(t, 1, s, 1e-10, "the pmf's sum at φ = %v", c.phi)
	}
}
