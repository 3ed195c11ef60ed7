package uncertainty

import (
	"math"
	"testing"
)

// TestExposureToy: the toy deal with two payers and a fiscal year that
// starts in April (testdata/toy/exposure): quarters from January 2026,
// e ~ U(0, 0.1), 100 participants, each term paying when e ≥ 0.05.
// welfare pays 20000 an outcome with no lag, in the quarter ending 31
// March 2026: fiscal year 2025/26; justice 10000 an outcome a quarter
// later, ending 30 June 2026: 2026/27. By hand, draw by draw:
//
//	welfare, 2025/26: 2,000,000·e when e ≥ 0.05, else 0
//	justice, 2026/27: 1,000,000·e when e ≥ 0.05, else 0
//
// and over the draws: welfare's mean 0.5 · 2e6 · 0.075 = 75000, its 95th
// percentile 190000 (0 with probability 0.5, then uniform on [1e5, 2e5]),
// its maximum just under 200000; justice's half of each.
func TestExposureToy(t *testing.T) {
	const n = 20000
	sim := simulateToy(t, "exposure", n, 0)
	a := sim.Appraisal
	if got := a.Payers; len(got) != 2 || got[0] != "justice" || got[1] != "welfare" {
		t.Fatalf("payers %v, want [justice welfare]", got)
	}
	if len(a.Years) != 2 || a.Years[0] != 2025 || a.Labels[0] != "2025/26" || a.Labels[1] != "2026/27" {
		t.Fatalf("years %v %v, want 2025 (2025/26) and 2026 (2026/27)", a.Years, a.Labels)
	}
	for i := range n {
		e := a.Params[0][i]
		want := 0.0
		if e >= 0.05 {
			want = 1e6 * e
		}
		// [payer·years + year]: justice 2026/27, welfare 2025/26; the
		// other two cells are 0.
		got := [4]float64{a.Paid[0][i], a.Paid[1][i], a.Paid[2][i], a.Paid[3][i]}
		if math.Abs(got[1]-want) > 1e-6*want+1e-9 || math.Abs(got[2]-2*want) > 1e-6*want+1e-9 || got[0] != 0 || got[3] != 0 {
			t.Fatalf("draw %d (e = %v): paid %v, want [0 %v %v 0]", i, e, got, want, 2*want)
		}
	}
	ex, err := Exposures(sim)
	if err != nil {
		t.Fatal(err)
	}
	if len(ex) != 2 {
		t.Fatalf("%d exposures, want 2 (a payer's years without payments are left out): %+v", len(ex), ex)
	}
	se := 77728 / math.Sqrt(n) // welfare's; justice's is half
	for k, w := range []struct {
		payer, label  string
		mean, p95, mx float64
	}{{"justice", "2026/27", 37500, 95000, 100000}, {"welfare", "2025/26", 75000, 190000, 200000}} {
		x := ex[k]
		f := w.mx / 200000
		if x.Payer != w.payer || x.Label != w.label {
			t.Errorf("exposure %d: %s %s, want %s %s", k, x.Payer, x.Label, w.payer, w.label)
		}
		if math.Abs(x.Mean-w.mean) > 4*se*f || math.Abs(x.SE-se*f) > 0.05*se*f {
			t.Errorf("%s: mean %v (se %v), want %v (se %v)", w.payer, x.Mean, x.SE, w.mean, se*f)
		}
		if math.Abs(x.P95-w.p95) > 4*math.Sqrt(0.95*0.05/n)*200000*f {
			t.Errorf("%s: p95 %v, want %v", w.payer, x.P95, w.p95)
		}
		if !(x.Max <= w.mx && x.Max > 0.999*w.mx) {
			t.Errorf("%s: max %v, want just under %v", w.payer, x.Max, w.mx)
		}
	}
}
