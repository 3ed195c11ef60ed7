package sobol

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"

	"github.com/sib-engine/sib/internal/stats"
)

// BlockRows is the number of base rows whose sums are taken in floating
// point, in row order, before they join the segment's exact totals. The
// rows of a segment (see Sums) are cut into blocks of BlockRows from its
// first row; shards are made of whole blocks, so a block's sums are the
// same in any run and the exact totals make the order of the blocks
// irrelevant.
const BlockRows = 256

// Sums are what the estimators need of a design's outputs: per-row sums
// that add across rows, so that they can be taken in pieces (shards of
// the design, on other machines) and added.
//
// Row j of the sums is the base row j of the design: f(A_j), f(B_j) and
// f(A_B^(i)_j) for every input i and group. With a = f(A_j) − c, b =
// f(B_j) − c (c = Shift = f(A_0), which keeps the sums well conditioned
// whatever the output's scale), and for each input or group i, D =
// f(A_B^(i)_j) − f(A_j) (Jansen) or e = f(A_B^(i)_j) − c (Saltelli), a
// row contributes the 6 + 3k values
//
//	1, a, b, a², b², ab, then for each i: D, bD, D² (Jansen) or e, be, ae (Saltelli)
//
// to the point sums, and w_{r,j} times them to the sums of bootstrap
// resample r (w_{r,j} ~ Poisson(1), see rowWeights). Every sum is taken
// in blocks of BlockRows rows, each block's by one fixed computation (the
// point sums in row order, a resample's as the dot product of its weights
// and the values, floats.Dot), and the blocks' sums are added exactly (an
// exact accumulator rounded once at the end), so the totals are the same
// bit for bit however the rows are split into shards of whole blocks, in
// whatever order the shards are added and by however many goroutines (on
// one platform and build: another architecture may round the model or the
// dot products otherwise).
//
// The rows are kept in Segments, cut at the convergence sizes (N/4, N/2;
// see ConvergenceSizes), so the indices of the first N/4 and N/2 rows
// come from the same sums.
type Sums struct {
	N, K, G   int // base sample size, inputs, groups
	Estimator Estimator
	Boot      int     // bootstrap resamples
	Conf      float64 // level of the intervals
	Seed      uint64  // seed of the resamples' weights
	// Shift is f(A_0), subtracted from every output before it is summed.
	Shift    float64
	Segments []Segment
	// Workers is the number of goroutines Add uses (0: GOMAXPROCS); the
	// sums do not depend on it.
	Workers int `json:"-"`
}

// Segment holds the sums of the base rows [From, To).
type Segment struct {
	From, To int
	// Rows is the number of rows added so far.
	Rows int
	// Min and Max are the least and greatest f(A_j) and f(B_j) of the
	// rows added (0 when none).
	Min, Max float64
	// Point holds the 6 + 3k point sums and Boot the sums of each
	// resample, resample by resample, each an exact sum as a list of
	// non-overlapping partials (Shewchuk 1997) whose total is the sum.
	Point, Boot [][]float64

	// While NewSums's sums are added to (flat form), Point and Boot are
	// nil and sum i's partials are part[i·room : i·room+cnt[i]]
	// (the point sums first, then the resamples'): a segment of
	// 66,066 sums is then three arrays rather than as many slices for
	// the garbage collector to allocate, clear and scan. publish makes
	// Point and Boot, on the same array, for whoever reads them.
	part []float64
	cnt  []uint8
	room int
}

// width is the number of sums a row contributes to: 6 + 3(K+G).
func (s *Sums) width() int { return 6 + 3*(s.K+s.G) }

