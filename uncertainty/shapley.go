package uncertainty

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/sib-engine/sib/sib"
)

// ShapleyMethod chooses the permutations of a Shapley analysis.
type ShapleyMethod int

// The methods, after R's sensitivity package: every permutation of the
// parameters (shapleyPermEx) or Perms random ones (shapleyPermRand).
const (
	ShapleyRandom ShapleyMethod = iota
	ShapleyExact
)

func (m ShapleyMethod) String() string {
	if m == ShapleyExact {
		return "exact"
	}
	return "random"
}

// MaxShapleyExact is the most parameters the exact method takes: it
// evaluates the deal d!·(d−1)·No·Ni times, 846,720 times for 8
// parameters with No = 1 and Ni = 3.
const MaxShapleyExact = 8

// ErrShapleyExact is returned for the exact method with more than
// MaxShapleyExact varied parameters.
var ErrShapleyExact = errors.New("uncertainty: the exact Shapley method takes at most 8 parameters (it evaluates every permutation); use the random method")

// ErrShapleyFew is returned when the spec varies fewer than two parameters.
var ErrShapleyFew = errors.New("uncertainty: Shapley effects need two or more varied parameters")

// ShapleyOptions are the settings of a Shapley analysis, named as in R's
// sensitivity package.
type ShapleyOptions struct {
	Method ShapleyMethod
	// Perms is the number m of random permutations (method random; the
	// exact method takes all d! of them).
	Perms int
	// Nv is the sample size of the output's variance, No the outer and Ni
	// the inner sample sizes of each conditional variance: the deal is
	// evaluated Nv + m·(d−1)·No·Ni times for d parameters.
	Nv, No, Ni int
	Seed       uint64
	Workers    int
	Progress   func(done, total int)
}

// ShapleyEffect is one parameter's Shapley effect and the Sobol'-type
// indices the same evaluations give, each a share of the output's
// variance with its standard error and interval, as R's sensitivity
// package reports them (the Shapley interval is ±2 standard errors for the
// random method and ±1.96 for the exact one, the Sobol' intervals ±1.96).
type ShapleyEffect struct {
	// Shapley is the effect as a share of the variance: the effects sum
	// to 1. Times ShapleyResult.Variance it is in the output's units².
	Shapley, ShapleySE, ShapleyLo, ShapleyHi float64
	// First is the "full" first-order index Var(E[Y|Xj])/Var(Y), which
	// counts what Xj explains through the parameters it is correlated
	// with; NaN when no permutation ended with the parameter.
	First, FirstSE, FirstLo, FirstHi float64
	// Total is the "independent" total index E[Var(Y|X−j)]/Var(Y), what
	// Xj explains beyond what the others tell about it; NaN when no
	// permutation began with the parameter.
	Total, TotalSE, TotalLo, TotalHi float64
}

// ShapleyResult holds the Shapley effects of one output.
type ShapleyResult struct {
	Output  Output
	Params  []string // the varied parameters, in spec order
	Effects []ShapleyEffect
	// Mean and Variance of the output over the Nv sample.
	Mean, Variance    float64
	Method            ShapleyMethod
	Perms, Nv, No, Ni int
	Evaluations       int
}

