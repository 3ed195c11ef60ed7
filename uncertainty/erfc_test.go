package uncertainty

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestErfcMatchesMath: erfc is math.Erfc bit for bit, at the ends of its
// ranges and their neighbours, the special values, and millions of
// random arguments of either sign over every range (normal scores such
// as phi is given, and ones spread in magnitude up to 2^±60).
func TestErfcMatchesMath(t *testing.T) {
	check := func(x float64) {
		t.Helper()
		if got, want := erfc(x), math.Erfc(x); math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("erfc(%v) = %v, math.Erfc gives %v", x, got, want)
		}
	}
	edges := []float64{0, 1.0 / (1 << 56), 0.25, 0.84375, 1.25, 1 / 0.35, 6, 28,
		math.SmallestNonzeroFloat64, math.MaxFloat64, math.Inf(1), 5 / math.Sqrt2, 1}
	for _, e := range edges {
		for _, x := range []float64{e, math.Nextafter(e, 0), math.Nextafter(e, math.Inf(1))} {
			check(x)
			check(-x)
		}
	}
	check(math.NaN())
	check(math.Copysign(math.NaN(), -1))
	r := rand.New(rand.NewPCG(1, 2))
	n := 3_000_000
	if testing.Short() {
		n = 300_000
	}
	for range n {
		check(r.NormFloat64() / math.Sqrt2)
		check(r.NormFloat64() * 3)
		check(math.Copysign(math.Ldexp(1+r.Float64(), r.IntN(121)-60), r.Float64()-0.5))
	}
}

// TestPhisMatchesPhi: phis gives phi bit for bit lane by lane, in place
// and not, for blocks of every length up to 200 (more than one chunk of
// 64) of normal scores, scores at the ends of erfc's ranges, and the
// special values.
func TestPhisMatchesPhi(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var pool []float64
	for _, e := range []float64{0, 1.0 / (1 << 56), 0.25, 0.84375, 1.25, 1 / 0.35, 6, 28, math.MaxFloat64} {
		for _, x := range []float64{e, math.Nextafter(e, 0), math.Nextafter(e, math.Inf(1))} {
			pool = append(pool, x*math.Sqrt2, -x*math.Sqrt2, x, -x)
		}
	}
	pool = append(pool, math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1))
	z := make([]float64, 200)
	x := make([]float64, 200)
	for round := range 20_000 {
		n := round % 201
		for l := range z[:n] {
			if r.IntN(8) == 0 {
				z[l] = pool[r.IntN(len(pool))]
			} else {
				z[l] = r.NormFloat64() * (1 + float64(round%3))
			}
		}
		phis(x[:n], z[:n])
		for l := range n {
			if got, want := x[l], phi(z[l]); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("phis at %v: %v, phi gives %v", z[l], got, want)
			}
		}
		phis(z[:n], z[:n]) // in place
		for l := range n {
			if math.Float64bits(z[l]) != math.Float64bits(x[l]) {
				t.Fatalf("phis in place, lane %d: %v, want %v", l, z[l], x[l])
			}
		}
	}
}
