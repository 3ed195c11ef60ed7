package uncertainty

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/sib-engine/sib/internal/stats"
)

// ErrShard is returned for shards that do not make up one run: a first
// draw off a block boundary, a gap, an overlap, or shards of different
// runs.
var ErrShard = errors.New("uncertainty: shards do not make up one run")

// OutputStats are the figures of one output over a run's draws (or a
// shard's) that merge exactly: the moments of each block of BlockDraws
// draws (see Moments for the rule), the number of draws without a value,
// the least and greatest values (NaN without any), and, with a sketch
// (SimOptions.Sketch), the DDSketch that gives the percentiles.
type OutputStats struct {
	Blocks   []Moments
	Missing  int
	Min, Max float64
	Sketch   *DDSketch
}

// statsOf returns the mergeable figures of values v, whose first is a
// draw on a block boundary; alpha > 0 sketches them.
func statsOf(v []float64, alpha float64) OutputStats {
	st := OutputStats{Blocks: blocksOf(v), Min: math.NaN(), Max: math.NaN()}
	if alpha > 0 {
		st.Sketch, _ = NewDDSketch(alpha) // alpha checked by Simulate
	}
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			st.Missing++
			continue
		}
		if !(x >= st.Min) {
			st.Min = x
		}
		if !(x <= st.Max) {
			st.Max = x
		}
		if st.Sketch != nil {
			st.Sketch.Add(x)
		}
	}
	return st
}

// finite returns the finite values of v, for the exact percentiles; none
// with a sketch (alpha > 0).
func finite(v []float64, alpha float64) []float64 {
	if alpha > 0 {
		return nil
	}
	vals := make([]float64, 0, len(v))
	for _, x := range v {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			vals = append(vals, x)
		}
	}
	return vals
}

// summary is the output's summary from its mergeable figures, and vals,
// the finite values (reordered) for exact percentiles when there is no
// sketch.
func (st OutputStats) summary(out Output, vals []float64) Summary {
	s := Summary{Output: out, Missing: st.Missing}
	m := foldMoments(st.Blocks)
	s.N = m.N
	s.Mean, s.SD, s.SE = m.meanSD()
	nan := math.NaN()
	s.Min, s.Max = nan, nan
	s.P5, s.P25, s.P50, s.P75, s.P95 = nan, nan, nan, nan, nan
	if s.N == 0 {
		return s
	}
	s.Min, s.Max = st.Min, st.Max
	ps := []float64{0.05, 0.25, 0.5, 0.75, 0.95}
	var q [5]float64
	if st.Sketch != nil {
		for i, p := range ps {
			// Within the range drawn, which only brings it nearer.
			q[i] = min(max(st.Sketch.Quantile(p), st.Min), st.Max)
		}
	} else {
		stats.Quantiles7(vals, ps, q[:])
	}
	s.P5, s.P25, s.P50, s.P75, s.P95 = q[0], q[1], q[2], q[3], q[4]
	return s
}

// A Part is what a shard of a Monte Carlo run keeps for Merge: its draws
// First … First+Draws−1, their mergeable figures, counts and, unless the
// percentiles come from sketches, every draw's values.
type Part struct {
	First, Draws int
	Seed         uint64
	Outputs      []Output
	Stats        []OutputStats
	// Events counts the draws with each event of Simulation.Chances, in
	// the order EventLoss, EventPayment, EventSaves, EventSavesGross.
	Events [4]int
	// Values[k][i] is output k in draw First+i (NaN when it does not
	// exist); nil with sketches.
	Values [][]float64
	// Tests, with measurement noise, is each draw's record of the tests
	// and term payments.
	Tests *TestDraws
}

// TestDraws is the draw-by-draw record of the tests under measurement
// noise: what the operating characteristic needs.
type TestDraws struct {
	// Tests are the tests' heads: Term, Metric, Cohort, Level and
	// Relative (the rest is left zero).
	Tests []TestChance
	Terms []string
	// Pass[k][i]: bit 0 test k passed in draw First+i, bit 1 its true
	// effect passes; Truth[k][i] that true effect; Paid[j][i] what term j
	// paid.
	Pass  [][]uint8
	Truth [][]float64
	Paid  [][]float64
}