// Shapley computes the Shapley effects (Owen 2014; Song, Nelson and
// Staum 2016) of an output for the parameters the spec varies, with
// their correlations: the algorithm of R's sensitivity package
// (shapleyPermEx, shapleyPermRand), with the conditional sampler exact
// for the spec's Gaussian copula. A Shapley effect shares the output's
// variance among the parameters fairly when they are correlated, where
// Sobol' indices are not defined. The result is the same for any number
// of workers.
func Shapley(ctx context.Context, m *sib.Model, base []float64, sp *Spec, out Output, opt ShapleyOptions) (*ShapleyResult, error) {
	res := &ShapleyResult{Output: out}
	var vary []int
	pos := map[int]int{}
	for i := range sp.Params {
		if sp.Params[i].Varies() {
			pos[i] = len(vary)
			vary = append(vary, i)
			res.Params = append(res.Params, sp.Params[i].Name)
		}
	}
	if len(vary) == 0 {
		return nil, ErrNoVarying
	}
	d := len(vary)
	cop, err := newCopula(sp)
	if err != nil {
		return nil, err
	}
	r := make([]float64, d*d)
	for i := range d {
		r[i*d+i] = 1
	}
	if cop != nil {
		k := len(cop.members)
		for a, ma := range cop.members {
			for b, mb := range cop.members {
				var s float64
				for j := range k {
					s += cop.l[a*k+j] * cop.l[b*k+j]
				}
				if a == b {
					s = 1
				}
				r[pos[ma]*d+pos[mb]] = s
			}
		}
	}
	perms, rows, err := shapleySize(d, opt)
	if err != nil {
		return nil, err
	}
	if m, err = fixedTiming(m, base, sp); err != nil {
		return nil, err
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = defaultWorkers()
	}
	// The outputs' table, 8 bytes an evaluation, and the permutations'
	// (fitWorkers counts about 17 bytes an item).
	if workers, err = fitWorkers(m, workers, rows+perms*d/2, 1); err != nil {
		return nil, err
	}
	pl, err := newShapleyPlan(d, r, opt)
	if err != nil {
		return nil, err
	}
	inv := inverses(sp)
	type worker struct {
		w *sib.Work
		p []float64
	}
	ws := make([]worker, workers)
	for i := range ws {
		ws[i] = worker{w: m.NewWork(), p: make([]float64, len(base))}
		ws[i].w.SkipTrancheIRR = !out.irr
	}
	eval := func(w, row int, z []float64) (float64, error) {
		wk := &ws[w]
		copy(wk.p, base)
		for k := range sp.Params {
			if u := &sp.Params[k]; !u.Varies() {
				wk.p[u.ID.Index()] = u.Dist.Quantile(0)
			}
		}
		for j, k := range vary {
			wk.p[sp.Params[k].ID.Index()] = inv[k].atZ(z[j])
		}
		o, err := m.Evaluate(wk.p, wk.w)
		if err != nil {
			return 0, fmt.Errorf("evaluation %d: %w", row, err)
		}
		y := out.Value(o)
		if math.IsNaN(y) || math.IsInf(y, 0) {
			return 0, fmt.Errorf("%s: the output does not exist at evaluation %d (an IRR without a root, a payback that never comes); analyse another output, such as investors.multiple or investors.npv", out.Name, row)
		}
		return y, nil
	}
	core, err := pl.run(ctx, workers, eval, opt.Progress)
	if err != nil {
		return nil, err
	}
	res.Effects, res.Mean, res.Variance = core.effects, core.mean, core.variance
	res.Method, res.Perms, res.Nv, res.No, res.Ni, res.Evaluations = opt.Method, pl.m, opt.Nv, opt.No, opt.Ni, pl.rows
	return res, nil
}

// A shapleyPlan is the design of a Shapley analysis of d inputs whose
// normal scores Z are N(0, R): the permutations, and for each group of
// correlated inputs the factors that draw a subset of them, and the rest
// given that subset.
//
// Rows 0 … Nv−1 of the design are draws of Z; then come blocks of Ni
// rows, for permutation p, position j = 1 … d−1 and outer draw l, in
// that order (as R's sensitivity package lays them out): the inputs
// after position j in the permutation (S−j) drawn once from their
// marginal, those up to j (Sj) drawn Ni times given them. Row r draws
// from its own stream PCG(seed, r), block b from PCG(seed, Nv + b), so a
// result does not depend on the workers.
type shapleyPlan struct {
	d, m, nv, no, ni int
	exact            bool  // all d! permutations, with R's exact estimator
	perms            []int // m×d, 0-based
	rows, blocks     int
	seed             uint64
	comps            []shapleyComp
	compOf           []int // input → its group
	at               []int // input → its place in the group
}

// A shapleyComp is a group of inputs correlated with each other and with
// no input outside it (a connected part of the graph of R's non-zero
// correlations).
type shapleyComp struct {
	members []int
	full    []float64            // k×k factor L·Lᵀ = R of the group
	cond    map[uint64]*condPlan // by the bits of the given members
}

