package uncertainty

import (
	"context"
	"testing"
)

// BenchmarkSimulateNoise is BenchmarkSimulate with and without the
// measurement noise (20000 draws a run): draws/s both ways.
func BenchmarkSimulateNoise(b *testing.B) {
	s, m, sp := loadEstonia(b)
	outs, err := ParseOutputs(s, "investors.irr,state.net")
	if err != nil {
		b.Fatal(err)
	}
	const draws = 20_000
	for _, noise := range []bool{false, true} {
		name := map[bool]string{false: "off", true: "on"}[noise]
		b.Run("noise="+name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Simulate(context.Background(), m, s.Values(), sp, outs, SimOptions{Draws: draws, Seed: 1, Noise: noise}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(draws*b.N)/b.Elapsed().Seconds(), "draws/s")
		})
	}
}

// BenchmarkEvaluateMeasured is one evaluation with its measured effects
// drawn: it allocates nothing.
func BenchmarkEvaluateMeasured(b *testing.B) {
	s, m, _ := loadEstonia(b)
	ms := NewMeasurement(s, 1)
	st := ms.NewState()
	w := m.NewWork()
	w.Measure = st.Func()
	v := s.Values()
	b.ReportAllocs()
	i := uint64(0)
	for b.Loop() {
		st.Seek(i)
		if _, err := m.Evaluate(v, w); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// TestEvaluateMeasuredAllocs: drawing the measured effects and
// evaluating allocates nothing once the Work has run once.
func TestEvaluateMeasuredAllocs(t *testing.T) {
	s, m, _ := loadEstonia(t)
	st := NewMeasurement(s, 1).NewState()
	w := m.NewWork()
	w.Measure = st.Func()
	v := s.Values()
	i := uint64(0)
	allocs := testing.AllocsPerRun(200, func() {
		st.Seek(i)
		if _, err := m.Evaluate(v, w); err != nil {
			t.Fatal(err)
		}
		i++
	})
	if allocs != 0 {
		t.Errorf("%v allocations an evaluation with measurement", allocs)
	}
}
