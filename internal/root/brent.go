// Package root finds a root of a function of one variable within a
// bracket, by Brent's method: bisection's guarantee with the speed of
// inverse quadratic interpolation. It never loops forever: it stops at the
// tolerance or after MaxIter steps, and says which.
package root

import "errors"

// Errors returned by Brent.
var (
	ErrNoBracket = errors.New("root: the function has the same sign at both ends of the bracket")
	ErrNotFinite = errors.New("root: the function is not finite in the bracket")
	ErrMaxIter   = errors.New("root: no convergence within the iteration limit")
)

// MaxIter bounds the iterations of Brent and of a Search.
const MaxIter = 500

// Brent returns x in [a, b] with f(x) = 0, to within tol in x (and an
// exact zero when it meets one). f(a) and f(b) must differ in sign.
func Brent(f func(float64) float64, a, b, tol float64) (float64, error) {
	s := NewSearch(a, b, f(a), f(b), tol)
	for x, ok := s.Next(); ok; x, ok = s.Next() {
		s.Tell(f(x))
	}
	return s.Root()
}
