package sobol

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/sib-engine/sib/internal/stats"
)

// bootStream is the PCG stream (second seed word) of the bootstrap.
const bootStream = 0x736f626f6c2d6273 // "sobol-bs"

// Estimator selects the formulas for the partial variances; see the
// package documentation for each.
type Estimator uint8

const (
	// Jansen is Saltelli et al. (2010) for the first-order and Jansen
	// (1999) for the total-order indices; the recommended choice.
	Jansen Estimator = iota
	// Saltelli is Sobol' (1993) for the first-order and Homma & Saltelli
	// (1996) for the total-order indices, with f0² estimated as in
	// Saltelli (2002).
	Saltelli
)

var estimatorNames = [...]string{Jansen: "jansen", Saltelli: "saltelli"}

// String returns the estimator's name as ParseEstimator reads it.
func (e Estimator) String() string {
	if int(e) < len(estimatorNames) {
		return estimatorNames[e]
	}
	return fmt.Sprintf("Estimator(%d)", e)
}

// ParseEstimator returns the estimator named name ("jansen" or
// "saltelli", in any case) and whether there is one.
func ParseEstimator(name string) (Estimator, bool) {
	for e, n := range estimatorNames {
		if strings.EqualFold(name, n) {
			return Estimator(e), true
		}
	}
	return 0, false
}

// Index holds the first-order and total-order Sobol' indices of one input
// with the bounds of their bootstrap percentile intervals (NaN without a
// bootstrap).
type Index struct {
	First, FirstLo, FirstHi float64
	Total, TotalLo, TotalHi float64
}

// Result is the outcome of Analyse.
type Result struct {
	Indices   []Index   // one per input, in design column order
	Groups    []Index   // one per group of the design (see WithGroups)
	Mean      float64   // mean of f over A and B
	Variance  float64   // variance of f over A and B (divisor 2N)
	N         int       // base sample size
	Boot      int       // number of bootstrap resamples
	Conf      float64   // level of the intervals
	Estimator Estimator // estimator used
}

// AnalyseOptions are the policy of Analyse.
type AnalyseOptions struct {
	Estimator Estimator
	// Boot is the number of bootstrap resamples; 0 means none, and then
	// the interval bounds are NaN.
	Boot int
	// Conf is the level of the percentile intervals, in (0, 1); 0 means
	// 0.95.
	Conf float64
	// Seed seeds the bootstrap's PCG(Seed, 0x736f626f6c2d6273).
	Seed uint64
}

// Analyse estimates the first- and total-order Sobol' indices of the
// output y, y[row] = f(u) with d.Point(row, u), and, if opt.Boot > 0,
// bootstrap percentile intervals for them. The result depends only on d, y
// and opt. Errors wrap ErrInvalid (len(y) ≠ d.Rows(), bad options),
// ErrNotFinite (naming the first bad row) or ErrConstant.
func Analyse(d *Design, y []float64, opt AnalyseOptions) (*Result, error) {
	if d == nil {
		return nil, fmt.Errorf("%w: nil design", ErrInvalid)
	}
	n, k := d.N, d.K+len(d.groups) // k: the inputs, then the groups
	if len(y) != d.Rows() {
		return nil, fmt.Errorf("%w: %d outputs for a design of %d rows", ErrInvalid, len(y), d.Rows())
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
	for row, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%w: y[%d] = %v (%s)", ErrNotFinite, row, v, d.describe(row))
		}
	}
	if !varies(y[:2*n]) {
		return nil, fmt.Errorf("%w: every f(A) and f(B) is %v", ErrConstant, y[0])
	}

	// Centre on the mean of f(A) and f(B): it keeps the products of the
	// Saltelli estimator well conditioned and costs nothing.
	var sum float64
	for _, v := range y[:2*n] {
		sum += v
	}
	mean := sum / float64(2*n)
	c := make([]float64, len(y))
	var ss float64
	for r, v := range y {
		c[r] = v - mean
		if r < 2*n {
			ss += c[r] * c[r]
		}
	}
	res := &Result{
		Indices:   make([]Index, k),
		Mean:      mean,
		Variance:  ss / float64(2*n),
		N:         n,
		Boot:      opt.Boot,
		Conf:      conf,
		Estimator: opt.Estimator,
	}

	w := newWork(c, n, k, opt.Estimator)
	first, total := make([]float64, k), make([]float64, k)
	idx := make([]int, n)
	for j := range idx {
		idx[j] = j
	}
	w.estimate(idx, first, total)
	for i := range res.Indices {
		res.Indices[i] = Index{
			First: first[i], FirstLo: math.NaN(), FirstHi: math.NaN(),
			Total: total[i], TotalLo: math.NaN(), TotalHi: math.NaN(),
		}
	}
	if opt.Boot == 0 {
		res.split(d.K)
		return res, nil
	}

	b := opt.Boot
	bf, bt := make([]float64, k*b), make([]float64, k*b) // [i*b + r]
	src := rand.NewPCG(opt.Seed, bootStream)
	for r := range b {
		for j := range idx {
			hi, _ := bits.Mul64(src.Uint64(), uint64(n))
			idx[j] = int(hi)
		}
		w.estimate(idx, first, total)
		for i := range k {
			bf[i*b+r], bt[i*b+r] = first[i], total[i]
		}
	}
	lo, hi := (1-conf)/2, (1+conf)/2
	for i := range res.Indices {
		f, t := bf[i*b:(i+1)*b], bt[i*b:(i+1)*b]
		slices.Sort(f)
		slices.Sort(t)
		x := &res.Indices[i]
		x.FirstLo, x.FirstHi = stats.Quantile7(f, lo), stats.Quantile7(f, hi)
		x.TotalLo, x.TotalHi = stats.Quantile7(t, lo), stats.Quantile7(t, hi)
	}
	res.split(d.K)
	return res, nil
}

