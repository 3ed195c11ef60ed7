package sib

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// irrEdgeCases are flows, all of length irrEdgeP, on which the batched
// IRR solver must give the scalar solver's result bit for bit: each path
// of the scalar solver, and each way it has of having no IRR.
const irrEdgeP = 24

func irrEdgeCases() [][]float64 {
	pad := func(f ...float64) []float64 {
		out := make([]float64, irrEdgeP)
		copy(out, f)
		return out
	}
	shift := func(k int, f []float64) []float64 {
		out := make([]float64, irrEdgeP)
		copy(out[k:], f)
		return out
	}
	cases := [][]float64{
		pad(),                                  // all zero: NoFlows
		pad(-100, -50, 0, -3),                  // all negative: TotalLoss
		pad(0, 100, 50),                        // all positive: NoOutflow
		pad(-100, math.NaN(), 200),             // NotFinite
		pad(-100, math.Inf(1)),                 // NotFinite
		pad(-100, 100),                         // a root at 0 exactly
		pad(-100, 100.0000001),                 // a root near 0, above
		pad(-100, 99.9999999),                  // a root near 0, below
		pad(-100, 0, 0, 0, 0, 0, 0, 100+1e-9),  // near 0, long
		pad(-100, 1e-10),                       // near −100%
		pad(-100, 1e-300),                      // within rounding of −100%: polyRoot gives up
		pad(-100, 5e-324),                      // the smallest inflow
		pad(-1, 1e6),                           // a large rate
		pad(-1, 1e300),                         // a huge rate
		pad(-1e-300, 1e300),                    // larger still
		pad(-100, 230, -132),                   // two roots, 10% and 20%
		pad(-100, 300, -300, 100),              // a triple root at 0
		pad(-100, 250, -150),                   // roots at 0 and 50%
		pad(-100, 100, -100, 100),              // several sign changes
		pad(100, -300, 250),                    // no root: both ends positive
		pad(-100, 50, 50, -10, 30),             // recycled call: partial, one root above 0
		pad(100, -200, 10, 10, 10, 10),         // a loan repaid: one root below 0 (partial)
		pad(-100, 60, -20, 80, -5, 10, 1, -1),  // many sign changes
		shift(5, []float64{-100, 10, 10, 110}), // leading zeros
		shift(23, []float64{-100}),             // one flow at the end
		shift(20, []float64{-100, 0, 0, 130}),  // a root at the last period
		pad(-100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 101),
		pad(-1e9, 1, 1, 1, 1, 1, 1, 1e9), // nearly flat
	}
	// Heavy losses, as the Estonian deal's worst draws make them:
	// calls, a little back, then the intermediary's fee called each
	// quarter. The running totals change sign two or more times from
	// the last flow: partial's pivots (pivotOf) find their roots, or show
	// there is none, or narrow the grid scan to a cell or two.
	for _, f := range [][]float64{
		{-47369, -31812, -54864, -54864, -53896, -31588, -54629, -32828, -33109, -12604, -2000, 20480, -2000, 70, -2000, 23, -2000, -97, -2000, 86},
		{-46989, -30862, -54992, -54992, -58434, -13643, -61259, -13035, -37806, 9852, -1999, 51669, -2000, -2000, -2000, -2000, -2000, -2000, -2000, -2000},
		{-45654, -29756, -53007, -53007, -56513, -8242, -57489, -5036, -34389, 18264, -2000, 52592, -1999, -2000, -2000, -2000, -2000, -2000, -2000, -2000},
		{-45209, -29719, -52564, -52564, -51376, -31110, -45632, -24120, -26151, -7743, -2000, 14188, -2000, 1891, -2000, 2130, -2000, 1534, -2000, 1108},
	} {
		cases = append(cases, pad(f...))
		g := slices.Clone(f) // and a little less back
		g[11] *= 0.7
		cases = append(cases, pad(g...))
	}
	// Investors' series as the engine makes them, perturbed: calls,
	// coupons and a final repayment, sometimes a recycled call.
	rng := rand.New(rand.NewPCG(19, 7))
	for range 400 {
		f := make([]float64, irrEdgeP)
		start := rng.IntN(3)
		end := irrEdgeP - rng.IntN(4)
		calls := 1 + rng.IntN(4)
		for i := start; i < end; i++ {
			switch {
			case i < start+calls:
				f[i] = -1000 * (1 + rng.Float64())
			case rng.IntN(6) == 0:
				f[i] = -200 * rng.Float64() // a recycled call
			case rng.IntN(3) > 0:
				f[i] = 300 * rng.Float64()
			}
		}
		f[end-1] += 3000 * rng.Float64() * float64(calls)
		cases = append(cases, f)
	}
	return cases
}

