package outcomes

import (
	"fmt"
	"math"
)

// Adjustment turns a gross effect into the net effect credited to the
// intervention, year by year. Shares are in [0,1].
type Adjustment struct {
	Deadweight   float64 // share that would have happened anyway
	Displacement float64 // share that merely moved the problem elsewhere
	// Attribution is the share of what remains that is due to this
	// intervention rather than others (1: all of it).
	Attribution float64
	// DropOff is the yearly fade: year k is multiplied by (1−DropOff)^(k−1).
	DropOff float64
	// Years is the number of years in the waterfall.
	Years int
	// Decay, when not nil, replaces DropOff: Decay[k−1] is the share of the
	// net effect present in year k, for Years = len(Decay) years.
	Decay []float64
}

// NoAdjustment returns the adjustment that leaves an effect as it is, for
// one year.
func NoAdjustment() Adjustment { return Adjustment{Attribution: 1, Years: 1} }

// Check reports a share outside [0,1] or an inconsistent profile.
func (a Adjustment) Check() error {
	for _, s := range []struct {
		name string
		v    float64
	}{{"deadweight", a.Deadweight}, {"displacement", a.Displacement}, {"attribution", a.Attribution}, {"drop_off", a.DropOff}} {
		if !(s.v >= 0 && s.v <= 1) {
			return fmt.Errorf("%w: %s %v is outside [0,1]", ErrRange, s.name, s.v)
		}
	}
	for k, f := range a.Decay {
		if !(f >= 0 && f <= 1) {
			return fmt.Errorf("%w: decay factor %v of year %d is outside [0,1]", ErrRange, f, k+1)
		}
	}
	switch {
	case a.Decay != nil && a.DropOff != 0:
		return fmt.Errorf("%w: both a drop-off and a decay profile: give one", ErrInput)
	case a.Decay != nil && a.Years != len(a.Decay):
		return fmt.Errorf("%w: %d years with a decay profile of %d", ErrInput, a.Years, len(a.Decay))
	case a.Years < 1 || a.Years > 100:
		return fmt.Errorf("%w: years %d: expected 1 to 100", ErrRange, a.Years)
	}
	return nil
}

// factor returns the share of the net effect present in year k (1-based).
func (a Adjustment) factor(k int) float64 {
	if a.Decay != nil {
		return a.Decay[k-1]
	}
	return math.Pow(1-a.DropOff, float64(k-1))
}

// Step is one row of an effect's adjustment waterfall.
type Step struct {
	Metric, Cohort string
	// Name is "gross", "deadweight", "displacement", "attribution", "net"
	// (year 1), or "drop-off" or "decay" for the later years.
	Name string
	Year int
	// Factor is what the gross effect has been multiplied by so far.
	Factor float64
	// Effect, Low and High are the effect and its confidence interval
	// after this step; Change is Effect minus the row before's (0 for the
	// gross row; for later years, against year 1).
	Effect, Change, Low, High float64
	Relative                  float64
}

// waterfall applies a metric's adjustment to an effect, in the documented
// order.
func (s *Study) waterfall(e Effect) []Step {
	a, ok := s.Adjustments[e.Metric]
	if !ok {
		a = NoAdjustment()
	}
	var steps []Step
	add := func(name string, year int, f, prev float64) {
		steps = append(steps, Step{Metric: e.Metric, Cohort: e.Cohort, Name: name, Year: year, Factor: f,
			Effect: f * e.Effect, Change: f*e.Effect - prev*e.Effect, Low: f * e.Low, High: f * e.High, Relative: f * e.Relative})
	}
	f := 1.0
	add("gross", 1, f, f)
	for _, st := range []struct {
		name string
		keep float64
	}{{"deadweight", 1 - a.Deadweight}, {"displacement", 1 - a.Displacement}, {"attribution", a.Attribution}} {
		add(st.name, 1, f*st.keep, f)
		f *= st.keep
	}
	net := f * a.factor(1)
	add("net", 1, net, f)
	later := "drop-off"
	if a.Decay != nil {
		later = "decay"
	}
	for k := 2; k <= a.Years; k++ {
		add(later, k, f*a.factor(k), net)
	}
	return steps
}
