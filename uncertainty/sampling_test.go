package uncertainty

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sib-engine/sib/internal/stats"
	"github.com/sib-engine/sib/scenario"
)

// drawAll draws n parameter vectors from sp through the sampler, as
// Simulate does, and returns them by parameter: v[k][i] is sp.Params[k]
// in draw i.
func drawAll(t testing.TB, sp *Spec, base []float64, seed uint64, n int) [][]float64 {
	t.Helper()
	sm, err := newSampler(sp, base, seed)
	require.NoError(t, err)
	st := sm.newState()
	p := make([]float64, len(base))
	v := make([][]float64, len(sp.Params))
	for k := range v {
		v[k] = make([]float64, n)
	}
	for i := range n {
		sm.draw(uint64(i), p, st)
		for k, u := range sp.Params {
			v[k][i] = u.ID.In(p)
		}
	}
	return v
}

// Analytic moments, written out here rather than taken from Dist, which
// they check too.

// betaMoments: a beta(α, β) on [lo, hi] has the mean lo + w·α/(α+β) and
// the variance w²·αβ/((α+β)²(α+β+1)), w = hi − lo.
func betaMoments(a, b, lo, hi float64) (mean, variance float64) {
	w, s := hi-lo, a+b
	return lo + w*a/s, w * w * a * b / (s * s * (s + 1))
}

// pertMoments: PERT(min, mode, max) is the beta with α = 1 + 4(mode−min)/w
// and β = 1 + 4(max−mode)/w on [min, max], so its mean is
// (min + 4·mode + max)/6.
func pertMoments(lo, mode, hi float64) (mean, variance float64) {
	w := hi - lo
	return betaMoments(1+4*(mode-lo)/w, 1+4*(hi-mode)/w, lo, hi)
}

// triangularMoments: the mean (a+b+c)/3 and the variance
// (a²+b²+c²−ab−ac−bc)/18.
func triangularMoments(a, c, b float64) (mean, variance float64) {
	return (a + b + c) / 3, (a*a + b*b + c*c - a*b - a*c - b*c) / 18
}

// truncNormalMoments: for the normal(μ, σ) cut to [lo, hi], with
// α = (lo−μ)/σ, β = (hi−μ)/σ and Z = Φ(β) − Φ(α), the mean is
// μ + σ(φ(α) − φ(β))/Z and the variance
// σ²[1 + (αφ(α) − βφ(β))/Z − ((φ(α) − φ(β))/Z)²].
func truncNormalMoments(mu, sigma, lo, hi float64) (mean, variance float64) {
	pdf := func(z float64) float64 { return math.Exp(-z*z/2) / math.Sqrt(2*math.Pi) }
	cdf := func(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }
	a, b := (lo-mu)/sigma, (hi-mu)/sigma
	z := cdf(b) - cdf(a)
	d := (pdf(a) - pdf(b)) / z
	return mu + sigma*d, sigma * sigma * (1 + (a*pdf(a)-b*pdf(b))/z - d*d)
}

// momentRows has one parameter for each family (two or three for the
// families whose shape changes how they are drawn: beta and gamma are
// tabulated, a U-shaped beta and a gamma of shape ½ have power-law
// tails), with its analytic mean and variance. Each parameter's allowed
// range holds its distribution's support.
func momentRows() []struct {
	row            string
	mean, variance float64
} {
	type row = struct {
		row            string
		mean, variance float64
	}
	var rows []row
	add := func(r string, mean, variance float64) { rows = append(rows, row{r, mean, variance}) }
	add("setting.discount_rate,fixed,0.04", 0.04, 0)
	add("avoid.reconvictions.probation_month.units,uniform,2,4", 3, 4.0/12) // (b−a)/2, (b−a)²/12
	m, v := triangularMoments(300, 353.74, 420)
	add("cost.custody_day.unit_cost,triangular,300,353.74,420", m, v)
	m, v = pertMoments(220, 250, 300)
	add("delivery.mentoring.amount,pert,220,250,300", m, v)
	m, v = pertMoments(15000, 15000, 30000)
	add("delivery.programme_team.amount,pert,15000,15000,30000", m, v)
	add("outcome.reconvictions.effect,normal,0.1029,0.0272", 0.1029, 0.0272*0.0272)
	// Cut at half an sd below the mean and 2.5 above: the truncation moves
	// the mean by 0.48 sd.
	m, v = truncNormalMoments(0.01, 0.02, 0, 0.06)
	add("setting.inflation,truncnormal,0.01,0.02,0,0.06", m, v)
	add("cost.court_case.unit_cost,lognormal,3000,1500", 3000, 1500*1500) // mean and sd of the value itself
	m, v = betaMoments(17, 3, 0, 1)
	add("cohort.c1.take_up,beta,17,3", m, v)
	m, v = betaMoments(0.5, 0.5, 0, 1)
	add("cohort.c2.take_up,beta,0.5,0.5", m, v)
	m, v = betaMoments(2, 5, 0.02, 0.1)
	add("fee.success_fee.amount,beta,2,5,0.02,0.1", m, v)
	add("cost.police_case.unit_cost,gamma,25,51.39", 25*51.39, 25*51.39*51.39) // kθ, kθ²
	add("cost.prosecution_case.unit_cost,gamma,0.5,2000", 0.5*2000, 0.5*2000*2000)
	return rows
}

