package outcomes

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
)

// Options are the settings of Estimate.
type Options struct {
	// Confidence is the level of the confidence intervals, in (0,1);
	// 0 means 0.95.
	Confidence float64
	// Bootstrap is the number of bootstrap replicates; 0 leaves the
	// bootstrap interval out.
	Bootstrap int
	// Seed seeds the bootstrap. Replicate i of an effect draws from its
	// own stream derived from (Seed, metric, cohort, i), so results depend
	// neither on Workers nor on the other metrics and cohorts.
	Seed uint64
	// Workers bounds the goroutines of the bootstrap; 0 means one per CPU.
	Workers int
	// CountVariance is the variance of count estimates under comparison,
	// historical and fixed: PoissonVariance (the default) or QuasiVariance
	// (dispersion.go).
	CountVariance CountVariance
}

// PooledCohort labels the effect over all cohorts together.
const PooledCohort = "pooled"

// Effect is the effect of the intervention on one metric, in one cohort or
// pooled over all cohorts. Levels are per participant (per unit of
// exposure for counts). Effects are improvements: positive when the
// treatment group did better than the counterfactual. An undefined value
// is NaN (for example a relative effect against a baseline of zero); the
// command line prints it empty.
type Effect struct {
	Metric    string
	Kind      Kind
	Direction Direction
	Method    Method
	Cohort    string // a cohort, or PooledCohort
	// NTreatment counts the treatment group's values (after the intervention
	// for DiD); NBaseline the comparison values behind the baseline (0 for
	// Fixed).
	NTreatment, NBaseline int64
	Observed              float64 // the treatment group's level
	Baseline              float64 // the counterfactual level
	Effect                float64 // the improvement: Baseline − Observed when lower is better
	SE                    float64 // standard error of Effect
	Low, High             float64 // confidence interval of Effect
	P                     float64 // two-sided p-value for no effect
	DF                    float64 // degrees of freedom; +Inf for a normal or exact interval
	// Relative is Effect / Baseline, with its interval.
	Relative, RelativeLow, RelativeHigh float64
	// BootLow and BootHigh are the bootstrap percentile interval of
	// Effect (NaN without a bootstrap).
	BootLow, BootHigh float64
	// BootReplicates counts the replicates behind the bootstrap interval.
	BootReplicates int
	// Dispersion is the Pearson dispersion φ of the Poisson rate model
	// behind a count estimate of method comparison, historical or fixed
	// (dispersion.go), and DispersionP the overdispersion test's p-value,
	// P(χ²_df > df·φ); both NaN for other estimates and when the values'
	// variance is not known.
	Dispersion, DispersionP float64
	// Matched marks an effect on the treated (ATT) estimated on a matched
	// comparison (weighted.go): NTreatment and NBaseline count the matched
	// values, TreatedAll the treatment values before matching, Clusters
	// the matched sets (0 with replacement), and SEMethod names the
	// variance.
	Matched    bool
	TreatedAll int64
	Clusters   int
	SEMethod   string
}

// Result is the outcome of Estimate.
type Result struct {
	Confidence float64
	// Effects holds, metric by metric in the study's order, each cohort's
	// effect in cohort order and then the pooled effect.
	Effects []Effect
	// Waterfall holds the adjustment steps of every effect (see Waterfall).
	Waterfall []Step
	Warnings  []string
}

// role is the part a cell plays in an estimate.
type role int

const (
	roleT    role = iota // treatment, post
	roleC                // comparison (post; pre for historical and trend)
	roleTPre             // treatment, pre (DiD)
	roleCPre             // comparison, pre (DiD)
	nRoles
)

type part struct {
	role role
	cell Cell
}

// design is one estimate: a metric, the cohorts it covers, and the cells.
type design struct {
	m        *Metric
	cohort   string
	parts    []part
	unlisted bool          // no cohorts.csv, and the comparison group has cohorts
	cv       CountVariance // the variance of a count estimate
}

