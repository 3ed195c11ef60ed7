package sib

// Structural mutants: the batched kernel against Evaluate, bit for bit,
// on scenarios whose structure is changed at random (written by an
// independent review of the kernel, which planted bugs to check it
// catches them).

import (
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/sib-engine/sib/scenario"
)

// mutantDirs lists every scenario directory the agreement guard loads
// from folders (not the fuzz seeds).
func mutantDirs(t *testing.T) []string {
	var dirs []string
	for _, name := range []string{"estonia", "preschool", "employment"} {
		dirs = append(dirs, filepath.Join("..", "testdata", name, "scenario"))
	}
	for _, root := range []string{"testdata", filepath.Join("..", "cmd", "sib", "testdata"), filepath.Join("..", "testdata", "published")} {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if !d.IsDir() && d.Name() == scenario.ScenarioFile {
				dirs = append(dirs, filepath.Dir(path))
			}
			return nil
		})
	}
	return dirs
}

// mutate changes the scenario's structure at random: once-only
// metrics, windows from later periods, cohorts' own effects (some the
// metric's own parameter named again), strict / relative tests, strict
// and linear schedules.
func mutate(s *scenario.Scenario, r *rand.Rand) string {
	var b strings.Builder
	if r.IntN(4) == 0 {
		// Many cohorts (past the 64 of fixedCosts' mask, or exactly 64),
		// sorted by period, entering in the first periods.
		want := []int{63, 64, 65, 70, 130}[r.IntN(5)]
		P := s.Settings.Periods
		for len(s.Cohorts) < want {
			c := s.Cohorts[r.IntN(len(s.Cohorts))]
			c.Name = fmt.Sprintf("%s_%d", c.Name, len(s.Cohorts))
			c.Period = r.IntN(max(P/2, 1))
			s.Cohorts = append(s.Cohorts, c)
			for mi := range s.Metrics {
				mt := &s.Metrics[mi]
				mt.CohortEffect = append(mt.CohortEffect, mt.CohortEffect[r.IntN(len(mt.CohortEffect))])
			}
		}
		sort.SliceStable(s.Cohorts, func(i, j int) bool { return s.Cohorts[i].Period < s.Cohorts[j].Period })
		fmt.Fprintf(&b, " cohorts=%d", len(s.Cohorts))
	}
	C := len(s.Cohorts)
	if r.IntN(2) == 0 {
		s.Settings.Months = []int{1, 3, 6, 12}[r.IntN(4)]
		fmt.Fprintf(&b, " months=%d", s.Settings.Months)
	}
	for mi := range s.Metrics {
		mt := &s.Metrics[mi]
		if r.IntN(3) == 0 {
			if mt.Per == scenario.Once {
				mt.Per = scenario.PerYear
			} else {
				mt.Per = scenario.Once
			}
			fmt.Fprintf(&b, " m%d.per=%v", mi, mt.Per)
		}
		if r.IntN(2) == 0 && mt.To > 1 {
			mt.From = 1 + r.IntN(mt.To)
			fmt.Fprintf(&b, " m%d.from=%d", mi, mt.From)
		}
		if r.IntN(3) == 0 && mt.To > 0 {
			mt.To = mt.From + r.IntN(max(s.Settings.Periods-mt.From, 1))
			fmt.Fprintf(&b, " m%d.to=%d", mi, mt.To)
		}
		if len(mt.CohortEffect) == C && r.IntN(2) == 0 {
			for c := range C {
				switch r.IntN(4) {
				case 0:
					mt.CohortEffect[c] = mt.Effect
				case 1:
					o := &s.Metrics[r.IntN(len(s.Metrics))]
					mt.CohortEffect[c] = o.Effect
				case 2:
					mt.CohortEffect[c] = 0
				}
			}
			fmt.Fprintf(&b, " m%d.ce=%v", mi, mt.CohortEffect)
		}
	}
	for j := range s.Terms {
		tm := &s.Terms[j]
		if r.IntN(2) == 0 {
			tm.Strict = !tm.Strict
			fmt.Fprintf(&b, " t%d.strict=%v", j, tm.Strict)
		}
		if r.IntN(3) == 0 && s.Metrics[tm.Metric].Baseline != 0 {
			tm.Relative = !tm.Relative
			fmt.Fprintf(&b, " t%d.rel=%v", j, tm.Relative)
		}
		if r.IntN(2) == 0 {
			tm.Linear = !tm.Linear
			fmt.Fprintf(&b, " t%d.linear=%v", j, tm.Linear)
		}
	}
	for i := range s.Tiers {
		if r.IntN(2) == 0 {
			s.Tiers[i].Strict = !s.Tiers[i].Strict
			fmt.Fprintf(&b, " tier%d.strict=%v", i, s.Tiers[i].Strict)
		}
	}
	return b.String()
}