// momentSpec reads the spec of momentRows.
func momentSpec(t testing.TB, s *scenario.Scenario) *Spec {
	t.Helper()
	var rows []string
	for _, r := range momentRows() {
		rows = append(rows, r.row)
	}
	sp, err := read(s, specText(rows...), nil)
	require.NoError(t, err)
	return sp
}

// sampleMoments returns the mean, the variance (divisor n − 1) and the
// fourth central moment (divisor n) of x.
func sampleMoments(x []float64) (mean, variance, m4 float64) {
	n := float64(len(x))
	for _, v := range x {
		mean += v
	}
	mean /= n
	var m2 float64
	for _, v := range x {
		d := v - mean
		m2 += d * d
		m4 += d * d * d * d
	}
	return mean, m2 / (n - 1), m4 / n
}

// TestSamplerMoments draws 200,000 times through the sampler (tabulated
// inverses included) and checks each parameter's sample mean and variance
// against the analytic values, within 4 Monte Carlo standard errors:
//
//	s.e.(mean)     = σ/√n, σ² the analytic variance;
//	s.e.(variance) = √((m₄ − s⁴)/n), m₄ the sample fourth central moment
//	                 and s² the sample variance (the large-n variance of s²).
//
// The analytic values are checked against Dist.Mean and Dist.Variance to
// 1e-9 relative, and every draw against the support.
func TestSamplerMoments(t *testing.T) {
	s := estonia(t)
	sp := momentSpec(t, s)
	rows := momentRows()
	const n = 200_000
	v := drawAll(t, sp, s.Values(), 20260101, n)
	t.Logf("%-45s %14s %14s %6s %14s %14s %6s", "distribution", "mean", "sample", "z", "variance", "sample", "z")
	for k, u := range sp.Params {
		want := rows[k]
		t.Run(u.Dist.String(), func(t *testing.T) {
			assert.InDelta(t, want.mean, u.Dist.Mean(), 1e-9*math.Abs(want.mean), "Dist.Mean")
			assert.InDelta(t, want.variance, u.Dist.Variance(), 1e-9*want.variance, "Dist.Variance")
			lo, hi := u.Dist.Support()
			for i, x := range v[k] {
				if !(x >= lo && x <= hi) {
					t.Fatalf("draw %d: %g outside [%g, %g]", i, x, lo, hi)
				}
			}
			if !u.Varies() {
				for i, x := range v[k] {
					if x != want.mean {
						t.Fatalf("draw %d: %v", i, x)
					}
				}
				return
			}
			mean, variance, m4 := sampleMoments(v[k])
			seMean := math.Sqrt(want.variance / n)
			seVar := math.Sqrt((m4 - variance*variance) / n)
			zMean, zVar := (mean-want.mean)/seMean, (variance-want.variance)/seVar
			t.Logf("%-45s %14.6g %14.6g %6.2f %14.6g %14.6g %6.2f", u.Dist, want.mean, mean, zMean, want.variance, variance, zVar)
			assert.Less(t, math.Abs(zMean), 4.0, "sample mean %g, analytic %g, s.e. %g", mean, want.mean, seMean)
			assert.Less(t, math.Abs(zVar), 4.0, "sample variance %g, analytic %g, s.e. %g", variance, want.variance, seVar)
		})
	}
}

