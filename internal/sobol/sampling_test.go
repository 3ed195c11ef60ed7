package sobol

import (
	"math"
	"slices"
	"testing"
)

// TestTransform: every row of a transformed design, A, B, each A_B^(i)
// and each group's block, is the original row put through f coordinate by
// coordinate, for the sequence, scrambled and random designs; the
// original is left as it was.
func TestTransform(t *testing.T) {
	f := func(col int, u float64) float64 { return math.Sqrt(u) + float64(col) }
	for _, opt := range []DesignOptions{{}, {Scramble: true, Seed: 3}, {Random: true, Seed: 4}} {
		d, err := NewDesign(64, 5, opt)
		if err != nil {
			t.Fatal(err)
		}
		d, err = d.WithGroups([][]int{{0, 3}, {1, 2, 4}})
		if err != nil {
			t.Fatal(err)
		}
		keep := slices.Clone(d.ab)
		calls := 0
		td := d.Transform(func(col int, x []float64) {
			calls++
			if len(x) != 2*d.N {
				t.Fatalf("column %d: %d values, want %d", col, len(x), 2*d.N)
			}
			for j := range x {
				x[j] = f(col, x[j])
			}
		})
		if calls != d.K {
			t.Errorf("%d calls, want %d", calls, d.K)
		}
		if !slices.Equal(keep, d.ab) {
			t.Fatal("the design was changed")
		}
		if td.Rows() != d.Rows() {
			t.Fatalf("%d rows, want %d", td.Rows(), d.Rows())
		}
		u, v := make([]float64, d.K), make([]float64, d.K)
		for r := range d.Rows() {
			d.Point(r, u)
			td.Point(r, v)
			for c := range u {
				if want := f(c, u[c]); v[c] != want {
					t.Fatalf("%+v: row %d, column %d: %v, want %v", opt, r, c, v[c], want)
				}
			}
		}
	}
}

// TestConvergenceFrom: given the full design's result, ConvergenceFrom
// gives what Convergence gives, step for step and bit for bit, with and
// without groups, for the sequence and the random design, and for a
// design so small that a step is left out; the last step is the result
// passed in.
func TestConvergenceFrom(t *testing.T) {
	same := func(a, b []Index) bool {
		if len(a) != len(b) {
			return false
		}
		for i := range a {
			x := []float64{a[i].First, a[i].FirstLo, a[i].FirstHi, a[i].Total, a[i].TotalLo, a[i].TotalHi}
			y := []float64{b[i].First, b[i].FirstLo, b[i].FirstHi, b[i].Total, b[i].TotalLo, b[i].TotalHi}
			for j := range x {
				if math.Float64bits(x[j]) != math.Float64bits(y[j]) {
					return false
				}
			}
		}
		return true
	}
	for _, c := range []struct {
		n      int
		opt    DesignOptions
		groups [][]int
	}{
		{1024, DesignOptions{}, nil},
		{512, DesignOptions{Random: true, Seed: 2}, [][]int{{0, 2}}},
		{5, DesignOptions{}, nil},
	} {
		d, err := NewDesign(c.n, 3, c.opt)
		if err != nil {
			t.Fatal(err)
		}
		if c.groups != nil {
			if d, err = d.WithGroups(c.groups); err != nil {
				t.Fatal(err)
			}
		}
		y := evaluate(d, ishigami)
		opt := AnalyseOptions{Boot: 100, Seed: 5}
		full, err := Analyse(d, y, opt)
		if err != nil {
			t.Fatal(err)
		}
		want, err := Convergence(d, y, opt)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ConvergenceFrom(d, y, opt, full)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("N=%d: %d steps, want %d", c.n, len(got), len(want))
		}
		for i := range want {
			if got[i].N != want[i].N || !same(got[i].Indices, want[i].Indices) || !same(got[i].Groups, want[i].Groups) ||
				got[i].Mean != want[i].Mean || got[i].Variance != want[i].Variance {
				t.Errorf("N=%d, step %d: %+v, want %+v", c.n, i, got[i], want[i])
			}
		}
		if got[len(got)-1] != full {
			t.Errorf("N=%d: the last step is not the result passed in", c.n)
		}
		if _, err := ConvergenceFrom(d, y, opt, nil); err == nil {
			t.Error("no result: no error")
		}
	}
}
