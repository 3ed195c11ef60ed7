package uncertainty

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// DrawColumns keeps the values drawn for the spec's varied parameters, in
// draw order: Values[j][i] is parameter Names[j] in draw i. Its Each is a
// SimOptions.Each (alone or called from another); it copies into columns
// made once, so it allocates nothing per draw.
type DrawColumns struct {
	Names  []string
	Values [][]float64
	index  []int // the parameter's place in the spec, a column each
}

// NewDrawColumns makes the columns for draws draws of spec sp's varied
// parameters (those with a distribution; fixed ones are left out).
func NewDrawColumns(sp *Spec, draws int) *DrawColumns {
	c := &DrawColumns{}
	for k, u := range sp.Params {
		if u.Varies() {
			c.Names = append(c.Names, u.Name)
			c.Values = append(c.Values, make([]float64, draws))
			c.index = append(c.index, k)
		}
	}
	return c
}

// Each records draw i's parameters (params in the spec's order).
func (c *DrawColumns) Each(i int, params, _ []float64) error {
	for j, k := range c.index {
		c.Values[j][i] = params[k]
	}
	return nil
}

// RankCorr is the rank correlation of one parameter with an output.
type RankCorr struct {
	Param string
	// Rho is Spearman's rank correlation (ties get their average rank),
	// with its 95% interval Lo, Hi by Fisher's z: tanh(atanh(ρ) ± 1.96/√(n−3)).
	// NaN when the parameter or the output does not vary, or the interval
	// when n < 4.
	Rho, Lo, Hi float64
	// Partial is the partial rank correlation coefficient (PRCC): the
	// correlation of the residuals of the ranks of the output and of the
	// parameter, each regressed (least squares, with an intercept) on the
	// ranks of the other parameters. It is computed from the inverse P of
	// the rank correlation matrix of the parameters and the output, as
	// −P[j,y]/√(P[j,j]·P[y,y]), which is the same number. NaN when that
	// matrix is singular (a parameter that does not vary, or more
	// parameters than draws).
	Partial float64
}

// RankTable is the correlation tornado of an output: each varied
// parameter's rank correlation with it, from the Monte Carlo draws.
type RankTable struct {
	Output Output
	// N is the number of draws used; Missing those where the output does
	// not exist (NaN, e.g. an IRR), left out.
	N, Missing int
	// Rows are sorted by |Rho|, largest first (NaN last; ties in the
	// order given).
	Rows []RankCorr
}

// ErrRankInput is returned for rank correlations of columns of unequal
// length.
var ErrRankInput = errors.New("uncertainty: rank correlation")

// z975 is the 97.5% point of the standard normal distribution.
const z975 = 1.959963984540054