// TestSamplerIndependence: parameters without correlations are drawn
// independently of each other and of the draws before them (draw i has its
// own stream PCG(seed, i), and consecutive streams must not echo each
// other). Under independence Spearman's ρ of n pairs has the variance
// 1/(n−1); with 12 parameters there are 66 pairs and 12 lags, so the bound
// is 4.5 standard errors (each test then fails by chance with probability
// 7e−6, all 78 together with 5e−4).
func TestSamplerIndependence(t *testing.T) {
	s := estonia(t)
	sp := momentSpec(t, s)
	const n = 100_000
	v := drawAll(t, sp, s.Values(), 99, n)
	bound := 4.5 / math.Sqrt(n-1)
	r := make([][]float64, len(sp.Params))
	for k := range r {
		r[k] = ranks(v[k])
	}
	var worst float64
	for a := range sp.Params {
		if !sp.Params[a].Varies() {
			continue
		}
		// The ranks of consecutive draws (ranks among all n: a sample of n−1
		// pairs whose Spearman's ρ this differs from by O(1/n)).
		rho := pearson(r[a][:n-1], r[a][1:])
		worst = max(worst, math.Abs(rho))
		assert.Less(t, math.Abs(rho), bound, "%s: draws i and i+1 correlate at %.4f", sp.Params[a].Name, rho)
		for b := a + 1; b < len(sp.Params); b++ {
			if !sp.Params[b].Varies() {
				continue
			}
			rho := pearson(r[a], r[b])
			worst = max(worst, math.Abs(rho))
			assert.Less(t, math.Abs(rho), bound, "%s and %s correlate at %.4f", sp.Params[a].Name, sp.Params[b].Name, rho)
		}
	}
	t.Logf("largest |ρ| %.4f, bound %.4f", worst, bound)
}

// ranks returns the 1-based ranks of x, ties given their average rank.
func ranks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		switch {
		case x[a] < x[b]:
			return -1
		case x[a] > x[b]:
			return 1
		}
		return 0
	})
	r := make([]float64, len(x))
	for i := 0; i < len(idx); {
		j := i + 1
		for j < len(idx) && x[idx[j]] == x[idx[i]] {
			j++
		}
		avg := float64(i+j+1) / 2 // the ranks i+1 … j
		for _, k := range idx[i:j] {
			r[k] = avg
		}
		i = j
	}
	return r
}

// pearson returns the correlation of x and y (two passes).
func pearson(x, y []float64) float64 {
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= n
	my /= n
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	return sxy / math.Sqrt(sxx*syy)
}

// spearman is Spearman's rank correlation: Pearson's correlation of the
// ranks, ties at their average rank (as scipy.stats.spearmanr). By hand:
// x = 1, 2, 3, 4, 5 and y = 5, 6, 7, 8, 7 have the ranks 1 … 5 and
// 1, 2, 3.5, 5, 3.5; the deviations from the mean rank 3 are −2, −1, 0, 1,
// 2 and −2, −1, 0.5, 2, 0.5, so ρ = 8/√(10·9.5) = 0.8207826816681233.
func spearman(x, y []float64) float64 { return pearson(ranks(x), ranks(y)) }

// TestSpearman checks spearman against scipy.stats.spearmanr on the cases
// of testdata/reference/uncertainty (gen.py), within 1e-14.
func TestSpearman(t *testing.T) {
	assert.InDelta(t, 8/math.Sqrt(95), spearman([]float64{1, 2, 3, 4, 5}, []float64{5, 6, 7, 8, 7}), 1e-15)
	assert.Equal(t, []float64{3, 1.5, 4, 1.5}, ranks([]float64{2, 1, 7, 1}))

	f, err := os.Open("../testdata/reference/uncertainty/spearman.csv")
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"case", "x", "y", "rho"}, recs[0])
	require.Len(t, recs, 9)
	floats := func(s string) []float64 {
		var v []float64
		for f := range strings.FieldsSeq(s) {
			x, err := strconv.ParseFloat(f, 64)
			require.NoError(t, err)
			v = append(v, x)
		}
		return v
	}
	for _, r := range recs[1:] {
		want, err := strconv.ParseFloat(r[3], 64)
		require.NoError(t, err)
		assert.InDelta(t, want, spearman(floats(r[1]), floats(r[2])), 1e-14, r[0])
	}
}

