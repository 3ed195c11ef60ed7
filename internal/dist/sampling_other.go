//go:build !amd64 || noasm || gccgo || safe

package dist

// hasAVX is false: there is no assembly.
const hasAVX = false

// The kernels below are never called where hasAVX is false.
func normCentralAVX(x, p []float64, m, s float64) (out uint64) { panic("dist: no assembly") }
func truncCentralAVX(x, p []float64, m, s, c2, c3, lo, hi float64) (out uint64) {
	panic("dist: no assembly")
}
func triCentralAVX(x, p []float64, lo, hi, w, c3, c4 float64) (out uint64) {
	panic("dist: no assembly")
}
func uniformAVX(x, p []float64, lo, w, hi float64) (out uint64) { panic("dist: no assembly") }

// hasAVX2 is false: there is no assembly.
const hasAVX2 = false

func normQuantileAVX(x, p []float64) (out uint64) { panic("dist: no assembly") }
