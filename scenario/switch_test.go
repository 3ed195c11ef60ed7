package scenario_test

import (
	"testing"
	"time"

	"github.com/sib-engine/sib/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The share switch when paid (issue 14, item 12): the switch column of
// payments.csv, read and refused, positioned at the cell.
func TestSwitchLoad(t *testing.T) {
	const head = "term,metric,payer,basis,price,share,share_after,interest,participant_cap,switch,lag\n"
	for _, c := range []struct {
		cell string
		want scenario.Switch
	}{{"", scenario.SwitchWhenPaid}, {"when_earned", scenario.SwitchWhenEarned}, {"when_paid", scenario.SwitchWhenPaid}, {"When_Paid", scenario.SwitchWhenPaid}} {
		s, _, err := loadWith(t, map[string]string{scenario.PaymentsFile: head + "s,reconvictions,justice,savings,,0.95,0.4,0.05,," + c.cell + ",1\n"})
		require.NoError(t, err, c.cell)
		assert.Equal(t, c.want, s.Terms[0].Switch, "switch %q", c.cell)
	}
	assert.Equal(t, "when_paid", scenario.SwitchWhenPaid.String())
	assert.Equal(t, "when_earned", scenario.SwitchWhenEarned.String())
}

func TestSwitchRefused(t *testing.T) {
	const head = "term,metric,payer,basis,price,share,share_after,interest,participant_cap,switch,lag\n"
	for _, c := range []struct {
		name, row, want string
		is              error
	}{
		{"unknown word", "s,reconvictions,justice,savings,,0.95,0.4,0.05,,on_payment,1\n",
			"payments.csv:2:10: switch: invalid input \"on_payment\": expected when_paid (the share in force when a payment is made: the first payment after investors are repaid is at share_after) or when_earned (the share in force when the saving is earned)", scenario.ErrInput},
		{"without share_after", "s,reconvictions,justice,savings,,0.95,,,,when_paid,1\n",
			"payments.csv:2:10: switch: invalid input: switch says when the share switches to share_after, which is empty: give share_after and interest, or leave switch empty", scenario.ErrInput},
		{"when_earned without share_after", "s,reconvictions,justice,savings,,0.95,,,,when_earned,1\n",
			"payments.csv:2:10: switch: invalid input: switch says when the share switches to share_after, which is empty: give share_after and interest, or leave switch empty", scenario.ErrInput},
		{"on an outcomes term", "r,reconvictions,justice,outcomes,4000,,,,,when_paid,1\n",
			"payments.csv:2:10: switch: invalid input: switch is for basis savings; this term's basis is outcomes", scenario.ErrInput},
		{"with a participant cap", "s,reconvictions,justice,savings,,0.95,0.4,0.05,6000,when_paid,1\n",
			"payments.csv:2:9: participant_cap: invalid input: a cap per participant limits what a cohort is paid, and with switch when_paid the share is known only at the payment, for the cohorts together: use cap_total or cap_period, or switch when_earned", scenario.ErrInput},
	} {
		_, dir, err := loadWith(t, map[string]string{scenario.PaymentsFile: head + c.row})
		if !assert.Error(t, err, c.name) {
			continue
		}
		assert.Equal(t, c.want, rel(err, dir), c.name)
		assert.ErrorIs(t, err, c.is, c.name)
	}
	// A participant cap with the switch when earned is still a term's.
	_, _, err := loadWith(t, map[string]string{scenario.PaymentsFile: head + "s,reconvictions,justice,savings,,0.95,0.4,0.05,6000,when_earned,1\n"})
	assert.NoError(t, err)
}

// TestSwitchBuilderRefuses: Build checks the same rules, positioned in
// the literal.
func TestSwitchBuilderRefuses(t *testing.T) {
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
	for _, c := range []struct {
		name string
		term func(b *scenario.Builder) scenario.Term
		want string
	}{
		{"without share_after", func(b *scenario.Builder) scenario.Term {
			return scenario.Term{Name: "t", Payer: "a", Basis: scenario.Savings, Share: b.Value(0.95), Switch: scenario.SwitchWhenPaid}
		}, "Terms[0]: switch: sib: invalid input: switch says when the share switches to share_after, which is empty: give share_after and interest, or leave switch empty"},
		{"on an outcomes term", func(b *scenario.Builder) scenario.Term {
			return scenario.Term{Name: "t", Payer: "a", Basis: scenario.Outcomes, Price: b.Value(1000), Switch: scenario.SwitchWhenPaid}
		}, "Terms[0]: switch: sib: invalid input: switch is for basis savings; this term's basis is outcomes"},
		{"with a participant cap", func(b *scenario.Builder) scenario.Term {
			return scenario.Term{Name: "t", Payer: "a", Basis: scenario.Savings, Share: b.Value(0.95), ShareAfter: b.Value(0.4), Interest: b.Value(0.05),
				ParticipantCap: b.Value(6000), Switch: scenario.SwitchWhenPaid}
		}, "Terms[0]: participant_cap: sib: invalid input: a cap per participant limits what a cohort is paid, and with switch when_paid the share is known only at the payment, for the cohorts together: use cap_total or cap_period, or switch when_earned"},
		{"unknown switch", func(b *scenario.Builder) scenario.Term {
			return scenario.Term{Name: "t", Payer: "a", Basis: scenario.Savings, Share: b.Value(0.95), ShareAfter: b.Value(0.4), Interest: b.Value(0.05), Switch: 7}
		}, "Terms[0]: switch: sib: invalid input: switch 7: expected SwitchWhenEarned or SwitchWhenPaid"},
	} {
		var b scenario.Builder
		_, err := b.Build(deal(&b, c.term(&b)))
		require.ErrorIs(t, err, scenario.ErrInput, c.name)
		assert.EqualError(t, err, c.want, c.name)
	}
}
