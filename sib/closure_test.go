package sib

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/sib-engine/sib/costing"
	"github.com/sib-engine/sib/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestClosureLagByHand checks the closure lag of a step line against
// figures worked out by hand (issue 17, item 3).
//
// A step line of rate 1000 a unit (its share of the unit cost), step size
// 10 units a year, quarterly periods (ppy 4). The fall in use, in units
// a year, is 12, 12, 9, 25, 25, 25, 25: in a quarter 3, 3, 2.25, 6.25,
// 6.25, 6.25, 6.25 units, gross 3000, 3000, 2250, 6250, 6250, 6250, 6250.
// Whole steps the fall reaches, ⌊units a year / 10⌋: 1, 1, 0, 2, 2, 2, 2.
// A step is worth 10 / 4 × 1000 = 2500 a quarter.
//
//   - lag 0 (today's rule): each period's own steps: 1, 1, 0, 2, 2, 2, 2,
//     cashable 2500, 2500, 0, 5000, 5000, 5000, 5000.
//   - lag 1: the fewest steps of periods t−1 and t, none in period 1
//     (the quarter before the deal had no fall): 0, min(1,1) = 1,
//     min(1,0) = 0, min(0,2) = 0, min(2,2) = 2, 2, 2: cashable 0, 2500,
//     0, 0, 5000, 5000, 5000.
//   - lag 2 (half a year): the fewest of t−2, t−1 and t: periods 1 and 2
//     have no two periods before them: 0, 0; period 3 reaches no step:
//     0; periods 4 and 5 see the dip of period 3 in their window:
//     min(1,0,2) = 0, min(0,2,2) = 0; periods 6 and 7: min(2,2,2) = 2:
//     cashable 0, 0, 0, 0, 0, 5000, 5000. The 9-unit quarter restarts
//     the clock: in the brief's five quarters (12, 12, 9, 25, 25) no step
//     is released at all.
func TestClosureLagByHand(t *testing.T) {
	units := []float64{3, 3, 2.25, 6.25, 6.25, 6.25, 6.25}
	gross := []float64{3000, 3000, 2250, 6250, 6250, 6250, 6250}
	for _, tc := range []struct {
		lag  int
		cash []float64
	}{
		{0, []float64{2500, 2500, 0, 5000, 5000, 5000, 5000}},
		{1, []float64{0, 2500, 0, 0, 5000, 5000, 5000}},
		{2, []float64{0, 0, 0, 0, 0, 5000, 5000}},
	} {
		r := rule{rate: 1000, step: 10, ppy: 4, behaviour: costing.Step, lag: tc.lag}
		for i := range units {
			g, c := r.savingAt(units, i)
			assert.InDelta(t, gross[i], g, 1e-9, "lag %d period %d gross", tc.lag, i+1)
			assert.InDelta(t, tc.cash[i], c, 1e-9, "lag %d period %d cashable", tc.lag, i+1)
		}
	}
}

// TestClosureLagShrinkingFall: a released step stays released only while
// the fall holds. Step 10 a year, quarterly, rate 1000, lag 1; the fall
// is 25, 25, 25, 15, 15, 25 units a year (6.25, 6.25, 6.25, 3.75, 3.75,
// 6.25 a quarter): steps 2, 2, 2, 1, 1, 2. Released: 0 (no quarter
// before), 2, 2, then min(2,1) = 1 at once when the fall shrinks, 1,
// and min(1,2) = 1 in the last: the second step, released again, must be
// sustained again. A rise in use mirrors the rule: −12, −12 a year
// (−3 a quarter) is −1 step; with lag 1, 0 then −1.
func TestClosureLagShrinkingFall(t *testing.T) {
	r := rule{rate: 1000, step: 10, ppy: 4, behaviour: costing.Step, lag: 1}
	units := []float64{6.25, 6.25, 6.25, 3.75, 3.75, 6.25}
	want := []float64{0, 5000, 5000, 2500, 2500, 2500}
	for i := range units {
		_, c := r.savingAt(units, i)
		assert.InDelta(t, want[i], c, 1e-9, "period %d", i+1)
	}
	rise := []float64{-3, -3}
	for i, w := range []float64{0, -2500} {
		_, c := r.savingAt(rise, i)
		assert.InDelta(t, w, c, 1e-9, "rise, period %d", i+1)
	}
	// Signs that differ release nothing: a fall of a step after a rise.
	_, c := r.savingAt([]float64{-3, 3}, 1)
	assert.Zero(t, c)
	// Variable and fixed lines ignore the lag.
	v := rule{rate: 1000, ppy: 4, behaviour: costing.Variable, lag: 3}
	_, c = v.savingAt(units, 0)
	assert.InDelta(t, 6250, c, 1e-9)
}