// TestSamplerRankCorrelation: correlated draws through the Gaussian copula
// reproduce the requested rank correlations between different marginals
// (beta, gamma, normal), within 0.01 on 100,000 draws. The Monte Carlo
// standard error of Spearman's ρ is about (1−ρ²)/√n: 0.0020 at ρ = 0.6,
// 0.0027 at −0.4, 0.0029 at 0.3, 0.0032 at 0, so 0.01 is at least 3.1 of
// them. Pairs with no correlation (a parameter outside the copula, and one
// inside it correlated at 0) must be uncorrelated, within 4/√(n−1). The
// marginals must survive the copula: means within 4 s.e.
func TestSamplerRankCorrelation(t *testing.T) {
	s := estonia(t)
	sp, err := read(s, specText(
		"cohort.c1.take_up,beta,17,3",                           // 0
		"cost.police_case.unit_cost,gamma,25,51.39",             // 1
		"outcome.reconvictions.effect,normal,0.1029,0.0272",     // 2
		"avoid.reconvictions.probation_month.units,uniform,2,4", // 3: no correlation
		"delivery.mentoring.amount,pert,220,250,300",            // 4: in the copula at 0
	), new(corrText(
		"cohort.c1.take_up,cost.police_case.unit_cost,0.6",
		"outcome.reconvictions.effect,cohort.c1.take_up,-0.4",
		"cost.police_case.unit_cost,outcome.reconvictions.effect,0.3",
		"delivery.mentoring.amount,cohort.c1.take_up,0",
	)))
	require.NoError(t, err)
	const n = 100_000
	v := drawAll(t, sp, s.Values(), 1, n)
	want := map[[2]int]float64{{0, 1}: 0.6, {0, 2}: -0.4, {1, 2}: 0.3}
	for a := range sp.Params {
		for b := a + 1; b < len(sp.Params); b++ {
			got := spearman(v[a], v[b])
			rho, ok := want[[2]int{a, b}]
			tol := 0.01
			if !ok {
				tol = 4 / math.Sqrt(n-1)
			}
			t.Logf("%-45s %-45s requested %5.2f drawn %8.4f", sp.Params[a].Dist, sp.Params[b].Dist, rho, got)
			assert.InDelta(t, rho, got, tol, "%s and %s", sp.Params[a].Name, sp.Params[b].Name)
		}
	}
	for k, u := range sp.Params {
		mean, _, _ := sampleMoments(v[k])
		assert.InDelta(t, u.Dist.Mean(), mean, 4*math.Sqrt(u.Dist.Variance()/n), u.Name)
	}
}

// TestSamplerPerfectCorrelation: rank correlations of ±1 (a singular
// matrix) make the ranks equal or reversed, and two parameters with the
// same distribution and a correlation of 1 draw the same values.
func TestSamplerPerfectCorrelation(t *testing.T) {
	s := estonia(t)
	sp, err := read(s, specText(
		"cohort.c1.take_up,beta,17,3",
		"cost.police_case.unit_cost,gamma,25,51.39",
		"outcome.reconvictions.effect,normal,0.1029,0.0272",
		"cohort.c2.take_up,beta,17,3",
	), new(corrText(
		"cohort.c1.take_up,cost.police_case.unit_cost,1",
		"cohort.c1.take_up,outcome.reconvictions.effect,-1",
		"cost.police_case.unit_cost,outcome.reconvictions.effect,-1",
		"cohort.c1.take_up,cohort.c2.take_up,1",
		"cohort.c2.take_up,cost.police_case.unit_cost,1",
		"cohort.c2.take_up,outcome.reconvictions.effect,-1",
	)))
	require.NoError(t, err)
	const n = 20_000
	v := drawAll(t, sp, s.Values(), 3, n)
	// The normal-scale correlation 2·sin(π/6) is 1 − 1.1e−16, not 1: values
	// may differ in their last bits and a pair of draws closer than that
	// may swap ranks, hence the tolerances.
	assert.InDelta(t, 1, spearman(v[0], v[1]), 1e-6)
	assert.InDelta(t, -1, spearman(v[0], v[2]), 1e-6)
	assert.InDelta(t, 1, spearman(v[0], v[3]), 1e-6)
	// The factor L = V·√Λ turns the rounding in the zero eigenvalues
	// (about 1e−16) into normal scores that differ by about 1e−8: equal
	// distributions give values equal to about 1e−8 relative, not bit for
	// bit.
	var worst float64
	for i := range n {
		worst = max(worst, math.Abs(v[0][i]-v[3][i])/v[0][i])
	}
	t.Logf("largest relative difference %.3g", worst)
	assert.Less(t, worst, 1e-7)
}

