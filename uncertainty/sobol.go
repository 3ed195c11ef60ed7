package uncertainty

import (
	"context"
	"errors"
	"fmt"

	"github.com/sib-engine/sib/internal/sobol"
	"github.com/sib-engine/sib/sib"
)

// Estimator is a pair of Sobol' index estimators: Jansen (first order by
// Saltelli et al. 2010, total by Jansen 1999) or Saltelli (Saltelli 2002
// and Homma–Saltelli).
type Estimator = sobol.Estimator

// The estimators.
const (
	Jansen   = sobol.Jansen
	Saltelli = sobol.Saltelli
)

// ParseEstimator reads an estimator's name: jansen or saltelli.
func ParseEstimator(name string) (Estimator, bool) { return sobol.ParseEstimator(name) }

// SobolIndex is one parameter's first-order and total-order index with
// their bootstrap confidence intervals.
type SobolIndex = sobol.Index

// ErrNoVarying is returned by Sobol when the spec varies no parameter.
var ErrNoVarying = errors.New("uncertainty: the spec varies no parameter (every distribution is fixed)")

// SobolOptions are the settings of a Sobol' analysis.
type SobolOptions struct {
	N         int // base sample size: the model is evaluated N·(k+2) times for k parameters
	Seed      uint64
	Estimator Estimator
	Boot      int     // bootstrap resamples for the intervals; 0 for none
	Conf      float64 // their level, e.g. 0.95
	// Random draws the two base samples pseudo-randomly from Seed instead
	// of from a Sobol' sequence.
	Random bool
	// Scramble draws them from the Owen-scrambled Sobol' sequence seeded
	// by Seed (see sobol.DesignOptions.Scramble); not with Random.
	Scramble bool
	// Groups are sets of parameters moved together: each gets a
	// first-order and total index of its own (SobolResult.Groups) and
	// costs N more evaluations.
	Groups   []SobolGroup
	Workers  int
	Progress func(done, total int)
}

// SobolResult holds the Sobol' indices of one output.
type SobolResult struct {
	Output  Output
	Params  []string // the varied parameters, in spec order
	Indices []SobolIndex
	// Mean and Variance of the output over the base samples.
	Mean, Variance float64
	N, Evaluations int
	// IgnoredCorrelations is true when the spec's correlations were left
	// out: the indices assume independent inputs.
	IgnoredCorrelations bool
	// Warnings are notes on the design, such as a base sample size that
	// is not a power of two for a Sobol' sequence.
	Warnings []string
	// Convergence holds the indices from the first N/4, N/2 and N rows of
	// the same design (sizes below 2 left out), each equal to a run with
	// that N, so a user sees whether they have settled.
	Convergence []SobolStep
	// Groups are the options' groups, and GroupIndices their indices.
	Groups       []SobolGroup
	GroupIndices []SobolIndex
}

// SobolGroup names a set of varied parameters moved together.
type SobolGroup struct {
	Name   string
	Params []string
}

// SobolStep is the indices from the first N rows of a design.
type SobolStep struct {
	N       int
	Indices []SobolIndex // in Params order
	Groups  []SobolIndex // in the options' Groups order
}

