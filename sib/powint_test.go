package sib

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestPowInt: powInt is math.Pow bit for bit: random bases across the
// range and at its edges, every exponent from −20 to 20, and the special
// values.
func TestPowInt(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	special := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 2, math.Inf(1), math.Inf(-1), math.NaN(),
		0x1p-60, 0x1p60, math.Nextafter(0x1p-60, 0), math.Nextafter(0x1p60, math.Inf(1)), 5e-324, math.MaxFloat64, 1e-300, 1e300}
	check := func(x float64, n int) {
		got, want := powInt(x, n), math.Pow(x, float64(n))
		if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Fatalf("powInt(%v, %d) = %v, math.Pow's %v", x, n, got, want)
		}
	}
	for n := -20; n <= 20; n++ {
		for _, x := range special {
			check(x, n)
			check(-x, n)
		}
		for range 20000 {
			var x float64
			switch r.IntN(3) {
			case 0: // rates, decays and growth factors near 1
				x = 1 + (r.Float64()-0.5)*0.6
			case 1: // any scale
				x = math.Ldexp(0.5+r.Float64()/2, r.IntN(160)-80)
			default:
				x = r.Float64() * 4
			}
			if r.IntN(8) == 0 {
				x = -x
			}
			check(x, n)
		}
	}
}
