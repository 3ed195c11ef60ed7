package scenario_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/scenario"
)

// TestDesignFile: design.csv gives metrics their evaluation designs.
func TestDesignFile(t *testing.T) {
	s, _, err := loadWith(t, map[string]string{scenario.DesignFile: "metric,sampling,direction,baseline,comparison_size,comparison_ratio,sd,note\n" +
		"reconvictions,poisson,,,,1.5,,randomised control group of 1.5 a participant\n" +
		"employment,Binomial,higher,,,,,a contractual rate\n"})
	require.NoError(t, err)
	r, e := s.Metrics[0].Design, s.Metrics[1].Design
	assert.Equal(t, scenario.Poisson, r.Sampling)
	assert.Equal(t, 1.5, r.ComparisonRatio)
	assert.False(t, r.Fixed)
	assert.False(t, r.Higher)
	assert.Equal(t, 152.0, r.ComparisonN(101))
	assert.Equal(t, scenario.Binomial, e.Sampling)
	assert.True(t, e.Fixed)
	assert.True(t, e.Higher)
	assert.Equal(t, 0.0, e.ComparisonN(100))
	assert.Equal(t, scenario.DesignFile, r.Source)

	// A normal metric against a comparison group of 300 a cohort, with a
	// baseline of its own.
	s, _, err = loadWith(t, map[string]string{
		scenario.MetricsFile: edit(t, baseMetrics, "employment,,once,1,4,0.3,", "employment,,once,1,4,,"),
		scenario.DesignFile:  "metric,sampling,baseline,comparison_size,sd\nemployment,normal,0.3,300,0.45\n"})
	require.NoError(t, err)
	d := s.Metrics[1].Design
	assert.Equal(t, scenario.Normal, d.Sampling)
	assert.Equal(t, 0.3, d.Baseline)
	assert.Equal(t, 300.0, d.ComparisonN(50))
	// SD·√(1/n_T + 1/n_C) = 0.45·√(1/100 + 1/300) = 0.45 × 0.11547 = 0.05196.
	assert.InDelta(t, 0.05196, d.SE(100, 0, 300, 0), 1e-5)

	// An overdispersed count: the variance 1.5 times the mean.
	// √(1.5 (0.85/200 + 0.97/200)) = √(1.5 × 0.0091) = 0.11683.
	s, _, err = loadWith(t, map[string]string{scenario.DesignFile: "metric,sampling,comparison_ratio,dispersion\nreconvictions,poisson,1,1.5\n"})
	require.NoError(t, err)
	d = s.Metrics[0].Design
	assert.Equal(t, 1.5, d.Dispersion)
	assert.InDelta(t, 0.11683, d.SE(200, 0.85, 200, 0.97), 1e-5)
	d.Dispersion = 0 // Poisson: √0.0091 = 0.09539
	assert.InDelta(t, 0.09539, d.SE(200, 0.85, 200, 0.97), 1e-5)
}

// TestDesignFileBad: design.csv's errors are positioned at their cell.
func TestDesignFileBad(t *testing.T) {
	h := "metric,sampling,direction,baseline,comparison_size,comparison_ratio,sd\n"
	h2 := "metric,sampling,comparison_ratio,dispersion\n"
	for _, tc := range []struct {
		body, want string
		is         error
	}{
		{h + "jobs,poisson,,,,1,\n", `design.csv:2:1: metric: unknown name: metric "jobs" is not in metrics.csv`, scenario.ErrUnknown},
		{h + "reconvictions,gamma,,,,1,\n", `design.csv:2:2: sampling: invalid input "gamma": expected binomial (a share), poisson (a count per participant) or normal (a mean with a per-person sd)`, scenario.ErrInput},
		{h + "reconvictions,poisson,up,,,1,\n", `design.csv:2:3: direction: invalid input "up": expected lower or higher (is better)`, scenario.ErrInput},
		{h + "reconvictions,poisson,,,100,1,\n", "design.csv:2:6: comparison_ratio: invalid input: give comparison_size or comparison_ratio, not both", scenario.ErrInput},
		{h + "reconvictions,poisson,,,12.5,,\n", "design.csv:2:5: comparison_size: value out of range: 12.5: expected a whole number of people, 1 or more", scenario.ErrRange},
		{h + "reconvictions,poisson,,,,-1,\n", "design.csv:2:6: comparison_ratio: value out of range: -1: expected comparison participants per treated participant, above 0", scenario.ErrRange},
		{h + "reconvictions,normal,,,,1,\n", "design.csv:2:7: sd: empty value: a normal metric needs its per-person sd", csvio.ErrEmpty},
		{h + "reconvictions,poisson,,,,1,3\n", "design.csv:2:7: sd: invalid input: sd is for a normal metric; a poisson metric's spread follows from its level", scenario.ErrInput},
		{h + "reconvictions,poisson,,0.5,,1,\n", "design.csv:2:4: baseline: invalid input: metric reconvictions has a baseline in metrics.csv, which the design measures against; leave baseline empty here", scenario.ErrInput},
		{h + "employment,binomial,,1.5,,,\n", "design.csv:2:4: baseline: value out of range: 1.5: expected a level of zero or more (a share at most 1)", scenario.ErrRange},
		{h + "reconvictions,poisson,,,,1,\nreconvictions,poisson,,,,2,\n", "design.csv:3:1: metric: invalid input: metric reconvictions has a design already", scenario.ErrInput},
		{h + "reconvictions,poisson,,,,abc,\n", `design.csv:2:6: comparison_ratio: invalid number "abc"`, nil},
		{h2 + "reconvictions,poisson,1,0.9\n", "design.csv:2:4: dispersion: value out of range: 0.9: expected the variance over the mean, from 1 (Poisson) to 1000", scenario.ErrRange},
		{h2 + "employment,binomial,,1.2\n", "design.csv:2:4: dispersion: invalid input: dispersion is for a poisson metric; a binomial metric's spread follows from its level or sd", scenario.ErrInput},
	} {
		_, dir, err := loadWith(t, map[string]string{scenario.DesignFile: tc.body})
		require.Error(t, err, tc.body)
		got := rel(err, dir)
		if tc.is == nil {
			assert.Contains(t, got, tc.want)
			continue
		}
		assert.Equal(t, tc.want, got)
		assert.True(t, errors.Is(err, tc.is), got)
		var ie *csvio.Error
		assert.True(t, errors.As(err, &ie), got)
	}
}