// NewSums returns empty sums for the design d with the analysis options
// opt (its Conf 0 meaning 0.95), shifted by f(A_0) = shift. The errors
// wrap ErrInvalid.
func NewSums(d *Design, shift float64, opt AnalyseOptions) (*Sums, error) {
	if d == nil {
		return nil, fmt.Errorf("%w: nil design", ErrInvalid)
	}
	if opt.Estimator > Saltelli {
		return nil, fmt.Errorf("%w: %v", ErrInvalid, opt.Estimator)
	}
	if opt.Boot < 0 {
		return nil, fmt.Errorf("%w: %d bootstrap resamples", ErrInvalid, opt.Boot)
	}
	conf := opt.Conf
	if conf == 0 {
		conf = 0.95
	}
	if !(conf > 0 && conf < 1) {
		return nil, fmt.Errorf("%w: confidence level %v not in (0, 1)", ErrInvalid, opt.Conf)
	}
	if math.IsNaN(shift) || math.IsInf(shift, 0) {
		return nil, fmt.Errorf("%w: f(A_0) = %v (%s)", ErrNotFinite, shift, d.describe(0))
	}
	s := &Sums{N: d.N, K: d.K, G: len(d.groups), Estimator: opt.Estimator, Boot: opt.Boot, Conf: conf, Seed: opt.Seed, Shift: shift}
	from := 0
	for _, to := range ConvergenceSizes(d.N) {
		s.Segments = append(s.Segments, s.newSegment(from, to))
		from = to
	}
	return s, nil
}

// newSegment returns an empty segment of rows [from, to) in flat form,
// with room for as many partials a sum as the segment has blocks, up to
// exactRoom: a sum of b blocks' sums has at most b partials, so a segment
// of one block holds one float a sum rather than four.
func (s *Sums) newSegment(from, to int) Segment {
	n := s.width() * (1 + s.Boot)
	room := min(exactRoom, max(1, (to-from+BlockRows-1)/BlockRows))
	return Segment{From: from, To: to, part: make([]float64, room*n), cnt: make([]uint8, n), room: room}
}

// sum returns sum i of the segment (the point sums, then the
// resamples'), in either form.
func (sg *Segment) sum(i int) []float64 {
	if sg.part != nil {
		return sg.part[i*sg.room : i*sg.room+int(sg.cnt[i])]
	}
	if i < len(sg.Point) {
		return sg.Point[i]
	}
	return sg.Boot[i-len(sg.Point)]
}

// add adds x exactly to sum i, publishing the segment if the sum
// outgrows its room in flat form.
func (sg *Segment) add(w, i int, x float64) {
	if sg.part != nil {
		at := i * sg.room
		if sg.cnt[i] == 0 { // exact.add on no partials: x alone
			sg.part[at], sg.cnt[i] = x, 1
			return
		}
		e := exact(sg.part[at : at+int(sg.cnt[i]) : at+sg.room])
		e.add(x)
		if len(e) <= sg.room && &e[0] == &sg.part[at] {
			sg.cnt[i] = uint8(len(e))
			return
		}
		sg.publish(w)
		sg.setSum(i, e)
		return
	}
	if i < w {
		(*exact)(&sg.Point[i]).add(x)
		return
	}
	(*exact)(&sg.Boot[i-w]).add(x)
}

// setSum replaces sum i of a published segment.
func (sg *Segment) setSum(i int, e exact) {
	if i < len(sg.Point) {
		sg.Point[i] = e
		return
	}
	sg.Boot[i-len(sg.Point)] = e
}

// publish turns a segment in flat form into Point and Boot (w point sums
// each), sharing its array; a published segment is left as it is.
func (sg *Segment) publish(w int) {
	if sg.part == nil {
		return
	}
	p := make([][]float64, len(sg.cnt))
	for i := range p {
		at := i * sg.room
		p[i] = sg.part[at : at+int(sg.cnt[i]) : at+sg.room]
	}
	sg.Point, sg.Boot = p[:w:w], p[w:]
	sg.part, sg.cnt, sg.room = nil, nil, 0
}

// publish publishes every segment.
func (s *Sums) publish() {
	for i := range s.Segments {
		s.Segments[i].publish(s.width())
	}
}

