package sib

import (
	"math"
	"math/rand/v2"
	"testing"

	"golang.org/x/sys/cpu"
)

// TestLaneOpsAsm: each width of the assembly (SSE2, and AVX2 where the
// processor has it) gives the Go loop's result bit for bit, whichever
// width the wrappers use on this machine.
func TestLaneOpsAsm(t *testing.T) {
	type ops struct {
		width       int
		addMul      func(dst, x, y []float64)
		add         func(dst, x []float64)
		addPair     func(g, c, size, x, y []float64)
		name        string
		unsupported bool
	}
	widths := []ops{
		{4, addMulSSE2, addSSE2, addPairSSE2, "SSE2", false},
		{8, addMulAVX2, addAVX2, addPairAVX2, "AVX2", !cpu.X86.HasAVX2},
	}
	r := rand.New(rand.NewPCG(3, 4))
	for _, w := range widths {
		if w.unsupported {
			t.Logf("%s: not on this processor", w.name)
			continue
		}
		for round := range 50 {
			for n := 0; n <= 72; n += w.width {
				x, y, d := laneValues(r, n), laneValues(r, n), laneValues(r, n)
				c, s := laneValues(r, n), laneValues(r, n)
				got, want := append([]float64(nil), d...), append([]float64(nil), d...)
				w.addMul(got, x, y)
				for i := range want {
					want[i] += x[i] * y[i]
				}
				if !sameBits(got, want) {
					t.Fatalf("%s round %d, n %d: addMul differs", w.name, round, n)
				}
				got, want = append([]float64(nil), d...), append([]float64(nil), d...)
				w.add(got, x)
				for i := range want {
					want[i] += x[i]
				}
				if !sameBits(got, want) {
					t.Fatalf("%s round %d, n %d: add differs", w.name, round, n)
				}
				g1, c1, s1 := append([]float64(nil), d...), append([]float64(nil), c...), append([]float64(nil), s...)
				g2, c2, s2 := append([]float64(nil), d...), append([]float64(nil), c...), append([]float64(nil), s...)
				w.addPair(g1, c1, s1, x, y)
				for i := range g2 {
					g2[i] += x[i]
					c2[i] += y[i]
					s2[i] += math.Abs(x[i]) + math.Abs(y[i])
				}
				if !sameBits(g1, g2) || !sameBits(c1, c2) || !sameBits(s1, s2) {
					t.Fatalf("%s round %d, n %d: addPair differs", w.name, round, n)
				}
			}
		}
	}
}

// TestExpLanes: expLanes is math.Exp bit for bit, on arguments across
// the range, the ends of the normal results, and the special values;
// whether expAVX2 flags a lane or not, the result is math.Exp's.
func TestExpLanes(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	special := []float64{0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1), 709.78, 709.79, -708.39, -708.4, -745.1, -745.2, 1e-300, -1e-300, 5e-324, 1e300, -1e300, 88.7, -0.5, 0.5, 2147483648, -2147483649}
	if !hasFMA || asmWidth != 8 {
		t.Log("no AVX2 and FMA here: expLanes is math.Exp lane by lane")
	} else {
		// Ordinary arguments are the assembly's, not flagged.
		x, dst := []float64{-3, 0.01, 12.5, -600}, make([]float64, 4)
		if sp := expAVX2(dst, x); sp != 0 {
			t.Fatalf("expAVX2 flags %b of %v", sp, x)
		}
	}
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
		dst := make([]float64, n)
		expLanes(dst, x)
		for i := range x {
			want := math.Exp(x[i])
			if math.Float64bits(dst[i]) != math.Float64bits(want) && !(math.IsNaN(dst[i]) && math.IsNaN(want)) {
				t.Fatalf("round %d: exp(%v) = %v, math.Exp's %v", round, x[i], dst[i], want)
			}
		}
	}
}
