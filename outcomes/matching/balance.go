package matching

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
)

// SMDThreshold and the variance-ratio bounds are the usual limits of
// balance after matching (Stuart 2010; Austin 2009; cobalt's defaults
// when thresholds are asked for): Balance.Warnings names the rows beyond
// them.
const (
	SMDThreshold = 0.1
	VarRatioLow  = 0.5
	VarRatioHigh = 2.0
)

// sqrtEps is R's sqrt(.Machine$double.eps): MatchIt's limit below which a
// mean difference or a standard deviation counts as zero.
var sqrtEps = math.Sqrt(dblEps)

// NewBalance tabulates the balance of the design's covariates (and of the
// distance, the first row, unless dist is nil) between treated and
// control rows, unweighted (Before) and with the matching weights
// (After; nil when weights is nil), as MatchIt 4.5.1's summary() does for
// the ATT with its default arguments (standardize = TRUE):
//
//   - Rows: "distance", then each covariate the design uses, in its
//     order: a numeric covariate as it is; a categorical covariate as one
//     0/1 row per level, every level with rows (not only those of the
//     design), named as the design names indicators ("offencedrug").
//   - Means Treated, Means Control: weighted means.
//   - SMD (Std. Mean Diff.): the difference of the means divided by the
//     treated rows' standard deviation before matching, the same in both
//     tables. The SD of a binary row (every value 0 or 1, including a
//     numeric 0/1 covariate) is sqrt(p(1-p)); of any other the sample SD
//     (denominator n-1). When that SD is below 1.5e-8 the pooled SD of
//     both groups is used. A difference below 1.5e-8 is reported raw.
//   - SMDCobalt: cobalt's bal.tab default for the ATT: the raw difference
//     for a binary row, the same standardisation as SMD otherwise.
//   - VarRatio: weighted variance of the treated over that of the
//     controls, each sum(w(x-m)^2)/(1-sum(w^2)) with w normalised to sum
//     1; NaN for a binary row.
//   - ECDFMean, ECDFMax: the mean and largest absolute difference of the
//     two groups' weighted empirical CDFs, taken at each distinct value
//     of the row (over all rows, weighted or not); for a binary row, the
//     absolute difference of the means.
//
// All slices index the same rows (d.Len() rows; a cohort's table takes
// the cohort's rows). A weight of 0 leaves a row out of After's means and
// variances (unmatched or discarded). A statistic that does not exist (a
// group without weight, a variance of a single row) is NaN. Sample sizes:
// All counts rows per group ([0] treated, [1] control); Matched is the
// effective sample size (sum w)^2/sum(w^2) of the rows with positive
// weight (MatchIt's "Matched (ESS)"; for treated rows of weight 1 it is
// their count); Unmatched counts rows of weight 0, Discarded none until
// MarkDiscarded moves them. Warnings name every row whose |SMD| after
// matching exceeds SMDThreshold and every variance ratio outside
// [VarRatioLow, VarRatioHigh].
//
// NewBalance panics when the lengths differ or a weight is negative or
// not finite: callers build them.
func NewBalance(d *Data, x *Design, dist []float64, treated []bool, weights []float64) *Balance {
	n := d.Len()
	if len(treated) != n || (dist != nil && len(dist) != n) || (weights != nil && len(weights) != n) {
		panic(fmt.Sprintf("matching: NewBalance: %d rows, %d treatment flags, %d distances, %d weights", n, len(treated), len(dist), len(weights)))
	}
	for i, w := range weights {
		if !(w >= 0) || math.IsInf(w, 0) {
			panic(fmt.Sprintf("matching: NewBalance: weight %v of row %d", w, i+1))
		}
	}
	b := &Balance{}
	for i, t := range treated {
		g := group(t)
		b.All[g]++
		if weights != nil && weights[i] == 0 {
			b.Unmatched[g]++
		}
	}
	if weights != nil {
		b.Matched = [2]float64{ess(weights, treated, true), ess(weights, treated, false)}
	}
	ones := make([]float64, n)
	for i := range ones {
		ones[i] = 1
	}
	bal := &balancer{treated: treated, ones: ones, weights: weights, order: make([]int, n)}
	if dist != nil {
		bal.add(b, "distance", dist)
	}
	buf := make([]float64, n)
	seen := map[int]bool{}
	for _, c := range x.Of {
		if c < 0 || seen[c] {
			continue
		}
		seen[c] = true
		col := &d.Columns[c]
		if !col.Categorical {
			bal.add(b, col.Name, col.Values)
			continue
		}
		for l, level := range col.Levels {
			used := false
			for i, code := range col.Codes {
				buf[i] = 0
				if int(code) == l {
					buf[i] = 1
					used = true
				}
			}
			if used { // MatchIt drops unused levels (droplevels)
				bal.add(b, col.Name+level, buf)
			}
		}
	}
	b.Warnings = balanceWarnings(b, weights, treated)
	return b
}

