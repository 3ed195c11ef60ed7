package matching

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func readSmall(t *testing.T, settings ...string) (*Data, *Spec) {
	t.Helper()
	s := spec(t, settings...)
	d, err := ReadData(strings.NewReader(smallData), "covariates.csv", s)
	if err != nil {
		t.Fatal(err)
	}
	return d, s
}

func TestCohortOrder(t *testing.T) {
	d, _ := readSmall(t, "categorical,sex offence")
	got, err := cohortOrder(d, nil)
	if err != nil || !slices.Equal(got, []string{"2024", "2025"}) {
		t.Errorf("sorted: %v %v", got, err)
	}
	got, err = cohortOrder(d, []string{"2023", "2025", "2024"})
	if err != nil || !slices.Equal(got, []string{"2025", "2024"}) {
		t.Errorf("given: %v %v", got, err)
	}
	if _, err := cohortOrder(d, []string{"2025"}); err == nil || !strings.Contains(err.Error(), "cohort 2024 of treated units") {
		t.Errorf("a cohort left out: %v", err)
	}
}

// TestCohortRows: a cohort's rows are its treated, its pool units and the
// pool units of every cohort, in Data order; pool units of a cohort with
// no treated are counted as unused.
func TestCohortRows(t *testing.T) {
	d, _ := readSmall(t, "categorical,sex offence")
	d.Cohort[4] = "2023" // p3 now serves a cohort without treated units
	rows, unused := cohortRows(d, []string{"2024", "2025"})
	if !slices.Equal(rows[0], []int32{0, 2, 3}) || !slices.Equal(rows[1], []int32{1, 2}) {
		t.Errorf("rows %v", rows)
	}
	if len(unused) != 1 || unused["2023"] != 1 {
		t.Errorf("unused %v", unused)
	}
}

func TestStrata(t *testing.T) {
	d, _ := readSmall(t, "categorical,sex offence")
	if strata([]int32{0, 1}, nil) != nil {
		t.Error("strata without exact covariates")
	}
	sex, emp := &d.Columns[1], &d.Columns[3]
	got := strata([]int32{0, 1, 2, 3, 4}, []*Column{sex})
	if !slices.Equal(got, []int32{0, 1, 0, 1, 0}) {
		t.Errorf("sex: %v", got)
	}
	// m0 f1 m0 f1 m0 by employed_before: cells in order of appearance.
	got = strata([]int32{4, 3, 2, 1, 0}, []*Column{sex, emp})
	if !slices.Equal(got, []int32{0, 1, 0, 1, 0}) {
		t.Errorf("sex × employed: %v", got)
	}
	emp.Values[0] = math.Copysign(0, -1) // -0 and 0 are one cell
	emp.Values[2] = 1
	got = strata([]int32{0, 2, 4}, []*Column{emp})
	if !slices.Equal(got, []int32{0, 1, 0}) {
		t.Errorf("-0: %v", got)
	}
}

func TestRenumber(t *testing.T) {
	a := []int32{1, 0, 2, 1, 2}
	b := []int32{0, 1, 1, 3, 2, 3}
	off := renumber(a, 0)
	off = renumber(b, off)
	if !slices.Equal(a, []int32{1, 0, 2, 1, 2}) || !slices.Equal(b, []int32{0, 3, 3, 5, 4, 5}) || off != 5 {
		t.Errorf("a %v b %v offset %d", a, b, off)
	}
}

// TestStack: the stacked rows repeat a pool unit of every cohort in each,
// and a slice is the cohort's rows.
func TestStack(t *testing.T) {
	d, _ := readSmall(t, "categorical,sex offence")
	x := &Design{Names: []string{"(Intercept)", "age"}, Of: []int{-1, 0}, Cols: [][]float64{{1, 1, 1, 1, 1}, d.Columns[0].Values}}
	dist := []float64{0.1, 0.2, 0.3, 0.4, 0.5}
	cms := []CohortMatch{{Cohort: "2024", Rows: []int32{0, 2, 3}, Matches: &Matches{Weights: []float64{1, 1, 0}}},
		{Cohort: "2025", Rows: []int32{1, 2, 4}, Matches: &Matches{Weights: []float64{1, 0.5, 0.5}}}}
	st := stack(d, x, dist, cms)
	if !slices.Equal(st.d.IDs, []string{"t1", "p1", "p2", "t2", "p1", "p3"}) || !slices.Equal(st.dist, []float64{0.1, 0.3, 0.4, 0.2, 0.3, 0.5}) {
		t.Errorf("stack %v %v", st.d.IDs, st.dist)
	}
	if !slices.Equal(st.x.Cols[1], []float64{25, 40, 22, 31.5, 40, 35}) || !slices.Equal(st.d.Columns[2].Codes, []int32{2, 1, 2, 0, 1, 0}) {
		t.Errorf("columns %v %v", st.x.Cols[1], st.d.Columns[2].Codes)
	}
	if w := st.weights(cms); !slices.Equal(w, []float64{1, 1, 0, 1, 0.5, 0.5}) {
		t.Errorf("weights %v", w)
	}
	part := st.slice(3, 6)
	if !slices.Equal(part.d.IDs, []string{"t2", "p1", "p3"}) || !slices.Equal(part.d.Treated, []bool{true, false, false}) || !slices.Equal(part.d.Columns[0].Values, []float64{31.5, 40, 35}) || part.d.Len() != 3 {
		t.Errorf("slice %+v", part.d)
	}
}

