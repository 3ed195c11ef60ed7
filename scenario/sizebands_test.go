package scenario_test

import (
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/scenario"
)

// sizeSchedule builds a size schedule of points (size, threshold), with
// its thresholds as parameters 1..n of the returned vector.
func sizeSchedule(points ...[2]float64) (scenario.SizeSchedule, []float64) {
	sc := scenario.SizeSchedule{Name: "s"}
	var values []float64
	for i, pt := range points {
		sc.Size = append(sc.Size, pt[0])
		sc.Threshold = append(sc.Threshold, scenario.ParamID(i+1))
		values = append(values, pt[1])
	}
	return sc, values
}

// TestSizeScheduleThresholdAt, by hand on (100, 0.20), (500, 0.10),
// (2000, 0.05):
//   - at or below 100: 0.20 (the first point's); NaN reads as the first;
//   - 120: 0.20 + 20/400 × (0.10 − 0.20) = 0.195; 300: 0.20 − 0.05 = 0.15;
//   - 500: 0.10, the point itself;
//   - 620: 0.10 + 120/1500 × (0.05 − 0.10) = 0.096; 1250: 0.10 − 0.025 =
//     0.075;
//   - at or above 2000: 0.05 (the floor).
//
// One point: its threshold at every size.
func TestSizeScheduleThresholdAt(t *testing.T) {
	sc, v := sizeSchedule([2]float64{100, 0.20}, [2]float64{500, 0.10}, [2]float64{2000, 0.05})
	nan := 0.0
	nan /= nan
	for _, c := range []struct{ n, want float64 }{
		{0, 0.20}, {50, 0.20}, {100, 0.20}, {nan, 0.20},
		{120, 0.195}, {300, 0.15}, {499.999999, 0.10000000025},
		{500, 0.10}, {620, 0.096}, {1250, 0.075},
		{2000, 0.05}, {2001, 0.05}, {1e9, 0.05},
	} {
		assert.InDelta(t, c.want, sc.ThresholdAt(v, c.n), 1e-15, "size %v", c.n)
	}
	i, w := sc.Segment(620)
	assert.Equal(t, 1, i)
	assert.InDelta(t, 0.08, w, 1e-15)
	one, v1 := sizeSchedule([2]float64{300, 0.12})
	for _, n := range []float64{0, 300, 1e6} {
		assert.Equal(t, 0.12, one.ThresholdAt(v1, n))
	}
}

// readCSV reads a file of testdata/reference/sizebands.
func readCSV(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "reference", "sizebands", name))
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	return recs[1:]
}

func atof(t *testing.T, s string) float64 {
	t.Helper()
	x, err := strconv.ParseFloat(s, 64)
	require.NoError(t, err)
	return x
}

// TestSizeScheduleMedicare: the Medicare Shared Savings Program's minimum
// savings rate table (42 CFR 425.604(b), testdata/reference/sizebands/
// msr.csv), written as a size schedule with each band's low and high end
// as points and 60,000 as the floor, reproduces CMS's rule (linear within
// a band by the exact number of beneficiaries; 7,500 gives 3.3%) at the
// sizes of expected.csv, computed by gen.py with exact fractions by
// looking up the band (not sib's search over points); tolerance 1e-15.
func TestSizeScheduleMedicare(t *testing.T) {
	var pts [][2]float64
	for _, r := range readCSV(t, "msr.csv") {
		pts = append(pts, [2]float64{atof(t, r[0]), atof(t, r[2])})
		if r[1] != "" {
			pts = append(pts, [2]float64{atof(t, r[1]), atof(t, r[3])})
		}
	}
	sc, v := sizeSchedule(pts...)
	exp := readCSV(t, "expected.csv")
	require.Len(t, exp, 30)
	for _, r := range exp {
		n, want := atof(t, r[0]), atof(t, r[1])
		assert.InDelta(t, want, sc.ThresholdAt(v, n), 1e-15, "%v beneficiaries", n)
	}
	assert.InDelta(t, 0.033, sc.ThresholdAt(v, 7500), 1e-5, "CMS's example: 3.3% at 7,500")
}

const bandsPayments = `term,metric,payer,basis,price,claims,participant_cap,threshold,pooled_threshold,cap_total,lag
reconv,reconvictions,justice,outcomes,4000,repeat,6000,small,small,500000,1
`

const bandsFile = `schedule,size,threshold,note
small,50,0.2,cohorts of 50 or fewer
small,200,0.1,
small,1000,0.05,floor
`

