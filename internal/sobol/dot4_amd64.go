//go:build !noasm && !gccgo && !safe

package sobol

// dot4 sets out[r] to the dot product of w_r and x, each of length n, as
// floats.Dot(w_r, x[:n]) computes it on amd64 (gonum's DotUnitary), bit
// for bit, four at a time (dot4_amd64.s).
//
//go:noescape
func dot4(x, w0, w1, w2, w3 *float64, n int, out *[4]float64)
