package root

import "math"

// A Search is Brent's method run by its caller, who evaluates the function
// wherever Next asks and passes the value to Tell:
//
//	s := root.NewSearch(a, b, f(a), f(b), tol)
//	for x, ok := s.Next(); ok; x, ok = s.Next() {
//		s.Tell(f(x))
//	}
//	x, err := s.Root()
//
// With no function passed in, nothing escapes to the heap, whatever state
// the function needs: a solver called millions of times in a Monte Carlo
// loop allocates nothing, which a closure passed to Brent cannot promise.
// A caller that already knows f(a) and f(b) saves two evaluations.
//
// Brent is this loop; the algorithm exists once.
type Search struct {
	a, b, c    float64
	fa, fb, fc float64
	d, e       float64
	tol        float64
	iter       int
	done       bool
	err        error
}

// NewSearch starts a search for a root in [a, b], to within tol in x, given
// fa = f(a) and fb = f(b), which must differ in sign.
func NewSearch(a, b, fa, fb, tol float64) Search {
	s := Search{a: a, b: b, c: a, fa: fa, fb: fb, fc: fa, d: b - a, e: b - a, tol: tol}
	switch {
	case math.IsNaN(fa) || math.IsNaN(fb) || math.IsInf(fa, 0) || math.IsInf(fb, 0):
		s.b, s.done, s.err = math.NaN(), true, ErrNotFinite
	case fa == 0:
		s.b, s.done = a, true
	case fb == 0:
		s.done = true
	case (fa > 0) == (fb > 0):
		s.b, s.done, s.err = math.NaN(), true, ErrNoBracket
	}
	return s
}

// Next returns the next x at which to evaluate the function, or false when
// the search is over.
func (s *Search) Next() (x float64, ok bool) {
	if s.done {
		return 0, false
	}
	if s.iter == MaxIter {
		s.done, s.err = true, ErrMaxIter
		return 0, false
	}
	s.iter++
	a, b, c := s.a, s.b, s.c
	fa, fb, fc := s.fa, s.fb, s.fc
	d, e := s.d, s.e
	if (fb > 0) == (fc > 0) {
		c, fc = a, fa
		d = b - a
		e = d
	}
	if math.Abs(fc) < math.Abs(fb) {
		a, b, c = b, c, b
		fa, fb, fc = fb, fc, fb
	}
	tol1 := 2*math.SmallestNonzeroFloat64 + 0.5*s.tol + 2*1.1102230246251565e-16*math.Abs(b)
	xm := 0.5 * (c - b)
	if math.Abs(xm) <= tol1 || fb == 0 {
		s.b, s.done = b, true
		return 0, false
	}
	if math.Abs(e) >= tol1 && math.Abs(fa) > math.Abs(fb) {
		// Inverse quadratic interpolation, or the secant when a == c.
		var p, q float64
		r3 := fb / fa
		if a == c {
			p = 2 * xm * r3
			q = 1 - r3
		} else {
			q0 := fa / fc
			r := fb / fc
			p = r3 * (2*xm*q0*(q0-r) - (b-a)*(r-1))
			q = (q0 - 1) * (r - 1) * (r3 - 1)
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
	s.a, s.b, s.c = a, b, c
	s.fa, s.fc = fa, fc
	s.d, s.e = d, e
	return b, true
}

// Tell gives the value of the function at the x that Next returned.
func (s *Search) Tell(fx float64) {
	s.fb = fx
	if math.IsNaN(fx) || math.IsInf(fx, 0) {
		s.b, s.done, s.err = math.NaN(), true, ErrNotFinite
	}
}

// Root returns the root found, or the last estimate with ErrMaxIter, or NaN
// with ErrNoBracket or ErrNotFinite.
func (s *Search) Root() (float64, error) { return s.b, s.err }