// Sobol computes first-order and total-order Sobol' indices of an output
// for the parameters the spec varies, by Saltelli's sampling scheme: each
// point of the design sets those parameters to their quantiles at its
// coordinates (the others keep their base values). Correlations are left
// out, as the indices are defined for independent inputs. The result is
// the same for any number of workers.
func Sobol(ctx context.Context, m *sib.Model, base []float64, sp *Spec, out Output, opt SobolOptions) (*SobolResult, error) {
	var vary []int
	res := &SobolResult{Output: out, N: opt.N, IgnoredCorrelations: len(sp.Corr) > 0}
	for i := range sp.Params {
		if sp.Params[i].Varies() {
			vary = append(vary, i)
			res.Params = append(res.Params, sp.Params[i].Name)
		}
	}
	if len(vary) == 0 {
		return nil, ErrNoVarying
	}
	m, err := fixedTiming(m, base, sp)
	if err != nil {
		return nil, err
	}
	d, err := sobol.NewDesign(opt.N, len(vary), sobol.DesignOptions{Random: opt.Random, Scramble: opt.Scramble, Seed: opt.Seed})
	if err != nil {
		return nil, err
	}
	if len(opt.Groups) > 0 {
		cols := make([][]int, len(opt.Groups))
		for g, grp := range opt.Groups {
			for _, name := range grp.Params {
				c := -1
				for j, p := range res.Params {
					if p == name {
						c = j
					}
				}
				if c < 0 {
					return nil, fmt.Errorf("group %s: %q is not a parameter the spec varies", grp.Name, name)
				}
				cols[g] = append(cols[g], c)
			}
		}
		if d, err = d.WithGroups(cols); err != nil {
			return nil, fmt.Errorf("group: %v", err)
		}
		res.Groups = opt.Groups
	}
	if w := sobol.BalanceWarning(opt.N); w != "" && !opt.Random {
		res.Warnings = append(res.Warnings, w)
	}
	in := newSobolInputs(d, sp, base, vary)
	rows := d.Rows()
	res.Evaluations = rows
	workers := opt.Workers
	if workers <= 0 {
		workers = defaultWorkers()
	}
	workers, err = fitWorkers(m, workers, rows, 1)
	if err != nil {
		return nil, err
	}
	y := make([]float64, rows)
	type worker struct {
		w    *sib.Work
		p, u []float64
		bt   *sib.Batch  // the batched kernel's tables (sobol_batch.go); nil: row by row
		ps   [][]float64 // the block's vectors
	}
	ws := make([]worker, workers)
	for i := range ws {
		ws[i] = worker{w: m.NewWork(), p: make([]float64, len(base)), u: make([]float64, len(vary))}
		skipsOf(ws[i].w, []Output{out}, false)
	}
	point := func(wk *worker, r int, p []float64) { in.row(r, wk.u, p) }
	batched, _ := m.Batchable()
	work := func(w, from, to int) error {
		wk := &ws[w]
		if batched {
			if wk.bt == nil {
				wk.bt = newBatch(m, wk.w)
			}
			return evaluateRows(m, wk.bt, &wk.ps, out, y, from, to, func(r int, p []float64) { point(wk, r, p) })
		}
		for r := from; r < to; r++ {
			point(wk, r, wk.p)
			o, err := m.Evaluate(wk.p, wk.w)
			if err != nil {
				return fmt.Errorf("design row %d: %w", r, err)
			}
			y[r] = out.Value(o)
		}
		return nil
	}
	var after func(from, to int) error
	if opt.Progress != nil {
		done := 0
		after = func(from, to int) error {
			done += to - from
			opt.Progress(done, rows)
			return nil
		}
	}
	if err := parallel(ctx, rows, workers, work, after); err != nil {
		return nil, err
	}
	r, err := sobol.Analyse(d, y, sobol.AnalyseOptions{Estimator: opt.Estimator, Boot: opt.Boot, Conf: opt.Conf, Seed: opt.Seed})
	if errors.Is(err, sobol.ErrNotFinite) {
		return nil, fmt.Errorf("%s: %w: the output does not exist at some points of the design (an IRR without a root, say); analyse another output, such as investors.multiple or investors.npv", out.Name, err)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", out.Name, err)
	}
	res.Indices, res.Mean, res.Variance, res.GroupIndices = r.Indices, r.Mean, r.Variance, r.Groups
	steps, err := sobol.ConvergenceFrom(d, y, sobol.AnalyseOptions{Estimator: opt.Estimator, Boot: opt.Boot, Conf: opt.Conf, Seed: opt.Seed}, r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", out.Name, err)
	}
	for _, r := range steps {
		res.Convergence = append(res.Convergence, SobolStep{N: r.N, Indices: r.Indices, Groups: r.Groups})
	}
	return res, nil
}
