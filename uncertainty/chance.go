package uncertainty

import (
	"math"

	"github.com/sib-engine/sib/scenario"
)

// A Group is one cohort as an evaluation measures it: its treated
// participants (rounded to whole people, as Measurement does) and its
// true effect.
type Group struct {
	N, Effect float64
}

// PassChance returns the exact probability that the effect measured
// under design d (baseline base) on groups passes: pass is the
// contract's test of a measured effect, which must pass for an effect if
// it passes for any lower one (a threshold or a first tier). One group
// is a cohort's test, several the pooled test (the pooled results of the
// groups, as Measurement pools them).
//
// Binomial and Poisson designs are summed exactly: the treated total T
// is the convolution of the groups' binomials (a Poisson of the summed
// means; with a Dispersion φ > 1, a negative binomial of variance φ
// times the mean), the comparison total Y a binomial (Poisson) at the baseline on
// the comparison group, and P = Σ_y P(Y = y) · P(T on the passing side
// of its boundary given y), the boundary found by bisection on the same
// measured effect (rounded to 12 decimals) that Measurement computes, so
// that a measured effect exactly at a threshold counts as Measurement
// counts it. Terms below 1e-17 of the comparison's tail are left out. A
// normal design gives 1 − Φ((boundary − μ)/se), the boundary found by
// bisection to 1e-12, μ the participant-weighted true effect and se the
// design's standard error SD·√(1/N_T + 1/N_C).
func PassChance(d *scenario.Design, base float64, groups []Group, pass func(e float64) bool) float64 {
	var nT, nC float64
	for _, g := range groups {
		n := math.Round(g.N)
		if !(n >= 1) {
			continue
		}
		nT += n
		if !d.Fixed {
			nC += d.ComparisonN(n)
		}
	}
	if nT == 0 {
		return math.NaN()
	}
	if d.Sampling == scenario.Normal {
		return normalChance(d, base, groups, nT, nC, pass)
	}
	tpmf := newSideMasses(treatedPMF(d, base, groups))
	// cdfPass(y) is P(T passes | comparison level y/nC).
	passAt := func(yc float64) float64 {
		ok := func(t int) bool { return pass(measuredEffect(d, float64(t)/nT, yc)) }
		// Lower is better: small T passes; higher: large T passes.
		return tpmf.sideMass(ok, d.Higher)
	}
	if d.Fixed {
		return min(passAt(base), 1)
	}
	var p float64
	if d.Sampling == scenario.Binomial {
		N := int64(nC)
		for y := int64(0); y <= N; y++ {
			if w := binomPMF(y, N, base); w > 0 {
				p += w * passAt(float64(y)/nC)
			}
		}
		return min(p, 1)
	}
	mu := nC * base
	if !(mu > 0) {
		return min(passAt(0), 1)
	}
	for y, w := range countPMF(mu, d.Dispersion) {
		p += w * passAt(float64(y)/nC)
	}
	return min(p, 1)
}

// countPMF is the pmf of a count of mean mu > 0: Poisson, or negative
// binomial with variance phi·mu when phi > 1, its upper tail left out
// beyond 40 standard deviations (and 40) and, for a negative binomial,
// beyond where what is left is below 1e-17: a small mean with a large
// dispersion has a tail much longer than 40 standard deviations (μ = 1,
// φ = 1000: 1.3e-4 of the mass beyond them).
func countPMF(mu, phi float64) []float64 {
	phi = max(phi, 1)
	hi := int64(mu + 40*math.Sqrt(phi*mu) + 40)
	pmf := make([]float64, hi+1)
	if phi == 1 {
		for k := range pmf {
			pmf[k] = math.Exp(logPois(int64(k), mu))
		}
		return pmf
	}
	r, lq, lp := nbParams(mu, phi)
	for k := range pmf {
		pmf[k] = math.Exp(logNegBin(int64(k), r, lq, lp))
	}
	// Past the mode (below hi) the ratio P(k+1)/P(k) = (k+r)/(k+1)·(1−1/φ)
	// falls towards 1−1/φ when r > 1 and rises towards it when r ≤ 1, so
	// the tail after k is at most P(k)·ρ/(1−ρ), ρ the larger of the two.
	q := 1 - 1/phi
	for k := hi; ; k++ {
		rho := max((float64(k)+r)/float64(k+1)*q, q)
		if !(rho < 1) || !(pmf[k]*rho/(1-rho) >= 1e-17) {
			break
		}
		pmf = append(pmf, math.Exp(logNegBin(k+1, r, lq, lp)))
	}
	return pmf
}

