//go:build !amd64 || noasm || gccgo || safe

package dist

// hasAVX is false: there is no assembly.
const hasAVX = false

// normCentralAVX is never called where hasAVX is false.
func normCentralAVX(x, p []float64) (out uint64) { panic("dist: no assembly") }
