package outcomes

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// The matched comparison's estimator: the effect on the treated (ATT) as
// the coefficient of the weighted least-squares fit lm(y ~ treat, weights
// = w) on the matched rows, which is the weighted mean of the treated
// minus the weighted mean of their matched comparisons, with the
// standard errors the MatchIt vignette "Estimating Effects After
// Matching" recommends. With the design (1, treat) everything is in closed
// form: (X'WX)⁻¹ = [[1/Wc, −1/Wc], [−1/Wc, 1/Wc + 1/Wt]], so a score
// s = (a, t) (a summed over all rows, t over the treated) maps to
// (X'WX)⁻¹s = (c/Wc, t/Wt − c/Wc) with c = a − t, the comparisons' part.

// The standard-error methods of a matched effect.
const (
	// SEClusterHC1 is sandwich::vcovCL(fit, cluster = ~subclass) with its
	// defaults (type HC1, cadjust): clusters are the matched sets, and the
	// sandwich is scaled by G/(G−1) · (n−1)/(n−2) for G sets and n rows.
	SEClusterHC1 = "cluster-robust by matched set (vcovCL HC1)"
	// SERobustHC3 is sandwich::vcovHC(fit, type = "HC3"), for a matching
	// with replacement, where a pool member serves several sets and
	// weights.csv keeps no pairs: each row's score is divided by 1 − h,
	// its leverage w/W of its group.
	SERobustHC3 = "robust (vcovHC HC3), matching with replacement"
)

// wrow is one matched value with its weight and cluster.
type wrow struct {
	x, w    float64
	treated bool
	cluster int32
	unit    int32 // index in Matching.Units
}

// matchedRows returns the matched values of metric m in the cohorts,
// in file order, and the number of treated values before matching
// (records of the treatment group in those cohorts and periods).
func (s *Study) matchedRows(m *Metric, cohorts []string) []wrow {
	md := s.match
	mi := int32(slices.IndexFunc(s.Metrics, func(x Metric) bool { return x.Name == m.Name }))
	var rows []wrow
	for _, r := range md.rows {
		if r.metric != mi || !m.Post.Contains(int(r.period)) {
			continue
		}
		u := &md.Units[r.unit]
		if !slices.Contains(cohorts, u.Cohort) {
			continue
		}
		rows = append(rows, wrow{x: r.x, w: u.Weight, treated: u.Group == md.Treatment, cluster: u.Subclass, unit: r.unit})
	}
	return rows
}

// matchedEstimate estimates design d (a cohort, or pooled) on the
// matching.
func (s *Study) matchedEstimate(d *design, conf float64) (Effect, []string, error) {
	m := d.m
	cohorts := []string{d.cohort}
	if d.cohort == PooledCohort {
		cohorts = s.treatmentCohorts(m, m.Post)
	}
	var all int64
	for _, p := range d.parts {
		if p.role == roleT {
			all += s.cells[p.cell].N
		}
	}
	fail := func(err error) (Effect, []string, error) {
		if !errors.Is(err, ErrNoMembers) {
			err = fmt.Errorf("%w: %w", ErrEstimate, err)
		}
		return Effect{}, nil, fmt.Errorf("%s, cohort %s: %w", s.where(m), d.cohort, err)
	}
	if !s.match.read {
		return fail(fmt.Errorf("%w: the matching was set after %s was read: set it before", ErrInput, ParticipantsFile))
	}
	r, clusters, err := weightedATT(s.matchedRows(m, cohorts), !s.match.Replace, conf)
	if err != nil {
		return fail(err)
	}
	e := d.effect(r)
	e.Matched = true
	e.TreatedAll = all
	e.Clusters = clusters
	e.SEMethod = SEClusterHC1
	if s.match.Replace {
		e.SEMethod = SERobustHC3
	}
	warn := r.warn
	if dropped := all - r.nT; dropped > 0 {
		warn = append(warn, fmt.Sprintf("%d of the %d treatment values have no match (weight 0 or absent from the matching) and are left out: the effect is on the %d matched", dropped, all, r.nT))
	}
	return e, warn, nil
}

