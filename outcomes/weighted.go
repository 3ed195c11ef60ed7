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
	// SEUnitHC1 is vcovCL(fit, cluster = ~id) (HC1, cadjust), for did
	// after a matching with replacement: each participant's records before
	// and after are one cluster.
	SEUnitHC1 = "cluster-robust by participant (vcovCL HC1), matching with replacement"
)

// The cells of a matched estimate: the treated and the comparisons after
// (comparison and did), and before (did).
const (
	cellT int8 = iota
	cellC
	cellTPre
	cellCPre
	nCells
)

// wrow is one matched value with its weight, cell and cluster.
type wrow struct {
	x, w    float64
	cell    int8
	cluster int32 // matched set (0 with replacement)
	unit    int32 // index in Matching.Units
}

func (r wrow) treated() bool { return r.cell == cellT || r.cell == cellTPre }

// matchedRows returns the matched values of metric m in the cohorts, in
// file order: the post periods, and for did the pre periods.
func (s *Study) matchedRows(m *Metric, cohorts []string) []wrow {
	md := s.match
	mi := int32(slices.IndexFunc(s.Metrics, func(x Metric) bool { return x.Name == m.Name }))
	scale := md.poolScale(cohorts)
	var rows []wrow
	for _, r := range md.rows {
		if r.metric != mi {
			continue
		}
		u := &md.Units[r.unit]
		if !slices.Contains(cohorts, u.Cohort) {
			continue
		}
		cell := cellC
		switch post := m.Post.Contains(int(r.period)); {
		case post && u.Group == md.Treatment:
			cell = cellT
		case post:
		case m.Method == DiD && m.Pre.Contains(int(r.period)):
			cell = cellCPre
			if u.Group == md.Treatment {
				cell = cellTPre
			}
		default:
			continue
		}
		w := u.Weight
		if u.Group == md.Pool && scale != nil {
			w *= scale[u.Cohort]
		}
		rows = append(rows, wrow{x: r.x, w: w, cell: cell, cluster: u.Subclass, unit: r.unit})
	}
	return rows
}

// poolScale returns, when rows of several cohorts are stacked, each
// cohort's factor on its pool weights so that they sum to the cohort's
// treated weights (its number of matched treated participants, weighted
// 1): MatchIt scales a cohort's pool weights to sum to its number of
// matched pool units, and stacked as they are the cohorts would count in
// the ratio of matched pool units, not of treated participants, and the
// pooled effect would not be on the treated. A single cohort needs no
// factor: its weighted means and sandwich are the same whatever the scale
// of one group's weights.
func (md *matchedData) poolScale(cohorts []string) map[string]float64 {
	if len(cohorts) < 2 {
		return nil
	}
	t, p := map[string]float64{}, map[string]float64{}
	for _, u := range md.Units {
		switch u.Group {
		case md.Treatment:
			t[u.Cohort] += u.Weight
		case md.Pool:
			p[u.Cohort] += u.Weight
		}
	}
	scale := make(map[string]float64, len(p))
	for c, w := range p {
		if w > 0 {
			scale[c] = t[c] / w
		}
	}
	return scale
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
	v := s.matchedVariance(m)
	r, clusters, err := weightedEffect(s.matchedRows(m, cohorts), m.Method == DiD, v, conf)
	if err != nil {
		return fail(err)
	}
	e := d.effect(r)
	e.Matched = true
	e.TreatedAll = all
	e.Clusters = clusters
	e.SEMethod = [...]string{SEClusterHC1, SERobustHC3, SEUnitHC1}[v]
	warn := r.warn
	if dropped := all - r.nT; dropped > 0 {
		warn = append(warn, fmt.Sprintf("%d of the %d treatment values have no match (weight 0 or absent from the matching) and are left out: the effect is on the %d matched", dropped, all, r.nT))
	}
	return e, warn, nil
}

// variance is the standard-error method of a matched estimate.
type variance int

const (
	bySet  variance = iota // cluster-robust by matched set
	hc3                    // robust HC3, row by row
	byUnit                 // cluster-robust by participant
)

// matchedVariance chooses the variance: by matched set without
// replacement; with replacement HC3 for comparison, and for did, where
// every participant has records before and after, by participant.
func (s *Study) matchedVariance(m *Metric) variance {
	switch {
	case !s.match.Replace:
		return bySet
	case m.Method == DiD:
		return byUnit
	}
	return hc3
}