// Estimate estimates every metric's effect per cohort and pooled, with the
// adjustment waterfall. It fails on the first effect that cannot be
// estimated (a group with no members, a variance that is zero). The
// bootstrap can run for minutes: it stops when ctx is cancelled, and
// Estimate returns ctx.Err().
func Estimate(ctx context.Context, s *Study, opt Options) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	conf := opt.Confidence
	if conf == 0 {
		conf = 0.95
	}
	if !(conf > 0 && conf < 1) {
		return nil, fmt.Errorf("%w: confidence %v: expected a level between 0 and 1, such as 0.95", ErrInput, opt.Confidence)
	}
	if opt.CountVariance != PoissonVariance && opt.CountVariance != QuasiVariance {
		return nil, fmt.Errorf("%w: count variance %v: expected PoissonVariance or QuasiVariance", ErrInput, opt.CountVariance)
	}
	if opt.Bootstrap < 0 {
		return nil, fmt.Errorf("%w: bootstrap replicates %d: expected 0 or more", ErrInput, opt.Bootstrap)
	}
	if err := s.checkCohorts(); err != nil {
		return nil, err
	}
	warns, err := s.checkMatchedMetrics(opt)
	if err != nil {
		return nil, err
	}
	for name, a := range s.Adjustments {
		if s.metric(name) == nil {
			return nil, fmt.Errorf("%w: adjustment for metric %q, which the study does not have", ErrUnknown, name)
		}
		if err := a.Check(); err != nil {
			return nil, fmt.Errorf("metric %s: %w", name, err)
		}
	}
	res := &Result{Confidence: conf, Warnings: warns}
	var designs []*design
	for i := range s.Metrics {
		m := &s.Metrics[i]
		ds, err := s.designs(m)
		if err != nil {
			return nil, err
		}
		res.Warnings = append(res.Warnings, s.cohortWarnings(m)...)
		for _, d := range ds {
			d.cv = opt.CountVariance
			estimate := d.estimate
			if s.matched(m) {
				estimate = func(s *Study, conf float64) (Effect, []string, error) { return s.matchedEstimate(d, conf) }
			}
			e, warn, err := estimate(s, conf)
			if err != nil {
				return nil, err
			}
			for _, w := range warn {
				res.Warnings = append(res.Warnings, fmt.Sprintf("metric %s, cohort %s: %s", m.Name, d.cohort, w))
			}
			e.BootLow, e.BootHigh = math.NaN(), math.NaN()
			res.Effects = append(res.Effects, e)
			designs = append(designs, d)
		}
	}
	if opt.Bootstrap > 0 {
		warns, err := s.bootstrap(ctx, designs, res.Effects, conf, opt)
		if err != nil {
			return nil, err
		}
		res.Warnings = append(res.Warnings, warns...)
	}
	for _, e := range res.Effects {
		res.Waterfall = append(res.Waterfall, s.waterfall(e)...)
	}
	return res, nil
}

// checkCohorts checks the data's cohorts against the declared ones, and
// that every comparison cohort matches a treatment cohort.
func (s *Study) checkCohorts() error {
	seen := map[string]bool{}
	for c := range s.cells {
		if c.Cohort == PooledCohort {
			return fmt.Errorf("%w: cohort %q is reserved for the effect over all cohorts", ErrInput, PooledCohort)
		}
		if s.Cohorts != nil && c.Cohort != "" && !slices.Contains(s.Cohorts, c.Cohort) {
			return fmt.Errorf("%w: cohort %q of group %s is not in %s", ErrUnknown, c.Cohort, c.Group, orName(s.files.cohorts, "the list of cohorts"))
		}
		if m := s.metric(c.Metric); m != nil && c.Group == m.Treatment {
			seen[c.Cohort] = true
		}
	}
	for _, c := range s.Cohorts {
		if !seen[c] {
			err := fmt.Errorf("%w: cohort %q has no treatment records", ErrNoMembers, c)
			if line := s.cohortAt[c]; line > 0 {
				return &InputError{File: s.files.cohorts, Line: line, Column: 1, Field: "cohort", Err: err}
			}
			return err
		}
	}
	for i := range s.Metrics {
		m := &s.Metrics[i]
		if m.Method != Comparison && m.Method != DiD {
			continue
		}
		treated := s.treatmentCohorts(m, m.Post)
		for _, c := range s.Cells() {
			used := m.Post.Contains(c.Period) || m.Method == DiD && m.Pre.Contains(c.Period)
			if c.Metric == m.Name && c.Group == m.Comparison && c.Cohort != "" && used && !slices.Contains(treated, c.Cohort) {
				err := fmt.Errorf("%w: the comparison group %s has cohort %q, which the treatment group %s of metric %s does not have (a misspelt cohort? a comparison record with an empty cohort serves every cohort)",
					ErrUnknown, m.Comparison, c.Cohort, m.Treatment, m.Name)
				if slices.Contains(s.treatmentCohorts(m, AllPeriods()), c.Cohort) {
					err = fmt.Errorf("%w: the treatment group %s has cohort %q, but no values of metric %s%s, where the comparison group %s has them (check post in %s)",
						ErrNoMembers, m.Treatment, c.Cohort, m.Name, m.Post.phrase(), m.Comparison, orName(s.files.metrics, MetricsFile))
					// Point at a comparison record of the post periods.
					for _, c2 := range s.Cells() {
						if c2.Metric == c.Metric && c2.Group == c.Group && c2.Cohort == c.Cohort && m.Post.Contains(c2.Period) {
							c = c2
							break
						}
					}
				}
				if pos, ok := s.origin[c]; ok {
					return &InputError{File: s.files.data, Line: pos.line, Column: pos.col, Field: "cohort", Err: err}
				}
				return err
			}
		}
	}
	return nil
}

