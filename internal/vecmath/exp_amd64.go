//go:build !noasm && !gccgo && !safe

package vecmath

import "golang.org/x/sys/cpu"

// expAVX2 is math.Exp in place four lanes at a time, with AVX2 and FMA
// (exp_amd64.s), for len(x) a multiple of 4 and at most 64, as math's
// archExp works it out where it uses FMA: x[l] = math.Exp(x[l]) bit for
// bit where x[l] is finite, at most archExp's Overflow and the result
// normal; the other lanes, flagged in out (bit l), are left as they are
// (TestExpAVX2).
//
//go:noescape
func expAVX2(x []float64) (out uint64)

// hasExpFMA reports whether expAVX2 may be used: AVX2, and math.Exp
// taking its FMA path (math's useFMA: AVX and FMA; AVX checked too, as
// GODEBUG=cpu.avx=off turns it off and leaves AVX2 and FMA on).
var hasExpFMA = cpu.X86.HasAVX && cpu.X86.HasAVX2 && cpu.X86.HasFMA
