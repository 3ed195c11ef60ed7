package vecmath

import (
	"math"
	"math/bits"
)

// Exp sets x[i] = math.Exp(x[i]) for every i of x, bit for bit.
func Exp(x []float64) {
	k := 0
	if hasExpFMA {
		k = len(x) &^ 3
		for i := 0; i < k; i += 64 {
			j := min(i+64, k)
			for out := expAVX2(x[i:j]); out != 0; out &= out - 1 {
				b := i + bits.TrailingZeros64(out)
				x[b] = math.Exp(x[b])
			}
		}
	}
	for i := k; i < len(x); i++ {
		x[i] = math.Exp(x[i])
	}
}