// mutantVector perturbs base: each parameter by ±30%, some at their
// bounds, some at 0 or −0, a few at an effect's threshold.
func mutantVector(s *scenario.Scenario, base []float64, r *rand.Rand) []float64 {
	q := append([]float64(nil), base...)
	for k, pa := range s.Params {
		switch r.IntN(12) {
		case 0:
			// keep
		case 1:
			if pa.Min <= 0 && pa.Max >= 0 {
				q[k] = 0
			}
		case 2:
			if pa.Min <= 0 && pa.Max >= 0 {
				q[k] = math.Copysign(0, -1)
			}
		case 3:
			if !math.IsInf(pa.Min, 0) {
				q[k] = pa.Min
			}
		case 4:
			if !math.IsInf(pa.Max, 0) {
				q[k] = pa.Max
			}
		default:
			q[k] = math.Min(math.Max(base[k]*(0.7+0.6*r.Float64()), pa.Min), pa.Max)
		}
	}
	for again, n := true, 0; again && n < 50; n++ {
		again = false
		for _, o := range s.Orders() {
			if q[o.Hi.Index()] < q[o.Lo.Index()] || o.Strict && q[o.Hi.Index()] == q[o.Lo.Index()] {
				q[o.Lo.Index()], q[o.Hi.Index()] = base[o.Lo.Index()], base[o.Hi.Index()]
				again = true
			}
		}
	}
	// Effects at a threshold or tier point now and then.
	for j := range s.Terms {
		tm := &s.Terms[j]
		if r.IntN(4) != 0 {
			continue
		}
		mt := &s.Metrics[tm.Metric]
		src := 0
		if tm.Threshold != 0 {
			src = tm.Threshold.Index()
		}
		if tm.Basis == scenario.Tiered {
			sc := &s.Tiers[tm.Schedule.Index()]
			if len(sc.Effect) > 0 {
				src = sc.Effect[r.IntN(len(sc.Effect))].Index()
			}
		}
		if src != 0 && mt.Effect != 0 {
			q[mt.Effect.Index()] = q[src]
		}
	}
	return q
}

// mutantMeasure is a deterministic measurement: each effect times a
// factor from the vector.
func mutantMeasure(v, n, eff, pooled []float64) {
	h := 0.0
	for i, x := range v {
		if i > 8 {
			break
		}
		h += x * float64(i+1)
	}
	for i := range eff {
		eff[i] *= 1 + 0.05*math.Sin(h+float64(i))
		switch k := int(math.Abs(h*1000)+float64(i)) % 23; k {
		case 0:
			eff[i] = 0
		case 1:
			eff[i] = math.Copysign(0, -1)
		case 2:
			eff[i] = -eff[i]
		case 3:
			eff[i] = math.NaN()
		}
	}
	for i := range pooled {
		pooled[i] *= 1 + 0.05*math.Cos(h+float64(i))
	}
}

// bitsDiff compares every field of a and b bit for bit (NaN equal to
// NaN), skipping the appraisal.
func bitsDiff(a, b reflect.Value, path string, out *[]string) {
	switch a.Kind() {
	case reflect.Float64:
		x, y := a.Float(), b.Float()
		if math.IsNaN(x) && math.IsNaN(y) {
			return
		}
		if math.Float64bits(x) != math.Float64bits(y) {
			*out = append(*out, fmt.Sprintf("%s: %v (%#x), want %v (%#x)", path, x, math.Float64bits(x), y, math.Float64bits(y)))
		}
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Int8, reflect.Uint8, reflect.Bool, reflect.String:
		if !a.Equal(b) {
			*out = append(*out, fmt.Sprintf("%s: %v, want %v", path, a.Interface(), b.Interface()))
		}
	case reflect.Struct:
		for i := range a.NumField() {
			f := a.Type().Field(i)
			if f.Name == "Appraisal" || !f.IsExported() {
				continue
			}
			bitsDiff(a.Field(i), b.Field(i), path+"."+f.Name, out)
		}
	case reflect.Slice:
		if a.Len() != b.Len() {
			*out = append(*out, path+": length")
			return
		}
		for i := range a.Len() {
			bitsDiff(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i), out)
		}
	}
}

