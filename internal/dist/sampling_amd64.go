//go:build !noasm && !gccgo && !safe

package dist

import "golang.org/x/sys/cpu"

// normCentralAVX is normalQuantiles's central range four lanes at a time,
// with AVX (sampling_amd64.s), for len(p) a multiple of 4 and at most 64:
// x[l] = normalQuantile(p[l]) bit for bit where |p[l] − 1/2| ≤ 0.425; the
// other lanes, flagged in out (bit l), are set to p[l]
// (TestQuantilesMatchQuantile, TestQuantilesEveryLength).
//
//go:noescape
func normCentralAVX(x, p []float64) (out uint64)

// hasAVX reports whether the processor and the system support AVX.
var hasAVX = cpu.X86.HasAVX
