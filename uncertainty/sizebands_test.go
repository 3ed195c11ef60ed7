package uncertainty

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// TestSimulateSizeBandsTakeUp: in a Monte Carlo that draws cohort a's
// take-up, each draw's cohort test reads the size schedule at the drawn
// participants. The deal is cmd/sib/testdata/scenario-ok-sizebands (see
// sib/sizebands_test.go): 150 referred to cohort a (effect 18% of the
// baseline 0.5), 500 in b (12%), a rate card of 1000 an event, tests
// against (100, 20%), (500, 13%: set here from 10%, so that the pooled
// test fails for the smallest cohorts a), (2000, 5%). Each draw's payments are
// worked out here again from the drawn take-up u, by the rule alone:
// n = 150u; the pool passes when (0.09n + 30) / (0.5(n + 500)) ≥ the
// threshold at n + 500; a is paid 90n when 18% ≥ its threshold at n or
// the pool passes; b (12% against 13% at 500, failing its own test) is
// paid 30000 when the pool passes.
func TestSimulateSizeBandsTakeUp(t *testing.T) {
	s, err := scenario.Load(filepath.Join("..", "cmd", "sib", "testdata", "scenario-ok-sizebands"))
	require.NoError(t, err)
	m, err := sib.Compile(s)
	require.NoError(t, err)
	require.NoError(t, s.Set("threshold_bands.bands.2.threshold", 0.13))
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, SpecFile), []byte("param,dist,arg1,arg2\ncohort.a.take_up,uniform,0.3,1\n"), 0o644))
	sp, err := Load(dir, s)
	require.NoError(t, err)
	outs := Outputs(s)
	k := slices.IndexFunc(outs, func(o Output) bool { return o.Name == "payments.total" })
	require.GreaterOrEqual(t, k, 0)
	// The threshold at n participants, by the schedule's rule.
	thr := func(n float64) float64 {
		switch {
		case n <= 100:
			return 0.20
		case n <= 500:
			return 0.20 + (n-100)/400*(0.13-0.20)
		case n <= 2000:
			return 0.13 + (n-500)/1500*(0.05-0.13)
		}
		return 0.05
	}
	released, held := 0, 0
	_, err = Simulate(context.Background(), m, s.Values(), sp, outs, SimOptions{Draws: 400, Seed: 1, Workers: 2,
		Each: func(_ int, ps, os []float64) error {
			n := 150 * ps[0]
			pooled := (0.09*n+30)/(0.5*(n+500)) >= thr(n+500)
			want := 0.0
			if 0.12 >= thr(500) || pooled {
				want += 30000
			}
			if 0.18 >= thr(n) || pooled {
				want += 90 * n
				released++
			} else {
				held++
			}
			assert.InDelta(t, want, os[k], 0.01, "take-up %v", ps[0])
			return nil
		}})
	require.NoError(t, err)
	t.Logf("a's held amount released in %d draws, never in %d", released, held)
	assert.Positive(t, released)
	assert.Positive(t, held)
}