// MarkDiscarded counts the rows discarded by the common-support rule
// (weight 0) as Discarded rather than Unmatched, as MatchIt's summary()
// does.
func (b *Balance) MarkDiscarded(treated, discarded []bool) {
	for i, dis := range discarded {
		if dis {
			g := group(treated[i])
			b.Unmatched[g]--
			b.Discarded[g]++
		}
	}
}

// group is a row's index in Balance's sample sizes: 0 treated, 1 control.
func group(treated bool) int {
	if treated {
		return 0
	}
	return 1
}

// ess is the effective sample size of the weights of one group; 0 when
// none is positive.
func ess(w []float64, treated []bool, of bool) float64 {
	var s, s2 float64
	for i, t := range treated {
		if t == of {
			s += w[i]
			s2 += w[i] * w[i]
		}
	}
	if s2 == 0 {
		return 0
	}
	return s * s / s2
}

// balancer computes balance rows; order is a buffer for the eCDF sort.
type balancer struct {
	treated       []bool
	ones, weights []float64
	order         []int
}

// add appends the Before and After rows of one variable.
func (bal *balancer) add(b *Balance, name string, xx []float64) {
	binary := true
	for _, v := range xx {
		if v != 0 && v != 1 {
			binary = false
			break
		}
	}
	// The standardisation factor, from the unweighted treated rows,
	// serves both tables (MatchIt's bal1var with s.d.denom = "treated").
	sd := math.Sqrt(wvar(xx, bal.treated, true, bal.ones, binary))
	if !(sd >= sqrtEps) || math.IsInf(sd, 0) {
		sd = pooledSD(xx, bal.treated, binary)
	}
	if !binary {
		// R's order(): by value, ties in row order.
		for i := range bal.order {
			bal.order[i] = i
		}
		slices.SortStableFunc(bal.order, func(i, j int) int { return cmp.Compare(xx[i], xx[j]) })
	}
	b.Before = append(b.Before, bal.row(name, xx, binary, sd, bal.ones))
	if bal.weights != nil {
		b.After = append(b.After, bal.row(name, xx, binary, sd, bal.weights))
	}
}

// row is MatchIt's bal1var for one variable and one set of weights.
func (bal *balancer) row(name string, xx []float64, binary bool, sd float64, w []float64) BalanceRow {
	t := bal.treated
	r := BalanceRow{Name: name, Binary: binary, VarRatio: math.NaN(), ECDFMean: math.NaN(), ECDFMax: math.NaN()}
	r.MeanTreated = wmean(xx, t, true, w)
	r.MeanControl = wmean(xx, t, false, w)
	mdiff := r.MeanTreated - r.MeanControl
	tooSmall := positive(w, t, true) < 2 && positive(w, t, false) < 2
	switch {
	case !(math.Abs(mdiff) > sqrtEps):
		r.SMD = mdiff
	case tooSmall:
		r.SMD = math.NaN()
	default:
		r.SMD = mdiff / sd
	}
	switch {
	case binary:
		r.SMDCobalt = mdiff
	case sd > 0:
		r.SMDCobalt = mdiff / sd
	case mdiff == 0:
		r.SMDCobalt = 0
	default:
		r.SMDCobalt = math.NaN()
	}
	switch {
	case binary:
		r.ECDFMean, r.ECDFMax = math.Abs(mdiff), math.Abs(mdiff)
	case !tooSmall:
		r.VarRatio = wvar(xx, t, true, w, false) / wvar(xx, t, false, w, false)
		r.ECDFMean, r.ECDFMax = bal.ecdf(xx, w)
	}
	for _, v := range []*float64{&r.MeanTreated, &r.MeanControl, &r.SMD, &r.SMDCobalt, &r.VarRatio, &r.ECDFMean, &r.ECDFMax} {
		if math.IsInf(*v, 0) {
			*v = math.NaN()
		}
	}
	return r
}

