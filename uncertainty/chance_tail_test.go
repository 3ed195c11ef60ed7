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