// sideMasses holds a pmf and its running sums, for sideMass: below[k] is
// the mass of 0..k summed upwards, above[k] the mass of k..n−1 summed
// downwards, so that each comparison count costs a bisection rather than
// a sum over the treated counts (tens of thousands with a heavy tail).
type sideMasses struct {
	pmf, below, above []float64
}

func newSideMasses(pmf []float64) *sideMasses {
	n := len(pmf)
	sm := &sideMasses{pmf: pmf, below: make([]float64, n), above: make([]float64, n)}
	var s float64
	for t, p := range pmf {
		s += p
		sm.below[t] = s
	}
	s = 0
	for t := n - 1; t >= 0; t-- {
		s += pmf[t]
		sm.above[t] = s
	}
	return sm
}

// sideMass is the probability mass of the counts t that pass (ok): the
// counts up to the boundary when lower is better, from it when higher,
// the boundary found by bisection (ok is monotone in t).
func (sm *sideMasses) sideMass(ok func(int) bool, higher bool) float64 {
	n := len(sm.pmf)
	if !higher {
		// The largest t that passes: ok(0..k) true.
		if !ok(0) {
			return 0
		}
		lo, hi := 0, n-1
		for lo < hi {
			mid := (lo + hi + 1) / 2
			if ok(mid) {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		return sm.below[lo]
	}
	if !ok(n - 1) {
		return 0
	}
	lo, hi := 0, n-1 // the first t that passes
	for lo < hi {
		mid := (lo + hi) / 2
		if ok(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return sm.above[lo]
}

// treatedPMF is the distribution of the groups' treated total: the
// convolution of their binomials, or one Poisson (negative binomial, with
// a Dispersion) of the summed means (countPMF).
func treatedPMF(d *scenario.Design, base float64, groups []Group) []float64 {
	if d.Sampling == scenario.Poisson {
		var mu float64
		for _, g := range groups {
			if n := math.Round(g.N); n >= 1 {
				mu += n * level(d, base, g.Effect)
			}
		}
		if !(mu > 0) {
			return []float64{1}
		}
		return countPMF(mu, d.Dispersion)
	}
	pmf := []float64{1}
	for _, g := range groups {
		n := int64(math.Round(g.N))
		if n < 1 {
			continue
		}
		r := level(d, base, g.Effect)
		one := make([]float64, n+1)
		for k := range one {
			one[k] = binomPMF(int64(k), n, r)
		}
		next := make([]float64, len(pmf)+len(one)-1)
		for i, a := range pmf {
			if a == 0 {
				continue
			}
			for j, b := range one {
				next[i+j] += a * b
			}
		}
		pmf = next
	}
	return pmf
}

// binomPMF is P(X = k) for X ~ Binomial(n, p), p in [0, 1].
func binomPMF(k, n int64, p float64) float64 {
	switch {
	case p <= 0:
		if k == 0 {
			return 1
		}
		return 0
	case p >= 1:
		if k == n {
			return 1
		}
		return 0
	}
	return math.Exp(logBinom(k, n, p))
}

// normalChance is PassChance for a normal design.
func normalChance(d *scenario.Design, base float64, groups []Group, nT, nC float64, pass func(float64) bool) float64 {
	var mu float64
	for _, g := range groups {
		if n := math.Round(g.N); n >= 1 {
			mu += n * g.Effect
		}
	}
	mu /= nT
	se := d.SD * math.Sqrt(1/nT+1/max(nC, 1))
	if d.Fixed {
		se = d.SD / math.Sqrt(nT)
	}
	// The boundary: the lowest effect that passes, by bisection.
	lo, hi := mu-60*se-1, mu+60*se+1
	if pass(lo) {
		return 1
	}
	if !pass(hi) {
		return 0
	}
	for range 200 {
		mid := (lo + hi) / 2
		if pass(mid) {
			hi = mid
		} else {
			lo = mid
		}
		if hi-lo <= 1e-12*max(1, math.Abs(hi)) {
			break
		}
	}
	return 0.5 * math.Erfc((hi-mu)/se/math.Sqrt2)
}
