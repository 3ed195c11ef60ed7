//go:build !noasm && !gccgo && !safe

package uncertainty

// uniformsAVX2 and normalsAVX2 are uniforms and normals four lanes at a
// time, with AVX2 (sampling_pcg_amd64.s), for len(v) a multiple of 4 (and
// at most 64 for normalsAVX2): the same integer arithmetic and the same
// conversions, so the same values bit for bit (TestPCGLanes).
// normalsAVX2 flags in rare (bit l) the lanes whose number fell outside
// the ziggurat's rectangles, their states stepped past it, for
// normalRare.
//
//go:noescape
func uniformsAVX2(v []float64, hi, lo []uint64)

//go:noescape
func normalsAVX2(v []float64, hi, lo []uint64) (rare uint64)
