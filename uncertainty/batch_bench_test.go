package uncertainty

import (
	"fmt"
	"testing"
)

// BenchmarkEvaluateBatch is the batched kernel alone on the Estonian
// example at the parameters of 1,024 Monte Carlo draws, on one core,
// with all investors' IRR (as BenchmarkSimulate's outputs need): the
// part of a draw that is not sampling. Compare BenchmarkEvaluateDraws,
// the scalar path.
func BenchmarkEvaluateBatch(b *testing.B) {
	s, m, sp := loadEstonia(b)
	sm, err := newSampler(sp, s.Values(), 1)
	if err != nil {
		b.Fatal(err)
	}
	st := sm.newState()
	ps := make([][]float64, 1024)
	for i := range ps {
		ps[i] = make([]float64, len(s.Params))
		sm.draw(uint64(i), ps[i], st)
	}
	b.Run("scalar", func(b *testing.B) {
		w := m.NewWork()
		w.SkipAppraisal, w.SkipTrancheIRR = true, true
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if _, err := m.Evaluate(ps[i], w); err != nil {
				b.Fatal(err)
			}
			i = (i + 1) % len(ps)
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "draws/s")
	})
	for _, size := range []int{1, 16, 64} {
		b.Run(fmt.Sprintf("B=%d", size), func(b *testing.B) {
			bt := m.NewBatch(size)
			bt.SkipAppraisal, bt.SkipTrancheIRR = true, true
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := m.EvaluateBatch(ps[i:i+size], bt); err != nil {
					b.Fatal(err)
				}
				i = (i + size) % len(ps)
			}
			b.ReportMetric(float64(size*b.N)/b.Elapsed().Seconds(), "draws/s")
		})
	}
}
