package outcomes

import (
	"context"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The reference values in testdata/reference/overdispersion were computed
// by R 4.2.2 glm(..., family = quasipoisson) from docs/outcomes.md alone;
// gen.R there regenerates them. Tolerance: 1e-9 relative (the
// overdispersion test's p-values, down to 5e-23, 1e-6 relative).
const dispRefDir = "../testdata/reference/overdispersion"

// dispersionCaseDir maps a reference case to its folder.
func dispersionCaseDir(cas string) string {
	switch cas {
	case "estonia":
		return "../testdata/estonia/outcomes"
	case "hand", "exposure":
		return filepath.Join(dispRefDir, "cases", cas)
	}
	return filepath.Join(refDir, "cases", cas)
}

func TestDispersionReferenceR(t *testing.T) {
	type key struct{ cas, cv, conf string }
	results := map[key]map[[2]string]Effect{}
	checked := 0
	for _, rec := range readRefCSV(t, "../overdispersion/expected.csv") {
		cas, cv, conf, metric, cohort, q, val := rec[0], rec[1], rec[2], rec[3], rec[4], rec[5], rec[6]
		k := key{cas, cv, conf}
		if results[k] == nil {
			s, err := Load(dispersionCaseDir(cas), LoadOptions{})
			if err != nil {
				t.Fatalf("%s: %v", cas, err)
			}
			v, err := ParseCountVariance(cv)
			if err != nil {
				t.Fatal(err)
			}
			c, _ := strconv.ParseFloat(conf, 64)
			res, err := Estimate(context.Background(), s, Options{Confidence: c, CountVariance: v})
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
			t.Errorf("%v: no effect for %s, cohort %s", k, metric, cohort)
			continue
		}
		want, err := strconv.ParseFloat(val, 64)
		if err != nil {
			t.Fatal(err)
		}
		var got float64
		tol := 1e-9
		switch q {
		case "dispersion":
			got = e.Dispersion
		case "dispersion_p":
			got, tol = e.DispersionP, 1e-6
		default:
			got = effectQuantity(e, q)
		}
		if !(math.Abs(got-want) <= tol*math.Abs(want)+1e-300) {
			t.Errorf("%v %s %s %s: got %.12g, R %.12g", k, metric, cohort, q, got, want)
		}
		checked++
	}
	if checked < 300 {
		t.Errorf("checked %d values; expected.csv has more", checked)
	}
}

// TestDispersionByHand checks the small case of cases/hand against a
// computation by hand.
//
// Treatment 0 0 1 3 6: x_T = 10, λ_T = 2, Σ (y − 2)² = 4+4+1+1+16 = 26,
// X²_T = 26/2 = 13. Comparison 2 3 3 4 8: x_C = 20, λ_C = 4,
// Σ (y − 4)² = 4+1+1+0+16 = 22, X²_C = 22/4 = 5.5. X² = 18.5 on
// 10 − 2 = 8 df: φ = 2.3125. Poisson se of λ_T − λ_C = √(10/25 + 20/25)
// = √1.2 = 1.095445; quasi se = √(2.3125 · 1.2) = √2.775 = 1.665833.
// log(λ_T/λ_C) = log 0.5 = −0.693147, se √(2.3125 · (1/10 + 1/20)) =
// √0.346875 = 0.588961, t = −1.176909 on 8 df: p = 0.2731 (R 2*pt).
// Against the fixed rate 3: X² = 13 on 4 df, φ = 3.25; se = √3.25·√10/5
// = 1.140175.
func TestDispersionByHand(t *testing.T) {
	s, err := Load(filepath.Join(dispRefDir, "cases", "hand"), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, cv := range []CountVariance{PoissonVariance, QuasiVariance} {
		res, err := Estimate(context.Background(), s, Options{CountVariance: cv})
		if err != nil {
			t.Fatal(err)
		}
		e, f := res.Effects[0], res.Effects[2]
		if e.Metric != "events" || e.Cohort != "2025" || f.Metric != "events_fixed" || f.Cohort != "2025" {
			t.Fatalf("effects in an unexpected order: %+v", res.Effects)
		}
		close := func(what string, got, want, tol float64) {
			t.Helper()
			if math.Abs(got-want) > tol {
				t.Errorf("%v: %s = %.7g, by hand %.7g", cv, what, got, want)
			}
		}
		close("φ", e.Dispersion, 2.3125, 1e-12)
		close("fixed φ", f.Dispersion, 3.25, 1e-12)
		if cv == PoissonVariance {
			close("se", e.SE, 1.095445, 1e-6)
			continue
		}
		close("se", e.SE, 1.665833, 1e-6)
		close("p", e.P, 0.2731, 1e-4)
		close("df", e.DF, 8, 0)
		close("fixed se", f.SE, 1.140175, 1e-6)
	}
}

// A count of group totals without sum_sq or sd has no dispersion: under
// QuasiVariance it keeps the Poisson figures, with a warning.
func TestDispersionUnknownVariance(t *testing.T) {
	s, err := Load(filepath.Join(refDir, "cases", "aggregates"), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pois, err := Estimate(context.Background(), s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	quasi, err := Estimate(context.Background(), s, Options{CountVariance: QuasiVariance})
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range quasi.Effects {
		if e.Kind == Count && !math.IsNaN(e.Dispersion) {
			t.Errorf("%s %s: dispersion %g without a variance", e.Metric, e.Cohort, e.Dispersion)
		}
		if p := pois.Effects[i]; e.SE != p.SE || e.Low != p.Low || !(e.P == p.P || math.IsNaN(e.P) && math.IsNaN(p.P)) {
			t.Errorf("%s %s: quasi changed the figures without a dispersion: %+v, %+v", e.Metric, e.Cohort, e, p)
		}
	}
	if !strings.Contains(strings.Join(quasi.Warnings, "\n"), "no quasi-Poisson variance: the variance of the counts is not known") {
		t.Errorf("no warning that the Poisson variance was kept: %q", quasi.Warnings)
	}
	if strings.Contains(strings.Join(pois.Warnings, "\n"), "quasi") {
		t.Errorf("a warning about the quasi variance without asking for it: %q", pois.Warnings)
	}
}

// The Estonian reconvictions are overdispersed: the default Poisson
// variance warns, naming the metric, the cohort, φ and the remedy; the
// quasi variance does not warn, and leaves the other metrics alone.
func TestDispersionWarning(t *testing.T) {
	s, err := Load("../testdata/estonia/outcomes", LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pois, err := Estimate(context.Background(), s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range pois.Warnings {
		if strings.Contains(w, "overdispersed") {
			got = append(got, w)
		}
	}
	if len(got) != 3 || !strings.HasPrefix(got[0], "metric reconvictions, cohort 2024: the counts are overdispersed: dispersion 1.51 ") ||
		!strings.Contains(got[0], "--count-variance quasi") {
		t.Errorf("warnings %q", got)
	}
	quasi, err := Estimate(context.Background(), s, Options{CountVariance: QuasiVariance})
	if err != nil {
		t.Fatal(err)
	}
	if len(quasi.Warnings) != 0 {
		t.Errorf("quasi warnings %q", quasi.Warnings)
	}
	for i, e := range quasi.Effects {
		p := pois.Effects[i]
		if e.Metric == "reconvictions" {
			if !(e.SE > p.SE) || e.Effect != p.Effect || e.Dispersion != p.Dispersion {
				t.Errorf("%s %s: quasi %+v, poisson %+v", e.Metric, e.Cohort, e, p)
			}
			continue
		}
		if !math.IsNaN(e.Dispersion) || e.SE != p.SE || e.P != p.P {
			t.Errorf("%s %s: the count variance changed a %s metric", e.Metric, e.Cohort, e.Kind)
		}
	}
}

func TestParseCountVariance(t *testing.T) {
	for _, v := range []CountVariance{PoissonVariance, QuasiVariance} {
		got, err := ParseCountVariance(v.String())
		if err != nil || got != v {
			t.Errorf("%v: got %v, %v", v, got, err)
		}
	}
	if _, err := ParseCountVariance("negbin"); err == nil {
		t.Error("negbin parsed")
	}
	if _, err := Estimate(context.Background(), &Study{}, Options{CountVariance: 7}); err == nil || !strings.Contains(err.Error(), "count variance") {
		t.Errorf("CountVariance 7: %v", err)
	}
}

// countStudy builds a study of one count metric from participants'
// values: treatment and, unless nil, control (method comparison), or
// against a fixed baseline b.
func countStudy(t *testing.T, treated, control []float64, b float64) *Study {
	t.Helper()
	m := Metric{Name: "events", Kind: Count, Direction: LowerIsBetter, Method: Comparison,
		Treatment: "treatment", Comparison: "control", Pre: AllPeriods(), Post: AllPeriods()}
	if control == nil {
		m.Method, m.Comparison, m.Baseline = Fixed, "", b
	}
	s := &Study{}
	if err := s.AddMetric(m); err != nil {
		t.Fatal(err)
	}
	s.Add(Cell{Metric: "events", Group: "treatment", Cohort: "2025", Period: 2025}, SummaryOf(treated...))
	if control != nil {
		s.Add(Cell{Metric: "events", Group: "control", Cohort: "2025", Period: 2025}, SummaryOf(control...))
	}
	return s
}

// Where the Wald statistic of the quasi-Poisson model is undefined, the
// p-value and the relative interval are NaN with a warning; the interval of
// the difference stays.
func TestDispersionQuasiUndefined(t *testing.T) {
	for _, c := range []struct {
		name             string
		treated, control []float64
		b                float64
		warn             string
		disp             bool // a dispersion exists
	}{
		{"no events in the control group", []float64{0, 1, 3}, []float64{0, 0, 0}, 0, "no events in a group", true},
		{"no events in the treatment group", []float64{0, 0, 0}, []float64{1, 0, 2}, 0, "no events in a group", true},
		{"a fixed baseline of 0", []float64{0, 1, 3}, nil, 0, "a baseline of 0", true},
		{"no events against a fixed baseline", []float64{0, 0, 0}, nil, 1, "no events", true},
		{"two values, two groups: no degrees of freedom", []float64{2}, []float64{1}, 0, "no degrees of freedom", false},
		{"constant counts: dispersion 0", []float64{2, 2}, []float64{1, 1}, 0, "dispersion 0", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := Estimate(context.Background(), countStudy(t, c.treated, c.control, c.b), Options{CountVariance: QuasiVariance})
			if err != nil {
				t.Fatal(err)
			}
			e := res.Effects[0]
			if !strings.Contains(strings.Join(res.Warnings, "\n"), c.warn) {
				t.Errorf("warnings %q, want one with %q", res.Warnings, c.warn)
			}
			if !c.disp {
				if !math.IsNaN(e.Dispersion) || !math.IsInf(e.DF, 1) {
					t.Errorf("without a dispersion the Poisson figures stay: %+v", e)
				}
				return
			}
			if math.IsNaN(e.Dispersion) || !math.IsNaN(e.P) || !math.IsNaN(e.RelativeLow) || math.IsNaN(e.Low) || math.IsNaN(e.SE) {
				t.Errorf("%+v", e)
			}
		})
	}
}
