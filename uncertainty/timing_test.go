package uncertainty

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Timing parameters in the analyses (issue 14, item 15), on the fixture
// cmd/sib/testdata/scenario-ok-timing (sib/timing_test.go works it out by
// hand): 10000 paid a year after the outcome year 2, to a tranche that
// drew 8000 in year 1 and matures in year 5. The multiple is 1.25 while
// the payment comes by maturity (lag ≤ 3), 0 after (lag 4: paid in year
// 6) and when it comes after the horizon (lag 5).
func timingFixture(t *testing.T) (*scenario.Scenario, *sib.Model) {
	t.Helper()
	s, err := scenario.Load("../cmd/sib/testdata/scenario-ok-timing")
	require.NoError(t, err)
	m, err := sib.Compile(s)
	require.NoError(t, err)
	return s, m
}

// TestTimingSpec: the spec refuses a distribution on a timing parameter,
// at its cell, and values that are not whole; a fixed row with low and
// high moves it in a tornado.
func TestTimingSpec(t *testing.T) {
	s, m := timingFixture(t)
	for _, c := range []struct{ row, msg string }{
		{"term.t.lag,uniform,0,4,,,,", specName + ":2:2: dist: a timing parameter is not drawn: term.t.lag is a whole number of periods, and Monte Carlo and Sobol do not draw it (each value compiles the model anew); give dist fixed with a whole value, and low and high for tornado and grid"},
		{"term.t.lag,fixed,1.5,,,,,", specName + ":2:3: arg1: outside the parameter's allowed range: term.t.lag is a timing parameter: its value must be a whole number of periods, got 1.5"},
		{"term.t.lag,fixed,1,,,,0,2.5", specName + ":2:8: high: outside the parameter's allowed range: term.t.lag is a timing parameter: high must be a whole number of periods, got 2.5"},
		{"outcome.m.to,fixed,2,,,,1,7", specName + ":2:8: high: outside the parameter's allowed range: outcome.m.to must lie in [1, 6], got 7"},
	} {
		_, err := read(s, specText(c.row), nil)
		assert.EqualError(t, err, c.msg, c.row)
	}
	sp, err := read(s, specText("term.t.lag,fixed,1,,,,0,4", "tranche.senior.maturity,fixed,5,,,,4,6", "outcome.m.effect,normal,0.1,0.02,,,,"), nil)
	require.NoError(t, err)
	out, err := ParseOutput(s, "investors.multiple")
	require.NoError(t, err)
	tor, err := OneWay(m, s.Values(), sp, out)
	require.NoError(t, err)
	bars := map[string][2]float64{}
	for _, b := range tor.Bars {
		bars[b.Param] = [2]float64{b.OutLow, b.OutHigh}
	}
	assert.Equal(t, [2]float64{1.25, 0}, bars["term.t.lag"], "lag 0: paid in year 3; lag 4: after maturity")
	assert.Equal(t, [2]float64{1.25, 1.25}, bars["tranche.senior.maturity"], "paid in year 3, before either")

	// Monte Carlo draws the effect and takes the lag at its fixed value;
	// a lag fixed at 4 is compiled once for all the draws.
	sp4, err := read(s, specText("term.t.lag,fixed,4,,,,", "outcome.m.effect,uniform,0.05,0.15,,,,"), nil)
	require.NoError(t, err)
	for _, workers := range []int{1, 3} {
		sim, err := Simulate(context.Background(), m, s.Values(), sp4, []Output{out}, SimOptions{Draws: 200, Seed: 1, Workers: workers})
		require.NoError(t, err)
		assert.Equal(t, 0.0, slices.Max(sim.Values[0]), "every draw pays after maturity")
	}
}

// TestTimingGridBreakeven: an axis of a timing parameter takes whole
// values, each compiled once; break-even on one is the smallest whole
// value at which the target is reached or passed.
func TestTimingGridBreakeven(t *testing.T) {
	s, m := timingFixture(t)
	out, err := ParseOutput(s, "investors.multiple")
	require.NoError(t, err)
	x, err := NewAxis(s, "term.t.lag", 0, 5, 11)
	require.NoError(t, err)
	assert.Equal(t, []float64{0, 1, 2, 3, 4, 5}, x.Values)
	_, err = NewAxis(s, "term.t.lag", 0, 4.5, 11)
	assert.ErrorIs(t, err, ErrRange)
	y, err := NewAxis(s, "tranche.senior.maturity", 3, 6, 4)
	require.NoError(t, err)
	g, err := Grid(m, s.Values(), x, y, out)
	require.NoError(t, err)
	for i, k := range y.Values {
		for j, l := range x.Values {
			want := 0.0
			if 2+l <= k && l < 5 { // paid in year 2 + lag, by maturity and the horizon
				want = 1.25
			}
			assert.InDelta(t, want, g.At(i, j), 1e-12, "lag %v maturity %v", l, k)
		}
	}
	be, err := Breakeven(m, s.Values(), "term.t.lag", 0, 5, out, 1)
	require.NoError(t, err)
	assert.True(t, be.Whole)
	require.Len(t, be.Crossings, 1)
	assert.Equal(t, 4.0, be.Crossings[0].Value)
	assert.Equal(t, [2]float64{1.25, 0}, [2]float64{be.AtLo, be.AtHi})
	// Break-even on an outcome window: the multiple falls to 0 when the
	// window ends in year 5 (measured then, paid in year 6).
	be, err = Breakeven(m, s.Values(), "outcome.m.to", 2, 6, out, 1)
	require.NoError(t, err)
	require.Len(t, be.Crossings, 1)
	assert.Equal(t, 5.0, be.Crossings[0].Value)
	assert.False(t, math.IsNaN(be.AtBase))
}
