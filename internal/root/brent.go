// Package root finds a root of a function of one variable within a
// bracket, by Brent's method: bisection's guarantee with the speed of
// inverse quadratic interpolation. It never loops forever: it stops at the
// tolerance or after MaxIter steps, and says which.
package root

import (
	"errors"
	"math"
)

// Errors returned by Brent.
var (
	ErrNoBracket = errors.New("root: the function has the same sign at both ends of the bracket")
	ErrNotFinite = errors.New("root: the function is not finite in the bracket")
	ErrMaxIter   = errors.New("root: no convergence within the iteration limit")
)

// MaxIter bounds the iterations of Brent.
const MaxIter = 500

// Brent returns x in [a, b] with f(x) = 0, to within tol in x (and an
// exact zero when it meets one). f(a) and f(b) must differ in sign.
func Brent(f func(float64) float64, a, b, tol float64) (float64, error) {
	fa, fb := f(a), f(b)
	switch {
	case math.IsNaN(fa) || math.IsNaN(fb) || math.IsInf(fa, 0) || math.IsInf(fb, 0):
		return math.NaN(), ErrNotFinite
	case fa == 0:
		return a, nil
	case fb == 0:
		return b, nil
	case (fa > 0) == (fb > 0):
		return math.NaN(), ErrNoBracket
	}
	c, fc := a, fa
	d := b - a
	e := d
	for range MaxIter {
		if (fb > 0) == (fc > 0) {
			c, fc = a, fa
			d = b - a
			e = d
		}
		if math.Abs(fc) < math.Abs(fb) {
			a, b, c = b, c, b
			fa, fb, fc = fb, fc, fb
		}
		tol1 := 2*math.SmallestNonzeroFloat64 + 0.5*tol + 2*1.1102230246251565e-16*math.Abs(b)
		xm := 0.5 * (c - b)
		if math.Abs(xm) <= tol1 || fb == 0 {
			return b, nil
		}
		if math.Abs(e) >= tol1 && math.Abs(fa) > math.Abs(fb) {
			// Inverse quadratic interpolation, or the secant when a == c.
			var p, q float64
			s := fb / fa
			if a == c {
				p = 2 * xm * s
				q = 1 - s
			} else {
				q0 := fa / fc
				r := fb / fc
				p = s * (2*xm*q0*(q0-r) - (b-a)*(r-1))
				q = (q0 - 1) * (r - 1) * (s - 1)
			}
			if p > 0 {
				q = -q
			}
			p = math.Abs(p)
			if 2*p < math.Min(3*xm*q-math.Abs(tol1*q), math.Abs(e*q)) {
				e = d
				d = p / q
			} else {
				d = xm
				e = d
			}
		} else {
			d = xm
			e = d
		}
		a, fa = b, fb
		if math.Abs(d) > tol1 {
			b += d
		} else if xm > 0 {
			b += tol1
		} else {
			b -= tol1
		}
		fb = f(b)
		if math.IsNaN(fb) || math.IsInf(fb, 0) {
			return math.NaN(), ErrNotFinite
		}
	}
	return b, ErrMaxIter
}
