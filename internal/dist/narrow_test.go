package dist

import (
	"math"
	"testing"
)

// TestTruncNormalNarrow checks windows narrower than narrowWidth (and, for
// the moments' quadrature, up to momentsWidth) against
// testdata/reference/dist/narrow.csv, written by narrow.py with scipy's quad
// and brentq on the exact density (not the exponential form the code uses).
// Quantiles within 1e-10 of the window's width (plus the rounding of x
// itself), the CDF within 1e-11 (plus its step over one ulp of x), the mean
// within 1e-10 of the width and the variance within 1e-9 relative. Before
// narrow windows had their own form, a window one ulp wide gave quantiles that
// went backwards and a mean outside the window.
func TestTruncNormalNarrow(t *testing.T) {
	recs := readCSV(t, "narrow.csv")
	if len(recs) < 90 {
		t.Fatalf("narrow.csv has %d rows", len(recs))
	}
	for i, rec := range recs[1:] {
		line := i + 2
		v := make([]float64, len(rec)-1)
		for j, s := range rec[1:] {
			v[j] = parse(t, s)
		}
		m, s, lo, hi, p := v[0], v[1], v[2], v[3], v[4]
		q, xm, cm, mean, variance := v[5], v[6], v[7], v[8], v[9]
		d, err := New(TruncNormal, m, s, lo, hi)
		if err != nil {
			t.Fatalf("narrow.csv:%d: %v", line, err)
		}
		if _, ok := d.truncNarrow(); !ok && (hi-lo)/s <= narrowWidth {
			t.Fatalf("narrow.csv:%d: %v is not taken as narrow", line, d)
		}
		w := hi - lo
		if got := d.Quantile(p); !(math.Abs(got-q) <= 1e-10*w+2*ulp(q)) {
			t.Errorf("narrow.csv:%d: %s Quantile(%g) = %.17g, want %.17g (off by %.3g of the window)",
				line, rec[0], p, got, q, (got-q)/w)
		}
		if got := d.CDF(xm); !(math.Abs(got-cm) <= 1e-11+2*ulp(xm)/w) {
			t.Errorf("narrow.csv:%d: %s CDF(%.17g) = %.17g, want %.17g", line, rec[0], xm, got, cm)
		}
		if got := d.Mean(); !(math.Abs(got-mean) <= 1e-10*w+2*ulp(mean)) {
			t.Errorf("narrow.csv:%d: %s Mean() = %.17g, want %.17g", line, rec[0], got, mean)
		}
		if got := d.Variance(); !(relDiff(got, variance) <= 1e-9) {
			t.Errorf("narrow.csv:%d: %s Variance() = %.17g, want %.17g", line, rec[0], got, variance)
		}
		x := []float64{p, p, p, p, p}
		d.Quantiles(x, x)
		for _, xi := range x {
			if xi != d.Quantile(p) {
				t.Fatalf("narrow.csv:%d: Quantiles gives %.17g, Quantile %.17g", line, xi, d.Quantile(p))
			}
		}
	}
}

// TestTruncNormalNarrowEdge checks the two sides of narrowWidth agree: a
// window just narrow enough and one just too wide give quantiles within
// 1e-8 of the window of each other's scaled positions, so the switch of
// formula leaves no visible step. (The general formulas' error there is
// about ε|α|/w: 1e-9 of the window at α = -30; the narrow form's, w²/8,
// is checked against the reference above.)
func TestTruncNormalNarrowEdge(t *testing.T) {
	for _, a := range []float64{-30, -3, 0.2, 4, 35} {
		in, err := New(TruncNormal, 0, 1, a, a+narrowWidth*(1-1e-9))
		if err != nil {
			t.Fatal(err)
		}
		out, err := New(TruncNormal, 0, 1, a, a+narrowWidth*(1+1e-9))
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := in.truncNarrow(); !ok {
			t.Fatalf("[%g, +%g] not narrow", a, narrowWidth)
		}
		if _, ok := out.truncNarrow(); ok {
			t.Fatalf("[%g, +%g] narrow", a, narrowWidth)
		}
		for _, p := range []float64{0.001, 0.1, 0.5, 0.9, 0.999} {
			fi := (in.Quantile(p) - a) / (in.hi - in.lo)
			fo := (out.Quantile(p) - a) / (out.hi - out.lo)
			if !(math.Abs(fi-fo) <= 1e-8) {
				t.Errorf("a=%g p=%g: the window fraction is %.12g narrow and %.12g not", a, p, fi, fo)
			}
		}
	}
}

// TestTruncNormalMomentsEdge: the variance just inside momentsWidth (by
// quadrature) and just outside (by the general formulas) agree to 1e-7
// relative, so the switch leaves no step. (With the switch at narrowWidth
// the general formulas gave a variance 70 times too large just outside.)
func TestTruncNormalMomentsEdge(t *testing.T) {
	for _, a := range []float64{-35, -5, 0.2, 1, 5, 20, 35} {
		var v [2]float64
		for i, f := range []float64{1 - 1e-9, 1 + 1e-9} {
			d, err := New(TruncNormal, 0, 1, a, a+momentsWidth*f)
			if err != nil {
				t.Fatal(err)
			}
			v[i] = d.Variance() / ((d.hi - d.lo) * (d.hi - d.lo))
		}
		if !(relDiff(v[1], v[0]) <= 1e-7) {
			t.Errorf("a=%g: variance/w² %.12g inside, %.12g outside", a, v[0], v[1])
		}
	}
}