// cohortWarnings flags the cohorts a metric leaves out, and, without a
// list of cohorts, the tiny ones that are usually misspelt labels: either
// would change a pooled figure without a word.
func (s *Study) cohortWarnings(m *Metric) []string {
	var warns []string
	used, all := s.treatmentCohorts(m, m.Post), s.treatmentCohorts(m, AllPeriods())
	for _, c := range all {
		if !slices.Contains(used, c) {
			warns = append(warns, fmt.Sprintf("metric %s: cohort %q has treatment values, but none%s: it is left out of this metric and of its pooled row (check post in %s)",
				m.Name, c, m.Post.phrase(), orName(s.files.metrics, MetricsFile)))
		}
	}
	for _, c := range s.Cohorts {
		if !slices.Contains(all, c) {
			warns = append(warns, fmt.Sprintf("metric %s: cohort %q has no treatment values of this metric", m.Name, c))
		}
	}
	if s.Cohorts != nil {
		return warns
	}
	n := map[string]int64{}
	var total int64
	for c, sum := range s.cells {
		if c.Metric == m.Name && c.Group == m.Treatment && m.Post.Contains(c.Period) {
			n[c.Cohort] += sum.N
			total += sum.N
		}
	}
	for _, c := range used {
		if n[c] < 10 && n[c]*10 < total {
			warns = append(warns, fmt.Sprintf("metric %s: cohort %q has only %d of the %d treatment values (a misspelt cohort? list the cohorts in %s to catch that)",
				m.Name, c, n[c], total, CohortsFile))
		}
	}
	return warns
}

func orName(file, what string) string {
	if file != "" {
		return file
	}
	return what
}

// designs returns a metric's estimates: one per cohort, then the pooled.
func (s *Study) designs(m *Metric) ([]*design, error) {
	tPeriods := m.Post
	cohorts := s.treatmentCohorts(m, tPeriods)
	if len(cohorts) == 0 {
		return nil, fmt.Errorf("%s: %w: the treatment group %s has no values%s", s.where(m), ErrNoMembers, m.Treatment, tPeriods.phrase())
	}
	var ds []*design
	for _, c := range cohorts {
		ds = append(ds, s.design(m, c, []string{c}))
	}
	return append(ds, s.design(m, PooledCohort, cohorts)), nil
}

