package matching

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// runBenchDir, when set, makes TestWriteRunBenchData write the data of
// BenchmarkRun as outcomes-folder files (covariates.csv, matching.csv),
// for `sib match` and R (testdata/reference/matchbench/glm.R).
var runBenchDir = flag.String("matchbench.data", "", "write BenchmarkRun's data to this folder")

// runBenchLevels are the categorical covariate's levels.
var runBenchLevels = []string{"drugs", "property", "theft", "violent"}

// runBenchData is issue 20's benchmark data: n1 treated (cohort 2024)
// spread through n1+n0 rows, the pool with an empty cohort (candidates
// for every cohort), and 10 covariates: x1..x7 standard normal, shifted
// by 0.2 for the treated; b1, b2 binary (0/1 numeric), with probability
// 0.3 and 0.5, 0.1 higher for the treated; and off, categorical with 4
// levels whose probabilities differ by group. The propensity model is
// then close to, though not exactly, a logistic in these covariates.
func runBenchData(n1, n0 int, seed uint64) *Data {
	rng := rand.New(rand.NewPCG(seed, 20))
	n := n1 + n0
	d := &Data{Source: "covariates.csv", IDs: make([]string, n), Treated: make([]bool, n), Cohort: make([]string, n)}
	for j := range 7 {
		d.Columns = append(d.Columns, Column{Name: fmt.Sprintf("x%d", j+1), Values: make([]float64, n)})
	}
	d.Columns = append(d.Columns,
		Column{Name: "b1", Values: make([]float64, n)},
		Column{Name: "b2", Values: make([]float64, n)},
		Column{Name: "off", Categorical: true, Codes: make([]int32, n), Levels: runBenchLevels})
	step := float64(n) / float64(n1)
	for i := range n1 {
		d.Treated[int(float64(i)*step)] = true
	}
	// Cumulative level probabilities, pool and treated.
	cum := [2][4]float64{{0.4, 0.7, 0.9, 1}, {0.3, 0.55, 0.8, 1}}
	for i := range n {
		t := 0
		if d.Treated[i] {
			t = 1
			d.Cohort[i] = "2024"
		}
		d.IDs[i] = "U" + strconv.Itoa(i+1)
		for j := range 7 {
			d.Columns[j].Values[i] = rng.NormFloat64() + 0.2*float64(t)
		}
		if rng.Float64() < 0.3+0.1*float64(t) {
			d.Columns[7].Values[i] = 1
		}
		if rng.Float64() < 0.5+0.1*float64(t) {
			d.Columns[8].Values[i] = 1
		}
		u := rng.Float64()
		lev := int32(0)
		for u >= cum[t][lev] && lev < 3 {
			lev++
		}
		d.Columns[9].Codes[i] = lev
	}
	return d
}

// runBenchCases are BenchmarkRun's two cases.
var runBenchCases = []struct {
	name   string
	n1, n0 int
	k      int
}{
	{"10k-1M-k10", 10_000, 1_000_000, 10},
	{"1M-9M-k1", 1_000_000, 9_000_000, 1},
}

func runBenchSpec(k int) *Spec {
	s := DefaultSpec()
	s.Categorical = []string{"off"}
	s.Options.K = k
	s.Options.Caliper = 0.2
	return s
}

// BenchmarkRun is issue 20's benchmark on the whole chain Run does: the
// design, the IRLS fit, the distance, the nearest-neighbour matching
// without replacement with a caliper of 0.2 SD of the linear logit, and
// the balance (cohort and pooled): 10,000 treated against a pool of
// 1,000,000, k = 10; and 10 million rows (1,000,000 treated) 1:1.
func BenchmarkRun(b *testing.B) {
	for _, c := range runBenchCases {
		b.Run(c.name, func(b *testing.B) {
			if c.n1+c.n0 > 2_000_000 && testing.Short() {
				b.Skip("10 million rows need about 3 GB")
			}
			d := runBenchData(c.n1, c.n0, 1)
			spec := runBenchSpec(c.k)
			var res *Result
			var err error
			b.ReportAllocs()
			cpu0 := cpuTime()
			for b.Loop() {
				res, err = Run(context.Background(), d, spec)
				if err != nil {
					b.Fatal(err)
				}
			}
			if cpu := cpuTime() - cpu0; cpu > 0 {
				b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
			}
			m := res.Cohorts[0].Matches
			var nc int
			for j, w := range m.Weights {
				if !d.Treated[res.Cohorts[0].Rows[j]] && w > 0 {
					nc++
				}
			}
			b.ReportMetric(float64(len(m.Treated)-m.Unmatched), "treated-matched")
			b.ReportMetric(float64(nc), "controls-matched")
			b.ReportMetric(float64(res.Fit.Iter), "iterations")
		})
	}
}

