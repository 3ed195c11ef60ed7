package sib

import (
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/sib-engine/sib/scenario"
)

// TestTiers: Batch.tiers gives Model.tier's value times the participants,
// bit for bit, lane by lane, on a tier schedule strict or not, linear or
// stepped, at effects below, at, between and above its points (and NaN),
// with the points themselves varied lane by lane.
func TestTiers(t *testing.T) {
	s, m := compiled(t, filepath.Join("testdata", "agreement-base"))
	j := -1
	for i := range s.Terms {
		if s.Terms[i].Basis == scenario.Tiered {
			j = i
		}
	}
	if j < 0 {
		t.Fatal("no tiered term")
	}
	tm := &s.Terms[j]
	sc := &s.Tiers[tm.Schedule.Index()]
	const B = 37
	bt := m.NewBatch(B)
	r := rand.New(rand.NewPCG(5, 6))
	base := s.Values()
	n := make([]float64, B)
	got := make([]float64, B)
	for round := range 400 {
		sc.Strict, tm.Linear = round%2 == 1, round%4 >= 2
		for l := range B {
			v := append([]float64(nil), base...)
			x0, x1 := 0.01+0.04*r.Float64(), 0.0
			x1 = x0 + 0.05*r.Float64() + 1e-3
			v[sc.Effect[0].Index()], v[sc.Effect[1].Index()] = x0, x1
			v[sc.Value[0].Index()], v[sc.Value[1].Index()] = 1000*r.Float64(), 2000*r.Float64()
			bt.p[l] = bt.p[l].fill(v)
			var e float64
			switch r.IntN(6) {
			case 0:
				e = x0
			case 1:
				e = x1
			case 2:
				e = math.NaN()
			default:
				e = 0.1*r.Float64() - 0.01
			}
			for c := range s.Cohorts {
				bt.eff[(tm.Metric*len(s.Cohorts)+c)*B+l] = e
			}
			n[l] = 100 * r.Float64()
		}
		c := r.IntN(len(s.Cohorts))
		bt.tierPoints()
		bt.tiers(got, n, j, c)
		for l := range B {
			want := n[l] * m.tier(bt.p[l], tm, bt.eff[(tm.Metric*len(s.Cohorts)+c)*B+l])
			if math.Float64bits(got[l]) != math.Float64bits(want) {
				t.Fatalf("round %d (strict %v, linear %v), lane %d: %v, tier gives %v", round, sc.Strict, tm.Linear, l, got[l], want)
			}
		}
	}
}

// TestCohortTests: Batch.cohortTests gives Model.passes's verdict for each
// lane and cohort, on thresholds absolute or relative to the baseline,
// strict or not, at effects and baselines drawn around the threshold
// (exactly at it, within relTol of it, a baseline of 0, negative or NaN).
func TestCohortTests(t *testing.T) {
	s, m := compiled(t, filepath.Join("..", "testdata", "estonia", "scenario"))
	j := -1
	for i := range s.Terms {
		if s.Terms[i].CohortTested() && s.Metrics[s.Terms[i].Metric].Baseline != 0 {
			j = i
		}
	}
	if j < 0 {
		t.Fatal("no cohort-tested term with a baseline")
	}
	tm := &s.Terms[j]
	mt := &s.Metrics[tm.Metric]
	C := len(s.Cohorts)
	const B = 29
	bt := m.NewBatch(B)
	r := rand.New(rand.NewPCG(7, 8))
	base := s.Values()
	for round := range 400 {
		tm.Strict, tm.Relative = round%2 == 1, round%4 >= 2
		for l := range B {
			v := append([]float64(nil), base...)
			thr := 0.1 * r.Float64()
			b := []float64{0.5 * r.Float64(), 0, -0.2, math.NaN(), 1}[r.IntN(5)]
			v[tm.Threshold.Index()], v[mt.Baseline.Index()] = thr, b
			bt.p[l] = bt.p[l].fill(v)
			for c := range C {
				var e float64
				switch r.IntN(4) {
				case 0:
					e = thr * b // at the threshold, relative
				case 1:
					e = thr
				case 2:
					e = thr*b + (r.Float64()-0.5)*2e-12*b
				default:
					e = 0.2*r.Float64() - 0.05
				}
				bt.eff[(tm.Metric*C+c)*B+l] = e
			}
		}
		bt.cohortTests(j)
		for c := range C {
			for l := range B {
				want := m.passes(bt.p[l], tm, bt.eff[(tm.Metric*C+c)*B+l], bt.p[l][tm.Threshold])
				if got := bt.passC[(j*C+c)*B+l]; got != want {
					t.Fatalf("round %d (strict %v, relative %v), cohort %d, lane %d: %v, passes gives %v", round, tm.Strict, tm.Relative, c, l, got, want)
				}
			}
		}
	}
}

// compiled loads the scenario folder dir and compiles it.
func compiled(t *testing.T, dir string) (*scenario.Scenario, *Model) {
	t.Helper()
	s, err := scenario.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	return s, m
}
