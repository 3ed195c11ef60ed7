package outcomes

import (
	"math"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// This file holds the distributions and exact tests the estimators use,
// written to give the same numbers as the R functions named beside them.

var stdNormal = distuv.UnitNormal

// zQuantile returns the standard normal quantile at 1 − alpha/2.
func zQuantile(conf float64) float64 { return stdNormal.Quantile(1 - (1-conf)/2) }

// tQuantile returns the t quantile at 1 − alpha/2 with df degrees of
// freedom (the normal quantile for infinite df).
func tQuantile(conf, df float64) float64 {
	return tQuantileP(1-(1-conf)/2, df)
}

// largeDF is where the t distribution is computed from the normal by an
// expansion in 1/df: gonum's incomplete beta loses accuracy beyond it
// (1e-7 relative at 1e9 degrees of freedom), the expansion gains it.
const largeDF = 1e6

// tQuantileP returns the p-quantile of the t distribution.
func tQuantileP(p, df float64) float64 {
	if df > largeDF {
		// Cornish-Fisher (Abramowitz and Stegun 26.7.5), error O(df⁻³).
		z := stdNormal.Quantile(p)
		z2 := z * z
		return z + z*(z2+1)/(4*df) + z*(5*z2*z2+16*z2+3)/(96*df*df)
	}
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(p)
}

// tCDF returns P(T ≤ t) for the t distribution.
func tCDF(t, df float64) float64 {
	if df > largeDF {
		// Abramowitz and Stegun 26.7.8, error O(df⁻²).
		return stdNormal.CDF(t * (1 - 1/(4*df)) / math.Sqrt(1+t*t/(2*df)))
	}
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.CDF(t)
}

// twoSidedP returns the two-sided p-value of statistic s with df degrees of
// freedom (normal for infinite df).
func twoSidedP(s, df float64) float64 {
	a := -math.Abs(s)
	if math.IsInf(df, 1) {
		return 2 * stdNormal.CDF(a)
	}
	return 2 * tCDF(a, df)
}

// wilson returns the Wilson score interval for x events in n trials
// (R prop.test(x, n, correct = FALSE)$conf.int).
func wilson(x, n int64, z float64) (lo, hi float64) {
	fn := float64(n)
	p := float64(x) / fn
	z22n := z * z / (2 * fn)
	w := z * math.Sqrt(p*(1-p)/fn+z22n/(2*fn))
	lo, hi = 0, 1
	if x > 0 {
		lo = (p + z22n - w) / (1 + 2*z22n)
	}
	if x < n {
		hi = (p + z22n + w) / (1 + 2*z22n)
	}
	return lo, hi
}

// newcombe returns Newcombe's hybrid score interval (1998, method 10) for
// p1 − p2.
func newcombe(x1, n1, x2, n2 int64, z float64) (lo, hi float64) {
	p1, p2 := float64(x1)/float64(n1), float64(x2)/float64(n2)
	l1, u1 := wilson(x1, n1, z)
	l2, u2 := wilson(x2, n2, z)
	d := p1 - p2
	return d - math.Hypot(p1-l1, u2-p2), d + math.Hypot(u1-p1, p2-l2)
}

// logBinomPMF returns log P(X = k) for X ~ Binomial(n, p), 0 < p < 1.
func logBinomPMF(k, n int64, p float64) float64 {
	lc, _ := math.Lgamma(float64(n) + 1)
	lk, _ := math.Lgamma(float64(k) + 1)
	lnk, _ := math.Lgamma(float64(n-k) + 1)
	return lc - lk - lnk + float64(k)*math.Log(p) + float64(n-k)*math.Log1p(-p)
}

// binomCDF returns P(X ≤ k) for X ~ Binomial(n, p).
func binomCDF(k, n int64, p float64) float64 {
	switch {
	case k < 0:
		return 0
	case k >= n:
		return 1
	}
	return mathext.RegIncBeta(float64(n-k), float64(k+1), 1-p)
}

// binomUpper returns P(X > k) for X ~ Binomial(n, p).
func binomUpper(k, n int64, p float64) float64 {
	switch {
	case k < 0:
		return 1
	case k >= n:
		return 0
	}
	return mathext.RegIncBeta(float64(k+1), float64(n-k), p)
}

// binomTestP returns the exact two-sided p-value of x successes in n
// trials under success probability p, summing the probabilities of the
// outcomes no more likely than x (R binom.test).
func binomTestP(x, n int64, p float64) float64 {
	if n == 0 {
		return 1
	}
	if p <= 0 || p >= 1 {
		if (p <= 0 && x == 0) || (p >= 1 && x == n) {
			return 1
		}
		return 0
	}
	const relErr = 1 + 1e-7
	ld := logBinomPMF(x, n, p) + math.Log(relErr)
	m := float64(n) * p
	pmfLE := func(i int64) bool { return logBinomPMF(i, n, p) <= ld }
	var pv float64
	switch {
	case float64(x) == m:
		return 1
	case float64(x) < m:
		// The pmf falls from ceil(m) on: count the i in [ceil(m), n] at
		// most as likely as x by bisection.
		lo := int64(math.Ceil(m))
		first := firstTrue(lo, n, pmfLE) // first i with pmf(i) ≤ d
		y := n - first + 1
		pv = binomCDF(x, n, p) + binomUpper(n-y, n, p)
	default:
		// The pmf rises up to floor(m): count the i in [0, floor(m)].
		hi := int64(math.Floor(m))
		last := lastTrue(0, hi, pmfLE)
		y := last + 1
		pv = binomCDF(y-1, n, p) + binomUpper(x-1, n, p)
	}
	return math.Min(1, pv)
}

// firstTrue returns the first i in [lo, hi] with f(i), for f false then
// true, or hi + 1 when there is none.
func firstTrue(lo, hi int64, f func(int64) bool) int64 {
	a, b := lo, hi+1
	for a < b {
		mid := a + (b-a)/2
		if f(mid) {
			b = mid
		} else {
			a = mid + 1
		}
	}
	return a
}

// lastTrue returns the last i in [lo, hi] with f(i), for f true then
// false, or lo − 1 when there is none.
func lastTrue(lo, hi int64, f func(int64) bool) int64 {
	a, b := lo, hi+1
	for a < b {
		mid := a + (b-a)/2
		if f(mid) {
			a = mid + 1
		} else {
			b = mid
		}
	}
	return a - 1
}

// logPoisPMF returns log P(X = k) for X ~ Poisson(m), m > 0.
func logPoisPMF(k int64, m float64) float64 {
	lk, _ := math.Lgamma(float64(k) + 1)
	return float64(k)*math.Log(m) - m - lk
}

// poisCDF returns P(X ≤ k) for X ~ Poisson(m).
func poisCDF(k int64, m float64) float64 {
	if k < 0 {
		return 0
	}
	return mathext.GammaIncRegComp(float64(k+1), m)
}

// poisUpper returns P(X > k).
func poisUpper(k int64, m float64) float64 {
	if k < 0 {
		return 1
	}
	return mathext.GammaIncReg(float64(k+1), m)
}

// poissonTestP returns the exact two-sided p-value of x events when m are
// expected (R poisson.test(x, T, r) with m = r·T).
func poissonTestP(x int64, m float64) float64 {
	if m == 0 {
		if x == 0 {
			return 1
		}
		return 0
	}
	if m > 1e15 {
		// Beyond int64 walking room, and where the normal limit is exact
		// to far more digits than matter.
		return 2 * stdNormal.CDF(-math.Abs(float64(x)-m)/math.Sqrt(m))
	}
	const relErr = 1 + 1e-7
	ld := logPoisPMF(x, m) + math.Log(relErr)
	le := func(i int64) bool { return logPoisPMF(i, m) <= ld }
	var pv float64
	switch {
	case float64(x) == m:
		return 1
	case float64(x) < m:
		// R walks to an N with pmf(N) ≤ d, then counts the i in
		// [ceil(m), N] at most as likely as x: N − y is the last i that is
		// more likely.
		start := int64(math.Ceil(m))
		n := max(int64(math.Ceil(2*m-float64(x))), start)
		for !le(n) && n < 1<<52 {
			n *= 2
		}
		first := firstTrue(start, n, le)
		pv = poisCDF(x, m) + poisUpper(first-1, m)
	default:
		last := lastTrue(0, int64(math.Floor(m)), le)
		pv = poisCDF(last, m) + poisUpper(x-1, m)
	}
	return math.Min(1, pv)
}

// clopperPearson returns the exact interval for a binomial proportion
// (R binom.test(x, n)$conf.int).
func clopperPearson(x, n int64, conf float64) (lo, hi float64) {
	a := (1 - conf) / 2
	lo, hi = 0, 1
	if x > 0 {
		lo = mathext.InvRegIncBeta(float64(x), float64(n-x+1), a)
	}
	if x < n {
		hi = mathext.InvRegIncBeta(float64(x+1), float64(n-x), 1-a)
	}
	return lo, hi
}

// poissonExact returns the exact interval for a Poisson mean given x
// events (R poisson.test(x)$conf.int).
func poissonExact(x int64, conf float64) (lo, hi float64) {
	a := (1 - conf) / 2
	if x > 0 {
		lo = mathext.GammaIncRegInv(float64(x), a)
	}
	hi = mathext.GammaIncRegInv(float64(x+1), 1-a)
	return lo, hi
}
