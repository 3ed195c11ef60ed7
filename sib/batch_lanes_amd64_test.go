//go:build !noasm && !gccgo && !safe

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
