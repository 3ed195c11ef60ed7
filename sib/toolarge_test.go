package sib

import (
	"math"
	"strings"
	"testing"

	"github.com/sib-engine/sib/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTooLargeNamesInputs: an amount too large for the ledger names the
// amount and the parameters behind it, with the file, line and column
// each was read from (issue 12, defect 9: the message named nothing).
func TestTooLargeNamesInputs(t *testing.T) {
	for _, c := range []struct {
		name  string
		repl  map[string]string
		set   map[string]float64 // values changed in the vector after loading
		parts []string           // in the message; FILE: the scenario's folder
	}{
		{name: "commitment", set: map[string]float64{"tranche.senior.commitment": 2e13},
			parts: []string{"(over 10 trillion): tranche.senior.commitment = 2e+13 (FILE/capital.csv:2:4)"}},
		{name: "price", repl: map[string]string{scenario.PaymentsFile: "term,metric,payer,basis,price,lag\nt,m,pay,outcomes,1000000000000,1\n"},
			// 100 participants × 0.5 a year × 1e12 = 5e13 in period 2.
			parts: []string{"the payment of term t released in period 2 would be 5e+13",
				"term.t.price = 1e+12 (FILE/payments.csv:2:5)", "outcome.m.effect = 0.5 (FILE/metrics.csv:2:5)", "cohort.a.size = 100 (FILE/cohorts.csv:2:3)"}},
		{name: "delivery", repl: map[string]string{scenario.DeliveryFile: "item,party,basis,amount,from,to\nd,provider,per_participant,200000000000,1,1\n"},
			// 100 participants × 2e11 = 2e13 in period 1.
			parts: []string{"delivery cost d in period 1 would be 2e+13", "delivery.d.amount = 2e+11 (FILE/delivery.csv:2:4)", "cohort.a.size = 100 (FILE/cohorts.csv:2:3)"}},
		{name: "coupon", set: map[string]float64{"tranche.senior.coupon": 1e9},
			parts: []string{"the target return of tranche senior accrued in period 2", "tranche.senior.coupon = 1e+09 (FILE/capital.csv:2:5)"}},
		{name: "unit cost", set: map[string]float64{"cost.s.unit_cost": 1e12},
			// 50 outcomes × 2 units × 1e12 × 0.6 = 6e13 cashable, 1e14 gross.
			parts: []string{"the gross saving of agency ag in period 1 would be 1e+14, from service s", "cost.s.unit_cost = 1e+12 (FILE/services.csv:2:3)", "avoid.m.s.units = 2 (FILE/avoided.csv:2:3)"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := writeScenario(t, handFiles, c.repl)
			s, m := loadDir(t, dir)
			p := s.Values()
			for name, v := range c.set {
				p[index(t, s, name)] = v
			}
			_, errRun := m.Run(p)
			_, errEval := m.Evaluate(p, m.NewWork())
			for _, err := range []error{errRun, errEval} {
				require.ErrorIs(t, err, ErrTooLarge)
				for _, part := range c.parts {
					assert.Contains(t, err.Error(), strings.ReplaceAll(part, "FILE", dir))
				}
			}
		})
	}
}

// TestTooLargeTinyStep: a step size so small that the cashable saving
// overflows is named (see TestTinyStepRefused).
func TestTooLargeTinyStep(t *testing.T) {
	s, m := loadDir(t, "../testdata/preschool/scenario")
	p := s.Values()
	p[index(t, s, "cost.grade_repetition_year.step_size")] = math.SmallestNonzeroFloat64
	_, err := m.Run(p)
	require.ErrorIs(t, err, ErrTooLarge)
	_, errEval := m.Evaluate(p, m.NewWork())
	assert.Equal(t, err, errEval, "both paths refuse it alike")
	assert.Contains(t, err.Error(), "cashable saving")
	assert.Contains(t, err.Error(), "cost.grade_repetition_year.step_size = 5e-324 (../testdata/preschool/scenario/services.csv:")
}
