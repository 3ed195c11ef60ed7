package uncertainty

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestFillRows: fillRowsAVX, where there is AVX, fills rows as the Go
// loops of drawBlock do, for bases of every length up to 40 (whole
// groups of four and the rest), every number of lanes up to 13, rows
// longer than the base (their tails left alone) and any set of slots.
func TestFillRows(t *testing.T) {
	if !hasAVX {
		t.Skip("no AVX")
	}
	r := rand.New(rand.NewPCG(21, 22))
	for round := range 3000 {
		nb, n := round%41, r.IntN(14)
		fb := make([]float64, nb)
		for k := range fb {
			fb[k] = r.NormFloat64()
		}
		idx := r.Perm(nb)[:r.IntN(nb+1)]
		vals := make([]float64, len(idx)*n+r.IntN(3))
		for k := range vals {
			vals[k] = r.NormFloat64()
		}
		got, want := make([][]float64, n), make([][]float64, n)
		for l := range got {
			m := nb + r.IntN(3)
			got[l], want[l] = make([]float64, m), make([]float64, m)
			for k := range m {
				got[l][k] = math.NaN()
				want[l][k] = math.NaN()
			}
		}
		fillRowsAVX(got, fb, vals, idx)
		for l, p := range want {
			copy(p, fb)
			for s, k := range idx {
				p[k] = vals[s*n+l]
			}
		}
		for l := range got {
			if !sameFloats(got[l], want[l]) {
				t.Fatalf("base of %d, %d lanes, slots %v: lane %d is %v, want %v", nb, n, idx, l, got[l], want[l])
			}
		}
	}
}

// sameFloats reports whether a and b hold the same bits.
func sameFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}
