package sobol

import (
	"errors"
	"fmt"
)

// Transform returns the design with every coordinate of A and B put
// through f, column by column: f(i, x) gets the N coordinates i of A
// followed by the N of B, in row order, and overwrites them in place
// (with the inputs' quantiles, say). Point on the result then gives the
// transformed inputs of any row, since the rows of A_B^(i) and of the
// groups only recombine A's and B's coordinates: a quantile function
// runs 2N·K times rather than N·(K+2) times, with the same values. d is
// not changed; the result has d's groups.
func (d *Design) Transform(f func(col int, x []float64)) *Design {
	t := &Design{N: d.N, K: d.K, ab: make([]float64, len(d.ab)), groups: d.groups}
	k2 := 2 * d.K
	x := make([]float64, 2*d.N)
	for i := range d.K {
		for j := range d.N {
			x[j] = d.ab[j*k2+i]
			x[d.N+j] = d.ab[j*k2+d.K+i]
		}
		f(i, x)
		for j := range d.N {
			t.ab[j*k2+i] = x[j]
			t.ab[j*k2+d.K+i] = x[d.N+j]
		}
	}
	return t
}

// ConvergenceFrom is Convergence given full, the result of Analyse(d, y,
// opt) already worked out: the step at N is full itself (Analyse of the
// prefix of all N rows is the same computation), so the bootstrap of the
// whole design is not run twice. The results equal Convergence's.
func ConvergenceFrom(d *Design, y []float64, opt AnalyseOptions, full *Result) ([]*Result, error) {
	if d == nil || len(y) != d.Rows() || full == nil || full.N != d.N {
		return nil, fmt.Errorf("%w: outputs or result do not match the design", ErrInvalid)
	}
	var out []*Result
	for _, m := range ConvergenceSizes(d.N) {
		if m == d.N {
			out = append(out, full)
			continue
		}
		p, err := d.Prefix(m)
		if err != nil {
			return nil, err
		}
		r, err := Analyse(p, PrefixOutputs(d, y, m), opt)
		if errors.Is(err, ErrConstant) {
			continue // too few rows to see the output vary: no indices
		}
		if err != nil {
			return nil, fmt.Errorf("first %d rows: %w", m, err)
		}
		out = append(out, r)
	}
	return out, nil
}
