package uncertainty

import (
	"context"
	"errors"
	"fmt"

	"github.com/sib-engine/sib/internal/sobol"
	"github.com/sib-engine/sib/sib"
)

// SobolPart is one shard of a Sobol' analysis: the sums of its rows of
// the design (see SobolShard), which MergeSobol adds to the others'.
type SobolPart struct {
	Shard, Of int // shard Shard of Of, from 1
	// From and To are the base rows of the design the shard evaluated,
	// [From, To), each in every block (A, B, A_B^(i), the groups').
	From, To int
	// Params, Groups, IgnoredCorrelations, Warnings and Evaluations are
	// the whole analysis's (SobolResult's).
	Params              []string
	Groups              []SobolGroup
	IgnoredCorrelations bool
	Warnings            []string
	Evaluations         int
	// Sums are the estimators' sums over the shard's rows.
	Sums *sobol.Sums
}

// SobolShard evaluates shard i of k (1 ≤ i ≤ k) of the design Sobol would
// evaluate with the same arguments, and returns the sums of its rows:
// whole blocks of sobol.BlockRows base rows, the k shards covering the
// design once (a shard may be empty when k exceeds the blocks). Each
// shard also evaluates row 0 of A, whose output shifts every sum. The
// results of MergeSobol on the k parts are those of Sobol bit for bit,
// for any k and worker count.
func SobolShard(ctx context.Context, m *sib.Model, base []float64, sp *Spec, out Output, opt SobolOptions, i, k int) (*SobolPart, error) {
	if k < 1 || i < 1 || i > k {
		return nil, fmt.Errorf("uncertainty: shard %d of %d: expected 1 ≤ shard ≤ shards", i, k)
	}
	// The design's shape first, for the shard's rows.
	first, err := newSobolJob(m, base, sp, out, opt, 0, min(1, opt.N))
	if err != nil {
		return nil, err
	}
	o := opt
	o.Progress = nil
	y0, err := first.evaluate(ctx, o) // row 0 of A first: the shift
	if err != nil {
		return nil, err
	}
	sums, err := first.sums(y0[0])
	if err != nil {
		return nil, err
	}
	from, to := sums.Shard(i, k)
	j, err := newSobolJob(m, base, sp, out, opt, from, to)
	if err != nil {
		return nil, err
	}
	y, err := j.evaluate(ctx, opt)
	if err != nil {
		return nil, err
	}
	if err := sums.Add(y, from, to); err != nil {
		return nil, j.analysisError(err)
	}
	r := j.res
	return &SobolPart{Shard: i, Of: k, From: from, To: to, Params: r.Params, Groups: r.Groups, IgnoredCorrelations: r.IgnoredCorrelations,
		Warnings: r.Warnings, Evaluations: r.Evaluations, Sums: sums}, nil
}

// ErrShards is wrapped by MergeSobol's errors: parts that are not the
// shards of one analysis, once each.
var ErrShards = errors.New("uncertainty: the shards do not make one analysis")