// TestSamplerStreams: draw i depends only on (seed, i), not on the draws a
// state made before; parameters outside the spec, and fixed ones, keep
// their base values; the base is not written; a draw does not allocate.
func TestSamplerStreams(t *testing.T) {
	s, _, sp := loadEstonia(t)
	base := s.Values()
	keep := slices.Clone(base)
	sm, err := newSampler(sp, base, 7)
	require.NoError(t, err)
	st := sm.newState()
	const n = 300
	fwd := make([][]float64, n)
	for i := range n {
		fwd[i] = make([]float64, len(base))
		sm.draw(uint64(i), fwd[i], st)
	}
	// Another sampler, another state, backwards, with other draws between.
	sm2, err := newSampler(sp, base, 7)
	require.NoError(t, err)
	st2 := sm2.newState()
	p := make([]float64, len(base))
	for i := n - 1; i >= 0; i-- {
		sm2.draw(uint64(10_000+i), p, st2)
		sm2.draw(uint64(i), p, st2)
		require.Equal(t, bits(fwd[i]), bits(p), "draw %d", i)
	}
	assert.Equal(t, keep, base, "the base was written")

	inSpec := map[int]bool{}
	for _, u := range sp.Params {
		inSpec[u.ID.Index()] = true
		if !u.Varies() {
			// The example's fixed values are its base values.
			require.Equal(t, u.ID.In(base), u.Dist.Mean(), u.Name)
			for i := range n {
				require.Equal(t, u.ID.In(base), u.ID.In(fwd[i]), "%s in draw %d", u.Name, i)
			}
		}
	}
	for j := range base {
		if !inSpec[j] {
			for i := range n {
				require.Equal(t, base[j], fwd[i][j], "%s in draw %d", s.Params[j].Name, i)
			}
		}
	}
	// Every varying parameter changes from draw to draw and with the seed.
	other, err := newSampler(sp, base, 8)
	require.NoError(t, err)
	other.draw(0, p, other.newState())
	for _, u := range sp.Params {
		if u.Varies() {
			assert.NotEqual(t, u.ID.In(fwd[0]), u.ID.In(fwd[1]), u.Name)
			assert.NotEqual(t, u.ID.In(fwd[0]), u.ID.In(p), "%s: seeds 7 and 8", u.Name)
		}
	}
	i := uint64(0)
	allocs := testing.AllocsPerRun(1000, func() {
		sm.draw(i, p, st)
		i++
	})
	assert.Zero(t, allocs, "allocations per draw")
}

// bits returns the bit patterns of x, so that comparisons tell −0 from 0
// and treat NaN as equal to itself.
func bits(x []float64) []uint64 {
	b := make([]uint64, len(x))
	for i, v := range x {
		b[i] = math.Float64bits(v)
	}
	return b
}

// simulate runs a Monte Carlo of the Estonian example with every output.
func simulate(t *testing.T, opt SimOptions) (*Simulation, error) {
	t.Helper()
	s, m, sp := loadEstonia(t)
	return Simulate(context.Background(), m, s.Values(), sp, Outputs(s), opt)
}

// simDraws is not a multiple of chunk: the last chunk is short.
const simDraws = 11*chunk + 17

