package uncertainty

import (
	"math"

	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// A TestChance is what a Monte Carlo says of one test of a term (a
// cohort's threshold, the pooled threshold, or a tier schedule's first
// tier) under measurement noise.
type TestChance struct {
	Term, Metric string
	// Cohort is the cohort's name, or "pooled".
	Cohort string
	// Level is the threshold (or first tier) in the base inputs;
	// Relative: a share of the baseline.
	Level    float64
	Relative bool
	// P is the probability that the measured effect passes, SE its Monte
	// Carlo standard error.
	P, SE float64
	// Earned counts the draws whose true effect passes. PaidNotEarned is
	// P(pass | true effect does not), DeniedEarned P(no pass | true
	// effect passes); NaN without such draws.
	Earned                      int
	PaidNotEarned, DeniedEarned float64
	// OC is the operating characteristic over the draws: P(pass) by bins
	// of the true effect.
	OC []OCBin
}

// An OCBin is one bin of an operating characteristic: the draws whose
// true effect is in [Low, High) (the last bin includes High), and the
// share of them whose measured effect passed, with its standard error.
type OCBin struct {
	Low, High float64
	N         int
	P, SE     float64
}

// A TermPayment is a term's payment over the draws: what it pays over
// the horizon (nominal), its mean and Monte Carlo standard error, and the
// probability that it pays anything.
type TermPayment struct {
	Term           string
	Mean, SE, PPay float64
}

// ocBins is the number of bins of a simulated operating characteristic.
const ocBins = 10

// testTable records, draw by draw, each test's outcome, the true effect
// it was drawn at, and each term's payment.
type testTable struct {
	slots [][2]int // (term, cohort or −1)
	pass  []uint8  // [draw·S + slot]: bit 0 passed, bit 1 earned
	truth []float64
	paid  []float64 // [draw·J + term]
	J     int
	s     *scenario.Scenario
	// tests and terms are the heads of the results: each test's term,
	// metric, cohort and level, each term's name.
	tests []TestChance
	terms []string
}

// testTableOutputs is the size of a draw's row of the tests' table in
// outputs (8 bytes each), for the memory check: 0 without measurement.
func testTableOutputs(m *sib.Model, ms *Measurement) int {
	if ms == nil {
		return 0
	}
	s := m.Scenario()
	slots := 0
	for j := range s.Terms {
		for c := -1; c < len(s.Cohorts); c++ {
			if m.HasTest(j, c) {
				slots++
			}
		}
	}
	return (9*slots + 8*len(s.Terms) + 7) / 8
}

func newTestTable(m *sib.Model, n int) *testTable {
	s := m.Scenario()
	tt := &testTable{J: len(s.Terms), s: s}
	for j := range s.Terms {
		for c := -1; c < len(s.Cohorts); c++ {
			if m.HasTest(j, c) {
				tt.slots = append(tt.slots, [2]int{j, c})
			}
		}
	}
	tt.pass = make([]uint8, n*len(tt.slots))
	tt.truth = make([]float64, n*len(tt.slots))
	tt.paid = make([]float64, n*tt.J)
	return tt
}

// drawResults is what record reads of a draw just evaluated: a
// *sib.Work after Evaluate, or a *sib.BatchLane after EvaluateBatch.
type drawResults interface {
	Passes(j, c int) (pass, tested bool)
	TruePasses(j, c int) (pass, tested bool)
	TrueEffect(mi, c int) float64
	TermPaid(j int) float64
}

// record keeps draw i's tests and payments from w, just evaluated.
func (tt *testTable) record(i int, w drawResults) {
	S := len(tt.slots)
	s := tt.s
	for k, sl := range tt.slots {
		var b uint8
		if ok, _ := w.Passes(sl[0], sl[1]); ok {
			b |= 1
		}
		if ok, _ := w.TruePasses(sl[0], sl[1]); ok {
			b |= 2
		}
		tt.pass[i*S+k] = b
		tt.truth[i*S+k] = w.TrueEffect(s.Terms[sl[0]].Metric, sl[1])
	}
	for j := range tt.J {
		tt.paid[i*tt.J+j] = w.TermPaid(j)
	}
}

// heads fills in each test's term, metric, cohort and level (at the
// base inputs), and each term's name.
func (tt *testTable) heads(m *sib.Model, base []float64) {
	s := m.Scenario()
	w := m.NewWork()
	_, _ = m.Evaluate(base, w)
	tt.tests = make([]TestChance, len(tt.slots))
	for k, sl := range tt.slots {
		tm := &s.Terms[sl[0]]
		tc := TestChance{Term: tm.Name, Metric: s.Metrics[tm.Metric].Name, Cohort: "pooled"}
		if sl[1] >= 0 {
			tc.Cohort = s.Cohorts[sl[1]].Name
		}
		tc.Level, tc.Relative, _ = w.TestLevel(sl[0], sl[1])
		tt.tests[k] = tc
	}
	tt.terms = make([]string, tt.J)
	for j := range tt.J {
		tt.terms[j] = s.Terms[j].Name
	}
}

// results summarises the table of n draws, whose heads are filled in.
func (tt *testTable) results(n int) ([]TestChance, []TermPayment) {
	S := len(tt.tests)
	var tests []TestChance
	for k := range tt.tests {
		tc := tt.tests[k]
		var pass, earned, paidNot, denied int
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := range n {
			b := tt.pass[i*S+k]
			pass += int(b & 1)
			if b&2 != 0 {
				earned++
				if b&1 == 0 {
					denied++
				}
			} else if b&1 != 0 {
				paidNot++
			}
			x := tt.truth[i*S+k]
			lo, hi = min(lo, x), max(hi, x)
		}
		tc.P, tc.SE = proportion(pass, n)
		tc.Earned = earned
		tc.PaidNotEarned, _ = proportion(paidNot, n-earned)
		tc.DeniedEarned, _ = proportion(denied, earned)
		tc.OC = tt.oc(k, n, lo, hi)
		tests = append(tests, tc)
	}
	pays := make([]TermPayment, tt.J)
	for j := range tt.J {
		v := make([]float64, n)
		var any int
		for i := range n {
			v[i] = tt.paid[i*tt.J+j]
			if v[i] > 0.005 {
				any++
			}
		}
		sm := summarise(Output{}, v)
		pays[j] = TermPayment{Term: tt.terms[j], Mean: sm.Mean, SE: sm.SE}
		pays[j].PPay, _ = proportion(any, n)
	}
	return tests, pays
}

// oc bins slot k's draws by true effect in ocBins equal bins over [lo,
// hi] (one bin when the true effect does not vary), leaving out empty
// bins.
func (tt *testTable) oc(k, n int, lo, hi float64) []OCBin {
	S := len(tt.tests)
	nb := ocBins
	if !(hi > lo) {
		nb = 1
	}
	var cnt, pass [ocBins]int
	width := (hi - lo) / float64(nb)
	for i := range n {
		b := 0
		if nb > 1 {
			b = min(int((tt.truth[i*S+k]-lo)/width), nb-1)
		}
		cnt[b]++
		pass[b] += int(tt.pass[i*S+k] & 1)
	}
	var out []OCBin
	for b := range nb {
		if cnt[b] == 0 {
			continue
		}
		x := OCBin{Low: lo + float64(b)*width, High: lo + float64(b+1)*width, N: cnt[b]}
		if b == nb-1 {
			x.High = hi
		}
		x.P, x.SE = proportion(pass[b], cnt[b])
		out = append(out, x)
	}
	return out
}

// proportion is k/n and its standard error, NaN for n = 0.
func proportion(k, n int) (p, se float64) {
	if n == 0 {
		return math.NaN(), math.NaN()
	}
	p = float64(k) / float64(n)
	return p, math.Sqrt(p * (1 - p) / float64(n))
}
