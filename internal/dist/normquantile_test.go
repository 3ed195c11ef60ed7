package dist

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mathext"
)

// TestNormalQuantileMatchesGonum: normalQuantile is
// mathext.NormalQuantile bit for bit: at the ends of its three ranges
// (|p − 1/2| = 0.425, r = 5) and their neighbours, 0, 1 and NaN, and
// millions of random p spread uniformly and in magnitude down to 2^−1000
// at either end; and it panics where gonum does.
func TestNormalQuantileMatchesGonum(t *testing.T) {
	check := func(p float64) {
		t.Helper()
		if got, want := normalQuantile(p), mathext.NormalQuantile(p); math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("normalQuantile(%v) = %v, gonum gives %v", p, got, want)
		}
	}
	edges := []float64{0.075, 0.925, 0.5, math.Exp(-25), 1 - math.Exp(-25), 0x1p-60, 1 - 0x1p-53,
		math.SmallestNonzeroFloat64, 1, 0}
	for _, e := range edges {
		for _, p := range []float64{e, math.Nextafter(e, 0), math.Nextafter(e, 1)} {
			check(p)
		}
	}
	check(math.NaN())
	r := rand.New(rand.NewPCG(1, 2))
	n := 3_000_000
	if testing.Short() {
		n = 300_000
	}
	for range n {
		u := r.Float64()
		check(u)
		check(1 - u)
		tiny := math.Ldexp(1+r.Float64(), -r.IntN(1000)-1)
		check(tiny)
		check(1 - tiny)
	}
	for _, p := range []float64{-0.1, 1.1, math.Inf(1), math.Inf(-1)} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("normalQuantile(%v) does not panic", p)
				}
			}()
			normalQuantile(p)
		}()
	}
}

// TestErfinvCentralMatchesMath: erfinvCentral is math.Erfinv bit for bit
// over |x| ≤ 0.85, of either sign and ±0, at random and at the ends.
func TestErfinvCentralMatchesMath(t *testing.T) {
	check := func(x float64) {
		t.Helper()
		if got, want := erfinvCentral(x), math.Erfinv(x); math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("erfinvCentral(%v) = %v, math.Erfinv gives %v", x, got, want)
		}
	}
	for _, x := range []float64{0, math.Copysign(0, -1), 0.85, -0.85, 0.5, -0.5, math.Nextafter(0.5, 1), math.SmallestNonzeroFloat64} {
		check(x)
	}
	r := rand.New(rand.NewPCG(5, 6))
	for range 2_000_000 {
		check((2*r.Float64() - 1) * 0.85)
		check(math.Copysign(math.Ldexp(1+r.Float64(), -r.IntN(1000)-2), r.Float64()-0.5))
	}
}