// weightedATT is lm(y ~ treat, weights = w) on rows, with the
// cluster-robust variance by matched set (cluster) or, without clusters,
// HC3; t intervals and p-values on n − 2 degrees of freedom, as
// lmtest::coeftest and coefci give them. It returns the number of
// clusters (0 for HC3).
func weightedATT(rows []wrow, clustered bool, conf float64) (raw, int, error) {
	r := raw{rLo: math.NaN(), rHi: math.NaN()}
	var wt, wc, st, sc float64
	for _, x := range rows {
		if x.treated {
			r.nT++
			wt += x.w
			st += x.w * x.x
		} else {
			r.nB++
			wc += x.w
			sc += x.w * x.x
		}
	}
	if r.nT == 0 {
		return r, 0, fmt.Errorf("%w: no treated participant is matched", ErrNoMembers)
	}
	if r.nB == 0 {
		return r, 0, fmt.Errorf("%w: the treated participants have no matched comparisons", ErrNoMembers)
	}
	n := r.nT + r.nB
	if n <= 2 {
		return r, 0, fmt.Errorf("the matched sample needs more than 2 values, not %d", n)
	}
	r.o, r.b = st/wt, sc/wc
	r.d = r.o - r.b
	var v00, v01, v11 float64 // the sandwich of (b0, b1) = (mean C, mean T − mean C)
	add := func(c, t float64) {
		a0, a1 := c/wc, t/wt-c/wc
		v00 += a0 * a0
		v01 += a0 * a1
		v11 += a1 * a1
	}
	clusters := 0
	if clustered {
		type sums struct{ c, t float64 }
		idx := map[int32]int{}
		var g []sums
		for _, x := range rows {
			i, ok := idx[x.cluster]
			if !ok {
				i = len(g)
				idx[x.cluster] = i
				g = append(g, sums{})
			}
			if x.treated {
				g[i].t += x.w * (x.x - r.o)
			} else {
				g[i].c += x.w * (x.x - r.b)
			}
		}
		for _, s := range g {
			add(s.c, s.t)
		}
		clusters = len(g)
		if clusters < 2 {
			return r, clusters, fmt.Errorf("a cluster-robust variance needs at least 2 matched sets, not %d", clusters)
		}
		adj := float64(clusters) / float64(clusters-1) * float64(n-1) / float64(n-2)
		v00, v01, v11 = adj*v00, adj*v01, adj*v11
	} else {
		for _, x := range rows {
			if x.treated {
				h := x.w / wt
				if h >= 1 {
					return r, 0, fmt.Errorf("HC3 is undefined with one treated participant")
				}
				add(0, x.w*(x.x-r.o)/(1-h))
			} else {
				h := x.w / wc
				if h >= 1 {
					return r, 0, fmt.Errorf("HC3 is undefined with one matched comparison")
				}
				add(x.w*(x.x-r.b)/(1-h), 0)
			}
		}
	}
	r.se = math.Sqrt(v11)
	if r.se == 0 {
		return r, clusters, fmt.Errorf("the matched values are constant: the interval is undefined")
	}
	r.df = float64(n - 2)
	r.tInterval(conf)
	// The relative effect: o/b on the log scale by the delta method, with
	// the covariance of the two means from the same sandwich (b = b0,
	// o = b0 + b1), and the effect's t quantile.
	if r.o > 0 && r.b > 0 {
		vb, vo, cov := v00, v00+2*v01+v11, v00+v01
		vlog := vb/(r.b*r.b) + vo/(r.o*r.o) - 2*cov/(r.o*r.b)
		r.rLo, r.rHi = logInterval(r.o/r.b, math.Max(vlog, 0), tQuantile(conf, r.df))
	} else {
		r.warn = append(r.warn, fmt.Sprintf("a level is not positive (observed %g, baseline %g): no interval for the relative effect", r.o, r.b))
	}
	return r, clusters, nil
}

// checkMatchedMetrics returns the matching's warnings and those of
// metrics that compare the matched groups without the weights.
func (s *Study) checkMatchedMetrics(opt Options) ([]string, error) {
	md := s.match
	if md == nil {
		return nil, nil
	}
	warns := slices.Clone(md.Warnings)
	used := false
	for i := range s.Metrics {
		m := &s.Metrics[i]
		used = used || s.matched(m)
		if s.matchedGroups(m) {
			warns = append(warns, fmt.Sprintf("metric %s: method %s compares the groups %s and %s unweighted: the matching applies to method comparison only", m.Name, m.Method, m.Treatment, m.Comparison))
		}
	}
	if !used {
		warns = append(warns, fmt.Sprintf("no metric compares group %s with group %s by method comparison: the matching is not used", md.Treatment, md.Pool))
	}
	return warns, nil
}