// MergeSobol adds the parts' sums, in any order, and returns the result
// Sobol gives on the whole design, bit for bit. The parts must be the k
// shards of one analysis of out, each once; the errors wrap ErrShards and
// name the part by its shard number.
func MergeSobol(out Output, parts []*SobolPart) (*SobolResult, error) {
	if len(parts) == 0 {
		return nil, fmt.Errorf("%w: no shards", ErrShards)
	}
	p0 := parts[0]
	seen := make(map[int]bool, len(parts))
	var total *sobol.Sums
	for _, p := range parts {
		switch {
		case p.Of != p0.Of:
			return nil, fmt.Errorf("%w: shard %d is one of %d, shard %d one of %d", ErrShards, p.Shard, p.Of, p0.Shard, p0.Of)
		case p.Shard < 1 || p.Shard > p.Of:
			return nil, fmt.Errorf("%w: shard %d of %d", ErrShards, p.Shard, p.Of)
		case seen[p.Shard]:
			return nil, fmt.Errorf("%w: shard %d of %d is given twice", ErrShards, p.Shard, p.Of)
		case p.Sums == nil:
			return nil, fmt.Errorf("%w: shard %d has no sums", ErrShards, p.Shard)
		}
		seen[p.Shard] = true
		if from, to := p.Sums.Shard(p.Shard, p.Of); from != p.From || to != p.To {
			return nil, fmt.Errorf("%w: shard %d of %d covers rows [%d, %d), want [%d, %d)", ErrShards, p.Shard, p.Of, p.From, p.To, from, to)
		}
		if total == nil {
			total = p.Sums.Canonical() // a copy
			continue
		}
		if err := total.Merge(p.Sums); err != nil {
			return nil, fmt.Errorf("%w: shard %d of %d: %v", ErrShards, p.Shard, p.Of, err)
		}
	}
	for i := 1; i <= p0.Of; i++ {
		if !seen[i] {
			return nil, fmt.Errorf("%w: shard %d of %d is missing", ErrShards, i, p0.Of)
		}
	}
	if !total.Complete() {
		return nil, fmt.Errorf("%w: rows are missing", ErrShards)
	}
	res := &SobolResult{Output: out, Params: p0.Params, N: total.N, Evaluations: p0.Evaluations, IgnoredCorrelations: p0.IgnoredCorrelations,
		Warnings: p0.Warnings, Groups: p0.Groups}
	if err := finishSobol(res, total); err != nil {
		return nil, fmt.Errorf("%s: %w", out.Name, err)
	}
	return res, nil
}

// sobolJob is the part of Sobol before its evaluations: the varied
// parameters, the model, the design's rows [from, to), and the result's
// description.
type sobolJob struct {
	m        *sib.Model
	base     []float64
	sp       *Spec
	out      Output
	vary     []int
	d        *sobol.Design
	from, to int
	res      *SobolResult
	opt      SobolOptions
}

func newSobolJob(m *sib.Model, base []float64, sp *Spec, out Output, opt SobolOptions, from, to int) (*sobolJob, error) {
	var vary []int
	res := &SobolResult{Output: out, N: opt.N, IgnoredCorrelations: len(sp.Corr) > 0}
	for i := range sp.Params {
		if sp.Params[i].Varies() {
			vary = append(vary, i)
			res.Params = append(res.Params, sp.Params[i].Name)
		}
	}
	if len(vary) == 0 {
		return nil, ErrNoVarying
	}
	m, err := fixedTiming(m, base, sp)
	if err != nil {
		return nil, err
	}
	d, err := sobol.NewDesignRows(opt.N, len(vary), sobol.DesignOptions{Random: opt.Random, Scramble: opt.Scramble, Seed: opt.Seed}, from, to)
	if err != nil {
		return nil, err
	}
	if len(opt.Groups) > 0 {
		cols := make([][]int, len(opt.Groups))
		for g, grp := range opt.Groups {
			for _, name := range grp.Params {
				c := -1
				for j, p := range res.Params {
					if p == name {
						c = j
					}
				}
				if c < 0 {
					return nil, fmt.Errorf("group %s: %q is not a parameter the spec varies", grp.Name, name)
				}
				cols[g] = append(cols[g], c)
			}
		}
		if d, err = d.WithGroups(cols); err != nil {
			return nil, fmt.Errorf("group: %v", err)
		}
		res.Groups = opt.Groups
	}
	if w := sobol.BalanceWarning(opt.N); w != "" && !opt.Random {
		res.Warnings = append(res.Warnings, w)
	}
	res.Evaluations = d.Rows()
	return &sobolJob{m: m, base: base, sp: sp, out: out, vary: vary, d: d, from: from, to: to, res: res, opt: opt}, nil
}

