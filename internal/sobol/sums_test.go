package sobol

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"reflect"
	"testing"
)

// TestEstimateByHand: N = 2 rows, one input, f(A) = (1, 3), f(B) = (2,
// 6), f(A_B) = (2, 4), shift c = f(A_0) = 1. By hand:
//
//	mean = (1+3+2+6)/4 = 3, V = ((−2)² + 0² + (−1)² + 3²)/4 = 3.5
//	D = f(A_B) − f(A) = (1, 1)
//	Jansen:   S = Σ(f(B)−3)·D/N/V = (−1 + 3)/2/3.5 = 2/7,
//	          ST = ΣD²/(2N)/V = 2/4/3.5 = 1/7
//	Saltelli: centred a = (−2, 0), b = (−1, 3), e = (−1, 1);
//	          f0² = Σab/N = 2/2 = 1, S = (Σbe/N − f0²)/V = (4/2 − 1)/3.5 = 2/7,
//	          ST = (V − (Σae/N − f0²))/V = (3.5 − (2/2 − 1))/3.5 = 1
//
// and the resample with weights (1, 2), rows (1, 2, 2) of f(A) = (1, 3,
// 3), f(B) = (2, 6, 6), D = (1, 1, 1): W = 3, mean = 21/6 = 3.5, V =
// (6.25 + 0.25 + 0.25 + 2.25 + 6.25 + 6.25)/6 = 43/12; Jansen S = (−1.5 +
// 2.5 + 2.5)/3/V = 14/43, ST = 3/6/V = 6/43.
func TestEstimateByHand(t *testing.T) {
	rows := [][3]float64{{1, 2, 2}, {3, 6, 4}} // f(A), f(B), f(A_B)
	for _, tc := range []struct {
		est         Estimator
		w           [2]float64
		first, totl float64
		mean, v     float64
	}{
		{Jansen, [2]float64{1, 1}, 2.0 / 7, 1.0 / 7, 3, 3.5},
		{Saltelli, [2]float64{1, 1}, 2.0 / 7, 1, 3, 3.5},
		{Jansen, [2]float64{1, 2}, 14.0 / 43, 6.0 / 43, 3.5, 43.0 / 12},
	} {
		s := &Sums{N: 2, K: 1, Estimator: tc.est, Shift: 1}
		sums := make([]float64, s.width())
		v := make([]float64, s.width())
		for j, r := range rows {
			y := []float64{r[0], r[1], r[2]} // one row, m = 1
			s.rowValues(v, y, 1, 0)
			for i := range sums {
				sums[i] += tc.w[j] * v[i]
			}
		}
		first, total := make([]float64, 1), make([]float64, 1)
		mean, vr := s.estimate(sums, first, total)
		for _, c := range [][3]float64{{first[0], tc.first, 0}, {total[0], tc.totl, 1}, {mean, tc.mean, 2}, {vr, tc.v, 3}} {
			if math.Abs(c[0]-c[1]) > 1e-14 {
				t.Errorf("%v weights %v: value %v = %v, want %v", tc.est, tc.w, c[2], c[0], c[1])
			}
		}
	}
}

// TestPoissonTable: the thresholds are P(X ≤ k)·2^32 for X ~ Poisson(1)
// to within one (float64 arithmetic here, exact decimals in the table).
func TestPoissonTable(t *testing.T) {
	c, p := 0.0, math.Exp(-1)
	for k, th := range poissonCDF {
		if k > 0 {
			p /= float64(k)
		}
		c += p
		if d := math.Abs(c*0x1p32 - float64(th)); d > 1 {
			t.Errorf("threshold %d = %d, want %v", k, th, c*0x1p32)
		}
	}
	for _, tc := range [][2]uint32{{0, 0}, {1580030168, 0}, {1580030169, 1}, {3160060337, 2}, {math.MaxUint32, 12}} {
		if got := poisson1(tc[0]); uint32(got) != tc[1] {
			t.Errorf("poisson1(%d) = %d, want %d", tc[0], got, tc[1])
		}
	}
	// The weights of a row are its own: the same in blocks and alone.
	w := make([]uint8, 7)
	rowWeights(3, 5, w)
	var a accumulator
	a.src[0].Seed(3^bootStream, mix(5))
	for r := 0; r < 7; r += 2 {
		q := a.src[0].Uint64()
		if w[r] != poisson1(uint32(q>>32)) || r+1 < 7 && w[r+1] != poisson1(uint32(q)) {
			t.Fatalf("rowWeights and the block's weights differ at %d", r)
		}
	}
}

