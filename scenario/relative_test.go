package scenario_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/outcomes"
	"github.com/sib-engine/sib/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Relative thresholds and tiers, and tier values as deal totals (issue
// 14, items 9 and 10): what the loader refuses, positioned at the cell.
func TestRelativeRefused(t *testing.T) {
	const head = "term,metric,payer,basis,price,threshold,pooled_threshold,schedule,participant_cap,threshold_of,boundary,lag\n"
	pay := func(row string) map[string]string { return map[string]string{scenario.PaymentsFile: head + row} }
	const deal = "schedule,effect,value,threshold_of,boundary,value_per\njobs,0.1,50000,baseline,,deal\njobs,0.2,90000,,,\n"
	noBaseline := edit(t, baseMetrics, "reconvictions,,year,1,8,0.4,", "reconvictions,,year,1,8,,")
	for _, c := range []struct {
		name  string
		files map[string]string
		want  string
		is    error
	}{
		{"threshold_of unknown", pay("r,reconvictions,justice,outcomes,4000,0.1,,,,share,,1\n"),
			`payments.csv:2:10: threshold_of: invalid input "share": expected effect (thresholds in the metric's unit) or baseline (thresholds as a share of the metric's baseline: 0.1 for a 10% reduction)`, scenario.ErrInput},
		{"boundary unknown", pay("r,reconvictions,justice,outcomes,4000,0.1,,,,,>,1\n"),
			`payments.csv:2:11: boundary: invalid input ">": expected at_least (passed at the threshold) or above (passed only above it)`, scenario.ErrInput},
		{"threshold_of without a threshold", pay("r,reconvictions,justice,outcomes,4000,,,,,baseline,,1\n"),
			"payments.csv:2:10: threshold_of: invalid input: threshold_of says what threshold and pooled_threshold measure; this term has neither", scenario.ErrInput},
		{"boundary without a threshold", pay("r,reconvictions,justice,outcomes,4000,,,,,,above,1\n"),
			"payments.csv:2:11: boundary: invalid input: boundary says how threshold and pooled_threshold are passed; this term has neither (a schedule's boundary is in tiers.csv)", scenario.ErrInput},
		{"relative without a baseline", map[string]string{scenario.MetricsFile: noBaseline, scenario.PaymentsFile: head + "r,reconvictions,justice,outcomes,4000,0.1,0.075,,,baseline,,1\n"},
			"payments.csv:2:10: threshold_of: empty value: thresholds relative to the baseline need metric reconvictions's baseline (in metrics.csv, or from the outcomes folder)", csvio.ErrEmpty},
		{"relative schedule without a baseline", map[string]string{scenario.MetricsFile: noBaseline, scenario.TiersFile: deal, scenario.PaymentsFile: head + "j,reconvictions,welfare,tiered,,,,jobs,,,,1\n"},
			"payments.csv:2:8: schedule: empty value: schedule jobs's tiers are shares of the baseline, and metric reconvictions has none (in metrics.csv, or from the outcomes folder)", csvio.ErrEmpty},
		{"value_per unknown", map[string]string{scenario.TiersFile: "schedule,effect,value,value_per\njobs,0.1,50000,total\n"},
			`tiers.csv:2:4: value_per: invalid input "total": expected participant (a value per participant of each cohort) or deal (a total for the deal, at the pooled effect)`, scenario.ErrInput},
		{"schedule option changes", map[string]string{scenario.TiersFile: "schedule,effect,value,threshold_of\njobs,0.1,500,baseline\njobs,0.2,900,effect\n"},
			`tiers.csv:3:4: threshold_of: invalid input: threshold_of "effect" differs from the schedule's first row; a schedule's threshold_of is given on its first row (later rows leave it empty or repeat it)`, scenario.ErrInput},
		{"deal total with a cohort test", map[string]string{scenario.TiersFile: deal, scenario.PaymentsFile: head + "j,employment,welfare,tiered,,0.1,,jobs,,,,1\n"},
			"payments.csv:2:6: threshold: invalid input: schedule jobs pays deal totals at the pooled effect, with no cohort to test: its first tier is the threshold", scenario.ErrInput},
		{"deal total with a pooled test", map[string]string{scenario.TiersFile: deal, scenario.PaymentsFile: head + "j,employment,welfare,tiered,,,0.1,jobs,,,,1\n"},
			"payments.csv:2:7: pooled_threshold: invalid input: schedule jobs pays deal totals at the pooled effect: its first tier is the pooled threshold", scenario.ErrInput},
		{"deal total with a participant cap", map[string]string{scenario.TiersFile: deal, scenario.PaymentsFile: head + "j,employment,welfare,tiered,,,,jobs,100,,,1\n"},
			"payments.csv:2:9: participant_cap: invalid input: schedule jobs pays deal totals, not per participant: use cap_total", scenario.ErrInput},
	} {
		_, dir, err := loadWith(t, c.files)
		if !assert.Error(t, err, c.name) {
			continue
		}
		assert.Equal(t, c.want, rel(err, dir), c.name)
		assert.ErrorIs(t, err, c.is, c.name)
	}
}

