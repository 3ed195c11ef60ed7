package outcomes

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"
)

// This file holds the dispersion of count metrics: how far the values
// spread beyond the Poisson variance (variance = mean) that the count
// estimators of comparison, historical and fixed assume, and the
// quasi-Poisson variance that allows for it, as R's glm(family =
// quasipoisson) does.

// CountVariance is the variance a count metric's estimate assumes under
// the methods comparison, historical and fixed. Trend and did fit linear
// models with the sample variance, and a matched comparison its sandwich
// variance: neither assumes a Poisson variance, and CountVariance does not
// change them.
type CountVariance int

const (
	// PoissonVariance takes the variance of a count to equal its mean:
	// the exact Poisson tests (R poisson.test). The default.
	PoissonVariance CountVariance = iota
	// QuasiVariance multiplies the Poisson variance by the dispersion φ
	// of the rate model, as R's quasipoisson family: standard errors
	// scaled by √φ, Wald intervals and p-values with t on the model's
	// residual degrees of freedom (summary.glm, lmtest::coefci).
	QuasiVariance
)

var countVarianceNames = [...]string{"poisson", "quasi"}

func (v CountVariance) String() string {
	if v < 0 || int(v) >= len(countVarianceNames) {
		return "CountVariance(" + strconv.Itoa(int(v)) + ")"
	}
	return countVarianceNames[v]
}

// ParseCountVariance parses "poisson" or "quasi".
func ParseCountVariance(s string) (CountVariance, error) {
	for i, n := range countVarianceNames {
		if strings.EqualFold(s, n) {
			return CountVariance(i), nil
		}
	}
	return 0, fmt.Errorf("%w: count variance %q: expected poisson or quasi", ErrInput, s)
}

// OverdispersionLevel is the significance level of the overdispersion
// test: a count estimate with the Poisson variance comes with a warning
// when P(χ²_df > X²) is below it.
const OverdispersionLevel = 0.05

// dispersion is the Pearson dispersion of a Poisson rate model.
type dispersion struct {
	phi    float64 // X²/df
	x2, df float64 // Pearson's X² and the residual degrees of freedom
	p      float64 // P(χ²_df > X²): the overdispersion test
}

// poissonVariance reports whether a metric's estimate assumes the
// Poisson variance: a count under comparison, historical or fixed.
func poissonVariance(m *Metric) bool {
	return m.Kind == Count && (m.Method == Comparison || m.Method == Historical || m.Method == Fixed)
}

// countDispersion returns the dispersion of the design's rate model, R
// glm(y ~ treated + offset(log(e)), family = quasipoisson) on its records
// (fixed: y ~ 1 + offset(log(e))): one rate λ_g = x_g/E_g per group, the
// fitted mean of a record λ_g·e, and φ = X²/(N − groups) with
// X² = Σ (y − λ_g·e)²/(λ_g·e). A cell's exposure is taken to be shared
// equally by its values (e = E/n: 1 for participant records); its values
// enter through their mean and sum of squared deviations:
// Σ (y − μ)²/μ = (M2 + n·(ȳ − μ)²)/μ. A group without events has fitted
// means 0 and values 0, and adds nothing (as in R). It returns false, and
// why, when the variance of a cell is not known (group totals without
// sum_sq or sd) or the model has no residual degrees of freedom.
func (d *design) countDispersion(sums []Summary) (dispersion, string) {
	roles := []role{roleT, roleC}
	if d.m.Method == Fixed {
		roles = roles[:1]
	}
	var x [nRoles]int64
	var e [nRoles]float64
	var n int64
	for i, p := range d.parts {
		if sums[i].VarAssumed {
			return dispersion{}, "the variance of the counts is not known (group totals without sum_sq or sd)"
		}
		x[p.role] += sums[i].Events
		e[p.role] += sums[i].Exposure
		n += sums[i].N
	}
	df := float64(n) - float64(len(roles))
	if df < 1 {
		return dispersion{}, fmt.Sprintf("%d values leave no degrees of freedom for the dispersion", n)
	}
	var x2 float64
	for i, p := range d.parts {
		s := sums[i]
		mu := float64(x[p.role]) / e[p.role] * s.Exposure / float64(s.N)
		if mu == 0 {
			continue
		}
		dev := s.Mean - mu
		x2 += (s.M2 + float64(s.N)*dev*dev) / mu
	}
	return dispersion{phi: x2 / df, x2: x2, df: df, p: distuv.ChiSquared{K: df}.Survival(x2)}, ""
}