func TestLoadThresholdBands(t *testing.T) {
	s, _, err := loadWith(t, map[string]string{scenario.PaymentsFile: bandsPayments, scenario.ThresholdBandsFile: bandsFile})
	require.NoError(t, err)
	require.Len(t, s.SizeSchedules, 1)
	sc := s.SizeSchedules[0]
	assert.Equal(t, "small", sc.Name)
	assert.Equal(t, []float64{50, 200, 1000}, sc.Size)
	tm := s.Terms[0]
	assert.Equal(t, scenario.SizeScheduleID(1), tm.ThresholdBands)
	assert.Equal(t, scenario.SizeScheduleID(1), tm.PooledBands)
	assert.Zero(t, tm.Threshold)
	assert.Zero(t, tm.PooledThreshold)
	assert.True(t, tm.CohortTested())
	assert.True(t, tm.PooledTested())
	for i, want := range []float64{0.2, 0.1, 0.05} {
		name := "threshold_bands.small." + strconv.Itoa(i+1) + ".threshold"
		id, ok := s.Param(name)
		require.True(t, ok, name)
		assert.Equal(t, want, s.At(id).Value)
		assert.Equal(t, sc.Threshold[i], id)
	}
	_, ok := s.Param("term.reconv.threshold")
	assert.False(t, ok, "a threshold read from a schedule is the schedule's parameters")
	// The base's cohort c1 has 100 × 0.8 = 80 participants: 0.2 + 30/150 ×
	// (0.1 − 0.2) = 0.18.
	assert.InDelta(t, 0.18, sc.ThresholdAt(s.Values(), 80), 1e-15)
	require.NoError(t, s.Set("threshold_bands.small.1.threshold", 0.3))
	assert.InDelta(t, 0.26, sc.ThresholdAt(s.Values(), 80), 1e-15)

	// A number beside a schedule reads as before.
	s, _, err = loadWith(t, map[string]string{scenario.PaymentsFile: edit(t, bandsPayments, ",small,small,", ",0.02,small,"), scenario.ThresholdBandsFile: bandsFile})
	require.NoError(t, err)
	assert.Zero(t, s.Terms[0].ThresholdBands)
	assert.NotZero(t, s.Terms[0].Threshold)
	assert.Equal(t, scenario.SizeScheduleID(1), s.Terms[0].PooledBands)

	// A decimal comma in a semicolon file is a number too.
	semi := strings.ReplaceAll(edit(t, bandsPayments, ",small,small,", ",0.02,small,"), ",", ";")
	s, _, err = loadWith(t, map[string]string{scenario.PaymentsFile: strings.Replace(semi, "0.02", "0,02", 1), scenario.ThresholdBandsFile: bandsFile})
	require.NoError(t, err)
	id, ok := s.Param("term.reconv.threshold")
	require.True(t, ok)
	assert.Equal(t, 0.02, s.At(id).Value)
}

func TestLoadThresholdBandsBad(t *testing.T) {
	periodic := "term,metric,payer,basis,price,threshold,measure,lag\nreconv,reconvictions,justice,outcomes,4000,small,period,1\n"
	for _, c := range []struct {
		name, payments, bands, want string
		is                          error
	}{
		{"sizes not increasing", bandsPayments, "schedule,size,threshold\nsmall,200,0.1\nsmall,50,0.2\n",
			"threshold_bands.csv:3:2: size: out of order: sizes must increase: 50 is not above the previous point's 200", scenario.ErrOrder},
		{"a size given twice", bandsPayments, "schedule,size,threshold\nsmall,200,0.1\nsmall,200,0.2\n",
			"threshold_bands.csv:3:2: size: out of order: sizes must increase: 200 is not above the previous point's 200", scenario.ErrOrder},
		{"a negative size", bandsPayments, "schedule,size,threshold\nsmall,-5,0.1\n",
			"threshold_bands.csv:2:2: size: value out of range: -5 is outside [0, 1e+12]", scenario.ErrRange},
		{"a size not a number", bandsPayments, "schedule,size,threshold\nsmall,many,0.1\n",
			"threshold_bands.csv:2:2:", csvio.ErrNumber},
		{"no threshold", bandsPayments, "schedule,size,threshold\nsmall,50,\n",
			"threshold_bands.csv:2:3:", csvio.ErrEmpty},
		{"a name that reads as a number", "", "schedule,size,threshold\n5,50,0.1\n",
			`threshold_bands.csv:2:1: schedule: invalid input "5": a size schedule's name starts with a letter and is not a number`, scenario.ErrInput},
		{"a name that reads as infinity", "", "schedule,size,threshold\ninf,50,0.1\n",
			`threshold_bands.csv:2:1: schedule: invalid input "inf": a size schedule's name starts`, scenario.ErrInput},
		{"an unknown schedule", edit(t, bandsPayments, ",small,small,", ",smal,,"), bandsFile,
			`payments.csv:2:8: threshold: unknown name "smal": expected a number, or a schedule of threshold_bands.csv (small)`, scenario.ErrUnknown},
		{"a periodic term", periodic, bandsFile,
			"payments.csv:2:6: threshold: invalid input: schedule small reads the threshold at a cohort's participants; a term measured every period has no cohort: give a number", scenario.ErrInput},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]string{scenario.ThresholdBandsFile: c.bands}
			if c.payments != "" {
				files[scenario.PaymentsFile] = c.payments
			}
			_, dir, err := loadWith(t, files)
			require.Error(t, err)
			assert.Contains(t, rel(err, dir), c.want)
			assert.ErrorIs(t, err, c.is)
			var ie *csvio.Error
			require.True(t, errors.As(err, &ie))
			assert.NotZero(t, ie.Line)
		})
	}
}