// RankCorrelate computes the rank correlation of each column x[j] (named
// names[j]) with y, over the draws where y is finite, and sorts them by
// |ρ|. The result depends only on the values in draw order, so it is the
// same for any number of workers.
func RankCorrelate(out Output, names []string, x [][]float64, y []float64) (*RankTable, error) {
	if len(names) != len(x) {
		return nil, fmt.Errorf("%w: %d names for %d columns", ErrRankInput, len(names), len(x))
	}
	keep := make([]int, 0, len(y))
	for i, v := range y {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			keep = append(keep, i)
		}
	}
	for j := range x {
		if len(x[j]) != len(y) {
			return nil, fmt.Errorf("%w: %s has %d values for %d draws", ErrRankInput, names[j], len(x[j]), len(y))
		}
	}
	t := &RankTable{Output: out, N: len(keep), Missing: len(y) - len(keep)}
	n := len(keep)
	p := len(x)
	// ranks[j] holds the ranks of column j over the kept draws; ranks[p]
	// those of y. Each is centred and scaled to unit length, so that
	// correlations are dot products.
	ranks := make([][]float64, p+1)
	col := make([]float64, n)
	idx := make([]int, n)
	for j := 0; j <= p; j++ {
		src := y
		if j < p {
			src = x[j]
		}
		for a, i := range keep {
			col[a] = src[i]
		}
		ranks[j] = unitRanks(col, idx)
	}
	c := mat.NewSymDense(p+1, nil)
	for a := 0; a <= p; a++ {
		for b := a; b <= p; b++ {
			c.SetSym(a, b, dot(ranks[a], ranks[b]))
		}
	}
	partial := partials(c, p)
	nan := math.NaN()
	for j := range p {
		r := RankCorr{Param: names[j], Rho: c.At(j, p), Lo: nan, Hi: nan, Partial: partial[j]}
		if ranks[j] == nil || ranks[p] == nil {
			r.Rho = nan
		}
		r.Rho = clamp1(r.Rho)
		switch {
		case math.IsNaN(r.Rho) || n < 4:
		case math.Abs(r.Rho) == 1:
			r.Lo, r.Hi = r.Rho, r.Rho
		default:
			z, se := math.Atanh(r.Rho), 1/math.Sqrt(float64(n-3))
			r.Lo, r.Hi = math.Tanh(z-z975*se), math.Tanh(z+z975*se)
		}
		t.Rows = append(t.Rows, r)
	}
	sort.SliceStable(t.Rows, func(a, b int) bool {
		ra, rb := t.Rows[a].Rho, t.Rows[b].Rho
		if math.IsNaN(rb) {
			return !math.IsNaN(ra)
		}
		return math.Abs(ra) > math.Abs(rb)
	})
	return t, nil
}

// unitRanks returns the average ranks of v (1-based, ties sharing the
// mean of their ranks), centred and scaled to unit length; nil when v
// has fewer than two distinct values. idx is scratch of len(v).
func unitRanks(v []float64, idx []int) []float64 {
	n := len(v)
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case v[a] < v[b]:
			return -1
		case v[a] > v[b]:
			return 1
		}
		return 0
	})
	r := make([]float64, n)
	for a := 0; a < n; {
		b := a + 1
		for b < n && v[idx[b]] == v[idx[a]] {
			b++
		}
		// Ranks a+1 … b share their mean, (a+1+b)/2.
		avg := float64(a+1+b) / 2
		for k := a; k < b; k++ {
			r[idx[k]] = avg
		}
		a = b
	}
	// The mean rank is (n+1)/2 exactly.
	mean := float64(n+1) / 2
	var ss float64
	for i := range r {
		r[i] -= mean
		ss += r[i] * r[i]
	}
	if ss == 0 {
		return nil
	}
	s := math.Sqrt(ss)
	for i := range r {
		r[i] /= s
	}
	return r
}

// dot is the dot product of two unit rank vectors; NaN when either is
// nil (does not vary).
func dot(a, b []float64) float64 {
	if a == nil || b == nil {
		return math.NaN()
	}
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// partials returns the partial rank correlations of columns 0 … p−1 with
// column p from their correlation matrix c.
func partials(c *mat.SymDense, p int) []float64 {
	out := make([]float64, p)
	for j := range out {
		out[j] = math.NaN()
	}
	for a := 0; a <= p; a++ {
		for b := 0; b <= p; b++ {
			if math.IsNaN(c.At(a, b)) {
				return out
			}
		}
	}
	var ch mat.Cholesky
	if !ch.Factorize(c) {
		return out
	}
	if cond := ch.Cond(); cond > 1e12 || math.IsInf(cond, 0) {
		return out
	}
	var inv mat.SymDense
	if err := ch.InverseTo(&inv); err != nil {
		return out
	}
	for j := range p {
		out[j] = clamp1(-inv.At(j, p) / math.Sqrt(inv.At(j, j)*inv.At(p, p)))
	}
	return out
}

// clamp1 keeps a correlation computed in floating point within [−1, 1].
func clamp1(r float64) float64 {
	if r > 1 {
		return 1
	}
	if r < -1 {
		return -1
	}
	return r
}