// weightsResult is a result built by hand: cohort 2024 matched t1 to p1
// (p2 unmatched), cohort 2025 matched t2 to p1 and p3, subclasses
// renumbered.
func weightsResult(t *testing.T, replace bool) *Result {
	d, s := readSmall(t, "categorical,sex offence")
	s.Options.Replace = replace
	return &Result{Spec: s, Data: d, Cohorts: []CohortMatch{
		{Cohort: "2024", Rows: []int32{0, 2, 3}, Matches: &Matches{Weights: []float64{1, 1, 0}, Subclass: []int32{1, 1, 0}}},
		{Cohort: "2025", Rows: []int32{1, 2, 4}, Matches: &Matches{Weights: []float64{1, 1.0 / 3 * 2, 4.0 / 3}, Subclass: []int32{2, 2, 2}}},
	}}
}

func TestWriteWeights(t *testing.T) {
	var b bytes.Buffer
	if err := WriteWeights(&b, weightsResult(t, false)); err != nil {
		t.Fatal(err)
	}
	want := "cohort,id,group,weight,subclass\n" +
		"2024,t1,treatment,1,1\n" +
		"2024,p1,comparison,1,1\n" +
		"2025,t2,treatment,1,2\n" +
		"2025,p1,comparison,0.666666666667,2\n" +
		"2025,p3,comparison,1.33333333333,2\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	b.Reset()
	if err := WriteWeights(&b, weightsResult(t, true)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "2025,p3,comparison,1.33333333333,\n") {
		t.Errorf("with replacement, the subclass is empty:\n%s", b.String())
	}
	r := weightsResult(t, false)
	r.Data.IDs[0] = `t"1,x`
	b.Reset()
	_ = WriteWeights(&b, r)
	if !strings.Contains(b.String(), "\n2024,\"t\"\"1,x\",treatment,1,1\n") {
		t.Errorf("quoting:\n%s", b.String())
	}
}

// genData is a two-cohort matching problem: the treated are younger and
// have fewer priors; pool units of cohort 2024, 2025 and every cohort.
func genData(n int, seed uint64) *Data {
	rng := rand.New(rand.NewPCG(seed, 1))
	d := &Data{Source: "gen", Columns: []Column{{Name: "age"}, {Name: "priors"}, {Name: "sex", Categorical: true, Levels: []string{"f", "m"}}}}
	for i := range n {
		treated := rng.Float64() < 0.2
		cohort := []string{"2024", "2025", ""}[rng.IntN(3)]
		if treated && cohort == "" {
			cohort = "2024"
		}
		age := 20 + 30*rng.Float64()
		priors := float64(rng.IntN(10))
		if treated {
			age -= 5
			priors = math.Max(0, priors-2)
		}
		d.IDs = append(d.IDs, fmt.Sprint("u", i))
		d.Treated = append(d.Treated, treated)
		d.Cohort = append(d.Cohort, cohort)
		d.Line = append(d.Line, i+2)
		d.Columns[0].Values = append(d.Columns[0].Values, math.Round(age))
		d.Columns[1].Values = append(d.Columns[1].Values, priors)
		d.Columns[2].Codes = append(d.Columns[2].Codes, int32(rng.IntN(2)))
	}
	return d
}

