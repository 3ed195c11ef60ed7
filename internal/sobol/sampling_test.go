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
