//go:build !noasm && !gccgo && !safe

package uncertainty

// mulLanesAVX and addMulLanesAVX are mulLanes and addMulLanes four lanes
// at a time, with AVX (sampling_combine_amd64.s), for len(v) a multiple
// of 4 and len(e) ≥ len(v): the same operation on each lane, so the same
// values bit for bit (TestMulLanes).
//
//go:noescape
func mulLanesAVX(v, e []float64, r float64)

//go:noescape
func addMulLanesAVX(v, e []float64, r float64)
