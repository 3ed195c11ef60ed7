package uncertainty

import (
	"context"
	"strings"
	"testing"

	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

func loadEstonia(tb testing.TB) (*scenario.Scenario, *sib.Model, *Spec) {
	tb.Helper()
	s, err := scenario.Load("../testdata/estonia/scenario")
	if err != nil {
		tb.Fatal(err)
	}
	m, err := sib.Compile(s)
	if err != nil {
		tb.Fatal(err)
	}
	sp, err := Load("../testdata/estonia/uncertainty", s)
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

// sobol20 is the Estonian spec with five more unit costs and quantities:
// twenty varied parameters.
const sobol20 = `param,dist,arg1,arg2,arg3
cost.prosecution_case.unit_cost,triangular,800,943.89,1100
cost.probation_month.unit_cost,pert,230,265.5,320
cost.special_school_day.unit_cost,lognormal,225.04,30,
cost.child_protection_case.unit_cost,gamma,16,93.39,
avoid.reconvictions.court_case.units,uniform,0.4,0.8,
`

func loadSobol20(tb testing.TB) (*scenario.Scenario, *sib.Model, *Spec) {
	s, m, sp := loadEstonia(tb)
	extra, err := Read(strings.NewReader(sobol20), "sobol20.csv", nil, "", s)
	if err != nil {
		tb.Fatal(err)
	}
	sp.Params = append(sp.Params, extra.Params...)
	n := 0
	for _, u := range sp.Params {
		if u.Varies() {
			n++
		}
	}
	if n != 20 {
		tb.Fatalf("%d varied parameters, want 20", n)
	}
	return s, m, sp
}

// BenchmarkSobol is the figure: 20 parameters, N = 1,024 (22,528
// evaluations), 1,000 bootstrap resamples, on every core.
func BenchmarkSobol(b *testing.B) {
	s, m, sp := loadSobol20(b)
	out, err := ParseOutput(s, "investors.npv")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Sobol(context.Background(), m, s.Values(), sp, out, SobolOptions{N: 1024, Seed: 1, Boot: 1000, Conf: 0.95}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluateDraws is the deal alone at the parameters of 1,000
// Monte Carlo draws, on one core: the part of a draw that is not sampling.
func BenchmarkEvaluateDraws(b *testing.B) {
	s, m, sp := loadEstonia(b)
	sm, err := newSampler(sp, s.Values(), 1)
	if err != nil {
		b.Fatal(err)
	}
	st := sm.newState()
	ps := make([][]float64, 1000)
	for i := range ps {
		ps[i] = make([]float64, len(s.Params))
		sm.draw(uint64(i), ps[i], st)
	}
	w := m.NewWork()
	w.SkipTrancheIRR = true
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := m.Evaluate(ps[i%len(ps)], w); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// TestSimulateAllocsDoNotGrow: the Monte Carlo's hot loop allocates
// nothing, so a run of 20 times the draws makes hardly more allocations
// (the result's slices grow, not their number; the runtime may allocate a
// little as workers hand over chunks of 256 draws).
func TestSimulateAllocsDoNotGrow(t *testing.T) {
	s, m, sp := loadEstonia(t)
	outs, err := ParseOutputs(s, "investors.irr,state.net")
	if err != nil {
		t.Fatal(err)
	}
	run := func(draws int) float64 {
		return testing.AllocsPerRun(3, func() {
			if _, err := Simulate(context.Background(), m, s.Values(), sp, outs, SimOptions{Draws: draws, Seed: 1, Workers: 2}); err != nil {
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
