package uncertainty

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/sib-engine/sib/scenario"
)

// TestFastDrawsMatchReference: MeasureState.binomial, poisson and negbin
// give binomialDraw's, poissonDraw's and negbinDraw's counts and leave the stream where they
// do, over counts within the log-factorial table and beyond it, tiny and
// near-certain probabilities, and means from 1e-9 to 1e7.
func TestFastDrawsMatchReference(t *testing.T) {
	ms := &Measurement{}
	fast, ref := ms.NewState(), ms.NewState()
	rng := rand.New(rand.NewPCG(8, 9))
	ns := []int64{0, 1, 2, 7, 40, 140, 1000, 65535, 65536, 70000, 3_000_000}
	ps := []float64{0, 1e-300, 1e-9, 0.001, 0.05, 0.3, 0.5, 0.77, 0.999, 1 - 1e-12, 1, math.NaN(), -0.1}
	for seq := range uint64(3000) {
		fast.src.Seed(5, seq)
		ref.src.Seed(5, seq)
		n, p := ns[rng.IntN(len(ns))], ps[rng.IntN(len(ps))]
		if seq%2 == 0 {
			n, p = int64(rng.IntN(5000)), rng.Float64()
		}
		if got, want := fast.binomial(n, p), binomialDraw(ref.rng, n, p); got != want {
			t.Fatalf("Binomial(%d, %v): %d, binomialDraw %d", n, p, got, want)
		}
		mu := math.Pow(10, rng.Float64()*16-9)
		switch seq % 7 {
		case 0:
			mu = 0
		case 1:
			mu = float64(rng.IntN(3000))
		case 2:
			mu = math.NaN()
		}
		if got, want := fast.poisson(mu), poissonDraw(ref.rng, mu); got != want {
			t.Fatalf("Poisson(%v): %d, poissonDraw %d", mu, got, want)
		}
		phi := 1 + math.Pow(10, rng.Float64()*5-3) // 1.001 to 101
		if got, want := fast.negbin(mu, phi), negbinDraw(ref.rng, mu, phi); got != want {
			t.Fatalf("NegBin(%v, %v): %d, negbinDraw %d", mu, phi, got, want)
		}
		if fast.src.Uint64() != ref.src.Uint64() {
			t.Fatalf("draw %d: the streams part", seq)
		}
	}
}

// BenchmarkNoiseDraws is the measured counts of a cohort of 130: the
// treated and comparison reconvictions (binomial) and custody days
// (Poisson, a mean of about 2,000), fast and by the reference draws.
func BenchmarkNoiseDraws(b *testing.B) {
	ms := &Measurement{}
	st := ms.NewState()
	b.Run("fast", func(b *testing.B) {
		i := uint64(0)
		for b.Loop() {
			st.src.Seed(1, i)
			p := 0.4 + float64(i%7)*0.01
			st.binomial(130, p)
			st.binomial(260, 0.45)
			st.poisson(130 * (15 + float64(i%5)))
			i++
		}
	})
	b.Run("reference", func(b *testing.B) {
		i := uint64(0)
		for b.Loop() {
			st.src.Seed(1, i)
			p := 0.4 + float64(i%7)*0.01
			binomialDraw(st.rng, 130, p)
			binomialDraw(st.rng, 260, 0.45)
			poissonDraw(st.rng, 130*(15+float64(i%5)))
			i++
		}
	})
}

// TestComparisonMatchesSample: the comparison group's draws with their
// setups from the table are sample's, counts and stream, whether the
// arguments recur (table hits), clash or are new, for binomial and
// Poisson designs and the edge cases sample settles itself.
func TestComparisonMatchesSample(t *testing.T) {
	ms := &Measurement{}
	fast, ref := ms.NewState(), ms.NewState()
	rng := rand.New(rand.NewPCG(14, 15))
	designs := []scenario.Design{{Sampling: scenario.Binomial}, {Sampling: scenario.Poisson}, {Sampling: scenario.Normal, SD: 2}, {Sampling: scenario.Poisson, Dispersion: 1.5}}
	for seq := range uint64(20000) {
		fast.src.Seed(6, seq)
		ref.src.Seed(6, seq)
		d := &designs[rng.IntN(len(designs))]
		n := float64(90 + rng.IntN(40)) // recurs: table hits
		r := []float64{0.3, 0.47, 15.2, 0, 1, -1, math.NaN()}[rng.IntN(7)]
		if seq%5 == 0 {
			n, r = float64(rng.IntN(3000)), rng.Float64()*20 // mostly new
		}
		if d.Sampling == scenario.Binomial && r > 1 {
			r /= 20
		}
		got, want := fast.comparison(d, n, r), ref.sample(d, n, r)
		if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Fatalf("draw %d, %v, n %v, r %v: comparison %v, sample %v", seq, d.Sampling, n, r, got, want)
		}
		if fast.src.Uint64() != ref.src.Uint64() {
			t.Fatalf("draw %d: the streams part", seq)
		}
	}
}

// TestSimulateNoiseAllocsDoNotGrow is TestSimulateAllocsDoNotGrow with
// the measurement noise on: a state's tables (log-factorials, comparison
// setups) are made once, not per draw.
func TestSimulateNoiseAllocsDoNotGrow(t *testing.T) {
	s, m, sp := loadEstonia(t)
	outs, err := ParseOutputs(s, "investors.irr,state.net")
	if err != nil {
		t.Fatal(err)
	}
	run := func(draws int) float64 {
		return testing.AllocsPerRun(2, func() {
			if _, err := Simulate(context.Background(), m, s.Values(), sp, outs, SimOptions{Draws: draws, Seed: 1, Workers: 2, Noise: true}); err != nil {
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
