//go:build !noasm && !gccgo && !safe

package uncertainty

// As mathbits: the package's tests have a func bits.
import mathbits "math/bits"

// cubicsAVX is atZs's table path four lanes at a time, with AVX
// (sampling_cubic_amd64.s): the same operations in the same order on
// each lane, so the same values bit for bit (TestCubicsMatchAtZ). A
// group of four lanes with a z beyond ±5 or a value at the support's
// ends is left as it is, and flagged in skipped.
//
//go:noescape
func cubicsAVX(x, z, q []float64, inv, lo, hi float64) (skipped uint64)

// cubics4 sets x[l] = t.atZ(z[l]) for the lanes of z up to a multiple of
// four, t being tabulated, and returns how many it set: none without
// AVX. x and z may be the same slice.
func (t *inverse) cubics4(x, z []float64) int {
	if !hasAVX || len(t.q) < 4 { // the assembly loads four nodes
		return 0
	}
	n := len(z) &^ 3
	x = x[:n]
	for from := 0; from < n; from += 4 * 64 { // a group a bit of skipped
		zc := z[from:min(from+4*64, n)]
		xc := x[from : from+len(zc)]
		for g := cubicsAVX(xc, zc, t.q, t.inv, t.lo, t.hi); g != 0; g &= g - 1 {
			first := 4 * mathbits.TrailingZeros64(g)
			for l := first; l < first+4; l++ {
				xc[l] = t.atZ(zc[l])
			}
		}
	}
	return n
}
