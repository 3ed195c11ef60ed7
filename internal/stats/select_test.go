package stats

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// Quantiles7 finds the same values as Quantile7 on sorted data, on
// random data with and without ties, sorted, reversed and constant.
func TestQuantiles7(t *testing.T) {
	ps := []float64{0, 0.05, 0.25, 0.5, 0.75, 0.95, 1}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 2, 3, 5, 16, 17, 100, 1000, 20001} {
		for _, kind := range []string{"random", "ties", "sorted", "reversed", "constant", "two values"} {
			v := make([]float64, n)
			for i := range v {
				switch kind {
				case "random":
					v[i] = rng.NormFloat64()
				case "ties":
					v[i] = float64(rng.IntN(7))
				case "sorted":
					v[i] = float64(i)
				case "reversed":
					v[i] = float64(n - i)
				case "constant":
					v[i] = 3
				case "two values":
					v[i] = float64(i % 2)
				}
			}
			sorted := slices.Clone(v)
			slices.Sort(sorted)
			got := make([]float64, len(ps))
			Quantiles7(v, ps, got)
			for i, p := range ps {
				if want := Quantile7(sorted, p); got[i] != want {
					t.Errorf("%s, n = %d: p = %v gives %v, want %v", kind, n, p, got[i], want)
				}
			}
			slices.Sort(v)
			if !slices.Equal(v, sorted) {
				t.Errorf("%s, n = %d: values lost or changed", kind, n)
			}
		}
	}
}

// R 4.2: quantile(c(16, 1, 8, 2, 4), c(0.1, 0.5, 0.9), type = 7) gives
// 1.4, 4, 12.8.
func TestQuantiles7R(t *testing.T) {
	got := make([]float64, 3)
	Quantiles7([]float64{16, 1, 8, 2, 4}, []float64{0.1, 0.5, 0.9}, got)
	if !slices.Equal(got, []float64{1.4, 4, 12.8}) {
		t.Errorf("got %v", got)
	}
}

// normals are 100,000 standard normal numbers, the size of a Monte Carlo
// output.
func normals() []float64 {
	rng := rand.New(rand.NewPCG(1, 2))
	v := make([]float64, 100_000)
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	return v
}

func BenchmarkQuantiles7(b *testing.B) {
	v := normals()
	w := make([]float64, len(v))
	ps := []float64{0.05, 0.25, 0.5, 0.75, 0.95}
	out := make([]float64, len(ps))
	b.ReportAllocs()
	for b.Loop() {
		copy(w, v)
		Quantiles7(w, ps, out)
	}
}

// BenchmarkSort is what Quantiles7 spares.
func BenchmarkSort(b *testing.B) {
	v := normals()
	w := make([]float64, len(v))
	b.ReportAllocs()
	for b.Loop() {
		copy(w, v)
		slices.Sort(w)
	}
}
