package matching

import (
	"cmp"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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
// NewBalance panics when the lengths differ, a weight is negative or not
// finite, or there are 2^29 rows or more: callers build them.
func NewBalance(d *Data, x *Design, dist []float64, treated []bool, weights []float64) *Balance {
	n := d.Len()
	if n > rowMask {
		panic(fmt.Sprintf("matching: NewBalance: %d rows, more than %d", n, rowMask))
	}
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
	vars := balanceVars(d, x, dist)
	b.Before = make([]BalanceRow, len(vars))
	if weights != nil {
		b.After = make([]BalanceRow, len(vars))
	}
	// The variables are independent: workers take them in turn, each
	// with its own buffers, and write their rows in place.
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(vars)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			bal := &balancer{treated: treated, weights: weights}
			for {
				v := int(next.Add(1)) - 1
				if v >= len(vars) {
					return
				}
				xx := vars[v].values(d, dist, bal)
				before, after := bal.rows(vars[v].name, xx)
				b.Before[v] = before
				if b.After != nil {
					b.After[v] = after
				}
			}
		}()
	}
	wg.Wait()
	for i := len(vars) - 1; i >= 0; i-- {
		if vars[i].drop {
			b.Before = slices.Delete(b.Before, i, i+1)
			if b.After != nil {
				b.After = slices.Delete(b.After, i, i+1)
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

// balancer computes balance rows, one variable at a time, reusing its
// buffers.
type balancer struct {
	treated []bool
	weights []float64
	// After sortOrder, sorted holds the rows in the order of the
	// variable: each row's sort key and its index with flags.
	sorted, tmp   []keyRow
	count, coarse []int32 // bucket ends
	buf           []float64
}

// keyRow is a row in sort order: its value's sort key (sortKey) and its
// index, with treatedBit set for a treated row and positiveBit for a row
// of positive weight, so that the eCDF reads the sorted rows in sequence
// and looks up only the weights of the rows that have one.
type keyRow struct {
	key uint64
	row int32
}

// The flags of keyRow.row; rowMask leaves the row's index.
const (
	treatedBit  = 1 << 30
	positiveBit = 1 << 29
	rowMask     = positiveBit - 1
)

// bucketRows is the mean number of rows per bucket of sortOrder's
// second level; coarseBuckets is the number of its first level's, few
// enough that the scatter's write positions stay in cache.
const (
	bucketRows    = 4
	coarseBuckets = 2048
)

// sortOrder sets bal.sorted to the rows in the order of x, ties in row
// order (R's order()): a bucket sort on the value in two levels (buckets
// of equal width between the smallest and largest value, filled in row
// order: coarseBuckets of them, then each split into buckets of about
// bucketRows rows), then each bucket sorted by key (by insertion when
// small, which keeps ties in row order; otherwise by key then row).
// Linear time for spread-out values; n log n at worst (one bucket).
func (bal *balancer) sortOrder(x []float64) {
	n := len(x)
	if cap(bal.sorted) < n {
		bal.sorted = make([]keyRow, n)
	}
	out := bal.sorted[:n]
	if cap(bal.tmp) < n {
		bal.tmp = make([]keyRow, n)
	}
	in := bal.tmp[:n]
	for i, v := range x {
		r := int32(i)
		if bal.treated[i] {
			r |= treatedBit
		}
		if bal.weights != nil && bal.weights[i] > 0 {
			r |= positiveBit
		}
		in[i] = keyRow{sortKey(v), r}
	}
	if n <= coarseBuckets*bucketRows {
		bal.bucketSort(in, out, max(1, n/bucketRows))
		return
	}
	bal.scatter(in, out, coarseBuckets)
	bal.coarse = append(bal.coarse[:0], bal.count[:len(bal.count)-1]...)
	start := 0
	for _, end := range bal.coarse {
		end := int(end)
		if end-start > 1 {
			// Sort the bucket from out into in and back, in cache.
			copy(in[start:end], out[start:end])
			bal.bucketSort(in[start:end], out[start:end], max(1, (end-start)/bucketRows))
		}
		start = end
	}
}

// bucketSort sorts rows (in row order within equal keys) into out, by nb
// buckets of the value and a sort of each.
func (bal *balancer) bucketSort(rows, out []keyRow, nb int) {
	bal.scatter(rows, out, nb)
	start := 0
	for b := range len(bal.count) - 1 {
		end := int(bal.count[b])
		sortBucket(out[start:end])
		start = end
	}
}

// scatter distributes rows into out by nb buckets of equal width between
// their smallest and largest value, keeping their order within a bucket;
// bal.count[b] is then the end of bucket b in out.
func (bal *balancer) scatter(rows, out []keyRow, nb int) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range rows {
		v := keyValue(r.key)
		lo, hi = min(lo, v), max(hi, v)
	}
	scale := float64(nb) / (hi - lo)
	if !(hi > lo) || math.IsInf(scale, 0) || !(scale > 0) {
		nb = 1 // constant, or a range too wide: one bucket
	}
	// bucket is monotone in v: subtraction, a positive factor and
	// truncation all keep order.
	bucket := func(key uint64) int {
		if nb == 1 {
			return 0
		}
		return min(int((keyValue(key)-lo)*scale), nb-1)
	}
	if cap(bal.count) < nb+1 {
		bal.count = make([]int32, nb+1)
	}
	count := bal.count[:nb+1]
	clear(count)
	for _, r := range rows {
		count[bucket(r.key)+1]++
	}
	for b := 1; b <= nb; b++ {
		count[b] += count[b-1]
	}
	for _, r := range rows {
		b := bucket(r.key)
		out[count[b]] = r
		count[b]++
	}
	bal.count = count[:nb+1]
}

// sortBucket sorts rows that arrive in row order by key, ties in row
// order.
func sortBucket(rows []keyRow) {
	if len(rows) <= 32 {
		for i := 1; i < len(rows); i++ {
			r := rows[i]
			j := i
			for ; j > 0 && rows[j-1].key > r.key; j-- {
				rows[j] = rows[j-1]
			}
			rows[j] = r
		}
		return
	}
	slices.SortFunc(rows, func(a, b keyRow) int {
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.row&rowMask, b.row&rowMask)
	})
}

// keyValue is the number whose sortKey is key.
func keyValue(key uint64) float64 {
	if key>>63 != 0 {
		return math.Float64frombits(key &^ (1 << 63))
	}
	return math.Float64frombits(^key)
}

// sortKey maps x to a key whose unsigned order is x's order (-0 as 0).
func sortKey(x float64) uint64 {
	if x == 0 {
		x = 0
	}
	b := math.Float64bits(x)
	if b>>63 != 0 {
		return ^b
	}
	return b | 1<<63
}

// balanceVar is one row of the table: the distance, a numeric covariate
// or a level of a categorical one.
type balanceVar struct {
	name  string
	col   int // index in Data.Columns; -1 for the distance
	level int // the level of a categorical covariate; -1 otherwise
	drop  bool
}

// balanceVars lists the table's rows: the distance, then the design's
// covariates in order, a categorical one as each of its levels.
func balanceVars(d *Data, x *Design, dist []float64) []balanceVar {
	var vars []balanceVar
	if dist != nil {
		vars = append(vars, balanceVar{name: "distance", col: -1, level: -1})
	}
	seen := map[int]bool{}
	for _, c := range x.Of {
		if c < 0 || seen[c] {
			continue
		}
		seen[c] = true
		col := &d.Columns[c]
		if !col.Categorical {
			vars = append(vars, balanceVar{name: col.Name, col: c, level: -1})
			continue
		}
		for l, level := range col.Levels {
			vars = append(vars, balanceVar{name: col.Name + level, col: c, level: l})
		}
	}
	return vars
}

// values returns the variable's values, a level's indicator in the
// balancer's buffer. A level without rows is marked to be dropped, as
// MatchIt's droplevels drops it.
func (v *balanceVar) values(d *Data, dist []float64, bal *balancer) []float64 {
	switch {
	case v.col < 0:
		return dist
	case v.level < 0:
		return d.Columns[v.col].Values
	}
	if bal.buf == nil {
		bal.buf = make([]float64, d.Len())
	}
	used := false
	for i, code := range d.Columns[v.col].Codes {
		bal.buf[i] = 0
		if int(code) == v.level {
			bal.buf[i] = 1
			used = true
		}
	}
	v.drop = !used
	return bal.buf
}

// rows returns the Before and After rows of one variable (After empty
// without weights).
func (bal *balancer) rows(name string, xx []float64) (before, after BalanceRow) {
	binary := true
	for _, v := range xx {
		if v != 0 && v != 1 {
			binary = false
			break
		}
	}
	all := groupMoments(xx, bal.treated, nil)
	// The standardisation factor, from the unweighted treated rows,
	// serves both tables (MatchIt's bal1var with s.d.denom = "treated").
	sd := math.Sqrt(all[0].variance(binary))
	if !(sd >= sqrtEps) || math.IsInf(sd, 0) {
		sd = pooledSD(xx, bal.treated, binary)
	}
	if !binary {
		bal.sortOrder(xx)
	}
	before = bal.row(name, binary, sd, all, nil)
	if bal.weights != nil {
		after = bal.row(name, binary, sd, groupMoments(xx, bal.treated, bal.weights), bal.weights)
	}
	return before, after
}

// row is MatchIt's bal1var for one variable and one set of weights (nil:
// 1), given the groups' moments under them.
func (bal *balancer) row(name string, binary bool, sd float64, m [2]moments, w []float64) BalanceRow {
	r := BalanceRow{Name: name, Binary: binary, VarRatio: math.NaN(), ECDFMean: math.NaN(), ECDFMax: math.NaN()}
	r.MeanTreated, r.MeanControl = m[0].mean(), m[1].mean()
	mdiff := r.MeanTreated - r.MeanControl
	tooSmall := m[0].positive < 2 && m[1].positive < 2
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
		r.VarRatio = m[0].variance(false) / m[1].variance(false)
		r.ECDFMean, r.ECDFMax = bal.ecdf(w, m[0].sw, m[1].sw)
	}
	for _, v := range []*float64{&r.MeanTreated, &r.MeanControl, &r.SMD, &r.SMDCobalt, &r.VarRatio, &r.ECDFMean, &r.ECDFMax} {
		if math.IsInf(*v, 0) {
			*v = math.NaN()
		}
	}
	return r
}

