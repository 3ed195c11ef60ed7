package scenario

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sib-engine/sib/outcomes"
)

// TestStudyDesignSE: the evaluation design taken from an outcomes study
// gives, at each cohort's sizes and levels, the standard error that
// sib outcomes prints for that cohort (binomial and Poisson comparisons
// and a fixed binomial baseline: the same formula), and at the pooled
// sizes the pooled one for a normal (trend) metric, whose SD is fitted to
// it.
func TestStudyDesignSE(t *testing.T) {
	study, err := outcomes.Load("../testdata/estonia/outcomes", outcomes.LoadOptions{})
	require.NoError(t, err)
	res, err := outcomes.Estimate(context.Background(), study, outcomes.Options{})
	require.NoError(t, err)
	designs := map[string]Design{}
	for _, x := range res.Effects {
		if x.Cohort == outcomes.PooledCohort {
			d, ok := StudyDesign(x, "test")
			require.True(t, ok, x.Metric)
			designs[x.Metric] = d
		}
	}
	assert.Equal(t, Binomial, designs["reoffend"].Sampling)
	assert.Equal(t, Poisson, designs["reconvictions"].Sampling)
	assert.Equal(t, Normal, designs["custody_days"].Sampling)
	assert.Equal(t, Binomial, designs["school_dropout"].Sampling)
	assert.True(t, designs["school_dropout"].Fixed)
	checked := 0
	for _, x := range res.Effects {
		d := designs[x.Metric]
		if d.Sampling == Normal && x.Cohort != outcomes.PooledCohort {
			continue
		}
		se := d.SE(float64(x.NTreatment), x.Observed, float64(x.NBaseline), x.Baseline)
		if d.Sampling == Normal {
			se = d.SE(float64(x.NTreatment), 0, float64(x.NTreatment)*d.ComparisonRatio, 0)
		}
		want := x.SE
		if d.Dispersion > 1 {
			// The pooled dispersion for every cohort: √φ times the
			// Poisson standard error.
			want *= math.Sqrt(d.Dispersion)
		}
		assert.InDelta(t, want, se, 1e-12*want, "%s %s", x.Metric, x.Cohort)
		checked++
	}
	assert.Equal(t, 10, checked)
	// The overdispersed reconvictions: φ = 1.5436 (R glm quasipoisson,
	// testdata/reference/overdispersion), and the pooled design's
	// standard error is sib outcomes --count-variance quasi's.
	r := designs["reconvictions"]
	assert.InDelta(t, 1.5436, r.Dispersion, 5e-5)
	quasi, err := outcomes.Estimate(context.Background(), study, outcomes.Options{CountVariance: outcomes.QuasiVariance})
	require.NoError(t, err)
	for _, x := range quasi.Effects {
		if x.Metric == "reconvictions" && x.Cohort == outcomes.PooledCohort {
			assert.InDelta(t, x.SE, r.SE(float64(x.NTreatment), x.Observed, float64(x.NBaseline), x.Baseline), 1e-12*x.SE)
		}
	}
	// Reconvictions, cohort 2024 by hand: 176 reconvictions among 207
	// treated (0.8502), 203 among 202 controls (1.005):
	// √(0.8502/207 + 1.005/202) = √(0.004107 + 0.004975) = 0.0953,
	// times √1.5436 = 1.2424: 0.1184.
	assert.InDelta(t, 0.1184, r.SE(207, 176.0/207, 202, 203.0/202), 5e-5)
	assert.InDelta(t, 432.0/446, r.ComparisonRatio, 1e-15)
	assert.False(t, math.IsNaN(designs["custody_days"].SD))
}

// TestLoadTakesDesign: a metric whose effect is measured in the
// outcomes folder takes the folder's design; one with an effect of its
// own has none.
func TestLoadTakesDesign(t *testing.T) {
	s, err := Load("../testdata/estonia/scenario")
	require.NoError(t, err)
	for _, m := range s.Metrics {
		assert.NotEqual(t, NoDesign, m.Design.Sampling, m.Name)
	}
	p, err := Load("../testdata/preschool/scenario")
	require.NoError(t, err)
	for _, m := range p.Metrics {
		assert.Equal(t, NoDesign, m.Design.Sampling, m.Name)
	}
}
