package scenario_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/scenario"
)

func TestLoadActuals(t *testing.T) {
	s, _, err := loadWith(t, map[string]string{scenario.ActualsFile: "period,term,amount,from,to\n1,reconv,1200.50,2026-01-01,2026-03-31\n2,reconv,0,,\n3,jobs,800,2026-07-01,\n"})
	require.NoError(t, err)
	assert.Equal(t, []scenario.Actual{{Term: 0, Period: 1, Cents: 120050, Line: 2}, {Term: 0, Period: 2, Cents: 0, Line: 3}, {Term: 2, Period: 3, Cents: 80000, Line: 4}}, s.Actuals)
	assert.Equal(t, 3, s.ActualsThrough())
	assert.Equal(t, []bool{true, false, true}, s.ActualTerms())
	s.Actuals = nil
	assert.Equal(t, 0, s.ActualsThrough())
}

// TestLoadActualsBad: the refusals of actuals.csv, each at its cell.
func TestLoadActualsBad(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"unknown term", "period,term,amount\n1,reconv,10\n2,jobz,10\n",
			`actuals.csv:3:2: term: unknown name: term "jobz" is not in payments.csv (terms: reconv, saving, jobs)`},
		{"period beyond the horizon", "period,term,amount\n13,reconv,10\n",
			"actuals.csv:2:1: period: value out of range: 13 is outside [1, 12] (the period of the payment, within the horizon)"},
		{"period zero", "period,term,amount\n0,reconv,10\n",
			"actuals.csv:2:1: period: value out of range: 0 is outside [1, 12] (the period of the payment, within the horizon)"},
		{"negative amount", "period,term,amount\n1,reconv,-10\n",
			"actuals.csv:2:3: amount: negative value -10: expected zero or more"},
		{"three decimals", "period,term,amount\n1,reconv,10.005\n",
			"actuals.csv:2:3: amount: "},
		{"given twice", "period,term,amount\n1,reconv,10\n1,reconv,20\n",
			"actuals.csv:3:2: term: invalid input: term reconv's payment in period 1 is given twice (also line 2)"},
		{"periods not the scenario's", "period,term,amount,from\n2,reconv,10,2026-02-01\n",
			"actuals.csv:2:4: from: invalid input: period 2 of the scenario runs from 2026-04-01 to 2026-06-30, not 2026-02-01: the claims contract's periods are not the scenario's (give the scenario the contract's start and period)"},
		{"empty term", "period,term,amount\n1,,10\n",
			"actuals.csv:2:2: term: empty value: expected the term the payment was made under"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, dir, err := loadWith(t, map[string]string{scenario.ActualsFile: tc.body})
			require.Error(t, err)
			assert.Contains(t, rel(err, dir), tc.want)
			var ie *csvio.Error
			assert.ErrorAs(t, err, &ie)
		})
	}
}

// TestCheckActuals: actuals built in code are checked by CheckActuals
// (sib.Compile calls it).
func TestCheckActuals(t *testing.T) {
	s, _, err := loadWith(t, nil)
	require.NoError(t, err)
	for _, tc := range []struct {
		a    scenario.Actual
		want string
	}{
		{scenario.Actual{Term: 3, Period: 1}, "term 3 is not in the scenario"},
		{scenario.Actual{Term: 0, Period: 13}, "period 13 is outside the horizon (1-12)"},
		{scenario.Actual{Term: 0, Period: 1, Cents: -1}, "below zero"},
	} {
		s.Actuals = []scenario.Actual{tc.a}
		assert.ErrorContains(t, s.CheckActuals(), tc.want)
	}
	s.Actuals = []scenario.Actual{{Term: 0, Period: 1}, {Term: 0, Period: 1}}
	assert.ErrorContains(t, s.CheckActuals(), "given twice")
	s.Actuals = []scenario.Actual{{Term: 0, Period: 1}, {Term: 1, Period: 1, Cents: 5}}
	assert.NoError(t, s.CheckActuals())
}
