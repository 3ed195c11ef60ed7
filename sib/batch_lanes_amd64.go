//go:build !noasm && !gccgo && !safe

package sib

import (
	"math"

	"golang.org/x/sys/cpu"
)

// The row operations' assembly (batch_lanes_amd64.s): SSE2, part of
// amd64's baseline, on lengths that are multiples of 4, and AVX2 where
// the processor has it, on multiples of 8 (asmWidth).
const useAsm = true

var asmWidth = func() int {
	if cpu.X86.HasAVX2 {
		return 8
	}
	return 4
}()

func addMulAsm(dst, x, y []float64) {
	if asmWidth == 8 {
		addMulAVX2(dst, x, y)
		return
	}
	addMulSSE2(dst, x, y)
}

func mulAsm(dst, x, y []float64) {
	if asmWidth == 8 {
		mulAVX2(dst, x, y)
		return
	}
	mulSSE2(dst, x, y)
}

func addAsm(dst, x []float64) {
	if asmWidth == 8 {
		addAVX2(dst, x)
		return
	}
	addSSE2(dst, x)
}

func addPairAsm(g, c, size, x, y []float64) {
	if asmWidth == 8 {
		addPairAVX2(g, c, size, x, y)
		return
	}
	addPairSSE2(g, c, size, x, y)
}

func clampPaidAsm(amt, paid []float64) { clampPaidAVX2(amt, paid) }

func trancheStepAsm(ce, got, ac, pr, avail, ret, prin []float64, capped bool) {
	c := 0
	if capped {
		c = 1
	}
	trancheStepAVX2(ce, got, ac, pr, avail, ret, prin, c)
}

func trancheFlowsAsm(ret, prin, exc, top, dr, d, r, fl, sum []float64) {
	trancheFlowsAVX2(ret, prin, exc, top, dr, d, r, fl, sum, 1e-9)
}

func periodPVAsm(pay, infl, df, direct, overhead, c, comm, payPV, directPV, sum []float64) {
	periodPVAVX2(pay, infl, df, direct, overhead, c, comm, payPV, directPV, sum)
}

func callForAsm(rc, costs, undrawn, use, draw, short, avail []float64, recycle bool) bool {
	r := 0
	if recycle {
		r = 1
	}
	return callForAVX2(rc, costs, undrawn, use, draw, short, avail, r)
}

func callShareAsm(draw, undrawn, u, dr, dk []float64) {
	callShareAVX2(draw, undrawn, u, dr, dk, dust*dust)
}

func accrueAsm(g, pr, ac, dr, xs []float64) bool {
	return accrueAVX2(g, pr, ac, dr, xs, maxMoney*maxMoney)
}

func claimAsm(o, cl, price, amt []float64) { claimAVX2(o, cl, price, amt) }

func capPayAsm(due, pay, capT, cum []float64, total bool) bool {
	t := 0
	if total {
		t = 1
	}
	return capPayAVX2(due, pay, capT, cum, t, maxMoney*maxMoney)
}

func pastBoundAsm(x []float64) bool { return pastBoundAVX2(x, maxMoney*maxMoney) }

func releaseAsm(pass []bool, held, due []float64) bool { return releaseAVX2(pass, held, due) }

// The assembly, on lengths that are multiples of 4 (SSE2) or 8 (AVX2);
// x, y, c, size have at least dst's (g's) length.

//go:noescape
func addMulSSE2(dst, x, y []float64)

//go:noescape
func addSSE2(dst, x []float64)

//go:noescape
func mulSSE2(dst, x, y []float64)

//go:noescape
func mulAVX2(dst, x, y []float64)

//go:noescape
func scaleAVX2(dst, x []float64, c float64)

//go:noescape
func addPairSSE2(g, c, size, x, y []float64)

//go:noescape
func addMulAVX2(dst, x, y []float64)

//go:noescape
func addAVX2(dst, x []float64)

//go:noescape
func addPairAVX2(g, c, size, x, y []float64)

// clampPaidAVX2 and the others below have no SSE2 form: the wrappers run Go
// where the processor has no AVX2.

//go:noescape
func clampPaidAVX2(amt, paid []float64)

//go:noescape
func trancheStepAVX2(ce, got, ac, pr, avail, ret, prin []float64, capped int)

//go:noescape
func trancheFlowsAVX2(ret, prin, exc, top, dr, d, r, fl, sum []float64, tol float64)

//go:noescape
func periodPVAVX2(pay, infl, df, direct, overhead, c, comm, payPV, directPV, sum []float64)

//go:noescape
func callForAVX2(rc, costs, undrawn, use, draw, short, avail []float64, recycle int) (called bool)

//go:noescape
func callShareAVX2(draw, undrawn, u, dr, dk []float64, dust2 float64)

//go:noescape
func accrueAVX2(g, pr, ac, dr, xs []float64, max2 float64) (over bool)

//go:noescape
func claimAVX2(o, cl, price, amt []float64)

//go:noescape
func capPayAVX2(due, pay, capT, cum []float64, total int, max2 float64) (over bool)

//go:noescape
func pastBoundAVX2(x []float64, max2 float64) (past bool)

//go:noescape
func addMulRowsAVX2(dst, x, y []float64)

//go:noescape
func releaseAVX2(pass []bool, held, due []float64) (holds bool)

//go:noescape
func shapesAVX2(x []float64, B, P, n int, fo []float64, io []int64)

// stepRowsAsm divides by ppy as a product by 1/ppy where ppy is a power
// of two: both are the exact quotient rounded once, and a product is
// several times faster than a division.
func stepRowsAsm(g, c, u, step, rate []float64, ppy, kg, kc float64) {
	pow2 := 0
	if f, _ := math.Frexp(ppy); f == 0.5 {
		pow2 = 1
	}
	stepRowsAVX2(g, c, u, step, rate, ppy, 1/ppy, pow2, kg, kc)
}

// The keep masks kg and kc (keepMask) are ANDed with what a row holds
// before the sum: all bits keep it, none start the row from +0.

//go:noescape
func savingRowsAVX2(g, c, u, rate []float64, kg, kc float64)

//go:noescape
func stepRowsAVX2(g, c, u, step, rate []float64, ppy, inv float64, pow2 int, kg, kc float64)

//go:noescape
func grossRowsAVX2(g, u, rate []float64, kg float64)

//go:noescape
func addGrossAVX2(g, size, x []float64)

// irrValueAVX2 and irrPolyAVX2 are irrBlock.evaluate's (batch_irr.go).

//go:noescape
func irrValueAVX2(ft, gt []float64, W, M int, groups []int32, lt, ot []float64)

//go:noescape
func irrPolyAVX2(ft, gt []float64, W, M int, groups []int32, lt, ot []float64)
