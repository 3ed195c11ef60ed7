package matching

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// Errors of FitLogit.
var (
	// ErrOneGroup: the sample has no treated row or no pool row, so
	// there is nothing to model.
	ErrOneGroup = errors.New("matching: the propensity model needs both treated and pool rows")
	// ErrShape: the design's columns and the treatment flags differ in
	// length.
	ErrShape = errors.New("matching: design and treatment flags differ in length")
)

// FitOptions control the IRLS fit; zero values take R glm's defaults.
type FitOptions struct {
	MaxIter int     // default 25
	Tol     float64 // relative change in deviance, default 1e-8
	// Workers bounds the goroutines; 0 means one per CPU. The fit is
	// identical whatever its value.
	Workers int
}

// fitChunk is the number of rows whose contributions to X'WX are summed
// together. It is fixed so that the partial sums, added in chunk order,
// do not depend on the number of workers; 4096 rows of 11 columns fit in
// a core's L2 cache.
const fitChunk = 4096

// aliasTol is the smallest share of a column's (weighted, squared) norm
// that the earlier columns may leave unexplained before the column is
// dropped as collinear. R's QR (dqrdc2) drops at a norm ratio of 1e-11,
// which the normal equations cannot resolve; 1e-10 here is a norm ratio
// of 1e-5.
const aliasTol = 1e-10

// R's binomial family (family.c): the logit link's thresholds.
const (
	etaThresh = 30
	dblEps    = 0x1p-52
)

