package outcomes

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sib-engine/sib/outcomes/matching"
)

// A small matched folder: two cohorts, three treated, a pool of five
// (P1 and P2 serve every cohort, P3 only cohort a).
const (
	smallMetrics = "metric,kind,direction,method,treatment,comparison,post\n" +
		"reoffend,binary,lower,comparison,treatment,comparison,2025\n" +
		"earnings,continuous,higher,comparison,treatment,comparison,2025\n"
	smallParticipants = "id,group,cohort,period,reoffend,earnings\n" +
		"T1,treatment,a,2025,0,12000\n" +
		"T2,treatment,a,2025,1,9000\n" +
		"T5,treatment,a,2025,1,10500\n" +
		"T3,treatment,b,2025,0,15000\n" +
		"T4,treatment,b,2025,1,8000\n" +
		"P1,comparison,,2025,0,10000\n" +
		"P2,comparison,,2025,0,11000\n" +
		"P3,comparison,a,2025,1,7000\n" +
		"P4,comparison,,2025,1,9500\n" +
		"P5,comparison,b,2025,0,13000\n" +
		"P6,comparison,a,2025,0,9000\n"
	smallWeights = "cohort,id,group,weight,subclass\n" +
		"a,T1,treatment,1,1\n" +
		"a,P2,comparison,1,1\n" +
		"a,T2,treatment,1,2\n" +
		"a,P3,comparison,1,2\n" +
		"a,T5,treatment,1,3\n" +
		"a,P6,comparison,1,3\n" +
		"b,T3,treatment,1,4\n" +
		"b,P5,comparison,1,4\n" +
		"b,T4,treatment,1,5\n" +
		"b,P1,comparison,1,5\n"
)

