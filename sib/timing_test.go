package sib

import (
	"math"
	"testing"
	"time"

	"github.com/sib-engine/sib/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Timing as parameters (issue 14, item 15): a term's lag, a metric's
// outcome window and a tranche's maturity are parameters (term.t.lag,
// outcome.m.from and .to, tranche.senior.maturity), worked out by hand on
// the fixture cmd/sib/testdata/scenario-ok-timing.
//
// The fixture: years from 2026, 6 of them, no inflation, no discounting.
// Cohort a (100) enters in year 1; the metric m happens once a
// participant at the end of its window, years 1 to 2 after entry, with an
// effect of 0.1: 10 outcomes, measured in year 2. The term t pays 1000 an
// outcome, lag 1: 10000 due in year 2 + 1 = 3. Delivery is 8000 in year
// 1, drawn from the senior tranche (commitment 10000, no coupon, matures
// in year 5), which takes the whole excess.
//
//   - base (lag 1, to 2, maturity 5): 10000 paid in year 3; the tranche
//     draws 8000 in year 1 and receives 10000 in year 3: multiple 1.25,
//     IRR 1.25^(1/2) − 1 = 11.8034%;
//   - lag 3: paid in year 5, at maturity: IRR 1.25^(1/4) − 1 = 5.7371%;
//   - window to 4 (lag 1): measured in year 4, paid in year 5: the same;
//   - lag 4: paid in year 6, after the tranche matured in year 5: it
//     receives nothing (multiple 0, IRR −100%); the payer still pays
//     10000, which goes to the residual party;
//   - lag 4, maturity 6: received in year 6, IRR 1.25^(1/5) − 1 = 4.5640%;
//   - lag 5: due in year 7, after the horizon: nothing is paid.
func TestTimingFixture(t *testing.T) {
	files := fixtureFiles(t, "scenario-ok-timing")
	irr := func(years float64) float64 { return math.Pow(1.25, 1/years) - 1 }
	for _, c := range []struct {
		name     string
		set      map[string]float64
		paidIn   int // 0: nothing paid
		received float64
		irr      float64
	}{
		{"base", nil, 3, 10000, irr(2)},
		{"lag 3", map[string]float64{"term.t.lag": 3}, 5, 10000, irr(4)},
		{"window to 4", map[string]float64{"outcome.m.to": 4}, 5, 10000, irr(4)},
		{"lag 4 after maturity", map[string]float64{"term.t.lag": 4}, 6, 0, -1},
		{"lag 4, maturity 6", map[string]float64{"term.t.lag": 4, "tranche.senior.maturity": 6}, 6, 10000, irr(5)},
		{"lag 5 after the horizon", map[string]float64{"term.t.lag": 5}, 0, 0, math.NaN()},
	} {
		t.Run(c.name, func(t *testing.T) {
			// Set before Compile, as sib run --set does.
			s, _ := load(t, files, nil)
			for name, v := range c.set {
				require.NoError(t, s.Set(name, v))
			}
			m, err := Compile(s)
			require.NoError(t, err)
			got, r := paidByPeriod(t, s, m)
			want := map[int]string{}
			if c.paidIn != 0 {
				want[c.paidIn] = "10000"
			}
			assertPaid(t, "t", want, got["t"])
			assert.InDelta(t, c.received, r.Outputs.Investors.Received, 1e-9)
			if !math.IsNaN(c.irr) {
				assert.InDelta(t, c.irr, r.Outputs.Investors.IRR.Rate, 1e-9)
			}

			// The same through Timed, as the sensitivity analyses do: the
			// model of the base scenario recompiled at the vector's timing.
			s0, m0 := load(t, files, nil)
			v := s0.Values()
			for name, x := range c.set {
				id, ok := s0.Param(name)
				require.True(t, ok)
				v[id.Index()] = x
			}
			mt, err := m0.Timed(v)
			require.NoError(t, err)
			if c.set == nil {
				assert.Same(t, m0, mt, "the base timing: the model itself")
			}
			w := mt.NewWork()
			o, err := mt.Evaluate(v, w)
			require.NoError(t, err)
			assert.InDelta(t, c.received, o.Investors.Received, 1e-6)
			assert.InDelta(t, r.Outputs.Payments, o.Payments, 1e-6)
			assert.Zero(t, testing.AllocsPerRun(50, func() { _, _ = mt.Evaluate(v, w) }), "a timed model allocates nothing a draw")
			// The base model ignores the timing values in the vector.
			o0, err := m0.Evaluate(v, m0.NewWork())
			require.NoError(t, err)
			assert.InDelta(t, 10000, o0.Investors.Received, 1e-6)
		})
	}
}

// TestTimingRefused: timing parameters are whole numbers within their
// ranges (a lag below the horizon, a window within it and not ending
// before it begins, a maturity not before the first instalment).
func TestTimingRefused(t *testing.T) {
	files := fixtureFiles(t, "scenario-ok-timing")
	s, m := load(t, files, nil)
	for _, c := range []struct {
		name string
		v    float64
		msg  string
	}{
		{"term.t.lag", 1.5, "term.t.lag: sib: value out of range: 1.5 is not a whole number (a timing parameter counts periods)"},
		{"term.t.lag", 6, "term.t.lag: sib: value out of range: 6 is outside [0, 5]"},
		{"outcome.m.to", 0, "outcome.m.to: sib: value out of range: 0 is outside [1, 6]"},
		{"tranche.senior.maturity", 7, "tranche.senior.maturity: sib: value out of range: 7 is outside [1, 6]"},
	} {
		assert.EqualError(t, s.Set(c.name, c.v), c.msg)
		v := s.Values()
		id, _ := s.Param(c.name)
		v[id.Index()] = c.v
		_, err := m.Timed(v)
		assert.EqualError(t, err, c.msg)
	}
	require.NoError(t, s.Set("outcome.m.from", 2))
	require.NoError(t, s.Set("outcome.m.from", 3), "Set checks a parameter alone; Compile the rules between them")
	_, err := Compile(s)
	assert.EqualError(t, err, "sib: value out of range: a metric's outcome window must not end before it begins: outcome.m.to = 2 is below outcome.m.from = 3")
}

// TestTimingBuilder: the fixture written with a Builder gives the same
// timing parameters and the same run as the folder, before and after a
// change of each.
func TestTimingBuilder(t *testing.T) {
	files := fixtureFiles(t, "scenario-ok-timing")
	loaded, _ := load(t, files, nil)
	var b scenario.Builder
	v := b.Value
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	built, err := b.Build(scenario.Scenario{
		Settings: scenario.Settings{Name: "timing", Start: start, Months: scenario.Year, Periods: 6, Currency: "EUR", PriceBase: 2026,
			Inflation: v(0), Discount: v(0), Hurdle: v(0)},
		Cohorts:  []scenario.Cohort{{Name: "a", Entry: start, Size: v(100), TakeUp: v(1)}},
		Metrics:  []scenario.Metric{{Name: "m", Per: scenario.Once, From: 1, To: 2, Effect: v(0.1)}},
		Services: []scenario.Service{{Name: "s", UnitCost: v(1000), Lines: scenario.ServiceLines("ag", v(1), 0)}},
		Avoids:   []scenario.Avoid{{Metric: 0, Service: 0, Units: v(1)}},
		Terms:    []scenario.Term{{Name: "t", Metric: 0, Payer: "pay", Basis: scenario.Outcomes, Price: v(1000), Lag: 1}},
		Delivery: []scenario.CostItem{{Name: "d", Party: "provider", Basis: scenario.PerPeriod, Amount: v(8000), From: 1, To: 1}},
		Tranches: []scenario.Tranche{{Name: "senior", Investor: "inv", Priority: 1, Commitment: v(10000), Coupon: v(0), Maturity: 5}},
	})
	require.NoError(t, err)
	for _, id := range loaded.Timing() {
		p := loaded.At(id)
		bid, ok := built.Param(p.Name)
		require.True(t, ok, p.Name)
		q := built.At(bid)
		assert.True(t, q.Int, p.Name)
		assert.Equal(t, [3]float64{p.Value, p.Min, p.Max}, [3]float64{q.Value, q.Min, q.Max}, p.Name)
	}
	assert.Equal(t, "Terms[0].lag", built.At(built.Timing()[0]).Source)
	for _, set := range []map[string]float64{nil, {"term.t.lag": 3}, {"outcome.m.to": 4}, {"term.t.lag": 4}, {"tranche.senior.maturity": 4}} {
		for _, s := range []*scenario.Scenario{loaded, built} {
			for name, x := range set {
				require.NoError(t, s.Set(name, x))
			}
		}
		ml, err := Compile(loaded)
		require.NoError(t, err)
		mb, err := Compile(built)
		require.NoError(t, err)
		rl, err := ml.Run(loaded.Values())
		require.NoError(t, err)
		rb, err := mb.Run(built.Values())
		require.NoError(t, err)
		assert.Equal(t, rl.Outputs.Investors.Received, rb.Outputs.Investors.Received, "%v", set)
		assert.Equal(t, rl.Outputs.Payments, rb.Outputs.Payments, "%v", set)
		assert.Equal(t, len(rl.Payments), len(rb.Payments), "%v", set)
		for i := range rl.Payments {
			assert.True(t, rl.Payments[i].Paid.Equal(rb.Payments[i].Paid), "%v: %d", set, i)
		}
		for _, s := range []*scenario.Scenario{loaded, built} { // back to base
			for name := range set {
				base := map[string]float64{"term.t.lag": 1, "outcome.m.to": 2, "tranche.senior.maturity": 5}[name]
				require.NoError(t, s.Set(name, base))
			}
		}
	}
}

// TestTimingAgreement: the float and cents paths agree on the fixture at
// every combination of lag, window end and maturity, each compiled by
// Timed (the agreement guard's perturbed vectors keep the base timing:
// Evaluate and Run read timing at Compile).
func TestTimingAgreement(t *testing.T) {
	files := fixtureFiles(t, "scenario-ok-timing")
	s, m := load(t, files, nil)
	id := func(name string) int {
		i, ok := s.Param(name)
		require.True(t, ok, name)
		return i.Index()
	}
	lag, to, mat := id("term.t.lag"), id("outcome.m.to"), id("tranche.senior.maturity")
	n := 0
	for l := range 6 {
		for e := 2; e <= 6; e++ {
			for k := 1; k <= 6; k++ {
				v := s.Values()
				v[lag], v[to], v[mat] = float64(l), float64(e), float64(k)
				mt, err := m.Timed(v)
				require.NoError(t, err)
				o, err := mt.Evaluate(v, mt.NewWork())
				require.NoError(t, err)
				r, err := mt.Run(v)
				require.NoError(t, err)
				assert.InDelta(t, r.Outputs.Payments, o.Payments, 1e-6, "lag %d to %d maturity %d", l, e, k)
				assert.InDelta(t, r.Outputs.Investors.Received, o.Investors.Received, 1e-6, "lag %d to %d maturity %d", l, e, k)
				assert.InDelta(t, r.Outputs.Investors.Drawn, o.Investors.Drawn, 1e-6, "lag %d to %d maturity %d", l, e, k)
				assert.InDelta(t, r.Outputs.NetPV, o.NetPV, 1e-6, "lag %d to %d maturity %d", l, e, k)
				n++
			}
		}
	}
	assert.Equal(t, 180, n)
}
