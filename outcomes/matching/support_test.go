package matching

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestNoOverlapIsAnError: when the treated units' and the pool's
// distances do not overlap at all, Run refuses, with or without a caliper
// or discard. Without the check, every treated unit would take the nearest
// pool units however far, and the effect would look like any other (a
// newcomer's walkthrough found exactly that). Here two covariates are
// shifted apart together so that neither alone separates the groups.
func TestNoOverlapIsAnError(t *testing.T) {
	d := runBenchData(100, 1000, 3)
	for i := range d.IDs {
		if !d.Treated[i] {
			d.Columns[0].Values[i] += 4
			d.Columns[1].Values[i] += 4
		}
	}
	for _, caliper := range []float64{0, 0.2} {
		s := runBenchSpec(1)
		s.Options.Caliper = caliper
		_, err := Run(context.Background(), d, s)
		if errors.Is(err, ErrSeparation) {
			t.Skip("the data separate on one covariate: not the case this test is for")
		}
		if caliper == 0 && (!errors.Is(err, ErrNoCommonSupport) || !strings.Contains(err.Error(), "do not overlap")) {
			t.Errorf("caliper %g: got %v, want an ErrNoCommonSupport error saying the ranges do not overlap", caliper, err)
		}
		if err == nil {
			t.Errorf("caliper %g: no error", caliper)
		}
	}
}
