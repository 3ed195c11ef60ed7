package sib

import (
	"testing"
)

// Benchmarks of the returns on a typical investor's series (sibFlows:
// 40 quarters, one sign change) and on a series that changes sign twice,
// which is scanned on the grid.

// twiceFlows is sibFlows with a second capital call in year 6 that makes
// a second sign change.
var twiceFlows = func() []float64 {
	f := append([]float64(nil), sibFlows...)
	f[24] = -300000
	return f
}()

// quarterYears is a quarter's end, in days / 365, for 40 quarters.
var quarterYears = func() []float64 {
	y := make([]float64, 40)
	d := 0
	for i := range y {
		y[i] = float64(d) / 365
		d += []int{90, 91, 92, 92}[i%4]
	}
	return y
}()

var sinkIRR IRR

func BenchmarkSolveIRR(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkIRR = SolveIRR(sibFlows)
	}
}

func BenchmarkSolveIRRTwice(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkIRR = SolveIRR(twiceFlows)
	}
}

func BenchmarkSolveXIRR(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkIRR = SolveXIRR(sibFlows, quarterYears)
	}
}

func BenchmarkSolveXIRRTwice(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkIRR = SolveXIRR(twiceFlows, quarterYears)
	}
}

var sinkNPV float64

func BenchmarkNPV(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkNPV = NPV(0.02, sibFlows)
	}
}

func BenchmarkXNPV(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkNPV = XNPV(0.02, sibFlows, quarterYears)
	}
}
