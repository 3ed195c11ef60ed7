package sobol

import (
	"fmt"
	"strings"
)

// bootStream salts the seed of the bootstrap's per-row streams (see
// rowWeights).
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
	// Seed seeds the bootstrap's Poisson(1) weights: row j's come from
	// PCG(Seed ^ 0x736f626f6c2d6273, mix(j)) (see Sums).
	Seed uint64
}

// Analyse estimates the first- and total-order Sobol' indices of the
// output y, y[row] = f(u) with d.Point(row, u), and, if opt.Boot > 0,
// Poisson(1) bootstrap percentile intervals for them (see Sums). The
// result depends only on d, y and opt. Errors wrap ErrInvalid (len(y) ≠ d.Rows(), bad options),
// ErrNotFinite (naming the first bad row) or ErrConstant.
func Analyse(d *Design, y []float64, opt AnalyseOptions) (*Result, error) {
	if d == nil {
		return nil, fmt.Errorf("%w: nil design", ErrInvalid)
	}
	if len(y) != d.Rows() {
		return nil, fmt.Errorf("%w: %d outputs for a design of %d rows", ErrInvalid, len(y), d.Rows())
	}
	if len(y) == 0 {
		return nil, fmt.Errorf("%w: no outputs", ErrInvalid)
	}
	s, err := NewSums(d, y[0], opt)
	if err != nil {
		return nil, err
	}
	if err := s.Add(y, 0, d.N); err != nil {
		return nil, err
	}
	return s.Result(d.N)
}

// split moves the groups' indices, after the K inputs', to Groups.
func (r *Result) split(k int) {
	if len(r.Indices) > k {
		r.Groups = r.Indices[k:len(r.Indices):len(r.Indices)]
		r.Indices = r.Indices[:k:k]
	}
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
