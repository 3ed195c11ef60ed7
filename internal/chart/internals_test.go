package chart

import (
	"math"
	"slices"
	"sort"
	"testing"
)

// TestContourLinear: for z = x - y the level-0 contour is the diagonal y = x,
// one polyline through every grid node on it.
func TestContourLinear(t *testing.T) {
	g := []float64{0, 1, 2, 3, 4}
	var z []float64
	for _, y := range g {
		for _, x := range g {
			z = append(z, x-y+0.5) // contour at x = y - 0.5
		}
	}
	lines := contourLines(g, g, z, 0)
	if len(lines) != 1 {
		t.Fatalf("%d lines, want 1", len(lines))
	}
	for _, p := range lines[0] {
		if math.Abs(p.X-(p.Y-0.5)) > 1e-12 {
			t.Errorf("point %v is not on x = y - 0.5", p)
		}
	}
	// A level outside the values gives no line; a NaN cell breaks it.
	if l := contourLines(g, g, z, 100); len(l) != 0 {
		t.Errorf("level 100: %d lines", len(l))
	}
	z[2*5+2] = math.NaN()
	if l := contourLines(g, g, z, 0); len(l) != 2 {
		t.Errorf("with a NaN node on the line: %d lines, want 2", len(l))
	}
}

// TestContourLoop: a bump gives one closed loop.
func TestContourLoop(t *testing.T) {
	g := []float64{-2, -1, 0, 1, 2}
	var z []float64
	for _, y := range g {
		for _, x := range g {
			z = append(z, 3-x*x-y*y)
		}
	}
	lines := contourLines(g, g, z, 1.5)
	if len(lines) != 1 || lines[0][0] != lines[0][len(lines[0])-1] {
		t.Fatalf("got %v, want one closed loop", lines)
	}
}

// TestECDFThinning compares the thinned step line with the exact ECDF at
// every value: within 1/maxSteps, with at most maxSteps+2 vertices.
func TestECDFThinning(t *testing.T) {
	for _, n := range []int{1, 10, maxSteps, 100_000} {
		s := skewed(n)
		for i := 0; i < n; i += 7 {
			s[i] = math.Round(s[i] / 1e5) // ties
		}
		slices.Sort(s)
		pts := ecdfSteps(s)
		if len(pts) > maxSteps+2 {
			t.Errorf("n=%d: %d vertices", n, len(pts))
		}
		if last := pts[len(pts)-1]; last.Y != 1 || last.X != s[n-1] {
			t.Errorf("n=%d: ends at %v", n, last)
		}
		// Drawn F(x): the Y of the last vertex with X <= x.
		for i, v := range s {
			k := sort.Search(len(pts), func(k int) bool { return pts[k].X > v }) - 1
			exact := float64(sort.Search(n, func(k int) bool { return s[k] > v })) / float64(n)
			if d := math.Abs(pts[k].Y - exact); d > 1.0/maxSteps+1e-12 {
				t.Fatalf("n=%d: at s[%d]=%v drawn F %v, exact %v", n, i, v, pts[k].Y, exact)
			}
		}
	}
}

func TestFDBins(t *testing.T) {
	// Uniform 0..999 (n=1000): IQR 499.5, width 2·499.5/10 = 99.9, 10 bins.
	s := make([]float64, 1000)
	for i := range s {
		s[i] = float64(i)
	}
	if got := fdBins(s, 0, 999, 1000); got != 10 {
		t.Errorf("uniform: %d bins, want 10", got)
	}
	if got := fdBins([]float64{1, 1, 1, 1}, 1, 1, 4); got != 10 {
		t.Errorf("zero IQR: %d bins, want 10", got)
	}
	if _, _, cut := tailCut(s, 0, 999); cut {
		t.Error("uniform values cut")
	}
	sk := skewed(100_000)
	lo, hi, n := finiteRange(sk)
	if _, _, cut := tailCut(sortedSample(sk, n), lo, hi); !cut {
		t.Error("log-normal values not cut")
	}
}
