package sib

import (
	"math"
	"math/rand/v2"
	"testing"
)

// laneValues draws n values: mostly money-sized, with zeros of both
// signs, infinities, NaNs, subnormals and the extremes among them.
func laneValues(r *rand.Rand, n int) []float64 {
	special := []float64{0, math.Copysign(0, -1), 1, -1, math.Inf(1), math.Inf(-1), math.NaN(), 5e-324, -5e-324, math.MaxFloat64, -math.MaxFloat64, 2.2250738585072014e-308}
	x := make([]float64, n)
	for i := range x {
		switch r.IntN(4) {
		case 0:
			x[i] = special[r.IntN(len(special))]
		default:
			x[i] = (r.Float64() - 0.3) * math.Pow(10, float64(r.IntN(14)-4))
		}
	}
	return x
}

// sameBits reports whether a and b are equal bit for bit, NaNs apart
// (a NaN's payload is not an output).
func sameBits(a, b []float64) bool {
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}

// TestLaneOps: each row operation gives the plain Go loop's result bit
// for bit, at every length from 0 to 70 (the assembly's groups and the
// Go tail), on values that include signed zeros, infinities, NaNs and
// subnormals; on amd64 with AVX2 that is the AVX2 assembly
// (TestLaneOpsAsm checks SSE2's too).
func TestLaneOps(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 50 {
		for n := range 71 {
			x, y, d := laneValues(r, n), laneValues(r, n), laneValues(r, n)
			c, s := laneValues(r, n), laneValues(r, n)

			got, want := append([]float64(nil), d...), append([]float64(nil), d...)
			addMul(got, x, y)
			for i := range want {
				want[i] += x[i] * y[i]
			}
			if !sameBits(got, want) {
				t.Fatalf("round %d, n %d: addMul differs", round, n)
			}

			got, want = append([]float64(nil), d...), append([]float64(nil), d...)
			add(got, x)
			for i := range want {
				want[i] += x[i]
			}
			if !sameBits(got, want) {
				t.Fatalf("round %d, n %d: add differs", round, n)
			}

			got, want = append([]float64(nil), d...), append([]float64(nil), d...)
			mul(got, x, y)
			for i := range want {
				want[i] = x[i] * y[i]
			}
			if !sameBits(got, want) {
				t.Fatalf("round %d, n %d: mul differs", round, n)
			}

			got, want = append([]float64(nil), d...), append([]float64(nil), d...)
			k := r.NormFloat64()
			scale(got, x, k)
			for i := range want {
				want[i] = x[i] * k
			}
			if !sameBits(got, want) {
				t.Fatalf("round %d, n %d: scale differs", round, n)
			}

			g1, c1, s1 := append([]float64(nil), d...), append([]float64(nil), c...), append([]float64(nil), s...)
			g2, c2, s2 := append([]float64(nil), d...), append([]float64(nil), c...), append([]float64(nil), s...)
			addPair(g1, c1, s1, x, y)
			for i := range g2 {
				g2[i] += x[i]
				c2[i] += y[i]
				s2[i] += math.Abs(x[i]) + math.Abs(y[i])
			}
			if !sameBits(g1, g2) || !sameBits(c1, c2) || !sameBits(s1, s2) {
				t.Fatalf("round %d, n %d: addPair differs", round, n)
			}

			a1, p1 := append([]float64(nil), x...), append([]float64(nil), d...)
			a2, p2 := append([]float64(nil), x...), append([]float64(nil), d...)
			clampPaid(a1, p1)
			for i := range a2 {
				v := max(a2[i], 0)
				p2[i] += v
				a2[i] = v
			}
			if !sameBits(a1, a2) || !sameBits(p1, p2) {
				t.Fatalf("round %d, n %d: clampPaid differs", round, n)
			}

			// savingRows, stepRows and grossRows against their formulas,
			// over 0 to 3 rows, each row kept or started; stepRows's c is a
			// sum from +0: never −0. ppy 1, 2 and 4 divide as products in
			// the assembly, 12 as a division.
			st := laneValues(r, n)
			for i := range st {
				if r.IntN(3) == 0 {
					st[i] = float64(r.IntN(400)) // whole steps, as step_size
				}
			}
			ppy := float64([]int{1, 2, 4, 12}[r.IntN(4)])
			for rows := range 4 {
				g, c, u := laneValues(r, rows*n), laneValues(r, rows*n), laneValues(r, rows*n)
				for i := range c {
					if c[i] == 0 {
						c[i] = 0
					}
				}
				kg, kc := r.IntN(2) == 0, r.IntN(2) == 0
				if len(g) > 0 && r.IntN(3) == 0 {
					// A row started holds whatever the last block left.
					g[0], c[0] = math.NaN(), math.Inf(-1)
				}
				start := func(x float64, keep bool) float64 {
					if keep {
						return x
					}
					return 0
				}
				g1, c1 := append([]float64(nil), g...), append([]float64(nil), c...)
				g2, c2 := append([]float64(nil), g...), append([]float64(nil), c...)
				savingRows(g1, c1, u, y, kg, kc)
				for i := range g2 {
					g2[i] = start(g2[i], kg) + u[i]*y[i%n]
					c2[i] = start(c2[i], kc) + u[i]*y[i%n]
				}
				if !sameBits(g1, g2) || !sameBits(c1, c2) {
					t.Fatalf("round %d, n %d, %d rows, keep %v %v: savingRows differs", round, n, rows, kg, kc)
				}
				g1, c1 = append([]float64(nil), g...), append([]float64(nil), c...)
				g2, c2 = append([]float64(nil), g...), append([]float64(nil), c...)
				stepRows(g1, c1, u, st, y, ppy, kg, kc)
				for i := range g2 {
					j := i % n
					g2[i] = start(g2[i], kg) + u[i]*y[j]
					c2[i] = start(c2[i], kc)
					if s := st[j]; s > 0 {
						c2[i] += math.Trunc(u[i]*ppy/s) * s / ppy * y[j]
					}
				}
				if !sameBits(g1, g2) || !sameBits(c1, c2) {
					t.Fatalf("round %d, n %d, %d rows, ppy %v, keep %v %v: stepRows differs", round, n, rows, ppy, kg, kc)
				}
				g1, g2 = append([]float64(nil), g...), append([]float64(nil), g...)
				grossRows(g1, u, y, kg)
				for i := range g2 {
					g2[i] = start(g2[i], kg) + u[i]*y[i%n]
				}
				if !sameBits(g1, g2) {
					t.Fatalf("round %d, n %d, %d rows, keep %v: grossRows differs", round, n, rows, kg)
				}
			}
			{
				// addGross against addPair with a row of +0.
				g1, s1 := append([]float64(nil), d...), append([]float64(nil), s...)
				g2, s2 := append([]float64(nil), d...), append([]float64(nil), s...)
				c1, c2 := make([]float64, n), make([]float64, n)
				addGross(g1, s1, x)
				addPair(g2, c2, s2, x, c1)
				if !sameBits(g1, g2) || !sameBits(s1, s2) {
					t.Fatalf("round %d, n %d: addGross differs from addPair with no cashable row", round, n)
				}
			}

			for _, capped := range []bool{false, true} {
				// trancheStep against the waterfall's loop.
				in := [][]float64{laneValues(r, n), laneValues(r, n), laneValues(r, n), laneValues(r, n), laneValues(r, n)}
				if r.IntN(2) == 0 {
					copy(in[2], in[4]) // ties: the accrued return equal to what is available
				}
				a, b := make([][]float64, 7), make([][]float64, 7)
				for i := range a {
					a[i], b[i] = make([]float64, n), make([]float64, n)
					if i < len(in) {
						copy(a[i], in[i])
						copy(b[i], in[i])
					}
				}
				trancheStep(a[0], a[1], a[2], a[3], a[4], a[5], a[6], capped)
				ce, got, ac, pr, avail, ret, prin := b[0], b[1], b[2], b[3], b[4], b[5], b[6]
				for l := range ce {
					room := ce[l]
					if capped {
						room = max(room-got[l], 0)
					}
					x := min(min(ac[l], avail[l]), room)
					ac[l] -= x
					avail[l] -= x
					room -= x
					y := min(min(pr[l], avail[l]), room)
					pr[l] -= y
					avail[l] -= y
					ret[l] = x
					prin[l] = y
					got[l] += x + y
				}
				for i := range a {
					if !sameBits(a[i], b[i]) {
						t.Fatalf("round %d, n %d, capped %v: trancheStep differs in argument %d", round, n, capped, i)
					}
				}
			}

			// callFor against waterfall's loop, with and without
			// recycling; draws of 0 (costs the payments meet) now and then.
			for _, recycle := range []bool{false, true} {
				a, b := make([][]float64, 7), make([][]float64, 7)
				for i := range a {
					a[i] = laneValues(r, n)
					if i == 0 && r.IntN(2) == 0 {
						for l := range a[0] {
							if r.IntN(2) == 0 {
								a[0][l] = math.Abs(a[0][l]) + 1e6 // rc above costs: no draw
							}
						}
					}
				}
				if r.IntN(3) == 0 {
					// No costs and room to call: nothing called.
					for l := range a[1] {
						a[1][l], a[2][l] = 0, math.Abs(float64(l))
					}
				}
				for i := range a {
					b[i] = append([]float64(nil), a[i]...)
				}
				got := callFor(a[0], a[1], a[2], a[3], a[4], a[5], a[6], recycle)
				rc, costs, undrawn, use, draw, short, avail := b[0], b[1], b[2], b[3], b[4], b[5], b[6]
				want := false
				for l := range rc {
					use[l] = 0
					if recycle {
						use[l] = min(rc[l], costs[l])
					}
					draw[l] = min(costs[l]-use[l], undrawn[l])
					want = want || draw[l] != 0
					short[l] = costs[l] - use[l] - draw[l]
					avail[l] = rc[l] - use[l]
				}
				if got != want {
					t.Fatalf("round %d, n %d, recycle %v: callFor says %v, want %v", round, n, recycle, got, want)
				}
				for i := range a {
					if !sameBits(a[i], b[i]) {
						t.Fatalf("round %d, n %d, recycle %v: callFor differs in argument %d", round, n, recycle, i)
					}
				}
			}

			// callShare against callCapital's loop: draws of 0 now and
			// then, undrawn commitments near dust.
			{
				a, b := make([][]float64, 5), make([][]float64, 5)
				for i := range a {
					a[i] = laneValues(r, n)
				}
				for l := range a[0] {
					switch r.IntN(4) {
					case 0:
						a[0][l] = 0
					case 1:
						a[2][l] = a[0][l] * (1 + (r.Float64()-0.5)*1e-3) // u − d near 0
						a[1][l] = a[0][l]
					}
				}
				for i := range a {
					b[i] = append([]float64(nil), a[i]...)
				}
				callShare(a[0], a[1], a[2], a[3], a[4])
				draw, undrawn, u, dr, dk := b[0], b[1], b[2], b[3], b[4]
				for l, x := range draw {
					if x == 0 {
						continue
					}
					var d float64
					if undrawn[l] > 0 {
						d = x * u[l] / undrawn[l]
					}
					dk[l] = d
					u[l] -= d
					dr[l] += d
					if u[l]*u[l] < dust*dust {
						u[l] = 0
					}
				}
				for i := range a {
					if !sameBits(a[i], b[i]) {
						t.Fatalf("round %d, n %d: callShare differs in argument %d", round, n, i)
					}
				}
			}

			// accrue against the waterfall's loop: growth 0 now and
			// then, and amounts past the bound.
			{
				a, b := make([][]float64, 5), make([][]float64, 5)
				for i := range a {
					a[i] = laneValues(r, n)
				}
				for l := range a[0] {
					if r.IntN(3) == 0 {
						a[0][l] = 0
					}
					if r.IntN(5) == 0 {
						a[1][l] = 1e200
					}
				}
				for i := range a {
					b[i] = append([]float64(nil), a[i]...)
				}
				o1, o2 := make([]bool, n), make([]bool, n)
				accrue(a[0], a[1], a[2], a[3], a[4], o1)
				g, pr, ac, dr := b[0], b[1], b[2], b[3]
				for l := range g {
					if g[l] != 0 {
						x := (pr[l] + ac[l]) * g[l]
						if !(x*x <= maxMoney*maxMoney) {
							o2[l] = true
						}
						ac[l] += x
					}
					pr[l] += dr[l]
				}
				for i := range 4 {
					if !sameBits(a[i], b[i]) {
						t.Fatalf("round %d, n %d: accrue differs in argument %d", round, n, i)
					}
				}
				for l := range o1 {
					if o1[l] != o2[l] {
						t.Fatalf("round %d, n %d: accrue's lane %d over %v, want %v", round, n, l, o1[l], o2[l])
					}
				}
			}

			// pastBound against check's test.
			{
				x := laneValues(r, n)
				for l := range x {
					if math.IsNaN(x[l]) || math.IsInf(x[l], 0) || math.Abs(x[l]) > 1e100 {
						x[l] = 1 // laneValues's specials: often none past the bound
					}
				}
				if n > 0 && r.IntN(2) == 0 {
					x[r.IntN(n)] = []float64{math.NaN(), math.Inf(-1), 2e153, -1e200}[r.IntN(4)]
				}
				want := false
				for _, v := range x {
					want = want || !(v*v <= maxMoney*maxMoney)
				}
				if got := pastBound(x); got != want {
					t.Fatalf("round %d, n %d: pastBound %v, want %v", round, n, got, want)
				}
			}

			// addMulRows against addMul row by row.
			for rows := range 4 {
				d, x := laneValues(r, rows*n), laneValues(r, rows*n)
				y := laneValues(r, n)
				got, want := append([]float64(nil), d...), append([]float64(nil), d...)
				addMulRows(got, x, y)
				for i := range want {
					want[i] += x[i] * y[i%n]
				}
				if !sameBits(got, want) {
					t.Fatalf("round %d, n %d, %d rows: addMulRows differs", round, n, rows)
				}
			}

			// release against test's loop: some lanes pass, some hold 0.
			{
				pass := make([]bool, n)
				for l := range pass {
					pass[l] = r.IntN(2) == 0
				}
				held, due := laneValues(r, n), laneValues(r, n)
				for l := range held {
					if r.IntN(4) == 0 {
						held[l] = 0
					}
				}
				h1, d1 := append([]float64(nil), held...), append([]float64(nil), due...)
				h2, d2 := append([]float64(nil), held...), append([]float64(nil), due...)
				got := release(pass, h1, d1)
				want := false
				for l, ok := range pass {
					if ok {
						d2[l] += h2[l]
						h2[l] = 0
					}
					want = want || h2[l] != 0
				}
				if got != want || !sameBits(h1, h2) || !sameBits(d1, d2) {
					t.Fatalf("round %d, n %d: release differs (holds %v, want %v)", round, n, got, want)
				}
			}

			// claim against earn's loop.
			{
				a, b := make([][]float64, 4), make([][]float64, 4)
				for i := range a {
					a[i] = laneValues(r, n)
					b[i] = append([]float64(nil), a[i]...)
				}
				claim(a[0], a[1], a[2], a[3])
				o, cl, price, amt := b[0], b[1], b[2], b[3]
				for l := range o {
					x := o[l]
					cl[l] += x
					amt[l] = price[l] * x
				}
				for i := range a {
					if !sameBits(a[i], b[i]) {
						t.Fatalf("round %d, n %d: claim differs in argument %d", round, n, i)
					}
				}
			}

			// capPay against termCaps's loops, amounts past the bound
			// now and then.
			for _, total := range []bool{false, true} {
				a, b := make([][]float64, 4), make([][]float64, 4)
				for i := range a {
					a[i] = laneValues(r, n)
				}
				for l := range a[0] {
					if r.IntN(6) == 0 {
						a[0][l] = 1e200
					}
				}
				for i := range a {
					b[i] = append([]float64(nil), a[i]...)
				}
				o1, o2 := make([]bool, n), make([]bool, n)
				capPay(a[0], a[1], a[2], a[3], o1, total)
				due, pay, capT, cum := b[0], b[1], b[2], b[3]
				for l, x := range due {
					if !(x*x <= maxMoney*maxMoney) {
						o2[l] = true
					}
					if total {
						x = min(x, max(capT[l]-cum[l], 0))
					}
					pay[l] = x
				}
				for i := range a {
					if !sameBits(a[i], b[i]) {
						t.Fatalf("round %d, n %d, total %v: capPay differs in argument %d", round, n, total, i)
					}
				}
				for l := range o1 {
					if o1[l] != o2[l] {
						t.Fatalf("round %d, n %d, total %v: capPay's lane %d over %v, want %v", round, n, total, l, o1[l], o2[l])
					}
				}
			}

			// periodPV against outputs' loop.
			{
				a, b := make([][]float64, 10), make([][]float64, 10)
				for i := range a {
					a[i] = laneValues(r, n)
					b[i] = append([]float64(nil), a[i]...)
				}
				periodPV(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9])
				pay, infl, df, direct, overhead, c, comm, payPV, directPV, sum := b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9]
				for l := range pay {
					payReal := pay[l] / infl[l]
					payPV[l] += payReal * df[l]
					directPV[l] += direct[l] / infl[l] * df[l] * overhead[l]
					sum[l] = (c[l] - payReal - comm[l]) * df[l]
				}
				for i := range a {
					if !sameBits(a[i], b[i]) {
						t.Fatalf("round %d, n %d: periodPV differs in argument %d", round, n, i)
					}
				}
			}

			// trancheFlows against outputs' loop: amounts near each
			// other, so that netFlow's tolerance is met now and then.
			{
				a, b := make([][]float64, 9), make([][]float64, 9)
				for i := range a {
					a[i] = laneValues(r, n)
					if i == 4 && r.IntN(2) == 0 {
						for l := range a[i] {
							a[i][l] = a[0][l] + a[1][l] + a[2][l] + a[3][l]
							if r.IntN(2) == 0 {
								a[i][l] *= 1 + (r.Float64()-0.5)*4e-9
							}
						}
					}
					b[i] = append([]float64(nil), a[i]...)
				}
				trancheFlows(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8])
				ret, prin, exc, top, dr, d, rr, fl, sum := b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8]
				for l := range ret {
					in := ret[l] + prin[l] + exc[l] + top[l] + 0
					d[l] += dr[l]
					rr[l] += in
					fl[l] = netFlow(in, dr[l], in-dr[l], false)
					sum[l] += fl[l]
				}
				for i := range a {
					if !sameBits(a[i], b[i]) {
						t.Fatalf("round %d, n %d: trancheFlows differs in argument %d", round, n, i)
					}
				}
			}
		}
	}
}

// BenchmarkAddMul is a row of 64 lanes: dst += x·y.
func BenchmarkAddMul(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	x, y, d := laneValues(r, 64), laneValues(r, 64), make([]float64, 64)
	b.ReportAllocs()
	for b.Loop() {
		addMul(d, x, y)
	}
}