// TestPoissonMoments: the weights have mean 1 and variance 1.
func TestPoissonMoments(t *testing.T) {
	w := make([]uint8, 1000)
	var s, ss float64
	n := 0
	for j := range 200 {
		rowWeights(1, j, w)
		for _, x := range w {
			s += float64(x)
			ss += float64(x) * float64(x)
			n++
		}
	}
	mean := s / float64(n)
	v := ss/float64(n) - mean*mean
	// n = 200,000: the standard errors are about 0.0022 and 0.004.
	if math.Abs(mean-1) > 0.01 || math.Abs(v-1) > 0.02 {
		t.Errorf("weights: mean %v variance %v, want 1 and 1", mean, v)
	}
}

func TestExactSum(t *testing.T) {
	// 1e100 + 1 − 1e100 + 1e-100: fsum gives 1 + 1e-100 rounded, 1.
	var e exact
	for _, x := range []float64{1e100, 1, -1e100, 1e-100} {
		e.add(x)
	}
	if e.round() != 1 {
		t.Errorf("sum = %v, want 1", e.round())
	}
	// Any order, any grouping, the same rounded sum.
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, 500)
	for i := range x {
		x[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(30)-15))
	}
	var all exact
	for _, v := range x {
		all.add(v)
	}
	for range 20 {
		rng.Shuffle(len(x), func(i, j int) { x[i], x[j] = x[j], x[i] })
		cut := rng.IntN(len(x))
		var a, b exact
		for _, v := range x[:cut] {
			a.add(v)
		}
		for _, v := range x[cut:] {
			b.add(v)
		}
		b.addAll(a)
		if b.round() != all.round() {
			t.Fatalf("sum in another order %v, want %v", b.round(), all.round())
		}
		c := b.canonical()
		if !reflect.DeepEqual(c, all.canonical()) || c.round() != all.round() {
			t.Fatalf("canonical forms differ: %v, %v", c, all.canonical())
		}
	}
	// Ties to even across partials: 1 + 2^-53 + 2^-105 rounds up.
	var h exact
	for _, v := range []float64{1, 0x1p-53, 0x1p-105} {
		h.add(v)
	}
	if h.round() != 1+0x1p-52 {
		t.Errorf("1 + 2^-53 + 2^-105 = %v, want 1 + 2^-52", h.round())
	}
}

// TestNewDesignRows: a part of a design has the whole's points.
func TestNewDesignRows(t *testing.T) {
	for _, opt := range []DesignOptions{{}, {Scramble: true, Seed: 7}, {Random: true, Seed: 3}} {
		whole, err := NewDesign(300, 3, opt)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range [][2]int{{0, 1}, {5, 17}, {256, 300}, {299, 300}, {7, 7}} {
			part, err := NewDesignRows(300, 3, opt, r[0], r[1])
			if err != nil {
				t.Fatal(err)
			}
			u, v := make([]float64, 3), make([]float64, 3)
			for b := range 5 {
				for j := r[0]; j < r[1]; j++ {
					whole.Point(b*300+j, u)
					part.Point(b*300+j, v)
					if !reflect.DeepEqual(u, v) {
						t.Fatalf("%+v rows %v: row %d: %v, want %v", opt, r, b*300+j, v, u)
					}
				}
			}
		}
	}
	if _, err := NewDesignRows(10, 2, DesignOptions{}, 5, 11); !errors.Is(err, ErrInvalid) {
		t.Errorf("rows past N: %v", err)
	}
}