// FitLogit fits a logistic regression of treated on the design by
// iteratively reweighted least squares, as R's glm(family = binomial())
// does: the same start (mustart = (y + 0.5)/2), working responses and
// weights, convergence rule (|dev - devold|/(|dev| + 0.1) < Tol) and
// iteration limit, so that the coefficients, standard errors (from the
// inverse of the last iteration's X'WX), deviance, iteration count and
// scores agree with R's.
//
// Each weighted least-squares step solves the normal equations by a
// Cholesky factorisation of X'WX scaled to a unit diagonal (so that a
// covariate in euros beside 0/1 indicators costs no accuracy), as a
// Newton step from the current coefficients from the second iteration on
// (so that rounding in the solve does not accumulate). A column that the
// earlier columns explain (constant, collinear, a level without rows) is
// dropped as R's glm drops it: its coefficient and SE are NaN (R's NA),
// and a warning names it.
//
// Never silent: Fit.Warnings reports no convergence, fitted probabilities
// numerically 0 or 1 (R's rule: within 10 machine epsilons), separation
// (a level or 0/1 covariate whose rows are all treated or all pool; a
// covariate whose values split the groups), and dropped columns. The fit
// is still returned then, as R's is. Errors: ErrOneGroup, ErrShape,
// ErrNotFinite and ctx's error.
//
// Rows are split into fixed chunks whose sums are added in chunk order:
// the fit is identical for any opt.Workers.
func FitLogit(ctx context.Context, x *Design, treated []bool, opt FitOptions) (*Fit, error) {
	n := len(treated)
	p := len(x.Cols)
	if p == 0 || len(x.Names) != p {
		return nil, fmt.Errorf("%w: %d columns, %d names", ErrShape, p, len(x.Names))
	}
	for j, col := range x.Cols {
		if len(col) != n {
			return nil, fmt.Errorf("%w: column %s has %d rows, %d treatment flags", ErrShape, x.Names[j], len(col), n)
		}
	}
	if n == 0 {
		return nil, ErrNoRows
	}
	nt := 0
	for _, t := range treated {
		if t {
			nt++
		}
	}
	if nt == 0 || nt == n {
		return nil, fmt.Errorf("%w: %d of %d rows are treated", ErrOneGroup, nt, n)
	}
	if opt.MaxIter <= 0 {
		opt.MaxIter = 25
	}
	if opt.Tol <= 0 {
		opt.Tol = 1e-8
	}
	f := &fitter{x: x, y: treated, n: n, p: p, eta: make([]float64, n)}
	f.nchunks = (n + fitChunk - 1) / fitChunk
	f.stride = p*(p+1)/2 + p + 1
	f.part = make([]float64, f.nchunks*f.stride)
	f.workers = opt.Workers
	if f.workers <= 0 {
		f.workers = runtime.GOMAXPROCS(0)
	}
	f.workers = min(f.workers, f.nchunks)
	f.ones = make([]bool, p)
	for j, col := range x.Cols {
		f.ones[j] = !slices.ContainsFunc(col, func(v float64) bool { return v != 1 })
	}

	// The start: eta from mustart, the deviance there, and the first
	// weighted least-squares system.
	sys, devold, err := f.run(ctx, nil)
	if err != nil {
		return nil, err
	}
	fit := &Fit{Names: append([]string(nil), x.Names...)}
	beta := make([]float64, p)
	var last *cholesky
	for it := 1; it <= opt.MaxIter; it++ {
		ch := factor(sys.a, p)
		step := ch.solve(sys.b)
		if it == 1 {
			copy(beta, step) // the first system is in z, not a Newton step
		} else {
			for j := range beta {
				beta[j] += step[j]
			}
		}
		for j := range beta {
			if ch.aliased[j] {
				beta[j] = 0 // R's Cdqrls leaves pivoted-out coefficients at 0
			}
		}
		last = ch
		var dev float64
		sys, dev, err = f.run(ctx, beta)
		if err != nil {
			return nil, err
		}
		fit.Iter = it
		fit.Deviance = dev
		if math.Abs(dev-devold)/(math.Abs(dev)+0.1) < opt.Tol {
			fit.Converged = true
			break
		}
		devold = dev
	}
	fit.Coef = beta
	fit.SE = last.invDiag()
	var dropped []string
	for j := range beta {
		if last.aliased[j] {
			fit.Coef[j] = math.NaN()
			fit.SE[j] = math.NaN()
			dropped = append(dropped, x.Names[j])
		} else {
			fit.SE[j] = math.Sqrt(fit.SE[j])
		}
	}
	fit.Logit = f.eta
	fit.Score = make([]float64, n)
	extreme := 0
	for i, e := range f.eta {
		mu := linkinv(e)
		fit.Score[i] = mu
		if mu > 1-10*dblEps || mu < 10*dblEps {
			extreme++
		}
	}
	if !fit.Converged {
		fit.Warnings = append(fit.Warnings, fmt.Sprintf("the propensity model did not converge in %d iterations (IRLS, as R's glm): its scores are unreliable; look for separation", fit.Iter))
	}
	if extreme > 0 {
		fit.Warnings = append(fit.Warnings, fmt.Sprintf("fitted probabilities numerically 0 or 1 for %d rows (R's glm warns of the same): a sign of separation", extreme))
	}
	if len(dropped) > 0 {
		fit.Warnings = append(fit.Warnings, fmt.Sprintf("dropped from the propensity model as constant or collinear with the columns before them (no coefficient, as R's NA): %s", joinNames(dropped)))
	}
	fit.Warnings = append(fit.Warnings, separation(x, treated, f.workers)...)
	return fit, nil
}

// fitter holds one fit's state: the current linear predictor and the
// per-chunk partial sums.
type fitter struct {
	x       *Design
	y       []bool
	n, p    int
	eta     []float64
	nchunks int
	// part holds, per chunk, X'WX (packed lower triangle), the
	// right-hand side and the deviance.
	stride  int
	part    []float64
	workers int
	// ones marks columns of ones (the intercept), whose products with
	// the weights are plain sums.
	ones []bool
}

// normalEq is a weighted least-squares system: X'WX packed (lower
// triangle, row by row) and the right-hand side.
type normalEq struct {
	a, b []float64
}