// TestBatchStructuralMutants: on every batchable scenario and random structural
// mutants of them (6 each; SIB_MUTANTS=40 SIB_MUTANT_SEED=k for a longer
// search), Batches of several sizes reused for blocks of random
// length, Measure on or off, rates shared or not, scratch rows poisoned
// with NaN: every lane's outputs are Evaluate's bit for bit.
func TestBatchStructuralMutants(t *testing.T) {
	mutants := 6
	if s := os.Getenv("SIB_MUTANTS"); s != "" {
		fmt.Sscan(s, &mutants)
	}
	seed := uint64(1)
	if s := os.Getenv("SIB_MUTANT_SEED"); s != "" {
		fmt.Sscan(s, &seed)
	}
	fails := map[string]int{}
	first := map[string]string{}
	cases, lanes, kern, bad, dirs, errs, stuck := 0, 0, 0, 0, 0, 0, 0
	for _, dir := range mutantDirs(t) {
		dirs++
		for mu := 0; mu <= mutants; mu++ {
			s, err := scenario.Load(dir)
			if err != nil {
				break
			}
			r := rand.New(rand.NewPCG(seed, uint64(mu)*7919+uint64(len(dir))))
			desc := ""
			if mu > 0 {
				desc = mutate(s, r)
			}
			m, err := Compile(s)
			if err != nil {
				bad++
				continue
			}
			if ok, _ := m.Batchable(); !ok {
				break
			}
			name := dir + " mutant " + fmt.Sprint(mu) + desc
			cases++
			base := s.Values()
			w := m.NewWork()
			w.SkipAppraisal = true
			rates := []int{}
			for _, bd := range s.Discount {
				rates = append(rates, bd.Rate.Index())
			}
			for _, B := range []int{1, 3, 4, 5, 8, 9, 16, 19, 40} {
				bt := m.NewBatch(B)
				bt.SkipAppraisal = true
				for blk := range 8 {
					L := 1 + r.IntN(B)
					vs := make([][]float64, 0, L)
					sameRate := r.IntN(2) == 0
					rv := 0.0
					if len(rates) > 0 {
						rv = base[rates[0]] * (0.5 + r.Float64())
					}
					w.Measure = nil
					for tries := 0; len(vs) < L && tries < 200; tries++ {
						v := mutantVector(s, base, r)
						if sameRate {
							for _, k := range rates {
								v[k] = base[k]
							}
							if blk%3 == 2 && len(rates) > 0 {
								v[rates[0]] = rv
							}
						}
						if _, err := m.Evaluate(v, w); err != nil {
							continue
						}
						vs = append(vs, v)
					}
					if len(vs) == 0 {
						stuck++
						break
					}
					L = len(vs)
					meas := r.IntN(2) == 0
					if meas {
						bt.Measure, w.Measure = mutantMeasure, mutantMeasure
					} else {
						bt.Measure, w.Measure = nil, nil
					}
					for _, x := range [][]float64{bt.scr, bt.scr2, bt.uc, bt.rate0, bt.rate1} {
						for i := range x {
							x[i] = math.NaN()
						}
					}
					got, err := m.EvaluateBatch(vs, bt)
					if err != nil {
						le, ok := err.(*LaneError)
						if !ok {
							t.Fatalf("%s: B %d block %d: %v", name, B, blk, err)
						}
						_, werr := m.Evaluate(vs[le.Lane], w)
						if werr == nil || werr.Error() != le.Err.Error() {
							t.Fatalf("%s: B %d block %d: %v, Evaluate's %v", name, B, blk, err, werr)
						}
						errs++
						continue
					}
					for l := range got {
						lanes++
						if !bt.odd[l] && !bt.over[l] {
							kern++
						}
						want, err := m.Evaluate(vs[l], w)
						if err != nil {
							t.Fatal(err)
						}
						var d []string
						bitsDiff(reflect.ValueOf(got[l]), reflect.ValueOf(*want), "", &d)
						for _, x := range d {
							f := x[:strings.Index(x, ":")]
							fails[f]++
							if _, ok := first[f]; !ok {
								first[f] = fmt.Sprintf("%s: B %d, block %d (L %d, measure %v, sameRate %v), lane %d (kernel %v): %s", name, B, blk, L, meas, sameRate, l, !bt.odd[l] && !bt.over[l], x)
							}
						}
					}
				}
			}
		}
	}
	t.Logf("asmWidth %d useAsm %v", asmWidth, useAsm)
	t.Logf("%d dirs, %d scenario cases (%d mutants did not compile), %d lanes compared, %d by the kernel, %d blocks refused, %d cases without vectors", dirs, cases, bad, lanes, kern, errs, stuck)
	var keys []string
	for k := range fails {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Errorf("%s: %d lanes differ; first %s", k, fails[k], first[k])
	}
}
