package uncertainty

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// loadToy loads a toy deal of testdata/toy and its uncertainty spec.
func loadToy(tb testing.TB, dir string) (*scenario.Scenario, *sib.Model, *Spec) {
	tb.Helper()
	s, err := scenario.Load("testdata/toy/" + dir)
	if err != nil {
		tb.Fatal(err)
	}
	m, err := sib.Compile(s)
	if err != nil {
		tb.Fatal(err)
	}
	sp, err := Load("testdata/toy/uncertainty", s)
	if err != nil {
		tb.Fatal(err)
	}
	return s, m, sp
}

func simulateToy(tb testing.TB, dir string, draws, workers int) *Simulation {
	tb.Helper()
	s, m, sp := loadToy(tb, dir)
	outs, err := ParseOutputs(s, "state.net")
	if err != nil {
		tb.Fatal(err)
	}
	sim, err := Simulate(context.Background(), m, s.Values(), sp, outs, SimOptions{Draws: draws, Seed: 1, Workers: workers, Appraise: true})
	if err != nil {
		tb.Fatal(err)
	}
	return sim
}

// TestComparatorToy: the two-period toy deal (testdata/toy/scenario),
// without inflation or discounting, so PV = nominal. 100 participants;
// the effect e ~ U(0, 0.1); the term pays 20000 an outcome, 100·e
// outcomes, when e ≥ 0.05 (its threshold), in period 2: the bond costs
// B = 2,000,000·e on success, 0 on failure. Direct delivery costs the
// team's 50000 a period for 2 periods with 5% overhead: D = 105000,
// whatever happens. By hand:
//
//	P(success) = P(e ≥ 0.05) = 0.5
//	E[B | success] = 2e6 · E[e | e ≥ 0.05] = 2e6 · 0.075 = 150000
//	E[B | failure] = 0
//	E[B] = 0.5 · 150000 = 75000; E[premium] = 75000 − 105000 = −30000
//	p*: p · 150000 + (1 − p) · 0 = 105000, p* = 0.7
//	P(B < D) = P(e < 0.05) + P(0.05 ≤ e < 0.0525) = 0.525
//	B is 0 with probability 0.5, else uniform on [100000, 200000]:
//	its 75th percentile is 150000, its 95th 190000, so the premium's are
//	45000 and 85000; its 5th and 25th are −105000.
//	SD(B): E[B²] = 0.5 · 4e12 · E[e² | e ≥ 0.05] = 2e12 · 0.00583333 =
//	1.16667e10; Var = 1.16667e10 − 75000² = 6.04167e9; SD = 77728.
func TestComparatorToy(t *testing.T) {
	const n = 20000
	sim := simulateToy(t, "scenario", n, 0)
	c, err := Comparator(sim)
	if err != nil {
		t.Fatal(err)
	}
	se := 77728 / math.Sqrt(n) // the bond's cost: the premium's SE too, as D is fixed
	near := func(what string, got, want, tol float64) {
		t.Helper()
		if math.Abs(got-want) > tol {
			t.Errorf("%s = %v, want %v ± %v", what, got, want, tol)
		}
	}
	near("E[bond cost]", c.Bond.Mean, 75000, 4*se)
	near("SE of E[bond cost]", c.Bond.SE, se, 0.05*se)
	near("direct cost", c.Direct.Mean, 105000, 1e-6)
	near("direct cost's SD", c.Direct.SD, 0, 1e-6)
	near("E[premium]", c.Premium.Mean, -30000, 4*se)
	near("premium p5", c.Premium.P5, -105000, 1e-6)
	near("premium p25", c.Premium.P25, -105000, 1e-6)
	// Quantiles of a uniform part: within a few of its standard errors
	// (√(q(1−q)/n)/density, density 0.5/100000).
	near("premium p75", c.Premium.P75, 45000, 4*math.Sqrt(0.75*0.25/n)*200000)
	near("premium p95", c.Premium.P95, 85000, 4*math.Sqrt(0.95*0.05/n)*200000)
	near("P(success)", c.Success.P, 0.5, 4*math.Sqrt(0.25/n))
	near("P(bond cheaper)", c.Cheaper.P, 0.525, 4*math.Sqrt(0.525*0.475/n))
	near("E[B | success]", c.CostSuccess, 150000, 4*28868/math.Sqrt(n/2)) // SD of U(1e5, 2e5) is 28868
	near("E[B | failure]", c.CostFailure, 0, 1e-9)
	near("p*", c.Breakeven, 0.7, 4*0.7*28868/150000/math.Sqrt(n/2))
	if c.BreakevenNone != HasBreakeven {
		t.Errorf("BreakevenNone = %v, want HasBreakeven", c.BreakevenNone)
	}
	// The chosen estimator, exactly: p* = D / E[B | success] from the draws.
	near("p* = D / C_s", c.Breakeven, c.Direct.Mean/c.CostSuccess, 1e-12)
}

