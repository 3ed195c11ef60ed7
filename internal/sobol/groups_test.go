package sobol

import (
	"fmt"
	"testing"
)

// TestGroupsIshigami: grouped indices on Ishigami (N = 8192, 1000
// resamples). With the variances derived above ishigamiIndices (V1, V2,
// V13 > 0; V3 = V12 = V23 = V123 = 0):
//
//	group {x1, x3}: S = (V1 + V3 + V13)/V = 0.557589, ST = 1 − S2 = 0.557589
//	group {x1, x2}: S = (V1 + V2 + V12)/V = 0.756316, ST = 1 − S3 = 1
//
// each must lie in its 95% interval and within 0.005 of the estimate;
// a group of one column gives exactly that column's indices.
func TestGroupsIshigami(t *testing.T) {
	s, st := ishigamiIndices()
	want := []struct{ first, total float64 }{
		{st[0], 1 - s[1]},
		{s[0] + s[1], 1 - s[2]},
	}
	for _, opt := range []DesignOptions{{}, {Scramble: true, Seed: 1}} {
		for _, est := range []Estimator{Jansen, Saltelli} {
			d0, err := NewDesign(8192, 3, opt)
			if err != nil {
				t.Fatal(err)
			}
			d, err := d0.WithGroups([][]int{{0, 2}, {0, 1}, {1}})
			if err != nil {
				t.Fatal(err)
			}
			if d.Rows() != 8192*8 {
				t.Fatalf("rows %d, want %d", d.Rows(), 8192*8)
			}
			res, err := Analyse(d, evaluate(d, ishigami), AnalyseOptions{Estimator: est, Boot: 1000, Conf: 0.95, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Indices) != 3 || len(res.Groups) != 3 {
				t.Fatalf("%d indices, %d groups", len(res.Indices), len(res.Groups))
			}
			for g, w := range want {
				x := res.Groups[g]
				t.Logf("%+v %v group %d: S %.4f [%.4f, %.4f] analytic %.4f  ST %.4f [%.4f, %.4f] analytic %.4f",
					opt, est, g, x.First, x.FirstLo, x.FirstHi, w.first, x.Total, x.TotalLo, x.TotalHi, w.total)
				checkIndex(t, fmt.Sprintf("%+v %v group %d S", opt, est, g), x.First, x.FirstLo, x.FirstHi, w.first, 0.005)
				checkIndex(t, fmt.Sprintf("%+v %v group %d ST", opt, est, g), x.Total, x.TotalLo, x.TotalHi, w.total, 0.005)
			}
			if res.Groups[2] != res.Indices[1] {
				t.Errorf("%v: group {x2} %+v, x2 %+v", est, res.Groups[2], res.Indices[1])
			}
			// The same design without groups gives the same single indices.
			plain, err := Analyse(d0, evaluate(d0, ishigami), AnalyseOptions{Estimator: est, Boot: 1000, Conf: 0.95, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			for i := range plain.Indices {
				if plain.Indices[i] != res.Indices[i] {
					t.Errorf("%v x%d: %+v with groups, %+v without", est, i+1, res.Indices[i], plain.Indices[i])
				}
			}
		}
	}
}

func TestWithGroupsErrors(t *testing.T) {
	d, _ := NewDesign(8, 3, DesignOptions{})
	for _, g := range [][][]int{{{}}, {{3}}, {{-1}}, {{0, 0}}} {
		if _, err := d.WithGroups(g); err == nil {
			t.Errorf("WithGroups(%v): no error", g)
		}
	}
}
