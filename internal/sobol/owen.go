package sobol

import (
	"math/bits"
	"math/rand/v2"
)

// owenStream is the PCG stream (second seed word) of the per-dimension
// seeds of the Owen scrambling.
const owenStream = 0x736f626f6c2d6f77 // "sobol-ow"

// owenSeeds returns one 32-bit scrambling seed per dimension, the high
// halves of the first dim outputs of PCG(seed, 0x736f626f6c2d6f77).
func owenSeeds(seed uint64, dim int) []uint32 {
	src := rand.NewPCG(seed, owenStream)
	s := make([]uint32, dim)
	for d := range s {
		s[d] = uint32(src.Uint64() >> 32)
	}
	return s
}

// laineKarras is the Laine–Karras permutation as improved by Burley (2020,
// "Practical hash-based Owen scrambling", JCGT 9(4)): a hash of x in which
// each bit depends only on itself and the bits below it, so that on
// bit-reversed input it is a nested uniform (Owen) scramble.
func laineKarras(x, seed uint32) uint32 {
	x += seed
	x ^= x * 0x6c50b47c
	x ^= x * 0xb82f1e52
	x ^= x * 0xc7afe638
	x ^= x * 0x8d22f6e6
	return x
}

// owen scrambles the 32 digits of x (x/2^32 in [0, 1)) by Owen's (1995)
// nested uniform scrambling, hash-based: the flip of each digit depends on
// the seed and the digits above it only, so points that share their first
// m digits still do after scrambling, and a (t, m, s)-net stays one.
func owen(x, seed uint32) uint32 {
	return bits.Reverse32(laineKarras(bits.Reverse32(x), seed))
}

// scrambled fills ab with n rows of the Owen-scrambled Sobol' sequence in
// dimension dim: row j is point j (point 0 included: scrambled, it is not
// the origin), each coordinate (x + 1/2)·2^-32 for the scrambled integer
// x, so in (0, 1), never 0 or 1, and in the same interval of length 2^-32
// as x·2^-32.
func scrambled(seq *Sequence, n int, seed uint64, ab []float64) {
	dim := seq.dim
	seeds := owenSeeds(seed, dim)
	for j := range n {
		if j > 0 {
			seq.Next(ab[j*dim : (j+1)*dim]) // advances seq.x to point j
		}
		row := ab[j*dim : (j+1)*dim]
		for d := range dim {
			row[d] = (float64(owen(seq.x[d], seeds[d])) + 0.5) * 0x1p-32
		}
	}
}
