package scenario_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/outcomes"
	"github.com/sib-engine/sib/scenario"
)

// additionalityMetrics is the base metrics.csv with the additionality
// columns: reconvictions gives all three, employment none.
const additionalityMetrics = `metric,cohort,per,from,to,baseline,effect,decay,unit,deadweight,displacement,attribution
reconvictions,,year,1,8,0.4,0.1,0.2,reconvictions a year,0.2,0.1,0.75
reconvictions,c2,,,,,0.12,,,,,
employment,,once,1,4,0.3,0.05,,share in work,,,
`

// TestLoadAdditionality: the shares become parameters outcome.M.deadweight,
// outcome.M.displacement and outcome.M.attribution with range [0, 1];
// a metric that leaves them empty has none (zero ParamIDs).
func TestLoadAdditionality(t *testing.T) {
	s, _, err := loadWith(t, map[string]string{scenario.MetricsFile: additionalityMetrics})
	require.NoError(t, err)
	for name, v := range map[string]float64{
		"outcome.reconvictions.deadweight":   0.2,
		"outcome.reconvictions.displacement": 0.1,
		"outcome.reconvictions.attribution":  0.75,
	} {
		id, ok := s.Param(name)
		if assert.True(t, ok, name) {
			p := s.At(id)
			assert.Equal(t, [3]float64{v, 0, 1}, [3]float64{p.Value, p.Min, p.Max}, name)
		}
	}
	m := s.Metrics[1]
	assert.Equal(t, "employment", m.Name)
	assert.Zero(t, m.Deadweight)
	assert.Zero(t, m.Displacement)
	assert.Zero(t, m.Attribution)
}

// TestLoadAdditionalityBad: bad shares are refused at their cell.
func TestLoadAdditionalityBad(t *testing.T) {
	me := additionalityMetrics
	for _, tc := range []struct {
		name, old, new, want string
		is                   error
	}{
		{"deadweight as a percentage", "0.2,0.1,0.75", "20,0.1,0.75",
			"metrics.csv:2:10: deadweight: value out of range: 20 is not a share between 0 and 1 (the share of the measured outcomes that would have happened anyway, not counted in the state's savings); write 20% as 0.2", scenario.ErrRange},
		{"displacement below 0", "0.2,0.1,0.75", "0.2,-0.1,0.75",
			"metrics.csv:2:11: displacement: value out of range: -0.1 is not a share between 0 and 1 (the share of the measured outcomes that merely moved the problem elsewhere, not counted in the state's savings)", scenario.ErrRange},
		{"attribution above 1", "0.2,0.1,0.75", "0.2,0.1,1.5",
			"metrics.csv:2:12: attribution: value out of range: 1.5 is not a share between 0 and 1 (the share of the rest due to this intervention rather than others, counted in the state's savings)", scenario.ErrRange},
		{"attribution not a number", "0.2,0.1,0.75", "0.2,0.1,most",
			`metrics.csv:2:12: attribution: invalid number "most": expected a decimal number with a point, such as 1234.56`, csvio.ErrNumber},
		{"a share in a cohort row", "reconvictions,c2,,,,,0.12,,,,,", "reconvictions,c2,,,,,0.12,,,0.3,,",
			"metrics.csv:3:10: deadweight: invalid input: a cohort row gives the cohort's effect only; leave deadweight empty", scenario.ErrInput},
		{"measured without an outcomes folder", "reconvictions a year,0.2", "reconvictions a year,0.2", // effect edited below
			"metrics.csv:2:7: effect: invalid input: measured takes the measured effect from an outcomes folder, and scenario.csv names none", scenario.ErrInput},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := edit(t, me, tc.old, tc.new)
			if tc.name == "measured without an outcomes folder" {
				body = edit(t, body, "0.4,0.1,0.2,", "0.4,measured,0.2,")
			}
			_, dir, err := loadWith(t, map[string]string{scenario.MetricsFile: body})
			require.Error(t, err)
			assert.Equal(t, tc.want, rel(err, dir))
			assert.ErrorIs(t, err, tc.is)
			var ie *csvio.Error
			if assert.ErrorAs(t, err, &ie) {
				assert.Equal(t, filepath.Join(dir, scenario.MetricsFile), ie.File)
			}
		})
	}
}

