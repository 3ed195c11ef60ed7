package sib

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sib-engine/sib/scenario"
)

const capGroupDir = "../cmd/sib/testdata/scenario-ok-capgroup"

// buildCapGroup builds cmd/sib/testdata/scenario-ok-capgroup in Go;
// requires, when not nil, replaces the sustained job's prerequisite.
func buildCapGroup(requires scenario.TermID) (*scenario.Scenario, error) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var b scenario.Builder
	v := b.Value
	return b.Build(scenario.Scenario{
		Settings: scenario.Settings{Name: "small", Start: start, Months: scenario.Year, Periods: 4, Currency: "EUR", PriceBase: 2026,
			Inflation: v(0), Discount: v(0), Hurdle: v(0)},
		Cohorts: []scenario.Cohort{{Name: "a", Entry: start, Size: v(100), TakeUp: v(1)}},
		Metrics: []scenario.Metric{
			{Name: "job_entry", Per: scenario.Once, From: 1, To: 1, Effect: v(0.5)},
			{Name: "qualification", Per: scenario.Once, From: 1, To: 1, Effect: v(0.4)},
			{Name: "sustained_job", Per: scenario.Once, From: 1, To: 2, Effect: v(0.3)},
		},
		Services: []scenario.Service{{Name: "s", UnitCost: v(1000), Lines: scenario.ServiceLines("ag", v(0.6), 0)}},
		Avoids:   []scenario.Avoid{{Metric: 0, Service: 0, Units: v(1)}, {Metric: 2, Service: 0, Units: v(2)}},
		CapGroups: []scenario.CapGroup{{Name: "person", Cap: v(1500),
			Note: "the most paid for one participant over the three outcomes"}},
		Terms: []scenario.Term{
			{Name: "entry", Metric: 0, Payer: "pay", Basis: scenario.Outcomes, Price: v(800), Once: true, CapGroup: 1, Lag: 1},
			{Name: "qualification", Metric: 1, Payer: "pay", Basis: scenario.Outcomes, Price: v(500), Once: true, CapGroup: 1, Lag: 1},
			{Name: "sustained", Metric: 2, Payer: "pay", Basis: scenario.Outcomes, Price: v(1000), Once: true, CapGroup: 1, Requires: requires, Lag: 1},
		},
		Delivery: []scenario.CostItem{{Name: "d", Party: "provider", Basis: scenario.PerPeriod, Amount: v(30000), From: 1, To: 2}},
		Tranches: []scenario.Tranche{{Name: "senior", Investor: "inv", Priority: 1, Commitment: v(100000), Coupon: v(0.10)}},
	})
}

// The Builder expresses cap groups and prerequisites: the fixture built in
// Go runs to the same ledger as the fixture loaded. The ledger pays the
// hand-computed expectations (capExpect's third case, scaled): of 100
// participants, 50 job entries at 800 (40,000), 40 qualifications at 500
// (20,000; never cut: 800 + 500 is under the cap of 1500), and for the
// sustained jobs, claimed last, 1000 for the 18 without a qualification
// (room 700: 700 each) and the 12 with one (room 200): 18·700 + 12·200 =
// 15,000, not 30 × 1000 = 30,000. A cap on the cohort's average (1500 a
// participant, against 900 earned) would cut nothing.
func TestCapGroupBuilder(t *testing.T) {
	loaded, lm := loadDir(t, capGroupDir)
	built, err := buildCapGroup(1)
	require.NoError(t, err)
	require.Len(t, built.Params, len(loaded.Params))
	for _, p := range loaded.Params {
		id, ok := built.Param(p.Name)
		if assert.True(t, ok, p.Name) {
			q := built.At(id)
			assert.Equal(t, [3]float64{p.Value, p.Min, p.Max}, [3]float64{q.Value, q.Min, q.Max}, p.Name)
		}
	}
	bm, err := Compile(built)
	require.NoError(t, err)
	want, err := lm.Run(loaded.Values())
	require.NoError(t, err)
	got, err := bm.Run(built.Values())
	require.NoError(t, err)
	sameResult(t, want, got)
	paid := map[string]string{}
	for _, r := range got.Payments {
		if !r.Paid.IsZero() {
			paid[r.Term] = r.Paid.StringFixed(2)
		}
	}
	assert.Equal(t, map[string]string{"entry": "40000.00", "qualification": "20000.00", "sustained": "15000.00"}, paid)

	// Build refuses what Load refuses: a prerequisite below its term
	// (and so a cycle).
	_, err = buildCapGroup(3)
	require.Error(t, err)
	assert.ErrorIs(t, err, scenario.ErrUnknown)
	assert.Contains(t, err.Error(), "Terms[2]: requires:")
}

// The loader refuses bad cap groups and prerequisites at their cells.
func TestCapGroupLoadBad(t *testing.T) {
	cases := []struct {
		name, file, from, to, want string
	}{
		{"a cap group without a cap", "cap_groups.csv", "person,1500,", "person,,",
			"cap_groups.csv:2:2: participant_cap: empty value: expected the cap on a participant's payments over all the terms of the cap group"},
		{"a negative cap", "cap_groups.csv", "person,1500,", "person,-1,",
			"cap_groups.csv:2:2: participant_cap: value out of range"},
		{"a group no cap is given for", "payments.csv", "once,person,entry,1", "once,persons,entry,1",
			`payments.csv:4:7: cap_group: unknown name: cap group "persons" has no cap: give its participant_cap in cap_groups.csv (cap groups: person)`},
		{"a prerequisite cycle", "payments.csv", "once,person,,1\nqualification", "once,person,sustained,1\nqualification",
			`payments.csv:2:8: requires: unknown name: term "sustained" is not above this one in payments.csv: a prerequisite is listed before the terms that require it (so no cycle can be written)`},
		{"a prerequisite on itself", "payments.csv", "once,person,entry,1", "once,person,sustained,1",
			`payments.csv:4:8: requires: unknown name: term "sustained" is not above this one`},
		{"a prerequisite in another group", "payments.csv", "once,person,,1\nqualification", "once,,,1\nqualification",
			"payments.csv:4:8: requires: invalid input: prerequisite entry is not in this term's cap group"},
		{"a prerequisite achieved later", "metrics.csv", "job_entry,once,1,1,", "job_entry,once,1,3,",
			"payments.csv:4:8: requires: out of order: prerequisite entry is achieved at the end of its window (period 3 after entry), after this term's (period 2)"},
		{"claims repeat", "payments.csv", "500,once,person", "500,,person",
			"payments.csv:3:7: cap_group: invalid input: a cap group's outcomes are claimable once a participant: give claims once"},
		{"a prerequisite without a group", "payments.csv", "1000,once,person,entry", "1000,once,,entry",
			"payments.csv:4:8: requires: invalid input: a prerequisite shapes which outcomes a participant achieves together"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			copyDir(t, capGroupDir, dir)
			p := filepath.Join(dir, c.file)
			b, err := os.ReadFile(p)
			require.NoError(t, err)
			require.Contains(t, string(b), c.from)
			require.NoError(t, os.WriteFile(p, []byte(strings.Replace(string(b), c.from, c.to, 1)), 0o644))
			_, err = scenario.Load(dir)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	entries, err := os.ReadDir(from)
	require.NoError(t, err)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(to, e.Name()), b, 0o644))
	}
}