// weightedEffect is the weighted least-squares fit lm(y ~ treat, weights)
// (did: lm(y ~ treat * post, weights)) on rows, with its sandwich
// variance, t intervals and p-values on n − p degrees of freedom, as
// lmtest::coeftest and coefci give them. The model is saturated in the
// cells, so each coefficient is a contrast of weighted cell means m_k, and
// row i moves m_k by w_i (y_i − m_k) / W_k: the sandwich is the sum over
// clusters of the squared sums of these influences (times G/(G−1) ·
// (n−1)/(n−p), vcovCL's HC1 and cadjust), or for HC3 of each row's
// divided by 1 − h_i, h_i = w_i/W_k its leverage. It returns the number of
// clusters (0 for HC3).
func weightedEffect(rows []wrow, isDiD bool, v variance, conf float64) (raw, int, error) {
	r := raw{rLo: math.NaN(), rHi: math.NaN()}
	var n [nCells]int64
	var w, sum, mean [nCells]float64
	for _, x := range rows {
		n[x.cell]++
		w[x.cell] += x.w
		sum[x.cell] += x.w * x.x
	}
	cells, p := []int8{cellT, cellC}, int64(2)
	// The baseline's coefficient on each cell mean.
	sb := [nCells]float64{cellC: 1}
	if isDiD {
		cells, p = []int8{cellT, cellC, cellTPre, cellCPre}, 4
		sb = [nCells]float64{cellC: 1, cellTPre: 1, cellCPre: -1}
	}
	for _, k := range cells {
		if n[k] == 0 {
			return r, 0, matchedEmpty(k)
		}
		mean[k] = sum[k] / w[k]
	}
	r.nT, r.nB = n[cellT], n[cellC]+n[cellCPre]
	total := r.nT + n[cellC] + n[cellTPre] + n[cellCPre]
	if total <= p {
		return r, 0, fmt.Errorf("the matched sample needs more than %d values, not %d", p, total)
	}
	r.o = mean[cellT]
	for _, k := range cells {
		r.b += sb[k] * mean[k]
	}
	r.d = r.o - r.b
	// Sums over clusters of the influences on o and on b.
	var voo, vbb, vob float64
	add := func(o, b float64) {
		voo += o * o
		vbb += b * b
		vob += o * b
	}
	infl := func(x wrow) (o, b float64) {
		e := x.w * (x.x - mean[x.cell]) / w[x.cell]
		if x.cell == cellT {
			o = e
		}
		return o, sb[x.cell] * e
	}
	clusters := 0
	if v == hc3 {
		for _, x := range rows {
			h := x.w / w[x.cell]
			if h >= 1 {
				return r, 0, fmt.Errorf("HC3 is undefined with one %s", cellName(x.cell))
			}
			o, b := infl(x)
			add(o/(1-h), b/(1-h))
		}
	} else {
		type sums struct{ o, b float64 }
		idx := map[int32]int{}
		var g []sums
		for _, x := range rows {
			key := x.cluster
			if v == byUnit {
				key = x.unit
			}
			i, ok := idx[key]
			if !ok {
				i = len(g)
				idx[key] = i
				g = append(g, sums{})
			}
			o, b := infl(x)
			g[i].o += o
			g[i].b += b
		}
		for _, s := range g {
			add(s.o, s.b)
		}
		clusters = len(g)
		if clusters < 2 {
			return r, clusters, fmt.Errorf("a cluster-robust variance needs at least 2 clusters, not %d", clusters)
		}
		adj := float64(clusters) / float64(clusters-1) * float64(total-1) / float64(total-p)
		voo, vbb, vob = adj*voo, adj*vbb, adj*vob
	}
	r.se = math.Sqrt(math.Max(voo+vbb-2*vob, 0))
	if r.se == 0 {
		return r, clusters, fmt.Errorf("the matched values are constant: the interval is undefined")
	}
	r.df = float64(total - p)
	r.tInterval(conf)
	// The relative effect: o/b on the log scale by the delta method, with
	// the covariance of the two levels from the same sandwich, and the
	// effect's t quantile.
	if r.o > 0 && r.b > 0 {
		vlog := vbb/(r.b*r.b) + voo/(r.o*r.o) - 2*vob/(r.o*r.b)
		r.rLo, r.rHi = logInterval(r.o/r.b, math.Max(vlog, 0), tQuantile(conf, r.df))
	} else {
		r.warn = append(r.warn, fmt.Sprintf("a level is not positive (observed %g, baseline %g): no interval for the relative effect", r.o, r.b))
	}
	return r, clusters, nil
}

func cellName(k int8) string {
	return [...]string{"treated participant", "matched comparison", "treated participant before", "matched comparison before"}[k]
}

// matchedEmpty explains an empty cell.
func matchedEmpty(k int8) error {
	switch k {
	case cellT:
		return fmt.Errorf("%w: no treated participant is matched", ErrNoMembers)
	case cellC:
		return fmt.Errorf("%w: the treated participants have no matched comparisons", ErrNoMembers)
	case cellTPre:
		return fmt.Errorf("%w: the matched treated participants have no values before (pre)", ErrNoMembers)
	}
	return fmt.Errorf("%w: the matched comparisons have no values before (pre)", ErrNoMembers)
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
			warns = append(warns, fmt.Sprintf("metric %s: method %s compares the groups %s and %s unweighted: the matching applies to methods comparison and did only", m.Name, m.Method, m.Treatment, m.Comparison))
		}
	}
	if !used {
		warns = append(warns, fmt.Sprintf("no metric compares group %s with group %s by method comparison: the matching is not used", md.Treatment, md.Pool))
	}
	return warns, nil
}