// run makes one pass over the rows. With beta nil it starts the fit: eta
// from mustart, and the system in the working response z. Otherwise it
// sets eta = X beta and returns the system of the Newton step from beta
// (right-hand side X'W(z - eta)). Both return the deviance at eta.
func (f *fitter) run(ctx context.Context, beta []float64) (normalEq, float64, error) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range f.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := newScratch(f.p)
			for {
				c := int(next.Add(1)) - 1
				if c >= f.nchunks || ctx.Err() != nil {
					return
				}
				f.chunk(c, beta, s)
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return normalEq{}, 0, err
	}
	pp := f.p * (f.p + 1) / 2
	sum := make([]float64, f.stride)
	for c := range f.nchunks {
		part := f.part[c*f.stride : (c+1)*f.stride]
		for k, v := range part {
			sum[k] += v
		}
	}
	for _, v := range sum {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return normalEq{}, 0, f.notFinite()
		}
	}
	return normalEq{a: sum[:pp], b: sum[pp : pp+f.p]}, sum[pp+f.p], nil
}

// notFinite names the first column holding a NaN or an infinity.
func (f *fitter) notFinite() error {
	for j, col := range f.x.Cols {
		for i, v := range col {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("%w: %s, row %d", ErrNotFinite, f.x.Names[j], i+1)
			}
		}
	}
	return fmt.Errorf("%w: the model's sums overflowed (a covariate's values are too large)", ErrNotFinite)
}

// scratch is a worker's buffers for one chunk.
type scratch struct {
	w, r, wx, wx2 []float64
}

func newScratch(p int) *scratch {
	return &scratch{w: make([]float64, fitChunk), r: make([]float64, fitChunk), wx: make([]float64, fitChunk), wx2: make([]float64, fitChunk)}
}

// chunk computes chunk c's contributions (see run) into f.part.
func (f *fitter) chunk(c int, beta []float64, s *scratch) {
	lo := c * fitChunk
	hi := min(lo+fitChunk, f.n)
	m := hi - lo
	eta := f.eta[lo:hi]
	y := f.y[lo:hi]
	if beta == nil {
		l3 := math.Log(0.75 / (1 - 0.75)) // R's linkfun(mustart): mustart is 0.75 or 0.25
		for i := range eta {
			if y[i] {
				eta[i] = l3
			} else {
				eta[i] = -l3
			}
		}
	} else {
		clear(eta)
		for j, col := range f.x.Cols {
			if b := beta[j]; b != 0 {
				col := col[lo:hi]
				for i := range eta {
					eta[i] += b * col[i]
				}
			}
		}
	}
	w, r := s.w[:m], s.r[:m]
	var dev float64
	for i, e := range eta {
		mu, me := logitParts(e)
		varmu := mu * (1 - mu)
		yi := 0.0
		if y[i] {
			yi = 1
			dev += 2 * math.Log(1/mu)
		} else {
			dev += 2 * math.Log(1/(1-mu))
		}
		w[i] = me * me / varmu
		if beta == nil {
			r[i] = w[i] * (e + (yi-mu)/me)
		} else {
			r[i] = w[i] * ((yi - mu) / me)
		}
	}
	part := f.part[c*f.stride : (c+1)*f.stride]
	// X'WX row by row, two rows at a time so that each column is read
	// once for both.
	wx, wx2 := s.wx[:m], s.wx2[:m]
	at := func(j, l int) int { return j*(j+1)/2 + l }
	for j := 0; j < f.p; j += 2 {
		cj := f.x.Cols[j][lo:hi]
		for i := range wx {
			wx[i] = w[i] * cj[i]
		}
		if j+1 == f.p {
			for l := 0; l <= j; l++ {
				part[at(j, l)] = f.dotCol(wx, l, lo, hi)
			}
			break
		}
		cj2 := f.x.Cols[j+1][lo:hi]
		for i := range wx2 {
			wx2[i] = w[i] * cj2[i]
		}
		for l := 0; l <= j; l++ {
			if f.ones[l] {
				part[at(j, l)], part[at(j+1, l)] = sum(wx), sum(wx2)
			} else {
				part[at(j, l)], part[at(j+1, l)] = dot2(wx, wx2, f.x.Cols[l][lo:hi])
			}
		}
		part[at(j+1, j+1)] = f.dotCol(wx2, j+1, lo, hi)
	}
	k := f.p * (f.p + 1) / 2
	for j, cj := range f.x.Cols {
		if f.ones[j] {
			part[k+j] = sum(r)
		} else {
			part[k+j] = dot(r, cj[lo:hi])
		}
	}
	k += f.p
	part[k] = dev
}

