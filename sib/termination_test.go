package sib

import (
	"strings"
	"testing"
	"time"

	"github.com/sib-engine/sib/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Early termination (issue 14, item 8), worked out by hand on the fixture
// cmd/sib/testdata/scenario-ok-termination.
//
// The fixture: years from 2026, 7 of them, no inflation, no discounting;
// the contract is terminated after year 3 (terminate 3, pay_accrued).
// Cohorts a (100, year 1), b (100, year 2) and c (100, year 4: after
// termination, it never enters). Metric m counts 0.1 outcomes a
// participant a year in years 1 to 3 after entry (10 a year a cohort):
// a is measured in year 3, b in year 4 (after termination). Term t pays
// 1000 an outcome, lag 1; term bonus pays 300 a participant at an effect
// of 0.05 or more, when a cohort is measured, lag 1. Delivery 20000 a
// year in years 1-5 and a fee of 1000 a year in years 1-6 stop after
// year 3: 63000, drawn 21000 a year from the senior tranche (commitment
// 120000, no coupon, 80% of principal protected by phil). On termination
// the tranche matures in year 3, its guarantee is settled then, and the
// 57000 undrawn lapses.
//
// pay_accrued:
//   - t: a's outcomes of years 1, 2, 3 (10000 each) are due in 2, 3, 4:
//     the one due in year 4 is brought forward to 3; b's outcomes of
//     years 2 and 3 (accrued by termination) likewise: year 2 pays 10000,
//     year 3 pays 10000 + 10000 + 10000 + 10000 = 40000;
//   - bonus: a, measured in year 3, 100 × 300 = 30000 due in 4, paid in
//     3; b, not measured, is paid on the 2 of its 3 window years accrued
//     by termination: 30000 × 2/3 = 20000 in year 3. Year 3: 50000;
//   - the tranche receives 100000 for 63000 (principal 63000, excess
//     37000): multiple 100000/63000, no guarantee (principal repaid).
//
// pay_measured_only: b is paid nothing: t pays 10000 in year 2 and
// 20000 in year 3, bonus 30000 in year 3: 60000 in all, principal
// repaid 60000 ≥ 0.8 × 63000 = 50400, no guarantee.
//
// An effect of 0: nothing is paid, the guarantor pays 0.8 × 63000 = 50400
// in year 3 and the investor loses 12600.
//
// terminate 7 (the horizon): no termination; the same run as without
// the setting: t pays a's 10000 in years 2-4, b's in 3-5, c's in 5-7;
// bonus 30000 in years 4, 5 and 7; delivery 100000 and fees 6000 drawn.
func TestTerminationFixture(t *testing.T) {
	files := fixtureFiles(t, "scenario-ok-termination")
	for _, c := range []struct {
		name            string
		set             map[string]float64
		settings        string // replaces the last two lines of scenario.csv
		t, bonus        map[int]string
		drawn, received float64
		guarantee       string
	}{
		{"pay_accrued", nil, "", map[int]string{2: "10000", 3: "40000"}, map[int]string{3: "50000"}, 63000, 100000, "0"},
		{"pay_measured_only", nil, "terminate,3\non_termination,pay_measured_only\n",
			map[int]string{2: "10000", 3: "20000"}, map[int]string{3: "30000"}, 63000, 60000, "0"},
		{"no effect", map[string]float64{"outcome.m.effect": 0}, "", map[int]string{}, map[int]string{}, 63000, 50400, "50400"},
		{"terminate at the horizon", map[string]float64{"setting.terminate": 7}, "",
			map[int]string{2: "10000", 3: "20000", 4: "20000", 5: "20000", 6: "10000", 7: "10000"},
			map[int]string{4: "30000", 5: "30000", 7: "30000"}, 106000, 180000, "0"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, _ := load(t, files, withSettings(files, c.settings))
			for name, v := range c.set {
				require.NoError(t, s.Set(name, v))
			}
			m, err := Compile(s)
			require.NoError(t, err)
			got, r := paidByPeriod(t, s, m)
			assertPaid(t, "t", c.t, got["t"])
			assertPaid(t, "bonus", c.bonus, got["bonus"])
			assert.Equal(t, c.drawn, r.Outputs.Investors.Drawn)
			assert.InDelta(t, c.received, r.Outputs.Investors.Received, 1e-9)
			assert.True(t, d(c.guarantee).Equal(guaranteed(r)), "guarantee %v", guaranteed(r))
			for _, row := range r.Tranches {
				if row.Period > 3 && c.set["setting.terminate"] == 0 {
					assert.True(t, row.Drawn.IsZero() && row.Flow.IsZero(), "year %d after termination: %+v", row.Period, row)
				}
			}
			// The float path agrees.
			o, err := m.Evaluate(s.Values(), m.NewWork())
			require.NoError(t, err)
			assert.InDelta(t, r.Outputs.Payments, o.Payments, 1e-6)
			assert.InDelta(t, r.Outputs.Investors.Received, o.Investors.Received, 1e-6)
		})
	}

	// terminate 7 runs as the folder without the setting.
	s, m := load(t, files, withSettings(files, "\n"))
	_, ok := s.Param("setting.terminate")
	assert.False(t, ok, "no terminate setting, no parameter")
	r0, err := m.Run(s.Values())
	require.NoError(t, err)
	s7, _ := load(t, files, nil)
	require.NoError(t, s7.Set("setting.terminate", 7))
	m7, err := Compile(s7)
	require.NoError(t, err)
	r7, err := m7.Run(s7.Values())
	require.NoError(t, err)
	assert.Equal(t, r0.Outputs.Payments, r7.Outputs.Payments)
	assert.Equal(t, r0.Outputs.Investors.Received, r7.Outputs.Investors.Received)
	assert.Equal(t, r0.Outputs.Investors.Drawn, r7.Outputs.Investors.Drawn)
	assert.Equal(t, r0.Outputs.NetPV, r7.Outputs.NetPV)

	// Timed, as the sensitivity analyses do: the base model recompiled
	// at terminate 2, 3, ... 7; each agrees with a model compiled after
	// Set.
	s, m = load(t, files, nil)
	id, ok := s.Param("setting.terminate")
	require.True(t, ok)
	assert.True(t, s.At(id).Int)
	assert.Equal(t, [3]float64{3, 1, 7}, [3]float64{s.At(id).Value, s.At(id).Min, s.At(id).Max})
	for n := 1; n <= 7; n++ {
		v := s.Values()
		v[id.Index()] = float64(n)
		mt, err := m.Timed(v)
		require.NoError(t, err)
		o, err := mt.Evaluate(v, mt.NewWork())
		require.NoError(t, err)
		r, err := mt.Run(v)
		require.NoError(t, err)
		assert.InDelta(t, r.Outputs.Payments, o.Payments, 1e-6, "terminate %d", n)
		assert.InDelta(t, r.Outputs.Investors.Received, o.Investors.Received, 1e-6, "terminate %d", n)
		assert.InDelta(t, float64(min(n, 5))*20000+float64(min(n, 6))*1000, r.Outputs.Investors.Drawn, 1e-9, "terminate %d", n)
	}
}