func (s *Study) design(m *Metric, label string, cohorts []string) *design {
	d := &design{m: m, cohort: label}
	if s.Cohorts == nil {
		// Without cohorts.csv, a cohort the comparison group has values
		// for elsewhere but not here may be a misspelt label.
		for c, sum := range s.cells {
			if c.Metric == m.Name && c.Group == m.Comparison && c.Cohort != "" && sum.N > 0 {
				d.unlisted = true
				break
			}
		}
	}
	treated := func(c Cell) bool { return slices.Contains(cohorts, c.Cohort) }
	matched := func(c Cell) bool { return c.Cohort == "" || treated(c) }
	for _, c := range s.Cells() {
		if c.Metric != m.Name || s.cells[c].N == 0 {
			continue
		}
		isT, isC := c.Group == m.Treatment, c.Group == m.Comparison
		post, pre := m.Post.Contains(c.Period), !m.Pre.All && m.Pre.Contains(c.Period)
		switch {
		case isT && post && treated(c):
			d.parts = append(d.parts, part{roleT, c})
		case m.Method == DiD && isT && pre && treated(c):
			d.parts = append(d.parts, part{roleTPre, c})
		case (m.Method == Comparison || m.Method == DiD) && isC && post && matched(c):
			d.parts = append(d.parts, part{roleC, c})
		case m.Method == DiD && isC && pre && matched(c):
			d.parts = append(d.parts, part{roleCPre, c})
		case (m.Method == Historical || m.Method == Trend) && isC && pre:
			d.parts = append(d.parts, part{roleC, c})
		}
	}
	return d
}

// summaries returns the study's summaries of the design's cells.
func (d *design) summaries(s *Study) []Summary {
	sums := make([]Summary, len(d.parts))
	for i, p := range d.parts {
		sums[i] = s.cells[p.cell]
	}
	return sums
}

func (d *design) estimate(s *Study, conf float64) (Effect, []string, error) {
	sums := d.summaries(s)
	r, err := d.raw(sums, conf)
	if err != nil {
		if !errors.Is(err, ErrNoMembers) {
			err = fmt.Errorf("%w: %w", ErrEstimate, err)
		}
		return Effect{}, nil, fmt.Errorf("%s, cohort %s: %w", s.where(d.m), d.cohort, err)
	}
	if poissonVariance(d.m) {
		d.applyDispersion(sums, &r, conf)
	}
	e := d.effect(r)
	return e, r.warn, nil
}

// raw is an estimate on the observed − baseline scale.
type raw struct {
	nT, nB   int64
	o, b     float64 // observed and baseline levels
	d, se    float64 // o − b and its standard error
	lo, hi   float64 // interval of d
	p, df    float64
	rLo, rHi float64     // interval of o/b; NaN when undefined
	disp     *dispersion // of a count's rate model; nil when not computed
	warn     []string
}

// groupErr explains an empty role.
func (d *design) groupErr(r role) error {
	m := d.m
	switch r {
	case roleT:
		return fmt.Errorf("%w: the treatment group %s has no values%s", ErrNoMembers, m.Treatment, m.Post.phrase())
	case roleTPre:
		return fmt.Errorf("%w: the treatment group %s has no values%s", ErrNoMembers, m.Treatment, m.Pre.phrase())
	case roleCPre:
		return fmt.Errorf("%w: the comparison group %s has no values%s", ErrNoMembers, m.Comparison, m.Pre.phrase())
	}
	if m.Method == Historical || m.Method == Trend {
		return fmt.Errorf("%w: the comparison group %s has no values%s", ErrNoMembers, m.Comparison, m.Pre.phrase())
	}
	err := fmt.Errorf("%w: the comparison group %s has no values%s for this cohort", ErrNoMembers, m.Comparison, m.Post.phrase())
	if d.unlisted && d.cohort != PooledCohort {
		// A misspelt label is a cohort of its own, in one group only.
		err = fmt.Errorf("%w (a misspelt cohort? without %s any label in the data starts a cohort: list the cohorts there to have a misspelt one named where it is)", err, CohortsFile)
	}
	return err
}

// raw computes the estimate from the summaries of the design's parts.
func (d *design) raw(sums []Summary, conf float64) (raw, error) {
	var agg [nRoles]Summary
	for i, p := range d.parts {
		agg[p.role] = agg[p.role].Merge(sums[i])
	}
	need := []role{roleT}
	switch d.m.Method {
	case Comparison, Historical, Trend:
		need = append(need, roleC)
	case DiD:
		need = append(need, roleC, roleTPre, roleCPre)
	}
	for _, r := range need {
		if agg[r].N == 0 {
			return raw{}, d.groupErr(r)
		}
	}
	if d.m.Kind == Count && (d.m.Method == Trend || d.m.Method == DiD) {
		for _, s := range sums {
			if s.Exposure != float64(s.N) {
				return raw{}, fmt.Errorf("%w: method %s models a count per participant, and a cell has exposure %g for %d participants", ErrInput, d.m.Method, s.Exposure, s.N)
			}
		}
	}
	t, c := agg[roleT], agg[roleC]
	switch d.m.Method {
	case Fixed:
		return fixed(d.m.Kind, t, d.m.Baseline, conf)
	case Trend:
		return d.trend(sums, t, conf)
	case DiD:
		return did(agg, conf)
	}
	return twoSample(d.m.Kind, t, c, conf)
}

