package uncertainty

import (
	"slices"

	"github.com/sib-engine/sib/internal/sobol"
	"gonum.org/v1/gonum/mathext"
)

// sobolInputs are what the rows of a Sobol' design need besides the
// model: the design with its coordinates already turned into parameter
// values (each coordinate of A and B once, by sobol.Design.Transform,
// rather than once a row: 2N·K quantiles instead of N·(K+2)), and where
// they go in the parameter vector.
type sobolInputs struct {
	d    *sobol.Design // coordinates are values
	base []float64     // the base values, with the fixed parameters at theirs
	idx  []int         // index into the vector of each design column
}

// newSobolInputs transforms design d, whose columns are the parameters
// vary (indexes into sp.Params). The values are those of inverse.atU at
// each coordinate, bit for bit.
func newSobolInputs(d *sobol.Design, sp *Spec, base []float64, vary []int) *sobolInputs {
	inv := inverses(sp)
	in := &sobolInputs{base: slices.Clone(base), idx: make([]int, len(vary))}
	for k := range sp.Params {
		if u := &sp.Params[k]; !u.Varies() {
			in.base[u.ID.Index()] = u.Dist.Quantile(0)
		}
	}
	for j, k := range vary {
		in.idx[j] = sp.Params[k].ID.Index()
	}
	in.d = d.Transform(func(col int, x []float64) { inv[vary[col]].atUs(x) })
	return in
}

// row sets p to the parameter vector of design row r; u is scratch of
// length K. It does not allocate.
func (in *sobolInputs) row(r int, u, p []float64) {
	in.d.Point(r, u)
	copy(p, in.base)
	for j, k := range in.idx {
		p[k] = u[j]
	}
}

// atUs sets x[l] = t.atU(x[l]) for every l, bit for bit.
func (t *inverse) atUs(x []float64) {
	if t.q == nil {
		t.d.Quantiles(x, x)
		return
	}
	for l, u := range x {
		z := mathext.NormalQuantile(u)
		if !(z >= -tableZ && z <= tableZ) {
			x[l] = t.d.Quantile(u)
			continue
		}
		x[l] = t.atZ(z)
	}
}

// rows sets ps[l] to the parameter vector of design row from+l, for a
// model evaluated a block of rows at a time; u is scratch of length K. It
// does not allocate.
func (in *sobolInputs) rows(from int, ps [][]float64, u []float64) {
	for l, p := range ps {
		in.row(from+l, u, p)
	}
}

// cols sets lanes [0, n) of the design's columns of cols (cols[k] is
// parameter k of the vector) to design rows from … from+n−1, as row
// would; u is scratch of length K. The other columns are not touched:
// fill them once with the base values (in.base). It does not allocate.
func (in *sobolInputs) cols(from, n int, cols [][]float64, u []float64) {
	for l := range n {
		in.d.Point(from+l, u)
		for j, k := range in.idx {
			cols[k][l] = u[j]
		}
	}
}
