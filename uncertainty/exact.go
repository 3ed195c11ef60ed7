package uncertainty

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// An ExactTest is the exact chance that one test of a term passes under
// measurement noise at given inputs (PassChance), and its operating
// characteristic over a grid of true effects.
type ExactTest struct {
	Term, Metric string
	Cohort       string // a cohort, or "pooled"
	Sampling     scenario.Sampling
	// Dispersion is a count's variance over its mean: 1 for a Poisson
	// design, the design's φ for a negative binomial; 0 for a share or a
	// normal metric.
	Dispersion float64
	// Level is the threshold (or first tier); Relative: a share of the
	// baseline, Baseline.
	Level    float64
	Relative bool
	Baseline float64
	// Effect is the true effect at the inputs (pooled: weighted by
	// participants), SE the design's standard error of its measurement
	// there, P the chance that the measured effect passes.
	Effect, SE, P float64
	// OC is P(pass) with every cohort's true effect at each point of the
	// grid.
	OC []OCPoint
}

// An OCPoint is a point of an exact operating characteristic: at true
// effect Effect, the chance P that the test passes; Earned says whether
// the true effect itself passes, so that P is the chance of a payment
// not earned when it does not, and 1 − P of a denial not deserved when
// it does.
type OCPoint struct {
	Effect, P float64
	Earned    bool
}

// ExactTests returns, at parameter values v, the exact chance that each
// term's tests pass (each cohort's and the pooled one, or a tier
// schedule's first tier) on the effects measured under the metrics'
// designs, and the operating characteristic at points true effects (0:
// none), the same for all of a term's tests: centred on the test's level
// (in effect units), in steps of a round number (1, 2 or 5 × 10^k) near
// half the largest standard error of the term's tests. Tests of a metric
// without a design are left out. See PassChance for the method.
func ExactTests(m *sib.Model, v []float64, points int) ([]ExactTest, error) {
	s := m.Scenario()
	w := m.NewWork()
	if _, err := m.Evaluate(v, w); err != nil {
		return nil, err
	}
	var out []ExactTest
	for j := range s.Terms {
		tm := &s.Terms[j]
		mt := &s.Metrics[tm.Metric]
		d := mt.Design
		if d.Sampling == scenario.NoDesign {
			continue
		}
		base := d.Baseline
		if mt.Baseline != 0 {
			base = mt.Baseline.In(v)
		}
		var term []ExactTest
		var tg [][]Group
		for c := -1; c < len(s.Cohorts); c++ {
			if !m.HasTest(j, c) {
				continue
			}
			x := ExactTest{Term: tm.Name, Metric: mt.Name, Cohort: "pooled", Sampling: d.Sampling, Baseline: base}
			if d.Sampling == scenario.Poisson {
				x.Dispersion = max(d.Dispersion, 1)
			}
			if c >= 0 {
				x.Cohort = s.Cohorts[c].Name
			}
			x.Level, x.Relative, _ = w.TestLevel(j, c)
			pass := func(e float64) bool { ok, _ := w.TestAt(j, c, e); return ok }
			groups := make([]Group, 0, len(s.Cohorts))
			for k := range s.Cohorts {
				if c < 0 || k == c {
					groups = append(groups, Group{N: w.Participants(k), Effect: w.TrueEffect(tm.Metric, k)})
				}
			}
			x.Effect = w.TrueEffect(tm.Metric, c)
			x.SE = designSE(&d, base, groups)
			x.P = PassChance(&d, base, groups, pass)
			term = append(term, x)
			tg = append(tg, groups)
		}
		if points > 0 && len(term) > 0 {
			grid := ocGrid(term, points)
			for k := range term {
				x := &term[k]
				c := slices.IndexFunc(s.Cohorts, func(co scenario.Cohort) bool { return co.Name == x.Cohort })
				pass := func(e float64) bool { ok, _ := w.TestAt(j, c, e); return ok }
				for _, e := range grid {
					at := make([]Group, len(tg[k]))
					for i, g := range tg[k] {
						at[i] = Group{N: g.N, Effect: e}
					}
					x.OC = append(x.OC, OCPoint{Effect: e, P: PassChance(&d, base, at, pass), Earned: pass(e)})
				}
			}
		}
		out = append(out, term...)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no term tests a metric whose evaluation design is known (an effect measured in an outcomes folder, or a design.csv row in the scenario folder: see docs/scenario.md)", ErrNoDesign)
	}
	return out, nil
}

// ErrNoDesign is returned by ExactTests when no test has a design.
var ErrNoDesign = fmt.Errorf("uncertainty: no evaluation design")

// ocGrid is the grid of true effects of a term's tests: points values
// centred on the level (in effect units) in a round step near half the
// largest standard error.
func ocGrid(term []ExactTest, points int) []float64 {
	lvl := term[0].Level
	if term[0].Relative {
		lvl *= term[0].Baseline
	}
	var se float64
	for _, x := range term {
		if !math.IsNaN(x.SE) {
			se = max(se, x.SE)
		}
	}
	step := roundStep(se / 2)
	if step == 0 {
		step = roundStep(math.Abs(lvl) / 4)
	}
	if step == 0 {
		step = 0.01
	}
	centre := math.Round(lvl/step) * step
	grid := make([]float64, points)
	for i := range grid {
		// Rounded to 12 significant digits: no float noise in the grid.
		x := centre + float64(i-points/2)*step
		grid[i], _ = strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	}
	return grid
}

// roundStep is the number 1, 2 or 5 × 10^k nearest x (0 for x ≤ 0).
func roundStep(x float64) float64 {
	if !(x > 0) || math.IsInf(x, 0) {
		return 0
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	best := p
	for _, k := range []float64{2, 5, 10} {
		if math.Abs(math.Log(k*p/x)) < math.Abs(math.Log(best/x)) {
			best = k * p
		}
	}
	return best
}

// designSE is the design's standard error of the effect measured on the
// groups, at their participant-weighted true level.
func designSE(d *scenario.Design, base float64, groups []Group) float64 {
	var nT, nC, t float64
	for _, g := range groups {
		n := math.Round(g.N)
		if !(n >= 1) {
			continue
		}
		nT += n
		t += n * level(d, base, g.Effect)
		nC += d.ComparisonN(n)
	}
	if nT == 0 {
		return math.NaN()
	}
	return d.SE(nT, t/nT, nC, base)
}
