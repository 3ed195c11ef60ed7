package scenario_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sib-engine/sib/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// timingFolder copies the fixture cmd/sib/testdata/scenario-ok-timing to
// a temporary folder, with file name's text old replaced by new.
func timingFolder(t *testing.T, name, old, new string) string {
	t.Helper()
	src := filepath.Join("..", "cmd", "sib", "testdata", "scenario-ok-timing")
	dir := t.TempDir()
	ents, err := os.ReadDir(src)
	require.NoError(t, err)
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		require.NoError(t, err)
		text := string(b)
		if e.Name() == name {
			require.Contains(t, text, old)
			text = strings.Replace(text, old, new, 1)
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, e.Name()), []byte(text), 0o644))
	}
	return dir
}

// TestTimingLoad: the timing parameters of the fixture, with their
// ranges and cells, after every other parameter.
func TestTimingLoad(t *testing.T) {
	dir := timingFolder(t, "payments.csv", "", "")
	s, err := scenario.Load(dir)
	require.NoError(t, err)
	var got []string
	for _, id := range s.Timing() {
		p := s.At(id)
		got = append(got, strings.Join([]string{p.Name, fmtNum(p.Value), fmtNum(p.Min), fmtNum(p.Max), strings.TrimPrefix(p.Source, dir+"/")}, " "))
	}
	assert.Equal(t, []string{
		"term.t.lag 1 0 5 payments.csv:2:6",
		"outcome.m.from 1 1 6 metrics.csv:2:3",
		"outcome.m.to 2 1 6 metrics.csv:2:4",
		"tranche.senior.maturity 5 1 6 capital.csv:2:6",
	}, got)
	assert.Equal(t, len(s.Params)-4, s.Timing()[0].Index(), "after every other parameter")
	// Set writes the field.
	require.NoError(t, s.Set("term.t.lag", 3))
	require.NoError(t, s.Set("outcome.m.to", 4))
	require.NoError(t, s.Set("tranche.senior.maturity", 6))
	assert.Equal(t, [3]int{3, 4, 6}, [3]int{s.Terms[0].Lag, s.Metrics[0].To, s.Tranches[0].Maturity})
	// Timed copies: the scenario keeps its own values.
	v := s.Values()
	id, _ := s.Param("term.t.lag")
	v[id.Index()] = 0
	c, err := s.Timed(v)
	require.NoError(t, err)
	assert.Equal(t, 0, c.Terms[0].Lag)
	assert.Equal(t, 3, s.Terms[0].Lag)
	same, err := s.Timed(s.Values())
	require.NoError(t, err)
	assert.Same(t, s, same)
	// A blank maturity is the horizon, and amortise bounds it below.
	s, err = scenario.Load(timingFolder(t, "capital.csv", "maturity\nsenior,inv,1,10000,0,5", "maturity,amortise\nsenior,inv,1,10000,0,,3"))
	require.NoError(t, err)
	id, _ = s.Param("tranche.senior.maturity")
	p := s.At(id)
	assert.Equal(t, [4]string{"6", "3", "6", "default"}, [4]string{fmtNum(p.Value), fmtNum(p.Min), fmtNum(p.Max), p.Source})
	assert.ErrorIs(t, s.Set("tranche.senior.maturity", 2), scenario.ErrRange, "before the first instalment")
}

func fmtNum(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// TestTimingLoadRefused: the loader refuses timing values that are not
// whole numbers within their ranges, at their cells.
func TestTimingLoadRefused(t *testing.T) {
	for _, c := range []struct{ file, old, new, msg string }{
		{"payments.csv", "outcomes,1000,1", "outcomes,1000,1.5", `payments.csv:2:6: lag: invalid number "1.5": expected the measurement lag in periods, a whole number`},
		{"payments.csv", "outcomes,1000,1", "outcomes,1000,6", "payments.csv:2:6: lag: value out of range: the horizon (6 periods) is not longer than the measurement lag (6 periods): nothing could ever be paid"},
		{"metrics.csv", "once,1,2,", "once,1,7,", "metrics.csv:2:4: to: value out of range: 7 is outside [1, 6] (the last period of the window after entry)"},
		{"metrics.csv", "once,1,2,", "once,3,2,", "metrics.csv:2:4: to: out of order: the window ends (period 2) before it begins (period 3)"},
		{"capital.csv", "10000,0,5", "10000,0,7", "capital.csv:2:6: maturity: value out of range: 7 is outside [1, 6] (the period the tranche matures (empty: the horizon))"},
	} {
		_, err := scenario.Load(timingFolder(t, c.file, c.old, c.new))
		require.Error(t, err, c.msg)
		msg := err.Error()
		if i := strings.LastIndex(msg, "/"); i >= 0 {
			msg = msg[i+1:]
		}
		assert.Equal(t, c.msg, msg)
	}
}
