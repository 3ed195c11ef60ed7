//go:build !amd64 || noasm || gccgo || safe

package uncertainty

// hasAVX is false: there is no assembly.
const hasAVX = false

// cubics4 is the assembly's entry point where there is none: it sets no
// lane, and atZs works them all out in Go.
func (t *inverse) cubics4(x, z []float64) int { return 0 }

// phisAVX is never called where hasAVX is false.
func phisAVX(x, z []float64) (out uint64) { panic("uncertainty: no assembly") }

// mulLanesAVX and addMulLanesAVX are never called where hasAVX is false.
func mulLanesAVX(v, e []float64, r float64)    { panic("uncertainty: no assembly") }
func addMulLanesAVX(v, e []float64, r float64) { panic("uncertainty: no assembly") }

// hasAVX2 is false: there is no assembly.
const hasAVX2 = false

// uniformsAVX2 and normalsAVX2 are never called where hasAVX2 is false.
func uniformsAVX2(v []float64, hi, lo []uint64)              { panic("uncertainty: no assembly") }
func normalsAVX2(v []float64, hi, lo []uint64) (rare uint64) { panic("uncertainty: no assembly") }
