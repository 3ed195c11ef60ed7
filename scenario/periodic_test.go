package scenario_test

import (
	"testing"
	"time"

	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Terms measured every period or year, and the costs basis (issue 14,
// items 11 and 13b): what the loader refuses, positioned at the cell.
func TestPeriodicRefused(t *testing.T) {
	const head = "term,metric,payer,basis,price,share,threshold,pooled_threshold,participant_cap,claims,schedule,measure,from,to,lag\n"
	pay := func(row string) map[string]string { return map[string]string{scenario.PaymentsFile: head + row} }
	for _, c := range []struct {
		name  string
		files map[string]string
		want  string
		is    error
	}{
		{"measure unknown", pay("r,reconvictions,justice,outcomes,4000,,,,,,,annual,,,1\n"),
			"payments.csv:2:12: measure: invalid input \"annual\": expected cohort (each cohort's effect over its window), period or year (the measured rate of all cohorts in each period or year of the deal)", scenario.ErrInput},
		{"from on a cohort term", pay("r,reconvictions,justice,outcomes,4000,,,,,,,,3,,1\n"),
			"payments.csv:2:13: from: invalid input: from bounds the periods a periodic term (measure period or year) measures and pays for; this term is measured by cohort, over each cohort's window", scenario.ErrInput},
		{"to on a cohort term", pay("r,reconvictions,justice,outcomes,4000,,,,,,,cohort,,3,1\n"),
			"payments.csv:2:14: to: invalid input: to bounds the periods a periodic term (measure period or year) measures and pays for; this term is measured by cohort, over each cohort's window", scenario.ErrInput},
		{"to past the horizon", pay("r,reconvictions,justice,outcomes,4000,,,,,,,year,1,13,1\n"),
			"payments.csv:2:14: to: value out of range: 13 is outside [1, 12] (the last period the term measures and pays for)", scenario.ErrRange},
		{"from not a number", pay("r,reconvictions,justice,outcomes,4000,,,,,,,year,one,,1\n"),
			"payments.csv:2:13: from: invalid number \"one\": expected the first period the term measures and pays for, a whole number", csvio.ErrNumber},
		{"to before from", pay("r,reconvictions,justice,outcomes,4000,,,,,,,year,8,4,1\n"),
			"payments.csv:2:14: to: out of order: period 4 is before the first period 8", scenario.ErrOrder},
		{"pooled test on a yearly term", pay("r,reconvictions,justice,outcomes,4000,,0.05,0.05,,,,year,,,1\n"),
			"payments.csv:2:8: pooled_threshold: invalid input: a term measured every year tests each year's measure against threshold; there is no pooled test", scenario.ErrInput},
		{"participant cap on a yearly term", pay("r,reconvictions,justice,outcomes,4000,,,,6000,,,year,,,1\n"),
			"payments.csv:2:9: participant_cap: invalid input: a term measured every year pays on all cohorts together, not per participant: use cap_period or cap_total", scenario.ErrInput},
		{"claims once on a period term", pay("r,reconvictions,justice,outcomes,4000,,,,,once,,period,,,1\n"),
			"payments.csv:2:10: claims: invalid input: a term measured every period pays on all cohorts together, with no participant to count once", scenario.ErrInput},
		{"costs by cohort", pay("c,reconvictions,justice,costs,,0.4,,,,,,cohort,,,1\n"),
			"payments.csv:2:12: measure: invalid input: a costs term pays each period's delivery costs: measure period or year, not cohort", scenario.ErrInput},
		{"costs without a share", pay("c,reconvictions,justice,costs,,,,,,,,,,,1\n"),
			"payments.csv:2:6: share: empty value: expected the share of the delivery costs repaid", csvio.ErrEmpty},
		{"costs share above 1", pay("c,reconvictions,justice,costs,,1.5,,,,,,,,,1\n"),
			"payments.csv:2:6: share: value out of range: 1.5 is not a share between 0 and 1 (the share of the delivery costs repaid)", scenario.ErrRange},
		{"price on a costs term", pay("c,reconvictions,justice,costs,4000,0.4,,,,,,,,,1\n"),
			"payments.csv:2:5: price: invalid input: price is for basis outcomes; this term's basis is costs", scenario.ErrInput},
		{"schedule on a costs term", pay("c,reconvictions,justice,costs,,0.4,,,,,jobs,,,,1\n"),
			"payments.csv:2:11: schedule: invalid input: a schedule is for basis tiered", scenario.ErrInput},
	} {
		_, dir, err := loadWith(t, c.files)
		if !assert.Error(t, err, c.name) {
			continue
		}
		assert.Equal(t, c.want, rel(err, dir), c.name)
		assert.ErrorIs(t, err, c.is, c.name)
	}
}

// TestPeriodicBuilderRefuses: Build checks the same rules, positioned in
// the literal, and gives a costs term its measure and a periodic term its
// periods.
func TestPeriodicBuilderRefuses(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	deal := func(b *scenario.Builder, tm scenario.Term) scenario.Scenario {
		return scenario.Scenario{
			Settings: scenario.Settings{Start: start, Months: scenario.Year, Periods: 6, PriceBase: 2026},
			Cohorts:  []scenario.Cohort{{Name: "c1", Entry: start, Size: b.Value(100)}},
			Metrics:  []scenario.Metric{{Name: "m", To: 3, Effect: b.Value(0.05)}},
			Services: []scenario.Service{{Name: "s", UnitCost: b.Value(1000), Lines: scenario.ServiceLines("a", 0, 0)}},
			Avoids:   []scenario.Avoid{{Metric: 0, Service: 0, Units: b.Value(1)}},
			Terms:    []scenario.Term{tm},
			Delivery: []scenario.CostItem{{Name: "d", Party: "p", Basis: scenario.Upfront, Amount: b.Value(1)}},
			Tranches: []scenario.Tranche{{Name: "s", Investor: "i", Priority: 1, Commitment: b.Value(1)}},
		}
	}
	var b scenario.Builder
	_, err := b.Build(deal(&b, scenario.Term{Name: "t", Metric: 0, Payer: "a", Basis: scenario.Outcomes, Price: b.Value(1000), Measure: scenario.MeasureYear, From: 5, To: 2}))
	require.ErrorIs(t, err, scenario.ErrOrder)
	assert.EqualError(t, err, "Terms[0]: to: sib: out of order: period 2 is before the first period 5")

	var b2 scenario.Builder
	_, err = b2.Build(deal(&b2, scenario.Term{Name: "t", Metric: 0, Payer: "a", Basis: scenario.Outcomes, Price: b2.Value(1000), From: 2}))
	require.ErrorIs(t, err, scenario.ErrInput)
	assert.EqualError(t, err, "Terms[0]: from: sib: invalid input: from bounds the periods a periodic term (measure period or year) measures and pays for; this term is measured by cohort, over each cohort's window")

	var b3 scenario.Builder
	s, err := b3.Build(deal(&b3, scenario.Term{Name: "c", Metric: 0, Payer: "a", Basis: scenario.Costs, Share: b3.Value(0.4)}))
	require.NoError(t, err)
	assert.Equal(t, scenario.MeasurePeriod, s.Terms[0].Measure)
	assert.Equal(t, [2]int{1, 6}, [2]int{s.Terms[0].From, s.Terms[0].To})
	i, ok := s.Param("term.c.share")
	require.True(t, ok)
	assert.Equal(t, "the share of the delivery costs repaid", s.At(i).Doc)
}
