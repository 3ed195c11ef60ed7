package uncertainty

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/sib-engine/sib/internal/root"
	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// scanSteps is the number of intervals Breakeven scans for sign changes
// before refining each with Brent's method: an output that crosses the
// target twice within one interval is missed.
const scanSteps = 64

// A Crossing is a value of the parameter at which the output reaches the
// target.
type Crossing struct {
	Value  float64 // the parameter's value
	Output float64 // the output there
	// Jump is true when the output jumps across the target there instead
	// of reaching it (a threshold in the payment terms, say): Value is
	// where the jump is, to within the tolerance.
	Jump bool
	// Flat is true when the output equals the target exactly at scan
	// points from Value to To (a payment that stays 0 below a threshold,
	// say); To is Value otherwise.
	Flat bool
	To   float64
}

// BreakEven is the result of a break-even search.
type BreakEven struct {
	Param  string           // the parameter's name
	ID     scenario.ParamID // and its ID in the scenario
	Output Output
	Target float64
	// Lo and Hi are the bounds searched, AtLo and AtHi the output there.
	Lo, Hi     float64
	AtLo, AtHi float64
	// Base is the parameter's base value, AtBase the output there.
	Base, AtBase float64
	// Crossings, in increasing order of the parameter; none when the
	// output stays on one side of the target within the bounds.
	Crossings []Crossing
	// Whole: the parameter is a timing parameter, a whole number of
	// periods. Every whole value from Lo to Hi is evaluated, and a
	// crossing's Value is the smallest whole value at which the output
	// has reached the target, coming from the side it is on at the value
	// before: Jump unless the output is within rounding of the target.
	Whole bool
}

// Breakeven finds the values of a parameter in [lo, hi] at which an
// output equals target, the others at their base values: it scans the
// range in 64 steps for changes of side and refines each by Brent's
// method to within 1e-12 of the range. Where the output does not exist
// (an IRR), no crossing is sought. For a timing parameter (a lag, an
// outcome window, a maturity: whole numbers of periods) lo and hi must be
// whole, every whole value between is evaluated (a model compiled for
// each) and a crossing is the smallest whole value at which the target is
// reached (BreakEven.Whole).
func Breakeven(m *sib.Model, base []float64, name string, lo, hi float64, out Output, target float64) (*BreakEven, error) {
	s := m.Scenario()
	id, err := paramRange(s, name, lo, hi)
	if err != nil {
		return nil, err
	}
	if math.IsNaN(target) || math.IsInf(target, 0) {
		return nil, fmt.Errorf("%w: the target must be a finite number", ErrRange)
	}
	if err := checkOrdersAt(s, base, map[scenario.ParamID][2]float64{id: {lo, hi}}); err != nil {
		return nil, err
	}
	w := m.NewWork()
	w.SkipTrancheIRR = !out.irr
	p := slices.Clone(base)
	tm := newTimed(m, w, id)
	var evalErr error
	f := func(x float64) float64 {
		p[id.Index()] = x
		o, err := tm.evaluate(p)
		if err != nil {
			evalErr = fmt.Errorf("%s = %v: %w", name, x, err)
			return math.NaN()
		}
		return out.Value(o)
	}
	be := &BreakEven{Param: name, ID: id, Output: out, Target: target, Lo: lo, Hi: hi, Base: id.In(base)}
	be.AtBase = f(be.Base)
	if s.At(id).Int {
		return be.whole(f, &evalErr)
	}
	xs := make([]float64, scanSteps+1)
	ys := make([]float64, scanSteps+1)
	for i := range xs {
		xs[i] = lo + (hi-lo)*float64(i)/scanSteps
		if i == scanSteps {
			xs[i] = hi
		}
		ys[i] = f(xs[i]) - target
	}
	if evalErr != nil {
		return nil, evalErr
	}
	be.AtLo, be.AtHi = ys[0]+target, ys[scanSteps]+target
	tol := 1e-12 * (hi - lo)
	// The output is taken as reaching the target where it is within this
	// of it: a millionth of the largest output seen, and at least 1e−9 (a
	// rate's target is small).
	scale := math.Abs(target)
	for _, y := range ys {
		if !math.IsNaN(y) {
			scale = max(scale, math.Abs(y+target))
		}
	}
	near := max(1e-6*scale, 1e-9)
	// Scan points where the output equals the target exactly: a run of
	// them is one stretch, not a crossing at each point.
	for i := 0; i <= scanSteps; i++ {
		if ys[i] != 0 {
			continue
		}
		j := i
		for j < scanSteps && ys[j+1] == 0 {
			j++
		}
		be.Crossings = append(be.Crossings, Crossing{Value: xs[i], Output: target, Flat: j > i, To: xs[j]})
		i = j
	}
	// Changes of side between scan points.
	for i := range scanSteps {
		a, b, ya, yb := xs[i], xs[i+1], ys[i], ys[i+1]
		if math.IsNaN(ya) || math.IsNaN(yb) || ya == 0 || yb == 0 || (ya > 0) == (yb > 0) {
			continue
		}
		srch := root.NewSearch(a, b, ya, yb, tol)
		for x, ok := srch.Next(); ok; x, ok = srch.Next() {
			srch.Tell(f(x) - target)
		}
		x, err := srch.Root()
		switch {
		case evalErr != nil:
			return nil, evalErr
		case err == root.ErrNotFinite:
			// The output does not exist somewhere in between (an IRR
			// without a root): no crossing is sought there.
			continue
		case err != nil && err != root.ErrMaxIter:
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		y := f(x)
		if evalErr != nil {
			return nil, evalErr
		}
		be.Crossings = append(be.Crossings, Crossing{Value: x, Output: y, Jump: !(math.Abs(y-target) <= near), To: x})
	}
	slices.SortFunc(be.Crossings, func(a, b Crossing) int { return cmp.Compare(a.Value, b.Value) })
	return be, nil
}

// whole finds the crossings of a timing parameter: every whole value
// from be.Lo to be.Hi is evaluated by f; a crossing is the first whole
// value at which the output equals the target, or is on the other side
// of it from the value before (a run of values at the target is one
// Flat crossing).
func (be *BreakEven) whole(f func(float64) float64, evalErr *error) (*BreakEven, error) {
	be.Whole = true
	n := int(be.Hi-be.Lo) + 1
	ys := make([]float64, n)
	for i := range ys {
		ys[i] = f(be.Lo+float64(i)) - be.Target
		if *evalErr != nil {
			return nil, *evalErr
		}
	}
	be.AtLo, be.AtHi = ys[0]+be.Target, ys[n-1]+be.Target
	scale := math.Abs(be.Target)
	for _, y := range ys {
		if !math.IsNaN(y) {
			scale = max(scale, math.Abs(y+be.Target))
		}
	}
	near := max(1e-6*scale, 1e-9)
	for i := 0; i < n; i++ {
		x, y := be.Lo+float64(i), ys[i]
		switch {
		case math.IsNaN(y):
			continue
		case y == 0:
			j := i
			for j+1 < n && ys[j+1] == 0 {
				j++
			}
			be.Crossings = append(be.Crossings, Crossing{Value: x, Output: be.Target, Flat: j > i, To: be.Lo + float64(j)})
			i = j
		case i > 0 && !math.IsNaN(ys[i-1]) && ys[i-1] != 0 && (ys[i-1] > 0) != (y > 0):
			be.Crossings = append(be.Crossings, Crossing{Value: x, Output: y + be.Target, Jump: !(math.Abs(y) <= near), To: x})
		}
	}
	return be, nil
}
