package scenario_test

import (
	"testing"
	"time"

	"github.com/sib-engine/sib/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// buildAppraisal builds a small deal with the appraisal's inputs.
func buildAppraisal(t *testing.T, values []scenario.Value, comm []scenario.CommissionerCost, grades []scenario.Grade) (*scenario.Scenario, error) {
	t.Helper()
	var b scenario.Builder
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range values {
		values[i].Value = b.Value(float64(100 * (i + 1)))
	}
	for i := range comm {
		comm[i].Amount = b.Value(1000)
	}
	return b.Build(scenario.Scenario{
		Settings:          scenario.Settings{Start: start, Months: scenario.Year, Periods: 2, PriceBase: 2026, Discount: b.Value(0.035)},
		Grades:            grades,
		Cohorts:           []scenario.Cohort{{Name: "c1", Entry: start, Size: b.Value(100)}},
		Metrics:           []scenario.Metric{{Name: "m", To: 2, Effect: b.Value(0.5)}},
		Services:          []scenario.Service{{Name: "s", UnitCost: b.Value(1000), Lines: []scenario.Line{{Agency: "ag", Weight: 1}}}},
		Avoids:            []scenario.Avoid{{Metric: 0, Service: 0, Units: b.Value(1), Confidence: "3"}},
		Benefits:          values,
		Terms:             []scenario.Term{{Name: "t", Metric: 0, Payer: "pay", Basis: scenario.Outcomes, Price: b.Value(500)}},
		Delivery:          []scenario.CostItem{{Name: "d", Party: "provider", Basis: scenario.PerPeriod, Amount: b.Value(1000)}},
		CommissionerCosts: comm,
		Tranches:          []scenario.Tranche{{Name: "senior", Investor: "inv", Priority: 1, Commitment: b.Value(10000)}},
	})
}

// TestBuildAppraisal: Build names the values and commissioner's costs as
// Load does, and resolves grades into adjustments (default GMCA grades:
// 3 → 10%, 5 → 25%).
func TestBuildAppraisal(t *testing.T) {
	s, err := buildAppraisal(t,
		[]scenario.Value{{Metric: 0, Category: scenario.Social, Beneficiary: "victims", Confidence: "5"}, {Metric: 0, Category: scenario.Economic, Beneficiary: "participant", Adjustment: 0.2}},
		[]scenario.CommissionerCost{{Name: "management", Payer: "pay", Basis: scenario.PerPeriod}}, nil)
	require.NoError(t, err)
	for name, want := range map[string]float64{
		"value.m.social.victims.value":       100,
		"value.m.economic.participant.value": 200,
		"commissioner.management.amount":     1000,
	} {
		id, ok := s.Param(name)
		require.True(t, ok, name)
		assert.Equal(t, want, s.At(id).Value, name)
	}
	assert.Equal(t, 0.25, s.Benefits[0].Adjustment)
	assert.Equal(t, 0.2, s.Benefits[1].Adjustment)
	assert.Equal(t, 0.1, s.Avoids[0].Adjustment)
	assert.Equal(t, 2, s.CommissionerCosts[0].To, "the horizon by default")
}

func TestBuildAppraisalErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		values []scenario.Value
		comm   []scenario.CommissionerCost
		grades []scenario.Grade
		want   string
	}{
		{"unknown grade", []scenario.Value{{Metric: 0, Category: scenario.Social, Beneficiary: "v", Confidence: "9"}}, nil, nil,
			`Benefits[0]: confidence: sib: unknown name: grade "9" is not in the confidence grades (1, 2, 3, 4, 5, 6)`},
		{"grade and adjustment", []scenario.Value{{Metric: 0, Category: scenario.Social, Beneficiary: "v", Confidence: "2", Adjustment: 0.1}}, nil, nil,
			"Benefits[0]: adjustment: sib: invalid input: give a confidence grade or a direct adjustment, not both"},
		{"value twice", []scenario.Value{{Metric: 0, Category: scenario.Social, Beneficiary: "v"}, {Metric: 0, Category: scenario.Social, Beneficiary: "v"}}, nil, nil,
			"Benefits[1]: beneficiary: sib: invalid input: m's social value to v is given twice (also Benefits[0])"},
		{"no category", []scenario.Value{{Metric: 0, Beneficiary: "v"}}, nil, nil,
			"Benefits[0]: category: sib: invalid input: category 0: expected economic or social (fiscal values are avoided.csv's savings)"},
		{"share basis", nil, []scenario.CommissionerCost{{Name: "x", Payer: "pay", Basis: scenario.ShareOfPayments}}, nil,
			"CommissionerCosts[0]: basis: sib: invalid input: basis 5: expected per_participant, per_participant_period, per_period or upfront"},
		{"own grades", nil, nil, []scenario.Grade{{Name: "high", Adjustment: 0}},
			`Avoids[0]: confidence: sib: unknown name: grade "3" is not in the confidence grades (high)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := buildAppraisal(t, tc.values, tc.comm, tc.grades)
			require.Error(t, err)
			assert.Equal(t, tc.want, err.Error())
		})
	}
}

// TestDefaultGrades: the embedded GMCA grades, 0% to 40%.
func TestDefaultGrades(t *testing.T) {
	var got []float64
	for _, g := range scenario.DefaultGrades() {
		got = append(got, g.Adjustment)
	}
	assert.Equal(t, []float64{0, 0.05, 0.1, 0.15, 0.25, 0.4}, got)
}
