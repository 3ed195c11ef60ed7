package matching

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// bigData generates n rows with k standard normal covariates, about one
// row in a hundred treated (the benchmark: 10,000 treated in a
// pool of a million), treatment depending on every covariate.
func bigData(n, k int, seed uint64) *Data {
	rng := rand.New(rand.NewPCG(seed, 1))
	d := &Data{IDs: make([]string, n), Treated: make([]bool, n), Cohort: make([]string, n)}
	for j := range k {
		d.Columns = append(d.Columns, Column{Name: fmt.Sprintf("x%d", j+1), Values: make([]float64, n)})
	}
	for i := range n {
		lp := -4.7
		for j := range k {
			v := rng.NormFloat64()
			d.Columns[j].Values[i] = v
			lp += 0.3 * v / float64(j+1)
		}
		d.Treated[i] = rng.Float64() < 1/(1+math.Exp(-lp))
	}
	return d
}

// BenchmarkFitLogit fits the propensity model of the benchmarks:
// 1,010,000 rows (10,000 treated and a pool of a million) and 10 million
// rows, 10 covariates.
func BenchmarkFitLogit(b *testing.B) {
	for _, n := range []int{1_010_000, 10_000_000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			if n > 2_000_000 && testing.Short() {
				b.Skip("10 million rows need 1.5 GB")
			}
			d := bigData(n, 10, 1)
			x, err := NewDesign(d, nil)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			var fit *Fit
			for b.Loop() {
				fit, err = FitLogit(context.Background(), x, d.Treated, FitOptions{})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(fit.Iter), "iterations")
		})
	}
}

// BenchmarkNewBalance tabulates balance on the benchmarks
// (1,010,000 and 10 million rows, 10 continuous covariates, one row in a
// hundred treated), with the fitted logit as the distance and a weight of
// 1 on every treated row and on one pool row in a hundred.
func BenchmarkNewBalance(b *testing.B) {
	for _, n := range []int{1_010_000, 10_000_000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			if n > 2_000_000 && testing.Short() {
				b.Skip("10 million rows need 2 GB")
			}
			d := bigData(n, 10, 1)
			x, err := NewDesign(d, nil)
			if err != nil {
				b.Fatal(err)
			}
			fit, err := FitLogit(context.Background(), x, d.Treated, FitOptions{})
			if err != nil {
				b.Fatal(err)
			}
			w := make([]float64, n)
			for i, t := range d.Treated {
				if t || i%100 == 0 {
					w[i] = 1
				}
			}
			b.ReportAllocs()
			for b.Loop() {
				NewBalance(d, x, fit.Logit, d.Treated, w)
			}
		})
	}
}