// TestBatchIRRBitIdentical checks irrBlock against m.returns's solver
// (annualise(solvePeriodic(...))), bit for bit, on irrEdgeCases in blocks
// of 1, 7 and 64 lanes (the cases in turn, so that a block mixes paths),
// with 1 and 4 periods a year, and with lanes left out.
func TestBatchIRRBitIdentical(t *testing.T) {
	cases := irrEdgeCases()
	batched := 0
	for _, ppy := range []int{1, 4} {
		m := &Model{ppy: ppy}
		for _, B := range []int{1, 7, 64} {
			ib := newIRRBlock(B, irrEdgeP)
			x := make([]float64, irrEdgeP*B)
			use := make([]bool, B)
			for from := 0; from < len(cases); from += B {
				for l := range B {
					c := cases[(from+l)%len(cases)]
					for t := range c {
						x[t*B+l] = c[t]
					}
					use[l] = (from+l)%11 != 10
				}
				ib.solve(m, x, use)
				for l := range B {
					if !use[l] {
						continue
					}
					c := cases[(from+l)%len(cases)]
					want := annualise(solvePeriodic(c, roots{perYear: ppy}), ppy)
					got := ib.res[l]
					if math.Float64bits(got.Rate) != math.Float64bits(want.Rate) || got.Status != want.Status ||
						got.Roots != want.Roots || math.Float64bits(got.Other) != math.Float64bits(want.Other) {
						t.Fatalf("ppy %d, B %d, case %d %v: got %+v, want %+v", ppy, B, (from+l)%len(cases), c, got, want)
					}
					batched++
				}
			}
		}
	}
	if batched < 2000 {
		t.Errorf("only %d lanes checked", batched)
	}
}

// TestBatchIRRPaths checks that the edge cases do take the batched
// solver's paths: a lane that ends in each stage.
func TestBatchIRRPaths(t *testing.T) {
	cases := irrEdgeCases()
	B := len(cases)
	ib := newIRRBlock(B, irrEdgeP)
	x := make([]float64, irrEdgeP*B)
	use := make([]bool, B)
	for l, c := range cases {
		for t := range c {
			x[t*B+l] = c[t]
		}
		use[l] = true
	}
	// Count the lanes the machine takes: those given a degree (a fresh
	// block's others keep 0).
	ib.solve(&Model{ppy: 4}, x, use)
	n := 0
	for l := range B {
		if ib.ln[l].m > 0 {
			n++
		}
	}
	if n < B/2 {
		t.Errorf("%d of %d lanes solved by the batch", n, B)
	}
	t.Logf("%d of %d lanes solved by the batch", n, B)
}

// TestIRREvaluate: irrBlock.evaluate's assembly gives value1's and
// poly1's results bit for bit, lane by lane, from either table, on
// random tables of even degrees 2 to 40 and variables in (0, 1].
func TestIRREvaluate(t *testing.T) {
	if !useAsm || asmWidth != 8 {
		t.Skip("no AVX2 here: evaluate runs value1 and poly1 themselves")
	}
	r := rand.New(rand.NewPCG(13, 14))
	for round := range 300 {
		B := 1 + r.IntN(40)
		M := 2 * (1 + r.IntN(20))
		ib := newIRRBlock(B, M+1)
		ib.M = M
		W := ib.W
		for i := range ib.ft[:(M+1)*W] {
			ib.ft[i] = (r.Float64() - 0.5) * math.Pow(10, float64(r.IntN(12)-4))
			ib.gt[i] = (r.Float64() - 0.5) * math.Pow(10, float64(r.IntN(12)-4))
			if r.IntN(5) == 0 {
				ib.ft[i] = 0
			}
		}
		all := math.Float64frombits(^uint64(0))
		for l := range W {
			ib.arg[l] = r.Float64()
			if r.IntN(6) == 0 {
				ib.arg[l] = math.Exp(-r.Float64() * 40)
			}
			ib.scale[l] = -ib.arg[l]
			ib.sel[l] = 0
			if r.IntN(2) == 0 {
				ib.sel[l] = all
			}
		}
		var groups []int32
		for g := range W / 4 {
			if r.IntN(3) != 0 {
				groups = append(groups, int32(g))
			}
		}
		if len(groups) == 0 {
			continue
		}
		ib.evaluate(groups, groups)
		y, dy, yv := append([]float64(nil), ib.y...), append([]float64(nil), ib.dy...), append([]float64(nil), ib.yv...)
		for _, g := range groups {
			for l := int(g) * 4; l < int(g)*4+4; l++ {
				ib.value1(l)
				ib.poly1(l)
				if math.Float64bits(ib.yv[l]) != math.Float64bits(yv[l]) || math.Float64bits(ib.y[l]) != math.Float64bits(y[l]) || math.Float64bits(ib.dy[l]) != math.Float64bits(dy[l]) {
					t.Fatalf("round %d, lane %d: assembly %v %v %v, Go %v %v %v", round, l, yv[l], y[l], dy[l], ib.yv[l], ib.y[l], ib.dy[l])
				}
			}
		}
	}
}
