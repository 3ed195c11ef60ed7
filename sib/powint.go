package sib

import "math"

// powInt is math.Pow(x, float64(n)) for an integer n, bit for bit, in a
// fraction of its time: annualised IRRs, price indexes and decay factors
// are integer powers, several per draw.
//
// math.Pow takes x's mantissa m in [0.5, 1) and multiplies it by its
// successive squarings according to n's bits, low bit first, each product
// rounded, the exponents kept apart and put back at the end (a
// reciprocal first for n < 0). A product of normal numbers rounds the
// same at any scale, so while every power of x the loop reaches is
// normal, the same multiplications on x itself, in the same order, give
// the same bits: |x| in [2^−60, 2^60] and |n| ≤ 16 keep them within
// 2^±960. Elsewhere powInt is math.Pow itself (TestPowInt).
func powInt(x float64, n int) float64 {
	if n < -16 || n > 16 || !(math.Abs(x) >= 0x1p-60 && math.Abs(x) <= 0x1p60) {
		return math.Pow(x, float64(n))
	}
	if n == 0 || x == 1 {
		return 1
	}
	k := n
	if k < 0 {
		k = -k
	}
	a, p := 1.0, x
	for i := k; i != 0; i >>= 1 {
		if i&1 == 1 {
			a *= p
		}
		p *= p
	}
	if n < 0 {
		a = 1 / a
	}
	return a
}
