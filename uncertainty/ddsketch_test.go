package uncertainty

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// Reference values by hand (Python 3 math, the paper's formulas): α =
// 0.01, γ = 1.01/0.99, a value x > 0 in bucket ⌈ln x / ln γ⌉ = i, whose
// estimate is 2γ^i/(γ+1):
//
//	x = 1    i = 0    0.9900000000000001
//	x = 50   i = 196  49.90296094906653
//	x = 100  i = 231  100.49456770856492
//	x = −3   i = 55   −2.9742334234767016
//	x = 0.25 i = −69  0.24905131021792784
func TestDDSketchByHand(t *testing.T) {
	s, err := NewDDSketch(0.01)
	if err != nil {
		t.Fatal(err)
	}
	for x := 1; x <= 100; x++ {
		s.Add(float64(x))
	}
	s.Add(math.NaN()) // ignored
	for _, c := range []struct{ q, want float64 }{{0, 0.9900000000000001}, {0.5, 49.90296094906653}, {1, 100.49456770856492}} {
		// q = 0.5: rank ⌊0.5·99⌋ = 49 (0-based), the value 50.
		if got := s.Quantile(c.q); math.Abs(got-c.want) > 1e-12*c.want {
			t.Errorf("Quantile(%v) = %v, want %v", c.q, got, c.want)
		}
	}
	if s.Count() != 100 {
		t.Errorf("count %d", s.Count())
	}
	m, _ := NewDDSketch(0.01)
	for _, x := range []float64{0.25, -3, 0} {
		m.Add(x)
	}
	for _, c := range []struct{ q, want float64 }{{0, -2.9742334234767016}, {0.5, 0}, {1, 0.24905131021792784}} {
		if got := m.Quantile(c.q); math.Abs(got-c.want) > 1e-12*math.Abs(c.want) {
			t.Errorf("mixed Quantile(%v) = %v, want %v", c.q, got, c.want)
		}
	}
	if _, err := NewDDSketch(1); !errors.Is(err, ErrSketch) {
		t.Errorf("alpha 1: %v", err)
	}
	if !math.IsNaN((&DDSketch{Alpha: 0.01}).Quantile(0.5)) {
		t.Error("an empty sketch's quantile should be NaN")
	}
}

// Every quantile is within α of the value of its rank; merging the
// sketches of any split, in any order, gives the same counts; the
// buckets survive a round trip.
func TestDDSketchGuaranteeAndMerge(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const alpha = 0.02
	v := make([]float64, 5000)
	whole, _ := NewDDSketch(alpha)
	for i := range v {
		v[i] = rng.NormFloat64() * 1e6
		whole.Add(v[i])
	}
	sorted := slices.Sorted(slices.Values(v))
	for _, q := range []float64{0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1} {
		x := sorted[int(q*float64(len(v)-1))]
		if got := whole.Quantile(q); math.Abs(got-x) > alpha*math.Abs(x) {
			t.Errorf("q %v: %v is not within %v of %v", q, got, alpha, x)
		}
	}
	for k := 2; k <= 7; k++ {
		parts := make([]*DDSketch, k)
		for j := range parts {
			parts[j], _ = NewDDSketch(alpha)
		}
		for _, x := range v {
			parts[rng.IntN(k)].Add(x)
		}
		rng.Shuffle(k, func(i, j int) { parts[i], parts[j] = parts[j], parts[i] })
		m, _ := NewDDSketch(alpha)
		for _, p := range parts {
			if err := m.Merge(p); err != nil {
				t.Fatal(err)
			}
		}
		back, err := SketchFrom(m.Buckets())
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []float64{0, 0.05, 0.5, 0.95, 1} {
			if a, b := back.Quantile(q), whole.Quantile(q); a != b {
				t.Errorf("%d parts, q %v: %v, whole %v", k, q, a, b)
			}
		}
	}
	other, _ := NewDDSketch(0.05)
	if err := whole.Merge(other); !errors.Is(err, ErrSketch) {
		t.Errorf("merging accuracies 0.02 and 0.05: %v", err)
	}
	for _, b := range []SketchBuckets{{Alpha: 0}, {Alpha: 0.01, Pos: [][2]int64{{1, 0}}}, {Alpha: 0.01, Neg: [][2]int64{{1, 1}, {1, 2}}}, {Alpha: 0.01, Pos: [][2]int64{{1 << 50, 1}}}} {
		if _, err := SketchFrom(b); err == nil {
			t.Errorf("%+v: no error", b)
		}
	}
}
