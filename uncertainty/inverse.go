package uncertainty

import (
	"context"
	"errors"
	"math"

	"gonum.org/v1/gonum/mathext"
)

// A quantile function that is slow to evaluate exactly (beta, PERT and
// gamma: 0.6 to 0.9 µs, an iteration on the incomplete beta or gamma
// function) would cost a Monte Carlo draw more than the deal itself. The
// sampler tabulates such a function once, in the manner of Derflinger,
// Hörmann and Leydold's numerical inversion (ACM TOMACS 20(4), 2010): as
// a function of a standard normal score z, x = Q(Φ(z)), which is smooth
// even where Q has a power-law tail, by cubic interpolation through exact
// values at evenly spaced z in [−5, 5], checked against the exact value
// in the middle of every cell before it is used; beyond ±5 (a chance of
// 5.7e−7) the exact quantile. A table that misses its tolerance with
// 16,384 cells is not used: the exact quantile is.

const (
	tableZ = 5.0
	// tableTol bounds the interpolation error, as a share of the
	// distribution's spread over the table, Q(Φ(5)) − Q(Φ(−5)).
	tableTol = 1e-10
)

// inverse turns a standard normal score into a parameter's value:
// Q(Φ(z)), tabulated when Q is slow.
type inverse struct {
	d      Dist
	lo, hi float64 // the support: a cubic may overshoot its end by a rounding

	q     []float64 // Q(Φ(z)) at z = −5, −5 + h, …, 5; nil: no table
	inv   float64   // 1/h
	cells int
}

func newInverse(d Dist) inverse {
	switch d.Kind() {
	case Beta, PERT, Gamma:
	default:
		return inverse{d: d}
	}
	for cells := 1 << 10; cells <= 1<<14; cells <<= 2 {
		if t, ok := tabulate(d, cells); ok {
			return t
		}
	}
	return inverse{d: d}
}

// tabulate builds a table of cells cells and checks it in every cell: at
// the midpoint, where a cubic through four nodes errs most in an inner
// cell, and in the end cells, whose stencils are off-centre, also where
// theirs does (s = −0.618 and 1.618 in the stencil's units). The exact
// quantiles, about a microsecond each, are worked out on every core: the
// table, and whether it passes, are the same whatever their number.
func tabulate(d Dist, cells int) (inverse, bool) {
	h := 2 * tableZ / float64(cells)
	t := inverse{d: d, q: make([]float64, cells+1), inv: 1 / h, cells: cells}
	t.lo, t.hi = d.Support()
	ctx := context.Background()
	_ = parallel(ctx, len(t.q), 0, func(_, from, to int) error {
		for i := from; i < to; i++ {
			t.q[i] = d.Quantile(phi(-tableZ + float64(i)*h))
		}
		return nil
	}, nil)
	spread := t.q[cells] - t.q[0]
	if !(spread > 0) || math.IsInf(spread, 0) {
		return t, false
	}
	check := func(z float64) bool {
		return math.Abs(t.atZ(z)-d.Quantile(phi(z))) <= tableTol*spread
	}
	errMiss := errors.New("a cell misses the tolerance")
	if parallel(ctx, cells, 0, func(_, from, to int) error {
		for i := from; i < to; i++ {
			if !check(-tableZ + (float64(i)+0.5)*h) {
				return errMiss
			}
		}
		return nil
	}, nil) != nil {
		return t, false
	}
	for _, s := range [...]float64{0.382, 1 - 0.382} {
		if !check(-tableZ+s*h) || !check(tableZ-s*h) {
			return t, false
		}
	}
	return t, true
}

// atZ is the value at normal score z: interpolated within ±5, exact
// beyond. It does not allocate.
func (t *inverse) atZ(z float64) float64 {
	if t.q == nil || !(z >= -tableZ && z <= tableZ) {
		return t.d.Quantile(phi(z))
	}
	x := (z + tableZ) * t.inv
	// The four nodes i−1 … i+2 around z, moved inwards at the ends.
	i := min(max(int(x), 1), t.cells-2)
	s := x - float64(i) // z's place from node i, in cells: in [−1, 2]
	q := t.q[i-1 : i+3 : i+3]
	// Lagrange's cubic through the nodes at −1, 0, 1 and 2.
	a, b, c := s+1, s-1, s-2
	v := (-s*b*c*q[0] + 3*a*b*c*q[1] - 3*a*s*c*q[2] + a*s*b*q[3]) / 6
	if v > t.lo && v < t.hi {
		return v // inside the support: what the clamp below gives, sooner
	}
	return min(max(v, t.lo), t.hi)
}

// atU is the value at probability u in (0, 1): through the table when
// there is one, else the exact quantile.
func (t *inverse) atU(u float64) float64 {
	if t.q == nil {
		return t.d.Quantile(u)
	}
	z := mathext.NormalQuantile(u)
	if !(z >= -tableZ && z <= tableZ) {
		return t.d.Quantile(u)
	}
	return t.atZ(z)
}