// MarshalJSON writes the sums with every segment's Point and Boot, in
// whichever form the sums are.
func (s Sums) MarshalJSON() ([]byte, error) {
	segs := make([]Segment, len(s.Segments))
	for i, sg := range s.Segments {
		segs[i] = sg
		segs[i].publish(s.width()) // the copy's: sg's array is only read
	}
	s.Segments = segs
	type plain Sums
	return json.Marshal(plain(s))
}

// exactRoom is the most partials a sum has room for before it allocates:
// sums of money (10^6) and its squares (10^12) to the cent take three or
// four.
const exactRoom = 4

// Blocks returns the block boundaries of the rows, from 0 to N: the rows a
// shard may start or end at.
func (s *Sums) Blocks() []int {
	b := []int{0}
	for _, sg := range s.Segments {
		for r := sg.From + BlockRows; r < sg.To; r += BlockRows {
			b = append(b, r)
		}
		b = append(b, sg.To)
	}
	return b
}

// Shard returns the base rows [from, to) of shard i of k (1 ≤ i ≤ k):
// the blocks ⌊(i−1)·n/k⌋ to ⌊i·n/k⌋ of the n blocks, so the k shards
// cover the rows once, in order (some are empty when k > n).
func (s *Sums) Shard(i, k int) (from, to int) {
	b := s.Blocks()
	n := len(b) - 1
	return b[(i-1)*n/k], b[i*n/k]
}

// Add adds the base rows [from, to) given their outputs block by block of
// the design: y[blk·(to−from) + j−from] = f(row blk·N + j) for each of the
// design's blocks blk (A, B, the A_B^(i), the groups') and j in [from,
// to). from and to must be block boundaries (see Blocks) and the rows not
// added before. The blocks are summed by s.Workers goroutines; Add
// allocates their scratch space once, and nothing per row or block unless
// a sum's partials outgrow their room. Errors wrap ErrInvalid or
// ErrNotFinite (naming the row).
func (s *Sums) Add(y []float64, from, to int) error {
	blocks := 2 + s.K + s.G
	m := to - from
	if from < 0 || to > s.N || from > to || len(y) != m*blocks {
		return fmt.Errorf("%w: %d outputs for rows [%d, %d) of %d blocks", ErrInvalid, len(y), from, to, blocks)
	}
	bounds := s.Blocks()
	if !slices.Contains(bounds, from) || !slices.Contains(bounds, to) {
		return fmt.Errorf("%w: rows [%d, %d) do not start and end at blocks of %d rows", ErrInvalid, from, to, BlockRows)
	}
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			d := Design{N: s.N, K: s.K, groups: make([][]int, s.G)}
			return fmt.Errorf("%w: y[%d] = %v (%s)", ErrNotFinite, i/m*s.N+from+i%m, v, d.describe(i/m*s.N+from+i%m))
		}
	}
	// Each block on its own: its sums are the same whoever computes them,
	// and the exact totals make the order the blocks join them irrelevant.
	var todo []int // the blocks' first rows
	for bi := 0; bi+1 < len(bounds); bi++ {
		b0, b1 := bounds[bi], bounds[bi+1]
		if b0 < from || b1 > to {
			continue
		}
		if sg := s.segment(b0); sg.Rows+b1-b0 > sg.To-sg.From {
			return fmt.Errorf("%w: rows [%d, %d) added twice", ErrInvalid, b0, b1)
		}
		todo = append(todo, bi)
	}
	workers := max(1, min(s.workers(), len(todo)))
	var mu sync.Mutex
	var wg sync.WaitGroup
	next := make(chan int, len(todo))
	for _, bi := range todo {
		next <- bi
	}
	close(next)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			acc := newAccumulator(s.width(), s.Boot)
			for bi := range next {
				b0, b1 := bounds[bi], bounds[bi+1]
				acc.block(s, y, m, b0-from, b1-from, b0)
				mu.Lock()
				s.join(acc, y, m, b0, b1, from)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return nil
}