// applyDispersion sets the dispersion of a count estimate that assumes the
// Poisson variance, warns when the counts are overdispersed and the
// Poisson variance is kept, and with QuasiVariance rescales the estimate.
func (d *design) applyDispersion(sums []Summary, r *raw, conf float64) {
	disp, why := d.countDispersion(sums)
	if why != "" {
		if d.cv == QuasiVariance {
			r.warn = append(r.warn, "no quasi-Poisson variance: "+why+"; the standard error and interval assume the Poisson variance")
		}
		return
	}
	r.disp = &disp
	if d.cv != QuasiVariance {
		if disp.p < OverdispersionLevel && disp.phi > 1 {
			r.warn = append(r.warn, fmt.Sprintf("the counts are overdispersed: dispersion %.2f (Pearson X² %.1f on %g df, p %s), so the Poisson standard error is about %.2f times too small and the interval too narrow; use the quasi-Poisson variance (--count-variance quasi) or a bootstrap interval",
				disp.phi, disp.x2, disp.df, pText(disp.p), math.Sqrt(disp.phi)))
		}
		return
	}
	var t, c Summary
	for i, p := range d.parts {
		switch p.role {
		case roleT:
			t = t.Merge(sums[i])
		case roleC:
			c = c.Merge(sums[i])
		}
	}
	r.quasi(disp, t, c, d.m.Method == Fixed, conf)
}

// quasi rescales a count estimate by the dispersion: the standard error of
// the difference by √φ, with a t interval on the residual degrees of
// freedom; the ratio o/b by a Wald interval on its log, with standard
// error √φ·√(1/x_T + 1/x_C) (fixed: √(φ/x_T)), and the p-value of that
// Wald statistic from t. c is unused for a fixed baseline.
func (r *raw) quasi(disp dispersion, t, c Summary, fixed bool, conf float64) {
	k := math.Sqrt(disp.phi)
	r.se *= k
	r.df = disp.df
	q := tQuantile(conf, r.df)
	r.lo, r.hi = r.d-q*r.se, r.d+q*r.se
	r.rLo, r.rHi, r.p = math.NaN(), math.NaN(), math.NaN()
	var v float64 // the variance of log(o/b) over φ
	switch {
	case fixed && (t.Events == 0 || r.b <= 0):
		r.warn = append(r.warn, "no events, or a baseline of 0: the Wald test of the rate ratio is undefined (no p-value, no relative interval)")
		return
	case fixed:
		v = 1 / float64(t.Events)
	case t.Events == 0 || c.Events == 0:
		r.warn = append(r.warn, "no events in a group: the Wald test of the rate ratio is undefined (no p-value, no relative interval)")
		return
	default:
		v = 1/float64(t.Events) + 1/float64(c.Events)
	}
	lr, se := math.Log(r.o/r.b), k*math.Sqrt(v)
	if se == 0 {
		r.warn = append(r.warn, "the counts do not vary beyond their group's rate (dispersion 0): no p-value")
		return
	}
	r.rLo, r.rHi = math.Exp(lr-q*se), math.Exp(lr+q*se)
	r.p = twoSidedP(lr/se, r.df)
}

// pText shows a p-value in a warning: to 3 significant digits (0.0498
// must not read as 0.05), or as below 0.0001.
func pText(p float64) string {
	if p < 0.0001 {
		return "< 0.0001"
	}
	return "= " + strconv.FormatFloat(p, 'g', 3, 64)
}