// TestRunEndToEnd: the chain over two cohorts. Every treated unit's
// matched controls are of its cohort or of none, and of its sex (exact);
// treated weights are 1; the controls' weights of a cohort sum to the
// number of controls matched (MatchIt's rescaling); subclasses are
// numbered across cohorts without gaps; WriteWeights writes a row per
// positive weight.
func TestRunEndToEnd(t *testing.T) {
	d := genData(3000, 7)
	s := DefaultSpec()
	s.Exact = []string{"sex"}
	s.Options.K, s.Options.Caliper = 3, 0.2
	res, err := Run(context.Background(), d, s)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Cohorts) != 2 || res.Cohorts[0].Cohort != "2024" || res.Pooled == nil {
		t.Fatalf("cohorts %d", len(res.Cohorts))
	}
	rows, sets := 0, map[int32]bool{}
	for _, cm := range res.Cohorts {
		m := cm.Matches
		if len(m.Weights) != len(cm.Rows) || len(m.Subclass) != len(cm.Rows) || cm.Balance == nil {
			t.Fatalf("cohort %s: %d weights, %d subclasses for %d rows", cm.Cohort, len(m.Weights), len(m.Subclass), len(cm.Rows))
		}
		controls, sum := map[int32]bool{}, 0.0
		for k, tr := range m.Treated {
			ti := cm.Rows[tr]
			for _, c := range m.Controls[k] {
				ci := cm.Rows[c]
				controls[c] = true
				if d.Treated[ci] || (d.Cohort[ci] != "" && d.Cohort[ci] != cm.Cohort) || d.Columns[2].Codes[ci] != d.Columns[2].Codes[ti] {
					t.Fatalf("cohort %s: treated %s matched to %s", cm.Cohort, d.IDs[ti], d.IDs[ci])
				}
			}
		}
		for j, w := range m.Weights {
			i := cm.Rows[j]
			switch {
			case math.IsNaN(w) || w < 0:
				t.Fatalf("weight %v", w)
			case d.Treated[i] && w != 0 && w != 1:
				t.Fatalf("treated weight %v", w)
			case !d.Treated[i]:
				sum += w
			}
			if w > 0 {
				rows++
			}
			if m.Subclass[j] > 0 {
				sets[m.Subclass[j]] = true
			}
		}
		if math.Abs(sum-float64(len(controls))) > 1e-9 {
			t.Errorf("cohort %s: control weights sum to %v, %d controls matched", cm.Cohort, sum, len(controls))
		}
	}
	for k := int32(1); k <= int32(len(sets)); k++ {
		if !sets[k] {
			t.Errorf("subclass %d missing of %d", k, len(sets))
		}
	}
	var b bytes.Buffer
	if err := WriteWeights(&b, res); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(b.String(), "\n") - 1; got != rows {
		t.Errorf("weights.csv has %d rows, %d weights are positive", got, rows)
	}
}

// TestRunErrors: a cohort without pool units, a caliper that drops every
// treated unit, an exact covariate that is not a column.
func TestRunErrors(t *testing.T) {
	d := genData(500, 3)
	s := DefaultSpec()
	s.Exact = []string{"region"}
	if _, err := Run(context.Background(), d, s); err == nil || !strings.Contains(err.Error(), `exact: "region" is not a covariate`) {
		t.Errorf("exact: %v", err)
	}
	for i := range d.IDs {
		if !d.Treated[i] && d.Cohort[i] != "2024" {
			d.Cohort[i] = "2024"
		}
		if d.Treated[i] {
			d.Cohort[i] = []string{"2024", "2025"}[i%2]
		}
	}
	_, err := Run(context.Background(), d, DefaultSpec())
	if err == nil || !strings.Contains(err.Error(), "cohort 2025 has no pool units") {
		t.Errorf("no pool: %v", err)
	}
	d = genData(500, 3)
	for i := range d.Columns[0].Values {
		d.Columns[0].Values[i] += float64(i) / 1000 // no two distances equal
	}
	s = DefaultSpec()
	s.Options.Caliper = 1e-12
	_, err = Run(context.Background(), d, s)
	if !errors.Is(err, ErrNoMatch) {
		t.Errorf("caliper: %v", err)
	}
}

