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

// The reference values in testdata/reference/att were computed by R 4.2.2
// with MatchIt 4.5.1 (the weights: nearest neighbour on the linear logit of
// one glm over all rows, per cohort, k = 1 and 3, with and without
// replacement), lm(y ~ treat, weights), sandwich 3.0 (vcovCL with cluster
// = subclass without replacement, vcovHC HC3 with it) and lmtest
// (coeftest, coefci). gen.R writes the data, ref.R the weights and the
// estimates. Tolerance: |go − r| ≤ 1e-9·|r| + 1e-12.
const attDir = "../testdata/reference/att/cases"

func attClose(got, want float64) bool {
	return math.Abs(got-want) <= 1e-9*math.Abs(want)+1e-12
}

// matchedFolder builds an outcomes folder of case dir with weights file
// weights (a path under dir, or "" for none).
func matchedFolder(t testing.TB, dir, weights string) string {
	t.Helper()
	out := t.TempDir()
	for _, name := range []string{MetricsFile, CohortsFile, ParticipantsFile} {
		if _, err := os.Stat(filepath.Join(attDir, dir, name)); err == nil || name != CohortsFile {
			copyFile(t, filepath.Join(attDir, dir, name), filepath.Join(out, name))
		}
	}
	if weights != "" {
		copyFile(t, filepath.Join(attDir, dir, weights), filepath.Join(out, WeightsFile))
	}
	return out
}