// split moves the groups' indices, after the K inputs', to Groups.
func (r *Result) split(k int) {
	if len(r.Indices) > k {
		r.Groups = r.Indices[k:len(r.Indices):len(r.Indices)]
		r.Indices = r.Indices[:k:k]
	}
}

// varies reports whether the values are not all equal.
func varies(y []float64) bool {
	for _, v := range y[1:] {
		if v != y[0] {
			return true
		}
	}
	return false
}

// describe names the part of the design a row belongs to.
func (d *Design) describe(row int) string {
	block, j := row/d.N, row%d.N
	switch block {
	case 0:
		return fmt.Sprintf("row %d of A", j)
	case 1:
		return fmt.Sprintf("row %d of B", j)
	}
	if i := block - 2; i >= d.K {
		return fmt.Sprintf("row %d of A_B^(group %d)", j, i-d.K)
	}
	return fmt.Sprintf("row %d of A_B^(%d)", j, block-2)
}

// work holds the centred outputs and scratch space for estimate.
type work struct {
	n, k   int
	est    Estimator
	fa, fb []float64 // f(A), f(B)
	fab    []float64 // f(A_B^(i)) at [i*n, (i+1)*n)
	a, b   []float64 // the resampled, re-centred f(A) and f(B)
}

func newWork(c []float64, n, k int, est Estimator) *work {
	return &work{
		n: n, k: k, est: est,
		fa: c[:n], fb: c[n : 2*n], fab: c[2*n:],
		a: make([]float64, n), b: make([]float64, n),
	}
}

// estimate sets first[i] and total[i] to the indices of the sample made of
// rows idx[0], idx[1], … of the design (idx = 0, 1, …, N-1 for the point
// estimate). The point estimate and every bootstrap resample go through
// here, so they are the same function of their sample.
func (w *work) estimate(idx []int, first, total []float64) {
	n := w.n
	for j, r := range idx {
		w.a[j], w.b[j] = w.fa[r], w.fb[r]
	}
	// Re-centre on this sample's mean of f(A) and f(B).
	var s float64
	for j := range n {
		s += w.a[j] + w.b[j]
	}
	m := s / float64(2*n)
	var ss, sab float64
	for j := range n {
		w.a[j] -= m
		w.b[j] -= m
		ss += w.a[j]*w.a[j] + w.b[j]*w.b[j]
		sab += w.a[j] * w.b[j]
	}
	nf := float64(n)
	v := ss / (2 * nf)
	f0sq := sab / nf
	a, b := w.a[:n], w.b[:n]
	for i := range w.k {
		row := w.fab[i*n : (i+1)*n]
		var s1, s2 float64
		if w.est == Jansen {
			for j, r := range idx {
				dj := row[r] - m - a[j] // f(A_B^(i)) − f(A), both centred
				s1 += b[j] * dj
				s2 += dj * dj
			}
		} else {
			for j, r := range idx {
				ab := row[r] - m
				s1 += b[j] * ab
				s2 += a[j] * ab
			}
		}
		if w.est == Jansen {
			first[i] = s1 / nf / v
			total[i] = s2 / (2 * nf) / v
		} else {
			first[i] = (s1/nf - f0sq) / v
			total[i] = (v - (s2/nf - f0sq)) / v
		}
	}
}
