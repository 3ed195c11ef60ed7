//go:build !amd64 || noasm || gccgo || safe

package sib

// useAsm is false: the row operations run in Go.
const useAsm = false

const asmWidth = 1

func addMulAsm(dst, x, y []float64)         { panic("sib: no assembly") }
func addAsm(dst, x []float64)               { panic("sib: no assembly") }
func mulAsm(dst, x, y []float64)            { panic("sib: no assembly") }
func scaleAVX2(dst, x []float64, c float64) { panic("sib: no assembly") }
func addPairAsm(g, c, size, x, y []float64) { panic("sib: no assembly") }
func clampPaidAsm(amt, paid []float64)      { panic("sib: no assembly") }
func trancheStepAsm(ce, got, ac, pr, avail, ret, prin []float64, capped bool) {
	panic("sib: no assembly")
}
func trancheFlowsAsm(ret, prin, exc, top, dr, d, r, fl, sum []float64) {
	panic("sib: no assembly")
}
func periodPVAsm(pay, infl, df, direct, overhead, c, comm, payPV, directPV, sum []float64) {
	panic("sib: no assembly")
}
func callForAsm(rc, costs, undrawn, use, draw, short, avail []float64, recycle bool) bool {
	panic("sib: no assembly")
}
func callShareAsm(draw, undrawn, u, dr, dk []float64) { panic("sib: no assembly") }
func accrueAsm(g, pr, ac, dr, xs []float64) bool      { panic("sib: no assembly") }
func claimAsm(o, cl, price, amt []float64)            { panic("sib: no assembly") }

func capPayAsm(due, pay, capT, cum []float64, total bool) bool { panic("sib: no assembly") }

func pastBoundAsm(x []float64) bool { panic("sib: no assembly") }

func addMulRowsAVX2(dst, x, y []float64) { panic("sib: no assembly") }

func releaseAsm(pass []bool, held, due []float64) bool { panic("sib: no assembly") }

func shapesAVX2(x []float64, B, P, n int, fo []float64, io []int64) { panic("sib: no assembly") }

func savingRowsAVX2(g, c, u, rate []float64, kg, kc float64) { panic("sib: no assembly") }

func stepRowsAsm(g, c, u, step, rate []float64, ppy, kg, kc float64) { panic("sib: no assembly") }

func grossRowsAVX2(g, u, rate []float64, kg float64) { panic("sib: no assembly") }

func addGrossAVX2(g, size, x []float64) { panic("sib: no assembly") }

func irrValueAVX2(ft, gt []float64, W, M int, groups []int32, lt, ot []float64) {
	panic("sib: no assembly")
}

func irrPolyAVX2(ft, gt []float64, W, M int, groups []int32, lt, ot []float64) {
	panic("sib: no assembly")
}