func copyFile(t testing.TB, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// attExpected reads a case's expected-<case>.csv as maps of column → value.
func attExpected(t *testing.T, dir string) []map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(attDir, "..", "expected-"+dir+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func estimateMatched(t *testing.T, dir string, workers int) *Result {
	t.Helper()
	s, err := Load(dir, LoadOptions{Workers: workers, chunkSize: 4096})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Estimate(context.Background(), s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func findEffect(res *Result, metric, cohort string) *Effect {
	for i := range res.Effects {
		if res.Effects[i].Metric == metric && res.Effects[i].Cohort == cohort {
			return &res.Effects[i]
		}
	}
	return nil
}

// TestMatchedReference compares every matched effect, per cohort and
// pooled, with R's: method comparison (case att) and did (case did, where
// R fits lm(y ~ treat * post, weights)).
func TestMatchedReference(t *testing.T) {
	for _, c := range []struct {
		dir  string
		want int
	}{{"att", 400}, {"did", 100}} {
		t.Run(c.dir, func(t *testing.T) { matchedReference(t, c.dir, c.want) })
	}
}

func matchedReference(t *testing.T, dir string, want int) {
	exp := attExpected(t, dir)
	results := map[string]*Result{}
	checked := 0
	for _, want := range exp {
		v := want["variant"]
		res := results[v]
		if res == nil {
			res = estimateMatched(t, matchedFolder(t, dir, "weights/"+v+".csv"), 2)
			results[v] = res
		}
		e := findEffect(res, want["metric"], want["cohort"])
		if e == nil {
			t.Fatalf("%s %s %s: no effect", v, want["metric"], want["cohort"])
		}
		f := func(k string) float64 {
			x, err := strconv.ParseFloat(want[k], 64)
			if err != nil {
				t.Fatalf("%s: %v", k, err)
			}
			return x
		}
		sg := e.Direction.sign()
		// R's estimate is observed − baseline; the effect is the
		// improvement, and the relative interval is of o/b − 1.
		lo, hi := sg*f("low"), sg*f("high")
		rlo, rhi := sg*(f("ratio_low")-1), sg*(f("ratio_high")-1)
		checks := []struct {
			name      string
			got, want float64
		}{
			{"n_treated", float64(e.NTreatment), f("n_treated")},
			{"n_control", float64(e.NBaseline), f("n_control")},
			{"observed", e.Observed, f("observed")},
			{"baseline", e.Baseline, f("baseline")},
			{"effect", e.Effect, sg * f("estimate")},
			{"se", e.SE, f("se")},
			{"low", e.Low, math.Min(lo, hi)},
			{"high", e.High, math.Max(lo, hi)},
			{"p", e.P, f("p")},
			{"df", e.DF, f("df")},
			{"relative_low", e.RelativeLow, math.Min(rlo, rhi)},
			{"relative_high", e.RelativeHigh, math.Max(rlo, rhi)},
			{"relative", e.Relative, sg * (f("observed") - f("baseline")) / f("baseline")},
		}
		if want["clusters"] != "" {
			checks = append(checks, struct {
				name      string
				got, want float64
			}{"clusters", float64(e.Clusters), f("clusters")})
		}
		for _, c := range checks {
			if !attClose(c.got, c.want) {
				t.Errorf("%s %s %s: %s = %.17g, R %.17g", v, want["metric"], want["cohort"], c.name, c.got, c.want)
			}
			checked++
		}
		if !e.Matched || e.TreatedAll < e.NTreatment {
			t.Errorf("%s %s %s: matched %v, treated %d of %d", v, want["metric"], want["cohort"], e.Matched, e.NTreatment, e.TreatedAll)
		}
	}
	if checked < want {
		t.Errorf("only %d values checked", checked)
	}
}

// TestMatchedRecovery: on simulated data with a known effect and
// confounding (testdata/reference/att/cases/recovery: the treated are
// younger, with more prior offences, which drive every outcome), the naive
// comparison's interval misses the true effect and the matched one (R
// MatchIt's 1:1 weights) covers it, for every metric.
func TestMatchedRecovery(t *testing.T) {
	// The true effects of gen.R's outcomes(), as improvements.
	truth := map[string]float64{"reoffend": 0.08, "convictions": 0.3, "earnings": 1000}
	naive := estimateMatched(t, matchedFolder(t, "recovery", ""), 0)
	matched := estimateMatched(t, matchedFolder(t, "recovery", "weights/k1.csv"), 0)
	for metric, want := range truth {
		n, m := findEffect(naive, metric, "2025"), findEffect(matched, metric, "2025")
		if n.Matched || !m.Matched {
			t.Fatalf("%s: naive matched %v, matched %v", metric, n.Matched, m.Matched)
		}
		if n.Low <= want && want <= n.High {
			t.Errorf("%s: the naive interval [%g, %g] covers the truth %g: no confounding to remove", metric, n.Low, n.High, want)
		}
		if !(m.Low <= want && want <= m.High) {
			t.Errorf("%s: the matched interval [%g, %g] misses the truth %g", metric, m.Low, m.High, want)
		}
		t.Logf("%s: truth %g, naive %.4g [%.4g, %.4g], matched %.4g [%.4g, %.4g]", metric, want, n.Effect, n.Low, n.High, m.Effect, m.Low, m.High)
	}
}

// TestMatchedWorkers: the matched effects do not depend on the number of
// workers reading participants.csv.
func TestMatchedWorkers(t *testing.T) {
	dir := matchedFolder(t, "att", "weights/k3.csv")
	one := estimateMatched(t, dir, 1)
	for _, w := range []int{2, 5} {
		other := estimateMatched(t, dir, w)
		for i := range one.Effects {
			a, b := one.Effects[i], other.Effects[i]
			if a.Effect != b.Effect || a.SE != b.SE || a.RelativeLow != b.RelativeLow {
				t.Errorf("workers %d: %s %s differs: %v vs %v", w, a.Metric, a.Cohort, a, b)
			}
		}
	}
}

// engineFolder builds case dir with matching.csv and covariates.csv, so
// that Load matches with package matching.
func engineFolder(t *testing.T, dir string) *Result {
	t.Helper()
	out := matchedFolder(t, dir, "")
	for _, name := range []string{MatchingFile, CovariatesFile} {
		copyFile(t, filepath.Join(attDir, dir, "matching", name), filepath.Join(out, name))
	}
	s, err := Load(out, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Estimate(context.Background(), s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestMatchedRecoveryEngine is TestMatchedRecovery with the engine's own
// matching (matching.csv: 1:1 nearest neighbour on the linear logit,
// without replacement, as R's weights/k1.csv): the matched interval covers
// the truth. How far its effects are from R MatchIt's is logged: ties in
// the propensity score (whole prior counts, ages to a tenth) may be broken
// differently.
func TestMatchedRecoveryEngine(t *testing.T) {
	truth := map[string]float64{"reoffend": 0.08, "convictions": 0.3, "earnings": 1000}
	res := engineFolder(t, "recovery")
	r := estimateMatched(t, matchedFolder(t, "recovery", "weights/k1.csv"), 0)
	for metric, want := range truth {
		e, re := findEffect(res, metric, "2025"), findEffect(r, metric, "2025")
		if !e.Matched {
			t.Fatalf("%s: not matched", metric)
		}
		if !(e.Low <= want && want <= e.High) {
			t.Errorf("%s: the matched interval [%g, %g] misses the truth %g", metric, e.Low, e.High, want)
		}
		t.Logf("%s: engine %.6g (se %.6g), with R MatchIt's weights %.6g (se %.6g)", metric, e.Effect, e.SE, re.Effect, re.SE)
	}
}

// TestMatchedEngineCohorts runs the engine's matching on the two-cohort
// case (pool members serving every cohort or one) and checks the
// structure every estimate relies on.
func TestMatchedEngineCohorts(t *testing.T) {
	res := engineFolder(t, "att")
	for _, e := range res.Effects {
		if !e.Matched || e.NTreatment == 0 || e.NBaseline == 0 || e.Clusters == 0 {
			t.Errorf("%s %s: %+v", e.Metric, e.Cohort, e)
		}
	}
}