// withSettings replaces the fixture's termination settings (the last two
// lines of scenario.csv) with tail; none when tail is empty.
func withSettings(files map[string]string, tail string) map[string]string {
	if tail == "" {
		return nil
	}
	sc := files["scenario.csv"]
	i := strings.Index(sc, "terminate,")
	return map[string]string{"scenario.csv": sc[:i] + strings.TrimPrefix(tail, "\n")}
}

// TestTerminationBuilder: the fixture written with a Builder runs as the
// folder does, at its termination, at another and under the other rule.
func TestTerminationBuilder(t *testing.T) {
	files := fixtureFiles(t, "scenario-ok-termination")
	var b scenario.Builder
	v := b.Value
	year := func(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }
	built, err := b.Build(scenario.Scenario{
		Settings: scenario.Settings{Name: "termination", Start: year(2026), Months: scenario.Year, Periods: 7, Currency: "EUR", PriceBase: 2026,
			Inflation: v(0), Discount: v(0), Hurdle: v(0), Terminate: 3, OnTermination: scenario.PayAccrued},
		Cohorts: []scenario.Cohort{{Name: "a", Entry: year(2026), Size: v(100), TakeUp: v(1)},
			{Name: "b", Entry: year(2027), Size: v(100), TakeUp: v(1)}, {Name: "c", Entry: year(2029), Size: v(100), TakeUp: v(1)}},
		Metrics:  []scenario.Metric{{Name: "m", Per: scenario.PerYear, From: 1, To: 3, Effect: v(0.1)}},
		Services: []scenario.Service{{Name: "s", UnitCost: v(1000), Lines: scenario.ServiceLines("ag", v(1), 0)}},
		Avoids:   []scenario.Avoid{{Metric: 0, Service: 0, Units: v(1)}},
		Tiers:    []scenario.Schedule{{Name: "bonus", Effect: []scenario.ParamID{v(0.05)}, Value: []scenario.ParamID{v(300)}}},
		Terms: []scenario.Term{{Name: "t", Metric: 0, Payer: "pay", Basis: scenario.Outcomes, Price: v(1000), Lag: 1},
			{Name: "bonus", Metric: 0, Payer: "pay", Basis: scenario.Tiered, Schedule: 1, Lag: 1}},
		Delivery: []scenario.CostItem{{Name: "d", Party: "provider", Basis: scenario.PerPeriod, Amount: v(20000), From: 1, To: 5}},
		Fees:     []scenario.CostItem{{Name: "mgmt", Party: "intermediary", Basis: scenario.PerPeriod, Amount: v(1000), From: 1, To: 6}},
		Tranches: []scenario.Tranche{{Name: "senior", Investor: "inv", Priority: 1, Commitment: v(120000), Coupon: v(0), Protected: v(0.8), Guarantor: "phil"}},
	})
	require.NoError(t, err)
	id, ok := built.Param("setting.terminate")
	require.True(t, ok)
	assert.Equal(t, "Settings.Terminate", built.At(id).Source)
	for _, c := range []struct {
		terminate    float64
		measuredOnly bool
	}{{3, false}, {2, false}, {5, false}, {3, true}} {
		loaded, _ := load(t, files, nil)
		if c.measuredOnly {
			loaded, _ = load(t, files, withSettings(files, "terminate,3\non_termination,pay_measured_only\n"))
		}
		bs := *built
		bs.Params = append([]scenario.Param(nil), built.Params...)
		if c.measuredOnly {
			bs.Settings.OnTermination = scenario.PayMeasuredOnly
		}
		for _, s := range []*scenario.Scenario{loaded, &bs} {
			require.NoError(t, s.Set("setting.terminate", c.terminate))
		}
		ml, err := Compile(loaded)
		require.NoError(t, err)
		mb, err := Compile(&bs)
		require.NoError(t, err)
		rl, err := ml.Run(loaded.Values())
		require.NoError(t, err)
		rb, err := mb.Run(bs.Values())
		require.NoError(t, err)
		assert.Equal(t, rl.Outputs.Investors.Received, rb.Outputs.Investors.Received, "%+v", c)
		assert.Equal(t, rl.Outputs.Investors.Drawn, rb.Outputs.Investors.Drawn, "%+v", c)
		assert.Equal(t, rl.Outputs.Payments, rb.Outputs.Payments, "%+v", c)
		assert.Equal(t, rl.Outputs.NetPV, rb.Outputs.NetPV, "%+v", c)
	}
}

