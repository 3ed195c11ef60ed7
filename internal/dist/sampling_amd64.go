//go:build !noasm && !gccgo && !safe

package dist

import "golang.org/x/sys/cpu"

// normCentralAVX is normalQuantiles's central range four lanes at a time,
// with AVX (sampling_amd64.s), for len(p) a multiple of 4 and at most 64:
// x[l] = m + s·normalQuantile(p[l]) bit for bit where |p[l] − 1/2| ≤
// 0.425; the other lanes, flagged in out (bit l), are set to p[l]
// (TestQuantilesMatchQuantile, TestQuantilesEveryLength).
//
//go:noescape
func normCentralAVX(x, p []float64, m, s float64) (out uint64)

// truncCentralAVX is truncNormalQuantiles's first case four lanes at a
// time, with AVX (sampling_amd64.s), for len(p) a multiple of 4 and at
// most 64: x[l] bit for bit as truncNormalQuantiles sets it where |e| ≤
// 1/2, p[l] is in (0, 1) and the value strictly inside (lo, hi); the other
// lanes, flagged in out (bit l), are set to p[l]
// (TestQuantilesEveryLength).
//
//go:noescape
func truncCentralAVX(x, p []float64, m, s, c2, c3, lo, hi float64) (out uint64)

// triCentralAVX is triangularQuantiles's formula four lanes at a time,
// and uniformAVX Quantiles's uniform, with AVX (sampling_amd64.s), for
// len(p) a multiple of 4 and at most 64: x[l] bit for bit as Quantiles
// sets it where p[l] is in (0, 1), the value strictly inside (lo, hi)
// and, for the triangular, p[l] on the side of 1/2 its case needs; the
// other lanes, flagged in out (bit l), are set to p[l]
// (TestQuantilesEveryLength).
//
//go:noescape
func triCentralAVX(x, p []float64, lo, hi, w, c3, c4 float64) (out uint64)

//go:noescape
func uniformAVX(x, p []float64, lo, w, hi float64) (out uint64)

// hasAVX reports whether the processor and the system support AVX.
var hasAVX = cpu.X86.HasAVX

// normQuantileAVX is normalQuantile four lanes at a time, with AVX2
// (sampling_amd64.s), for len(p) a multiple of 4 and at most 64: x[l] =
// normalQuantile(p[l]) bit for bit where p[l] is in (0, 1), in the tails
// with min(p, 1−p) a normal number and √(−log) at most 5 (math.Log worked
// out as archLog does it on amd64); the other lanes, flagged in out (bit
// l), are set to p[l] (TestNormQuantileAVX).
//
//go:noescape
func normQuantileAVX(x, p []float64) (out uint64)

// hasAVX2 reports whether the processor and the system support AVX2.
var hasAVX2 = cpu.X86.HasAVX2