// workers returns the number of goroutines Add uses.
func (s *Sums) workers() int {
	if s.Workers > 0 {
		return s.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// join adds a block's sums (rows [b0, b1), at y[b0-from] on) to its
// segment's exact totals.
func (s *Sums) join(acc *accumulator, y []float64, m, b0, b1, from int) {
	sg := s.segment(b0)
	lo, hi := y[b0-from], y[b0-from]
	for j := b0 - from; j < b1-from; j++ {
		lo, hi = min(lo, y[j], y[m+j]), max(hi, y[j], y[m+j])
	}
	if sg.Rows == 0 {
		sg.Min, sg.Max = lo, hi
	}
	sg.Min, sg.Max = min(sg.Min, lo), max(sg.Max, hi)
	w := s.width()
	for i, v := range acc.point {
		sg.add(w, i, v)
	}
	for i, v := range acc.boot {
		sg.add(w, w+i, v)
	}
	sg.Rows += b1 - b0
}

// segment returns the segment holding row j.
func (s *Sums) segment(j int) *Segment {
	for i := range s.Segments {
		if j < s.Segments[i].To {
			return &s.Segments[i]
		}
	}
	return &s.Segments[len(s.Segments)-1]
}

// rowValues sets v to the 6 + 3k values of row j of y (blocks of m rows).
func (s *Sums) rowValues(v, y []float64, m, j int) {
	fa := y[j]
	a, b := fa-s.Shift, y[m+j]-s.Shift
	v[0], v[1], v[2], v[3], v[4], v[5] = 1, a, b, a*a, b*b, a*b
	v = v[6:]
	for i := range s.K + s.G {
		x := y[(2+i)*m+j]
		t := v[3*i : 3*i+3 : 3*i+3]
		if s.Estimator == Jansen {
			d := x - fa
			t[0], t[1], t[2] = d, b*d, d*d
		} else {
			e := x - s.Shift
			t[0], t[1], t[2] = e, b*e, a*e
		}
	}
}

// accumulator is the scratch space of one block: its values, sum by sum
// (vt[i*BlockRows+j] is sum i's value of the block's row j), the row
// streams and the weights of eight resamples, and the block's point and
// resample sums.
type accumulator struct {
	width       int
	vt, v       []float64
	src         [BlockRows]rand.PCG
	w           [8][BlockRows]float64
	point, boot []float64
}

func newAccumulator(width, boot int) *accumulator {
	return &accumulator{width: width, vt: make([]float64, width*BlockRows), v: make([]float64, width), point: make([]float64, width), boot: make([]float64, width*boot)}
}

// block sets acc's sums to those of the rows [j0, j1) of y (blocks of m
// rows), base rows row0, row0+1, …: each point sum in row order, each
// resample's sum a dot product of its weights and the values, as
// floats.Dot computes it (a fixed order for a given length; dot8 takes
// eight resamples' at a time). It does not allocate.
func (a *accumulator) block(s *Sums, y []float64, m, j0, j1, row0 int) {
	n, k := j1-j0, a.width
	v := a.v // a row's values, as rowValues sets them
	for j := range n {
		s.rowValues(v, y, m, j0+j)
		for i := range k {
			a.vt[i*BlockRows+j] = v[i]
		}
		a.src[j].Seed(s.Seed^bootStream, mix(uint64(row0+j)))
	}
	for i := range k {
		var t float64
		for _, x := range a.vt[i*BlockRows : i*BlockRows+n] {
			t += x
		}
		a.point[i] = t
	}
	if n == 0 {
		return
	}
	var out [8]float64
	for r := 0; r < s.Boot; r += 8 {
		// Resamples r … r+7: each output of a row's stream gives the
		// weights of two, in order, as rowWeights draws them.
		for p := 0; p < 8 && r+p < s.Boot; p += 2 {
			w0, w1 := a.w[p][:n], a.w[p+1][:n]
			for j := range n {
				q := a.src[j].Uint64()
				w0[j] = float64(poisson1(uint32(q >> 32)))
				w1[j] = float64(poisson1(uint32(q)))
			}
		}
		nr := min(8, s.Boot-r)
		for i := range k {
			dot8(&a.vt[i*BlockRows], &a.w, n, &out)
			for p := range nr {
				a.boot[(r+p)*k+i] = out[p]
			}
		}
	}
}

// Merge adds the sums t (of other rows of the same design and options)
// to s. Errors wrap ErrInvalid when they do not belong together or share
// rows.
func (s *Sums) Merge(t *Sums) error {
	if s.N != t.N || s.K != t.K || s.G != t.G || s.Estimator != t.Estimator || s.Boot != t.Boot || s.Conf != t.Conf || s.Seed != t.Seed || s.Shift != t.Shift || len(s.Segments) != len(t.Segments) {
		return fmt.Errorf("%w: the sums are of different designs or options", ErrInvalid)
	}
	s.publish()
	t.publish()
	for i := range s.Segments {
		a, b := &s.Segments[i], &t.Segments[i]
		if a.From != b.From || a.To != b.To || len(a.Point) != len(b.Point) || len(a.Boot) != len(b.Boot) {
			return fmt.Errorf("%w: the sums are of different designs", ErrInvalid)
		}
		if a.Rows+b.Rows > a.To-a.From {
			return fmt.Errorf("%w: rows [%d, %d) added twice", ErrInvalid, a.From, a.To)
		}
		if b.Rows == 0 {
			continue
		}
		if a.Rows == 0 {
			a.Min, a.Max = b.Min, b.Max
		}
		a.Min, a.Max = min(a.Min, b.Min), max(a.Max, b.Max)
		a.Rows += b.Rows
		for k := range a.Point {
			(*exact)(&a.Point[k]).addAll(b.Point[k])
		}
		for k := range a.Boot {
			(*exact)(&a.Boot[k]).addAll(b.Boot[k])
		}
	}
	return nil
}

// Complete reports whether every row has been added.
func (s *Sums) Complete() bool {
	for _, sg := range s.Segments {
		if sg.Rows != sg.To-sg.From {
			return false
		}
	}
	return true
}

// Result returns the indices of the first n rows, n one of
// ConvergenceSizes(N) (N for the whole design), from the sums of those
// rows, which must all have been added. Errors wrap ErrInvalid or
// ErrConstant.
func (s *Sums) Result(n int) (*Result, error) {
	w := s.width()
	var segs []*Segment
	var lo, hi float64
	for i := range s.Segments {
		sg := &s.Segments[i]
		if sg.To > n {
			break
		}
		if sg.Rows != sg.To-sg.From {
			return nil, fmt.Errorf("%w: rows [%d, %d) missing", ErrInvalid, sg.From+sg.Rows, sg.To)
		}
		if i == 0 {
			lo, hi = sg.Min, sg.Max
		}
		lo, hi = min(lo, sg.Min), max(hi, sg.Max)
		segs = append(segs, sg)
	}
	found := len(segs) > 0 && segs[len(segs)-1].To == n
	if !found {
		return nil, fmt.Errorf("%w: %d is not a convergence size of N = %d", ErrInvalid, n, s.N)
	}
	if lo == hi {
		return nil, fmt.Errorf("%w: every f(A) and f(B) is %v", ErrConstant, lo)
	}
	k := s.K + s.G
	t := make([]float64, w)
	scratch := make(exact, 0, 16)
	for i := range t {
		t[i] = sumOf(segs, &scratch, func(sg *Segment) []float64 { return sg.sum(i) })
	}
	first, total := make([]float64, k), make([]float64, k)
	mean, v := s.estimate(t, first, total)
	res := &Result{Indices: make([]Index, k), Mean: mean, Variance: v, N: n, Boot: s.Boot, Conf: s.Conf, Estimator: s.Estimator}
	for i := range res.Indices {
		res.Indices[i] = Index{
			First: first[i], FirstLo: math.NaN(), FirstHi: math.NaN(),
			Total: total[i], TotalLo: math.NaN(), TotalHi: math.NaN(),
		}
	}
	if s.Boot > 0 {
		s.intervals(segs, res.Indices)
	}
	res.split(s.K)
	return res, nil
}

// intervals sets the percentile intervals of the indices from the
// resamples' sums; a resample whose indices are not finite (all its
// weight on rows of one output value) is left out.
func (s *Sums) intervals(segs []*Segment, idx []Index) {
	w, k, nb := s.width(), s.K+s.G, s.Boot
	bf, bt := make([]float64, k*nb), make([]float64, k*nb) // [i*nb + r]
	// Each resample on its own: the workers share out the resamples.
	workers := max(1, min(s.workers(), nb/64))
	var wg sync.WaitGroup
	for g := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := make([]float64, w)
			scratch := make(exact, 0, 16)
			first, total := make([]float64, k), make([]float64, k)
			for r := g * nb / workers; r < (g+1)*nb/workers; r++ {
				for i := range t {
					t[i] = sumOf(segs, &scratch, func(sg *Segment) []float64 { return sg.sum(w + r*w + i) })
				}
				s.estimate(t, first, total)
				for i := range k {
					bf[i*nb+r], bt[i*nb+r] = first[i], total[i]
				}
			}
		}()
	}
	wg.Wait()
	// The bounds are order statistics, found by selection rather than a
	// sort: the same values.
	ps := []float64{(1 - s.Conf) / 2, (1 + s.Conf) / 2}
	var q [2]float64
	for i := range idx {
		f, t := finite(bf[i*nb:(i+1)*nb]), finite(bt[i*nb:(i+1)*nb])
		x := &idx[i]
		if len(f) > 0 {
			stats.Quantiles7(f, ps, q[:])
			x.FirstLo, x.FirstHi = q[0], q[1]
		}
		if len(t) > 0 {
			stats.Quantiles7(t, ps, q[:])
			x.TotalLo, x.TotalHi = q[0], q[1]
		}
	}
}