// TestBreakevenCases: p* with a failure branch that costs something
// (the commissioner's own costs, say), and the cases without one.
func TestBreakevenCases(t *testing.T) {
	// s = 150000 on success, f = 20000 on failure, d = 105000:
	// p·150000 + (1−p)·20000 = 105000 → p = 85000 / 130000.
	if p, why := breakeven(105000, 150000, 20000); why != HasBreakeven || math.Abs(p-85000.0/130000) > 1e-15 {
		t.Errorf("breakeven = %v, %v; want %v", p, why, 85000.0/130000)
	}
	for _, c := range []struct {
		d, s, f float64
		want    Unmatched
	}{
		{105000, 100000, 0, BondAlwaysCheaper},
		{105000, 150000, 110000, BondNeverCheaper},
		{105000, math.NaN(), 0, NoBranch},
		{105000, 150000, math.NaN(), NoBranch},
	} {
		if p, why := breakeven(c.d, c.s, c.f); why != c.want || !math.IsNaN(p) {
			t.Errorf("breakeven(%v, %v, %v) = %v, %v; want NaN, %v", c.d, c.s, c.f, p, why, c.want)
		}
	}
}

// TestAppraisalWorkers: the appraisal is the same for any number of
// workers, draw by draw.
func TestAppraisalWorkers(t *testing.T) {
	s, m, sp := loadEstonia(t)
	outs, err := ParseOutputs(s, "state.net")
	if err != nil {
		t.Fatal(err)
	}
	run := func(workers int) *Appraisal {
		sim, err := Simulate(context.Background(), m, s.Values(), sp, outs, SimOptions{Draws: 1500, Seed: 7, Workers: workers, Appraise: true})
		if err != nil {
			t.Fatal(err)
		}
		return sim.Appraisal
	}
	one, three := run(1), run(3)
	same := func(what string, a, b []float64) {
		t.Helper()
		for i := range a {
			if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
				t.Fatalf("%s, draw %d: %v with one worker, %v with three", what, i, a[i], b[i])
			}
		}
	}
	same("saving", one.Saving, three.Saving)
	same("bond cost", one.BondCost, three.BondCost)
	same("direct cost", one.DirectCost, three.DirectCost)
	for k := range one.Params {
		same(one.Names[k], one.Params[k], three.Params[k])
	}
	for k := range one.Paid {
		same("paid", one.Paid[k], three.Paid[k])
	}
}

// TestAppraiseOffKeepsNothing: without Appraise there is no appraisal,
// and the analyses say so.
func TestAppraiseOffKeepsNothing(t *testing.T) {
	s, m, sp := loadToy(t, "scenario")
	outs, _ := ParseOutputs(s, "state.net")
	sim, err := Simulate(context.Background(), m, s.Values(), sp, outs, SimOptions{Draws: 10, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if sim.Appraisal != nil {
		t.Fatal("an appraisal without Appraise")
	}
	if _, err := Comparator(sim); err != ErrNoAppraisal {
		t.Errorf("Comparator: %v, want ErrNoAppraisal", err)
	}
	if _, err := Exposures(sim); err != ErrNoAppraisal {
		t.Errorf("Exposures: %v, want ErrNoAppraisal", err)
	}
	if _, err := EVPI(sim, EVPIOptions{}); err != ErrNoAppraisal {
		t.Errorf("EVPI: %v, want ErrNoAppraisal", err)
	}
}

// TestAppraiseMemoryBudget: what the appraisal keeps a draw counts
// against the model's memory budget: a budget that holds a run without it
// refuses the run with it, before allocating.
func TestAppraiseMemoryBudget(t *testing.T) {
	s, m, sp := loadEstonia(t)
	outs, err := ParseOutputs(s, "investors.irr,state.net")
	if err != nil {
		t.Fatal(err)
	}
	const draws = 2000
	cols := appraiseCols(m, sp, true)
	// 4 + 17 parameters + 2 payers × 6 fiscal years (2026 to 2031: the
	// horizon's 24 quarters).
	if want := 4 + len(sp.Params) + 2*6; cols != want {
		t.Errorf("appraiseCols = %d, want %d", cols, want)
	}
	one := leastBudget(t, s, 1, int64(draws)*(8*2+1)+draws*8)
	small, err := sib.CompileWith(s, sib.CompileOptions{MaxBytes: one})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Simulate(context.Background(), small, s.Values(), sp, outs, SimOptions{Draws: draws, Seed: 7, Workers: 1}); err != nil {
		t.Fatalf("without the appraisal: %v", err)
	}
	_, err = Simulate(context.Background(), small, s.Values(), sp, outs, SimOptions{Draws: draws, Seed: 7, Workers: 1, Appraise: true})
	var me *sib.MemoryError
	if !errors.As(err, &me) {
		t.Errorf("with the appraisal: %v, want a *sib.MemoryError", err)
	}
}
