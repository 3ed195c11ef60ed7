package uncertainty

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// simText prints every figure of a simulation's results bit for bit.
func simText(sim *Simulation) string {
	b := fmt.Sprintf("draws %d seed %d noise %v\n", sim.Draws, sim.Seed, sim.Noise)
	bits := func(xs ...float64) string {
		s := ""
		for _, x := range xs {
			s += fmt.Sprintf(" %016x", math.Float64bits(x))
		}
		return s
	}
	for _, s := range sim.Summaries {
		b += s.Output.Name + fmt.Sprintf(" %d %d", s.N, s.Missing) + bits(s.Mean, s.SD, s.SE, s.Min, s.Max, s.P5, s.P25, s.P50, s.P75, s.P95) + "\n"
	}
	for _, c := range sim.Chances {
		b += fmt.Sprintf("%s %d", c.Event, c.Count) + bits(c.P, c.SE) + "\n"
	}
	for _, t := range sim.Tests {
		b += fmt.Sprintf("%s %s %s %v %d", t.Term, t.Metric, t.Cohort, t.Relative, t.Earned) + bits(t.Level, t.P, t.SE, t.PaidNotEarned, t.DeniedEarned) + "\n"
		for _, o := range t.OC {
			b += fmt.Sprintf("  %d", o.N) + bits(o.Low, o.High, o.P, o.SE) + "\n"
		}
	}
	for _, t := range sim.Terms {
		b += t.Term + bits(t.Mean, t.SE, t.PPay) + "\n"
	}
	return b
}

// cuts splits n draws in k shards on block boundaries, as the CLI's
// --shard I/K does.
func cuts(n, k int) [][2]int {
	blocks := (n + BlockDraws - 1) / BlockDraws
	var out [][2]int
	for i := range k {
		from, to := min(i*blocks/k*BlockDraws, n), min((i+1)*blocks/k*BlockDraws, n)
		out = append(out, [2]int{from, to})
	}
	return out
}

// Merging the shards of a run, in any order, gives the run's results to
// the last bit: with and without noise, with exact percentiles and with
// sketches.
func TestMergeEqualsSingleRun(t *testing.T) {
	_, m, sp := loadEstonia(t)
	outs, err := ParseOutputs(m.Scenario(), "state.net,payments.total,investors.irr,investors.multiple")
	if err != nil {
		t.Fatal(err)
	}
	const n = 3*BlockDraws + 1000
	rng := rand.New(rand.NewPCG(3, 4))
	for _, noise := range []bool{false, true} {
		for _, sketch := range []float64{0, 0.01} {
			opt := SimOptions{Draws: n, Seed: 7, Noise: noise, Sketch: sketch, Workers: 2}
			whole, err := Simulate(context.Background(), m, m.Scenario().Values(), sp, outs, opt)
			if err != nil {
				t.Fatal(err)
			}
			want := simText(whole)
			if noise != whole.Noise {
				t.Fatalf("noise %v: the Estonian example should measure with noise", noise)
			}
			for k := 1; k <= 7; k++ {
				var parts []*Part
				for _, c := range cuts(n, k) {
					if c[1] == c[0] {
						continue
					}
					o := opt
					o.First, o.Draws = c[0], c[1]-c[0]
					sh, err := Simulate(context.Background(), m, m.Scenario().Values(), sp, outs, o)
					if err != nil {
						t.Fatal(err)
					}
					parts = append(parts, sh.Part())
				}
				rng.Shuffle(len(parts), func(i, j int) { parts[i], parts[j] = parts[j], parts[i] })
				got, err := Merge(parts)
				if err != nil {
					t.Fatal(err)
				}
				if g := simText(got); g != want {
					t.Errorf("noise %v sketch %v, %d shards:\n got %s\nwant %s", noise, sketch, k, g, want)
				}
			}
		}
	}
}