// sumOf returns the rounded exact sum of one sum of the segments, using
// scratch (which it may grow) for the partials.
func sumOf(segs []*Segment, scratch *exact, sum func(*Segment) []float64) float64 {
	if len(segs) == 1 {
		return exact(sum(segs[0])).round()
	}
	// Two partials in all (one a segment in the convergence table's first
	// steps): the correctly rounded sum of two floats is their floating
	// point sum, ties to even as round's.
	if len(segs) == 2 {
		if a, b := sum(segs[0]), sum(segs[1]); len(a) == 1 && len(b) == 1 {
			if t := a[0] + b[0]; !math.IsInf(t, 0) {
				return t
			}
		}
	}
	*scratch = (*scratch)[:0]
	for _, sg := range segs {
		scratch.addAll(sum(sg))
	}
	return scratch.round()
}

// finite returns the finite values of x, in place.
func finite(x []float64) []float64 {
	out := x[:0]
	for _, v := range x {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			out = append(out, v)
		}
	}
	return out
}

// estimate sets first[i] and total[i] from the (weighted) sums t of a
// sample, laid out as Sums documents, and returns the sample's mean and
// variance (divisor 2W, W = t[0] the sample's weight). With W the sample
// size, δ = (Σa + Σb)/2W the sample mean less the shift and v the
// variance,
//
//	Jansen:   first = (ΣbD − δΣD)/W/v, total = ΣD²/(2W)/v
//	Saltelli: f0² = (Σab − δΣa − δΣb + Wδ²)/W,
//	          first = ((Σbe − δΣb − δΣe + Wδ²)/W − f0²)/v,
//	          total = (v − ((Σae − δΣa − δΣe + Wδ²)/W − f0²))/v
//
// which are the estimators of the package documentation with every
// output centred on the sample mean (the terms in δ), written as sums.
func (s *Sums) estimate(t, first, total []float64) (mean, v float64) {
	W, A, B, AA, BB, AB := t[0], t[1], t[2], t[3], t[4], t[5]
	d := (A + B) / (2 * W)
	v = (AA + BB - d*(A+B)) / (2 * W)
	f0sq := (AB - d*A - d*B + W*d*d) / W
	for i := range first {
		x, y, z := t[6+3*i], t[7+3*i], t[8+3*i]
		if s.Estimator == Jansen {
			first[i] = (y - d*x) / W / v
			total[i] = z / (2 * W) / v
		} else {
			first[i] = ((y-d*B-d*x+W*d*d)/W - f0sq) / v
			total[i] = (v - ((z-d*A-d*x+W*d*d)/W - f0sq)) / v
		}
	}
	return s.Shift + d, v
}

