package dist

import (
	"math/rand/v2"
	"testing"
)

// benchCases are typical uncertainty-spec parameters, one per kind.
var benchCases = []struct {
	k    Kind
	args []float64
}{
	{Fixed, []float64{3}},
	{Uniform, []float64{1, 4}},
	{Triangular, []float64{1, 2, 4}},
	{PERT, []float64{1, 2, 4}},
	{Normal, []float64{100, 15}},
	{TruncNormal, []float64{10, 2, 0, 12}},
	{LogNormal, []float64{100, 30}},
	{Beta, []float64{2, 5}},
	{Gamma, []float64{2.5, 4}},
}

// BenchmarkQuantile measures Quantile at uniform draws, as in inverse
// transform sampling (the draws are made before the timed loop).
func BenchmarkQuantile(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	ps := make([]float64, 1024)
	for i := range ps {
		ps[i] = r.Float64()
	}
	for _, c := range benchCases {
		d, err := New(c.k, c.args...)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.k.String(), func(b *testing.B) {
			b.ReportAllocs()
			var sink float64
			i := 0
			for b.Loop() {
				sink += d.Quantile(ps[i&1023])
				i++
			}
			_ = sink
		})
	}
}

func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = New(TruncNormal, 10, 2, 0, 12)
	}
}
