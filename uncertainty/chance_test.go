package uncertainty

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sib-engine/sib/scenario"
)

// passCase is a row of testdata/reference/noise/pass.csv.
type passCase struct {
	name   string
	d      scenario.Design
	base   float64
	groups []Group
	thr, p float64
}

// readPassCases reads the reference pass probabilities computed by
// testdata/reference/noise/gen.py (scipy 1.10: binom, poisson, nbinom,
// norm; boundaries in exact fractions).
func readPassCases(t *testing.T) []passCase {
	t.Helper()
	f, err := os.Open("../testdata/reference/noise/pass.csv")
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	num := func(s string) float64 {
		x, err := strconv.ParseFloat(s, 64)
		require.NoError(t, err, s)
		return x
	}
	var out []passCase
	for _, r := range rows[1:] {
		c := passCase{name: r[0], base: num(r[4]), thr: num(r[8]), p: num(r[9])}
		c.d = scenario.Design{Fixed: r[2] == "true", Higher: r[3] == "true", Baseline: c.base, ComparisonRatio: num(r[5]), SD: num(r[6]), Dispersion: num(r[10])}
		c.d.Sampling = map[string]scenario.Sampling{"binomial": scenario.Binomial, "poisson": scenario.Poisson, "normal": scenario.Normal}[r[1]]
		for g := range strings.SplitSeq(r[7], ";") {
			n, e, _ := strings.Cut(g, ":")
			c.groups = append(c.groups, Group{N: num(n), Effect: num(e)})
		}
		out = append(out, c)
	}
	require.NotEmpty(t, out)
	return out
}

// TestPassChanceExact: PassChance agrees with scipy's exact sums to
// 1e-9. The first case by hand: a fixed baseline of 25%, 20 treated
// participants, a threshold of 0.05 and a true effect of 0.05: the
// treated count X ~ Bin(20, 0.20) passes when 0.25 − X/20 ≥ 0.05, X ≤ 4:
// P = Σ_{k≤4} C(20,k) 0.2^k 0.8^(20−k) = 0.01153 + 0.05765 + 0.13691 +
// 0.20536 + 0.21820 = 0.62965 (R: pbinom(4, 20, 0.2) = 0.6296483).
func TestPassChanceExact(t *testing.T) {
	for _, c := range readPassCases(t) {
		got := PassChance(&c.d, c.base, c.groups, func(e float64) bool { return e >= c.thr })
		assert.InDelta(t, c.p, got, 1e-9, c.name)
	}
	assert.InDelta(t, 0.6296483, readPassCases(t)[0].p, 1e-7, "by hand")
}

// TestMeasurementMatchesExact: the measured effects Measurement draws
// pass each reference case's threshold as often as scipy says, within
// 4 Monte Carlo standard errors; a cohort's test reads the cohort's
// effect, several groups the pooled one.
func TestMeasurementMatchesExact(t *testing.T) {
	const draws = 40000
	for _, c := range readPassCases(t) {
		ms := &Measurement{seed: 7, C: len(c.groups), metrics: []measuredMetric{{mi: 0, d: c.d}}}
		st := ms.NewState()
		fn := st.Func()
		n := make([]float64, len(c.groups))
		eff := make([]float64, len(c.groups))
		pooled := make([]float64, 1)
		pass := 0
		for i := range draws {
			for k, g := range c.groups {
				n[k], eff[k] = g.N, g.Effect
			}
			st.Seek(uint64(i))
			fn(nil, n, eff, pooled)
			e := eff[0]
			if len(c.groups) > 1 {
				e = pooled[0]
			}
			if e >= c.thr {
				pass++
			}
		}
		got := float64(pass) / draws
		se := math.Sqrt(c.p * (1 - c.p) / draws)
		assert.InDelta(t, c.p, got, 4*se, "%s: %d of %d", c.name, pass, draws)
	}
}