// positive counts a group's rows of positive weight.
func positive(w []float64, treated []bool, of bool) int {
	n := 0
	for i, t := range treated {
		if t == of && w[i] != 0 {
			n++
		}
	}
	return n
}

// wmean is MatchIt's wm over one group: sum(x w)/sum(w).
func wmean(x []float64, treated []bool, of bool, w []float64) float64 {
	var sxw, sw float64
	for i, t := range treated {
		if t == of {
			sxw += x[i] * w[i]
			sw += w[i]
		}
	}
	return sxw / sw
}

// wvar is MatchIt's wvar over one group: with w normalised to sum 1 and
// m = sum(w x), m(1-m) for a binary variable, else
// sum(w (x-m)^2)/(1-sum(w^2)) (the sample variance when w is constant).
func wvar(x []float64, treated []bool, of bool, w []float64, binary bool) float64 {
	var sw float64
	for i, t := range treated {
		if t == of {
			sw += w[i]
		}
	}
	var m float64
	for i, t := range treated {
		if t == of {
			m += w[i] / sw * x[i]
		}
	}
	if binary {
		return m * (1 - m)
	}
	var ss, sw2 float64
	for i, t := range treated {
		if t == of {
			wi := w[i] / sw
			ss += wi * (x[i] - m) * (x[i] - m)
			sw2 += wi * wi
		}
	}
	return ss / (1 - sw2)
}

// pooledSD is MatchIt's pooled_sd (contribution "proportional",
// unweighted): the fallback standardisation when the treated rows' SD is
// zero.
func pooledSD(x []float64, treated []bool, binary bool) float64 {
	n := float64(len(x))
	var v float64
	for _, of := range []bool{true, false} {
		var s, c float64
		for i, t := range treated {
			if t == of {
				s += x[i]
				c++
			}
		}
		if c == 0 {
			continue
		}
		if binary {
			v += s * (1 - s/c) / n
			continue
		}
		m := s / c
		for i, t := range treated {
			if t == of {
				v += (x[i] - m) * (x[i] - m) / n
			}
		}
	}
	if !binary {
		v /= 1 - 1/n
	}
	return math.Sqrt(v)
}

// ecdf is MatchIt's qqsum(standardize = TRUE): the weights normalised
// within each group, the signed cumulative sum of the weights in the
// order of x, read at the last row of each distinct value; the mean and
// the largest of its absolute values. bal.order holds the order of x.
func (bal *balancer) ecdf(x, w []float64) (mean, maxDiff float64) {
	t := bal.treated
	var s1, s0 float64
	for i, tr := range t {
		if tr {
			s1 += w[i]
		} else {
			s0 += w[i]
		}
	}
	first := t[bal.order[0]] // R negates the group of the smallest value
	var cum, sum float64
	count := 0
	for k, i := range bal.order {
		wi := w[i] / s0
		if t[i] {
			wi = w[i] / s1
		}
		if t[i] == first {
			wi = -wi
		}
		cum += wi
		if k == len(bal.order)-1 || x[bal.order[k+1]] != x[i] {
			a := math.Abs(cum)
			sum += a
			count++
			maxDiff = max(maxDiff, a)
		}
	}
	return sum / float64(count), maxDiff
}

// balanceWarnings names the rows beyond the thresholds after matching.
func balanceWarnings(b *Balance, weights []float64, treated []bool) []string {
	if weights == nil {
		return nil
	}
	var w []string
	for g, name := range []string{"treated", "pool"} {
		if b.Matched[g] == 0 {
			w = append(w, fmt.Sprintf("after matching no %s row has a positive weight: the balance after matching is empty", name))
		}
	}
	var smd, vr []string
	for _, r := range b.After {
		if math.Abs(r.SMD) > SMDThreshold {
			smd = append(smd, fmt.Sprintf("%s (%.2f)", r.Name, r.SMD))
		}
		if r.VarRatio < VarRatioLow || r.VarRatio > VarRatioHigh {
			vr = append(vr, fmt.Sprintf("%s (%.2f)", r.Name, r.VarRatio))
		}
	}
	if len(smd) > 0 {
		w = append(w, fmt.Sprintf("after matching, |standardised mean difference| above %.1f: %s", SMDThreshold, strings.Join(smd, ", ")))
	}
	if len(vr) > 0 {
		w = append(w, fmt.Sprintf("after matching, variance ratio outside [%.1f, %.0f]: %s", VarRatioLow, VarRatioHigh, strings.Join(vr, ", ")))
	}
	return w
}