// TestTerminationLoadBad: the loader refuses bad termination settings
// with their position.
func TestTerminationLoadBad(t *testing.T) {
	files := fixtureFiles(t, "scenario-ok-termination")
	for tail, want := range map[string]string{
		"terminate,8\n":                   "scenario.csv:11:2: value: value out of range: 8 is outside [1, 7] (the last period of a contract terminated early (empty: the horizon))",
		"terminate,0\n":                   "scenario.csv:11:2: value: value out of range: 0 is outside [1, 2400] (the last period of a contract terminated early (empty: the horizon))",
		"terminate,2.5\n":                 "scenario.csv:11:2: value: invalid number \"2.5\": expected the last period of a contract terminated early (empty: the horizon), a whole number",
		"terminate,3\non_termination,all": "scenario.csv:12:2: value: invalid input \"all\": expected pay_accrued or pay_measured_only",
	} {
		_, err := scenario.Load(writeScenario(t, files, withSettings(files, tail)))
		require.Error(t, err, tail)
		assert.Contains(t, err.Error(), want, tail)
	}
	// A blank terminate is the horizon: a parameter that terminates nothing.
	s, _ := load(t, files, withSettings(files, "terminate,\n"))
	id, ok := s.Param("setting.terminate")
	require.True(t, ok)
	assert.Equal(t, 7.0, s.At(id).Value)
	assert.Equal(t, "default", s.At(id).Source)
}