// TestDrawsExact: binomialDraw, poissonDraw and negbinDraw give the exact
// distributions: their frequencies over 200000 draws are within 5 SE of
// the pmf at every value with a probability above 1e-3, and their means
// within 5 SE of np and μ.
func TestDrawsExact(t *testing.T) {
	ms := &Measurement{}
	st := ms.NewState()
	for _, tc := range []struct {
		n  int64
		p  float64
		mu float64
	}{{20, 0.2, 0}, {100, 0.44, 0}, {3, 0.9, 0}, {500, 0.01, 0}, {0, 0, 0.3}, {0, 0, 98.7}, {0, 0, 7}} {
		const N = 200000
		cnt := map[int64]int{}
		st.src.Seed(11, uint64(tc.n))
		for range N {
			var k int64
			if tc.mu > 0 {
				k = poissonDraw(st.rng, tc.mu)
			} else {
				k = binomialDraw(st.rng, tc.n, tc.p)
			}
			cnt[k]++
		}
		for k := int64(0); k < 400; k++ {
			var pk float64
			if tc.mu > 0 {
				pk = math.Exp(logPois(k, tc.mu))
			} else if k <= tc.n {
				pk = binomPMF(k, tc.n, tc.p)
			}
			if pk < 1e-3 {
				continue
			}
			got := float64(cnt[k]) / N
			assert.InDelta(t, pk, got, 5*math.Sqrt(pk*(1-pk)/N), "n %d p %g mu %g k %d", tc.n, tc.p, tc.mu, k)
		}
	}
	for _, tc := range []struct{ mu, phi float64 }{{0.3, 1.2}, {7, 1.54}, {98.7, 2}, {5, 101}} {
		const N = 200000
		cnt := map[int64]int{}
		st.src.Seed(12, uint64(tc.mu))
		for range N {
			cnt[negbinDraw(st.rng, tc.mu, tc.phi)]++
		}
		r, lq, lp := nbParams(tc.mu, tc.phi)
		for k := int64(0); k < 400; k++ {
			pk := math.Exp(logNegBin(k, r, lq, lp))
			if pk < 1e-3 {
				continue
			}
			got := float64(cnt[k]) / N
			assert.InDelta(t, pk, got, 5*math.Sqrt(pk*(1-pk)/N), "mu %g phi %g k %d", tc.mu, tc.phi, k)
		}
	}
	assert.Equal(t, int64(0), binomialDraw(st.rng, 10, 0))
	assert.Equal(t, int64(10), binomialDraw(st.rng, 10, 1))
	assert.Equal(t, int64(0), poissonDraw(st.rng, 0))
}

// TestNegBinPMF: logNegBin is scipy's nbinom pmf (gen.py's negbin.csv:
// mean μ and dispersion φ as size μ/(φ−1), probability 1/φ) to 1e-10
// relative, and countPMF with φ > 1 sums to 1 with mean μ and variance
// φμ. By hand: μ = 0.3, φ = 1.2 gives size 1.5, q = 1/1.2, P(0) = q^1.5
// = 0.76073.
func TestNegBinPMF(t *testing.T) {
	f, err := os.Open("../testdata/reference/noise/negbin.csv")
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Greater(t, len(rows), 10)
	for _, r := range rows[1:] {
		var x [4]float64
		for i := range x {
			x[i], err = strconv.ParseFloat(r[i], 64)
			require.NoError(t, err)
		}
		size, lq, lp := nbParams(x[0], x[1])
		got := math.Exp(logNegBin(int64(x[2]), size, lq, lp))
		assert.InEpsilon(t, x[3], got, 1e-10, "%v", r) // the Lgammas of counts in the thousands cancel to a few 1e-12
	}
	assert.InDelta(t, math.Pow(1/1.2, 1.5), 0.76073, 1e-5)
	for _, c := range []struct{ mu, phi float64 }{{0.3, 1.2}, {410, 1.54}, {2000, 30}} {
		var sum, mean, sq float64
		for k, p := range countPMF(c.mu, c.phi) {
			sum += p
			mean += float64(k) * p
			sq += float64(k) * float64(k) * p
		}
		assert.InDelta(t, 1, sum, 1e-11)
		assert.InEpsilon(t, c.mu, mean, 1e-10)
		assert.InEpsilon(t, c.phi*c.mu, sq-mean*mean, 1e-9)
	}
}
