package sobol

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"testing"
)

// TestOwenNet: for N = 2^m every column of A and B of the scrambled design
// has exactly one point in each of the N intervals [i/N, (i+1)/N), as the
// unscrambled points 0 … N-1 do (each coordinate a (0, m, 1)-net), and
// every coordinate is in (0, 1).
func TestOwenNet(t *testing.T) {
	for _, n := range []int{2, 16, 256, 4096} {
		for _, seed := range []uint64{1, 2, 99} {
			d, err := NewDesign(n, 5, DesignOptions{Scramble: true, Seed: seed})
			if err != nil {
				t.Fatal(err)
			}
			for c := range 2 * d.K {
				seen := make([]bool, n)
				for j := range n {
					u := d.ab[j*2*d.K+c]
					if !(u > 0 && u < 1) {
						t.Fatalf("N=%d seed %d: coordinate %v", n, seed, u)
					}
					i := int(u * float64(n))
					if seen[i] {
						t.Fatalf("N=%d seed %d column %d: two points in [%d/%d, %d/%d)", n, seed, c, i, n, i+1, n)
					}
					seen[i] = true
				}
			}
		}
	}
}

// TestOwenNested: the scramble is a bijection that keeps shared leading
// digits: x and y agreeing in their first m bits agree in their first m
// bits after scrambling, and differ in bit m+1 after it if they did
// before (Owen's nested scrambling flips a digit by a function of the
// digits above it only).
func TestOwenNested(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		x, seed := r.Uint32(), r.Uint32()
		m := r.IntN(32)
		y := x ^ (1 << (31 - m)) ^ (r.Uint32() >> (m + 1)) // same first m bits, bit m+1 differs
		sx, sy := owen(x, seed), owen(y, seed)
		if bits.LeadingZeros32(sx^sy) != m {
			t.Fatalf("x %032b y %032b (share %d bits) scramble to %032b %032b", x, y, m, sx, sy)
		}
	}
}

// TestOwenSeeds: the same seed gives the same design, different seeds
// different ones, and the scrambled design differs from the unscrambled.
func TestOwenSeeds(t *testing.T) {
	mk := func(opt DesignOptions) []float64 {
		d, err := NewDesign(64, 3, opt)
		if err != nil {
			t.Fatal(err)
		}
		return d.ab
	}
	a, b := mk(DesignOptions{Scramble: true, Seed: 7}), mk(DesignOptions{Scramble: true, Seed: 7})
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Error("seed 7 twice: different designs")
	}
	c := mk(DesignOptions{Scramble: true, Seed: 8})
	same := 0
	for i := range a {
		if a[i] == c[i] {
			same++
		}
	}
	if same > 0 {
		t.Errorf("seeds 7 and 8: %d of %d coordinates equal", same, len(a))
	}
	u := mk(DesignOptions{})
	for i := range a {
		if a[i] == u[i] {
			same++
		}
	}
	if same > 0 {
		t.Errorf("scrambled and unscrambled: %d coordinates equal", same)
	}
	if _, err := NewDesign(64, 3, DesignOptions{Scramble: true, Random: true}); err == nil {
		t.Error("Scramble with Random: no error")
	}
}

// TestOwenIshigami: on the scrambled design (N = 8192, seed 1, 1000
// resamples) the analytic Ishigami indices (derived above
// ishigamiIndices: S = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424, 0.2437)
// lie in the 95% intervals and within 0.005 of the estimates.
func TestOwenIshigami(t *testing.T) {
	s, st := ishigamiIndices()
	for _, est := range []Estimator{Jansen, Saltelli} {
		d, err := NewDesign(8192, 3, DesignOptions{Scramble: true, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		res, err := Analyse(d, evaluate(d, ishigami), AnalyseOptions{Estimator: est, Boot: 1000, Conf: 0.95, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		for i, x := range res.Indices {
			t.Logf("%v x%d  S %.4f [%.4f, %.4f] analytic %.4f   ST %.4f [%.4f, %.4f] analytic %.4f",
				est, i+1, x.First, x.FirstLo, x.FirstHi, s[i], x.Total, x.TotalLo, x.TotalHi, st[i])
			checkIndex(t, fmt.Sprintf("%v S%d", est, i+1), x.First, x.FirstLo, x.FirstHi, s[i], 0.005)
			checkIndex(t, fmt.Sprintf("%v ST%d", est, i+1), x.Total, x.TotalLo, x.TotalHi, st[i], 0.005)
		}
	}
}