// Parts that do not make up one run are refused.
func TestMergeRefuses(t *testing.T) {
	_, m, sp := loadEstonia(t)
	outs, _ := ParseOutputs(m.Scenario(), "state.net")
	run := func(first, draws int, seed uint64) *Part {
		sim, err := Simulate(context.Background(), m, m.Scenario().Values(), sp, outs, SimOptions{First: first, Draws: draws, Seed: seed, Noise: true})
		if err != nil {
			t.Fatal(err)
		}
		return sim.Part()
	}
	a, b, c := run(0, BlockDraws, 1), run(BlockDraws, 100, 1), run(BlockDraws, 100, 2)
	short := run(0, 100, 1)
	for name, parts := range map[string][]*Part{
		"missing first": {b},
		"duplicate":     {a, a, b},
		"other seed":    {a, c},
		"inside block":  {short, b},
		"none":          {},
	} {
		if _, err := Merge(parts); !errors.Is(err, ErrShard) {
			t.Errorf("%s: got %v, want ErrShard", name, err)
		}
	}
	if _, err := Simulate(context.Background(), m, m.Scenario().Values(), sp, outs, SimOptions{First: 100, Draws: 10}); !errors.Is(err, ErrShard) {
		t.Errorf("first off a block boundary: got %v", err)
	}
}

// The block rule on values whose figures are known: blocks of 1, 2 and 3
// (n = 6: 1, 2, 3 | 4, 5, 6 with BlockDraws 3 would need a smaller
// block), so combine is checked by hand: {1,2,3} has mean 2, M2 2; {4,5,6}
// mean 5, M2 2; together n 6, δ 3, mean 2 + 3·3/6 = 3.5, M2 = 2 + 2 +
// 9·3·3/6 = 17.5 (the M2 of 1…6 about 3.5: 2·(2.5²+1.5²+0.5²) = 17.5).
func TestCombineByHand(t *testing.T) {
	a, b := blockMoments([]float64{1, 2, 3}), blockMoments([]float64{4, math.NaN(), 5, 6})
	if a != (Moments{3, 2, 2}) || b != (Moments{3, 5, 2}) {
		t.Fatalf("blocks %+v %+v", a, b)
	}
	c := combine(a, b)
	if c != (Moments{6, 3.5, 17.5}) {
		t.Fatalf("combined %+v, want {6 3.5 17.5}", c)
	}
	mean, sd, se := c.meanSD()
	// sd = √(17.5/5) = √3.5 = 1.8708286933869707; se = sd/√6.
	if mean != 3.5 || math.Abs(sd-1.8708286933869707) > 1e-15 || math.Abs(se-1.8708286933869707/math.Sqrt(6)) > 1e-15 {
		t.Errorf("mean %v sd %v se %v", mean, sd, se)
	}
	if got := foldMoments([]Moments{{}, a, {}, b}); got != c {
		t.Errorf("empty blocks should be skipped: %+v", got)
	}
}

// The block rule's mean and standard deviation agree with numpy's
// (testdata/reference/shards/moments.py: np.mean and np.std(ddof=1) of
// the same draws, read from a --draws-out CSV of 10 significant digits,
// money to the cent; recorded in moments.txt). Tolerance: 2e-9 relative,
// and a cent for money.
func TestMomentsAgainstNumpy(t *testing.T) {
	_, m, sp := loadEstonia(t)
	outs, err := ParseOutputs(m.Scenario(), "investors.irr,state.net,investors.multiple")
	if err != nil {
		t.Fatal(err)
	}
	sim, err := Simulate(context.Background(), m, m.Scenario().Values(), sp, outs, SimOptions{Draws: 10000, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		n        int
		mean, sd float64
		abs      float64
	}{
		{9281, 0.013173462255522701, 0.37151619767450239, 0},
		{10000, -399176.58835199999, 161973.42834512985, 0.01},
		{10000, 1.2331454043945642, 0.72063520282496951, 0},
	}
	for k, w := range want {
		s := sim.Summaries[k]
		tol := func(x float64) float64 { return max(2e-9*math.Abs(x), w.abs) }
		if s.N != w.n || math.Abs(s.Mean-w.mean) > tol(w.mean) || math.Abs(s.SD-w.sd) > tol(w.sd) {
			t.Errorf("%s: n %d mean %v sd %v, numpy n %d mean %v sd %v", s.Output.Name, s.N, s.Mean, s.SD, w.n, w.mean, w.sd)
		}
	}
}
