package scenario

import (
	"math"
	"strings"

	"github.com/sib-engine/sib/internal/csvio"
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
	// ComparisonSize, when above 0, is instead each cohort's comparison
	// group, whatever its size.
	ComparisonRatio, ComparisonSize float64
	// SD is the per-person standard deviation of a Normal metric, the
	// same in both groups.
	SD float64
	// Dispersion is a Poisson metric's variance over its mean, φ, the
	// dispersion a quasi-Poisson model estimates: 0 or 1 is Poisson; above
	// 1, a group's total of mean μ is negative binomial with variance φμ
	// (participants' counts that vary more than a Poisson's, as repeat
	// offending does).
	Dispersion float64
	// Source says where the design came from.
	Source string
}

// ComparisonN returns the comparison group's size for a cohort of n
// treated participants: ComparisonSize, or round(ComparisonRatio × n),
// at least 1; 0 for a Fixed baseline.
func (d *Design) ComparisonN(n float64) float64 {
	switch {
	case d.Fixed:
		return 0
	case d.ComparisonSize > 0:
		return d.ComparisonSize
	}
	return max(math.Round(d.ComparisonRatio*n), 1)
}

// SE returns the design's standard error of the effect measured on nT
// treated participants with treated level t and a comparison group of
// nC at level c (nC is not read for a Fixed baseline): for a share
// √(t(1−t)/nT + c(1−c)/nC), for a count √(φ(t/nT + c/nC)) (φ the
// Dispersion, at least 1), for a
// Normal metric SD·√(1/nT + 1/nC), the formulas of package outcomes.
func (d *Design) SE(nT, t, nC, c float64) float64 {
	var vt, vc float64
	switch d.Sampling {
	case Binomial:
		vt, vc = t*(1-t)/nT, c*(1-c)/nC
	case Poisson:
		phi := max(d.Dispersion, 1)
		vt, vc = phi*t/nT, phi*c/nC
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
// or negative binomial at the study's dispersion when it is above 1; a
// duration or continuous value: normal), the comparison group's
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
		if x.Dispersion > 1 { // NaN (not known) and at most 1 stay Poisson
			d.Dispersion = x.Dispersion
		}
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

// DesignFile gives metrics' evaluation designs (optional): a metric a
// row, in place of the outcomes folder's.
const DesignFile = "design.csv"

// design.csv: a metric's evaluation design a row.
const (
	desMetric = iota
	desSampling
	desDirection
	desBaseline
	desComparisonSize
	desComparisonRatio
	desSD
	desDispersion
)

var designCols = []csvio.Column{
	desMetric:          {Name: "metric", Required: true},
	desSampling:        {Name: "sampling", Required: true},
	desDirection:       {Name: "direction"},
	desBaseline:        {Name: "baseline"},
	desComparisonSize:  {Name: "comparison_size"},
	desComparisonRatio: {Name: "comparison_ratio"},
	desSD:              {Name: "sd"},
	desDispersion:      {Name: "dispersion"},
}

// designFile reads design.csv: for a metric of metrics.csv, its sampling
// (binomial, poisson or normal), direction (lower, the default, or
// higher is better), the comparison group's level (baseline; else the
// metric's baseline parameter), the comparison group's size for each
// cohort (comparison_size) or per treated participant
// (comparison_ratio), neither for a contractual baseline that no
// comparison group measures, a normal metric's per-person SD, and a
// poisson metric's dispersion (its variance over its mean, 1 if empty).
func (l *loader) designFile(cr *csvio.Reader) error {
	seen := map[int]bool{}
	for cr.Next() {
		name, err := cr.String(desMetric, "a metric name")
		if err != nil {
			return err
		}
		mi := l.metricIndex(name)
		switch {
		case mi < 0:
			return cr.Errorf(desMetric, "%w: metric %q is not in %s", ErrUnknown, name, MetricsFile)
		case seen[mi]:
			return cr.Errorf(desMetric, "%w: metric %s has a design already", ErrInput, name)
		}
		seen[mi] = true
		d, err := readDesign(cr)
		if err != nil {
			return err
		}
		m := &l.s.Metrics[mi]
		switch {
		case d.Baseline < 0 && m.Baseline == 0:
			return cr.Errorf(desBaseline, "%w: metric %s has no baseline in %s: give the comparison group's level here", csvio.ErrEmpty, name, MetricsFile)
		case d.Baseline >= 0 && m.Baseline != 0:
			return cr.Errorf(desBaseline, "%w: metric %s has a baseline in %s, which the design measures against; leave baseline empty here", ErrInput, name, MetricsFile)
		}
		d.Baseline = max(d.Baseline, 0)
		d.Source = DesignFile
		m.Design = d
	}
	return cr.Err()
}

// readDesign reads a design.csv row's design; Baseline is −1 when the
// row gives none.
func readDesign(cr *csvio.Reader) (Design, error) {
	d := Design{Baseline: -1}
	switch s := strings.ToLower(cr.Field(desSampling)); s {
	case "binomial":
		d.Sampling = Binomial
	case "poisson":
		d.Sampling = Poisson
	case "normal":
		d.Sampling = Normal
	default:
		return d, cr.Errorf(desSampling, "%w %q: expected binomial (a share), poisson (a count per participant) or normal (a mean with a per-person sd)", ErrInput, cr.Field(desSampling))
	}
	switch s := strings.ToLower(cr.Field(desDirection)); s {
	case "", "lower":
	case "higher":
		d.Higher = true
	default:
		return d, cr.Errorf(desDirection, "%w %q: expected lower or higher (is better)", ErrInput, cr.Field(desDirection))
	}
	num := func(col int, ok func(float64) bool, want string) (float64, bool, error) {
		if cr.Field(col) == "" {
			return 0, false, nil
		}
		x, err := cr.Float(col)
		if err != nil {
			return 0, false, err
		}
		if !ok(x) {
			return 0, false, cr.Errorf(col, "%w: %s: expected %s", ErrRange, cr.Field(col), want)
		}
		return x, true, nil
	}
	level := func(x float64) bool { return x >= 0 && !math.IsInf(x, 0) && (d.Sampling != Binomial || x <= 1) }
	positive := func(x float64) bool { return x > 0 && !math.IsInf(x, 0) }
	b, ok, err := num(desBaseline, level, "a level of zero or more (a share at most 1)")
	if err != nil {
		return d, err
	}
	if ok {
		d.Baseline = b
	}
	size, hasSize, err := num(desComparisonSize, func(x float64) bool { return x >= 1 && x == math.Trunc(x) && x <= 1e9 }, "a whole number of people, 1 or more")
	if err != nil {
		return d, err
	}
	ratio, hasRatio, err := num(desComparisonRatio, func(x float64) bool { return positive(x) && x <= 1e6 }, "comparison participants per treated participant, above 0")
	if err != nil {
		return d, err
	}
	switch {
	case hasSize && hasRatio:
		return d, cr.Errorf(desComparisonRatio, "%w: give comparison_size or comparison_ratio, not both", ErrInput)
	case hasSize:
		d.ComparisonSize = size
	case hasRatio:
		d.ComparisonRatio = ratio
	default:
		d.Fixed = true // a contractual baseline: no comparison group
	}
	sd, hasSD, err := num(desSD, positive, "a standard deviation above 0")
	if err != nil {
		return d, err
	}
	switch {
	case d.Sampling == Normal && !hasSD:
		return d, cr.Errorf(desSD, "%w: a normal metric needs its per-person sd", csvio.ErrEmpty)
	case d.Sampling != Normal && hasSD:
		return d, cr.Errorf(desSD, "%w: sd is for a normal metric; a %s metric's spread follows from its level", ErrInput, d.Sampling)
	}
	d.SD = sd
	phi, hasPhi, err := num(desDispersion, func(x float64) bool { return x >= 1 && x <= 1e3 }, "the variance over the mean, from 1 (Poisson) to 1000")
	if err != nil {
		return d, err
	}
	if hasPhi && d.Sampling != Poisson {
		return d, cr.Errorf(desDispersion, "%w: dispersion is for a poisson metric; a %s metric's spread follows from its level or sd", ErrInput, d.Sampling)
	}
	d.Dispersion = phi
	return d, nil
}