// dotCol is the dot product of a with rows lo..hi-1 of column l.
func (f *fitter) dotCol(a []float64, l, lo, hi int) float64 {
	if f.ones[l] {
		return sum(a)
	}
	return dot(a, f.x.Cols[l][lo:hi])
}

// dot is the dot product of a and b (equal lengths), with four
// accumulators in a fixed order.
func dot(a, b []float64) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float64
	n := len(a) &^ 3
	for i := 0; i < n; i += 4 {
		x := a[i : i+4 : i+4]
		y := b[i : i+4 : i+4]
		s0 += x[0] * y[0]
		s1 += x[1] * y[1]
		s2 += x[2] * y[2]
		s3 += x[3] * y[3]
	}
	for i := n; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// dot2 is (dot(a1, b), dot(a2, b)) reading b once, with two
// accumulators each in a fixed order.
func dot2(a1, a2, b []float64) (float64, float64) {
	a1, a2 = a1[:len(b)], a2[:len(b)]
	var s0, s1, t0, t1 float64
	n := len(b) &^ 1
	for i := 0; i < n; i += 2 {
		y := b[i : i+2 : i+2]
		x1 := a1[i : i+2 : i+2]
		x2 := a2[i : i+2 : i+2]
		s0 += x1[0] * y[0]
		s1 += x1[1] * y[1]
		t0 += x2[0] * y[0]
		t1 += x2[1] * y[1]
	}
	if n < len(b) {
		s0 += a1[n] * b[n]
		t0 += a2[n] * b[n]
	}
	return s0 + s1, t0 + t1
}

