package uncertainty

import (
	"testing"

	"github.com/sib-engine/sib/internal/sobol"
	"github.com/stretchr/testify/require"
)

// sobolVary lists the parameters sp varies, as Sobol does.
func sobolVary(sp *Spec) []int {
	var vary []int
	for i := range sp.Params {
		if sp.Params[i].Varies() {
			vary = append(vary, i)
		}
	}
	return vary
}

// TestSobolInputsMatchRows: every row's parameter vector from the
// transformed design is bit for bit what Sobol computed before (the
// design's point, each coordinate through its own parameter's atU, the
// fixed parameters at their values), for the twenty-parameter spec and
// every kind of distribution, with the sequence, the scrambled sequence
// and the random design, with groups.
func TestSobolInputsMatchRows(t *testing.T) {
	s20, _, sp20 := loadSobol20(t)
	s := estonia(t)
	specs := map[string]struct {
		base []float64
		sp   *Spec
	}{
		"twenty parameters": {s20.Values(), sp20},
		"every kind":        {s.Values(), momentSpec(t, s)},
	}
	for name, c := range specs {
		vary := sobolVary(c.sp)
		for _, opt := range []sobol.DesignOptions{{}, {Scramble: true, Seed: 5}, {Random: true, Seed: 6}} {
			d, err := sobol.NewDesign(256, len(vary), opt)
			require.NoError(t, err)
			d, err = d.WithGroups([][]int{{0, 1}, {2, len(vary) - 1}})
			require.NoError(t, err)
			in := newSobolInputs(d, c.sp, c.base, vary)
			inv := make([]inverse, len(c.sp.Params)) // tabulated one by one, as before
			for k := range c.sp.Params {
				if c.sp.Params[k].Varies() {
					inv[k] = newInverse(c.sp.Params[k].Dist)
				}
			}
			u := make([]float64, len(vary))
			want := make([]float64, len(c.base))
			got := make([]float64, len(c.base))
			for r := range d.Rows() {
				d.Point(r, u)
				copy(want, c.base)
				for k := range c.sp.Params {
					if p := &c.sp.Params[k]; !p.Varies() {
						want[p.ID.Index()] = p.Dist.Quantile(0)
					}
				}
				for j, k := range vary {
					want[c.sp.Params[k].ID.Index()] = inv[k].atU(u[j])
				}
				in.row(r, u, got)
				require.Equal(t, bits(want), bits(got), "%s, %+v: row %d", name, opt, r)
			}
			require.Zero(t, testing.AllocsPerRun(100, func() { in.row(7, u, got) }))
			// Blocks of rows, as rows and as columns, starting anywhere.
			ps := make([][]float64, 33)
			cols := make([][]float64, len(c.base))
			for k := range cols {
				cols[k] = make([]float64, len(ps))
			}
			for l := range ps {
				ps[l] = make([]float64, len(c.base))
			}
			for from := 5; from < d.Rows(); from += len(ps) {
				n := min(len(ps), d.Rows()-from)
				in.rows(from, ps[:n], u)
				for k := range cols {
					for l := range n {
						cols[k][l] = in.base[k]
					}
				}
				in.cols(from, n, cols, u)
				for l := range n {
					in.row(from+l, u, got)
					require.Equal(t, bits(got), bits(ps[l]), "%s, %+v: rows from %d, lane %d", name, opt, from, l)
					for k := range cols {
						want[k] = cols[k][l]
					}
					require.Equal(t, bits(got), bits(want), "%s, %+v: columns from %d, lane %d", name, opt, from, l)
				}
			}
		}
	}
}

// BenchmarkSobolInputs is BenchmarkSobol without the model: the design
// (20 parameters, N = 1,024), its coordinates turned into parameter values
// (the tables made, the quantiles taken) and the 22,528 parameter vectors
// filled, on one core but for the tables.
func BenchmarkSobolInputs(b *testing.B) {
	s, _, sp := loadSobol20(b)
	base := s.Values()
	vary := sobolVary(sp)
	u := make([]float64, len(vary))
	p := make([]float64, len(base))
	b.ReportAllocs()
	for b.Loop() {
		d, err := sobol.NewDesign(1024, len(vary), sobol.DesignOptions{})
		if err != nil {
			b.Fatal(err)
		}
		in := newSobolInputs(d, sp, base, vary)
		for r := range d.Rows() {
			in.row(r, u, p)
		}
	}
}
