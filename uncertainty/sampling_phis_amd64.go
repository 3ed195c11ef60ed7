//go:build !noasm && !gccgo && !safe

package uncertainty

// phisAVX is phis's first range four lanes at a time, with AVX
// (sampling_phis_amd64.s), for len(z) a multiple of 4 and at most 64:
// x[l] = phi(z[l]) bit for bit where −z[l]/√2 is in erfc's first range;
// the other lanes, flagged in out (bit l), are set to z[l] for phi
// (TestPhisMatchesPhi).
//
//go:noescape
func phisAVX(x, z []float64) (out uint64)

// phis2AVX is phi in erfc's second range four lanes at a time, with AVX
// (sampling_phis2_amd64.s), for len(z) a multiple of 4 and at most 64:
// x[l] = phi(z[l]) bit for bit where −z[l]/√2 is in [0.84375, 1.25); the
// other lanes, flagged in out (bit l), are set to z[l]
// (TestPhisMatchesPhi).
//
//go:noescape
func phis2AVX(x, z []float64) (out uint64)