func writeMatched(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func smallFolder(t *testing.T, weights string) string {
	return writeMatched(t, map[string]string{MetricsFile: smallMetrics, ParticipantsFile: smallParticipants, WeightsFile: weights})
}

func TestMatchedSmall(t *testing.T) {
	s, err := Load(smallFolder(t, smallWeights), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Estimate(context.Background(), s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Cohort a: treated earnings 12000, 9000, 10500 (mean 10500); matches
	// 11000, 7000, 9000 (mean 9000): effect 1500. Cohort b: 11500 against
	// 11500. Pooled: treated 10900, matches 10000: 900.
	want := map[string]float64{"a": 1500, "b": 0, PooledCohort: 900}
	clusters := map[string]int{"a": 3, "b": 2, PooledCohort: 5}
	for c, w := range want {
		e := findEffect(res, "earnings", c)
		if e == nil || e.Effect != w || !e.Matched || e.Clusters != clusters[c] || e.SEMethod != SEClusterHC1 {
			t.Errorf("cohort %s: %+v, want effect %g", c, e, w)
		}
	}
	// P4 has no weight: five treated, five matches in the pooled row.
	if e := findEffect(res, "reoffend", PooledCohort); e.NTreatment != 5 || e.NBaseline != 5 || e.TreatedAll != 5 {
		t.Errorf("pooled: n %d + %d of %d", e.NTreatment, e.NBaseline, e.TreatedAll)
	}
}

// TestMatchedDropped: a treated participant absent from weights.csv has
// weight 0: it is left out, and a warning says how many.
func TestMatchedDropped(t *testing.T) {
	w := strings.Replace(smallWeights, "a,T5,treatment,1,3\n", "", 1)
	s, err := Load(smallFolder(t, w), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Estimate(context.Background(), s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := findEffect(res, "earnings", "a")
	if e.NTreatment != 2 || e.TreatedAll != 3 {
		t.Errorf("cohort a: %d of %d treated", e.NTreatment, e.TreatedAll)
	}
	if !strings.Contains(strings.Join(res.Warnings, "\n"), "1 of the 3 treatment values have no match") {
		t.Errorf("warnings: %q", res.Warnings)
	}
}

func TestMatchedReplace(t *testing.T) {
	w := "cohort,id,group,weight,subclass\n" +
		"a,T1,treatment,1,\na,T2,treatment,1,\na,T5,treatment,1,\na,P2,comparison,3,\n" +
		"b,T3,treatment,1,\nb,T4,treatment,1,\nb,P5,comparison,1,\nb,P1,comparison,1,\n"
	s, err := Load(smallFolder(t, w), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Estimate(context.Background(), s, Options{})
	if err == nil || !strings.Contains(err.Error(), "HC3 is undefined with one matched comparison") {
		t.Fatalf("got %v, %v", res, err)
	}
}

func TestMatchedErrors(t *testing.T) {
	line := func(w string, n int, repl string) string {
		ls := strings.Split(w, "\n")
		ls[n-1] = repl
		return strings.Join(ls, "\n")
	}
	cases := []struct {
		name  string
		files map[string]string
		want  string
		is    error
	}{
		{"negative weight", map[string]string{WeightsFile: line(smallWeights, 3, "a,P2,comparison,-1,1")},
			"weights.csv:3:4: weight: ", ErrRange},
		{"non-finite weight", map[string]string{WeightsFile: line(smallWeights, 3, "a,P2,comparison,1e999,1")},
			"weights.csv:3:4: weight: ", nil},
		{"duplicate", map[string]string{WeightsFile: line(smallWeights, 4, "a,T1,treatment,1,2")},
			"weights.csv:4:2: id: invalid input: participant \"T1\" has a second row for cohort a (the first is on line 2)", ErrInput},
		{"unknown id", map[string]string{WeightsFile: line(smallWeights, 3, "a,P9,comparison,1,1")},
			"weights.csv:3:2: id: unknown name: participant \"P9\" of group comparison has no record in", ErrUnknown},
		{"pool of another cohort", map[string]string{WeightsFile: line(smallWeights, 9, "b,P3,comparison,1,4")},
			"weights.csv:9:2: id: unknown name: participant \"P3\"", ErrUnknown},
		{"unknown cohort", map[string]string{CohortsFile: "cohort\na\nb\n", WeightsFile: line(smallWeights, 3, "c,P2,comparison,1,1")},
			"weights.csv:3:1: cohort: unknown name: cohort \"c\" is not in", ErrUnknown},
		{"unknown group", map[string]string{WeightsFile: line(smallWeights, 3, "a,P2,control,1,1")},
			"weights.csv:3:3: group: unknown name: group \"control\"", ErrUnknown},
		{"mixed subclass", map[string]string{WeightsFile: line(smallWeights, 3, "a,P2,comparison,1,")},
			"weights.csv:3:5: subclass: invalid input: no subclass here but one on line 2", ErrInput},
		{"subclass across cohorts", map[string]string{WeightsFile: line(smallWeights, 9, "b,P5,comparison,1,1")},
			"weights.csv:9:5: subclass: invalid input: subclass 1 is in cohort b here and in cohort a on line 2", ErrInput},
		{"both", map[string]string{MatchingFile: "setting,value\n", CovariatesFile: "id,group,cohort\n"},
			"weights.csv: invalid input: give weights.csv (the weights of a matching done before) or matching.csv and covariates.csv (to match here), not both: remove weights.csv, or matching.csv", ErrInput},
		{"aggregates", map[string]string{ParticipantsFile: "", AggregatesFile: "metric,group,cohort,period,n,events\n"},
			"a matched comparison weighs participants", ErrInput},
		{"one group", map[string]string{WeightsFile: "cohort,id,group,weight,subclass\na,T1,treatment,1,1\n"},
			"only group treatment", ErrNoMembers},
		{"pool only in a cohort", map[string]string{WeightsFile: smallWeights + "c,P4,comparison,1,9\n"},
			"weights.csv:12:1: cohort: group with no members: cohort c has no treated participant", ErrNoMembers},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]string{MetricsFile: smallMetrics, ParticipantsFile: smallParticipants, WeightsFile: smallWeights}
			for k, v := range c.files {
				files[k] = v
				if v == "" {
					delete(files, k)
				}
			}
			_, err := Load(writeMatched(t, files), LoadOptions{})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v\nwant %s", err, c.want)
			}
			if c.is != nil && !errors.Is(err, c.is) {
				t.Errorf("%v does not wrap %v", err, c.is)
			}
		})
	}
}

// TestMatchedOtherMethods: a metric comparing the matched groups by
// another method is estimated unweighted, with a warning saying so.
func TestMatchedOtherMethods(t *testing.T) {
	metrics := smallMetrics + "earnings_hist,continuous,higher,historical,treatment,comparison,\n"
	metrics = strings.Replace(metrics, "method,treatment,comparison,post", "method,treatment,comparison,post,pre", 1)
	metrics = strings.ReplaceAll(metrics, ",2025\n", ",2025,\n")
	metrics = strings.Replace(metrics, "historical,treatment,comparison,\n", "historical,treatment,comparison,2025,2024\n", 1)
	parts := strings.Replace(smallParticipants, "id,group,cohort,period,reoffend,earnings", "id,group,cohort,period,reoffend,earnings,earnings_hist", 1)
	var b strings.Builder
	for i, l := range strings.Split(strings.TrimSpace(parts), "\n") {
		b.WriteString(l)
		if i > 0 {
			b.WriteString(",")
			if strings.Contains(l, "treatment") {
				b.WriteString("100")
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("Q1,comparison,,2024,,,90\nQ2,comparison,,2024,,,95\n")
	s, err := Load(writeMatched(t, map[string]string{MetricsFile: metrics, ParticipantsFile: b.String(), WeightsFile: smallWeights}), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Estimate(context.Background(), s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(res.Warnings, "\n"), "metric earnings_hist: method historical compares the groups treatment and comparison unweighted") {
		t.Errorf("warnings: %q", res.Warnings)
	}
	if e := findEffect(res, "earnings_hist", "a"); e.Matched {
		t.Errorf("historical effect marked matched")
	}
}

// TestMatchingFromResult: a matching done by package matching becomes the
// units a study weighs, with matched sets unique across cohorts.
func TestMatchingFromResult(t *testing.T) {
	d := &matching.Data{IDs: []string{"T1", "T2", "P1", "P2", "P3"}, Treated: []bool{true, true, false, false, false}, Cohort: []string{"a", "b", "", "", "b"}}
	r := &matching.Result{
		Spec: &matching.Spec{Treatment: "treatment", Pool: "comparison"},
		Data: d,
		Cohorts: []matching.CohortMatch{
			{Cohort: "a", Rows: []int32{0, 2, 3}, Matches: &matching.Matches{Weights: []float64{1, 1, 0}, Subclass: []int32{1, 1, 0}, Warnings: []string{"w"}}},
			{Cohort: "b", Rows: []int32{1, 2, 3, 4}, Matches: &matching.Matches{Weights: []float64{1, 0.5, 0, 0.5}, Subclass: []int32{1, 1, 0, 1}}},
		},
	}
	m := MatchingFromResult(r)
	got := ""
	for _, u := range m.Units {
		got += fmt.Sprintf("%s %s %s %g %d\n", u.Cohort, u.ID, u.Group, u.Weight, u.Subclass)
	}
	want := "a T1 treatment 1 1\na P1 comparison 1 1\nb T2 treatment 1 2\nb P1 comparison 0.5 2\nb P3 comparison 0.5 2\n"
	if got != want || len(m.Warnings) != 1 || m.Warnings[0] != "cohort a: w" {
		t.Errorf("got\n%swant\n%s%q", got, want, m.Warnings)
	}
}

// TestMatchedBootstrap: the bootstrap of matched sets is the same for any
// number of workers, and close to the cluster-robust interval on the
// reference data (it approximates it).
func TestMatchedBootstrap(t *testing.T) {
	for _, c := range [][2]string{{"att", "k3"}, {"att", "k1-replace"}, {"did", "k2"}, {"did", "k2-replace"}} {
		v := c[0] + "/" + c[1]
		s, err := Load(matchedFolder(t, c[0], "weights/"+c[1]+".csv"), LoadOptions{KeepValues: true})
		if err != nil {
			t.Fatal(err)
		}
		one, err := Estimate(context.Background(), s, Options{Bootstrap: 2000, Seed: 3, Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		four, err := Estimate(context.Background(), s, Options{Bootstrap: 2000, Seed: 3, Workers: 4})
		if err != nil {
			t.Fatal(err)
		}
		for i, e := range one.Effects {
			f := four.Effects[i]
			if e.BootLow != f.BootLow || e.BootHigh != f.BootHigh || e.BootReplicates != 2000 {
				t.Errorf("%s %s %s: workers change the interval: [%g, %g] vs [%g, %g] (%d)", v, e.Metric, e.Cohort, e.BootLow, e.BootHigh, f.BootLow, f.BootHigh, e.BootReplicates)
			}
			// Widths within 15% of the analytic interval's.
			if r := (e.BootHigh - e.BootLow) / (e.High - e.Low); r < 0.85 || r > 1.15 {
				t.Errorf("%s %s %s: bootstrap [%g, %g] against [%g, %g]: width ratio %.3f", v, e.Metric, e.Cohort, e.BootLow, e.BootHigh, e.Low, e.High, r)
			}
		}
	}
}
