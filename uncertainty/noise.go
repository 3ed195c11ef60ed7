package uncertainty

import (
	"math"
	"math/rand/v2"

	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// noiseSalt separates the measurement noise of draw i, PCG(seed ^
// noiseSalt, i), from the stream its parameters are drawn from, PCG(seed,
// i): turning the noise on leaves the drawn parameters as they were.
const noiseSalt = 0x9e3779b97f4a7c15

// Measurement draws the effects an evaluator measures around the true
// ones, from each metric's evaluation design (scenario.Design): for each
// cohort, the treated participants' results around the treated level
// (the baseline less the true effect when lower is better) and, unless
// the baseline is fixed, the comparison group's around the baseline;
// binomial and Poisson counts are drawn exactly (by inversion), normal
// means from their standard error. The pooled effect is measured from
// the pooled results. Metrics without a design are measured without
// error. Measured effects are rounded to 12 decimals, as an evaluator's
// figures are: 0.25 − 4/20 is 0.05, and passes a threshold of 0.05.
type Measurement struct {
	seed    uint64
	offset  uint64 // a shard's first draw (SimOptions.First)
	C       int
	metrics []measuredMetric
}

type measuredMetric struct {
	mi       int
	d        scenario.Design
	baseline scenario.ParamID
}

// NewMeasurement returns the measurement of scenario s's metrics with
// draw i's noise from PCG(seed ^ noiseSalt, i); nil when no metric has
// a design.
func NewMeasurement(s *scenario.Scenario, seed uint64) *Measurement {
	ms := &Measurement{seed: seed ^ noiseSalt, C: len(s.Cohorts)}
	for mi := range s.Metrics {
		mt := &s.Metrics[mi]
		if mt.Design.Sampling != scenario.NoDesign {
			ms.metrics = append(ms.metrics, measuredMetric{mi: mi, d: mt.Design, baseline: mt.Baseline})
		}
	}
	if len(ms.metrics) == 0 {
		return nil
	}
	return ms
}

// Measured reports whether metric mi has a design.
func (ms *Measurement) Measured(mi int) bool {
	for _, x := range ms.metrics {
		if x.mi == mi {
			return true
		}
	}
	return false
}

// A MeasureState is one goroutine's random stream of a Measurement. Seek
// sets it to draw i; its Func, made once, is the sib.MeasureFunc that
// draws the measured effects, without allocating.
type MeasureState struct {
	_   [128]byte
	src rand.PCG
	rng *rand.Rand
	ms  *Measurement
	fn  sib.MeasureFunc
	// lgamma[m] is math.Lgamma(m), NaN until worked out (lgammaInt);
	// setups are the comparison draws' (comparison).
	lgamma []float64
	setups []drawSetup
	_      [128]byte
}

// NewState returns a stream of the measurement.
func (ms *Measurement) NewState() *MeasureState {
	st := &MeasureState{ms: ms}
	st.rng = rand.New(&st.src)
	st.fn = st.measure
	return st
}

// Seek sets the stream to draw i's noise.
func (st *MeasureState) Seek(i uint64) { st.src.Seed(st.ms.seed, st.ms.offset+i) }

// Func returns the sib.MeasureFunc to set as a Work's Measure.
func (st *MeasureState) Func() sib.MeasureFunc { return st.fn }

func (st *MeasureState) measure(v, n, eff, pooled []float64) {
	C := st.ms.C
	for k := range st.ms.metrics {
		x := &st.ms.metrics[k]
		d := &x.d
		base := d.Baseline
		if x.baseline != 0 {
			base = x.baseline.In(v)
		}
		var sumT, nT, sumC, nC float64
		for c := range C {
			nt := math.Round(n[c])
			if !(nt >= 1) {
				continue // no one measured: the true effect stands, and nothing is paid
			}
			e := &eff[x.mi*C+c]
			t := level(d, base, *e)
			yt := st.sample(d, nt, t)
			sumT, nT = sumT+yt, nT+nt
			yc := base
			if !d.Fixed {
				nc := d.ComparisonN(nt)
				s := st.comparison(d, nc, base)
				sumC, nC = sumC+s, nC+nc
				yc = s / nc
			}
			*e = measuredEffect(d, yt/nt, yc)
		}
		if nT > 0 {
			yc := base
			if !d.Fixed {
				yc = sumC / nC
			}
			pooled[x.mi] = measuredEffect(d, sumT/nT, yc)
		}
	}
}

// level is the treated group's true level: the baseline improved by
// effect e, within what the sampling allows.
func level(d *scenario.Design, base, e float64) float64 {
	t := base - e
	if d.Higher {
		t = base + e
	}
	switch d.Sampling {
	case scenario.Binomial:
		return min(max(t, 0), 1)
	case scenario.Poisson:
		return max(t, 0)
	}
	return t
}

// measuredEffect is the effect of treated level t against comparison
// level c, rounded to 12 decimals.
func measuredEffect(d *scenario.Design, t, c float64) float64 {
	e := c - t
	if d.Higher {
		e = t - c
	}
	if math.Abs(e) < 1e3 {
		e = math.Round(e*1e12) / 1e12
	}
	return e
}

// sample draws the sum of n participants' results at level r.
func (st *MeasureState) sample(d *scenario.Design, n, r float64) float64 {
	switch d.Sampling {
	case scenario.Binomial:
		return float64(st.binomial(int64(n), r))
	case scenario.Poisson:
		if d.Dispersion > 1 {
			return float64(st.negbin(n*r, d.Dispersion))
		}
		return float64(st.poisson(n * r))
	}
	return n * (r + d.SD/math.Sqrt(n)*st.rng.NormFloat64())
}

func logBinom(k, n int64, p float64) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return a - b - c + float64(k)*math.Log(p) + float64(n-k)*math.Log1p(-p)
}

