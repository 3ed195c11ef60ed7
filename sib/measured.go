package sib

import "github.com/sib-engine/sib/scenario"

// Measured effects: the contract's terms test, tier and price the effect
// as an evaluator measures it from finite cohorts; the state's savings
// count the true effect. By default the two are the same; a Work's
// Measure hook draws the measured one (package uncertainty's measurement
// noise).

// MeasureFunc turns one evaluation's true effects into measured ones. It
// is called once per Evaluate, after the participants are known and
// before any outcome is projected, with the parameter values v (indexed
// as Scenario.Params), each cohort's participants n[c], and each metric's
// true effects: cohort c of metric mi at eff[mi·C + c] (C cohorts) and
// the participant-weighted pooled effect at pooled[mi]. It overwrites eff
// and pooled, in place, with the measured effects, leaving a metric it
// does not measure as it is. It must not keep the slices, and it must not
// allocate if Evaluate is not to.
type MeasureFunc func(v, n, eff, pooled []float64)

// contract returns the effect of metric mi in cohort c that the terms
// test and pay on: the measured one when a MeasureFunc drew it, else the
// true effect.
func (pr *projection) contract(m *Model, p byID, mi, c int) float64 {
	if pr.meas != nil {
		return pr.meas[mi*len(pr.n)+c]
	}
	return m.effect(p, mi, c)
}

// truth returns the true outcomes, laid out as outc: what the state
// avoids and the appraisal values, whatever the contract measured.
func (pr *projection) truth() []float64 {
	if pr.meas != nil {
		return pr.trueOutc
	}
	return pr.outc
}

// measureEffects fills the measured effects of the evaluation from the true
// ones through fn; with fn nil it turns measurement off (the contract
// reads the true effects).
func (m *Model) measureEffects(p byID, pr *projection, fn MeasureFunc) {
	if fn == nil {
		pr.meas = nil
		return
	}
	C, M := len(m.s.Cohorts), len(m.s.Metrics)
	if cap(pr.measBuf) < M*C {
		pr.measBuf = make([]float64, M*C)
		pr.pooledBuf = make([]float64, M)
		pr.trueOutc = make([]float64, len(pr.outc))
	}
	pr.meas, pr.pooled = pr.measBuf[:M*C], pr.pooledBuf[:M]
	for mi := range M {
		for c := range C {
			pr.meas[mi*C+c] = m.effect(p, mi, c)
		}
		pr.pooled[mi] = m.truePooled(p, pr, mi)
	}
	fn(p[1:], pr.n, pr.meas, pr.pooled)
}

// Measured returns, after Evaluate, the effect of metric mi in cohort c
// the contract read (cohort −1: the pooled effect): the measured one
// when w.Measure is set, else the true effect.
func (w *Work) Measured(mi, c int) float64 {
	pr := w.pr
	if c < 0 {
		return w.m.pooledEffect(w.p, pr, mi)
	}
	return pr.contract(w.m, w.p, mi, c)
}

// Participants returns, after Evaluate, cohort c's participants.
func (w *Work) Participants(c int) float64 { return w.pr.n[c] }

// Passes reports, after Evaluate, whether the effect the contract read
// passes term j's cohort test for cohort c (c ≥ 0) or its pooled test
// (c = −1); tested is false when the term has no such test. A tiered
// term without a threshold is tested by its first tier: it passes when
// the schedule pays anything (by cohort, or pooled for a schedule of deal
// totals).
func (w *Work) Passes(j, c int) (pass, tested bool) {
	return w.test(j, c, w.Measured(w.m.s.Terms[j].Metric, c))
}

// TestLevel returns, after Evaluate, the level term j's test (as Passes)
// compares the effect with: the threshold, or the first tier; relative
// reports whether it is a share of the baseline.
func (w *Work) TestLevel(j, c int) (level float64, relative, tested bool) {
	tm := &w.m.s.Terms[j]
	if !w.m.HasTest(j, c) {
		return 0, false, false
	}
	if thr, ok := w.threshold(tm, c); ok {
		return thr, tm.Relative, true
	}
	sc := &w.m.s.Tiers[tm.Schedule.Index()]
	return w.p[sc.Effect[0]], sc.Relative, true
}

// HasTest reports whether term j has a test for cohort c (c = −1: a
// pooled test), as Work.Passes reads it: a threshold (a number or a size
// schedule), or a tier schedule's first tier.
func (m *Model) HasTest(j, c int) bool {
	tm := &m.s.Terms[j]
	if c < 0 && tm.PooledTested() || c >= 0 && tm.CohortTested() {
		return true
	}
	if tm.Basis != scenario.Tiered || tm.Measure != scenario.MeasureCohort || tm.CohortTested() || tm.PooledTested() {
		return false
	}
	sc := &m.s.Tiers[tm.Schedule.Index()]
	return len(sc.Effect) > 0 && sc.PerDeal == (c < 0)
}

// threshold is the threshold term tm's test for cohort c (pooled: −1)
// read in the last evaluation, as the book tested it (a size schedule at
// the participants tested); false for a test by the first tier.
func (w *Work) threshold(tm *scenario.Term, c int) (float64, bool) {
	switch {
	case c < 0 && tm.PooledTested():
		return w.m.pooledThreshold(w.p, w.pr, tm), true
	case c >= 0 && tm.CohortTested():
		return w.m.cohortThreshold(w.p, w.pr, tm, c), true
	}
	return 0, false
}

// TestAt reports, after Evaluate, whether an effect e would pass term
// j's test for cohort c (c = −1: pooled), as Passes reads it.
func (w *Work) TestAt(j, c int, e float64) (pass, tested bool) { return w.test(j, c, e) }

func (w *Work) test(j, c int, e float64) (pass, tested bool) {
	if !w.m.HasTest(j, c) {
		return false, false
	}
	tm := &w.m.s.Terms[j]
	if thr, ok := w.threshold(tm, c); ok {
		return w.m.passes(w.p, tm, e, thr), true
	}
	return w.m.tier(w.p, tm, e) > 0, true
}

// TermPaid returns, after Evaluate, what term j paid over the horizon,
// nominal.
func (w *Work) TermPaid(j int) float64 {
	var s float64
	for _, x := range w.b.pay[j*w.b.P : (j+1)*w.b.P] {
		s += x
	}
	return s
}

// TrueEffect returns, after Evaluate, the true effect of metric mi in
// cohort c (c = −1: pooled, weighted by participants), whatever the
// contract measured.
func (w *Work) TrueEffect(mi, c int) float64 {
	if c < 0 {
		return w.m.truePooled(w.p, w.pr, mi)
	}
	return w.m.effect(w.p, mi, c)
}

// TruePasses is Passes at the true effect: whether the programme earned
// the payment the test guards.
func (w *Work) TruePasses(j, c int) (pass, tested bool) {
	return w.test(j, c, w.TrueEffect(w.m.s.Terms[j].Metric, c))
}
