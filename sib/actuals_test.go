package sib

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// actualsDir is the cap group fixture (scenario-ok-capgroup) with two
// periods of actuals: job entries and sustained jobs paid 36,000.00 and
// 2,500.50 in year 2 (nothing in year 1); qualifications have none.
const actualsDir = "../cmd/sib/testdata/scenario-ok-actuals"

// TestActualsHand: the actual payments replace the modelled ones of their
// terms up to the last actual period, and the model pays after it.
//
// Modelled (docs/scenario.md, "Cap groups"): entry 40,000 and
// qualification 20,000 in year 2 (lag 1 after year 1), sustained 15,000
// in year 3. With actuals through year 2 for entry and sustained:
//
//	year 2: entry 36,000.00 (actual), qualification 20,000.00 (modelled:
//	        no actuals), sustained 2,500.50 (actual, early claims the
//	        model puts in year 3)
//	year 3: sustained 15,000.00 (modelled: after the actuals)
//
// Received: 58,500.50 in year 2 and 15,000.00 in year 3, 73,500.50 in
// all; the investors drew 60,000.00, so their NPV at 0% is 13,500.50.
func TestActualsHand(t *testing.T) {
	s, m := loadDir(t, actualsDir)
	res, err := m.Run(s.Values())
	require.NoError(t, err)
	got := map[[2]any]string{}
	for _, r := range res.Payments {
		got[[2]any{r.Term, r.Period}] = r.Paid.StringFixed(2) + "/" + r.Due.StringFixed(2)
	}
	assert.Equal(t, map[[2]any]string{
		{"entry", 2}:         "36000.00/36000.00",
		{"qualification", 2}: "20000.00/20000.00",
		{"sustained", 2}:     "2500.50/2500.50",
		{"sustained", 3}:     "15000.00/15000.00",
	}, got)
	assert.Equal(t, 73500.50, res.Outputs.Payments)
	assert.InDelta(t, 13500.50, res.Outputs.Investors.NPV, 1e-9)
	// The float path agrees.
	o, err := m.Evaluate(s.Values(), m.NewWork())
	require.NoError(t, err)
	assert.InDelta(t, 73500.50, o.Payments, 1e-9)
	assert.InDelta(t, 13500.50, o.Investors.NPV, 1e-9)

	// Without actuals the model pays 75,000.00.
	s.Actuals = nil
	m2, err := Compile(s)
	require.NoError(t, err)
	o, err = m2.Evaluate(s.Values(), m2.NewWork())
	require.NoError(t, err)
	assert.InDelta(t, 75000.0, o.Payments, 1e-9)
}

// TestActualsUncut: actual payments are facts: no cap cuts them (a
// payer's period cap below them, the deal's total cap), and they count
// against the caps first (testdata/agreement-actuals).
func TestActualsUncut(t *testing.T) {
	s, m := loadDir(t, "testdata/agreement-actuals")
	res, err := m.Run(s.Values())
	require.NoError(t, err)
	byPeriod := map[int]float64{}
	parts := map[string]string{}
	for _, r := range res.Payments {
		f, _ := r.Paid.Float64()
		byPeriod[r.Period] += f
		if r.Period == 2 {
			parts[r.Term+"/"+r.Payer] = r.Paid.StringFixed(2)
		}
	}
	// t1's 50,000.00 splits 80/20 (council pays what lcf's 20% leaves),
	// council's 40,000.00 over its cap of 30,000.00 a period; t2's
	// 12,345.67 splits 75/25, 3,086.42 to lcf (largest remainder).
	assert.Equal(t, map[string]string{"t1/council": "40000.00", "t1/lcf": "10000.00", "t2/borough": "9259.25", "t2/lcf": "3086.42"}, parts)
	// The deal's cap of 90,000.00 leaves 27,654.33 for year 3.
	assert.InDelta(t, 62345.67, byPeriod[2], 1e-6)
	assert.InDelta(t, 27654.33, byPeriod[3], 1e-6)
}

// Actuals cost nothing per evaluation: Evaluate does not allocate.
func TestActualsEvaluateDoesNotAllocate(t *testing.T) {
	s, m := loadDir(t, actualsDir)
	w := m.NewWork()
	p := s.Values()
	if n := testing.AllocsPerRun(20, func() { m.Evaluate(p, w) }); n != 0 {
		t.Errorf("Evaluate allocates %v times a call", n)
	}
}
