package uncertainty

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestPCGLanes: uniforms and normals (through the assembly where there is
// some) give, lane by lane, what drawState.uniform and normal give from
// rand.PCG with the same state, bit for bit, and leave each lane's state
// where rand.PCG's is, for every length up to 200 and over enough numbers
// to take the ziggurat's rare paths thousands of times; and pcg is
// rand.PCG.
func TestPCGLanes(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 13))
	ref := make([]rand.PCG, 200)
	hi, lo := make([]uint64, 200), make([]uint64, 200)
	v := make([]float64, 200)
	var rare pcg
	var normalsDrawn int
	for round := range 3000 {
		n := round % 201
		for l := range n {
			hi[l], lo[l] = r.Uint64(), r.Uint64()
			if r.IntN(4) == 0 {
				hi[l] = 0
			}
			ref[l].Seed(hi[l], lo[l])
		}
		for k := range 4 {
			if k%2 == 0 {
				uniforms(v[:n], hi[:n], lo[:n])
			} else {
				normals(v[:n], hi[:n], lo[:n], &rare)
				normalsDrawn += n
			}
			for l := range n {
				var want float64
				if k%2 == 0 {
					want = (float64(ref[l].Uint64()>>11) + 0.5) / (1 << 53)
				} else {
					want = normal(&ref[l])
				}
				if math.Float64bits(v[l]) != math.Float64bits(want) {
					t.Fatalf("round %d, %d lanes, lane %d, pass %d: %v, rand.PCG gives %v", round, n, l, k, v[l], want)
				}
				var back rand.PCG
				back.Seed(hi[l], lo[l]) // Seed sets the state itself
				if back != ref[l] {
					t.Fatalf("round %d, %d lanes, lane %d, pass %d: the streams part", round, n, l, k)
				}
			}
		}
	}
	t.Logf("AVX2 %v: %d normals", hasAVX2, normalsDrawn)
	p, q := pcg{1, 2}, rand.NewPCG(1, 2)
	for i := range 1000 {
		if got, want := p.Uint64(), q.Uint64(); got != want {
			t.Fatalf("pcg, number %d: %#x, rand.PCG %#x", i, got, want)
		}
	}
}