// condPlan draws a group's free members given the others: Zg = Lg·ε
// when they are drawn from their marginal, then Zf = A·Zg + Lf·ε.
type condPlan struct {
	given, free []int // places in the group
	lg          []float64
	a           []float64 // |free|×|given|
	lf          []float64
}

// permStream is the stream of the random permutations, apart from those
// of the rows and blocks.
const permStream = 1 << 63

// shapleySize checks the options for d inputs and returns the number of
// permutations and of evaluations of the design.
func shapleySize(d int, opt ShapleyOptions) (perms, rows int, err error) {
	switch {
	case d < 2:
		return 0, 0, ErrShapleyFew
	case opt.Nv < 2:
		return 0, 0, fmt.Errorf("uncertainty: Shapley Nv %d: expected 2 or more", opt.Nv)
	case opt.No < 1:
		return 0, 0, fmt.Errorf("uncertainty: Shapley No %d: expected 1 or more", opt.No)
	case opt.Ni < 2:
		return 0, 0, fmt.Errorf("uncertainty: Shapley Ni %d: expected 2 or more (a variance needs two values)", opt.Ni)
	case opt.Method == ShapleyExact && d > MaxShapleyExact:
		return 0, 0, fmt.Errorf("%w: the spec varies %d", ErrShapleyExact, d)
	case opt.Method == ShapleyRandom && opt.Perms < 1:
		return 0, 0, fmt.Errorf("uncertainty: Shapley permutations %d: expected 1 or more", opt.Perms)
	}
	perms = opt.Perms
	if opt.Method == ShapleyExact {
		perms = factorial(d)
	}
	n := float64(opt.Nv) + float64(perms)*float64(d-1)*float64(opt.No)*float64(opt.Ni)
	if n > maxShapleyRows || float64(perms)*float64(d) > maxShapleyRows {
		return 0, 0, fmt.Errorf("uncertainty: a Shapley design of %.3g evaluations: at most %.3g", n, float64(maxShapleyRows))
	}
	return perms, int(n), nil
}

// maxShapleyRows bounds a design's evaluations (and permutations' cells)
// before its tables are sized against the memory budget.
const maxShapleyRows = 1 << 40

func factorial(d int) int {
	f := 1
	for i := 2; i <= d; i++ {
		f *= i
	}
	return f
}

func newShapleyPlan(d int, r []float64, opt ShapleyOptions) (*shapleyPlan, error) {
	m, rows, err := shapleySize(d, opt)
	if err != nil {
		return nil, err
	}
	pl := &shapleyPlan{d: d, m: m, rows: rows, nv: opt.Nv, no: opt.No, ni: opt.Ni, seed: opt.Seed, exact: opt.Method == ShapleyExact}
	pl.blocks = m * (d - 1) * opt.No
	if pl.exact {
		pl.perms = allPerms(d)
	} else {
		rng := rand.New(rand.NewPCG(opt.Seed, permStream))
		pl.perms = make([]int, 0, m*d)
		for range m {
			// rng.Perm(d), without its allocation: the same permutations.
			n := len(pl.perms)
			for i := range d {
				pl.perms = append(pl.perms, i)
			}
			p := pl.perms[n:]
			rng.Shuffle(d, func(i, j int) { p[i], p[j] = p[j], p[i] })
		}
	}
	if err := pl.group(r); err != nil {
		return nil, err
	}
	return pl, nil
}

// allPerms lists the d! permutations of 0 … d−1 in lexicographic order,
// as gtools::permutations does.
func allPerms(d int) []int {
	var out []int
	p := make([]int, d)
	for i := range p {
		p[i] = i
	}
	for {
		out = append(out, p...)
		// The next permutation in lexicographic order.
		i := d - 2
		for i >= 0 && p[i] > p[i+1] {
			i--
		}
		if i < 0 {
			return out
		}
		j := d - 1
		for p[j] < p[i] {
			j--
		}
		p[i], p[j] = p[j], p[i]
		for a, b := i+1, d-1; a < b; a, b = a+1, b-1 {
			p[a], p[b] = p[b], p[a]
		}
	}
}