// moments are one group's weighted sums: of the weights, their squares,
// the weighted values and squared deviations from the weighted mean, and
// the number of positive weights.
type moments struct {
	sw, sw2, swx, ss float64
	positive         int
}

func (m *moments) mean() float64 { return m.swx / m.sw }

// variance is MatchIt's wvar: with w normalised to sum 1 and m its
// weighted mean, m(1-m) for a binary variable, else
// sum(w (x-m)^2)/(1-sum(w^2)) (the sample variance when w is constant).
func (m *moments) variance(binary bool) float64 {
	if binary {
		mu := m.mean()
		return mu * (1 - mu)
	}
	return (m.ss / m.sw) / (1 - m.sw2/(m.sw*m.sw))
}

// groupMoments returns the moments of the treated rows ([0]) and the
// control rows ([1]) under the weights w (nil: 1), in two passes.
func groupMoments(x []float64, treated []bool, w []float64) [2]moments {
	var m [2]moments
	for i, t := range treated {
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		g := &m[group(t)]
		g.sw += wi
		g.sw2 += wi * wi
		g.swx += wi * x[i]
		if wi != 0 {
			g.positive++
		}
	}
	mean := [2]float64{m[0].mean(), m[1].mean()}
	for i, t := range treated {
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		g := group(t)
		d := x[i] - mean[g]
		m[g].ss += wi * d * d
	}
	return m
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

// ecdf is MatchIt's qqsum(standardize = TRUE): the weights (nil: 1)
// normalised within each group (s1 and s0 are the groups' sums), the
// signed cumulative sum of the weights in the order of x, read at the
// last row of each distinct value; the mean and the largest of its
// absolute values. It reads the order sortOrder left; only rows flagged
// with a positive weight are looked up, so that a pool of millions with
// a few thousand matched costs few random reads.
func (bal *balancer) ecdf(w []float64, s1, s0 float64) (mean, maxDiff float64) {
	rows := bal.sorted
	first := rows[0].row & treatedBit // R negates the group of the smallest value
	var cum, sum float64
	count := 0
	for k, kr := range rows {
		if o := kr.row; w == nil || o&positiveBit != 0 {
			wi := 1.0
			if w != nil {
				wi = w[o&rowMask]
			}
			if o&treatedBit != 0 {
				wi /= s1
			} else {
				wi /= s0
			}
			if o&treatedBit == first {
				wi = -wi
			}
			cum += wi
		}
		if k == len(rows)-1 || rows[k+1].key != kr.key {
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
			smd = append(smd, fmt.Sprintf("%s (%s)", r.Name, beyond(r.SMD, -SMDThreshold, SMDThreshold)))
		}
		if r.VarRatio < VarRatioLow || r.VarRatio > VarRatioHigh {
			vr = append(vr, fmt.Sprintf("%s (%s)", r.Name, beyond(r.VarRatio, VarRatioLow, VarRatioHigh)))
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

// beyond formats x, which is outside [lo, hi], with 2 decimals or as
// many more as it takes to read as outside: 0.1003 is "0.1003", not "0.10".
func beyond(x, lo, hi float64) string {
	for d := 2; d < 8; d++ {
		v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', d, 64), 64)
		if v < lo || v > hi {
			return strconv.FormatFloat(x, 'f', d, 64)
		}
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}