// TestSimulateWorkers: the results are bit for bit the same for 1, 2 and 7
// workers and the default, for a given seed, and differ with the seed.
func TestSimulateWorkers(t *testing.T) {
	ref, err := simulate(t, SimOptions{Draws: simDraws, Seed: 42, Workers: 1})
	require.NoError(t, err)
	assert.Equal(t, simDraws, ref.Draws)
	assert.Equal(t, uint64(42), ref.Seed)
	require.Len(t, ref.Values, len(ref.Outputs))
	require.Len(t, ref.Summaries, len(ref.Outputs))
	for _, w := range []int{2, 7, 0} {
		t.Run(fmt.Sprintf("workers=%d", w), func(t *testing.T) {
			sim, err := simulate(t, SimOptions{Draws: simDraws, Seed: 42, Workers: w})
			require.NoError(t, err)
			for k := range ref.Values {
				require.Equal(t, bits(ref.Values[k]), bits(sim.Values[k]), ref.Outputs[k].Name)
				assert.Equal(t, summaryBits(ref.Summaries[k]), summaryBits(sim.Summaries[k]), ref.Outputs[k].Name)
			}
			assert.Equal(t, ref.Chances, sim.Chances)
		})
	}
	other, err := simulate(t, SimOptions{Draws: simDraws, Seed: 43, Workers: 2})
	require.NoError(t, err)
	k := slices.IndexFunc(ref.Outputs, func(o Output) bool { return o.Name == "state.net" })
	require.GreaterOrEqual(t, k, 0)
	same := 0
	for i := range simDraws {
		if ref.Values[k][i] == other.Values[k][i] {
			same++
		}
	}
	assert.Zero(t, same, "draws of state.net equal under seeds 42 and 43")
	assert.NotEqual(t, ref.Summaries[k].Mean, other.Summaries[k].Mean)

	// The summaries and chances are those of the values.
	for k, out := range ref.Outputs {
		assert.Equal(t, summaryBits(summarise(out, ref.Values[k])), summaryBits(ref.Summaries[k]), out.Name)
	}
	require.Len(t, ref.Chances, 4)
	for _, c := range ref.Chances {
		assert.Equal(t, float64(c.Count)/simDraws, c.P, c.Event)
		assert.InDelta(t, math.Sqrt(c.P*(1-c.P)/simDraws), c.SE, 1e-15, c.Event)
	}
	assert.Equal(t, []string{EventLoss, EventPayment, EventSaves, EventSavesGross},
		[]string{ref.Chances[0].Event, ref.Chances[1].Event, ref.Chances[2].Event, ref.Chances[3].Event})
	saves := 0
	for _, x := range ref.Values[k] {
		if x > 0 {
			saves++
		}
	}
	assert.Equal(t, saves, ref.Chances[2].Count, "draws with state.net > 0")
	if g := slices.IndexFunc(ref.Outputs, func(o Output) bool { return o.Name == "state.net_gross" }); g >= 0 {
		saves = 0
		for _, x := range ref.Values[g] {
			if x > 0 {
				saves++
			}
		}
		assert.Equal(t, saves, ref.Chances[3].Count, "draws with state.net_gross > 0")
	}
}

// summaryBits returns a summary's figures as bit patterns (NaN included).
func summaryBits(s Summary) []uint64 {
	return append([]uint64{uint64(s.N), uint64(s.Missing)},
		bits([]float64{s.Mean, s.SD, s.SE, s.Min, s.Max, s.P5, s.P25, s.P50, s.P75, s.P95})...)
}

