package outcomes

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/sib-engine/sib/internal/root"
)

// Design describes a planned comparison of a treatment group (n1) with a
// comparison group (n2), for the design questions asked before a contract
// is signed: the minimum detectable effect of given group sizes, and the
// group size a given effect needs.
type Design struct {
	Kind      Kind
	Direction Direction // the better direction, in which effects are sought
	// Baseline is the comparison group's rate (binary) or events per
	// participant (count).
	Baseline float64
	// SD is the standard deviation of a duration or continuous metric.
	SD float64
	// Dispersion is a count's variance over its mean, φ (the
	// quasi-Poisson dispersion Estimate reports): 0 or 1 is Poisson; above
	// 1 every variance of the count formula is φ times the Poisson one.
	Dispersion float64
	Confidence float64 // 1 − α; 0 means 0.95
	Power      float64 // 1 − β; 0 means 0.8
	OneSided   bool
}

// ErrNoSolution is returned when no effect or group size reaches the power.
var ErrNoSolution = errors.New("outcomes: no solution")

func (d Design) withDefaults() (Design, error) {
	if d.Confidence == 0 {
		d.Confidence = 0.95
	}
	if d.Power == 0 {
		d.Power = 0.8
	}
	switch {
	case !(d.Confidence > 0 && d.Confidence < 1):
		return d, fmt.Errorf("%w: confidence %v: expected a level between 0 and 1", ErrRange, d.Confidence)
	case !(d.Power > 0 && d.Power < 1):
		return d, fmt.Errorf("%w: power %v: expected a probability between 0 and 1", ErrRange, d.Power)
	case d.Kind == Binary && !(d.Baseline > 0 && d.Baseline < 1):
		return d, fmt.Errorf("%w: baseline rate %v: expected a rate strictly between 0 and 1", ErrRange, d.Baseline)
	case d.Kind == Count && !(d.Baseline > 0 && d.Baseline < 1e12):
		return d, fmt.Errorf("%w: baseline %v: expected a positive number of events per participant", ErrRange, d.Baseline)
	case d.Dispersion != 0 && (d.Kind != Count || !(d.Dispersion >= 1 && d.Dispersion <= 1e3)):
		return d, fmt.Errorf("%w: dispersion %v: expected a count's variance over its mean, from 1 (Poisson) to 1000", ErrRange, d.Dispersion)
	case (d.Kind == Duration || d.Kind == Continuous) && !(d.SD > 0 && d.SD < 1e300):
		return d, fmt.Errorf("%w: standard deviation %v: expected a positive number", ErrRange, d.SD)
	}
	return d, nil
}

func (d Design) alpha() float64 {
	a := 1 - d.Confidence
	if !d.OneSided {
		a /= 2
	}
	return a
}

// PowerAt returns the power to detect an improvement of effect (> 0) with
// group sizes n1 (treatment) and n2 (comparison), as R's power.prop.test
// and power.t.test compute it (one tail only, strict = FALSE) for equal
// groups, and their natural generalisations for unequal ones (see
// docs/outcomes.md).
func (d Design) PowerAt(effect, n1, n2 float64) (float64, error) {
	d, err := d.withDefaults()
	if err != nil {
		return 0, err
	}
	if !(n1 >= 2 && n2 >= 2) {
		return 0, fmt.Errorf("%w: group sizes %v and %v: expected at least 2", ErrRange, n1, n2)
	}
	if !(effect > 0) {
		return 0, fmt.Errorf("%w: effect %v: expected a positive improvement", ErrRange, effect)
	}
	return d.power(effect, n1, n2), nil
}

// power is PowerAt without the checks. A changed level outside its range
// (a rate below 0) gives NaN.
func (d Design) power(e, n1, n2 float64) float64 {
	a := d.alpha()
	switch d.Kind {
	case Binary, Count:
		l0 := d.Baseline
		l1 := l0 + d.Direction.sign()*e
		if l1 < 0 || (d.Kind == Binary && l1 > 1) {
			return math.NaN()
		}
		bar := (n1*l1 + n2*l0) / (n1 + n2)
		v0, v1, vbar := l0, l1, bar
		if d.Kind == Binary {
			v0, v1, vbar = l0*(1-l0), l1*(1-l1), bar*(1-bar)
		} else if d.Dispersion > 1 {
			v0, v1, vbar = d.Dispersion*v0, d.Dispersion*v1, d.Dispersion*vbar
		}
		z := stdNormal.Quantile(1 - a)
		return stdNormal.CDF((e - z*math.Sqrt(vbar*(1/n1+1/n2))) / math.Sqrt(v1/n1+v0/n2))
	}
	df := n1 + n2 - 2
	q := tQuantileP(1-a, df)
	ncp := e / (d.SD * math.Sqrt(1/n1+1/n2))
	if df > largeDF {
		// The noncentral t's normal approximation (Johnson and Welch
		// 1940), error O(df⁻²), where gonum's series loses accuracy.
		return stdNormal.CDF((ncp - q*(1-1/(4*df))) / math.Sqrt(1+q*q/(2*df)))
	}
	return 1 - distuv.NoncentralT{Nu: df, Mu: ncp}.CDF(q)
}