// effect maps a raw estimate to the improvement scale.
func (d *design) effect(r raw) Effect {
	m := d.m
	sg := m.Direction.sign()
	e := Effect{
		Metric: m.Name, Kind: m.Kind, Direction: m.Direction, Method: m.Method, Cohort: d.cohort,
		NTreatment: r.nT, NBaseline: r.nB, Observed: r.o, Baseline: r.b,
		Effect: sg * r.d, SE: r.se, P: r.p, DF: r.df,
		Low: math.Min(sg*r.lo, sg*r.hi), High: math.Max(sg*r.lo, sg*r.hi),
		Relative: math.NaN(), RelativeLow: math.NaN(), RelativeHigh: math.NaN(),
		Dispersion: math.NaN(), DispersionP: math.NaN(),
	}
	if r.disp != nil {
		e.Dispersion, e.DispersionP = r.disp.phi, r.disp.p
	}
	if r.b != 0 {
		e.Relative = e.Effect / r.b
		if finite(r.rLo) && finite(r.rHi) {
			// o/b − 1 is the relative change; improvement flips it when
			// lower is better.
			a, b := sg*(r.rLo-1), sg*(r.rHi-1)
			e.RelativeLow, e.RelativeHigh = math.Min(a, b), math.Max(a, b)
		}
	}
	return e
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// twoSample compares the treatment group with a comparison sample.
func twoSample(k Kind, t, c Summary, conf float64) (raw, error) {
	r := raw{nT: t.N, nB: c.N, df: math.Inf(1), rLo: math.NaN(), rHi: math.NaN()}
	z := zQuantile(conf)
	switch k {
	case Binary:
		pt, pc := float64(t.Events)/float64(t.N), float64(c.Events)/float64(c.N)
		r.o, r.b, r.d = pt, pc, pt-pc
		r.se = math.Sqrt(pt*(1-pt)/float64(t.N) + pc*(1-pc)/float64(c.N))
		r.lo, r.hi = newcombe(t.Events, t.N, c.Events, c.N, z)
		pool := float64(t.Events+c.Events) / float64(t.N+c.N)
		if sp := math.Sqrt(pool * (1 - pool) * (1/float64(t.N) + 1/float64(c.N))); sp > 0 {
			r.p = twoSidedP(r.d/sp, math.Inf(1))
		} else {
			r.p = 1 // no events, or all events, in both groups: no difference to test
		}
		if t.Events > 0 && c.Events > 0 {
			v := 1/float64(t.Events) - 1/float64(t.N) + 1/float64(c.Events) - 1/float64(c.N)
			r.rLo, r.rHi = logInterval(pt/pc, v, z)
		} else {
			r.warn = append(r.warn, noEvents(t.Events, c.Events))
		}
	case Count:
		lt, lc := float64(t.Events)/t.Exposure, float64(c.Events)/c.Exposure
		r.o, r.b, r.d = lt, lc, lt-lc
		r.se = math.Sqrt(float64(t.Events)/(t.Exposure*t.Exposure) + float64(c.Events)/(c.Exposure*c.Exposure))
		r.lo, r.hi = r.d-z*r.se, r.d+z*r.se
		n := t.Events + c.Events
		r.p = binomTestP(t.Events, n, t.Exposure/(t.Exposure+c.Exposure))
		if n > 0 {
			lo, hi := clopperPearson(t.Events, n, conf)
			k := c.Exposure / t.Exposure
			r.rLo, r.rHi = lo/(1-lo)*k, hi/(1-hi)*k
		}
		if c.Events == 0 {
			r.warn = append(r.warn, noEvents(t.Events, c.Events))
		}
	default:
		if t.N < 2 || c.N < 2 {
			return r, fmt.Errorf("each group needs at least 2 values for a variance (treatment %d, comparison %d)", t.N, c.N)
		}
		vt, vc := t.Var()/float64(t.N), c.Var()/float64(c.N)
		r.o, r.b, r.d = t.Mean, c.Mean, t.Mean-c.Mean
		r.se = math.Sqrt(vt + vc)
		if r.se == 0 {
			return r, fmt.Errorf("both groups' values are constant: the interval is undefined")
		}
		r.df = (vt + vc) * (vt + vc) / (vt*vt/float64(t.N-1) + vc*vc/float64(c.N-1))
		r.tInterval(conf)
		r.logRelative(vt, vc, z)
	}
	return r, nil
}

// tInterval sets the interval and p-value of d from se and df.
func (r *raw) tInterval(conf float64) {
	q := tQuantile(conf, r.df)
	r.lo, r.hi = r.d-q*r.se, r.d+q*r.se
	r.p = twoSidedP(r.d/r.se, r.df)
}

// logRelative sets the interval of o/b on the log scale, given the
// variances of the two levels' estimates.
func (r *raw) logRelative(vo, vb, z float64) {
	if r.o > 0 && r.b > 0 {
		r.rLo, r.rHi = logInterval(r.o/r.b, vo/(r.o*r.o)+vb/(r.b*r.b), z)
		return
	}
	r.warn = append(r.warn, fmt.Sprintf("a level is not positive (observed %g, baseline %g): no interval for the relative effect", r.o, r.b))
}

func logInterval(ratio, v, z float64) (lo, hi float64) {
	w := z * math.Sqrt(v)
	return ratio * math.Exp(-w), ratio * math.Exp(w)
}

func noEvents(t, c int64) string {
	switch {
	case c == 0:
		return "no events in the comparison group: the relative effect is undefined"
	case t == 0:
		return "no events in the treatment group: the relative interval is undefined or unbounded"
	}
	return ""
}

// fixed compares the treatment group with a contractual level b.
func fixed(k Kind, t Summary, b, conf float64) (raw, error) {
	r := raw{nT: t.N, b: b, df: math.Inf(1), rLo: math.NaN(), rHi: math.NaN(), p: math.NaN()}
	z := zQuantile(conf)
	switch k {
	case Binary:
		p := float64(t.Events) / float64(t.N)
		r.o, r.d = p, p-b
		r.se = math.Sqrt(p * (1 - p) / float64(t.N))
		lo, hi := wilson(t.Events, t.N, z)
		r.lo, r.hi = lo-b, hi-b
		if b > 0 && b < 1 {
			r.p = twoSidedP(r.d/math.Sqrt(b*(1-b)/float64(t.N)), math.Inf(1))
		} else {
			r.warn = append(r.warn, fmt.Sprintf("a baseline rate of %g leaves the score test undefined: no p-value", b))
		}
		if b > 0 {
			r.rLo, r.rHi = lo/b, hi/b
		}
	case Count:
		l := float64(t.Events) / t.Exposure
		r.o, r.d = l, l-b
		r.se = math.Sqrt(float64(t.Events)) / t.Exposure
		lo, hi := poissonExact(t.Events, conf)
		lo, hi = lo/t.Exposure, hi/t.Exposure
		r.lo, r.hi = lo-b, hi-b
		r.p = poissonTestP(t.Events, b*t.Exposure)
		if b > 0 {
			r.rLo, r.rHi = lo/b, hi/b
		}
	default:
		if t.N < 2 {
			return r, fmt.Errorf("the treatment group needs at least 2 values for a variance, not %d", t.N)
		}
		v := t.Var() / float64(t.N)
		r.o, r.d, r.se = t.Mean, t.Mean-b, math.Sqrt(v)
		if r.se == 0 {
			return r, fmt.Errorf("the treatment group's values are constant: the interval is undefined")
		}
		r.df = float64(t.N - 1)
		r.tInterval(conf)
		r.logRelative(v, 0, z)
	}
	if b == 0 {
		r.warn = append(r.warn, "the baseline is 0: the relative effect is undefined")
	}
	return r, nil
}

// trend projects a least-squares line through the comparison group's
// pre-period values to the treatment group's mean period.
func (d *design) trend(sums []Summary, t Summary, conf float64) (raw, error) {
	r := raw{nT: t.N, rLo: math.NaN(), rHi: math.NaN()}
	// The line through individual values, from per-period summaries:
	// weights n_j at t_j, within-period sums of squares added to the
	// residual sum of squares.
	type pt struct {
		t float64
		s Summary
	}
	var pre []pt
	var tstar float64
	for i, p := range d.parts {
		if p.role == roleT {
			tstar += float64(p.cell.Period) * float64(sums[i].N)
			continue
		}
		if j := slices.IndexFunc(pre, func(x pt) bool { return x.t == float64(p.cell.Period) }); j >= 0 {
			pre[j].s = pre[j].s.Merge(sums[i])
		} else {
			pre = append(pre, pt{float64(p.cell.Period), sums[i]})
		}
	}
	tstar /= float64(t.N)
	var n, tbar, ybar float64
	for _, x := range pre {
		fn := float64(x.s.N)
		n += fn
		tbar += fn * x.t
		ybar += fn * x.s.Mean
	}
	tbar /= n
	ybar /= n
	var stt, sty float64
	for _, x := range pre {
		fn := float64(x.s.N)
		stt += fn * (x.t - tbar) * (x.t - tbar)
		sty += fn * (x.t - tbar) * (x.s.Mean - ybar)
	}
	if len(pre) < 2 || n < 3 {
		return r, fmt.Errorf("a trend needs values in at least two pre-periods and three values in all (have %d periods, %g values)", len(pre), n)
	}
	slope := sty / stt
	var rss float64
	for _, x := range pre {
		res := x.s.Mean - (ybar + slope*(x.t-tbar))
		rss += x.s.M2 + float64(x.s.N)*res*res
	}
	sigma2 := rss / (n - 2)
	r.nB = int64(n)
	r.b = ybar + slope*(tstar-tbar)
	fit2 := sigma2 * (1/n + (tstar-tbar)*(tstar-tbar)/stt)
	if t.N < 2 {
		return r, fmt.Errorf("the treatment group needs at least 2 values for a variance, not %d", t.N)
	}
	vt := t.Var() / float64(t.N)
	r.o, r.d = t.Mean, t.Mean-r.b
	r.se = math.Sqrt(vt + fit2)
	if r.se == 0 {
		return r, fmt.Errorf("the values are constant: the interval is undefined")
	}
	r.df = (vt + fit2) * (vt + fit2) / (vt*vt/float64(t.N-1) + fit2*fit2/(n-2))
	r.tInterval(conf)
	r.logRelative(vt, fit2, zQuantile(conf))
	switch k := d.m.Kind; {
	case k == Binary && (r.b < 0 || r.b > 1):
		r.warn = append(r.warn, fmt.Sprintf("the projected baseline rate %g is outside [0,1]: the trend does not hold that far", r.b))
	case (k == Count || k == Duration) && r.b < 0:
		r.warn = append(r.warn, fmt.Sprintf("the projected baseline %g is negative: the trend does not hold that far", r.b))
	}
	return r, nil
}

// did is the difference-in-differences of the four cells, as the
// interaction of a saturated linear model.
func did(a [nRoles]Summary, conf float64) (raw, error) {
	r := raw{nT: a[roleT].N, nB: a[roleC].N + a[roleCPre].N, rLo: math.NaN(), rHi: math.NaN()}
	var m2, inv float64
	var n int64
	for _, s := range a {
		m2 += s.M2
		inv += 1 / float64(s.N)
		n += s.N
	}
	if n <= 4 {
		return r, fmt.Errorf("difference-in-differences needs more than 4 values in all, not %d", n)
	}
	sigma2 := m2 / float64(n-4)
	r.o = a[roleT].Mean
	r.b = a[roleTPre].Mean + a[roleC].Mean - a[roleCPre].Mean
	r.d = r.o - r.b
	r.se = math.Sqrt(sigma2 * inv)
	if r.se == 0 {
		return r, fmt.Errorf("the values are constant within every cell: the interval is undefined")
	}
	r.df = float64(n - 4)
	r.tInterval(conf)
	vo := sigma2 / float64(a[roleT].N)
	r.logRelative(vo, sigma2*inv-vo, zQuantile(conf))
	return r, nil
}
