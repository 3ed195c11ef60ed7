//go:build !amd64 || noasm || gccgo || safe

package vecmath

// hasExpFMA is false: there is no assembly.
const hasExpFMA = false

func expAVX2(x []float64) (out uint64) { panic("vecmath: no assembly") }
