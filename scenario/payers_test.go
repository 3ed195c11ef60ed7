package scenario_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Co-commissioning (issue 14, item 13): co-payers of a term in
// payers.csv, caps per payer in payer_caps.csv. The base scenario's terms
// are reconv and saving (paid by justice) and jobs (welfare).

// TestPayersLoad: the co-payers and the caps are read, with their
// parameters named payer.T.P.share and payer.P.cap_period, cap_total.
func TestPayersLoad(t *testing.T) {
	s, _, err := loadWith(t, map[string]string{
		scenario.PayersFile:    "term,payer,share\nreconv,fund,0.2\njobs,fund,0.25\njobs,city,0.05\n",
		scenario.PayerCapsFile: "payer,cap_period,cap_total\nfund,,80000\njustice,30000,\n",
	})
	require.NoError(t, err)
	require.Len(t, s.CoPayers, 3)
	assert.Equal(t, scenario.CoPayer{Term: 2, Payer: "city", Share: mustParam(t, s, "payer.jobs.city.share")}, s.CoPayers[2])
	assert.Equal(t, []string{"welfare", "fund", "city"}, s.TermPayers(2))
	assert.Equal(t, []string{"justice"}, s.TermPayers(1))
	require.Len(t, s.PayerCaps, 2)
	assert.Equal(t, scenario.PayerCap{Payer: "fund", CapTotal: mustParam(t, s, "payer.fund.cap_total")}, s.PayerCaps[0])
	assert.Equal(t, scenario.PayerCap{Payer: "justice", CapPeriod: mustParam(t, s, "payer.justice.cap_period")}, s.PayerCaps[1])
	p := s.At(mustParam(t, s, "payer.jobs.fund.share"))
	assert.Equal(t, [3]float64{0.25, 0, 1}, [3]float64{p.Value, p.Min, p.Max})
	assert.Contains(t, p.Source, "payers.csv:3:3")
}

func mustParam(t *testing.T, s *scenario.Scenario, name string) scenario.ParamID {
	t.Helper()
	id, ok := s.Param(name)
	require.True(t, ok, name)
	return id
}

// TestPayersRefused: what the loader refuses in payers.csv and
// payer_caps.csv, positioned at the cell.
func TestPayersRefused(t *testing.T) {
	payers := func(rows string) map[string]string {
		return map[string]string{scenario.PayersFile: "term,payer,share\n" + rows}
	}
	caps := func(rows string) map[string]string {
		return map[string]string{scenario.PayersFile: "term,payer,share\nreconv,fund,0.2\n", scenario.PayerCapsFile: "payer,cap_period,cap_total\n" + rows}
	}
	for _, c := range []struct {
		name  string
		files map[string]string
		want  string
		is    error
	}{
		{"unknown term", payers("reconv,fund,0.2\njob,fund,0.2\n"),
			`payers.csv:3:1: term: unknown name: term "job" is not in payments.csv (terms: reconv, saving, jobs)`, scenario.ErrUnknown},
		{"the term's own payer", payers("reconv,justice,0.2\n"),
			"payers.csv:2:2: payer: invalid input: justice is term reconv's own payer (payments.csv), which pays what the co-payers' shares leave: list only its co-payers", scenario.ErrInput},
		{"a co-payer twice", payers("reconv,fund,0.2\nreconv,fund,0.1\n"),
			"payers.csv:3:2: payer: invalid input: fund pays a share of term reconv twice (also line 2)", scenario.ErrInput},
		{"payer not a name", payers("reconv,central fund,0.2\n"),
			`payers.csv:2:2: payer: invalid input "central fund": expected the co-paying agency of letters, digits, '_' or '-' (it becomes part of parameter names)`, scenario.ErrInput},
		{"share empty", payers("reconv,fund,\n"),
			"payers.csv:2:3: share: empty value: expected the share of the term's payment this co-payer pays (the term's payer pays what the co-payers' shares leave)", csvio.ErrEmpty},
		{"share as a percentage", payers("reconv,fund,20\n"),
			"payers.csv:2:3: share: value out of range: 20 is not a share between 0 and 1 (the share of the term's payment this co-payer pays (the term's payer pays what the co-payers' shares leave)); write 20% as 0.2", scenario.ErrRange},
		{"shares above 1", payers("jobs,fund,0.6\nreconv,fund,0.2\njobs,city,0.5\n"),
			"payers.csv:4:3: share: value out of range: the co-payers' shares of term jobs sum to 1.1, above 1 (the term's payer, welfare, pays 1 − their sum)", scenario.ErrRange},
		{"cap of a payer of no term", caps("county,,1000\n"),
			"payer_caps.csv:2:1: payer: unknown name: county pays no term, in payments.csv or payers.csv (payers: fund, justice, welfare)", scenario.ErrUnknown},
		{"a payer's caps twice", caps("fund,,1000\nfund,500,\n"),
			"payer_caps.csv:3:1: payer: invalid input: payer fund is given twice (also line 2)", scenario.ErrInput},
		{"no cap", caps("fund,,\n"),
			"payer_caps.csv:2:3: cap_total: empty value: expected cap_period, cap_total or both", csvio.ErrEmpty},
		{"a negative cap", caps("fund,-1,\n"),
			"payer_caps.csv:2:2: cap_period: value out of range: -1 is below zero (the cap on this payer's payments in a period, over every term it pays must be zero or more)", scenario.ErrRange},
	} {
		_, dir, err := loadWith(t, c.files)
		if !assert.Error(t, err, c.name) {
			continue
		}
		assert.Equal(t, c.want, rel(err, dir), c.name)
		assert.ErrorIs(t, err, c.is, c.name)
	}
}

