//go:build !amd64 || noasm || gccgo || safe

package sobol

import (
	"unsafe"

	"gonum.org/v1/gonum/floats"
)

// dot4 sets out[r] to floats.Dot(w_r, x) for vectors of length n: on
// this platform gonum's own loop, one product at a time.
func dot4(x, w0, w1, w2, w3 *float64, n int, out *[4]float64) {
	xs := unsafe.Slice(x, n)
	for r, w := range [4]*float64{w0, w1, w2, w3} {
		out[r] = floats.Dot(unsafe.Slice(w, n), xs)
	}
}

// dot8 sets out[r] to floats.Dot(w[r][:n], x[:n]), r = 0 … 7.
func dot8(x *float64, w *[8][BlockRows]float64, n int, out *[8]float64) {
	xs := unsafe.Slice(x, n)
	for r := range w {
		out[r] = floats.Dot(w[r][:n], xs)
	}
}
