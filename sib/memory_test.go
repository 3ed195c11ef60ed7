package sib

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/sib-engine/sib/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bigFiles is the hand scenario with cohorts cohorts entering month by
// month over a horizon of periods months, two metrics and two services.
func bigFiles(cohorts, periods int) map[string]string {
	var co strings.Builder
	co.WriteString("cohort,entry,size,take_up\n")
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for c := range cohorts {
		fmt.Fprintf(&co, "c%d,%s,10,1\n", c, start.AddDate(0, c*periods/cohorts, 0).Format(time.DateOnly))
	}
	f := map[string]string{}
	for k, v := range handFiles {
		f[k] = v
	}
	f[scenario.ScenarioFile] = fmt.Sprintf("setting,value\nname,big\nstart,2026-01-01\nperiod,month\nperiods,%d\ncurrency,EUR\nprice_base,2026\n", periods)
	f[scenario.CohortsFile] = co.String()
	f[scenario.MetricsFile] = "metric,per,from,to,effect\nm,year,1,24,0.5\nn,once,,12,0.2\n"
	f[scenario.ServicesFile] = "service,agency,unit_cost,cashable\ns,ag,1000,0.6\nu,bg,50,\n"
	f[scenario.AvoidedFile] = "metric,service,units\nm,s,2\nn,u,3\n"
	f[scenario.PaymentsFile] = "term,metric,payer,basis,price,share,lag\nt,m,pay,outcomes,800,,1\nv,n,pay,savings,,0.5,2\n"
	return f
}

// allocated returns the bytes fn allocates.
func allocated(fn func()) int64 {
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	fn()
	runtime.ReadMemStats(&b)
	return int64(b.TotalAlloc - a.TotalAlloc)
}

// TestFootprint: the estimate of a Work is the bytes NewWork allocates,
// within 5% (and 4 KiB), that of the Model what Compile allocates within
// 20%, and that of a Run at least what Run allocates and at most
// three times it.
func TestFootprint(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates about 100 MB")
	}
	for _, c := range []struct{ cohorts, periods int }{{2000, 600}, {300, 2400}, {1, 24}} {
		s, m := load(t, bigFiles(c.cohorts, c.periods), nil)
		fp := m.foot
		compiled := allocated(func() {
			_, err := Compile(s)
			require.NoError(t, err)
		})
		assert.InDelta(t, compiled, fp.Model, 0.2*float64(compiled)+4096, "%d × %d: Model", c.cohorts, c.periods)
		var w *Work
		got := allocated(func() { w = m.NewWork() })
		_, err := m.Evaluate(s.Values(), w)
		require.NoError(t, err)
		// Within 5%, and 4 KiB for the headers and size classes of small slices.
		assert.InDelta(t, got, fp.Work, 0.05*float64(got)+4096, "%d × %d: Work", c.cohorts, c.periods)
		run := allocated(func() {
			_, err := m.Run(s.Values())
			require.NoError(t, err)
		})
		assert.GreaterOrEqual(t, fp.Run, run, "%d × %d: Run", c.cohorts, c.periods)
		assert.LessOrEqual(t, fp.Run, 3*run+1<<20, "%d × %d: Run", c.cohorts, c.periods)
		t.Logf("%d cohorts × %d periods: Work %d estimated, %d allocated; Run %d estimated, %d allocated; Model %d estimated, %d allocated",
			c.cohorts, c.periods, fp.Work, got, fp.Run, run, fp.Model, compiled)
	}
}

