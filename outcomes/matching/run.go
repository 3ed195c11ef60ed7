package matching

import (
	"context"
	"errors"
	"io"
)

// Run fits the propensity model, matches each cohort and tabulates the
// balance.
func Run(ctx context.Context, d *Data, spec *Spec) (*Result, error) {
	return nil, errors.New("matching: Run not implemented yet")
}

// WriteWeights writes the matching weights as weights.csv: cohort, id,
// group, weight and subclass of every row with a positive weight.
func WriteWeights(w io.Writer, r *Result) error {
	return errors.New("matching: WriteWeights not implemented yet")
}