// TestPayersShareSet: a share changed by Set keeps the rule that the
// co-payers' shares of a term sum to 1 at most (the term's payer pays the
// rest): Set checks the range, CheckValues the sum.
func TestPayersShareSet(t *testing.T) {
	s, _, err := loadWith(t, map[string]string{scenario.PayersFile: "term,payer,share\njobs,fund,0.2\njobs,city,0.3\n"})
	require.NoError(t, err)
	require.NoError(t, s.Set("payer.jobs.fund.share", 0.7))
	require.NoError(t, s.CheckValues()) // 0.7 + 0.3: welfare pays nothing
	require.ErrorIs(t, s.Set("payer.jobs.fund.share", 1.2), scenario.ErrRange)
	require.NoError(t, s.Set("payer.jobs.fund.share", 0.8))
	err = s.CheckValues()
	require.ErrorIs(t, err, scenario.ErrRange)
	assert.EqualError(t, err, "sib: value out of range: the co-payers' shares of term jobs sum to 1.1, above 1 (the term's payer, welfare, pays 1 − their sum)")
}

// TestPayersBuilderRefuses: Build checks the same rules, positioned in
// the literal, and names the values as Load does.
func TestPayersBuilderRefuses(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	deal := func(b *scenario.Builder, co []scenario.CoPayer, caps []scenario.PayerCap) scenario.Scenario {
		return scenario.Scenario{
			Settings:  scenario.Settings{Start: start, Months: scenario.Year, Periods: 3, PriceBase: 2026},
			Cohorts:   []scenario.Cohort{{Name: "c1", Entry: start, Size: b.Value(100)}},
			Metrics:   []scenario.Metric{{Name: "m", To: 1, Effect: b.Value(0.05)}},
			Services:  []scenario.Service{{Name: "s", UnitCost: b.Value(1000), Lines: scenario.ServiceLines("a", 0, 0)}},
			Avoids:    []scenario.Avoid{{Metric: 0, Service: 0, Units: b.Value(1)}},
			Terms:     []scenario.Term{{Name: "t", Metric: 0, Payer: "a", Basis: scenario.Outcomes, Price: b.Value(1000)}},
			CoPayers:  co,
			PayerCaps: caps,
			Delivery:  []scenario.CostItem{{Name: "d", Party: "p", Basis: scenario.Upfront, Amount: b.Value(1)}},
			Tranches:  []scenario.Tranche{{Name: "s", Investor: "i", Priority: 1, Commitment: b.Value(1)}},
		}
	}
	var b scenario.Builder
	_, err := b.Build(deal(&b, []scenario.CoPayer{{Term: 0, Payer: "fund", Share: b.Value(0.6)}, {Term: 0, Payer: "city", Share: b.Value(0.5)}}, nil))
	require.ErrorIs(t, err, scenario.ErrRange)
	assert.EqualError(t, err, "CoPayers[1]: share: sib: value out of range: the co-payers' shares of term t sum to 1.1, above 1 (the term's payer, a, pays 1 − their sum)")

	b = scenario.Builder{}
	_, err = b.Build(deal(&b, []scenario.CoPayer{{Term: 1, Payer: "fund", Share: b.Value(0.2)}}, nil))
	require.ErrorIs(t, err, scenario.ErrUnknown)
	assert.EqualError(t, err, "CoPayers[0]: term: sib: unknown name: term 1 is not in the scenario")

	b = scenario.Builder{}
	_, err = b.Build(deal(&b, nil, []scenario.PayerCap{{Payer: "fund", CapTotal: b.Value(1)}}))
	require.ErrorIs(t, err, scenario.ErrUnknown)
	assert.EqualError(t, err, "PayerCaps[0]: payer: sib: unknown name: fund pays no term, in payments.csv or payers.csv (payers: a)")

	b = scenario.Builder{}
	s, err := b.Build(deal(&b, []scenario.CoPayer{{Term: 0, Payer: "fund", Share: b.Value(0.2)}}, []scenario.PayerCap{{Payer: "fund", CapTotal: b.Value(1000)}}))
	require.NoError(t, err)
	id := mustParam(t, s, "payer.t.fund.share")
	assert.Equal(t, "CoPayers[0].share", s.At(id).Source)
	assert.Equal(t, 1000.0, s.At(mustParam(t, s, "payer.fund.cap_total")).Value)
}

