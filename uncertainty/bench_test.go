package uncertainty

import (
	"context"
	"testing"

	"github.com/sib-engine/sib/sib"
)

func loadEstonia(tb testing.TB) (*sib.Scenario, *sib.Model, *Spec) {
	tb.Helper()
	s, err := sib.Load("../testdata/estonia/scenario")
	if err != nil {
		tb.Fatal(err)
	}
	m, err := sib.Compile(s)
	if err != nil {
		tb.Fatal(err)
	}
	sp, err := Load("../testdata/estonia/uncertainty/uncertainty.csv", "../testdata/estonia/uncertainty/correlations.csv", s)
	if err != nil {
		tb.Fatal(err)
	}
	return s, m, sp
}

// BenchmarkSimulate is a Monte Carlo of the Estonian example with all
// investors' IRR and the state's net saving in every draw, on every core:
// draws/s is the figure the issue asks for.
func BenchmarkSimulate(b *testing.B) {
	s, m, sp := loadEstonia(b)
	outs, err := ParseOutputs(s, "investors.irr,state.net")
	if err != nil {
		b.Fatal(err)
	}
	const draws = 100_000
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Simulate(context.Background(), m, s.Values(), sp, outs, SimOptions{Draws: draws, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(draws*b.N)/b.Elapsed().Seconds(), "draws/s")
}

// BenchmarkDraw is the sampling alone: 15 parameters, 5 of them
// correlated.
func BenchmarkDraw(b *testing.B) {
	s, _, sp := loadEstonia(b)
	sm, err := newSampler(sp, s.Values(), 1)
	if err != nil {
		b.Fatal(err)
	}
	st := sm.newState()
	p := make([]float64, len(s.Params))
	b.ReportAllocs()
	i := uint64(0)
	for b.Loop() {
		sm.draw(i, p, st)
		i++
	}
}
