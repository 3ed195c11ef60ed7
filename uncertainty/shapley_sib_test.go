package uncertainty

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/sib-engine/sib/sib"
)

// TestShapleyEstonia runs the engine's Shapley analysis on the Estonian
// deal: the same result whatever the workers, effects summing to 1, the
// exact method refused for its 15 parameters.
func TestShapleyEstonia(t *testing.T) {
	s, m, sp := loadEstonia(t)
	out, err := ParseOutput(s, "state.net_gross")
	if err != nil {
		t.Fatal(err)
	}
	opt := ShapleyOptions{Perms: 20, Nv: 300, No: 1, Ni: 3, Seed: 3, Workers: 1}
	one, err := Shapley(context.Background(), m, s.Values(), sp, out, opt)
	if err != nil {
		t.Fatal(err)
	}
	opt.Workers = 2
	two, err := Shapley(context.Background(), m, s.Values(), sp, out, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(one.Params) != 15 || one.Evaluations != 300+20*14*3 {
		t.Fatalf("%d params, %d evaluations", len(one.Params), one.Evaluations)
	}
	var sum float64
	for i := range one.Effects {
		if fmt.Sprint(one.Effects[i]) != fmt.Sprint(two.Effects[i]) {
			t.Errorf("%s: 1 worker %+v, 2 workers %+v", one.Params[i], one.Effects[i], two.Effects[i])
		}
		sum += one.Effects[i].Shapley
	}
	if math.Abs(sum-1) > 1e-12 {
		t.Errorf("the effects sum to %.17g", sum)
	}
	opt.Method = ShapleyExact
	if _, err := Shapley(context.Background(), m, s.Values(), sp, out, opt); !errors.Is(err, ErrShapleyExact) {
		t.Errorf("exact on 15 parameters: %v", err)
	}
}

// TestShapleyCopulaMatrix checks that the correlation matrix Shapley
// rebuilds from the copula's factor, L·Lᵀ, holds the normal-scale
// correlations 2·sin(πρ/6) of the spec's rank correlations.
func TestShapleyCopulaMatrix(t *testing.T) {
	_, _, sp := loadEstonia(t)
	cop, err := newCopula(sp)
	if err != nil {
		t.Fatal(err)
	}
	k := len(cop.members)
	for _, c := range sp.Corr {
		var a, b int
		for i, mm := range cop.members {
			if mm == c.A {
				a = i
			}
			if mm == c.B {
				b = i
			}
		}
		var s float64
		for j := range k {
			s += cop.l[a*k+j] * cop.l[b*k+j]
		}
		if want := 2 * math.Sin(math.Pi*c.Rho/6); math.Abs(s-want) > 1e-12 {
			t.Errorf("%s–%s: L·Lᵀ = %v, 2·sin(πρ/6) = %v", sp.Params[c.A].Name, sp.Params[c.B].Name, s, want)
		}
	}
}

// TestShapleyMemoryBudget: a design whose outputs' table is far above the
// model's memory budget is refused at once, before it is allocated.
func TestShapleyMemoryBudget(t *testing.T) {
	s, m, sp := loadEstonia(t)
	out, err := ParseOutput(s, "state.net_gross")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = Shapley(context.Background(), m, s.Values(), sp, out, ShapleyOptions{Perms: 1 << 30, Nv: 100, No: 1, Ni: 3, Seed: 1})
	var me *sib.MemoryError
	if !errors.Is(err, sib.ErrMemory) || !errors.As(err, &me) {
		t.Fatalf("2^30 permutations: %v, want ErrMemory", err)
	}
	if time.Since(start) > time.Second {
		t.Errorf("refused after %v", time.Since(start))
	}
	_, err = Shapley(context.Background(), m, s.Values(), sp, out, ShapleyOptions{Perms: 1 << 40, Nv: 100, No: 1 << 20, Ni: 3, Seed: 1})
	if err == nil {
		t.Fatal("2^60 evaluations: no error")
	}
	t.Log(err)
}

// TestShapleySobolIndependent: with the correlations left out, a
// parameter's Shapley effect lies between its first-order and total
// Sobol' indices (Owen 2014), here computed by Sobol on the Estonian deal
// by another design and estimator: a cross-check of the two analyses.
func TestShapleySobolIndependent(t *testing.T) {
	if testing.Short() {
		t.Skip("a large design")
	}
	s, m, sp := loadEstonia(t)
	ind := *sp
	ind.Corr = nil
	out, err := ParseOutput(s, "state.net_gross")
	if err != nil {
		t.Fatal(err)
	}
	sob, err := Sobol(context.Background(), m, s.Values(), &ind, out, SobolOptions{N: 4096, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	sh, err := Shapley(context.Background(), m, s.Values(), &ind, out, ShapleyOptions{Perms: 1500, Nv: 10000, No: 1, Ni: 3, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range sh.Effects {
		x := sob.Indices[i]
		lo, hi := min(x.First, x.Total), max(x.First, x.Total)
		tol := 4*e.ShapleySE + 4*math.Sqrt(2.0/10000)*e.Shapley + 0.005
		t.Logf("%-42s Sobol' first %.4f total %.4f, Shapley %.4f ± %.4f", sh.Params[i], x.First, x.Total, e.Shapley, e.ShapleySE)
		if e.Shapley < lo-tol || e.Shapley > hi+tol {
			t.Errorf("%s: Shapley %.4f ± %.4f outside Sobol' [%.4f, %.4f]", sh.Params[i], e.Shapley, e.ShapleySE, lo, hi)
		}
	}
}