// buildPayers is cmd/sib/testdata/scenario-ok-payers written in Go: two
// rate cards, t1 paid by a council and t2 by a borough, each topped up by
// a central fund (lcf: 20% of t1, 25% of t2), the fund's payments capped
// at 20000 over the deal and the council's at 30000 a year.
func buildPayers(t *testing.T) *scenario.Scenario {
	t.Helper()
	var b scenario.Builder
	v := b.Value
	s, err := b.Build(scenario.Scenario{
		Settings: scenario.Settings{Name: "co-commissioned", Start: date("2026-01-01"), Months: scenario.Year, Periods: 4, Currency: "EUR", PriceBase: 2026,
			Inflation: v(0), Discount: v(0), Hurdle: v(0)},
		Cohorts:  []scenario.Cohort{{Name: "a", Entry: date("2026-01-01"), Size: v(100), TakeUp: v(1)}},
		Metrics:  []scenario.Metric{{Name: "m", Per: scenario.PerYear, From: 1, To: 2, Effect: v(0.5)}},
		Services: []scenario.Service{{Name: "s", UnitCost: v(1000), Lines: scenario.ServiceLines("council", v(0.6), 0)}},
		Avoids:   []scenario.Avoid{{Metric: 0, Service: 0, Units: v(2)}},
		Terms: []scenario.Term{
			{Name: "t1", Metric: 0, Payer: "council", Basis: scenario.Outcomes, Price: v(800), CapPeriod: v(39000), Lag: 1},
			{Name: "t2", Metric: 0, Payer: "borough", Basis: scenario.Outcomes, Price: v(200.0106), Lag: 1},
		},
		CoPayers:  []scenario.CoPayer{{Term: 0, Payer: "lcf", Share: v(0.2)}, {Term: 1, Payer: "lcf", Share: v(0.25)}},
		PayerCaps: []scenario.PayerCap{{Payer: "lcf", CapTotal: v(20000)}, {Payer: "council", CapPeriod: v(30000)}},
		Delivery:  []scenario.CostItem{{Name: "d", Party: "provider", Basis: scenario.PerPeriod, Amount: v(30000), From: 1, To: 2}},
		Tranches:  []scenario.Tranche{{Name: "senior", Investor: "inv", Priority: 1, Commitment: v(100000), Coupon: v(0.10)}},
	})
	require.NoError(t, err)
	return s
}

// TestPayersBuilderMatchesLoad: the fixture built in Go has the same
// parameters, structure and Run result as the folder.
func TestPayersBuilderMatchesLoad(t *testing.T) {
	loaded, err := scenario.Load("../cmd/sib/testdata/scenario-ok-payers")
	require.NoError(t, err)
	built := buildPayers(t)
	require.Len(t, built.Params, len(loaded.Params))
	for _, p := range loaded.Params {
		id, ok := built.Param(p.Name)
		if assert.True(t, ok, p.Name) {
			q := built.At(id)
			assert.Equal(t, [3]float64{p.Value, p.Min, p.Max}, [3]float64{q.Value, q.Min, q.Max}, p.Name)
		}
	}
	if d := sameDeal(loaded, built); d != "" {
		t.Error(d)
	}
	want, got := run(t, loaded), run(t, built)
	want.Scenario, got.Scenario = nil, nil
	if d := firstDiff(reflect.ValueOf(want), reflect.ValueOf(got), "Result"); d != "" {
		t.Error(d)
	}
	assert.Len(t, got.Payments, 8, "a row a payer of each term in years 2 and 3")
}
