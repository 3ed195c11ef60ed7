package outcomes

import (
	"context"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// The reference values in testdata/reference/outcomes were computed by R
// 4.2.2 (prop.test, poisson.test, t.test, lm, predict, power.prop.test,
// power.t.test) from docs/outcomes.md alone; gen.R there regenerates them.
// Tolerance: |go − r| ≤ 1e-6·|r| + 1e-9.
const refDir = "../testdata/reference/outcomes"

func refClose(got, want float64) bool {
	return math.Abs(got-want) <= 1e-6*math.Abs(want)+1e-9
}

func readRefCSV(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(refDir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs[1:]
}

func effectQuantity(e Effect, q string) float64 {
	switch q {
	case "n_treatment":
		return float64(e.NTreatment)
	case "observed":
		return e.Observed
	case "baseline":
		return e.Baseline
	case "effect":
		return e.Effect
	case "se":
		return e.SE
	case "low":
		return e.Low
	case "high":
		return e.High
	case "p":
		return e.P
	case "relative":
		return e.Relative
	case "relative_low":
		return e.RelativeLow
	case "relative_high":
		return e.RelativeHigh
	case "df":
		return e.DF
	}
	panic("unknown quantity " + q)
}

func TestReferenceR(t *testing.T) {
	type key struct{ cas, conf string }
	results := map[key]map[[2]string]Effect{}
	checked, maxRel := 0, 0.0
	for _, rec := range readRefCSV(t, "expected.csv") {
		cas, conf, metric, cohort, q, val := rec[0], rec[1], rec[2], rec[3], rec[4], rec[5]
		k := key{cas, conf}
		if results[k] == nil {
			s, err := Load(filepath.Join(refDir, "cases", cas), LoadOptions{})
			if err != nil {
				t.Fatalf("%s: %v", cas, err)
			}
			c, _ := strconv.ParseFloat(conf, 64)
			res, err := Estimate(context.Background(), s, Options{Confidence: c})
			if err != nil {
				t.Fatalf("%s: %v", cas, err)
			}
			results[k] = map[[2]string]Effect{}
			for _, e := range res.Effects {
				results[k][[2]string{e.Metric, e.Cohort}] = e
			}
		}
		e, ok := results[k][[2]string{metric, cohort}]
		if !ok {
			t.Errorf("%s: no effect for metric %s cohort %s", cas, metric, cohort)
			continue
		}
		got := effectQuantity(e, q)
		if val == "NA" {
			if !math.IsNaN(got) {
				t.Errorf("%s %s %s %s: got %v, want undefined", cas, metric, cohort, q, got)
			}
			continue
		}
		if (q == "relative_low" || q == "relative_high") && math.IsNaN(e.Relative) {
			// With a baseline of 0 the relative effect is undefined, and so
			// is its interval here; R gives the finite end of the
			// rate-ratio interval [rL, ∞).
			continue
		}
		want, err := strconv.ParseFloat(val, 64)
		if err != nil {
			t.Fatal(err)
		}
		if d := math.Abs(got-want) / math.Max(math.Abs(want), 1e-300); want != 0 && d > maxRel {
			maxRel = d
		}
		if !refClose(got, want) {
			t.Errorf("%s conf %s: %s cohort %s: %s = %.12g, R %.12g", cas, conf, metric, cohort, q, got, want)
		}
		checked++
	}
	t.Logf("%d values agree with R; largest relative difference %.2g", checked, maxRel)
}

func TestReferencePowerR(t *testing.T) {
	num := func(s string) float64 {
		if s == "" {
			return 0
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	n := 0
	for _, rec := range readRefCSV(t, "power.csv") {
		kind, err := ParseKind(rec[0])
		if err != nil {
			t.Fatal(err)
		}
		d := Design{Kind: kind, OneSided: rec[1] == "1", Confidence: num(rec[2]), Power: num(rec[3]),
			Baseline: num(rec[4]), SD: num(rec[5])}
		want := num(rec[10])
		var got float64
		if rec[9] == "effect" {
			got, err = d.MDE(num(rec[6]), num(rec[7]))
		} else {
			got, err = d.SampleSize(num(rec[8]), 1)
		}
		if err != nil || !refClose(got, want) {
			t.Errorf("%v: got %.12g, %v; R %.12g", rec, got, err, want)
		}
		n++
	}
	t.Logf("%d design values agree with R", n)
}

// TestPowerDispersionAgainstR: a count's minimum detectable effect and
// group size with a dispersion φ agree with R's uniroot on the count
// formula with every variance φ times the Poisson one
// (testdata/reference/outcomes/power_dispersion.R), to 1e-9 relative. By
// hand: the minimum detectable effect of a test whose variances all grow
// by φ grows by about √φ: 0.1754 × √1.54 = 0.2177, against R's 0.2152
// (the alternative's variance shrinks with its level).
func TestPowerDispersionAgainstR(t *testing.T) {
	num := func(s string) float64 {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	rows := readRefCSV(t, "power_dispersion.csv")
	if len(rows) < 4 {
		t.Fatalf("%d rows", len(rows))
	}
	for _, r := range rows {
		d := Design{Kind: Count, OneSided: r[0] == "1", Confidence: num(r[1]), Power: num(r[2]), Baseline: num(r[3]), Dispersion: num(r[4])}
		mde, err := d.MDE(num(r[5]), num(r[6]))
		if err != nil || math.Abs(mde-num(r[7])) > 1e-9*num(r[7]) {
			t.Errorf("%v: MDE %.15g, %v; R %s", r, mde, err, r[7])
		}
		n, err := d.SampleSize(num(r[8]), 1)
		if err != nil || math.Abs(n-num(r[9])) > 1e-9*num(r[9]) {
			t.Errorf("%v: n %.15g, %v; R %s", r, n, err, r[9])
		}
	}
	if _, err := (Design{Kind: Binary, Baseline: 0.4, Dispersion: 2}).MDE(100, 100); err == nil {
		t.Error("a binary metric took a dispersion")
	}
}
