package uncertainty

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
)

// ErrSketch is returned for a DDSketch with a relative accuracy outside
// (0, 1), or for merging sketches of different accuracies.
var ErrSketch = errors.New("uncertainty: a DDSketch's relative accuracy must be in (0, 1), and sketches merged must share it")

// A DDSketch is a quantile sketch with relative accuracy Alpha (Masson,
// Rim and Lee, "DDSketch: a fast and fully-mergeable quantile sketch with
// relative-error guarantees", VLDB 2019): a value x > 0 falls in bucket
// i = ⌈log_γ x⌉, γ = (1+α)/(1−α), which holds the values in (γ^(i−1),
// γ^i]; a negative value in bucket i of a second store by its magnitude;
// 0 in a bucket of its own. Quantile(q) returns the bucket's estimate
// 2γ^i/(γ+1) (signed) of the bucket that holds the value of rank
// ⌊q(n−1)⌋ (0-based) among the n added: it is within α·|x| of that value
// x. The buckets are counts, so merging two sketches adds them: the
// result does not depend on how the values were split or in what order
// they were merged. A sketch's size grows with the logarithm of the
// values' range, not with their number.
type DDSketch struct {
	Alpha    float64
	lnGamma  float64
	pos, neg map[int]uint64
	zero     uint64
	n        uint64
}

// NewDDSketch returns an empty sketch of relative accuracy alpha.
func NewDDSketch(alpha float64) (*DDSketch, error) {
	if !(alpha > 0 && alpha < 1) {
		return nil, fmt.Errorf("%w, got %v", ErrSketch, alpha)
	}
	return &DDSketch{Alpha: alpha, lnGamma: math.Log((1 + alpha) / (1 - alpha)), pos: map[int]uint64{}, neg: map[int]uint64{}}, nil
}

// index is the bucket of a value x > 0.
func (s *DDSketch) index(x float64) int {
	return int(math.Ceil(math.Log(x) / s.lnGamma))
}

// Add adds a finite value (others are ignored).
func (s *DDSketch) Add(x float64) {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return
	case x > 0:
		s.pos[s.index(x)]++
	case x < 0:
		s.neg[s.index(-x)]++
	default:
		s.zero++
	}
	s.n++
}

// Count is the number of values added.
func (s *DDSketch) Count() uint64 { return s.n }

// Merge adds o's counts to s.
func (s *DDSketch) Merge(o *DDSketch) error {
	if o.Alpha != s.Alpha {
		return fmt.Errorf("%w: %v and %v", ErrSketch, s.Alpha, o.Alpha)
	}
	for i, c := range o.pos {
		s.pos[i] += c
	}
	for i, c := range o.neg {
		s.neg[i] += c
	}
	s.zero += o.zero
	s.n += o.n
	return nil
}

// Quantile returns the estimate of the q-quantile (0 ≤ q ≤ 1): within
// Alpha relative of the value of 0-based rank ⌊q(n−1)⌋. It is NaN for an
// empty sketch.
func (s *DDSketch) Quantile(q float64) float64 {
	if s.n == 0 || !(q >= 0 && q <= 1) {
		return math.NaN()
	}
	rank := uint64(q * float64(s.n-1))
	gamma := math.Exp(s.lnGamma)
	value := func(i int) float64 { return 2 * math.Exp(float64(i)*s.lnGamma) / (gamma + 1) }
	var seen uint64
	// The negative values from the largest magnitude down.
	neg := slices.Sorted(maps.Keys(s.neg))
	for k := len(neg) - 1; k >= 0; k-- {
		seen += s.neg[neg[k]]
		if seen > rank {
			return -value(neg[k])
		}
	}
	seen += s.zero
	if seen > rank {
		return 0
	}
	pos := slices.Sorted(maps.Keys(s.pos))
	for _, i := range pos {
		seen += s.pos[i]
		if seen > rank {
			return value(i)
		}
	}
	return value(pos[len(pos)-1])
}

// SketchBuckets are a sketch's counts, for a file: each store's buckets
// as (index, count) pairs in increasing index.
type SketchBuckets struct {
	Alpha    float64
	Zero     uint64
	Pos, Neg [][2]int64
}

// Buckets returns s's counts.
func (s *DDSketch) Buckets() SketchBuckets {
	b := SketchBuckets{Alpha: s.Alpha, Zero: s.zero}
	for _, i := range slices.Sorted(maps.Keys(s.pos)) {
		b.Pos = append(b.Pos, [2]int64{int64(i), int64(s.pos[i])})
	}
	for _, i := range slices.Sorted(maps.Keys(s.neg)) {
		b.Neg = append(b.Neg, [2]int64{int64(i), int64(s.neg[i])})
	}
	return b
}

// maxBucket bounds a bucket's index read from a file: far beyond any
// float64 at any accuracy the CLI takes (|log_γ x| < 1100 for α = 0.5).
const maxBucket = 1 << 40

// SketchFrom rebuilds a sketch from its counts, refusing an accuracy
// outside (0, 1), negative or out-of-range indices and counts, and an
// index given twice.
func SketchFrom(b SketchBuckets) (*DDSketch, error) {
	s, err := NewDDSketch(b.Alpha)
	if err != nil {
		return nil, err
	}
	s.zero, s.n = b.Zero, b.Zero
	for _, st := range []struct {
		pairs [][2]int64
		m     map[int]uint64
	}{{b.Pos, s.pos}, {b.Neg, s.neg}} {
		for _, p := range st.pairs {
			if p[0] < -maxBucket || p[0] > maxBucket || p[1] < 1 {
				return nil, fmt.Errorf("uncertainty: DDSketch bucket %d with count %d: out of range", p[0], p[1])
			}
			if _, dup := st.m[int(p[0])]; dup {
				return nil, fmt.Errorf("uncertainty: DDSketch bucket %d given twice", p[0])
			}
			st.m[int(p[0])] = uint64(p[1])
			if s.n+uint64(p[1]) < s.n {
				return nil, errors.New("uncertainty: DDSketch counts overflow")
			}
			s.n += uint64(p[1])
		}
	}
	return s, nil
}