// TestRunBenchData checks, on a small case, that the benchmark's data
// make a sensible problem: the fit converges, most treated are matched
// and the distance's balance improves.
func TestRunBenchData(t *testing.T) {
	d := runBenchData(200, 20_000, 1)
	res, err := Run(context.Background(), d, runBenchSpec(10))
	if err != nil {
		t.Fatal(err)
	}
	if !res.Fit.Converged {
		t.Fatal("the fit did not converge")
	}
	m := res.Cohorts[0].Matches
	if m.Unmatched > 20 {
		t.Errorf("%d of 200 treated unmatched", m.Unmatched)
	}
	before, after := res.Pooled.Before[0].SMD, res.Pooled.After[0].SMD
	if !(math.Abs(after) < math.Abs(before)/5) {
		t.Errorf("distance SMD %g before, %g after", before, after)
	}
	// With one cohort Run computes the balance once, on the data in
	// place: the same table as on the stacked copy of the rows.
	x, err := NewDesign(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	st := stack(d, x, res.Fit.Logit, res.Cohorts)
	want := NewBalance(st.d, st.x, st.dist, st.d.Treated, st.weights(res.Cohorts))
	for _, got := range []*Balance{res.Pooled, res.Cohorts[0].Balance} {
		if g, w := fmt.Sprint(got.Before, got.After, got.All, got.Matched), fmt.Sprint(want.Before, want.After, want.All, want.Matched); g != w {
			t.Errorf("balance\n%s\nstacked\n%s", g, w)
		}
	}
}

// TestWriteRunBenchData writes BenchmarkRun's data sets as outcomes
// folders <dir>/<case>/ with covariates.csv and matching.csv. With
// -matchbench.data DIR; about 100 MB and 1 GB.
func TestWriteRunBenchData(t *testing.T) {
	if *runBenchDir == "" {
		t.Skip("-matchbench.data not set")
	}
	for _, c := range runBenchCases {
		dir := filepath.Join(*runBenchDir, c.name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		spec := fmt.Sprintf("setting,value\ncategorical,off\nk,%d\ncaliper,0.2\n", c.k)
		if err := os.WriteFile(filepath.Join(dir, "matching.csv"), []byte(spec), 0o644); err != nil {
			t.Fatal(err)
		}
		d := runBenchData(c.n1, c.n0, 1)
		f, err := os.Create(filepath.Join(dir, "covariates.csv"))
		if err != nil {
			t.Fatal(err)
		}
		w := bufio.NewWriterSize(f, 1<<20)
		w.WriteString("id,group,cohort")
		for _, col := range d.Columns {
			w.WriteString("," + col.Name)
		}
		w.WriteByte('\n')
		var b []byte
		for i := range d.IDs {
			b = b[:0]
			b = append(b, d.IDs[i]...)
			if d.Treated[i] {
				b = append(b, ",treatment,"...)
			} else {
				b = append(b, ",comparison,"...)
			}
			b = append(b, d.Cohort[i]...)
			for _, col := range d.Columns {
				b = append(b, ',')
				if col.Categorical {
					b = append(b, col.Levels[col.Codes[i]]...)
				} else {
					b = strconv.AppendFloat(b, col.Values[i], 'f', -1, 64) // sib reads no exponents
				}
			}
			b = append(b, '\n')
			w.Write(b)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRunBenchGLM checks the propensity fit of BenchmarkRun's 10k-1M
// case against R's glm on the same data (testdata/reference/matchbench/
// glm.R; its output, recorded in glm_1M.txt): coefficients and deviance
// to 1e-9 relative.
func TestRunBenchGLM(t *testing.T) {
	if testing.Short() {
		t.Skip("a million rows")
	}
	raw, err := os.ReadFile("../../testdata/reference/matchbench/glm_1M.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{}
	var deviance float64
	for _, line := range strings.Split(string(raw), "\n") {
		f := strings.Fields(line)
		if i := strings.Index(line, "deviance "); i >= 0 {
			deviance, err = strconv.ParseFloat(strings.TrimSpace(line[i+len("deviance "):]), 64)
			if err != nil {
				t.Fatal(err)
			}
		}
		if len(f) == 2 && !strings.HasPrefix(line, "#") {
			if v, err := strconv.ParseFloat(f[1], 64); err == nil {
				want[f[0]] = v
			}
		}
	}
	d := runBenchData(10_000, 1_000_000, 1)
	x, err := NewDesign(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	fit, err := FitLogit(context.Background(), x, d.Treated, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != len(fit.Names) || deviance == 0 {
		t.Fatalf("R gives %d coefficients and deviance %g; the fit %d", len(want), deviance, len(fit.Names))
	}
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }
	for k, name := range fit.Names {
		w, ok := want[name]
		if !ok || !near(fit.Coef[k], w) {
			t.Errorf("%s: %.17g, R %.17g (given: %v)", name, fit.Coef[k], w, ok)
		}
	}
	if !near(fit.Deviance, deviance) {
		t.Errorf("deviance %.17g, R %.17g", fit.Deviance, deviance)
	}
}
