package sobol

import (
	"errors"
	"fmt"
	"math/bits"
)

// PowersOfTwo returns the powers of two nearest n: lo ≤ n ≤ hi, lo = hi = n
// when n is one. A Sobol' sequence is balanced (each coordinate a (0,1)
// net, every dyadic interval of length 1/N holding one point) only for a
// power-of-two number of points, so N = lo or hi is the better base
// sample size. n must be at least 1.
func PowersOfTwo(n int) (lo, hi int) {
	if n < 1 {
		return 1, 1
	}
	lo = 1 << (bits.Len(uint(n)) - 1)
	if lo == n {
		return n, n
	}
	return lo, lo << 1
}

// BalanceWarning returns a warning when n is not a power of two, naming
// the nearest powers of two, and "" when it is one.
func BalanceWarning(n int) string {
	lo, hi := PowersOfTwo(n)
	if lo == hi {
		return ""
	}
	return fmt.Sprintf("N = %d is not a power of two: a Sobol' sequence is balanced only at powers of two, so the indices converge more slowly; use N = %d or %d", n, lo, hi)
}

// Prefix returns the design made of the first n rows of A and B, and so
// of each A_B^(i): the same points, row for row, as NewDesign(n, K, opt)
// with the options d was made with, since row j of A and B is point j+1 of
// the sequence (or the j-th pair of pseudo-random rows) whatever N is. It
// shares d's storage. It returns an error wrapping ErrInvalid unless
// 2 ≤ n ≤ N.
func (d *Design) Prefix(n int) (*Design, error) {
	if n < 2 || n > d.N {
		return nil, fmt.Errorf("%w: prefix of %d rows of a design of %d", ErrInvalid, n, d.N)
	}
	return &Design{N: n, K: d.K, ab: d.ab[:2*n*d.K], groups: d.groups}, nil
}

// PrefixOutputs returns the outputs of d.Prefix(n) from the outputs y of
// d: the first n rows of each of the K+2 blocks. It panics unless
// len(y) = d.Rows() and 0 ≤ n ≤ N.
func PrefixOutputs(d *Design, y []float64, n int) []float64 {
	if len(y) != d.Rows() || n < 0 || n > d.N {
		panic(fmt.Sprintf("sobol: PrefixOutputs: %d outputs, prefix %d of a design of %d×%d", len(y), n, d.N, d.K+2))
	}
	blocks := d.K + 2 + len(d.groups)
	p := make([]float64, 0, n*blocks)
	for b := range blocks {
		p = append(p, y[b*d.N:b*d.N+n]...)
	}
	return p
}

// ConvergenceSizes returns the base sample sizes of a convergence check
// for a design of n rows: n/4, n/2 and n (rounded down), leaving out sizes
// below 2 and repeats.
func ConvergenceSizes(n int) []int {
	var s []int
	for _, m := range []int{n / 4, n / 2, n} {
		if m >= 2 && (len(s) == 0 || s[len(s)-1] != m) {
			s = append(s, m)
		}
	}
	return s
}

// Convergence analyses the first m rows of the design for each m of
// ConvergenceSizes(d.N), with the same options and bootstrap weights (a
// row's weights are its own): each result is, to rounding, Analyse of a
// design of m rows run on its own, so a user sees whether the indices
// have settled by N. All come from one pass over the rows (see Sums). A
// size whose rows of A and B give one output value has no indices and is
// left out.
func Convergence(d *Design, y []float64, opt AnalyseOptions) ([]*Result, error) {
	if d == nil || len(y) != d.Rows() {
		return nil, fmt.Errorf("%w: outputs do not match the design", ErrInvalid)
	}
	s, err := NewSums(d, y[0], opt)
	if err != nil {
		return nil, err
	}
	if err := s.Add(y, 0, d.N); err != nil {
		return nil, err
	}
	return s.Convergence()
}

// Convergence returns the results of every convergence size (see the
// function Convergence) from complete sums.
func (s *Sums) Convergence() ([]*Result, error) {
	var out []*Result
	for _, m := range ConvergenceSizes(s.N) {
		r, err := s.Result(m)
		if errors.Is(err, ErrConstant) && m < s.N {
			continue // too few rows to see the output vary: no indices
		}
		if err != nil {
			return nil, fmt.Errorf("first %d rows: %w", m, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// WithGroups returns the design with groups of inputs moved together: for
// each group g one more block of N rows, A with the group's columns taken
// from B, after the K blocks A_B^(i). Analyse then gives each group's
// first-order index (the share of the variance the group explains alone,
// its members' first-order indices plus their interactions among
// themselves) and total index in Result.Groups, by the same estimators
// with the group in the place of one input. Each group costs N more
// evaluations. The result shares d's points. Groups must be non-empty
// sets of distinct columns in [0, K); the error wraps ErrInvalid.
func (d *Design) WithGroups(groups [][]int) (*Design, error) {
	for g, cols := range groups {
		if len(cols) == 0 {
			return nil, fmt.Errorf("%w: group %d is empty", ErrInvalid, g)
		}
		seen := map[int]bool{}
		for _, c := range cols {
			if c < 0 || c >= d.K || seen[c] {
				return nil, fmt.Errorf("%w: group %d: column %d out of range or repeated", ErrInvalid, g, c)
			}
			seen[c] = true
		}
	}
	if d.N > maxRows/(d.K+2+len(groups)) {
		return nil, fmt.Errorf("%w: %d × (%d + 2 + %d) rows is too many", ErrInvalid, d.N, d.K, len(groups))
	}
	e := *d
	e.groups = make([][]int, len(groups))
	for g := range groups {
		e.groups[g] = append([]int(nil), groups[g]...)
	}
	return &e, nil
}