// MDE returns the minimum detectable effect (an improvement, > 0) of group
// sizes n1 and n2.
func (d Design) MDE(n1, n2 float64) (float64, error) {
	d, err := d.withDefaults()
	if err != nil {
		return 0, err
	}
	if !(n1 >= 2 && n2 >= 2) || n1 > 1e12 || n2 > 1e12 {
		return 0, fmt.Errorf("%w: group sizes %v and %v: expected 2 to 10^12", ErrRange, n1, n2)
	}
	f := func(e float64) float64 { return d.power(e, n1, n2) - d.Power }
	// The largest effect the level allows: down to a rate of 0, up to 1.
	hi := math.Inf(1)
	switch {
	case d.Kind == Binary && d.Direction == HigherIsBetter:
		hi = 1 - d.Baseline
	case d.Kind == Binary || d.Kind == Count && d.Direction == LowerIsBetter:
		hi = d.Baseline
	}
	if math.IsInf(hi, 1) {
		hi = d.scale()
		for f(hi) < 0 && hi < 1e300 {
			hi *= 2
		}
	} else {
		limit := d.Baseline + d.Direction.sign()*hi
		hi *= 1 - 1e-12
		if f(hi) < 0 {
			return 0, fmt.Errorf("%w: even the largest possible change, to %g, has power %.3g < %g with these group sizes", ErrNoSolution, limit, d.power(hi, n1, n2), d.Power)
		}
	}
	lo := hi * 1e-12
	if f(lo) > 0 {
		// Only when the power asked for is below the test's own level.
		return 0, fmt.Errorf("%w: power %g is reached by any effect: ask for more power", ErrNoSolution, d.Power)
	}
	e, err := root.Brent(f, lo, hi, 1e-14*hi)
	if err != nil {
		return 0, fmt.Errorf("%w: %v", ErrNoSolution, err)
	}
	return e, nil
}

// scale is a natural unit for the effect, to start a bracket.
func (d Design) scale() float64 {
	if d.Kind == Duration || d.Kind == Continuous {
		return d.SD
	}
	return d.Baseline
}

// SampleSize returns the treatment group's size n1 (unrounded) that
// detects effect with the comparison group ratio times as large (1 for
// equal groups).
func (d Design) SampleSize(effect, ratio float64) (float64, error) {
	d, err := d.withDefaults()
	if err != nil {
		return 0, err
	}
	if !(ratio > 0 && ratio < 1e6) {
		return 0, fmt.Errorf("%w: group ratio %v: expected a positive number", ErrRange, ratio)
	}
	if !(effect > 0) || math.IsInf(effect, 0) {
		return 0, fmt.Errorf("%w: effect %v: expected a positive improvement", ErrRange, effect)
	}
	if math.IsNaN(d.power(effect, 2, 2*ratio)) {
		return 0, fmt.Errorf("%w: the level %g %s by %g leaves the range of a %s metric", ErrRange, d.Baseline, map[Direction]string{LowerIsBetter: "lowered", HigherIsBetter: "raised"}[d.Direction], effect, d.Kind)
	}
	f := func(n float64) float64 { return d.power(effect, n, n*ratio) - d.Power }
	lo, hi := 2/math.Min(ratio, 1), 1e12
	if f(lo) > 0 {
		return lo, nil
	}
	if f(hi) < 0 {
		return 0, fmt.Errorf("%w: the effect is too small to detect with fewer than 10^12 participants", ErrNoSolution)
	}
	n, err := root.Brent(f, lo, hi, 1e-10)
	if err != nil {
		return 0, fmt.Errorf("%w: %v", ErrNoSolution, err)
	}
	return n, nil
}
