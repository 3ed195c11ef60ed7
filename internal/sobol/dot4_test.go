package sobol

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats"
)

// TestDot4MatchesFloatsDot: dot4 is floats.Dot bit for bit, for every
// length of 0 to 300 (the tails of 1 to 3 included), integer weights as
// the bootstrap's and values of mixed signs and magnitudes, signed zeros
// and values whose products overflow among them.
func TestDot4MatchesFloatsDot(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	special := []float64{0, math.Copysign(0, -1), 1e300, -1e300, 5e-324, -2.5}
	for n := range 301 {
		for trial := range 4 {
			x := make([]float64, n)
			var w [4][]float64
			for r := range w {
				w[r] = make([]float64, n)
			}
			for j := range x {
				x[j] = (rng.Float64() - 0.4) * math.Pow(10, float64(rng.IntN(24)-12))
				if trial == 3 && rng.IntN(8) == 0 {
					x[j] = special[rng.IntN(len(special))]
				}
				for r := range w {
					w[r][j] = float64(rng.IntN(5))
					if trial == 2 {
						w[r][j] = rng.NormFloat64()
					}
				}
			}
			var out [4]float64
			var p0 *float64
			if n > 0 {
				p0 = &x[0]
			}
			ptr := func(s []float64) *float64 {
				if len(s) == 0 {
					return p0
				}
				return &s[0]
			}
			dot4(p0, ptr(w[0]), ptr(w[1]), ptr(w[2]), ptr(w[3]), n, &out)
			for r := range w {
				want := floats.Dot(w[r], x)
				if math.Float64bits(out[r]) != math.Float64bits(want) && !(math.IsNaN(out[r]) && math.IsNaN(want)) {
					t.Fatalf("n = %d, trial %d, resample %d: dot4 %v (%x), floats.Dot %v (%x)", n, trial, r, out[r], math.Float64bits(out[r]), want, math.Float64bits(want))
				}
			}
		}
	}
}

// TestDot8MatchesFloatsDot: dot8 is floats.Dot bit for bit, with AVX
// (lengths a multiple of 4) and without, for every length of 0 to
// BlockRows.
func TestDot8MatchesFloatsDot(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	x := make([]float64, BlockRows)
	var w [8][BlockRows]float64
	for trial := range 3 {
		for j := range x {
			x[j] = (rng.Float64() - 0.4) * math.Pow(10, float64(rng.IntN(24)-12))
			if trial == 2 && rng.IntN(8) == 0 {
				x[j] = []float64{0, math.Copysign(0, -1), 1e300, -1e300}[rng.IntN(4)]
			}
			for r := range w {
				w[r][j] = float64(rng.IntN(5))
				if trial == 1 {
					w[r][j] = rng.NormFloat64()
				}
			}
		}
		for n := range BlockRows + 1 {
			var out [8]float64
			dot8(&x[0], &w, n, &out)
			for r := range w {
				want := floats.Dot(w[r][:n], x[:n])
				if math.Float64bits(out[r]) != math.Float64bits(want) && !(math.IsNaN(out[r]) && math.IsNaN(want)) {
					t.Fatalf("n = %d, trial %d, resample %d: dot8 %v, floats.Dot %v", n, trial, r, out[r], want)
				}
			}
		}
	}
}

// BenchmarkDot8 is eight dot products of a block's length.
func BenchmarkDot8(b *testing.B) {
	x := make([]float64, BlockRows)
	var w [8][BlockRows]float64
	for j := range x {
		x[j] = float64(j) * 0.37
		for r := range w {
			w[r][j] = float64((j + r) % 3)
		}
	}
	var out [8]float64
	b.ReportAllocs()
	for b.Loop() {
		dot8(&x[0], &w, BlockRows, &out)
	}
}

// BenchmarkDot4 is four dot products of a block's length, as the
// bootstrap takes them.
func BenchmarkDot4(b *testing.B) {
	x := make([]float64, BlockRows)
	var w [4][BlockRows]float64
	for j := range x {
		x[j] = float64(j) * 0.37
		for r := range w {
			w[r][j] = float64((j + r) % 3)
		}
	}
	var out [4]float64
	b.ReportAllocs()
	for b.Loop() {
		dot4(&x[0], &w[0][0], &w[1][0], &w[2][0], &w[3][0], BlockRows, &out)
	}
}

// BenchmarkDot4Gonum is the same four with floats.Dot, one at a time.
func BenchmarkDot4Gonum(b *testing.B) {
	x := make([]float64, BlockRows)
	var w [4][BlockRows]float64
	for j := range x {
		x[j] = float64(j) * 0.37
		for r := range w {
			w[r][j] = float64((j + r) % 3)
		}
	}
	var out [4]float64
	b.ReportAllocs()
	for b.Loop() {
		for r := range w {
			out[r] = floats.Dot(w[r][:], x)
		}
	}
}
