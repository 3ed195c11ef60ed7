package dist

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestQuantilesMatchQuantile: Quantiles gives bit for bit what Quantile
// gives, for every kind, at uniform draws, at the ends 0 and 1, outside
// [0, 1], at NaN, in the far tails and in place (x the same slice as p).
func TestQuantilesMatchQuantile(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	p := []float64{0, 1, -0.5, 1.5, math.NaN(), math.Inf(1), 0x1p-60, 1 - 0x1p-53, 1e-300, 0.5, 0.075, 0.925}
	p = append(p, math.Inf(-1), math.Nextafter(0.075, 0), math.Nextafter(0.925, 1), math.Exp(-25))
	specials := len(p)
	for range 5000 {
		p = append(p, (float64(r.Uint64()>>11)+0.5)/(1<<53))
	}
	p = append(p, p[:specials]...) // again, amid a later block of 64
	cases := append(benchCases,
		struct {
			k    Kind
			args []float64
		}{TruncNormal, []float64{0, 1, 30, 31}}, // a window far in a tail
		struct {
			k    Kind
			args []float64
		}{TruncNormal, []float64{0, 1, -31, -30}},
		struct {
			k    Kind
			args []float64
		}{Triangular, []float64{1, 1, 4}}, // the mode at an end
		struct {
			k    Kind
			args []float64
		}{Triangular, []float64{1, 4, 4}},
		struct {
			k    Kind
			args []float64
		}{Triangular, []float64{0, 1, 2}}, // f = 1/2
	)
	for _, c := range cases {
		d, err := New(c.k, c.args...)
		if err != nil {
			t.Fatal(err)
		}
		x := make([]float64, len(p))
		d.Quantiles(x, p)
		in := append([]float64(nil), p...)
		d.Quantiles(in, in)
		for i, pi := range p {
			want := math.Float64bits(d.Quantile(pi))
			if got := math.Float64bits(x[i]); got != want {
				t.Fatalf("%v: Quantiles at %v = %v, Quantile %v", d, pi, x[i], d.Quantile(pi))
			}
			if got := math.Float64bits(in[i]); got != want {
				t.Fatalf("%v: Quantiles in place at %v = %v, Quantile %v", d, pi, in[i], d.Quantile(pi))
			}
		}
		if a := testing.AllocsPerRun(10, func() { d.Quantiles(x, p) }); a != 0 {
			t.Errorf("%v: %v allocations", d, a)
		}
	}
}

// BenchmarkQuantiles is BenchmarkQuantile a block of 64 at a time: ns/op
// is per value. The blocks are 1,024 different ones, more than a branch
// predictor learns by heart (over 16 it would, and a branch on each
// value would look cheaper than it is in a sampler).
func BenchmarkQuantiles(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	const n = 1 << 16
	ps := make([]float64, n)
	for i := range ps {
		ps[i] = r.Float64()
	}
	x := make([]float64, 64)
	for _, c := range benchCases {
		d, err := New(c.k, c.args...)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.k.String(), func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if i&63 == 0 {
					d.Quantiles(x, ps[i&(n-1):i&(n-1)+64])
				}
				i++
			}
		})
	}
}

// TestQuantilesEveryLength: Quantiles gives Quantile bit for bit for
// blocks of every length up to 200 (chunks of 64, the four lanes at a
// time of the assembly and the lanes after them), in place and not, with
// tails, ends and NaN at random lanes.
func TestQuantilesEveryLength(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	special := []float64{0, 1, math.NaN(), -0.5, 1e-300, 0.075, 0.925, math.Nextafter(0.075, 0), math.Nextafter(0.925, 1), 1 - 0x1p-53}
	for _, c := range benchCases {
		d, err := New(c.k, c.args...)
		if err != nil {
			t.Fatal(err)
		}
		p := make([]float64, 200)
		x := make([]float64, 200)
		for round := range 3 * 201 {
			n := round % 201
			for i := range p[:n] {
				if r.IntN(8) == 0 {
					p[i] = special[r.IntN(len(special))]
				} else {
					p[i] = (float64(r.Uint64()>>11) + 0.5) / (1 << 53)
				}
			}
			d.Quantiles(x[:n], p[:n])
			for i := range n {
				if got, want := x[i], d.Quantile(p[i]); math.Float64bits(got) != math.Float64bits(want) {
					t.Fatalf("%v, lane %d of %d: Quantiles at %v = %v, Quantile %v", d, i, n, p[i], got, want)
				}
			}
			d.Quantiles(p[:n], p[:n]) // in place
			for i := range n {
				if math.Float64bits(p[i]) != math.Float64bits(x[i]) {
					t.Fatalf("%v, lane %d of %d in place: %v, want %v", d, i, n, p[i], x[i])
				}
			}
		}
	}
}
