package matching

import (
	"context"
	"errors"
)

// FitOptions control the IRLS fit; zero values take R glm's defaults.
type FitOptions struct {
	MaxIter int     // default 25
	Tol     float64 // relative change in deviance, default 1e-8
}

// FitLogit fits a logistic regression of treated on the design by
// iteratively reweighted least squares, as R's glm(family = binomial).
func FitLogit(ctx context.Context, x *Design, treated []bool, opt FitOptions) (*Fit, error) {
	return nil, errors.New("matching: FitLogit not implemented yet")
}