// Canonical returns a copy of s whose exact sums are in their canonical
// form (see exact.canonical): equal sums written alike, whatever the order
// their parts were added in.
func (s *Sums) Canonical() *Sums {
	s.publish()
	c := *s
	c.Segments = make([]Segment, len(s.Segments))
	for i, sg := range s.Segments {
		c.Segments[i] = sg
		c.Segments[i].Point = canonicalAll(sg.Point)
		c.Segments[i].Boot = canonicalAll(sg.Boot)
	}
	return &c
}

func canonicalAll(sums [][]float64) [][]float64 {
	out := make([][]float64, len(sums))
	for i, e := range sums {
		out[i] = exact(e).canonical()
		if out[i] == nil {
			out[i] = []float64{}
		}
	}
	return out
}

// maxBoot bounds the bootstrap resamples Check accepts.
const maxBoot = 1 << 20

// Check reports whether s, read from a file, is sums NewSums could have
// made and Add and Merge filled: sizes in range, the segments of N, the
// number of sums of the estimator, finite partials. The error wraps
// ErrInvalid.
func (s *Sums) Check() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, a...)...)
	}
	switch {
	case s.N < 2 || s.K < 1 || s.G < 0 || s.K+s.G > maxRows || s.N > maxRows/(s.K+2+s.G):
		return bad("design of %d rows, %d inputs and %d groups", s.N, s.K, s.G)
	case s.Estimator > Saltelli:
		return bad("%v", s.Estimator)
	case s.Boot < 0 || s.Boot > maxBoot:
		return bad("%d bootstrap resamples", s.Boot)
	case !(s.Conf > 0 && s.Conf < 1):
		return bad("confidence level %v", s.Conf)
	case math.IsNaN(s.Shift) || math.IsInf(s.Shift, 0):
		return bad("shift %v", s.Shift)
	}
	s.publish()
	sizes := ConvergenceSizes(s.N)
	if len(s.Segments) != len(sizes) {
		return bad("%d segments, want %d", len(s.Segments), len(sizes))
	}
	w := s.width()
	from := 0
	for i, sg := range s.Segments {
		switch {
		case sg.From != from || sg.To != sizes[i]:
			return bad("segment %d is rows [%d, %d), want [%d, %d)", i, sg.From, sg.To, from, sizes[i])
		case sg.Rows < 0 || sg.Rows > sg.To-sg.From:
			return bad("segment %d: %d rows", i, sg.Rows)
		case len(sg.Point) != w || len(sg.Boot) != w*s.Boot:
			return bad("segment %d: %d and %d sums, want %d and %d", i, len(sg.Point), len(sg.Boot), w, w*s.Boot)
		case !(sg.Min <= sg.Max):
			return bad("segment %d: min %v above max %v", i, sg.Min, sg.Max)
		}
		for _, sums := range [][][]float64{sg.Point, sg.Boot} {
			for _, e := range sums {
				if len(e) > 40 {
					return bad("segment %d: a sum of %d partials", i, len(e))
				}
				for _, x := range e {
					if math.IsNaN(x) || math.IsInf(x, 0) {
						return bad("segment %d: partial %v", i, x)
					}
				}
			}
		}
		from = sg.To
	}
	return nil
}
