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
	j, err := newSobolJob(m, base, sp, out, opt, 0, opt.N)
	if err != nil {
		return nil, err
	}
	y, err := j.evaluate(ctx, opt)
	if err != nil {
		return nil, err
	}
	sums, err := j.sums(y[0])
	if err != nil {
		return nil, err
	}
	if err := sums.Add(y, 0, opt.N); err != nil {
		return nil, j.analysisError(err)
	}
	if err := finishSobol(j.res, sums); err != nil {
		return nil, fmt.Errorf("%s: %w", out.Name, err)
	}
	return j.res, nil
}