// TestSimulateEach: Each sees every draw once, in order 0 … n−1, with the
// parameters a fresh sampler draws for that index and the outputs of
// Simulation.Values; Progress rises to the total.
func TestSimulateEach(t *testing.T) {
	s, m, sp := loadEstonia(t)
	outs := Outputs(s)
	for _, w := range []int{1, 2, 7} {
		t.Run(fmt.Sprintf("workers=%d", w), func(t *testing.T) {
			fresh, err := newSampler(sp, s.Values(), 5)
			require.NoError(t, err)
			st := fresh.newState()
			p := make([]float64, len(s.Params))
			var params, outputs [][]float64
			var progress [][2]int
			sim, err := Simulate(context.Background(), m, s.Values(), sp, outs, SimOptions{
				Draws: simDraws, Seed: 5, Workers: w,
				Each: func(draw int, ps, os []float64) error {
					if draw != len(params) {
						return fmt.Errorf("draw %d after %d draws", draw, len(params))
					}
					params = append(params, slices.Clone(ps))
					outputs = append(outputs, slices.Clone(os))
					return nil
				},
				Progress: func(done, total int) { progress = append(progress, [2]int{done, total}) },
			})
			require.NoError(t, err)
			require.Len(t, params, simDraws)
			for i := range simDraws {
				fresh.draw(uint64(i), p, st)
				for k, u := range sp.Params {
					if math.Float64bits(params[i][k]) != math.Float64bits(u.ID.In(p)) {
						t.Fatalf("draw %d: %s = %v, a fresh sampler draws %v", i, u.Name, params[i][k], u.ID.In(p))
					}
				}
				for k := range outs {
					if math.Float64bits(outputs[i][k]) != math.Float64bits(sim.Values[k][i]) {
						t.Fatalf("draw %d: %s = %v, Values has %v", i, outs[k].Name, outputs[i][k], sim.Values[k][i])
					}
				}
			}
			require.NotEmpty(t, progress)
			for j, pr := range progress {
				assert.Equal(t, simDraws, pr[1])
				if j > 0 {
					assert.Greater(t, pr[0], progress[j-1][0], "progress falls back")
				}
			}
			assert.Equal(t, simDraws, progress[len(progress)-1][0], "progress ends at the total")
		})
	}
}

// TestSimulateErrors: bad options, a cancelled context, a failing
// callback and impossible correlations stop the run with an error.
func TestSimulateErrors(t *testing.T) {
	s, m, sp := loadEstonia(t)
	outs, err := ParseOutputs(s, "state.net,investors.irr")
	require.NoError(t, err)
	ctx := context.Background()
	for _, n := range []int{0, -5} {
		sim, err := Simulate(ctx, m, s.Values(), sp, outs, SimOptions{Draws: n})
		assert.Nil(t, sim)
		assert.ErrorIs(t, err, ErrDraws)
		assert.EqualError(t, err, fmt.Sprintf("uncertainty: the number of draws must be at least 1, got %d", n))
	}
	_, err = Simulate(ctx, m, s.Values(), sp, nil, SimOptions{Draws: 10})
	assert.ErrorIs(t, err, ErrOutput)

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	calls := 0
	sim, err := Simulate(cancelled, m, s.Values(), sp, outs, SimOptions{Draws: 10 * chunk, Workers: 2,
		Each: func(int, []float64, []float64) error { calls++; return nil }})
	assert.Nil(t, sim)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Zero(t, calls, "draws passed on after a cancelled start")

	stop := errors.New("enough")
	last := -1
	sim, err = Simulate(ctx, m, s.Values(), sp, outs, SimOptions{Draws: 10 * chunk, Workers: 2,
		Each: func(i int, _, _ []float64) error {
			last = i
			if i == 300 {
				return stop
			}
			return nil
		}})
	assert.Nil(t, sim)
	assert.ErrorIs(t, err, stop)
	assert.Equal(t, 300, last, "Each called after it failed")

	// A spec built in code is checked by the sampler.
	bad := &Spec{Params: sp.Params, Corr: []Correlation{{A: 5, B: 6, Rho: 0.9}, {A: 6, B: 7, Rho: 0.9}, {A: 5, B: 7, Rho: -0.9}}}
	_, err = Simulate(ctx, m, s.Values(), bad, outs, SimOptions{Draws: 10})
	assert.ErrorIs(t, err, ErrNotPSD)
}

// TestQuantile7 compares quantile7 with R 4.2.2, exactly:
//
//	x <- c(3, 1, 4, 1, 5, 9, 2, 6)
//	quantile(x, c(0, .05, .25, .5, .75, .95, 1), type = 7)
//	# 1 1 1.75 3.5 5.25 7.9499999999999984 9   (print(..., digits = 17))
func TestQuantile7(t *testing.T) {
	x := []float64{3, 1, 4, 1, 5, 9, 2, 6}
	slices.Sort(x)
	for _, c := range []struct{ p, want float64 }{
		{0, 1}, {0.05, 1}, {0.25, 1.75}, {0.5, 3.5}, {0.75, 5.25}, {0.95, 7.9499999999999984}, {1, 9},
	} {
		assert.Equal(t, c.want, stats.Quantile7(x, c.p), "p = %g", c.p)
	}
	for _, p := range []float64{0, 0.3, 1} {
		assert.Equal(t, 2.5, stats.Quantile7([]float64{2.5}, p))
	}
}

