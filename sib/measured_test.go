package sib

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bundledScenarios are the example deals the measured-effect tests run on.
var bundledScenarios = []string{
	"../testdata/estonia/scenario", "../testdata/estonia/overpriced", "../testdata/preschool/scenario",
	"../testdata/employment/scenario", "../testdata/small/scenario",
	"../testdata/published/icrc", "../testdata/published/mhep-enfield", "../testdata/published/newpin",
	"../testdata/published/nyc-able", "../testdata/published/peterborough",
}

// TestMeasureIdentityIsToday: a Measure hook that leaves the effects as
// they are gives exactly the outputs of an evaluation without one, on
// every bundled scenario (the contract's outcomes are then the true ones,
// computed by the same code).
func TestMeasureIdentityIsToday(t *testing.T) {
	for _, dir := range bundledScenarios {
		t.Run(filepath.Base(filepath.Dir(dir))+"/"+filepath.Base(dir), func(t *testing.T) {
			s, m := loadDir(t, dir)
			v := s.Values()
			w0 := m.NewWork()
			o0, err := m.Evaluate(v, w0)
			require.NoError(t, err)
			want := fmt.Sprintf("%#v", *o0)
			w := m.NewWork()
			calls := 0
			w.Measure = func(_, _, _, _ []float64) { calls++ }
			o, err := m.Evaluate(v, w)
			require.NoError(t, err)
			assert.Equal(t, want, fmt.Sprintf("%#v", *o))
			assert.Equal(t, 1, calls)
			// And off again: the Work reads the true effects.
			w.Measure = nil
			o, err = m.Evaluate(v, w)
			require.NoError(t, err)
			assert.Equal(t, want, fmt.Sprintf("%#v", *o))
		})
	}
}

// TestMeasuredPaysTrueSaves: the contract pays on the measured effect,
// the state saves on the true one. Measured effects of 0 pay nothing
// (the reconviction test of 5% of the baseline fails, the tiers start at
// 2 points, a custody day avoided at 0 is 0 days) and leave the savings
// exactly as they were; doubled effects pay more and save the same.
func TestMeasuredPaysTrueSaves(t *testing.T) {
	s, m := loadDir(t, "../testdata/estonia/scenario")
	v := s.Values()
	w0 := m.NewWork()
	o0, err := m.Evaluate(v, w0)
	require.NoError(t, err)
	base := *o0
	require.Greater(t, base.Payments, 0.0)

	w := m.NewWork()
	w.Measure = func(_, _, eff, pooled []float64) { clear(eff); clear(pooled) }
	o, err := m.Evaluate(v, w)
	require.NoError(t, err)
	assert.Equal(t, 0.0, o.Payments)
	assert.Equal(t, base.GrossPV, o.GrossPV)
	assert.Equal(t, base.CashablePV, o.CashablePV)
	// The appraisal values what really happened, as the savings do.
	require.Greater(t, base.Appraisal.SocialPV, 0.0)
	assert.Equal(t, base.Appraisal.SocialPV, o.Appraisal.SocialPV)
	assert.Equal(t, base.Appraisal.EconomicPV, o.Appraisal.EconomicPV)
	assert.Equal(t, base.Appraisal.CashablePV, o.Appraisal.CashablePV)
	assert.Equal(t, base.Appraisal.NonCashablePV, o.Appraisal.NonCashablePV)
	for j := range s.Terms {
		assert.Equal(t, 0.0, w.TermPaid(j))
	}
	pass, tested := w.Passes(0, -1)
	assert.True(t, tested)
	assert.False(t, pass)
	tp, _ := w.TruePasses(0, -1)
	assert.True(t, tp, "the true pooled reconviction effect, 12.2% of the baseline, passes 5%")

	w.Measure = func(_, _, eff, pooled []float64) {
		for i := range eff {
			eff[i] *= 2
		}
		for i := range pooled {
			pooled[i] *= 2
		}
	}
	o, err = m.Evaluate(v, w)
	require.NoError(t, err)
	assert.Greater(t, o.Payments, base.Payments)
	assert.Equal(t, base.GrossPV, o.GrossPV)
	assert.Equal(t, base.CashablePV, o.CashablePV)
	assert.Equal(t, 2*w.TrueEffect(0, 1), w.Measured(0, 1))
}

// The noise's read-outs of a test (HasTest, TestLevel, TestAt) read a
// size schedule's threshold at the participants tested, as the book does:
// the fixture's cohort a (120 participants) at 19.5% of the baseline,
// cohort b (500) at 10% and the pool (620) at 9.6%.
func TestTestLevelSizeBands(t *testing.T) {
	s, m := loadDir(t, "../cmd/sib/testdata/scenario-ok-sizebands")
	w := m.NewWork()
	_, err := m.Evaluate(s.Values(), w)
	require.NoError(t, err)
	for _, c := range []struct {
		cohort int
		want   float64
	}{{0, 0.195}, {1, 0.10}, {-1, 0.096}} {
		require.True(t, m.HasTest(0, c.cohort), "cohort %d", c.cohort)
		level, relative, tested := w.TestLevel(0, c.cohort)
		assert.True(t, tested)
		assert.True(t, relative)
		assert.InDelta(t, c.want, level, 1e-12, "cohort %d", c.cohort)
	}
	var want []float64
	for _, st := range m.SizedThresholds(s.Values()) {
		want = append(want, st.Threshold)
	}
	assert.InDeltaSlice(t, []float64{0.195, 0.10, 0.096}, want, 1e-12)
}

// Optimism bias moves every figure towards the worse: with the
// reconvictions effect turned into a rise, the victims' harm (a social
// value) and the agencies' savings are negative, and the bias makes them
// more negative, not less. Estonia's victims' row has adjustment 0.25
// (grade 5): after = before − 0.25·|before| = 1.25 × before when negative.
func TestOptimismBiasTowardsTheWorse(t *testing.T) {
	s, m := loadDir(t, "../testdata/estonia/scenario")
	v := s.Values()
	for i, pm := range s.Params {
		if pm.Name == "outcome.reconvictions.effect" || pm.Name == "outcome.custody_days.effect" {
			v[i] = -v[i]
		}
	}
	w := m.NewWork()
	o, err := m.Evaluate(v, w)
	require.NoError(t, err)
	a := o.Appraisal
	require.Less(t, a.SocialRawPV, 0.0)
	assert.Less(t, a.SocialPV, a.SocialRawPV, "a dis-benefit grows under the bias")
	require.Less(t, a.NonCashableRawPV+a.CashableRawPV, 0.0)
	assert.Less(t, a.NonCashablePV+a.CashablePV, a.NonCashableRawPV+a.CashableRawPV, "more use of services costs more under the bias")
	r, err := m.Run(v)
	require.NoError(t, err)
	for _, row := range r.Values {
		if row.RawPV.IsNegative() {
			assert.True(t, row.PV.LessThan(row.RawPV), "%s: %s after, %s before", row.Metric, row.PV, row.RawPV)
		}
	}
}
