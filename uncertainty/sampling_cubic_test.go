package uncertainty

import (
	"math"
	"math/rand/v2"
	"testing"
)

// cubicZs are normal scores for the table paths: mostly standard normals,
// with the ends of the table and beyond it (±5 exactly and just past,
// ±Inf, NaN, huge), nodes, and signed zeros mixed in at random lanes.
func cubicZs(r *rand.Rand, n int) []float64 {
	special := []float64{
		-tableZ, tableZ, math.Nextafter(tableZ, 6), math.Nextafter(-tableZ, -6),
		math.Nextafter(tableZ, 0), math.Nextafter(-tableZ, 0),
		math.Inf(1), math.Inf(-1), math.NaN(), 1e300, -1e300, 0, math.Copysign(0, -1),
		-4.9990234375, 4.9990234375, 0.009765625, 7, -6,
	}
	z := make([]float64, n)
	for l := range z {
		switch r.IntN(16) {
		case 0:
			z[l] = special[r.IntN(len(special))]
		case 1:
			z[l] = r.Float64()*10 - 5 // uniform over the table
		default:
			z[l] = r.NormFloat64() * (1 + 2*r.Float64())
		}
	}
	return z
}

// TestCubicsMatchAtZ: cubics4 (the assembly where there is one) sets the
// lanes it claims bit for bit as atZ does, in place and not, on tables
// that pass and on ones whose support is narrowed so that values are
// clamped at either end; and atZs, through it, matches atZ on every lane.
func TestCubicsMatchAtZ(t *testing.T) {
	cases := []struct {
		k    Kind
		args []float64
	}{
		{Beta, []float64{17, 3}},
		{PERT, []float64{0.1, 0.2, 0.4}},
		{PERT, []float64{0, 0, 1}},
		{Gamma, []float64{25, 51.39}},
		{Gamma, []float64{0.5, 2}},
	}
	r := rand.New(rand.NewPCG(7, 11))
	var claimed int
	for _, c := range cases {
		d, err := NewDist(c.k, c.args...)
		if err != nil {
			t.Fatal(err)
		}
		full := newInverse(d)
		if full.q == nil {
			t.Fatalf("%s: no table", d)
		}
		narrow := full // the same table, clamped at its 30th and 70th nodes
		narrow.lo, narrow.hi = full.q[len(full.q)*3/10], full.q[len(full.q)*7/10]
		for _, inv := range []*inverse{&full, &narrow} {
			for _, n := range []int{0, 1, 3, 4, 5, 64, 128, 255, 256, 257, 333, 1000} {
				for range 20 {
					z := cubicZs(r, n)
					want := make([]float64, n)
					for l, zl := range z {
						want[l] = inv.atZ(zl)
					}
					x := make([]float64, n)
					for l := range x {
						x[l] = -123 // left alone unless set
					}
					done := inv.cubics4(x, z)
					if hasAVX && done != n&^3 || !hasAVX && done != 0 {
						t.Fatalf("%s, %d lanes: cubics4 claims %d", d, n, done)
					}
					claimed += done
					for l := range done {
						if math.Float64bits(x[l]) != math.Float64bits(want[l]) {
							t.Fatalf("%s, lo %v, hi %v, lane %d of %d: z %v gives %v, atZ %v", d, inv.lo, inv.hi, l, n, z[l], x[l], want[l])
						}
					}
					for l := done; l < n; l++ {
						if x[l] != -123 {
							t.Fatalf("%s, lane %d of %d: set beyond %d", d, l, n, done)
						}
					}
					inPlace := append([]float64(nil), z...)
					inv.atZs(inPlace, inPlace)
					for l := range n {
						if math.Float64bits(inPlace[l]) != math.Float64bits(want[l]) {
							t.Fatalf("%s, lane %d of %d in place: z %v gives %v, atZ %v", d, l, n, z[l], inPlace[l], want[l])
						}
					}
				}
			}
		}
	}
	t.Logf("AVX %v: %d lanes through cubics4", hasAVX, claimed)
}