// group splits the inputs into groups of correlated ones and works out
// the conditional plans the permutations need.
func (pl *shapleyPlan) group(r []float64) error {
	d := pl.d
	pl.compOf = make([]int, d)
	pl.at = make([]int, d)
	for i := range pl.compOf {
		pl.compOf[i] = -1
	}
	for i := range d {
		if pl.compOf[i] >= 0 {
			continue
		}
		c := len(pl.comps)
		var members []int
		stack := []int{i}
		pl.compOf[i] = c
		for len(stack) > 0 {
			a := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			members = append(members, a)
			for b := range d {
				if pl.compOf[b] < 0 && (r[a*d+b] != 0 || r[b*d+a] != 0) {
					pl.compOf[b] = c
					stack = append(stack, b)
				}
			}
		}
		sortInts(members)
		if len(members) > 64 {
			return fmt.Errorf("uncertainty: Shapley effects of more than 64 correlated parameters in one group")
		}
		for k, a := range members {
			pl.at[a] = k
		}
		sub := subMatrix(r, d, members, members)
		full, ok := factor(sub, len(members))
		if !ok {
			return fmt.Errorf("%w: the eigendecomposition failed", ErrNotPSD)
		}
		pl.comps = append(pl.comps, shapleyComp{members: members, full: full, cond: map[uint64]*condPlan{}})
	}
	// The plans of the sets the permutations condition on.
	masks := make([]uint64, len(pl.comps))
	for p := range pl.m {
		pi := pl.perms[p*pl.d : (p+1)*pl.d]
		for j := 1; j < d; j++ {
			pl.givenMasks(masks, pi[j:])
			for c := range pl.comps {
				comp := &pl.comps[c]
				if len(comp.members) == 1 {
					continue
				}
				if _, ok := comp.cond[masks[c]]; ok {
					continue
				}
				cp, err := newCondPlan(r, d, comp.members, masks[c])
				if err != nil {
					return err
				}
				comp.cond[masks[c]] = cp
			}
		}
	}
	return nil
}

// givenMasks marks, group by group, the inputs given (S−j).
func (pl *shapleyPlan) givenMasks(masks []uint64, given []int) {
	clear(masks)
	for _, a := range given {
		masks[pl.compOf[a]] |= 1 << pl.at[a]
	}
}

func sortInts(s []int) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// subMatrix is r (n×n, row-major) on rows rs and columns cs.
func subMatrix(r []float64, n int, rs, cs []int) []float64 {
	out := make([]float64, 0, len(rs)*len(cs))
	for _, i := range rs {
		for _, j := range cs {
			out = append(out, r[i*n+j])
		}
	}
	return out
}

