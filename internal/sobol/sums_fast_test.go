package sobol

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/floats"
)

// TestPoisson1MatchesCount: poisson1's start from the top byte gives the
// plain count of thresholds at or below u, at every threshold and byte
// boundary (and one either side) and at a million random u.
func TestPoisson1MatchesCount(t *testing.T) {
	count := func(u uint32) uint8 {
		var k uint8
		for _, th := range poissonCDF {
			if u >= th {
				k++
			}
		}
		return k
	}
	var us []uint32
	for _, th := range poissonCDF {
		us = append(us, th-1, th, th+1)
	}
	for b := range uint32(256) {
		us = append(us, b<<24-1, b<<24, b<<24+1)
	}
	rng := rand.New(rand.NewPCG(4, 5))
	for range 1_000_000 {
		us = append(us, rng.Uint32())
	}
	for _, u := range us {
		if got, want := poisson1(u), count(u); got != want {
			t.Fatalf("poisson1(%d) = %d, want %d", u, got, want)
		}
	}
}

// blockRef is accumulator.block as it was before dot4 and the table
// start of poisson1: a resample's sum one floats.Dot at a time, the
// weights by a plain count. The sums must not change bit for bit, or
// shards written before would not merge with those written after.
func blockRef(s *Sums, y []float64, m, j0, j1, row0 int) (point, boot []float64) {
	n, k := j1-j0, s.width()
	vt := make([][]float64, k)
	for i := range vt {
		vt[i] = make([]float64, n)
	}
	v := make([]float64, k)
	src := make([]rand.PCG, n)
	for j := range n {
		s.rowValues(v, y, m, j0+j)
		for i := range k {
			vt[i][j] = v[i]
		}
		src[j].Seed(s.Seed^bootStream, mix(uint64(row0+j)))
	}
	point = make([]float64, k)
	for i := range k {
		var t float64
		for _, x := range vt[i] {
			t += x
		}
		point[i] = t
	}
	count := func(u uint32) float64 {
		var c float64
		for _, th := range poissonCDF {
			if u >= th {
				c++
			}
		}
		return c
	}
	boot = make([]float64, k*s.Boot)
	w0, w1 := make([]float64, n), make([]float64, n)
	for r := 0; r < s.Boot; r += 2 {
		for j := range n {
			q := src[j].Uint64()
			w0[j], w1[j] = count(uint32(q>>32)), count(uint32(q))
		}
		for i := range k {
			boot[r*k+i] = floats.Dot(w0, vt[i])
			if r+1 < s.Boot {
				boot[(r+1)*k+i] = floats.Dot(w1, vt[i])
			}
		}
	}
	return point, boot
}

// TestBlockMatchesReference: a block's point and resample sums are
// blockRef's bit for bit, for blocks of 1 to BlockRows rows, every
// number of resamples from 0 to 9 (the ends of dot4's groups of four and
// of the pairs of weights a stream output gives) and both estimators,
// with groups.
func TestBlockMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 7))
	for _, est := range []Estimator{Jansen, Saltelli} {
		for boot := range 10 {
			for _, n := range []int{1, 2, 3, 5, 77, BlockRows - 1, BlockRows} {
				d, _ := NewDesign(BlockRows, 3, DesignOptions{})
				d, _ = d.WithGroups([][]int{{0, 2}})
				y := make([]float64, d.Rows())
				for i := range y {
					y[i] = 1e6 + rng.NormFloat64()*3e4
				}
				s, err := NewSums(d, y[0], AnalyseOptions{Estimator: est, Boot: boot, Seed: uint64(boot)})
				if err != nil {
					t.Fatal(err)
				}
				acc := newAccumulator(s.width(), boot)
				j0 := (BlockRows - n) / 2
				acc.block(s, y, BlockRows, j0, j0+n, 40+j0)
				point, bs := blockRef(s, y, BlockRows, j0, j0+n, 40+j0)
				same := func(a, b []float64) bool {
					for i := range a {
						if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
							return false
						}
					}
					return len(a) == len(b)
				}
				if !same(acc.point, point) || !same(acc.boot, bs) {
					t.Fatalf("%v, %d resamples, %d rows: the block's sums differ from the reference's", est, boot, n)
				}
			}
		}
	}
}

// TestSumOfTwoPartials: sumOf's shortcut for two segments of one partial
// each, their floating point sum, is the rounded exact sum, ties to even
// included (1 + 2^-53 is 1, (1 + 2^-52) + 2^-53 is 1 + 2^-51).
func TestSumOfTwoPartials(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 11))
	pairs := [][2]float64{{1, 0x1p-53}, {1 + 0x1p-52, 0x1p-53}, {-1, -0x1p-53}, {1e308, 1e308}, {0, math.Copysign(0, -1)}, {3, -3}}
	for range 100_000 {
		a := rng.NormFloat64() * math.Pow(2, float64(rng.IntN(80)-40))
		b := rng.NormFloat64() * math.Pow(2, float64(rng.IntN(80)-40))
		pairs = append(pairs, [2]float64{a, b}, [2]float64{a, math.Nextafter(a, 0) * 0x1p-53})
	}
	for _, p := range pairs {
		segs := []*Segment{{Point: [][]float64{{p[0]}}}, {Point: [][]float64{{p[1]}}}}
		got := sumOf(segs, new(exact), func(sg *Segment) []float64 { return sg.Point[0] })
		var e exact
		e.add(p[0])
		e.add(p[1])
		if want := e.round(); math.Float64bits(got) != math.Float64bits(want) && !math.IsInf(p[0]+p[1], 0) {
			t.Fatalf("%v + %v: sumOf %v, exact %v", p[0], p[1], got, want)
		}
	}
}

// TestSegmentFlatForm: a segment's sums in flat form hold what exact
// sums hold, also when one outgrows its room (the segment is published
// and goes on), and its JSON is that of its published form.
func TestSegmentFlatForm(t *testing.T) {
	s := &Sums{N: 2 * BlockRows, K: 1, Boot: 2, Conf: 0.95}
	w := s.width()
	n := w * (1 + s.Boot)
	rng := rand.New(rand.NewPCG(12, 13))
	for _, spill := range []bool{false, true} {
		sg := s.newSegment(0, BlockRows) // room for one partial a sum
		ref := make([]exact, n)
		for round := range 3 {
			for i := range n {
				x := rng.NormFloat64() * 1e6
				if round > 0 && !spill {
					x = 0 // keeps one partial
				}
				if round > 0 && spill && i%7 == 0 {
					x = 1e-30 * rng.NormFloat64() // a second partial
				}
				sg.add(w, i, x)
				ref[i].add(x)
			}
		}
		if spill == (sg.part != nil) {
			t.Fatalf("spill %v: the segment is in flat form: %v", spill, sg.part != nil)
		}
		for i := range n {
			if got, want := sg.sum(i), ref[i]; !slices.Equal(got, want) {
				t.Fatalf("spill %v: sum %d is %v, want %v", spill, i, got, want)
			}
		}
		s.Segments = []Segment{sg}
		flat, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		s.publish()
		pub, _ := json.Marshal(s)
		if !bytes.Equal(flat, pub) || !bytes.Contains(pub, []byte(`"Point":[[`)) {
			t.Fatalf("spill %v: JSON in flat form %s, published %s", spill, flat, pub)
		}
	}
}
