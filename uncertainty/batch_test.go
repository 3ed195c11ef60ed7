package uncertainty

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// batchExamples are the bundled examples: every scenario under
// testdata, the published ones too.
func batchExamples(t *testing.T) []string {
	t.Helper()
	dirs, err := filepath.Glob("../testdata/*/scenario*")
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob("../testdata/*/*/scenario.csv")
	for _, f := range more {
		if d := filepath.Dir(f); filepath.Base(d) != "scenario" {
			dirs = append(dirs, d)
		}
	}
	var out []string
	seen := map[string]bool{}
	for _, d := range dirs {
		if seen[d] {
			continue
		}
		seen[d] = true
		if _, err := os.Stat(filepath.Join(d, "scenario.csv")); err == nil {
			out = append(out, d)
		}
	}
	if len(out) < 10 {
		t.Fatalf("found %d examples: %v", len(out), out)
	}
	return out
}

// batchDraws returns n parameter vectors of scenario s: from its
// uncertainty spec when it has one (the folder's sibling uncertainty),
// else each non-timing parameter moved by a factor in [0.5, 1.5] within
// its range, draw by draw.
func batchDraws(t *testing.T, dir string, s *scenario.Scenario, n int) [][]float64 {
	t.Helper()
	base := s.Values()
	out := make([][]float64, n)
	spec := filepath.Join(filepath.Dir(dir), "uncertainty")
	if sp, err := Load(spec, s); err == nil {
		sm, err := newSampler(sp, base, 7)
		if err != nil {
			t.Fatal(err)
		}
		st := sm.newState()
		for i := range out {
			out[i] = make([]float64, len(base))
			sm.draw(uint64(i), out[i], st)
		}
		return out
	}
	r := rand.New(rand.NewPCG(7, uint64(len(dir))))
	for i := range out {
		v := append([]float64(nil), base...)
		if i > 0 { // draw 0 is the base case
			for k, p := range s.Params {
				if p.Int || v[k] == 0 {
					continue
				}
				x := v[k] * (0.5 + r.Float64())
				if p.Max > p.Min {
					x = min(max(x, p.Min), p.Max)
				}
				v[k] = x
			}
		}
		out[i] = v
	}
	return out
}

// sameFloat: equal within 1e-12 relative, or both NaN.
func sameFloat(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return a == b || math.Abs(a-b) <= 1e-12*max(math.Abs(a), math.Abs(b))
}

// TestBatchAgreesWithEvaluate: on every bundled example and thousands
// of draws (its uncertainty spec's, else perturbed parameters), the
// batched evaluation gives every output Evaluate gives (all of Outputs'
// names, the tranches' too) within 1e-12 relative, and the same events,
// whatever the block size.
func TestBatchAgreesWithEvaluate(t *testing.T) {
	draws := 2000
	if testing.Short() {
		draws = 300
	}
	for _, dir := range batchExamples(t) {
		t.Run(filepath.Base(filepath.Dir(dir))+"/"+filepath.Base(dir), func(t *testing.T) {
			s, err := scenario.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			m, err := sib.Compile(s)
			if err != nil {
				t.Fatal(err)
			}
			ok, why := m.Batchable()
			t.Logf("batchable %v %s", ok, why)
			outs := Outputs(s)
			vs := batchDraws(t, dir, s, draws)
			ms := NewMeasurement(s, 5)
			for _, noise := range []bool{false, true} {
				if noise && ms == nil {
					continue // no metric has an evaluation design
				}
				batchAgrees(t, m, outs, vs, ms, noise)
			}
		})
	}
}

// batchAgrees is TestBatchAgreesWithEvaluate on one example, with
// measurement noise ms or without: the outputs, the events and, with
// noise, the tests' table (each test's outcome at the measured and the
// true effect, the true effect, each term's payment) of every draw.
func batchAgrees(t *testing.T, m *sib.Model, outs []Output, vs [][]float64, ms *Measurement, noise bool) {
	t.Helper()
	var st *MeasureState
	var wantT *testTable
	w := m.NewWork()
	w.SkipAppraisal = true
	if noise {
		st = ms.NewState()
		w.Measure = st.Func()
		wantT = newTestTable(m, len(vs))
	}
	want := make([][]float64, len(vs))
	wantErr := make([]error, len(vs))
	wantEv := make([]uint8, len(vs))
	for i, v := range vs {
		if noise {
			st.Seek(uint64(i))
		}
		o, err := m.Evaluate(v, w)
		wantErr[i] = err
		if err != nil {
			continue
		}
		want[i] = make([]float64, len(outs))
		for k, out := range outs {
			want[i][k] = out.Value(o)
		}
		wantEv[i] = eventBits(o)
		if noise {
			wantT.record(i, w)
		}
	}
	for _, size := range []int{1, 7, 64} {
		bt := m.NewBatch(size)
		bt.SkipAppraisal = true
		var gotT *testTable
		from := 0
		if noise {
			gotT = newTestTable(m, len(vs))
			bst := ms.NewState()
			bt.Measure = bst.Func()
			bt.Before = func(l int) { bst.Seek(uint64(from + l)) }
			bt.After = func(l int, w *sib.Work) { gotT.record(from+l, w) }
		}
		for ; from < len(vs); from += size {
			to := min(from+size, len(vs))
			got, err := m.EvaluateBatch(vs[from:to], bt)
			if err != nil {
				// The first lane with an error is named.
				le, ok := err.(*sib.LaneError)
				if !ok || wantErr[from+le.Lane] == nil || le.Err.Error() != wantErr[from+le.Lane].Error() {
					t.Fatalf("size %d, draw %d: %v", size, from, err)
				}
				for i := from; i < from+le.Lane; i++ {
					if wantErr[i] != nil {
						t.Fatalf("size %d: draw %d's error missed", size, i)
					}
				}
				continue
			}
			for l := range got {
				i := from + l
				if wantErr[i] != nil {
					t.Fatalf("size %d, draw %d: no error, want %v", size, i, wantErr[i])
				}
				for k, out := range outs {
					if out.appraisal {
						continue
					}
					if g := out.Value(&got[l]); !sameFloat(g, want[i][k]) {
						t.Fatalf("size %d, draw %d, %s: batched %v, Evaluate %v", size, i, out.Name, g, want[i][k])
					}
				}
				if e := eventBits(&got[l]); e != wantEv[i] {
					t.Fatalf("size %d, draw %d: events %b, want %b", size, i, e, wantEv[i])
				}
				if bl, ok := bt.Lane(l); ok && noise {
					gotT.record(i, bl)
				}
			}
		}
		if noise {
			sameTestTables(t, fmt.Sprintf("size %d", size), gotT, wantT, vs, wantErr)
		}
	}
	if noise {
		// Blocks evaluated lane by lane (here: the appraisal asked for)
		// seek each lane's stream through Before and give each lane's
		// Work to After.
		bt := m.NewBatch(7)
		gotT := newTestTable(m, len(vs))
		bst := ms.NewState()
		from := 0
		bt.Measure = bst.Func()
		bt.Before = func(l int) { bst.Seek(uint64(from + l)) }
		bt.After = func(l int, w *sib.Work) { gotT.record(from+l, w) }
		for ; from < len(vs); from += 7 {
			if _, err := m.EvaluateBatch(vs[from:min(from+7, len(vs))], bt); err != nil {
				t.Skipf("lane by lane: %v", err)
			}
			if _, ok := bt.Lane(0); ok {
				t.Fatal("Lane reads a lane Evaluate evaluated")
			}
		}
		sameTestTables(t, "lane by lane", gotT, wantT, vs, wantErr)
	}
}