// sum is dot(a, ones).
func sum(a []float64) float64 {
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i]
		s1 += a[i+1]
		s2 += a[i+2]
		s3 += a[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// linkinv is R's binomial()$linkinv: the inverse logit, with eta clamped
// to ±30 so that mu stays inside (0, 1).
func linkinv(eta float64) float64 {
	var t float64
	switch {
	case eta < -etaThresh:
		t = dblEps
	case eta > etaThresh:
		t = 1 / dblEps
	default:
		t = math.Exp(eta)
	}
	return t / (1 + t)
}

// logitParts returns linkinv(eta) and R's binomial()$mu.eta (dmu/deta,
// at least machine epsilon) with one exponential: the same numbers as R's
// two calls.
func logitParts(eta float64) (mu, muEta float64) {
	if eta > etaThresh || eta < -etaThresh {
		return linkinv(eta), dblEps
	}
	e := math.Exp(eta)
	opexp := 1 + e
	return e / opexp, e / (opexp * opexp)
}

// cholesky is the factor of a normal-equations matrix scaled to a unit
// diagonal, with the columns the earlier ones explain left out.
type cholesky struct {
	p       int
	scale   []float64 // sqrt of the diagonal of X'WX
	l       []float64 // p×p lower triangle, row-major; aliased rows zero
	aliased []bool
}

// factor factors the packed matrix a, in column order, dropping a column
// whose residual diagonal after the kept earlier columns is below
// aliasTol (R's glm keeps the earlier of two collinear columns too).
func factor(a []float64, p int) *cholesky {
	ch := &cholesky{p: p, scale: make([]float64, p), l: make([]float64, p*p), aliased: make([]bool, p)}
	at := func(i, j int) float64 { // i >= j
		return a[i*(i+1)/2+j]
	}
	for j := range p {
		d := at(j, j)
		if d > 0 && !math.IsInf(d, 0) {
			ch.scale[j] = math.Sqrt(d)
		}
	}
	l := ch.l
	for j := range p {
		if ch.scale[j] == 0 {
			ch.aliased[j] = true
			continue
		}
		d := 1.0
		for k := range j {
			d -= l[j*p+k] * l[j*p+k]
		}
		if d < aliasTol {
			ch.aliased[j] = true
			for k := range j {
				l[j*p+k] = 0
			}
			continue
		}
		ljj := math.Sqrt(d)
		l[j*p+j] = ljj
		for i := j + 1; i < p; i++ {
			if ch.scale[i] == 0 {
				continue
			}
			s := at(i, j) / (ch.scale[i] * ch.scale[j])
			for k := range j {
				s -= l[i*p+k] * l[j*p+k]
			}
			l[i*p+j] = s / ljj
		}
	}
	return ch
}

// solve returns the solution of X'WX x = b over the kept columns (0 for
// the aliased ones).
func (ch *cholesky) solve(b []float64) []float64 {
	p, l := ch.p, ch.l
	u := make([]float64, p)
	for i := range p {
		if ch.aliased[i] {
			continue
		}
		s := b[i] / ch.scale[i]
		for k := range i {
			s -= l[i*p+k] * u[k]
		}
		u[i] = s / l[i*p+i]
	}
	for i := p - 1; i >= 0; i-- {
		if ch.aliased[i] {
			continue
		}
		s := u[i]
		for k := i + 1; k < p; k++ {
			s -= l[k*p+i] * u[k]
		}
		u[i] = s / l[i*p+i]
	}
	for i := range u {
		if !ch.aliased[i] {
			u[i] /= ch.scale[i]
		}
	}
	return u
}

// invDiag returns the diagonal of the inverse of X'WX over the kept
// columns (0 for the aliased ones): the coefficients' variances.
func (ch *cholesky) invDiag() []float64 {
	p, l := ch.p, ch.l
	// Column j of L^-1, by forward substitution; (L L')^-1's diagonal is
	// the squared norm of L^-1's column j.
	out := make([]float64, p)
	v := make([]float64, p)
	for j := range p {
		if ch.aliased[j] {
			continue
		}
		clear(v)
		v[j] = 1 / l[j*p+j]
		s := v[j] * v[j]
		for i := j + 1; i < p; i++ {
			if ch.aliased[i] {
				continue
			}
			t := 0.0
			for k := j; k < i; k++ {
				t -= l[i*p+k] * v[k]
			}
			v[i] = t / l[i*p+i]
			s += v[i] * v[i]
		}
		out[j] = s / (ch.scale[j] * ch.scale[j])
	}
	return out
}

// joinNames lists names for a message.
func joinNames(names []string) string {
	s := ""
	for i, n := range names {
		if i > 0 {
			s += ", "
		}
		s += n
	}
	return s
}

// separation looks for what makes a logistic regression's coefficients
// diverge: a 0/1 column (a level's indicator, a binary covariate) whose
// ones or zeros are all in one group, the reference level of a
// categorical covariate (rows where all its indicators are 0) all in one
// group, and a numeric covariate whose values split the groups. It
// returns one warning per finding, in column order. R reports none of
// these by name (at most "fitted probabilities numerically 0 or 1").
func separation(x *Design, treated []bool, workers int) []string {
	// Tasks are the covariates: runs of columns with the same Of.
	type task struct{ from, to int }
	var tasks []task
	for j := 0; j < len(x.Cols); {
		k := j + 1
		for k < len(x.Cols) && j < len(x.Of) && k < len(x.Of) && x.Of[j] >= 0 && x.Of[k] == x.Of[j] {
			k++
		}
		if j < len(x.Of) && x.Of[j] >= 0 {
			tasks = append(tasks, task{j, k})
		}
		j = k
	}
	out := make([][]string, len(tasks))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(max(workers, 1), max(len(tasks), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				t := int(next.Add(1)) - 1
				if t >= len(tasks) {
					return
				}
				out[t] = separateCovariate(x, treated, tasks[t].from, tasks[t].to)
			}
		}()
	}
	wg.Wait()
	var w []string
	for _, o := range out {
		w = append(w, o...)
	}
	return w
}