// TestBuildSizeSchedules: a Builder's size schedule is named as Load
// names it, and Build refuses what Load refuses, positioned in the
// literal.
func TestBuildSizeSchedules(t *testing.T) {
	withBands := func(b *scenario.Builder) *scenario.Scenario {
		s := small(b)
		s.SizeSchedules = []scenario.SizeSchedule{{Name: "small", Size: []float64{50, 200}, Threshold: []scenario.ParamID{b.Value(0.2), b.Value(0.1)}}}
		s.Terms[0].ThresholdBands = 1
		return s
	}
	var b scenario.Builder
	s, err := b.Build(*withBands(&b))
	require.NoError(t, err)
	id, ok := s.Param("threshold_bands.small.2.threshold")
	require.True(t, ok)
	assert.Equal(t, 0.1, s.At(id).Value)
	assert.Equal(t, "SizeSchedules[0].threshold", s.At(id).Source)
	// c1: 100 participants, 0.2 + 50/150 × (0.1 − 0.2) = 0.1666…
	assert.InDelta(t, 0.2-0.1/3, s.SizeSchedules[0].ThresholdAt(s.Values(), 100), 1e-15)

	for _, c := range []struct {
		name string
		edit func(*scenario.Builder, *scenario.Scenario)
		want error
		msg  string
	}{
		{"sizes not increasing", func(_ *scenario.Builder, s *scenario.Scenario) { s.SizeSchedules[0].Size = []float64{200, 50} }, scenario.ErrOrder,
			"SizeSchedules[0]: size: sib: out of order: sizes must increase: 50 is not above the previous point's 200"},
		{"a threshold for each size", func(_ *scenario.Builder, s *scenario.Scenario) { s.SizeSchedules[0].Size = []float64{50} }, scenario.ErrInput,
			"SizeSchedules[0]: threshold: sib: invalid input: schedule small has 1 sizes and 2 thresholds: give at least one point, a threshold for each size"},
		{"an unknown schedule", func(_ *scenario.Builder, s *scenario.Scenario) { s.Terms[0].PooledBands = 2 }, scenario.ErrUnknown,
			"Terms[0]: pooled_threshold: sib: unknown name: size schedule 2 is not in the scenario"},
		{"a number and a schedule", func(b *scenario.Builder, s *scenario.Scenario) { s.Terms[0].Threshold = b.Value(0.1) }, scenario.ErrInput,
			"Terms[0]: threshold: sib: invalid input: threshold is a number or a size schedule, not both"},
		{"a periodic term", func(_ *scenario.Builder, s *scenario.Scenario) { s.Terms[0].Measure = scenario.MeasureYear }, scenario.ErrInput,
			"Terms[0]: threshold: sib: invalid input: schedule small reads the threshold at a cohort's participants; a term measured every year has no cohort: give a number"},
	} {
		var b scenario.Builder
		in := withBands(&b)
		c.edit(&b, in)
		_, err := b.Build(*in)
		require.ErrorIs(t, err, c.want, c.name)
		assert.EqualError(t, err, c.msg, c.name)
	}
}
