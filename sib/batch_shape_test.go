package sib

import (
	"math"
	"math/rand/v2"
	"testing"
)

// shapeFlows is a block of P rows of B lanes of flows shaped as SIB
// series are (calls, returns, fees called again, zeros around them), with
// some lanes whose running totals come within rounding of 0, some with a
// flow that is not finite or tiny, and some with no flows or one sign.
func shapeFlows(r *rand.Rand, B, P int) []float64 {
	x := make([]float64, B*P)
	for l := range B {
		col := make([]float64, P)
		kind := r.IntN(10)
		for t := range col {
			switch {
			case r.IntN(4) == 0:
				col[t] = 0
			case kind == 0: // one sign
				col[t] = r.Float64() * 1e5
			case kind == 1:
				col[t] = -r.Float64() * 1e5
			default:
				col[t] = (r.Float64() - 0.45) * math.Pow(10, float64(r.IntN(7)))
			}
			if r.IntN(50) == 0 {
				col[t] = []float64{math.Copysign(0, -1), 5e-324, -5e-324, math.NaN(), math.Inf(1), math.Inf(-1), math.MaxFloat64}[r.IntN(7)]
			}
		}
		switch kind {
		case 2:
			// Running totals through 0: a flow and its opposite.
			if P >= 3 {
				i := r.IntN(P - 1)
				col[i+1] = -col[i]
			}
		case 3:
			clear(col)
		case 4:
			// Totals within 1e-12 of their scale of 0, but not 0.
			if P >= 2 {
				col[0] = -1e6
				col[P-1] = 1e6 * (1 + 1e-13)
			}
		}
		for t, f := range col {
			x[t*B+l] = f
		}
	}
	return x
}

// TestShapes: shapes gives, lane by lane, what periodicShape and
// runningChanges give on the lane's column, and its assembly the Go
// loop's results bit for bit, at every block size from 1 to 13 lanes and
// 128, and lengths from 1 to 30 periods.
func TestShapes(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	sizes := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 128}
	var checked, partial, unsure int
	for round := range 40 {
		for _, B := range sizes {
			P := 1 + r.IntN(30)
			x := shapeFlows(r, B, P)
			fo, io := make([]float64, shFloats*B), make([]int64, shInts*B)
			shapes(x, B, P, fo, io)
			fo2, io2 := make([]float64, shFloats*B), make([]int64, shInts*B)
			for l := range B {
				shapeLane(x, B, P, l, fo2, io2)
			}
			col := make([]float64, P)
			for l := range B {
				for k := range shInts {
					if io[k*B+l] != io2[k*B+l] {
						t.Fatalf("round %d, B %d, P %d, lane %d: io row %d is %d, the Go loop's %d", round, B, P, l, k, io[k*B+l], io2[k*B+l])
					}
				}
				for tt := range col {
					col[tt] = x[tt*B+l]
				}
				st, f, sh := periodicShape(col)
				gst, first, last, gsh, abs, fwd, back, total, ok := laneShape(B, l, fo, io)
				if gst != st {
					t.Fatalf("round %d, B %d, P %d, lane %d: status %v, periodicShape's %v (%v)", round, B, P, l, gst, st, col)
				}
				if st != OK {
					continue
				}
				for k := range shFloats {
					if math.Float64bits(fo[k*B+l]) != math.Float64bits(fo2[k*B+l]) {
						t.Fatalf("round %d, B %d, P %d, lane %d: fo row %d is %v, the Go loop's %v", round, B, P, l, k, fo[k*B+l], fo2[k*B+l])
					}
				}
				checked++
				if len(f) != last-first+1 || &col[first] != &f[0] {
					t.Fatalf("round %d, lane %d: span [%d, %d], periodicShape's %d flows", round, l, first, last, len(f))
				}
				gsh.bounds(abs)
				if gsh != sh {
					t.Fatalf("round %d, lane %d: shape %+v, periodicShape's %+v", round, l, gsh, sh)
				}
				wf, wb, wt, wok := runningChanges(f)
				if ok != wok || fwd != wf || back != wb || math.Float64bits(total) != math.Float64bits(wt) {
					t.Fatalf("round %d, lane %d: counts %d, %d, total %v, ok %v; runningChanges's %d, %d, %v, %v (%v)", round, l, fwd, back, total, ok, wf, wb, wt, wok, f)
				}
				if sh.changes > 1 {
					partial++
				}
				if !ok {
					unsure++
				}
			}
		}
	}
	t.Logf("%d lanes with both signs checked: %d with several sign changes, %d with a running total within rounding of 0", checked, partial, unsure)
	if unsure == 0 {
		t.Error("no lane's running totals came near 0")
	}
}

// TestBoundBelow: boundBelow is at most bound, and bound itself where it
// says so, from the smallest quotients to the largest.
func TestBoundBelow(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for i := range 200000 {
		l := math.Ldexp(r.Float64()-0.5, r.IntN(2000)-1000)
		rr := math.Ldexp(r.Float64(), r.IntN(2000)-1000)
		switch i % 50 {
		case 0:
			l = 0
		case 1:
			rr = 0
		case 2:
			rr = math.Abs(l) * (1 + float64(r.IntN(5))) // quotients at powers of two
		}
		low, exact := boundBelow(l, rr)
		b := bound(l, rr, 1)
		if low > b || (exact && low != b) {
			t.Fatalf("boundBelow(%v, %v) = %v, %v; bound %v", l, rr, low, exact, b)
		}
	}
}
