package uncertainty

import (
	"context"
	"testing"
)

// BenchmarkSimulateAppraise is BenchmarkSimulate keeping the appraisal
// (SimOptions.Appraise): each draw's costs and saving, parameters and
// payers' payments a fiscal year. Compare its draws/s with
// BenchmarkSimulate's.
func BenchmarkSimulateAppraise(b *testing.B) {
	s, m, sp := loadEstonia(b)
	outs, err := ParseOutputs(s, "investors.irr,state.net")
	if err != nil {
		b.Fatal(err)
	}
	const draws = 100_000
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Simulate(context.Background(), m, s.Values(), sp, outs, SimOptions{Draws: draws, Seed: 1, Appraise: true}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(draws*b.N)/b.Elapsed().Seconds(), "draws/s")
}

// TestAppraiseAllocsDoNotGrow: keeping the appraisal allocates nothing a
// draw either (TestSimulateAllocsDoNotGrow).
func TestAppraiseAllocsDoNotGrow(t *testing.T) {
	s, m, sp := loadEstonia(t)
	outs, err := ParseOutputs(s, "investors.irr,state.net")
	if err != nil {
		t.Fatal(err)
	}
	run := func(draws int) float64 {
		return testing.AllocsPerRun(3, func() {
			if _, err := Simulate(context.Background(), m, s.Values(), sp, outs, SimOptions{Draws: draws, Seed: 1, Workers: 2, Appraise: true}); err != nil {
				t.Fatal(err)
			}
		})
	}
	few, many := run(1000), run(20000)
	if (many-few)/19000 > 0.01 {
		t.Errorf("%v allocations for 20,000 draws, %v for 1,000: the loop allocates", many, few)
	}
	t.Logf("allocations: %v for 1,000 draws, %v for 20,000", few, many)
}
