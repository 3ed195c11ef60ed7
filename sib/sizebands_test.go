package sib

import (
	"fmt"
	"testing"

	"github.com/sib-engine/sib/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Thresholds that scale with cohort size (issue 17, item 6), worked out by
// hand on cmd/sib/testdata/scenario-ok-sizebands: schedule bands is
// (100, 20%), (500, 10%), (2000, 5%) of the baseline 0.5, for the cohort
// test and the pooled test of a rate card paying 1000 an event avoided,
// a year late.
//
// Cohort a: 150 × take-up 0.8 = 120 participants, effect 0.09 (18%), in
// year 1. Its threshold: 20% + (120 − 100) / (500 − 100) × (10% − 20%) =
// 20% − 0.5% = 19.5%: 18% fails, 120 × 0.09 × 1000 = 10800 held.
// Cohort b: 500 participants, effect 0.06 (12%), in year 2: threshold 10%
// (a point), passes: 30000 paid in year 3.
// Pooled, in year 2: 620 participants, 10% + 120 / 1500 × (5% − 10%) =
// 9.6%; (120 × 0.09 + 500 × 0.06) / (620 × 0.5) = 40.8 / 310 = 13.16%:
// passes and releases a's 10800, paid in year 3: 40800 in year 3.
// With a pooled threshold of 14% (a number), a's 10800 is never paid.
// With a's take-up drawn: at 0.8 of 250 (200 participants) a's threshold is
// 20% − 100 / 400 × 10% = 17.5%, and 18% passes: 18000 paid in year 2;
// at 0.6 (150 participants) it is 20% − 50 / 400 × 10% = 18.75%, and 18%
// fails; the pooled test at 650 participants, 10% − 150 / 1500 × 5% =
// 9.5%, (13.5 + 30) / 325 = 13.38%, releases a's 13500 with b's 30000 in
// year 3.
func TestSizeBands(t *testing.T) {
	files := fixtureFiles(t, "scenario-ok-sizebands")
	const head = "term,metric,payer,basis,price,threshold,pooled_threshold,threshold_of,boundary,lag\n"
	for _, c := range []struct {
		name   string
		repl   map[string]string
		takeUp float64 // cohort a's take-up when not 0
		want   map[int]string
		held   string
	}{
		{"cohort and pooled tests by size", nil, 0, map[int]string{3: "40800"}, ""},
		{"pooled threshold a number", map[string]string{scenario.PaymentsFile: head + "t,m,pay,outcomes,1000,bands,0.14,baseline,at_least,1\n"}, 0,
			map[int]string{3: "30000"}, "term t: 10800.00 earned but held back by unmet thresholds is not paid"},
		{"a larger cohort passes its own test", map[string]string{scenario.CohortsFile: "cohort,entry,size,take_up\na,2026-01-01,250,0.8\nb,2027-01-01,500,1\n"}, 0,
			map[int]string{2: "18000", 3: "30000"}, ""},
		{"take-up drawn lower: the threshold rises", map[string]string{scenario.CohortsFile: "cohort,entry,size,take_up\na,2026-01-01,250,0.8\nb,2027-01-01,500,1\n"}, 0.6,
			map[int]string{3: "43500"}, ""},
	} {
		s, m := load(t, files, c.repl)
		if c.takeUp != 0 {
			id, ok := s.Param("cohort.a.take_up")
			require.True(t, ok)
			require.NoError(t, s.Set("cohort.a.take_up", c.takeUp))
			assert.InDelta(t, c.takeUp, s.At(id).Value, 0)
		}
		got, r := paidByPeriod(t, s, m)
		assertPaid(t, c.name, c.want, got["t"])
		if c.held == "" {
			assert.Empty(t, r.Warnings, c.name)
		} else {
			assert.Contains(t, r.Warnings, c.held, c.name)
		}
	}
}

// TestSizeBandsThresholds reads the engine's thresholds for the fixture's
// cohorts and pool (see TestSizeBands for the hand values).
func TestSizeBandsThresholds(t *testing.T) {
	s, m := load(t, fixtureFiles(t, "scenario-ok-sizebands"), nil)
	p := byID(nil).fill(s.Values())
	pr := &projection{n: []float64{120, 500}}
	tm := &s.Terms[0]
	assert.InDelta(t, 0.195, m.cohortThreshold(p, pr, tm, 0), 1e-15)
	assert.InDelta(t, 0.10, m.cohortThreshold(p, pr, tm, 1), 0)
	assert.InDelta(t, 0.096, m.pooledThreshold(p, pr, tm), 1e-15)
	pr.n = []float64{0, 3000} // a cohort that never entered, and one above the floor
	assert.InDelta(t, 0.20, m.cohortThreshold(p, pr, tm, 0), 0)
	assert.InDelta(t, 0.05, m.cohortThreshold(p, pr, tm, 1), 0)
	assert.InDelta(t, 0.05, m.pooledThreshold(p, pr, tm), 0)
}

// TestSizeBandsAgree: the float path (Evaluate) and the ledger (Run) pay
// the same as cohort a's take-up sweeps its threshold across its effect
// (the discount rate is 0: the payments' PV is their sum).
func TestSizeBandsAgree(t *testing.T) {
	s, m := load(t, fixtureFiles(t, "scenario-ok-sizebands"), nil)
	id, ok := s.Param("cohort.a.take_up")
	require.True(t, ok)
	w := m.NewWork()
	for i := 30; i <= 100; i++ {
		p := s.Values()
		p[id-1] = float64(i) / 100
		out, err := m.Evaluate(p, w)
		require.NoError(t, err)
		r, err := m.Run(p)
		require.NoError(t, err)
		var paid float64
		for _, x := range r.Payments {
			paid += x.Paid.InexactFloat64()
		}
		assert.InDelta(t, paid, out.PaymentsPV, 0.01, fmt.Sprintf("take-up %d%%", i))
	}
}

// BenchmarkEvaluateSizeBands: one evaluation of the fixture with its size
// schedule, against the same deal with the thresholds as numbers; neither
// allocates.
func BenchmarkEvaluateSizeBands(b *testing.B) {
	files := fixtureFiles(b, "scenario-ok-sizebands")
	for _, c := range []struct{ name, payments string }{
		{"bands", files[scenario.PaymentsFile]},
		{"numbers", "term,metric,payer,basis,price,threshold,pooled_threshold,threshold_of,boundary,lag\nt,m,pay,outcomes,1000,0.195,0.096,baseline,at_least,1\n"},
	} {
		b.Run(c.name, func(b *testing.B) {
			s, m := load(b, files, map[string]string{scenario.PaymentsFile: c.payments})
			w := m.NewWork()
			p := s.Values()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := m.Evaluate(p, w); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestSizeBandsDoNotAllocate(t *testing.T) {
	s, m := load(t, fixtureFiles(t, "scenario-ok-sizebands"), nil)
	w := m.NewWork()
	p := s.Values()
	if n := testing.AllocsPerRun(20, func() { m.Evaluate(p, w) }); n != 0 {
		t.Errorf("Evaluate allocates %v times a call", n)
	}
}