// Part returns what Merge needs of the simulation, a shard of a run
// (SimOptions.First) or a whole one. It shares the simulation's values.
func (sim *Simulation) Part() *Part {
	p := &Part{First: sim.First, Draws: sim.Draws, Seed: sim.Seed, Outputs: sim.Outputs, Stats: sim.stats}
	for _, e := range sim.events {
		for b := range p.Events {
			if e&(1<<b) != 0 {
				p.Events[b]++
			}
		}
	}
	if len(sim.stats) > 0 && sim.stats[0].Sketch == nil {
		p.Values = sim.Values
	}
	if tt := sim.tests; tt != nil {
		S, n := len(tt.tests), sim.Draws
		td := &TestDraws{Tests: tt.tests, Terms: tt.terms, Pass: make([][]uint8, S), Truth: make([][]float64, S), Paid: make([][]float64, tt.J)}
		for k := range S {
			td.Pass[k], td.Truth[k] = make([]uint8, n), make([]float64, n)
			for i := range n {
				td.Pass[k][i], td.Truth[k][i] = tt.pass[i*S+k], tt.truth[i*S+k]
			}
		}
		for j := range tt.J {
			td.Paid[j] = make([]float64, n)
			for i := range n {
				td.Paid[j][i] = tt.paid[i*tt.J+j]
			}
		}
		p.Tests = td
	}
	return p
}

// Merge puts together the parts of one run, in any order, into the
// Simulation the run in one piece gives: the same summaries, chances,
// tests and term payments to the last bit, since each figure is an
// integer count, a fold of the blocks' moments in block order, a sketch's
// counts, or computed from every draw's values in draw order. The parts
// must cover draws 0 … n−1 without gap or overlap, each starting on a
// block boundary, with the same seed, outputs and kind of percentiles;
// ErrShard otherwise. Appraisal is not kept by parts.
func Merge(parts []*Part) (*Simulation, error) {
	if len(parts) == 0 {
		return nil, fmt.Errorf("%w: no part", ErrShard)
	}
	ps := slices.Clone(parts)
	slices.SortStableFunc(ps, func(a, b *Part) int { return a.First - b.First })
	p0 := ps[0]
	next := 0
	for _, p := range ps {
		switch {
		case p.First != next && p.First < next:
			return nil, fmt.Errorf("%w: draws from %d overlap the part before", ErrShard, p.First)
		case p.First != next:
			return nil, fmt.Errorf("%w: draws %d to %d are in no part", ErrShard, next, p.First-1)
		case p.First%BlockDraws != 0 || p.Draws < 1:
			return nil, fmt.Errorf("%w: a part of draws %d to %d is not on whole blocks of %d draws", ErrShard, p.First, p.First+p.Draws-1, BlockDraws)
		case p.Seed != p0.Seed:
			return nil, fmt.Errorf("%w: seeds %d and %d", ErrShard, p0.Seed, p.Seed)
		case !sameParts(p0, p):
			return nil, fmt.Errorf("%w: the part of draws from %d has other outputs, tests or percentiles than the part from %d", ErrShard, p.First, p0.First)
		}
		next = p.First + p.Draws
	}
	for _, p := range ps[:len(ps)-1] {
		if p.Draws%BlockDraws != 0 {
			return nil, fmt.Errorf("%w: the part of draws %d to %d ends inside a block of %d draws", ErrShard, p.First, p.First+p.Draws-1, BlockDraws)
		}
	}
	n := next
	sim := &Simulation{Draws: n, Seed: p0.Seed, Outputs: p0.Outputs, Values: make([][]float64, len(p0.Outputs))}
	var events [4]int
	for _, p := range ps {
		for b := range events {
			events[b] += p.Events[b]
		}
	}
	sketched := p0.Values == nil
	for k, out := range p0.Outputs {
		st := OutputStats{Min: math.NaN(), Max: math.NaN()}
		var vals []float64
		if sketched {
			st.Sketch, _ = NewDDSketch(p0.Stats[k].Sketch.Alpha)
		}
		for _, p := range ps {
			ps := p.Stats[k]
			st.Blocks = append(st.Blocks, ps.Blocks...)
			st.Missing += ps.Missing
			if !(ps.Min >= st.Min) && !math.IsNaN(ps.Min) {
				st.Min = ps.Min
			}
			if !(ps.Max <= st.Max) && !math.IsNaN(ps.Max) {
				st.Max = ps.Max
			}
			if sketched {
				if err := st.Sketch.Merge(ps.Sketch); err != nil {
					return nil, err
				}
			} else {
				sim.Values[k] = append(sim.Values[k], p.Values[k]...)
			}
		}
		if !sketched {
			vals = finite(sim.Values[k], 0)
		}
		if m := foldMoments(st.Blocks); m.N+st.Missing != n {
			return nil, fmt.Errorf("%w: output %s counts %d draws, not %d", ErrShard, out.Name, m.N+st.Missing, n)
		}
		sim.Summaries = append(sim.Summaries, st.summary(out, vals))
		sim.stats = append(sim.stats, st)
	}
	sim.Chances = chances(events, n)
	if p0.Tests != nil {
		tt := mergeTests(ps, n)
		sim.Noise = true
		sim.Tests, sim.Terms = tt.results(n)
		sim.tests = tt
	}
	return sim, nil
}

