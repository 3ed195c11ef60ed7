package uncertainty

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// psdTol is how far below zero the smallest eigenvalue of a correlation
// matrix may fall, from rounding, before the matrix is refused.
const psdTol = 1e-10

// copula is a Gaussian copula over the correlated parameters of a spec:
// standard normals ε, made dependent as z = Lε, turned into uniforms by
// Φ and into values by each parameter's quantile function.
type copula struct {
	members []int     // indexes into Spec.Params
	l       []float64 // k×k, row-major: L·Lᵀ = R, the normal-scale correlation
	// rows are L's rows without their zeros (a copula of independent
	// blocks has many, exactly 0): z_a = Σ over rows[a] of r·ε_j, in j
	// order. A zero term would add ±0, which changes no value a draw
	// gives (at most the sign of a zero z, which Φ and the tables ignore).
	rows [][]lterm
}

// lterm is a non-zero entry r of L in column j.
type lterm struct {
	j int
	r float64
}

// sparseRows lists each row's non-zero entries in column order.
func sparseRows(l []float64, k int) [][]lterm {
	rows := make([][]lterm, k)
	for a := range k {
		for j, r := range l[a*k : (a+1)*k] {
			if r != 0 {
				rows[a] = append(rows[a], lterm{j, r})
			}
		}
	}
	return rows
}

// newCopula checks the spec's rank correlations and factors them; nil
// without correlations.
//
// The spec gives Spearman's rank correlations ρ, which a Gaussian copula
// keeps whatever the marginal distributions: its normal-scale correlation
// is r = 2·sin(πρ/6), and then the ranks correlate at (6/π)·asin(r/2) = ρ.
func newCopula(sp *Spec) (*copula, error) {
	if len(sp.Corr) == 0 {
		return nil, nil
	}
	var members []int
	for _, c := range sp.Corr {
		for _, k := range [2]int{c.A, c.B} {
			if k < 0 || k >= len(sp.Params) || !sp.Params[k].Varies() {
				return nil, fmt.Errorf("%w: correlation on line %d: parameter %d of the spec is not one it draws", ErrCorrelation, c.Line, k)
			}
		}
		members = append(members, c.A, c.B)
	}
	slices.Sort(members)
	members = slices.Compact(members)
	pos := make(map[int]int, len(members))
	for i, m := range members {
		pos[m] = i
	}
	k := len(members)
	rank := mat.NewSymDense(k, nil)
	for i := range k {
		rank.SetSym(i, i, 1)
	}
	for _, c := range sp.Corr {
		rank.SetSym(pos[c.A], pos[c.B], c.Rho)
	}
	if err := sp.checkPSD(rank, members, "the rank correlations"); err != nil {
		return nil, err
	}
	r := mat.NewSymDense(k, nil)
	for i := range k {
		for j := i; j < k; j++ {
			r.SetSym(i, j, 2*math.Sin(math.Pi*rank.At(i, j)/6))
		}
	}
	if err := sp.checkPSD(r, members, "the normal-scale correlations 2·sin(πρ/6) of the rank correlations"); err != nil {
		return nil, err
	}
	// L = V·√Λ, which also serves a singular (PSD) matrix, where Cholesky
	// fails: a correlation of exactly 1 is allowed.
	var eig mat.EigenSym
	if !eig.Factorize(r, true) {
		return nil, fmt.Errorf("%w: the eigendecomposition failed", ErrNotPSD)
	}
	vals := eig.Values(nil)
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	l := make([]float64, k*k)
	for i := range k {
		for j := range k {
			l[i*k+j] = vecs.At(i, j) * math.Sqrt(max(vals[j], 0))
		}
	}
	return &copula{members: members, l: l, rows: sparseRows(l, k)}, nil
}

