package sobol

import "math/rand/v2"

// The Poisson(1) bootstrap. Resample b gives base row j (its f(A_j),
// f(B_j) and every f(A_B^(i)_j)) the weight w_{b,j} ~ Poisson(1), the
// number of times the row appears in the resample, and each resample's
// indices are the estimators' formulas over weighted sums (Hanley &
// MacGibbon 2006; Chamandy et al. 2012). Unlike the multinomial bootstrap
// (N rows drawn with replacement), the weights of a row do not depend on
// the other rows, so they can be drawn where the row is evaluated: from
// the row's own stream
//
//	PCG(Seed ^ 0x736f626f6c2d6273, mix(j))
//
// (math/rand/v2's PCG; mix is SplitMix64's finaliser, a bijection that
// keeps the streams of neighbouring rows apart), whose output q gives the
// weights of resamples 2q (its high 32 bits) and 2q+1 (its low 32 bits):
// a 32-bit uniform u gives the number of thresholds poissonCDF[k] ≤ u,
// the inverse of the Poisson(1) distribution function to within 2^-32.

// poissonCDF[k] is P(X ≤ k)·2^32 for X ~ Poisson(1), rounded to the
// nearest integer (50-digit decimal arithmetic: e^-1 Σ_{i≤k} 1/i!); P(X
// ≤ 12)·2^32 rounds to 2^32, so a weight is at most 12.
var poissonCDF = [...]uint32{
	1580030169, // 0.36787944117144233
	3160060337, // 0.7357588823428847
	3950075422, // 0.9196986029286058
	4213413783, // 0.9810118431238462
	4279248374, // 0.9963401531726563
	4292415292, // 0.9994058151824183
	4294609778, // 0.999916758850712
	4294923276, // 0.9999897508033253
	4294962463, // 0.999998874797402
	4294966817, // 0.9999998885745217
	4294967253, // 0.9999999899522336
	4294967292, // 0.9999999991683892
}

// poisson1 returns the Poisson(1) variate of the 32-bit uniform u: the
// number of thresholds at or below u, counted on from those at or below
// u's top byte (poissonFrom), so that one comparison, which a branch
// predictor gets right but in the 5 of 256 bytes a threshold falls in,
// usually settles it.
func poisson1(u uint32) uint8 {
	k := poissonFrom[u>>24]
	for k < uint8(len(poissonCDF)) && u >= poissonCDF[k] {
		k++
	}
	return k
}

// poissonFrom[b] is the number of thresholds poissonCDF[k] ≤ b·2^24.
var poissonFrom = func() (from [256]uint8) {
	var k uint8
	for b := range from {
		for k < uint8(len(poissonCDF)) && poissonCDF[k] <= uint32(b)<<24 {
			k++
		}
		from[b] = k
	}
	return from
}()

// mix is SplitMix64's finaliser (Steele, Lea & Flood 2014).
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// rowWeights sets w[b] to the Poisson(1) weight of base row j in
// resample b, for b = 0 … len(w)-1. It does not allocate.
func rowWeights(seed uint64, j int, w []uint8) {
	var src rand.PCG
	src.Seed(seed^bootStream, mix(uint64(j)))
	for b := 0; b < len(w); b += 2 {
		q := src.Uint64()
		w[b] = poisson1(uint32(q >> 32))
		if b+1 < len(w) {
			w[b+1] = poisson1(uint32(q))
		}
	}
}