// closureFiles is a quarterly deal small enough to follow by hand: one
// cohort of 40 enters in the first quarter; its outcomes are 0.3 a
// participant a year for two years: 40 × 0.3 / 4 = 3 a quarter, each
// avoiding one unit of a service of unit cost 1000, all of it a step cost
// of 10 units a year. 3 units a quarter are 12 a year: one step, worth
// 10 / 4 × 1000 = 2500 a quarter, gross 3000. No inflation, no
// discounting.
var closureFiles = map[string]string{
	scenario.ScenarioFile: "setting,value\nname,closure\nstart,2026-01-01\nperiod,quarter\nperiods,8\ncurrency,EUR\nprice_base,2026\ninflation,0\ndiscount_rate,0\nhurdle_rate,0\n",
	scenario.CohortsFile:  "cohort,entry,size,take_up\na,2026-01-01,40,1\n",
	scenario.MetricsFile:  "metric,per,from,to,effect\nm,year,1,8,0.3\n",
	scenario.ServicesFile: "service,agency,unit_cost,step_size\ns,ag,1000,10\n",
	scenario.AvoidedFile:  "metric,service,units\nm,s,1\n",
	scenario.PaymentsFile: "term,metric,payer,basis,price,lag\nt,m,ag,outcomes,500,0\n",
	scenario.DeliveryFile: "item,party,basis,amount,from,to\nd,provider,per_period,1000,1,8\n",
	scenario.CapitalFile:  "tranche,investor,priority,commitment,coupon\nsenior,inv,1,100000,0.05\n",
}

// TestClosureLagScenario runs the closure lag through a scenario, on both
// paths. Without a lag the state's cashable saving is 8 × 2500 = 20000
// (gross 24000). With closure_lag 0.5 (years: two quarters) the step is
// released from the third quarter: 6 × 2500 = 15000, and the lag holds
// back 2 × 2500 = 5000, nominal and in PV (no inflation or discounting).
// Gross is unchanged. closure_lag 0.3 rounds up to two quarters too, and
// 0.25 is exactly one: 7 × 2500 = 17500.
func TestClosureLagScenario(t *testing.T) {
	for _, tc := range []struct {
		lag            string // "": not given
		cashable, held float64
	}{
		{"", 20000, 0},
		{"0", 20000, 0},
		{"0.25", 17500, 2500},
		{"0.3", 15000, 5000},
		{"0.5", 15000, 5000},
	} {
		body := closureFiles[scenario.ScenarioFile]
		if tc.lag != "" {
			body += "closure_lag," + tc.lag + "\n"
		}
		s, m := load(t, closureFiles, map[string]string{scenario.ScenarioFile: body})
		_, given := s.Param("setting.closure_lag")
		assert.Equal(t, tc.lag != "", given, "lag %q: a parameter only when given", tc.lag)
		r, err := m.Run(s.Values())
		require.NoError(t, err)
		total := r.State[len(r.State)-1]
		assertCents(t, total.Cashable, tc.cashable, "lag %q: cashable", tc.lag)
		assertCents(t, total.Gross, 24000, "lag %q: gross", tc.lag)
		assertCents(t, r.HeldBack, tc.held, "lag %q: held back", tc.lag)
		assertCents(t, r.HeldBackPV, tc.held, "lag %q: held back PV", tc.lag)
		o, err := m.Evaluate(s.Values(), m.NewWork())
		require.NoError(t, err)
		assert.InDelta(t, tc.cashable, o.CashablePV, 1e-6, "lag %q: Evaluate's cashable PV", tc.lag)
		assert.InDelta(t, 24000, o.GrossPV, 1e-6, "lag %q: Evaluate's gross PV", tc.lag)
	}
}