// TestSummarise compares a summary with R 4.2.2 (within 1e-12 relative),
// and checks that NaN and infinite values are counted as missing and left
// out:
//
//	x <- c(12.5, -3.25, 7, 0.125, 99, 4.5, 4.5, -20, 3.75, 15)
//	mean(x); sd(x); sd(x)/sqrt(10)
//	# 12.3125 31.938159103875172 10.09973270410878
//	quantile(x, c(.05, .25, .5, .75, .95), type = 7)
//	# -12.4625 1.03125 4.5 11.125 61.19999999999991
func TestSummarise(t *testing.T) {
	out := Output{Name: "test"}
	nan, inf := math.NaN(), math.Inf(1)
	x := []float64{12.5, nan, -3.25, 7, 0.125, inf, 99, 4.5, 4.5, -20, 3.75, nan, 15, -inf}
	s := summarise(out, x)
	assert.Equal(t, "test", s.Output.Name)
	assert.Equal(t, 10, s.N)
	assert.Equal(t, 4, s.Missing)
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"mean", s.Mean, 12.3125}, {"sd", s.SD, 31.938159103875172}, {"se", s.SE, 10.09973270410878},
		{"min", s.Min, -20}, {"max", s.Max, 99},
		{"p5", s.P5, -12.4625}, {"p25", s.P25, 1.03125}, {"p50", s.P50, 4.5}, {"p75", s.P75, 11.125}, {"p95", s.P95, 61.19999999999991},
	} {
		assert.InEpsilon(t, c.want, c.got, 1e-12, c.name)
	}

	// The corrected two-pass variance keeps an sd of 1 far from zero.
	s = summarise(out, []float64{1e9 + 1, 1e9 + 2, 1e9 + 3})
	assert.Equal(t, 1e9+2, s.Mean)
	assert.Equal(t, 1.0, s.SD)

	s = summarise(out, []float64{5})
	assert.Equal(t, [2]int{1, 0}, [2]int{s.N, s.Missing})
	assert.Equal(t, [8]float64{5, 5, 5, 5, 5, 5, 5, 5}, [8]float64{s.Mean, s.Min, s.Max, s.P5, s.P25, s.P50, s.P75, s.P95})
	assert.True(t, math.IsNaN(s.SD) && math.IsNaN(s.SE), "sd of one value")

	s = summarise(out, []float64{nan, nan, inf})
	assert.Equal(t, [2]int{0, 3}, [2]int{s.N, s.Missing})
	for _, v := range []float64{s.Mean, s.SD, s.SE, s.Min, s.Max, s.P5, s.P25, s.P50, s.P75, s.P95} {
		assert.True(t, math.IsNaN(v))
	}
}

// TestFixedValueDrawn: a fixed value other than the scenario's is what
// the draws use (caught in review: it was read and then ignored), while
// one-way analysis starts from the scenario's value.
func TestFixedValueDrawn(t *testing.T) {
	s, m, _ := loadEstonia(t)
	sp, err := Read(strings.NewReader("param,dist,arg1,arg2,arg3,arg4,low,high\nsetting.discount_rate,fixed,0.05,,,,0.03,0.06\ncohort.c1.take_up,beta,17,3,,,,\n"), "uncertainty.csv", nil, "", s)
	if err != nil {
		t.Fatal(err)
	}
	id, _ := s.Param("setting.discount_rate")
	sm, err := newSampler(sp, s.Values(), 1)
	if err != nil {
		t.Fatal(err)
	}
	st := sm.newState()
	p := make([]float64, len(s.Params))
	for i := range 100 {
		sm.draw(uint64(i), p, st)
		if id.In(p) != 0.05 {
			t.Fatalf("draw %d: discount rate %v, want the spec's 0.05", i, id.In(p))
		}
	}
	out, _ := ParseOutput(s, "state.net")
	tor, err := OneWay(m, s.Values(), sp, out)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range tor.Bars {
		if b.ID == id && b.Base != 0.04 {
			t.Errorf("one-way base %v, want the scenario's 0.04", b.Base)
		}
	}
}
