package uncertainty

import (
	"math"
	"math/rand/v2"
)

// The reference draws: Binomial and Poisson counts by inversion from the
// mode, written plainly with closures. MeasureState.binomial and poisson
// (noise_fast.go) must give the same counts and leave the stream at the
// same place (TestFastDrawsMatchReference).

// binomialDraw draws Binomial(n, p) exactly, by inversion searching
// outward from the mode (expected steps of the order of the standard
// deviation).
func binomialDraw(r *rand.Rand, n int64, p float64) int64 {
	switch {
	case !(p > 0) || n <= 0:
		return 0
	case p >= 1:
		return n
	}
	q := 1 - p
	mode := min(int64(math.Floor(float64(n+1)*p)), n)
	lp := logBinom(mode, n, p)
	return searchFromMode(r.Float64(), mode, math.Exp(lp),
		func(k int64) float64 { // pmf(k+1)/pmf(k)
			if k >= n {
				return 0
			}
			return float64(n-k) / float64(k+1) * p / q
		},
		func(k int64) float64 { // pmf(k−1)/pmf(k)
			return float64(k) / float64(n-k+1) * q / p
		})
}

// poissonDraw draws Poisson(mu) exactly, as binomialDraw.
func poissonDraw(r *rand.Rand, mu float64) int64 {
	if !(mu > 0) {
		return 0
	}
	mode := int64(math.Floor(mu))
	lp := logPois(mode, mu)
	return searchFromMode(r.Float64(), mode, math.Exp(lp),
		func(k int64) float64 { return mu / float64(k+1) },
		func(k int64) float64 { return float64(k) / mu })
}

// negbinDraw draws the negative binomial of mean mu and dispersion phi >
// 1 (variance φμ) exactly, as binomialDraw.
func negbinDraw(r *rand.Rand, mu, phi float64) int64 {
	if !(mu > 0) {
		return 0
	}
	size, lq, lp := nbParams(mu, phi)
	p := 1 - 1/phi
	mode := int64(0)
	if size > 1 {
		mode = int64(math.Floor((size - 1) * (phi - 1)))
	}
	return searchFromMode(r.Float64(), mode, math.Exp(logNegBin(mode, size, lq, lp)),
		func(k int64) float64 { return (float64(k) + size) / float64(k+1) * p },
		func(k int64) float64 { return float64(k) / ((float64(k-1) + size) * p) })
}

// searchFromMode inverts uniform u over a discrete distribution on k ≥ 0
// from its mode, whose probability is pm, taking the values above and
// below the mode in turn (up and down give the ratio of the next
// probability to the current one). Any order of the values gives the
// distribution exactly; from the mode the search is short. Mass lost to
// rounding (under 1e-15) falls on the mode.
func searchFromMode(u float64, mode int64, pm float64, up, down func(int64) float64) int64 {
	u -= pm
	if u < 0 {
		return mode
	}
	hi, lo := mode, mode
	ph, pl := pm, pm
	for {
		if ph > 0 {
			ph *= up(hi)
			hi++
			if u -= ph; u < 0 {
				return hi
			}
		}
		if lo > 0 && pl > 0 {
			pl *= down(lo)
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
