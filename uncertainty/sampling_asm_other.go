//go:build !amd64 || noasm || gccgo || safe

package uncertainty

// There is no assembly: the sampler's kernels run in Go.
const (
	hasAVX  = false
	hasAVX2 = false
)

// cubics4 is the assembly's entry point where there is none: it sets no
// lane, and atZs works them all out in Go.
func (t *inverse) cubics4(x, z []float64) int { return 0 }

// The kernels below are never called where hasAVX and hasAVX2 are false.

func phisAVX(x, z []float64) (out uint64)                       { panic("uncertainty: no assembly") }
func phis2AVX(x, z []float64) (out uint64)                      { panic("uncertainty: no assembly") }
func mulLanesAVX(v, e []float64, r float64)                     { panic("uncertainty: no assembly") }
func addMulLanesAVX(v, e []float64, r float64)                  { panic("uncertainty: no assembly") }
func uniformsAVX2(v []float64, hi, lo []uint64)                 { panic("uncertainty: no assembly") }
func normalsAVX2(v []float64, hi, lo []uint64) (rare uint64)    { panic("uncertainty: no assembly") }
func fillRowsAVX(ps [][]float64, fb, vals []float64, idx []int) { panic("uncertainty: no assembly") }