func logPois(k int64, mu float64) float64 {
	b, _ := math.Lgamma(float64(k + 1))
	return float64(k)*math.Log(mu) - mu - b
}

// The negative binomial of mean μ and dispersion φ > 1 (variance φμ):
// size r = μ/(φ−1) and success probability q = 1/φ, P(k) = Γ(k+r) /
// (Γ(r) k!) q^r (1−q)^k (scipy's nbinom(r, q)). n participants whose
// counts are each negative binomial with the same φ total one of mean
// their summed means and the same φ, so a group's, and groups', totals
// are drawn as one.

// nbParams returns the size r and log q, log(1−q) of the negative
// binomial of mean mu and dispersion phi. Near φ = 1 (a size of
// millions), log(1−q) is log(φ−1) − log φ: 1 − 1/φ would lose the digits
// of φ−1.
func nbParams(mu, phi float64) (r, lq, lp float64) {
	d := phi - 1
	if d < 1e-2 {
		return mu / d, -math.Log1p(d), math.Log(d) - math.Log1p(d)
	}
	return mu / d, -math.Log(phi), math.Log1p(-1 / phi)
}

// nbMode returns the negative binomial's mode, ⌊(r−1)(1−q)/q⌋ (0 for r ≤
// 1), and its probability.
func nbMode(mu, phi float64) (int64, float64) {
	r, lq, lp := nbParams(mu, phi)
	mode := int64(0)
	if r > 1 {
		mode = int64(math.Floor((r - 1) * (phi - 1)))
	}
	return mode, math.Exp(logNegBin(mode, r, lq, lp))
}

// logNegBin is log P(X = k) for the negative binomial of size r with
// log q = lq and log(1−q) = lp. For a size of 10^5 or more,
// lgamma(k+r) − lgamma(r) is taken from Stirling's series, (r − ½)·log(1 +
// k/r) + k·log(r+k) − k + 1/(12(r+k)) − 1/(12r) (the next terms are below
// 1e-17): the difference of two lgammas near r·log r would lose its last
// digits (about 1e-5 at r = 4·10^9, φ = 1.0000001).
func logNegBin(k int64, r, lq, lp float64) float64 {
	c, _ := math.Lgamma(float64(k + 1))
	if r >= 1e5 {
		x := float64(k)
		g := (r-0.5)*math.Log1p(x/r) + x*math.Log(r+x) - x + 1/(12*(r+x)) - 1/(12*r)
		return g - c + r*lq + x*lp
	}
	a, _ := math.Lgamma(float64(k) + r)
	b, _ := math.Lgamma(r)
	return a - b - c + r*lq + float64(k)*lp
}
