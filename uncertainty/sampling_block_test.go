package uncertainty

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/sib-engine/sib/scenario"
	"github.com/stretchr/testify/require"
)

// referenceDraw is the sampler's draw as it was before batched sampling
// (commit b91c8d9), kept here as the reference the faster paths must
// match bit for bit: it looks up everything in the spec per draw and
// tabulates every parameter on its own (no shared tables).
type referenceDraw struct {
	sp   *Spec
	cop  *copula
	inv  []inverse
	base []float64
	seed uint64
}

func newReferenceDraw(t testing.TB, sp *Spec, base []float64, seed uint64) *referenceDraw {
	cop, err := newCopula(sp)
	require.NoError(t, err)
	r := &referenceDraw{sp: sp, cop: cop, inv: make([]inverse, len(sp.Params)), base: base, seed: seed}
	for k := range sp.Params {
		if sp.Params[k].Varies() {
			r.inv[k] = newInverse(sp.Params[k].Dist)
		}
	}
	return r
}

func (r *referenceDraw) draw(i uint64, p []float64) {
	st := &drawState{}
	rng := rand.New(&st.src) // the library's normals, as draw took them
	copy(p, r.base)
	st.src.Seed(r.seed, i)
	sp := r.sp
	in := map[int]bool{}
	if r.cop != nil {
		for _, m := range r.cop.members {
			in[m] = true
		}
	}
	for k := range sp.Params {
		if !sp.Params[k].Varies() {
			p[sp.Params[k].ID.Index()] = sp.Params[k].Dist.Quantile(0)
		}
	}
	for k := range sp.Params {
		if !sp.Params[k].Varies() || in[k] {
			continue
		}
		inv := &r.inv[k]
		if inv.q != nil {
			p[sp.Params[k].ID.Index()] = inv.atZ(rng.NormFloat64())
		} else {
			p[sp.Params[k].ID.Index()] = inv.d.Quantile(st.uniform())
		}
	}
	if c := r.cop; c != nil {
		n := len(c.members)
		eps := make([]float64, n)
		for j := range eps {
			eps[j] = rng.NormFloat64()
		}
		for a, k := range c.members {
			var z float64
			row := c.l[a*n : (a+1)*n]
			for j, e := range eps {
				z += row[j] * e
			}
			p[sp.Params[k].ID.Index()] = r.inv[k].atZ(z)
		}
	}
}

// blockSpecs are every bundled uncertainty spec with its scenario, and
// specs that cover every kind of distribution (tabulated or not, power-law
// tails), correlated and not, perfect correlations, and twenty parameters.
func blockSpecs(t *testing.T) map[string]struct {
	s  *scenario.Scenario
	sp *Spec
} {
	type pair = struct {
		s  *scenario.Scenario
		sp *Spec
	}
	specs := map[string]pair{}
	var dirs []string
	for _, glob := range []string{"../testdata/*/uncertainty", "testdata/*/uncertainty"} {
		m, err := filepath.Glob(glob)
		require.NoError(t, err)
		dirs = append(dirs, m...)
	}
	require.GreaterOrEqual(t, len(dirs), 2, "the bundled specs")
	for _, dir := range dirs {
		if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "scenario")); err != nil {
			continue // not an example (testdata/reference/uncertainty holds reference values)
		}
		s, err := scenario.Load(filepath.Join(filepath.Dir(dir), "scenario"))
		require.NoError(t, err, dir)
		sp, err := Load(dir, s)
		require.NoError(t, err, dir)
		specs[dir] = pair{s, sp}
	}
	s := estonia(t)
	specs["every kind"] = pair{s, momentSpec(t, s)}
	var rows []string
	for _, r := range momentRows() {
		rows = append(rows, r.row)
	}
	// Every kind again, some inside a copula (a beta with power-law
	// tails, which is not tabulated, among them).
	sp, err := read(s, specText(rows...), new(corrText(
		"cohort.c1.take_up,cohort.c2.take_up,0.4",
		"cohort.c2.take_up,outcome.reconvictions.effect,-0.3",
		"setting.inflation,cost.court_case.unit_cost,0.5",
		"cost.custody_day.unit_cost,cost.prosecution_case.unit_cost,0.7",
		"avoid.reconvictions.probation_month.units,delivery.mentoring.amount,-0.2",
	)))
	require.NoError(t, err)
	specs["every kind, correlated"] = pair{s, sp}
	sp, err = read(s, specText(
		"cohort.c1.take_up,beta,17,3",
		"cost.police_case.unit_cost,gamma,25,51.39",
		"outcome.reconvictions.effect,normal,0.1029,0.0272",
		"cohort.c2.take_up,beta,17,3",
	), new(corrText(
		"cohort.c1.take_up,cost.police_case.unit_cost,1",
		"cohort.c1.take_up,outcome.reconvictions.effect,-1",
		"cost.police_case.unit_cost,outcome.reconvictions.effect,-1",
		"cohort.c1.take_up,cohort.c2.take_up,1",
		"cohort.c2.take_up,cost.police_case.unit_cost,1",
		"cohort.c2.take_up,outcome.reconvictions.effect,-1",
	)))
	require.NoError(t, err)
	specs["perfect correlations"] = pair{s, sp}
	s20, _, sp20 := loadSobol20(t)
	specs["twenty parameters"] = pair{s20, sp20}
	return specs
}