// TestClosureLagSet: the lag is a parameter that --set and the
// sensitivity analyses move without a new compile (it is read at
// Evaluate, not at Compile), and its range is [0, 100] years.
func TestClosureLagSet(t *testing.T) {
	body := closureFiles[scenario.ScenarioFile] + "closure_lag,0\n"
	s, m := load(t, closureFiles, map[string]string{scenario.ScenarioFile: body})
	id, ok := s.Param("setting.closure_lag")
	require.True(t, ok)
	w := m.NewWork()
	p := s.Values()
	for _, tc := range []struct{ years, cashable float64 }{{0, 20000}, {0.25, 17500}, {0.5, 15000}, {1.75, 2500}, {2, 0}, {100, 0}} {
		p[id.Index()] = tc.years
		o, err := m.Evaluate(p, w)
		require.NoError(t, err)
		assert.InDelta(t, tc.cashable, o.CashablePV, 1e-6, "closure_lag %v", tc.years)
	}
	err := s.Set("setting.closure_lag", -1)
	require.ErrorIs(t, err, scenario.ErrRange)
	_, err = scenario.Load(writeScenario(t, closureFiles, map[string]string{scenario.ScenarioFile: closureFiles[scenario.ScenarioFile] + "closure_lag,-0.5\n"}))
	require.Error(t, err)
	assert.True(t, strings.Contains(err.Error(), "scenario.csv:"), "a positioned error: %v", err)
}

func TestEvaluateWithClosureLagDoesNotAllocate(t *testing.T) {
	body := closureFiles[scenario.ScenarioFile] + "closure_lag,0.5\n"
	s, m := load(t, closureFiles, map[string]string{scenario.ScenarioFile: body})
	w := m.NewWork()
	p := s.Values()
	if n := testing.AllocsPerRun(20, func() { m.Evaluate(p, w) }); n != 0 {
		t.Errorf("Evaluate allocates %v times a call", n)
	}
}

// assertCents compares an amount of money exactly.
func assertCents(t *testing.T, got decimal.Decimal, want float64, msg string, args ...any) {
	t.Helper()
	if w := decimal.NewFromFloat(want); !got.Equal(w) {
		t.Errorf("%s: got %s, want %s", fmt.Sprintf(msg, args...), got.StringFixed(2), w.StringFixed(2))
	}
}

// TestClosureLagMonotone: on any fall in use (units ≥ 0), a longer lag
// never releases more in a period, nothing released exceeds the period's
// own whole steps, and a fall held steady releases its steps once the
// lag has run. Random series from a fixed seed.
func TestClosureLagMonotone(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for trial := range 500 {
		n := 1 + rng.IntN(30)
		units := make([]float64, n)
		for i := range units {
			if rng.IntN(4) > 0 {
				units[i] = rng.Float64() * 20
			}
		}
		step := 1 + rng.Float64()*30
		ppy := []float64{1, 4, 12}[rng.IntN(3)]
		for t0 := range n {
			prev := math.Inf(1)
			own := rule{rate: 7, step: step, ppy: ppy, behaviour: costing.Step}.steps(units[t0])
			for lag := range 6 {
				r := rule{rate: 7, step: step, ppy: ppy, behaviour: costing.Step, lag: lag}
				got := r.released(units, t0, own)
				if got > prev || got > own || got < 0 {
					t.Fatalf("trial %d, period %d, lag %d: released %v (lag %d: %v, own steps %v)", trial, t0, lag, got, lag-1, prev, own)
				}
				prev = got
			}
		}
	}
	steady := []float64{5, 5, 5, 5, 5, 5}
	r := rule{rate: 1, step: 10, ppy: 4, behaviour: costing.Step, lag: 3}
	for i, want := range []float64{0, 0, 0, 2, 2, 2} {
		if got := r.released(steady, i, r.steps(steady[i])); got != want {
			t.Errorf("steady fall, period %d: released %v, want %v", i+1, got, want)
		}
	}
}