// eigen factors the symmetric k×k matrix s.
func eigen(s []float64, k int) (vals []float64, vecs *mat.Dense, ok bool) {
	sym := mat.NewSymDense(k, nil)
	for i := range k {
		for j := i; j < k; j++ {
			sym.SetSym(i, j, (s[i*k+j]+s[j*k+i])/2)
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(sym, true) {
		return nil, nil, false
	}
	vecs = &mat.Dense{}
	eig.VectorsTo(vecs)
	return eig.Values(nil), vecs, true
}

// factor returns L = V·√Λ, with L·Lᵀ = s for a positive semi-definite s
// (a singular one too, where Cholesky fails).
func factor(s []float64, k int) ([]float64, bool) {
	if k == 0 {
		return nil, true
	}
	vals, vecs, ok := eigen(s, k)
	if !ok {
		return nil, false
	}
	l := make([]float64, k*k)
	for i := range k {
		for j := range k {
			l[i*k+j] = vecs.At(i, j) * math.Sqrt(max(vals[j], 0))
		}
	}
	return l, true
}

// newCondPlan works out the law of a group's members not in mask given
// those in it: for Z ~ N(0, R), Zf | Zg = z is normal with mean
// R_fg·R_gg⁺·z and covariance R_ff − R_fg·R_gg⁺·R_gf (R_gg⁺ the
// pseudo-inverse, for a singular R_gg).
func newCondPlan(r []float64, d int, members []int, mask uint64) (*condPlan, error) {
	cp := &condPlan{}
	var g, f []int // inputs
	for k, a := range members {
		if mask&(1<<k) != 0 {
			cp.given = append(cp.given, k)
			g = append(g, a)
		} else {
			cp.free = append(cp.free, k)
			f = append(f, a)
		}
	}
	ng, nf := len(g), len(f)
	rgg := subMatrix(r, d, g, g)
	var ok bool
	if cp.lg, ok = factor(rgg, ng); !ok {
		return nil, fmt.Errorf("%w: the eigendecomposition failed", ErrNotPSD)
	}
	rff := subMatrix(r, d, f, f)
	cp.a = make([]float64, nf*ng)
	if ng > 0 && nf > 0 {
		vals, vecs, ok := eigen(rgg, ng)
		if !ok {
			return nil, fmt.Errorf("%w: the eigendecomposition failed", ErrNotPSD)
		}
		top := 0.0
		for _, v := range vals {
			top = max(top, math.Abs(v))
		}
		pinv := make([]float64, ng*ng)
		for e, v := range vals {
			if v <= 1e-12*top {
				continue
			}
			for i := range ng {
				for j := range ng {
					pinv[i*ng+j] += vecs.At(i, e) * vecs.At(j, e) / v
				}
			}
		}
		rfg := subMatrix(r, d, f, g)
		for i := range nf {
			for j := range ng {
				var s float64
				for k := range ng {
					s += rfg[i*ng+k] * pinv[k*ng+j]
				}
				cp.a[i*ng+j] = s
			}
		}
		// R_ff − A·R_gf
		for i := range nf {
			for j := range nf {
				var s float64
				for k := range ng {
					s += cp.a[i*ng+k] * rfg[j*ng+k]
				}
				rff[i*nf+j] -= s
			}
		}
	}
	if cp.lf, ok = factor(rff, nf); !ok {
		return nil, fmt.Errorf("%w: the eigendecomposition failed", ErrNotPSD)
	}
	return cp, nil
}

// shapleyState is one worker's random source and scratch space.
type shapleyState struct {
	_      [128]byte
	src    rand.PCG
	rng    *rand.Rand
	z, eps []float64
	zg     []float64 // the given members' scores, by group place
	_      [128]byte
}

func (pl *shapleyPlan) newState() *shapleyState {
	st := &shapleyState{z: make([]float64, pl.d), eps: make([]float64, pl.d), zg: make([]float64, pl.d)}
	st.rng = rand.New(&st.src)
	return st
}

// mulTo sets out = l·e for the k×k matrix l.
func mulTo(out, l, e []float64, k int) {
	for i := range k {
		var s float64
		row := l[i*k : (i+1)*k]
		for j, x := range e[:k] {
			s += row[j] * x
		}
		out[i] = s
	}
}

// draw fills st.z with row r of the Nv sample: Z ~ N(0, R).
func (pl *shapleyPlan) draw(r int, st *shapleyState) {
	st.src.Seed(pl.seed, uint64(r))
	for c := range pl.comps {
		comp := &pl.comps[c]
		k := len(comp.members)
		for i := range k {
			st.eps[i] = st.rng.NormFloat64()
		}
		mulTo(st.zg, comp.full, st.eps, k)
		for i, a := range comp.members {
			st.z[a] = st.zg[i]
		}
	}
}

// block is one conditional block: its permutation's order pi, position j
// (1 … d−1: pi[:j] is drawn given pi[j:]), and the bits of the given
// members of each group.
func (pl *shapleyPlan) block(b int) (pi []int, j int) {
	pj := b / pl.no
	p, j := pj/(pl.d-1), pj%(pl.d-1)+1
	return pl.perms[p*pl.d : (p+1)*pl.d], j
}

// given draws the inputs pi[j:] of block b from their marginal law into
// st.z, and keeps each group's given scores in st.zg; it returns each
// group's plan (nil for a group of one, or with none given or free).
func (pl *shapleyPlan) given(b int, st *shapleyState, plans []*condPlan, free []bool) {
	pi, j := pl.block(b)
	st.src.Seed(pl.seed, uint64(pl.nv+b))
	for i := range free {
		free[i] = false
	}
	for _, a := range pi[:j] {
		free[a] = true
	}
	for c := range pl.comps {
		comp := &pl.comps[c]
		plans[c] = nil
		if len(comp.members) == 1 {
			if a := comp.members[0]; !free[a] {
				st.z[a] = st.rng.NormFloat64()
			}
			continue
		}
		var mask uint64
		for k, a := range comp.members {
			if !free[a] {
				mask |= 1 << k
			}
		}
		cp := comp.cond[mask]
		plans[c] = cp
		ng := len(cp.given)
		for i := range ng {
			st.eps[i] = st.rng.NormFloat64()
		}
		mulTo(st.zg, cp.lg, st.eps, ng)
		for i, k := range cp.given {
			st.z[comp.members[k]] = st.zg[i]
		}
	}
}

// conditional draws the free inputs of the block given st.zg into st.z.
func (pl *shapleyPlan) conditional(st *shapleyState, plans []*condPlan, free []bool) {
	for c := range pl.comps {
		comp := &pl.comps[c]
		if len(comp.members) == 1 {
			if a := comp.members[0]; free[a] {
				st.z[a] = st.rng.NormFloat64()
			}
			continue
		}
		cp := plans[c]
		ng, nf := len(cp.given), len(cp.free)
		if nf == 0 {
			continue
		}
		for i := range nf {
			st.eps[i] = st.rng.NormFloat64()
		}
		for i, k := range cp.free {
			s := 0.0
			for e := range nf {
				s += cp.lf[i*nf+e] * st.eps[e]
			}
			for e := range ng {
				s += cp.a[i*ng+e] * st.zg[e]
			}
			st.z[comp.members[k]] = s
		}
	}
}

// shapleyCore is what the design's evaluations give: the effects, and
// the output's mean and variance over the Nv sample.
type shapleyCore struct {
	effects        []ShapleyEffect
	mean, variance float64
}

// run evaluates the design, eval(w, row, z) giving the output at the
// normal scores z on worker w, and estimates the effects.
func (pl *shapleyPlan) run(ctx context.Context, workers int, eval func(w, row int, z []float64) (float64, error), progress func(done, total int)) (*shapleyCore, error) {
	yv := make([]float64, pl.nv)
	yc := make([]float64, pl.blocks*pl.ni)
	type scratch struct {
		st    *shapleyState
		plans []*condPlan
		free  []bool
	}
	ss := make([]scratch, workers)
	for i := range ss {
		ss[i] = scratch{st: pl.newState(), plans: make([]*condPlan, len(pl.comps)), free: make([]bool, pl.d)}
	}
	done := 0
	after := func(n int) func(from, to int) error {
		if progress == nil {
			return nil
		}
		return func(from, to int) error {
			done += (to - from) * n
			progress(done, pl.rows)
			return nil
		}
	}
	err := parallel(ctx, pl.nv, workers, func(w, from, to int) error {
		s := &ss[w]
		for r := from; r < to; r++ {
			pl.draw(r, s.st)
			y, err := eval(w, r, s.st.z)
			if err != nil {
				return err
			}
			yv[r] = y
		}
		return nil
	}, after(1))
	if err != nil {
		return nil, err
	}
	err = parallel(ctx, pl.blocks, workers, func(w, from, to int) error {
		s := &ss[w]
		for b := from; b < to; b++ {
			pl.given(b, s.st, s.plans, s.free)
			for i := range pl.ni {
				pl.conditional(s.st, s.plans, s.free)
				row := b*pl.ni + i
				y, err := eval(w, pl.nv+row, s.st.z)
				if err != nil {
					return err
				}
				yc[row] = y
			}
		}
		return nil
	}, after(pl.ni))
	if err != nil {
		return nil, err
	}
	return pl.tell(yv, yc), nil
}

// meanVar is the mean and the sample variance (denominator n − 1), as R's
// mean and var give them.
func meanVar(y []float64) (mean, v float64) {
	for _, x := range y {
		mean += x
	}
	mean /= float64(len(y))
	for _, x := range y {
		v += (x - mean) * (x - mean)
	}
	return mean, v / float64(len(y)-1)
}

// tell estimates the effects from the design's outputs: a port of
// tell.shapleyPermEx and tell.shapleyPermRand of R's sensitivity package
// (version 1.30), their standard errors included. Along each permutation
// π the cost c(π1 … πj) = E[Var(Y | the others)] is estimated by the mean
// of the No blocks' variances of Ni outputs, c(all) by Var(Y) from the
// Nv sample; πj's Shapley term is c(π1 … πj) − c(π1 … πj−1), its total
// index the cost at j = 1 and 1 − its first-order index the cost before
// it comes last.
func (pl *shapleyPlan) tell(yv, yc []float64) *shapleyCore {
	d, m := pl.d, pl.m
	exact := pl.exact
	sh, sh2 := make([]float64, d), make([]float64, d)
	vs, vs2, nv := make([]float64, d), make([]float64, d), make([]float64, d)
	ts, ts2, nt := make([]float64, d), make([]float64, d), make([]float64, d)
	ey, vy := meanVar(yv)
	cvar := make([]float64, pl.no)
	next := 0
	for p := range m {
		pi := pl.perms[p*d : (p+1)*d]
		prev, del2 := 0.0, 0.0
		for j := range d {
			var c, del float64
			if j == d-1 {
				c = vy
				del = c - prev
				vs[pi[j]] += prev
				vs2[pi[j]] += prev * prev
				nv[pi[j]]++
			} else {
				for l := range cvar {
					_, cvar[l] = meanVar(yc[next : next+pl.ni])
					next += pl.ni
				}
				c, _ = meanSum(cvar)
				del = c - prev
				if exact {
					// R: del2 <- mean((cVar-prevC)^2) - del^2
					var s float64
					for _, x := range cvar {
						s += (x - prev) * (x - prev)
					}
					del2 = s/float64(len(cvar)) - del*del
				}
			}
			sh[pi[j]] += del
			if exact {
				// R adds del2 at j = d too, where it still holds the value
				// from j = d − 1.
				sh2[pi[j]] += del2
			} else {
				sh2[pi[j]] += del * del
			}
			prev = c
			if j == 0 {
				ts[pi[j]] += c
				ts2[pi[j]] += c * c
				nt[pi[j]]++
			}
		}
	}
	res := &shapleyCore{effects: make([]ShapleyEffect, d), mean: ey, variance: vy}
	fm, vy2 := float64(m), vy*vy
	for i := range d {
		e := &res.effects[i]
		e.Shapley = sh[i] / fm / vy
		s2 := sh2[i] / fm / vy2
		z := 2.0
		if exact {
			e.ShapleySE = math.Sqrt(s2 / float64(pl.no))
			z = 1.96
			k := fm / float64(d) // (d−1)!: the permutations with i last, or first
			first := vs[i] / k / vy
			e.FirstSE = math.Sqrt((vs2[i]/vy2 - first*first) / (float64(pl.no) * k))
			e.First = 1 - first
			e.Total = ts[i] / k / vy
			e.TotalSE = math.Sqrt((ts2[i]/vy2 - e.Total*e.Total) / (float64(pl.no) * k))
		} else {
			e.ShapleySE = math.Sqrt((s2 - e.Shapley*e.Shapley) / fm)
			first := vs[i] / nv[i] / vy
			e.FirstSE = math.Sqrt((vs2[i]/nv[i]/vy2 - first*first) / nv[i])
			e.First = 1 - first
			e.Total = ts[i] / nt[i] / vy
			e.TotalSE = math.Sqrt((ts2[i]/nt[i]/vy2 - e.Total*e.Total) / nt[i])
		}
		e.ShapleyLo, e.ShapleyHi = e.Shapley-z*e.ShapleySE, e.Shapley+z*e.ShapleySE
		e.FirstLo, e.FirstHi = e.First-1.96*e.FirstSE, e.First+1.96*e.FirstSE
		e.TotalLo, e.TotalHi = e.Total-1.96*e.TotalSE, e.Total+1.96*e.TotalSE
	}
	return res
}

func meanSum(x []float64) (mean, sum float64) {
	for _, v := range x {
		sum += v
	}
	return sum / float64(len(x)), sum
}