// shardSums returns the sums of rows [from, to) of d, evaluated alone.
func shardSums(t *testing.T, d *Design, f func([]float64) float64, opt AnalyseOptions, i, k int, groups [][]int) *Sums {
	t.Helper()
	u := make([]float64, d.K)
	d.Point(0, u)
	s, err := NewSums(d, f(u), opt)
	if err != nil {
		t.Fatal(err)
	}
	from, to := s.Shard(i, k)
	part, err := NewDesignRows(d.N, d.K, DesignOptions{}, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if part, err = part.WithGroups(groups); err != nil {
		t.Fatal(err)
	}
	blocks := 2 + d.K + len(groups)
	y := make([]float64, 0, blocks*(to-from))
	for b := range blocks {
		for j := from; j < to; j++ {
			part.Point(b*d.N+j, u)
			y = append(y, f(u))
		}
	}
	if err := s.Add(y, from, to); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestShardsBitIdentical: the sums of K shards, added in any order, give
// the whole design's indices bit for bit, at every convergence size.
func TestShardsBitIdentical(t *testing.T) {
	groups := [][]int{{0, 2}}
	d, err := NewDesign(2048, 3, DesignOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if d, err = d.WithGroups(groups); err != nil {
		t.Fatal(err)
	}
	y := evaluate(d, ishigami)
	rng := rand.New(rand.NewPCG(5, 5))
	for _, est := range []Estimator{Jansen, Saltelli} {
		opt := AnalyseOptions{Estimator: est, Boot: 64, Seed: 9}
		all, err := NewSums(d, y[0], opt)
		if err != nil {
			t.Fatal(err)
		}
		if err := all.Add(y, 0, d.N); err != nil {
			t.Fatal(err)
		}
		whole := make([]*Result, 0, 3)
		for _, n := range ConvergenceSizes(d.N) {
			r, err := all.Result(n)
			if err != nil {
				t.Fatal(err)
			}
			whole = append(whole, r)
		}
		for k := 1; k <= 7; k++ {
			parts := make([]*Sums, k)
			for i := range k {
				parts[i] = shardSums(t, d, ishigami, opt, i+1, k, groups)
			}
			rng.Shuffle(k, func(i, j int) { parts[i], parts[j] = parts[j], parts[i] })
			s, _ := NewSums(d, y[0], opt)
			for _, p := range parts {
				// Through JSON, as a shard file carries them.
				b, err := json.Marshal(p.Canonical())
				if err != nil {
					t.Fatal(err)
				}
				var q Sums
				if err := json.Unmarshal(b, &q); err != nil {
					t.Fatal(err)
				}
				if err := q.Check(); err != nil {
					t.Fatal(err)
				}
				if err := s.Merge(&q); err != nil {
					t.Fatal(err)
				}
			}
			if !s.Complete() {
				t.Fatalf("%d shards: rows missing", k)
			}
			for c, n := range ConvergenceSizes(d.N) {
				got, err := s.Result(n)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, whole[c]) {
					t.Fatalf("%v, %d shards, n = %d:\n got %+v\nwant %+v", est, k, n, got, whole[c])
				}
			}
		}
	}
}

// TestWorkersDoNotMatter: one goroutine or several, the same sums.
func TestWorkersDoNotMatter(t *testing.T) {
	d, _ := NewDesign(1024, 3, DesignOptions{})
	y := evaluate(d, ishigami)
	var res []*Result
	for _, w := range []int{1, 3} {
		s, _ := NewSums(d, y[0], AnalyseOptions{Boot: 100, Seed: 2})
		s.Workers = w
		if err := s.Add(y, 0, d.N); err != nil {
			t.Fatal(err)
		}
		r, err := s.Result(d.N)
		if err != nil {
			t.Fatal(err)
		}
		res = append(res, r)
	}
	if !reflect.DeepEqual(res[0], res[1]) {
		t.Errorf("1 worker %+v\n3 workers %+v", res[0], res[1])
	}
}

func TestSumsErrors(t *testing.T) {
	d, _ := NewDesign(600, 2, DesignOptions{})
	y := evaluate(d, func(u []float64) float64 { return u[0] + 2*u[1] })
	s, _ := NewSums(d, y[0], AnalyseOptions{Boot: 4})
	if err := s.Add(y, 0, d.N); err != nil {
		t.Fatal(err)
	}
	if err := s.Add(y, 0, d.N); !errors.Is(err, ErrInvalid) {
		t.Errorf("rows added twice: %v", err)
	}
	t2, _ := NewSums(d, y[0], AnalyseOptions{Boot: 4})
	if _, err := t2.Result(600); !errors.Is(err, ErrInvalid) {
		t.Errorf("no rows: %v", err)
	}
	if err := t2.Add(y[:4*100], 0, 100); !errors.Is(err, ErrInvalid) {
		t.Errorf("rows off the blocks: %v", err)
	}
	u, _ := NewSums(d, y[0], AnalyseOptions{Boot: 5})
	if err := u.Merge(s); !errors.Is(err, ErrInvalid) {
		t.Errorf("different resamples: %v", err)
	}
	s2, _ := NewSums(d, y[0], AnalyseOptions{Boot: 4})
	_ = s2.Add(y, 0, d.N)
	if err := s2.Merge(s); !errors.Is(err, ErrInvalid) {
		t.Errorf("rows merged twice: %v", err)
	}
	for _, bad := range []string{`{}`, `{"N":600,"K":2,"Boot":4,"Conf":0.95,"Segments":[]}`, `{"N":2,"K":1,"Boot":-1,"Conf":0.95}`} {
		var q Sums
		if err := json.Unmarshal([]byte(bad), &q); err == nil {
			if err := q.Check(); !errors.Is(err, ErrInvalid) {
				t.Errorf("%s: Check = %v", bad, err)
			}
		}
	}
}

// TestReference: the estimators and the Poisson(1) bootstrap on a small
// design, against testdata/reference/sobolshard/gen.py (numpy: each
// resample as the data set with row j repeated w_j times, the textbook
// estimators on it; the weights from its own PCG-DXSM, SplitMix64 and
// Poisson(1) table), to 1e-12.
func TestReference(t *testing.T) {
	b, err := os.ReadFile("../../testdata/reference/sobolshard/reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		N, K, Boot int
		Seed       uint64
		Y          []float64
		Cases      []struct {
			Estimator     string
			First, Total  []float64
			BFirst, BTotl [][]float64 // [resample][input]
			Weights       [][]int     // [row][resample]
		}
	}
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	d, _ := NewDesign(ref.N, ref.K, DesignOptions{})
	for _, c := range ref.Cases {
		est, _ := ParseEstimator(c.Estimator)
		s, err := NewSums(d, ref.Y[0], AnalyseOptions{Estimator: est, Boot: ref.Boot, Seed: ref.Seed})
		if err != nil {
			t.Fatal(err)
		}
		w := make([]uint8, ref.Boot)
		for j := range ref.N {
			rowWeights(ref.Seed, j, w)
			for r := range w {
				if int(w[r]) != c.Weights[j][r] {
					t.Fatalf("weight of row %d in resample %d = %d, numpy %d", j, r, w[r], c.Weights[j][r])
				}
			}
		}
		if err := s.Add(ref.Y, 0, ref.N); err != nil {
			t.Fatal(err)
		}
		// The point estimates and each resample's, from the sums.
		wd := s.width()
		first, total := make([]float64, ref.K), make([]float64, ref.K)
		check := func(what string, sum func(*Segment, int) []float64, wf, wt []float64) {
			tt := make([]float64, wd)
			segs := []*Segment{}
			for i := range s.Segments {
				segs = append(segs, &s.Segments[i])
			}
			for i := range tt {
				tt[i] = sumOf(segs, new(exact), func(sg *Segment) []float64 { return sum(sg, i) })
			}
			s.estimate(tt, first, total)
			for i := range ref.K {
				if math.Abs(first[i]-wf[i]) > 1e-12 || math.Abs(total[i]-wt[i]) > 1e-12 {
					t.Errorf("%s %s input %d: %v %v, numpy %v %v", c.Estimator, what, i, first[i], total[i], wf[i], wt[i])
				}
			}
		}
		check("point", func(sg *Segment, i int) []float64 { return sg.sum(i) }, c.First, c.Total)
		for r := range ref.Boot {
			check("resample", func(sg *Segment, i int) []float64 { return sg.sum(wd + r*wd + i) }, c.BFirst[r], c.BTotl[r])
		}
	}
}

// BenchmarkSobolAnalysis is the analysis uncertainty.Sobol runs after its
// evaluations: the indices and the convergence table (N/4, N/2, N), each
// with 1,000 bootstrap resamples, K = 20, N = 1024, on every core; one
// pass over the rows gives them all (the last step is the indices).
func BenchmarkSobolAnalysis(b *testing.B) {
	d, _ := NewDesign(1024, 20, DesignOptions{})
	y := evaluate(d, func(u []float64) float64 {
		var s float64
		for i, v := range u {
			s += float64(i+1) * v * v
		}
		return s + u[0]*u[1]
	})
	opt := AnalyseOptions{Boot: 1000, Seed: 1}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Convergence(d, y, opt); err != nil {
			b.Fatal(err)
		}
	}
}
