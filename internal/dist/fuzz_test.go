package dist

import (
	"math"
	"testing"
)

// FuzzNew gives New an arbitrary kind and up to four arguments. New must not
// panic; when it succeeds, Quantile must be non-decreasing over a grid of p
// and stay inside Support, and Mean must lie inside Support.
func FuzzNew(f *testing.F) {
	f.Add(uint8(PERT), uint8(3), 1.0, 2.0, 4.0, 0.0)
	f.Add(uint8(TruncNormal), uint8(4), 0.0, 1.0, 8.0, 9.0)
	f.Add(uint8(Beta), uint8(4), 0.1, 3.0, -2.0, 2.0)
	f.Add(uint8(Gamma), uint8(2), 0.02, 1e6, 0.0, 0.0)
	f.Add(uint8(LogNormal), uint8(2), 1.0, 10.0, 0.0, 0.0)
	f.Fuzz(func(t *testing.T, kind, n uint8, a0, a1, a2, a3 float64) {
		args := []float64{a0, a1, a2, a3}[:n%5]
		d, err := New(Kind(kind%(uint8(numKinds)+1)), args...)
		if err != nil {
			return
		}
		lo, hi := d.Support()
		prev := math.Inf(-1)
		for i := 0; i <= 100; i++ {
			p := float64(i) / 100
			switch i {
			case 1:
				p = 1e-12
			case 99:
				p = 1 - 1e-12
			}
			q := d.Quantile(p)
			if math.IsNaN(q) || q < lo || q > hi {
				t.Fatalf("%v: Quantile(%g) = %g outside [%g, %g]", d, p, q, lo, hi)
			}
			if q < prev {
				t.Fatalf("%v: Quantile(%g) = %g below the quantile before it, %g", d, p, q, prev)
			}
			prev = q
		}
		if m := d.Mean(); !(m >= lo && m <= hi) {
			t.Fatalf("%v: Mean() = %g outside [%g, %g]", d, m, lo, hi)
		}
	})
}
