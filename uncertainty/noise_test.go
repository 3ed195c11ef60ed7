package uncertainty

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// TestNoiseWorkers: with measurement noise the results are bit for bit
// the same for 1, 2 and 7 workers: draw i's noise comes from (seed, i).
func TestNoiseWorkers(t *testing.T) {
	ref, err := simulate(t, SimOptions{Draws: simDraws, Seed: 42, Workers: 1, Noise: true})
	require.NoError(t, err)
	require.True(t, ref.Noise)
	require.NotEmpty(t, ref.Tests)
	for _, w := range []int{2, 7} {
		t.Run(fmt.Sprintf("workers=%d", w), func(t *testing.T) {
			sim, err := simulate(t, SimOptions{Draws: simDraws, Seed: 42, Workers: w, Noise: true})
			require.NoError(t, err)
			for k := range ref.Values {
				require.Equal(t, bits(ref.Values[k]), bits(sim.Values[k]), ref.Outputs[k].Name)
			}
			assert.Equal(t, fmt.Sprint(ref.Tests), fmt.Sprint(sim.Tests))
			assert.Equal(t, ref.Terms, sim.Terms)
			assert.Equal(t, ref.Chances, sim.Chances)
		})
	}
}

// TestNoiseKeepsDraws: turning the noise on leaves each draw's
// parameters as they were (the noise has a stream of its own) and the
// state's savings too (they count the true effects); the payments move.
func TestNoiseKeepsDraws(t *testing.T) {
	s, m, sp := loadEstonia(t)
	outs, err := ParseOutputs(s, "state.gross,state.cashable,payments.total")
	require.NoError(t, err)
	params := map[bool][][]float64{}
	run := func(noise bool) *Simulation {
		sim, err := Simulate(context.Background(), m, s.Values(), sp, outs, SimOptions{Draws: 500, Seed: 3, Noise: noise,
			Each: func(_ int, p, _ []float64) error {
				params[noise] = append(params[noise], append([]float64(nil), p...))
				return nil
			}})
		require.NoError(t, err)
		return sim
	}
	off, on := run(false), run(true)
	assert.False(t, off.Noise)
	assert.Empty(t, off.Tests)
	assert.Equal(t, params[false], params[true])
	assert.Equal(t, bits(off.Values[0]), bits(on.Values[0]), "gross saving")
	assert.Equal(t, bits(off.Values[1]), bits(on.Values[1]), "cashable saving")
	assert.NotEqual(t, bits(off.Values[2]), bits(on.Values[2]), "payments")
}

// TestNoiseAgainstExact: with no parameter drawn (noise alone, at the
// base inputs), each test's simulated chance of passing agrees with
// ExactTests within 4 Monte Carlo standard errors, for the Estonian
// deal's Poisson (reconvictions, relative threshold), normal (custody
// days, trend) and fixed-baseline binomial (school drop-out, first tier)
// tests, by cohort and pooled. Every draw's true effect is the base one:
// nothing is "earned" but at it, and the OC has one bin.
func TestNoiseAgainstExact(t *testing.T) {
	s, m, _ := loadEstonia(t)
	outs, err := ParseOutputs(s, "payments.total")
	require.NoError(t, err)
	const draws = 20000
	sim, err := Simulate(context.Background(), m, s.Values(), &Spec{}, outs, SimOptions{Draws: draws, Seed: 5, Noise: true})
	require.NoError(t, err)
	exact, err := ExactTests(m, s.Values(), 0)
	require.NoError(t, err)
	require.Len(t, sim.Tests, len(exact))
	for k, x := range exact {
		got := sim.Tests[k]
		require.Equal(t, x.Term+"/"+x.Cohort, got.Term+"/"+got.Cohort)
		se := math.Sqrt(x.P * (1 - x.P) / draws)
		assert.InDelta(t, x.P, got.P, 4*se, "%s %s: exact %.4f, simulated %.4f", x.Term, x.Cohort, x.P, got.P)
		assert.Len(t, got.OC, 1)
		assert.Greater(t, x.P, 0.05)
		assert.Less(t, x.P, 0.999)
	}
}

// TestNoiseNoDesign: a scenario without a design measures nothing: with
// the noise asked for, the results are those without it.
func TestNoiseNoDesign(t *testing.T) {
	s, m, sp := loadEstonia(t)
	for i := range s.Metrics {
		s.Metrics[i].Design = scenarioDesignNone
	}
	m2, err := compileAgain(s)
	require.NoError(t, err)
	_ = m
	outs := Outputs(s)
	a, err := Simulate(context.Background(), m2, s.Values(), sp, outs, SimOptions{Draws: 300, Seed: 9})
	require.NoError(t, err)
	b, err := Simulate(context.Background(), m2, s.Values(), sp, outs, SimOptions{Draws: 300, Seed: 9, Noise: true})
	require.NoError(t, err)
	assert.False(t, b.Noise)
	for k := range a.Values {
		assert.Equal(t, bits(a.Values[k]), bits(b.Values[k]))
	}
}

var scenarioDesignNone = scenario.Design{}

func compileAgain(s *scenario.Scenario) (*sib.Model, error) { return sib.Compile(s) }