// TestMemoryBudget: a scenario whose model and evaluation need more than
// the budget is refused by CompileWith, quickly and before the arrays are
// allocated, with the sizes in the message (issue 12, defect 5: 100,000
// cohorts × 2,400 monthly periods needed 5.76 GB and crashed). The
// budget can be raised, or switched off.
func TestMemoryBudget(t *testing.T) {
	s, _ := load(t, bigFiles(500, 2400), nil)
	// Work: the outcomes of 2 metrics and the measured savings (gross and
	// cashable) of the one a savings-based term pays on: 4 × 500 cohorts
	// × 2400 periods × 8 bytes = 38.4 MB (36.6 MiB), and a little more.
	_, err := CompileWith(s, CompileOptions{MaxBytes: 30 << 20})
	require.ErrorIs(t, err, ErrMemory)
	var me *MemoryError
	require.True(t, errors.As(err, &me))
	assert.Equal(t, int64(30<<20), me.Budget)
	assert.Greater(t, me.Need, int64(38_400_000))
	assert.Regexp(t, `^sib: the model needs more memory than its budget: 500 cohorts \(the last at /.*/cohorts\.csv:501:3\) × 2400 periods \(/.*/scenario\.csv:5:2\) × 2 metrics: the model and one evaluation would need about 3\d\.\d MiB, above the budget of 30 MiB$`, err.Error())

	m, err := CompileWith(s, CompileOptions{MaxBytes: 100 << 20})
	require.NoError(t, err)
	assert.NoError(t, m.CheckMemory("two workers", 2, 0))
	assert.ErrorIs(t, m.CheckMemory("four workers", 4, 0), ErrMemory)
	m, err = CompileWith(s, CompileOptions{MaxBytes: -1})
	require.NoError(t, err)
	assert.Equal(t, int64(-1), m.budget)
	assert.NoError(t, m.CheckMemory("many workers", 1000, 1<<50))

	// Run checks its tables too.
	fp := m.foot
	m, err = CompileWith(s, CompileOptions{MaxBytes: fp.Model + fp.Work})
	require.NoError(t, err)
	_, err = m.Run(s.Values())
	assert.ErrorIs(t, err, ErrMemory)
	assert.Contains(t, err.Error(), "the model and the ledger's tables")
}

// TestMemoryBudgetHuge: the case, 100,000 cohorts × 2,400 monthly
// periods, is refused under a small budget within a second, without the
// gigabytes being allocated, and the default budget (8 GiB) refuses it
// with five metrics. A metric takes 8 bytes a cohort and period (1.92 GB
// here), and 16 more when a savings-based term pays on it (the issue's
// 5.76 GB was 24 bytes for every metric).
func TestMemoryBudgetHuge(t *testing.T) {
	// Built in code: the sizes matter, not the files.
	s, _ := load(t, handFiles, nil)
	s.Settings.Months, s.Settings.Periods = scenario.Month, 2400
	co := s.Cohorts[0]
	s.Cohorts = make([]scenario.Cohort, 100_000)
	for c := range s.Cohorts {
		s.Cohorts[c] = co
		s.Cohorts[c].Period = c * 2400 / 100_000
	}
	mt := s.Metrics[0]
	mt.CohortEffect = make([]scenario.ParamID, len(s.Cohorts))
	s.Metrics = []scenario.Metric{mt}
	var took time.Duration
	before := allocated(func() {
		start := time.Now()
		_, err := CompileWith(s, CompileOptions{MaxBytes: 1 << 30})
		took = time.Since(start)
		require.ErrorIs(t, err, ErrMemory)
		assert.Regexp(t, `100000 cohorts \(.*\) × 2400 periods \(.*\) × 1 metric: the model and one evaluation would need about 1\.8\d GiB`, err.Error())
	})
	assert.Less(t, took, time.Second)
	assert.Less(t, before, int64(1<<20), "bytes allocated before refusing")

	s.Metrics = []scenario.Metric{mt, mt, mt, mt, mt}
	_, err := Compile(s)
	require.ErrorIs(t, err, ErrMemory)
	assert.Contains(t, err.Error(), "above the budget of 8 GiB")
}

func TestFormatBytes(t *testing.T) {
	for n, want := range map[int64]string{0: "0 bytes", 1023: "1023 bytes", 1024: "1 KiB", 1536: "1.5 KiB",
		1000 * 1024: "1000 KiB", 1023 * 1024: "1023 KiB", 8 << 30: "8 GiB", 5_760_000_000: "5.36 GiB", math.MaxInt64: "8 EiB"} {
		assert.Equal(t, want, formatBytes(n), "%d", n)
	}
}
