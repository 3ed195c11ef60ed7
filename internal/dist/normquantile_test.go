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

// TestNormQuantileAVX: normQuantileAVX, where there is AVX2, gives
// normalQuantile bit for bit on every lane it does not flag, across both
// ranges, the far tails (r about 5 and beyond), subnormals, the ends and
// NaN; and flags no lane of the central range or the tails' first range
// at normal probabilities.
func TestNormQuantileAVX(t *testing.T) {
	if !hasAVX2 {
		t.Skip("no AVX2")
	}
	r := rand.New(rand.NewPCG(31, 32))
	e25 := math.Exp(-25)
	special := []float64{0, 1, math.NaN(), -0.5, 1.5, math.Inf(1), 0.5, 0.075, 0.925,
		math.Nextafter(0.075, 0), math.Nextafter(0.925, 1), 1e-300, 5e-324, 1e-310,
		math.SmallestNonzeroFloat64, 0x1p-1022, math.Nextafter(0x1p-1022, 0), 1 - 0x1p-53,
		e25, math.Nextafter(e25, 0), math.Nextafter(e25, 1), 1 - e25, 1e-10, 0x1p-60}
	p := make([]float64, 64)
	x := make([]float64, 64)
	var flagged, lanes int
	for round := range 20000 {
		n := 4 * (1 + round%16)
		for i := range p[:n] {
			switch r.IntN(4) {
			case 0:
				p[i] = special[r.IntN(len(special))]
			case 1:
				p[i] = math.Exp(-30 * r.Float64()) // the tails, down to r ≈ 5.5
				if r.IntN(2) == 0 {
					p[i] = 1 - p[i]
				}
			default:
				p[i] = (float64(r.Uint64()>>11) + 0.5) / (1 << 53)
			}
		}
		out := normQuantileAVX(x[:n], p[:n])
		for i := range n {
			lanes++
			if out>>i&1 != 0 {
				flagged++
				if math.Float64bits(x[i]) != math.Float64bits(p[i]) {
					t.Fatalf("lane %d, flagged, p %v: set to %v", i, p[i], x[i])
				}
				if q := min(p[i], 1-p[i]); p[i] > 0 && p[i] < 1 && q >= 0x1p-1022 && q > 1.4e-11 {
					t.Fatalf("lane %d: p %v flagged", i, p[i])
				}
				continue
			}
			if got, want := x[i], normalQuantile(p[i]); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("lane %d: normQuantileAVX(%v) = %v, normalQuantile %v", i, p[i], got, want)
			}
		}
	}
	t.Logf("%d of %d lanes flagged", flagged, lanes)
}