// sameTestTables fails unless the tests' tables agree bit for bit on
// every draw without an error.
func sameTestTables(t *testing.T, what string, got, want *testTable, vs [][]float64, errs []error) {
	t.Helper()
	S, J := len(want.slots), want.J
	for i := range vs {
		if errs != nil && errs[i] != nil {
			continue
		}
		for k := range S {
			if g, w := got.pass[i*S+k], want.pass[i*S+k]; g != w {
				t.Fatalf("%s, draw %d, test %v: passes %b, Evaluate %b", what, i, want.slots[k], g, w)
			}
			if g, w := got.truth[i*S+k], want.truth[i*S+k]; !sameBits(g, w) {
				t.Fatalf("%s, draw %d, test %v: true effect %v, Evaluate %v", what, i, want.slots[k], g, w)
			}
		}
		for j := range J {
			if g, w := got.paid[i*J+j], want.paid[i*J+j]; !sameBits(g, w) {
				t.Fatalf("%s, draw %d, term %d: paid %v, Evaluate %v", what, i, j, g, w)
			}
		}
	}
}

// sameBits: a and b are the same float64, NaNs alike.
func sameBits(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }

// TestSimulateBatchedEqualsDrawByDraw: Simulate on the batched kernel
// (the default for the Estonian example) gives the values and chances of
// the draw-by-draw loop (which Appraise forces: it keeps what a Work has
// of each draw), bit for bit, with 1, 2 and 3 workers.
func TestSimulateBatchedEqualsDrawByDraw(t *testing.T) {
	s, m, sp := loadEstonia(t)
	if ok, why := m.Batchable(); !ok {
		t.Fatalf("the Estonian example is not batchable: %s", why)
	}
	outs, err := ParseOutputs(s, "investors.irr,state.net,state.net_gross,tranche.senior.irr,tranche.junior.multiple,investors.payback,state.payback,payments.total")
	if err != nil {
		t.Fatal(err)
	}
	const draws = 3000
	for _, noise := range []bool{false, true} {
		want, err := Simulate(context.Background(), m, s.Values(), sp, outs, SimOptions{Draws: draws, Seed: 3, Workers: 1, Appraise: true, Noise: noise})
		if err != nil {
			t.Fatal(err)
		}
		if noise && want.tests == nil {
			t.Fatal("no tests' table with noise")
		}
		for _, workers := range []int{1, 2, 3} {
			got, err := Simulate(context.Background(), m, s.Values(), sp, outs, SimOptions{Draws: draws, Seed: 3, Workers: workers, Noise: noise})
			if err != nil {
				t.Fatal(err)
			}
			what := fmt.Sprintf("noise %v, %d workers", noise, workers)
			for k := range outs {
				for i := range draws {
					if g, w := got.Values[k][i], want.Values[k][i]; g != w && !(math.IsNaN(g) && math.IsNaN(w)) {
						t.Fatalf("%s, %s, draw %d: %v, draw by draw %v", what, outs[k].Name, i, g, w)
					}
				}
			}
			if !reflect.DeepEqual(got.Chances, want.Chances) {
				t.Fatalf("%s: chances %v, draw by draw %v", what, got.Chances, want.Chances)
			}
			if !reflect.DeepEqual(got.events, want.events) {
				t.Fatalf("%s: events differ from draw by draw", what)
			}
			if noise {
				sameTestTables(t, what, got.tests, want.tests, make([][]float64, draws), nil)
				if g, w := fmt.Sprint(got.Tests, got.Terms), fmt.Sprint(want.Tests, want.Terms); g != w {
					t.Fatalf("%s: tests and terms\n%s\ndraw by draw\n%s", what, g, w)
				}
			}
		}
	}
}
