package uncertainty

// As mathbits: the package's tests have a func bits.
import mathbits "math/bits"

// pcgStep is math/rand/v2's PCG step (pcg.go, Go 1.26) from the state
// (hi, lo): the same arithmetic on the same constants (TestPCGLanes).
func pcgStep(hi, lo uint64) (nhi, nlo uint64) {
	const (
		mulHi = 2549297995355413924
		mulLo = 4865540595714422341
		incHi = 6364136223846793005
		incLo = 1442695040888963407
	)
	// state = state * mul + inc
	nhi, nlo = mathbits.Mul64(lo, mulLo)
	nhi += hi*mulLo + lo*mulHi
	nlo, c := mathbits.Add64(nlo, incLo, 0)
	nhi, _ = mathbits.Add64(nhi, incHi, c)
	return nhi, nlo
}

// pcgOut is the number rand.PCG's Uint64 gives on stepping to (hi, lo):
// DXSM, "double xorshift multiply".
func pcgOut(hi, lo uint64) uint64 {
	const cheapMul = 0xda942042e4dd58b5
	hi ^= hi >> 32
	hi *= cheapMul
	hi ^= hi >> 48
	hi *= lo | 1
	return hi
}

// pcg is a PCG state for normalRare, which takes a source: a lane's state
// goes into one only on the ziggurat's rare paths.
type pcg struct{ hi, lo uint64 }

func (p *pcg) Uint64() uint64 {
	p.hi, p.lo = pcgStep(p.hi, p.lo)
	return pcgOut(p.hi, p.lo)
}

// uniforms sets v[l] to the next uniform of lane l's PCG (hi[l], lo[l]),
// as drawState.uniform gives it, stepping the lanes' states; four lanes
// at a time with AVX2.
func uniforms(v []float64, hi, lo []uint64) {
	hi, lo = hi[:len(v)], lo[:len(v)]
	l := 0
	if hasAVX2 {
		l = len(v) &^ 3
		uniformsAVX2(v[:l], hi[:l], lo[:l])
	}
	for ; l < len(v); l++ {
		hi[l], lo[l] = pcgStep(hi[l], lo[l])
		v[l] = (float64(pcgOut(hi[l], lo[l])>>11) + 0.5) / (1 << 53)
	}
}

// normals sets v[l] to the next standard normal of lane l's PCG (hi[l],
// lo[l]), as normal gives it, stepping the lanes' states (by more than
// one number on the ziggurat's rare paths, through r); four lanes at a
// time with AVX2.
func normals(v []float64, hi, lo []uint64, r *pcg) {
	hi, lo = hi[:len(v)], lo[:len(v)]
	rare := func(l int) {
		*r = pcg{hi[l], lo[l]}
		v[l] = normalRare(r, pcgOut(hi[l], lo[l]))
		hi[l], lo[l] = r.hi, r.lo
	}
	l := 0
	if hasAVX2 {
		for end := len(v) &^ 3; l < end; l += 64 {
			n := min(64, end-l)
			for m := normalsAVX2(v[l:l+n], hi[l:l+n], lo[l:l+n]); m != 0; m &= m - 1 {
				rare(l + mathbits.TrailingZeros64(m))
			}
		}
		l = len(v) &^ 3
	}
	for ; l < len(v); l++ {
		hi[l], lo[l] = pcgStep(hi[l], lo[l])
		u := pcgOut(hi[l], lo[l])
		if j, i := int32(u), u>>32&0x7F; absInt32(j) < zigK[i] {
			v[l] = float64(j) * float64(zigW[i])
		} else {
			rare(l)
		}
	}
}