// withOutcomes writes the base scenario, with metrics.csv replaced,
// into root/scenario and the Estonian outcomes folder into
// root/outcomes, which scenario.csv names; it returns the scenario
// folder.
func withOutcomes(t *testing.T, metrics string) string {
	t.Helper()
	root := t.TempDir()
	require.NoError(t, os.CopyFS(filepath.Join(root, "outcomes"), os.DirFS("../testdata/estonia/outcomes")))
	dir := filepath.Join(root, "scenario")
	require.NoError(t, os.Mkdir(dir, 0o755))
	files := baseFiles()
	files[scenario.ScenarioFile] += "outcomes,../outcomes,\n"
	files[scenario.MetricsFile] = metrics
	for name, body := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644))
	}
	return dir
}

// estoniaEffects returns the Estonian study's net and measured effects.
func estoniaEffects(t *testing.T) (net, measured map[[2]string]float64) {
	t.Helper()
	st, err := outcomes.Load("../testdata/estonia/outcomes", outcomes.LoadOptions{})
	require.NoError(t, err)
	res, err := outcomes.Estimate(context.Background(), st, outcomes.Options{})
	require.NoError(t, err)
	return scenario.StudyEffects(res), scenario.MeasuredEffects(res)
}

// TestLoadMeasuredFromOutcomes: with an outcomes folder, an empty effect
// is the folder's net effect (as before), and "measured" its measured
// effect with the folder's adjustments as the shares the row leaves empty.
func TestLoadMeasuredFromOutcomes(t *testing.T) {
	net, measured := estoniaEffects(t)
	pooled := [2]string{"school_dropout", outcomes.PooledCohort}
	// adjustments.csv: deadweight 0.15, displacement 0, attribution 0.80.
	require.InDelta(t, measured[pooled]*0.85*0.8, net[pooled], 1e-12)
	value := func(s *scenario.Scenario, name string) (float64, string) {
		id, ok := s.Param(name)
		require.True(t, ok, name)
		return s.At(id).Value, s.At(id).Source
	}

	t.Run("empty: the net effect, no shares", func(t *testing.T) {
		s, err := scenario.Load(withOutcomes(t, "metric,to,effect\nreconvictions,8,0.1\nschool_dropout,4,\nemployment,4,0.05\n"))
		require.NoError(t, err)
		v, src := value(s, "outcome.school_dropout.effect")
		assert.Equal(t, net[pooled], v)
		assert.True(t, strings.HasSuffix(src, "outcomes (pooled)"), src)
		_, ok := s.Param("outcome.school_dropout.deadweight")
		assert.False(t, ok)
	})
	t.Run("measured: the measured effect and the folder's shares", func(t *testing.T) {
		s, err := scenario.Load(withOutcomes(t, "metric,to,effect,deadweight\nreconvictions,8,0.1,\nschool_dropout,4,measured,0\nemployment,4,0.05,\n"))
		require.NoError(t, err)
		v, src := value(s, "outcome.school_dropout.effect")
		assert.Equal(t, measured[pooled], v)
		assert.True(t, strings.HasSuffix(src, "outcomes (pooled, measured)"), src)
		// The row's own deadweight stays (the row says none); the others
		// come from adjustments.csv.
		for name, want := range map[string]float64{"deadweight": 0, "displacement": 0, "attribution": 0.8} {
			v, src := value(s, "outcome.school_dropout."+name)
			assert.Equal(t, want, v, name)
			if name != "deadweight" {
				assert.True(t, strings.HasSuffix(src, "outcomes (adjustments.csv)"), src)
			}
		}
	})
	t.Run("measured, a metric with a decay profile alone: neutral shares", func(t *testing.T) {
		s, err := scenario.Load(withOutcomes(t, "metric,to,effect\nreconvictions,8,1\nemployment,4,0.05\ncustody_days,8,MEASURED\n"))
		require.NoError(t, err)
		v, _ := value(s, "outcome.custody_days.effect")
		assert.Equal(t, measured[[2]string{"custody_days", outcomes.PooledCohort}], v)
		// decay.csv gives custody_days a profile, so the folder has an
		// adjustment for it, with no deadweight, displacement or
		// attribution: the appraisal effect is the measured one.
		for name, want := range map[string]float64{"deadweight": 0, "displacement": 0, "attribution": 1} {
			v, _ := value(s, "outcome.custody_days."+name)
			assert.Equal(t, want, v, name)
		}
	})
	t.Run("empty effect with a share: refused", func(t *testing.T) {
		dir := withOutcomes(t, "metric,to,effect,attribution\nreconvictions,8,,0.8\n")
		_, err := scenario.Load(dir)
		require.Error(t, err)
		assert.Equal(t, "metrics.csv:2:4: attribution: invalid input: the outcomes folder's effect is net of its own adjustments already; write measured in effect to take its measured effect (paid on) and count attribution in the savings alone", rel(err, dir))
		assert.ErrorIs(t, err, scenario.ErrInput)
	})
}
