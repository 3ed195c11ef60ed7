package scenario

import (
	"math"

	"github.com/sib-engine/sib/outcomes"
)

// Sampling is how an evaluator's results on a metric vary from one
// finite cohort to another.
type Sampling uint8

// Samplings.
const (
	// NoDesign: the evaluation design is not known; the contract reads
	// the true effect.
	NoDesign Sampling = iota
	// Binomial: a share of participants (reoffended within 12 months):
	// the count of the n who have the outcome is Binomial(n, rate).
	Binomial
	// Poisson: a count per participant (reconvictions a year): the n
	// participants' total is Poisson(n × rate).
	Poisson
	// Normal: a duration or amount with a per-person standard deviation
	// SD: the group's mean is Normal(level, SD²/n).
	Normal
)

var samplingNames = [...]string{"", "binomial", "poisson", "normal"}

func (s Sampling) String() string {
	if int(s) < len(samplingNames) {
		return samplingNames[s]
	}
	return "unknown"
}

// Design is a metric's evaluation design: how its effect is measured
// from each cohort's participants and a comparison group. The contract's
// tests, tiers and prices read the measured effect; a Monte Carlo with
// measurement noise draws it around the true effect from the design
// (package uncertainty).
type Design struct {
	Sampling Sampling
	// Higher is true when a higher level is better (the effect is
	// treated − comparison); else it is comparison − treated.
	Higher bool
	// Baseline is the comparison group's level, the control rate: a
	// share (Binomial), outcomes per participant (Poisson) or a mean
	// (Normal). The metric's Baseline parameter, when it has one, takes
	// its place.
	Baseline float64
	// Fixed: the baseline is contractual, not measured: no comparison
	// group is sampled.
	Fixed bool
	// ComparisonRatio is the comparison group's size per treated
	// participant: a cohort of n is compared with round(ratio × n).
	ComparisonRatio float64
	// SD is the per-person standard deviation of a Normal metric, the
	// same in both groups.
	SD float64
	// Source says where the design came from.
	Source string
}

// SE returns the design's standard error of the effect measured on nT
// treated participants with treated level t and a comparison group of
// nC at level c (nC is not read for a Fixed baseline): for a share
// √(t(1−t)/nT + c(1−c)/nC), for a count √(t/nT + c/nC), for a
// Normal metric SD·√(1/nT + 1/nC), the formulas of package outcomes.
func (d *Design) SE(nT, t, nC, c float64) float64 {
	var vt, vc float64
	switch d.Sampling {
	case Binomial:
		vt, vc = t*(1-t)/nT, c*(1-c)/nC
	case Poisson:
		vt, vc = t/nT, c/nC
	case Normal:
		vt, vc = d.SD*d.SD/nT, d.SD*d.SD/nC
	default:
		return math.NaN()
	}
	if d.Fixed {
		vc = 0
	}
	return math.Sqrt(vt + vc)
}

// StudyDesign returns the evaluation design of an outcomes study's pooled
// effect x: the sampling of its kind (binary: binomial, count: Poisson,
// a duration or continuous value: normal), the comparison group's
// baseline and its size per treated participant, and for a normal metric
// the per-person SD for which the design's standard error at the study's
// sizes is the study's. A trend or difference-in-differences estimate
// (a model of the comparison) is taken as normal with that SD, so its
// standard error is the study's too. ok is false when the effect gives
// no design (no treated participants, or no standard error).
func StudyDesign(x outcomes.Effect, source string) (d Design, ok bool) {
	nT, nB := float64(x.NTreatment), float64(x.NBaseline)
	if !(nT > 0) || !(x.SE > 0) || math.IsInf(x.SE, 0) {
		return d, false
	}
	d = Design{Higher: x.Direction == outcomes.HigherIsBetter, Baseline: x.Baseline, Source: source}
	switch x.Method {
	case outcomes.Fixed:
		d.Fixed = true
	case outcomes.Comparison, outcomes.Historical:
		if !(nB > 0) {
			return d, false
		}
		d.ComparisonRatio = nB / nT
	default:
		// A trend or DiD: normal, with the study's standard error.
		d.Sampling, d.ComparisonRatio = Normal, max(nB/nT, 1)
		d.SD = x.SE / math.Sqrt(1/nT+1/(d.ComparisonRatio*nT))
		return d, true
	}
	switch x.Kind {
	case outcomes.Binary:
		d.Sampling = Binomial
	case outcomes.Count:
		d.Sampling = Poisson
	default:
		d.Sampling = Normal
		if d.Fixed {
			d.SD = x.SE * math.Sqrt(nT)
		} else {
			d.SD = x.SE / math.Sqrt(1/nT+1/nB)
		}
	}
	return d, true
}
