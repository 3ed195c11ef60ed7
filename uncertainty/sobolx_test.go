package uncertainty_test

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/sib-engine/sib/uncertainty"
)

// TestSobolConvergence: the convergence steps of a run with N = 64 are the
// runs with N = 16, 32 (to rounding: the same design rows and bootstrap
// weights, summed in other blocks) and 64 (exactly), and a power-of-two N gives no warning while N = 48 does.
func TestSobolConvergence(t *testing.T) {
	s, m, sp := estonia()
	out, _ := uncertainty.ParseOutput(s, "state.net_gross")
	run := func(n int) *uncertainty.SobolResult {
		r, err := uncertainty.Sobol(context.Background(), m, s.Values(), sp, out, uncertainty.SobolOptions{N: n, Seed: 1, Boot: 50, Conf: 0.9})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	r := run(64)
	if len(r.Warnings) != 0 {
		t.Errorf("N = 64: warnings %q", r.Warnings)
	}
	if len(r.Convergence) != 3 {
		t.Fatalf("%d steps, want 3", len(r.Convergence))
	}
	for i, n := range []int{16, 32, 64} {
		want := run(n)
		if st := r.Convergence[i]; st.N != n || !closeIndices(st.Indices, want.Indices) || n == 64 && !slices.Equal(st.Indices, want.Indices) {
			t.Errorf("step %d: N = %d %+v, want the run with N = %d: %+v", i, st.N, st.Indices, n, want.Indices)
		}
	}
	if w := run(48).Warnings; len(w) != 1 {
		t.Errorf("N = 48: warnings %q, want one", w)
	}
}

// closeIndices reports whether the indices agree to 1e-12.
func closeIndices(a, b []uncertainty.SobolIndex) bool {
	if len(a) != len(b) {
		return false
	}
	near := func(x, y float64) bool { return math.Abs(x-y) <= 1e-12*max(1, math.Abs(y)) }
	for i, x := range a {
		y := b[i]
		if !near(x.First, y.First) || !near(x.FirstLo, y.FirstLo) || !near(x.FirstHi, y.FirstHi) ||
			!near(x.Total, y.Total) || !near(x.TotalLo, y.TotalLo) || !near(x.TotalHi, y.TotalHi) {
			return false
		}
	}
	return true
}

// TestSobolGroups: a group costs N more evaluations, leaves the single
// parameters' indices as they are, and a group of one parameter has that
// parameter's indices exactly.
func TestSobolGroups(t *testing.T) {
	s, m, sp := estonia()
	out, _ := uncertainty.ParseOutput(s, "state.net_gross")
	opt := uncertainty.SobolOptions{N: 32, Seed: 1, Boot: 50, Conf: 0.9}
	plain, err := uncertainty.Sobol(context.Background(), m, s.Values(), sp, out, opt)
	if err != nil {
		t.Fatal(err)
	}
	name := plain.Params[0]
	opt.Groups = []uncertainty.SobolGroup{{Name: "one", Params: []string{name}}, {Name: "two", Params: plain.Params[:2]}}
	g, err := uncertainty.Sobol(context.Background(), m, s.Values(), sp, out, opt)
	if err != nil {
		t.Fatal(err)
	}
	if g.Evaluations != plain.Evaluations+2*32 {
		t.Errorf("%d evaluations, want %d", g.Evaluations, plain.Evaluations+2*32)
	}
	if !slices.Equal(g.Indices, plain.Indices) {
		t.Errorf("groups changed the single indices")
	}
	if len(g.GroupIndices) != 2 || g.GroupIndices[0] != plain.Indices[0] {
		t.Errorf("group of %s: %+v, want %+v", name, g.GroupIndices, plain.Indices[0])
	}
	opt.Groups = []uncertainty.SobolGroup{{Name: "bad", Params: []string{"nope"}}}
	if _, err := uncertainty.Sobol(context.Background(), m, s.Values(), sp, out, opt); err == nil {
		t.Error("a group of an unknown parameter: no error")
	}
}
