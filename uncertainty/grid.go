package uncertainty

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/sib-engine/sib/internal/names"
	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// ErrSteps is returned for an axis of fewer than two values.
var ErrSteps = errors.New("uncertainty: an axis needs at least 2 steps")

// An Axis is a parameter and the values an analysis gives it.
type Axis struct {
	Name   string           // the parameter's name
	ID     scenario.ParamID // and its ID in the scenario
	Values []float64
}

// NewAxis spaces steps values evenly from lo to hi for the named parameter
// of s, checking them against its allowed range. For a timing parameter
// (a whole number of periods) lo and hi must be whole, and the values are
// the whole numbers nearest the steps, each once: fewer than steps when
// the range holds fewer.
func NewAxis(s *scenario.Scenario, name string, lo, hi float64, steps int) (Axis, error) {
	id, err := paramRange(s, name, lo, hi)
	if err != nil {
		return Axis{}, err
	}
	if steps < 2 {
		return Axis{}, fmt.Errorf("%w, got %d", ErrSteps, steps)
	}
	a := Axis{Name: name, ID: id, Values: make([]float64, steps)}
	for i := range steps {
		a.Values[i] = lo + (hi-lo)*float64(i)/float64(steps-1)
	}
	a.Values[steps-1] = hi
	if s.At(id).Int {
		// A timing parameter: the whole numbers nearest the steps, once
		// each (every one from lo to hi when the steps are as many).
		for i, v := range a.Values {
			a.Values[i] = math.Round(v)
		}
		a.Values = slices.Compact(a.Values)
	}
	return a, nil
}

// paramRange finds a parameter and checks that [lo, hi] is within its
// allowed range.
func paramRange(s *scenario.Scenario, name string, lo, hi float64) (scenario.ParamID, error) {
	id, ok := s.Param(name)
	if !ok {
		return 0, fmt.Errorf("%w %q%s (sib params lists them)", ErrUnknown, name, names.Hint(s.Suggest(name)))
	}
	p := s.At(id)
	switch {
	case !(lo < hi):
		return 0, fmt.Errorf("%w: %s: the range [%s, %s] is empty: expected low < high", ErrRange, name, num(lo), num(hi))
	case lo < p.Min || hi > p.Max:
		return 0, fmt.Errorf("%w: %s must lie in [%s, %s], got [%s, %s]", ErrRange, name, num(p.Min), num(p.Max), num(lo), num(hi))
	}
	return id, whole(p, lo, hi)
}

// checkOrdersAt checks the rules between parameters (tier thresholds
// increase, a cap is not below its floor) for every combination of the
// ends of the ranges given, the others at their base values.
func checkOrdersAt(s *scenario.Scenario, base []float64, ranges map[scenario.ParamID][2]float64) error {
	end := func(id scenario.ParamID, k int) float64 {
		if r, ok := ranges[id]; ok {
			return r[k]
		}
		return id.In(base)
	}
	for _, o := range s.Orders() {
		_, a := ranges[o.Lo]
		_, b := ranges[o.Hi]
		if !a && !b {
			continue
		}
		lo, hi := end(o.Lo, 1), end(o.Hi, 0)
		if hi < lo || o.Strict && hi == lo {
			return fmt.Errorf("%w: %s, but %s reaches %s where %s is %s", ErrOrder, o.Rule, s.At(o.Lo).Name, num(lo), s.At(o.Hi).Name, num(hi))
		}
	}
	return nil
}

// GridResult is a two-way analysis: the output over every pair of values
// of two parameters, the others at their base values.
type GridResult struct {
	X, Y   Axis
	Output Output
	Base   float64   // the output at the base values
	Z      []float64 // len(Y.Values)·len(X.Values): Z[i·len(X.Values)+j] at (X.Values[j], Y.Values[i])
}

// At returns the output at X.Values[j], Y.Values[i].
func (g *GridResult) At(i, j int) float64 { return g.Z[i*len(g.X.Values)+j] }

// Grid evaluates the output over the grid of two axes. An axis of a
// timing parameter compiles the model once for each of its values (each
// pair, when both are).
func Grid(m *sib.Model, base []float64, x, y Axis, out Output) (*GridResult, error) {
	if x.ID == y.ID {
		return nil, fmt.Errorf("%w: both axes are %s", ErrRange, x.Name)
	}
	s := m.Scenario()
	if err := checkOrdersAt(s, base, map[scenario.ParamID][2]float64{
		x.ID: {x.Values[0], x.Values[len(x.Values)-1]},
		y.ID: {y.Values[0], y.Values[len(y.Values)-1]},
	}); err != nil {
		return nil, err
	}
	w := m.NewWork()
	w.SkipTrancheIRR = !out.irr
	p := slices.Clone(base)
	tm := newTimed(m, w, x.ID, y.ID)
	o, err := tm.evaluate(p)
	if err != nil {
		return nil, err
	}
	g := &GridResult{X: x, Y: y, Output: out, Base: out.Value(o), Z: make([]float64, len(x.Values)*len(y.Values))}
	for i, vy := range y.Values {
		p[y.ID.Index()] = vy
		for j, vx := range x.Values {
			p[x.ID.Index()] = vx
			o, err := tm.evaluate(p)
			if err != nil {
				return nil, fmt.Errorf("%s = %v, %s = %v: %w", x.Name, vx, y.Name, vy, err)
			}
			g.Z[i*len(x.Values)+j] = out.Value(o)
		}
	}
	return g, nil
}
