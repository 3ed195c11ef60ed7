package matching

import (
	"errors"
	"fmt"
	"strings"
)

// PooledWeights returns a cohort's matching weights for pooling over
// cohorts: the treated units' as they are, and the pool units' rescaled to
// sum to the cohort's treated weight (its number of matched treated
// units). MatchIt's pool weights sum to the number of matched pool units,
// so stacking cohorts with them would mix the cohorts' pools in the ratio
// of their matched pool units rather than of their treated units: a
// covariate matched exactly would show a pooled difference. Per cohort the
// rescaling changes nothing (means and variances are weighted averages);
// pooled, each cohort's pool stands for its treated units, as in the
// pooled effect of package outcomes. A cohort with no matched pool unit
// is returned as it is.
func PooledWeights(treated []bool, w []float64) []float64 {
	var tw, pw float64
	for i, x := range w {
		if !(x > 0) {
			continue
		}
		if treated[i] {
			tw += x
		} else {
			pw += x
		}
	}
	out := make([]float64, len(w))
	copy(out, w)
	if !(pw > 0) {
		return out
	}
	f := tw / pw
	for i, x := range w {
		if !treated[i] && x > 0 {
			out[i] = x * f
		}
	}
	return out
}

// ErrSeparation: a covariate splits the treated and pool units completely,
// so the two groups have no common support and matching is meaningless.
var ErrSeparation = errors.New("matching: complete separation")

// separated returns an ErrSeparation error naming the covariates FitLogit
// found to split the groups completely, or nil. Quasi-complete separation
// (a level of one group) stays a warning: the other rows can be matched.
func separated(fit *Fit) error {
	var found []string
	for _, w := range fit.Warnings {
		if s, ok := strings.CutPrefix(w, completeSeparation); ok {
			found = append(found, s)
		}
	}
	if len(found) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %s: no common support, so matching cannot make the groups comparable (if treatment caused the covariate, drop it from matching.csv's covariates)", ErrSeparation, strings.Join(found, "; "))
}
