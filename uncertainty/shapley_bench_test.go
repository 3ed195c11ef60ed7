package uncertainty

import (
	"context"
	"testing"
)

// BenchmarkShapley runs the CLI's default design on a cheap model of 15
// inputs correlated as the Estonian ones (two groups), so that the
// design's own cost shows: drawing and the estimator, per evaluation.
func BenchmarkShapley(b *testing.B) {
	const d = 15
	r := make([]float64, d*d)
	for i := range d {
		r[i*d+i] = 1
	}
	set := func(i, j int, v float64) { r[i*d+j], r[j*d+i] = v, v }
	set(0, 1, 0.618)
	set(0, 2, 0.313)
	set(5, 6, 0.518)
	set(6, 7, 0.518)
	set(7, 8, 0.518)
	opt := ShapleyOptions{Perms: 1000, Nv: 2000, No: 1, Ni: 3, Seed: 1}
	pl, err := newShapleyPlan(d, r, opt)
	if err != nil {
		b.Fatal(err)
	}
	eval := func(w, row int, z []float64) (float64, error) {
		var s float64
		for i, x := range z {
			s += float64(i+1) * x
		}
		return s + z[0]*z[1], nil
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pl.run(context.Background(), 2, eval, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(pl.rows), "evaluations/op")
}

// BenchmarkShapleyEstonia runs a Shapley analysis of the Estonian deal's
// state.net_gross: 300 permutations, Nv = 2,000 (14,600 evaluations).
func BenchmarkShapleyEstonia(b *testing.B) {
	s, m, sp := loadEstonia(b)
	out, err := ParseOutput(s, "state.net_gross")
	if err != nil {
		b.Fatal(err)
	}
	opt := ShapleyOptions{Perms: 300, Nv: 2000, No: 1, Ni: 3, Seed: 1}
	b.ReportAllocs()
	var res *ShapleyResult
	for b.Loop() {
		if res, err = Shapley(context.Background(), m, s.Values(), sp, out, opt); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(res.Evaluations)*float64(b.N)/b.Elapsed().Seconds(), "evaluations/s")
}