// TestRunReference compares Run with R's MatchIt 4.5.1 run per cohort on
// the one model's distance (testdata/reference/cli: gen.py, reference.R,
// expected.csv): weights to 1e-9, discarded units, and the matched sets,
// whose numbers run on across cohorts in cohort order. The data hold pool
// units with the same covariates, hence the same distance, and MatchIt's
// general algorithm breaks such ties its own way (Nearest: the lower row
// of the sorted order), so controls are compared by tie class (cohort and
// distance): each class's summed weight, and each treated unit's set as
// the classes of its controls.
func TestRunReference(t *testing.T) {
	const dir = "../../testdata/reference/cli"
	exp, err := os.ReadFile(filepath.Join(dir, "expected.csv"))
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		weight    float64
		subclass  int32
		discarded bool
	}
	want := map[string]map[[2]string]row{} // case → (cohort, id)
	for _, line := range strings.Split(strings.TrimSpace(string(exp)), "\n")[1:] {
		f := strings.Split(line, ",")
		w, err := strconv.ParseFloat(f[3], 64)
		if err != nil {
			t.Fatal(err)
		}
		var sc int64
		if f[4] != "" {
			sc, _ = strconv.ParseInt(f[4], 10, 32)
		}
		if want[f[0]] == nil {
			want[f[0]] = map[[2]string]row{}
		}
		want[f[0]][[2]string{f[1], f[2]}] = row{w, int32(sc), f[5] == "1"}
	}
	for _, name := range []string{"exact", "replace", "discard"} {
		t.Run(name, func(t *testing.T) {
			fh, err := os.Open(filepath.Join(dir, "matching-"+name+".csv"))
			if err != nil {
				t.Fatal(err)
			}
			defer fh.Close()
			s, err := ReadSpec(fh, "matching.csv")
			if err != nil {
				t.Fatal(err)
			}
			cov, err := os.Open(filepath.Join(dir, "covariates.csv"))
			if err != nil {
				t.Fatal(err)
			}
			defer cov.Close()
			d, err := ReadData(cov, "covariates.csv", s)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Run(context.Background(), d, s)
			if err != nil {
				t.Fatal(err)
			}
			var last int32 // the largest subclass of the cohorts before
			for _, cm := range res.Cohorts {
				m := cm.Matches
				// A row's tie class: its group and distance (the same
				// covariates give the same bits); a treated row is its own.
				class := func(i int32) string {
					if d.Treated[i] {
						return d.IDs[i]
					}
					return fmt.Sprintf("pool %x", math.Float64bits(res.Fit.Logit[i]))
				}
				gotW, wantW := map[string]float64{}, map[string]float64{}
				type set struct {
					treated  string
					controls []string
				}
				gotSets, wantSets := map[int32]*set{}, map[int32]*set{}
				add := func(sets map[int32]*set, sc int32, i int32) {
					if sets[sc] == nil {
						sets[sc] = &set{}
					}
					if d.Treated[i] {
						sets[sc].treated = d.IDs[i]
					} else {
						sets[sc].controls = append(sets[sc].controls, class(i))
					}
				}
				first, top := int32(math.MaxInt32), int32(0)
				for j, i := range cm.Rows {
					key := [2]string{cm.Cohort, d.IDs[i]}
					w, ok := want[name][key]
					if !ok {
						t.Fatalf("%v: not in MatchIt's rows", key)
					}
					gotW[class(i)] += m.Weights[j]
					wantW[class(i)] += w.weight
					if len(m.Discarded) > 0 && m.Discarded[j] != w.discarded {
						t.Errorf("%v: discarded %v, MatchIt %v", key, m.Discarded[j], w.discarded)
					}
					if s.Options.Replace {
						continue
					}
					if w.subclass != 0 {
						add(wantSets, w.subclass, i)
					}
					if sc := m.Subclass[j]; sc != 0 {
						add(gotSets, sc, i)
						first, top = min(first, sc), max(top, sc)
					}
				}
				for c, w := range wantW {
					if math.Abs(gotW[c]-w) > 1e-9 {
						t.Errorf("cohort %s, %s: weight %v, MatchIt %v", cm.Cohort, c, gotW[c], w)
					}
				}
				canon := func(sets map[int32]*set) map[string]string {
					out := map[string]string{}
					for _, st := range sets {
						slices.Sort(st.controls)
						out[st.treated] = strings.Join(st.controls, " ")
					}
					return out
				}
				g, w := canon(gotSets), canon(wantSets)
				for tr, cs := range w {
					if g[tr] != cs {
						t.Errorf("cohort %s, treated %s: controls %q, MatchIt %q", cm.Cohort, tr, g[tr], cs)
					}
				}
				if len(g) != len(w) {
					t.Errorf("cohort %s: %d sets, MatchIt %d", cm.Cohort, len(g), len(w))
				}
				if len(gotSets) > 0 && (first != last+1 || top != last+int32(len(gotSets))) {
					t.Errorf("cohort %s: subclasses %d to %d for %d sets after %d", cm.Cohort, first, top, len(gotSets), last)
				}
				last = max(last, top)
			}
		})
	}
}
