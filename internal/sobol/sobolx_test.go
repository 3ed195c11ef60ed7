package sobol

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestPowersOfTwo(t *testing.T) {
	for _, c := range []struct{ n, lo, hi int }{
		{1, 1, 1}, {2, 2, 2}, {3, 2, 4}, {64, 64, 64}, {100, 64, 128}, {1000, 512, 1024}, {1024, 1024, 1024}, {1025, 1024, 2048},
	} {
		lo, hi := PowersOfTwo(c.n)
		if lo != c.lo || hi != c.hi {
			t.Errorf("PowersOfTwo(%d) = %d, %d; want %d, %d", c.n, lo, hi, c.lo, c.hi)
		}
	}
	if w := BalanceWarning(1024); w != "" {
		t.Errorf("BalanceWarning(1024) = %q, want none", w)
	}
	if w := BalanceWarning(1000); !strings.Contains(w, "N = 512 or 1024") {
		t.Errorf("BalanceWarning(1000) = %q, want it to name 512 and 1024", w)
	}
}

// TestPrefix: the first n rows of a design of N rows are a design of n
// rows, point for point, for the Sobol', the random and the scrambled design.
func TestPrefix(t *testing.T) {
	for _, opt := range []DesignOptions{{}, {Random: true, Seed: 3}, {Scramble: true, Seed: 4}} {
		big, err := NewDesign(64, 3, opt)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{2, 16, 32, 64} {
			small, err := NewDesign(n, 3, opt)
			if err != nil {
				t.Fatal(err)
			}
			p, err := big.Prefix(n)
			if err != nil {
				t.Fatal(err)
			}
			u, v := make([]float64, 3), make([]float64, 3)
			for r := range small.Rows() {
				small.Point(r, u)
				p.Point(r, v)
				if !slices.Equal(u, v) {
					t.Fatalf("%+v n=%d row %d: prefix %v, own design %v", opt, n, r, v, u)
				}
			}
		}
		if _, err := big.Prefix(1); err == nil {
			t.Error("Prefix(1): no error")
		}
		if _, err := big.Prefix(65); err == nil {
			t.Error("Prefix(65): no error")
		}
	}
}

func TestConvergenceSizes(t *testing.T) {
	for _, c := range []struct {
		n    int
		want []int
	}{{2, []int{2}}, {4, []int{2, 4}}, {7, []int{3, 7}}, {8, []int{2, 4, 8}}, {1024, []int{256, 512, 1024}}, {100, []int{25, 50, 100}}} {
		if got := ConvergenceSizes(c.n); !slices.Equal(got, c.want) {
			t.Errorf("ConvergenceSizes(%d) = %v, want %v", c.n, got, c.want)
		}
	}
}

// TestConvergence: each step of the convergence table is the analysis of a
// design of that size on its own, intervals included (a row's bootstrap
// weights are its own), to rounding: the step's rows are summed in other
// blocks; the last step is Analyse of the whole design bit for bit.
func TestConvergence(t *testing.T) {
	opt := AnalyseOptions{Boot: 200, Seed: 5}
	big, _ := NewDesign(1024, 3, DesignOptions{})
	steps, err := Convergence(big, evaluate(big, ishigami), opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(steps) != 3 {
		t.Fatalf("%d steps, want 3", len(steps))
	}
	for i, n := range []int{256, 512, 1024} {
		d, _ := NewDesign(n, 3, DesignOptions{})
		want, err := Analyse(d, evaluate(d, ishigami), opt)
		if err != nil {
			t.Fatal(err)
		}
		close := func(a, b float64) bool { return math.Abs(a-b) <= 1e-12*max(1, math.Abs(b)) }
		ok := steps[i].N == n && close(steps[i].Mean, want.Mean) && close(steps[i].Variance, want.Variance)
		for j, x := range steps[i].Indices {
			y := want.Indices[j]
			ok = ok && close(x.First, y.First) && close(x.FirstLo, y.FirstLo) && close(x.FirstHi, y.FirstHi) &&
				close(x.Total, y.Total) && close(x.TotalLo, y.TotalLo) && close(x.TotalHi, y.TotalHi)
		}
		if n == 1024 {
			ok = ok && slices.Equal(steps[i].Indices, want.Indices) && steps[i].Mean == want.Mean
		}
		if !ok {
			t.Errorf("step %d (N=%d): %+v, want %+v", i, n, steps[i], want)
		}
	}
	if _, err := Convergence(big, make([]float64, 3), opt); err == nil {
		t.Error("Convergence with too few outputs: no error")
	}
}