// TestRelativeBuilderRefuses: Build checks the same rules, positioned in
// the literal.
func TestRelativeBuilderRefuses(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var b scenario.Builder
	_, err := b.Build(scenario.Scenario{
		Settings: scenario.Settings{Start: start, Months: scenario.Year, Periods: 3, PriceBase: 2026},
		Cohorts:  []scenario.Cohort{{Name: "c1", Entry: start, Size: b.Value(100)}},
		Metrics:  []scenario.Metric{{Name: "m", To: 1, Effect: b.Value(0.05)}},
		Services: []scenario.Service{{Name: "s", UnitCost: b.Value(1000), Lines: scenario.ServiceLines("a", 0, 0)}},
		Avoids:   []scenario.Avoid{{Metric: 0, Service: 0, Units: b.Value(1)}},
		Terms:    []scenario.Term{{Name: "t", Metric: 0, Payer: "a", Basis: scenario.Outcomes, Price: b.Value(1000), Threshold: b.Value(0.1), Relative: true}},
		Delivery: []scenario.CostItem{{Name: "d", Party: "p", Basis: scenario.Upfront, Amount: b.Value(1)}},
		Tranches: []scenario.Tranche{{Name: "s", Investor: "i", Priority: 1, Commitment: b.Value(1)}},
	})
	require.ErrorIs(t, err, csvio.ErrEmpty)
	assert.EqualError(t, err, "Terms[0]: threshold_of: empty value: thresholds relative to the baseline need metric m's baseline (in metrics.csv, or from the outcomes folder)")
}

// TestRelativeOutcomesBaseline: a relative threshold on a metric whose
// baseline metrics.csv leaves empty takes the outcomes folder's pooled
// baseline (the comparison group's level), as a parameter that names its
// source; a metric no relative term needs gets none, as before.
func TestRelativeOutcomesBaseline(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"scenario", "outcomes", "costing"} {
		require.NoError(t, os.CopyFS(filepath.Join(root, d), os.DirFS(filepath.Join("..", "testdata", "estonia", d))))
	}
	// The flagship leaves the reconvictions' baseline empty and states the
	// rate card's thresholds relative to it (threshold_of = baseline).
	dir := filepath.Join(root, "scenario")
	s, err := scenario.Load(dir)
	require.NoError(t, err)
	st, err := outcomes.Load(filepath.Join(root, "outcomes"), outcomes.LoadOptions{})
	require.NoError(t, err)
	res, err := outcomes.Estimate(t.Context(), st, outcomes.Options{})
	require.NoError(t, err)
	want := -1.0
	for _, e := range res.Effects {
		if e.Metric == "reconvictions" && e.Cohort == outcomes.PooledCohort {
			want = e.Baseline
		}
	}
	require.Greater(t, want, 0.0)
	id, ok := s.Param("outcome.reconvictions.baseline")
	require.True(t, ok)
	assert.Equal(t, want, s.At(id).Value)
	assert.Equal(t, "outcomes: "+filepath.Join(root, "outcomes")+" (pooled baseline)", s.At(id).Source)
	_, ok = s.Param("outcome.custody_days.baseline")
	assert.False(t, ok, "no relative term on custody_days: no baseline parameter")
}