// sameParts says whether two parts have the same outputs, tests, terms
// and kind of percentiles, and whether each holds what it should.
func sameParts(a, b *Part) bool {
	if len(a.Outputs) != len(b.Outputs) || len(b.Stats) != len(b.Outputs) || (a.Values == nil) != (b.Values == nil) || (a.Tests == nil) != (b.Tests == nil) {
		return false
	}
	if b.Values != nil && len(b.Values) != len(b.Outputs) {
		return false
	}
	for k := range a.Outputs {
		if a.Outputs[k].Name != b.Outputs[k].Name || a.Outputs[k].Unit != b.Outputs[k].Unit {
			return false
		}
		sa, sb := a.Stats[k].Sketch, b.Stats[k].Sketch
		if (sa == nil) != (sb == nil) || (sb == nil) != (b.Values != nil) || (sa != nil && sa.Alpha != sb.Alpha) || (b.Values != nil && len(b.Values[k]) != b.Draws) {
			return false
		}
	}
	if a.Tests == nil {
		return true
	}
	ta, tb := a.Tests, b.Tests
	if len(ta.Tests) != len(tb.Tests) || !slices.Equal(ta.Terms, tb.Terms) || len(tb.Pass) != len(tb.Tests) || len(tb.Truth) != len(tb.Tests) || len(tb.Paid) != len(tb.Terms) {
		return false
	}
	for k := range ta.Tests {
		x, y := ta.Tests[k], tb.Tests[k]
		if x.Term != y.Term || x.Metric != y.Metric || x.Cohort != y.Cohort || x.Relative != y.Relative || !(x.Level == y.Level || math.IsNaN(x.Level) && math.IsNaN(y.Level)) {
			return false
		}
		if len(tb.Pass[k]) != b.Draws || len(tb.Truth[k]) != b.Draws {
			return false
		}
	}
	for j := range tb.Paid {
		if len(tb.Paid[j]) != b.Draws {
			return false
		}
	}
	return true
}

// mergeTests puts the parts' tests in one table of n draws, in draw order.
func mergeTests(ps []*Part, n int) *testTable {
	t0 := ps[0].Tests
	S, J := len(t0.Tests), len(t0.Terms)
	tt := &testTable{J: J, tests: t0.Tests, terms: t0.Terms,
		pass: make([]uint8, 0, n*S), truth: make([]float64, 0, n*S), paid: make([]float64, 0, n*J)}
	for _, p := range ps {
		td := p.Tests
		for i := range p.Draws {
			for k := range S {
				tt.pass = append(tt.pass, td.Pass[k][i])
				tt.truth = append(tt.truth, td.Truth[k][i])
			}
			for j := range J {
				tt.paid = append(tt.paid, td.Paid[j][i])
			}
		}
	}
	return tt
}

// chances are the events' probabilities from their counts over n draws.
func chances(counts [4]int, n int) []Chance {
	var cs []Chance
	for b, name := range [4]string{EventLoss, EventPayment, EventSaves, EventSavesGross} {
		p := float64(counts[b]) / float64(n)
		cs = append(cs, Chance{Event: name, Count: counts[b], P: p, SE: math.Sqrt(p * (1 - p) / float64(n))})
	}
	return cs
}