// separateCovariate checks the columns from..to-1 of one covariate.
func separateCovariate(x *Design, treated []bool, from, to int) []string {
	var w []string
	allBinary := true
	// zero[g] counts rows of group g (0 pool, 1 treated) where every
	// column of the covariate is 0: its reference level.
	var zero [2]int
	// mixed: some level has rows of both groups.
	mixed := false
	for j := from; j < to; j++ {
		col := x.Cols[j]
		var ones, count [2]int
		lo := [2]float64{math.Inf(1), math.Inf(1)}
		hi := [2]float64{math.Inf(-1), math.Inf(-1)}
		binary := true
		for i, v := range col {
			g := 0
			if treated[i] {
				g = 1
			}
			count[g]++
			if v == 1 {
				ones[g]++
			} else if v != 0 {
				binary = false
			}
			lo[g] = min(lo[g], v)
			hi[g] = max(hi[g], v)
		}
		name := x.Names[j]
		if binary && !pure(ones) {
			mixed = true
		}
		switch {
		case binary && to-from == 1 && splits(ones, count):
			w = append(w, fmt.Sprintf("%s%s is 1 for every row of one group and 0 for every row of the other; the model cannot tell them apart", completeSeparation, name))
		case binary:
			w = append(w, oneGroup(name+" = 1", ones)...)
			if to-from == 1 {
				w = append(w, oneGroup(name+" = 0", [2]int{count[0] - ones[0], count[1] - ones[1]})...)
			}
		case lo[1] > hi[0]:
			w = append(w, fmt.Sprintf(completeSeparation+"every treated row has %s above every pool row; the model cannot tell them apart", name))
		case hi[1] < lo[0]:
			w = append(w, fmt.Sprintf(completeSeparation+"every treated row has %s below every pool row; the model cannot tell them apart", name))
		case min(lo[0], lo[1]) == max(hi[0], hi[1]):
			// constant: FitLogit drops it as collinear with the intercept
		case lo[1] == hi[0] || hi[1] == lo[0]:
			w = append(w, fmt.Sprintf("quasi-complete separation: the treated and pool rows' values of %s overlap at a single value", name))
		}
		if !binary {
			allBinary = false
		}
	}
	if to-from > 1 && allBinary {
		for i := range treated {
			all0 := true
			for j := from; j < to; j++ {
				if x.Cols[j][i] != 0 {
					all0 = false
					break
				}
			}
			if all0 {
				if treated[i] {
					zero[1]++
				} else {
					zero[0]++
				}
			}
		}
		names := make([]string, 0, to-from)
		for j := from; j < to; j++ {
			names = append(names, x.Names[j])
		}
		if !mixed && pure(zero) {
			// Every level, the reference too, is of one group: the
			// covariate splits the groups.
			return []string{fmt.Sprintf("%severy level of the categorical covariate with indicators %s (and its reference level) is all treated or all pool; the model cannot tell them apart", completeSeparation, joinNames(names))}
		}
		w = append(w, oneGroup("the reference level (rows with "+joinNames(names)+" all 0)", zero)...)
	}
	return w
}

// completeSeparation starts the warnings of FitLogit that say a covariate
// splits the groups completely; RunWith makes them errors.
const completeSeparation = "complete separation: "

// pure says whether the rows counted (count[0] pool, count[1] treated)
// are of at most one group.
func pure(count [2]int) bool { return count[0] == 0 || count[1] == 0 }

// splits says whether a 0/1 column's ones are all of one group and its
// zeros all of the other, both groups present.
func splits(ones, count [2]int) bool {
	zeros := [2]int{count[0] - ones[0], count[1] - ones[1]}
	return count[0] > 0 && count[1] > 0 && ((ones[0] == 0 && zeros[1] == 0) || (ones[1] == 0 && zeros[0] == 0))
}

// oneGroup warns when the rows described (count[0] pool, count[1]
// treated) are all in one group.
func oneGroup(what string, count [2]int) []string {
	switch {
	case count[0] == 0 && count[1] > 0:
		return []string{fmt.Sprintf("quasi-complete separation: all %d rows with %s are treated; its coefficient diverges and their scores tend to 1, so they cannot be matched (merge or drop the level)", count[1], what)}
	case count[1] == 0 && count[0] > 0:
		return []string{fmt.Sprintf("quasi-complete separation: all %d rows with %s are in the pool; its coefficient diverges and their scores tend to 0 (merge or drop the level)", count[0], what)}
	}
	return nil
}
