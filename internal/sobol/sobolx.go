package sobol

import (
	"fmt"
	"math/bits"
)

// PowersOfTwo returns the powers of two nearest n: lo ≤ n ≤ hi, lo = hi = n
// when n is one. A Sobol' sequence is balanced (each coordinate a (0,1)
// net, every dyadic interval of length 1/N holding one point) only for a
// power-of-two number of points, so N = lo or hi is the better base
// sample size. n must be at least 1.
func PowersOfTwo(n int) (lo, hi int) {
	if n < 1 {
		return 1, 1
	}
	lo = 1 << (bits.Len(uint(n)) - 1)
	if lo == n {
		return n, n
	}
	return lo, lo << 1
}

// BalanceWarning returns a warning when n is not a power of two, naming
// the nearest powers of two, and "" when it is one.
func BalanceWarning(n int) string {
	lo, hi := PowersOfTwo(n)
	if lo == hi {
		return ""
	}
	return fmt.Sprintf("N = %d is not a power of two: a Sobol' sequence is balanced only at powers of two, so the indices converge more slowly; use N = %d or %d", n, lo, hi)
}
