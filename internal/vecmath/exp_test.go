package vecmath

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestExpAVX2: expAVX2, where it may be used, gives math.Exp bit
// for bit on every lane it does not flag, leaves the others as they are,
// and flags no lane whose result is a normal number.
func TestExpAVX2(t *testing.T) {
	if !hasExpFMA {
		t.Skip("no AVX2 and FMA")
	}
	r := rand.New(rand.NewPCG(41, 42))
	special := []float64{0, math.Copysign(0, -1), 1, -1, math.NaN(), math.Inf(1), math.Inf(-1),
		709.782712893384, math.Nextafter(709.782712893384, 1000), 709.78, -708.39, -708.4, -745.2, -746,
		0.5 * math.Ln2, -0.5 * math.Ln2, 1e-300, -1e-300, 1e300, 88.7, -87.3}
	x := make([]float64, 64)
	in := make([]float64, 64)
	var flagged int
	for round := range 20000 {
		n := 4 * (1 + round%16)
		for i := range in[:n] {
			switch r.IntN(4) {
			case 0:
				in[i] = special[r.IntN(len(special))]
			case 1:
				in[i] = (r.Float64()*2 - 1) * 760
			default:
				in[i] = r.NormFloat64() * 3
			}
		}
		copy(x, in[:n])
		out := expAVX2(x[:n])
		for i := range n {
			want := math.Exp(in[i])
			if out>>i&1 != 0 {
				flagged++
				if math.Float64bits(x[i]) != math.Float64bits(in[i]) {
					t.Fatalf("lane %d flagged, x %v: set to %v", i, in[i], x[i])
				}
				if math.Abs(want) >= 0x1p-1022 && !math.IsInf(want, 0) && in[i] < 709 {
					t.Fatalf("lane %d: x %v flagged, math.Exp %v", i, in[i], want)
				}
				continue
			}
			if math.Float64bits(x[i]) != math.Float64bits(want) {
				t.Fatalf("lane %d: expAVX2(%v) = %v, math.Exp %v", i, in[i], x[i], want)
			}
		}
	}
	t.Logf("%d lanes flagged", flagged)
}

// TestExp: Exp is math.Exp bit for bit at every length, whether a lane
// goes through the assembly or not.
func TestExp(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	special := []float64{0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1), 709.78, 709.79, -708.39, -708.4, -745.1, -745.2, 1e-300, -1e-300, 5e-324, 1e300, -1e300, 88.7, -0.5, 0.5, 2147483648, -2147483649}
	for round := range 2000 {
		n := r.IntN(140)
		x := make([]float64, n)
		for i := range x {
			switch r.IntN(5) {
			case 0:
				x[i] = special[r.IntN(len(special))]
			case 1:
				x[i] = (r.Float64() - 0.5) * 1500
			case 2:
				x[i] = (r.Float64() - 0.5) * 0.2
			default:
				x[i] = (r.Float64() - 0.5) * 40
			}
		}
		got := append([]float64(nil), x...)
		Exp(got)
		for i := range x {
			want := math.Exp(x[i])
			if math.Float64bits(got[i]) != math.Float64bits(want) && !(math.IsNaN(got[i]) && math.IsNaN(want)) {
				t.Fatalf("round %d: Exp(%v) = %v, math.Exp's %v", round, x[i], got[i], want)
			}
		}
	}
}
