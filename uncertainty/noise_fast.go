package uncertainty

import (
	"math"

	"github.com/sib-engine/sib/scenario"
)

// The measured effects' counts, drawn by inversion searching outward from
// the mode (expected steps of the order of the standard deviation), as the
// plain reference draws of noise_ref_test.go draw them, bit for bit, but
// faster: a Poisson count of custody days in a cohort (μ in the thousands)
// takes a search of some tens of steps from the mode, which a generic
// search would take through two closure calls a step, and each draw's log-probability at the mode needed up to
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
	mode, pm := st.binomialSetup(n, p)
	return binomialSearch(st.uniform(), n, p, mode, pm)
}

// binomialSetup returns binomialDraw's mode and its probability, for
// 0 < p < 1 and n > 0.
func (st *MeasureState) binomialSetup(n int64, p float64) (int64, float64) {
	mode := min(int64(math.Floor(float64(n+1)*p)), n)
	// logBinom(mode, n, p), its Lgammas from the table.
	k := mode
	lp := st.lgammaInt(n+1) - st.lgammaInt(k+1) - st.lgammaInt(n-k+1) + float64(k)*math.Log(p) + float64(n-k)*math.Log1p(-p)
	return mode, math.Exp(lp)
}

// binomialSearch is searchFromMode with binomialDraw's ratios.
func binomialSearch(u float64, n int64, p float64, mode int64, pm float64) int64 {
	q := 1 - p
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
	mode, pm := st.poissonSetup(mu)
	return poissonSearch(st.uniform(), mu, mode, pm)
}

// poissonSetup returns poissonDraw's mode and its probability, for mu > 0.
func (st *MeasureState) poissonSetup(mu float64) (int64, float64) {
	mode := int64(math.Floor(mu))
	lp := float64(mode)*math.Log(mu) - mu - st.lgammaInt(mode+1) // logPois(mode, mu)
	return mode, math.Exp(lp)
}

// poissonSearch is searchFromMode with poissonDraw's ratios.
func poissonSearch(u, mu float64, mode int64, pm float64) int64 {
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

// negbin draws the negative binomial of mean mu and dispersion phi > 1
// (variance φμ) by inversion from its mode, as negbinDraw.
func (st *MeasureState) negbin(mu, phi float64) int64 {
	if !(mu > 0) {
		return 0
	}
	mode, pm := nbMode(mu, phi)
	p := 1 - 1/phi
	if phi-1 < 1e-2 {
		p = (phi - 1) / phi // the digits of φ−1 kept near φ = 1 (nbParams)
	}
	return negbinSearch(st.uniform(), mu/(phi-1), p, mode, pm)
}

// negbinSearch is searchFromMode with the negative binomial's ratios:
// size r, failure probability p = 1 − q.
func negbinSearch(u, r, p float64, mode int64, pm float64) int64 {
	u -= pm
	if u < 0 {
		return mode
	}
	hi, lo := mode, mode
	ph, pl := pm, pm
	for {
		if ph > 0 {
			ph *= (float64(hi) + r) / float64(hi+1) * p // pmf(hi+1)/pmf(hi)
			hi++
			if u -= ph; u < 0 {
				return hi
			}
		}
		if lo > 0 && pl > 0 {
			pl *= float64(lo) / ((float64(lo-1) + r) * p) // pmf(lo−1)/pmf(lo)
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

// The comparison group's counts are drawn at the baseline, fixed unless
// a parameter varies it, for a comparison size that takes few values
// (a ratio of the treated count), so the same (n, p) or μ recurs from
// draw to draw: its mode and the mode's probability, an Exp and one or
// two Logs, are kept in a small table (setupCells entries, by a hash of
// the arguments; a clash replaces the entry). The treated group's, at a
// drawn effect, seldom recur and are not kept.

// setupCells is the size of a state's table of comparison setups.
const (
	setupBits  = 10
	setupCells = 1 << setupBits
)

// drawSetup is one entry: the arguments (n, p; n = −1 for Poisson(p)),
// and the mode and its probability. ok is false for an empty entry.
type drawSetup struct {
	n    int64
	p    float64
	mode int64
	pm   float64
	ok   bool
}

// setup returns the table's entry for (n, p), and whether it holds them.
func (st *MeasureState) setup(n int64, p float64) (*drawSetup, bool) {
	if st.setups == nil {
		st.setups = make([]drawSetup, setupCells)
	}
	h := (math.Float64bits(p) ^ uint64(n)*0x9e3779b97f4a7c15) * 0xbf58476d1ce4e5b9
	e := &st.setups[h>>(64-setupBits)]
	return e, e.ok && e.n == n && math.Float64bits(e.p) == math.Float64bits(p)
}

// comparison draws the comparison group's sum of n participants' results
// at level r, as sample does, with the setup of its count from the table.
func (st *MeasureState) comparison(d *scenario.Design, n, r float64) float64 {
	switch d.Sampling {
	case scenario.Binomial:
		nn := int64(n)
		if !(r > 0) || nn <= 0 || r >= 1 {
			return st.sample(d, n, r)
		}
		e, ok := st.setup(nn, r)
		if !ok {
			mode, pm := st.binomialSetup(nn, r)
			*e = drawSetup{n: nn, p: r, mode: mode, pm: pm, ok: true}
		}
		return float64(binomialSearch(st.uniform(), nn, r, e.mode, e.pm))
	case scenario.Poisson:
		mu := n * r
		if !(mu > 0) || d.Dispersion > 1 {
			return st.sample(d, n, r)
		}
		e, ok := st.setup(-1, mu)
		if !ok {
			mode, pm := st.poissonSetup(mu)
			*e = drawSetup{n: -1, p: mu, mode: mode, pm: pm, ok: true}
		}
		return float64(poissonSearch(st.uniform(), mu, e.mode, e.pm))
	}
	return st.sample(d, n, r)
}
