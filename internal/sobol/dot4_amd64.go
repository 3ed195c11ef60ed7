//go:build !noasm && !gccgo && !safe

package sobol

import "golang.org/x/sys/cpu"

// dot4 sets out[r] to the dot product of w_r and x, each of length n, as
// floats.Dot(w_r, x[:n]) computes it on amd64 (gonum's DotUnitary), bit
// for bit, four at a time (dot4_amd64.s, SSE2).
//
//go:noescape
func dot4(x, w0, w1, w2, w3 *float64, n int, out *[4]float64)

// dot8AVX is dot8 for n a multiple of 4, with AVX (dot8_amd64.s).
//
//go:noescape
func dot8AVX(x *float64, w *[8][BlockRows]float64, n int, out *[8]float64)

// hasAVX reports whether the processor and the system support AVX.
var hasAVX = cpu.X86.HasAVX

// The AVX kernel addresses w[r] at r·2048 bytes.
var _ = [1]struct{}{}[BlockRows*8-2048]

// dot8 sets out[r] to floats.Dot(w[r][:n], x[:n]) bit for bit, for r =
// 0 … 7: with AVX when there is no tail of 1 to 3 elements (a whole
// block of rows has none), else two dot4.
func dot8(x *float64, w *[8][BlockRows]float64, n int, out *[8]float64) {
	if hasAVX && n%4 == 0 {
		dot8AVX(x, w, n, out)
		return
	}
	dot4(x, &w[0][0], &w[1][0], &w[2][0], &w[3][0], n, (*[4]float64)(out[:4]))
	dot4(x, &w[4][0], &w[5][0], &w[6][0], &w[7][0], n, (*[4]float64)(out[4:]))
}