// minEigen returns the smallest eigenvalue of the submatrix of a on the
// rows and columns idx.
func minEigen(a *mat.SymDense, idx []int) float64 {
	sub := mat.NewSymDense(len(idx), nil)
	for i, x := range idx {
		for j := i; j < len(idx); j++ {
			sub.SetSym(i, j, a.At(x, idx[j]))
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(sub, false) {
		return math.NaN()
	}
	return slices.Min(eig.Values(nil))
}

// checkPSD refuses a matrix with a negative eigenvalue, naming a minimal
// set of parameters whose correlations cannot hold together: parameters
// are dropped one by one while what is left still fails, which leaves a
// minimal set (none can be left out), not always the smallest.
func (sp *Spec) checkPSD(a *mat.SymDense, members []int, what string) error {
	all := make([]int, len(members))
	for i := range all {
		all[i] = i
	}
	low := minEigen(a, all)
	if low >= -psdTol {
		return nil
	}
	set := all
	for i := 0; i < len(set); {
		rest := slices.Delete(slices.Clone(set), i, i+1)
		if len(rest) >= 2 && minEigen(a, rest) < -psdTol {
			set = rest
			continue
		}
		i++
	}
	var names []string
	in := map[int]bool{}
	for _, i := range set {
		names = append(names, sp.Params[members[i]].Name)
		in[members[i]] = true
	}
	var lines []string
	last := 0
	for _, c := range sp.Corr {
		if in[c.A] && in[c.B] {
			lines = append(lines, fmt.Sprint(c.Line))
			last = max(last, c.Line)
		}
	}
	return &InputError{File: sp.CorrFile, Line: last, Column: 3, Field: "rank_correlation",
		Err: fmt.Errorf("%w: %s of %s (lines %s) cannot hold together: their matrix has the eigenvalue %.3g; loosen them",
			ErrNotPSD, what, list(names), strings.Join(lines, ", "), minEigen(a, set))}
}

func list(names []string) string {
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// A sampler draws parameter vectors from a spec. It is read-only, shared
// by the workers of a Monte Carlo; each has its own draw state.
type sampler struct {
	sp    *Spec
	inv   []inverse // by index into sp.Params
	cop   *copula
	alone []int // varying parameters outside the copula, by index into sp.Params
	fixed []int // fixed ones
	base  []float64
	seed  uint64
	// fixedBase is base with the fixed parameters at their values: what
	// a draw starts from.
	fixedBase []float64
	// slots are the drawn parameters in the order of a draw's stream:
	// alone, then the copula's members.
	slots []slot
	// offset is a shard's first draw: draw i has the stream of draw
	// offset+i of the run (SimOptions.First).
	offset uint64
}

func newSampler(sp *Spec, base []float64, seed uint64) (*sampler, error) {
	cop, err := newCopula(sp)
	if err != nil {
		return nil, err
	}
	sm := &sampler{sp: sp, cop: cop, base: base, seed: seed, inv: inverses(sp)}
	in := map[int]bool{}
	if cop != nil {
		for _, m := range cop.members {
			in[m] = true
		}
	}
	for i := range sp.Params {
		switch {
		case !sp.Params[i].Varies():
			sm.fixed = append(sm.fixed, i)
		case !in[i]:
			sm.alone = append(sm.alone, i)
		}
	}
	sm.fixedBase = slices.Clone(base)
	for _, k := range sm.fixed {
		sm.fixedBase[sp.Params[k].ID.Index()] = sp.Params[k].Dist.Quantile(0)
	}
	for _, k := range sm.alone {
		sm.slots = append(sm.slots, slot{idx: sp.Params[k].ID.Index(), inv: &sm.inv[k], byZ: sm.inv[k].q != nil})
	}
	if cop != nil {
		for _, k := range cop.members {
			sm.slots = append(sm.slots, slot{idx: sp.Params[k].ID.Index(), inv: &sm.inv[k], byZ: true})
		}
	}
	return sm, nil
}

// inverses tabulates the quantile functions of the parameters the spec
// varies. Parameters with the same distribution (four cohorts' take-up
// beta(17, 3), say) share one table: it is made once.
func inverses(sp *Spec) []inverse {
	inv := make([]inverse, len(sp.Params))
	for k := range sp.Params {
		if !sp.Params[k].Varies() {
			continue
		}
		d := sp.Params[k].Dist
		j := slices.IndexFunc(sp.Params[:k], func(u Uncertain) bool { return u.Varies() && u.Dist == d })
		if j >= 0 {
			inv[k] = inv[j]
			continue
		}
		inv[k] = newInverse(d)
	}
	return inv
}

// drawState is one worker's random source and scratch space.
type drawState struct {
	_   [128]byte // the source changes at every number: keep it off the
	src rand.PCG  // cache lines of other workers' states
	eps []float64
	blk blockState // drawBlock's lanes
	_   [128]byte
}

func (sm *sampler) newState() *drawState {
	st := &drawState{}
	if sm.cop != nil {
		st.eps = make([]float64, len(sm.cop.members))
	}
	return st
}

// uniform returns a uniform number in (0, 1), never 0 or 1, so that no
// quantile is an infinite end of its support.
func (st *drawState) uniform() float64 {
	return (float64(st.src.Uint64()>>11) + 0.5) / (1 << 53)
}

// draw fills p (a copy of the base values) with draw i: its own stream
// PCG(seed, i), so that a draw does not depend on which worker makes it,
// nor on the draws before it. It does not allocate.
func (sm *sampler) draw(i uint64, p []float64, st *drawState) {
	copy(p, sm.fixedBase)
	st.src.Seed(sm.seed, sm.offset+i)
	sp := sm.sp
	for _, k := range sm.alone {
		inv := &sm.inv[k]
		if inv.q != nil {
			p[sp.Params[k].ID.Index()] = inv.atZ(normal(&st.src))
		} else {
			p[sp.Params[k].ID.Index()] = inv.d.Quantile(st.uniform())
		}
	}
	if c := sm.cop; c != nil {
		for j := range st.eps {
			st.eps[j] = normal(&st.src)
		}
		for a, k := range c.members {
			var z float64
			for _, t := range c.rows[a] {
				z += t.r * st.eps[t.j]
			}
			p[sp.Params[k].ID.Index()] = sm.inv[k].atZ(z)
		}
	}
}

// phi is the standard normal distribution function, kept inside (0, 1).
func phi(z float64) float64 {
	u := 0.5 * erfc(-z/math.Sqrt2)
	if u >= 0x1p-60 && u <= 1-0x1p-53 {
		return u // what the clamp below gives, sooner
	}
	return min(max(u, 0x1p-60), 1-0x1p-53)
}