// sums returns empty sums for the job's design shifted by f(A_0) = shift.
func (j *sobolJob) sums(shift float64) (*sobol.Sums, error) {
	s, err := sobol.NewSums(j.d, shift, sobol.AnalyseOptions{Estimator: j.opt.Estimator, Boot: j.opt.Boot, Conf: j.opt.Conf, Seed: j.opt.Seed})
	if err != nil {
		return nil, j.analysisError(err)
	}
	s.Workers = j.opt.Workers
	return s, nil
}

// analysisError says what a non-finite output means.
func (j *sobolJob) analysisError(err error) error {
	if errors.Is(err, sobol.ErrNotFinite) {
		return fmt.Errorf("%s: %w: the output does not exist at some points of the design (an IRR without a root, a payback that never comes); analyse another output, such as investors.multiple or investors.npv", j.out.Name, err)
	}
	return fmt.Errorf("%s: %w", j.out.Name, err)
}

// evaluate returns the outputs of the job's rows, block by block of the
// design: y[b·(to−from) + r] = f(row b·N + from + r).
func (j *sobolJob) evaluate(ctx context.Context, opt SobolOptions) ([]float64, error) {
	d, m, out := j.d, j.m, j.out
	in := newSobolInputs(d, j.sp, j.base, j.vary)
	per := j.to - j.from
	rows := per * (d.K + 2 + len(j.res.Groups))
	workers := opt.Workers
	if workers <= 0 {
		workers = defaultWorkers()
	}
	workers, err := fitWorkers(m, workers, max(rows, 1), 1)
	if err != nil {
		return nil, err
	}
	y := make([]float64, rows)
	type worker struct {
		w    *sib.Work
		p, u []float64
		bt   *sib.Batch  // the batched kernel's tables (sobol_batch.go); nil: row by row
		ps   [][]float64 // the block's vectors
	}
	ws := make([]worker, workers)
	for i := range ws {
		ws[i] = worker{w: m.NewWork(), p: make([]float64, len(j.base)), u: make([]float64, len(j.vary))}
		skipsOf(ws[i].w, []Output{out}, false)
	}
	// Output i of the job is design row r.
	row := func(i int) int { return i/per*d.N + j.from + i%per }
	batched, _ := m.Batchable()
	work := func(w, from, to int) error {
		wk := &ws[w]
		if batched {
			if wk.bt == nil {
				wk.bt = newBatch(m, wk.w)
				wk.bt.SkipPayback, wk.bt.SkipNPV = !out.payback, !out.npv
			}
			return evaluateRows(m, wk.bt, &wk.ps, out, y, from, to, func(i int, p []float64) { in.row(row(i), wk.u, p) })
		}
		for i := from; i < to; i++ {
			r := row(i)
			in.row(r, wk.u, wk.p)
			o, err := m.Evaluate(wk.p, wk.w)
			if err != nil {
				return fmt.Errorf("design row %d: %w", r, err)
			}
			y[i] = out.Value(o)
		}
		return nil
	}
	var after func(from, to int) error
	if opt.Progress != nil {
		done := 0
		after = func(from, to int) error {
			done += to - from
			opt.Progress(done, rows)
			return nil
		}
	}
	if rows == 0 {
		return y, nil
	}
	if err := parallel(ctx, rows, workers, work, after); err != nil {
		return nil, err
	}
	return y, nil
}

// finishSobol sets res's indices and convergence steps from complete sums.
// The last convergence step is the whole design's result.
func finishSobol(res *SobolResult, sums *sobol.Sums) error {
	steps, err := sums.Convergence()
	if err != nil {
		return err
	}
	r := steps[len(steps)-1]
	res.Indices, res.Mean, res.Variance, res.GroupIndices = r.Indices, r.Mean, r.Variance, r.Groups
	for _, r := range steps {
		res.Convergence = append(res.Convergence, SobolStep{N: r.N, Indices: r.Indices, Groups: r.Groups})
	}
	return nil
}
