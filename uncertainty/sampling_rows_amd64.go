//go:build !noasm && !gccgo && !safe

package uncertainty

// fillRowsAVX is drawBlock's filling of its rows, with AVX
// (sampling_rows_amd64.s): ps[l][:len(fb)] = fb, then ps[l][idx[s]] =
// vals[s·len(ps)+l], lane by lane (TestDrawBlockMatchesDraw). Every
// ps[l] must hold len(fb), every idx[s] be below len(fb), and vals hold
// len(idx)·len(ps).
//
//go:noescape
func fillRowsAVX(ps [][]float64, fb, vals []float64, idx []int)