// TestDrawBlockMatchesDraw: drawBlock (rows) and drawCols (columns), for
// blocks of 1, 7, 64 and 333 lanes starting anywhere, and draw itself,
// give bit for bit the values of the sampler as it was before batching
// (referenceDraw), for every bundled spec and every kind of distribution,
// over thousands of draws; and a block allocates nothing once its state
// has served a block of its size.
func TestDrawBlockMatchesDraw(t *testing.T) {
	const draws = 3000
	for name, c := range blockSpecs(t) {
		t.Run(name, func(t *testing.T) {
			base := c.s.Values()
			for _, seed := range []uint64{1, 0x9e3779b97f4a7c15} {
				ref := newReferenceDraw(t, c.sp, base, seed)
				const first = 1_000_003 // not a multiple of any block size
				want := make([][]float64, draws)
				for i := range want {
					want[i] = make([]float64, len(base))
					ref.draw(first+uint64(i), want[i])
				}
				sm, err := newSampler(c.sp, base, seed)
				require.NoError(t, err)
				st := sm.newState()
				p := make([]float64, len(base))
				for i := range draws {
					sm.draw(first+uint64(i), p, st)
					require.Equal(t, bits(want[i]), bits(p), "draw %d, seed %d", first+i, seed)
				}
				for _, size := range []int{1, 7, 64, 333} {
					ps := make([][]float64, size)
					for l := range ps {
						ps[l] = make([]float64, len(base))
					}
					cols := make([][]float64, len(base))
					for k := range cols {
						cols[k] = make([]float64, size)
					}
					sm.fillCols(cols, size)
					for from := 0; from < draws; from += size {
						n := min(size, draws-from)
						sm.drawBlock(first+uint64(from), ps[:n], st)
						sm.drawCols(first+uint64(from), n, cols, st)
						for l := range n {
							i := from + l
							require.Equal(t, bits(want[i]), bits(ps[l]), "block of %d, draw %d, seed %d", size, first+i, seed)
							for k := range cols {
								p[k] = cols[k][l]
							}
							require.Equal(t, bits(want[i]), bits(p), "columns of %d, draw %d, seed %d", size, first+i, seed)
						}
					}
					allocs := testing.AllocsPerRun(10, func() {
						sm.drawBlock(first, ps, st)
						sm.drawCols(first, size, cols, st)
					})
					require.Zero(t, allocs, "allocations per block of %d", size)
				}
			}
		})
	}
}

// TestVaried: varied names the columns drawCols fills, which are the
// parameters the spec varies.
func TestVaried(t *testing.T) {
	s, _, sp := loadEstonia(t)
	sm, err := newSampler(sp, s.Values(), 1)
	require.NoError(t, err)
	var got, want []string
	for _, k := range sm.varied() {
		got = append(got, s.Params[k].Name)
	}
	for _, u := range sp.Params {
		if u.Varies() {
			want = append(want, u.Name)
		}
	}
	require.ElementsMatch(t, want, got)
	require.Len(t, got, 15)
}

// BenchmarkDrawBlock is BenchmarkDraw in blocks of 64 draws (rows, as
// drawBlock fills them): ns/draw is the figure to set against
// BenchmarkDraw's ns/op.
func BenchmarkDrawBlock(b *testing.B) {
	s, _, sp := loadEstonia(b)
	sm, err := newSampler(sp, s.Values(), 1)
	if err != nil {
		b.Fatal(err)
	}
	st := sm.newState()
	const lanes = 64
	ps := make([][]float64, lanes)
	for l := range ps {
		ps[l] = make([]float64, len(s.Params))
	}
	b.ReportAllocs()
	i := uint64(0)
	for b.Loop() {
		sm.drawBlock(i, ps, st)
		i += lanes
	}
	b.ReportMetric(b.Elapsed().Seconds()*1e9/float64(b.N*lanes), "ns/draw")
}

// BenchmarkDrawCols is BenchmarkDrawBlock in columns (drawCols).
func BenchmarkDrawCols(b *testing.B) {
	s, _, sp := loadEstonia(b)
	sm, err := newSampler(sp, s.Values(), 1)
	if err != nil {
		b.Fatal(err)
	}
	st := sm.newState()
	const lanes = 64
	cols := make([][]float64, len(s.Params))
	for k := range cols {
		cols[k] = make([]float64, lanes)
	}
	sm.fillCols(cols, lanes)
	b.ReportAllocs()
	i := uint64(0)
	for b.Loop() {
		sm.drawCols(i, lanes, cols, st)
		i += lanes
	}
	b.ReportMetric(b.Elapsed().Seconds()*1e9/float64(b.N*lanes), "ns/draw")
}

// countingSource counts the numbers drawn from a PCG.
type countingSource struct {
	pcg rand.PCG
	n   int
}

func (c *countingSource) Uint64() uint64 { c.n++; return c.pcg.Uint64() }

// TestNormalMatchesRand: normal gives bit for bit math/rand/v2's
// NormFloat64 from the same PCG, and leaves the stream where it does,
// over enough draws to take the ziggurat's rare paths (the tail beyond
// 3.44 and the wedges, which draw more than one number) thousands of
// times.
func TestNormalMatchesRand(t *testing.T) {
	var slow int
	for seed := range uint64(4) {
		ref := &countingSource{}
		ref.pcg.Seed(seed, 0x5eed)
		r := rand.New(ref)
		var src rand.PCG
		src.Seed(seed, 0x5eed)
		for i := range 500_000 {
			before := ref.n
			want := r.NormFloat64()
			if ref.n-before > 1 {
				slow++
			}
			if got := normal(&src); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("seed %d, normal %d: %v, rand gives %v", seed, i, got, want)
			}
		}
		if src != ref.pcg {
			t.Fatalf("seed %d: the streams part", seed)
		}
	}
	if slow < 1000 {
		t.Errorf("only %d normals took the slow paths", slow)
	}
	t.Logf("%d of 2,000,000 normals took the slow paths", slow)
}
