package uncertainty

import "math"

// The measured effects' counts, drawn as binomialDraw and poissonDraw draw
// them, bit for bit, but faster: a Poisson count of custody days in a
// cohort (μ in the thousands) takes a search of some tens of steps from
// the mode, which the generic searchFromMode takes through two closure
// calls a step, and each draw's log-probability at the mode needed up to
// three math.Lgamma of integers, which a state's table (lgammaInt) keeps
// once worked out. The arithmetic of every step is the same, in the same
// order, so the counts and the stream's position are the same.

// lgammaCells bounds a state's table of log-factorials: 2^16 values (512
// KiB) cover the counts of cohorts of up to about 65,000; larger ones
// call math.Lgamma each time.
const lgammaCells = 1 << 16

// lgammaInt returns math.Lgamma(float64(m)) for an integer m ≥ 1, from
// the state's table when m is in it.
func (st *MeasureState) lgammaInt(m int64) float64 {
	if m >= lgammaCells {
		v, _ := math.Lgamma(float64(m))
		return v
	}
	if int(m) >= len(st.lgamma) {
		n := min(lgammaCells, max(2*int(m), 64))
		old := len(st.lgamma)
		st.lgamma = append(st.lgamma, make([]float64, n-old)...)
		for i := old; i < n; i++ {
			st.lgamma[i] = math.NaN() // not worked out yet
		}
	}
	v := st.lgamma[m]
	if math.IsNaN(v) {
		v, _ = math.Lgamma(float64(m))
		st.lgamma[m] = v
	}
	return v
}

// uniform is st.rng.Float64(), without the interface call.
func (st *MeasureState) uniform() float64 {
	return float64(st.src.Uint64()<<11>>11) / (1 << 53)
}

// binomial is binomialDraw(st.rng, n, p).
func (st *MeasureState) binomial(n int64, p float64) int64 {
	switch {
	case !(p > 0) || n <= 0:
		return 0
	case p >= 1:
		return n
	}
	q := 1 - p
	mode := min(int64(math.Floor(float64(n+1)*p)), n)
	// logBinom(mode, n, p), its Lgammas from the table.
	k := mode
	lp := st.lgammaInt(n+1) - st.lgammaInt(k+1) - st.lgammaInt(n-k+1) + float64(k)*math.Log(p) + float64(n-k)*math.Log1p(-p)
	u := st.uniform()
	pm := math.Exp(lp)
	// searchFromMode with binomialDraw's ratios.
	u -= pm
	if u < 0 {
		return mode
	}
	hi, lo := mode, mode
	ph, pl := pm, pm
	for {
		if ph > 0 {
			var r float64 // pmf(hi+1)/pmf(hi)
			if hi < n {
				r = float64(n-hi) / float64(hi+1) * p / q
			}
			ph *= r
			hi++
			if u -= ph; u < 0 {
				return hi
			}
		}
		if lo > 0 && pl > 0 {
			pl *= float64(lo) / float64(n-lo+1) * q / p // pmf(lo−1)/pmf(lo)
			lo--
			if u -= pl; u < 0 {
				return lo
			}
		}
		if (ph < 1e-300 || math.IsNaN(ph)) && (lo == 0 || pl < 1e-300) {
			return mode
		}
	}
}

// poisson is poissonDraw(st.rng, mu).
func (st *MeasureState) poisson(mu float64) int64 {
	if !(mu > 0) {
		return 0
	}
	mode := int64(math.Floor(mu))
	lp := float64(mode)*math.Log(mu) - mu - st.lgammaInt(mode+1) // logPois(mode, mu)
	u := st.uniform()
	pm := math.Exp(lp)
	u -= pm
	if u < 0 {
		return mode
	}
	hi, lo := mode, mode
	ph, pl := pm, pm
	for {
		if ph > 0 {
			ph *= mu / float64(hi+1)
			hi++
			if u -= ph; u < 0 {
				return hi
			}
		}
		if lo > 0 && pl > 0 {
			pl *= float64(lo) / mu
			lo--
			if u -= pl; u < 0 {
				return lo
			}
		}
		if (ph < 1e-300 || math.IsNaN(ph)) && (lo == 0 || pl < 1e-300) {
			return mode
		}
	}
}
