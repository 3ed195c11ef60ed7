package uncertainty

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// A Bar is one parameter of a tornado: the output with the parameter at
// its low and at its high value, the others at their base values.
type Bar struct {
	Param           string           // the parameter's name
	ID              scenario.ParamID // and its ID in the scenario
	Base            float64          // its base value
	Low, High       float64          // the parameter's values
	OutLow, OutHigh float64          // the output at them
	// Swing is |OutHigh − OutLow|; NaN when the output does not exist at
	// either end.
	Swing float64
}

// Tornado is a one-way sensitivity analysis of one output.
type Tornado struct {
	Output Output
	Base   float64 // the output at the base values
	Bars   []Bar   // by swing, largest first; NaN swings last
}

// OneWay moves each parameter of the spec from its low to its high value,
// one at a time, with the others at their base values, and sorts the
// parameters by the swing of the output. Parameters whose low and high are
// equal (fixed, with no range) are left out. A timing parameter (a lag,
// an outcome window, a maturity) is moved by compiling the model at its
// low and at its high value.
func OneWay(m *sib.Model, base []float64, sp *Spec, out Output) (*Tornado, error) {
	w := m.NewWork()
	w.SkipTrancheIRR = !out.irr
	p := slices.Clone(base)
	ids := make([]scenario.ParamID, len(sp.Params))
	for i, u := range sp.Params {
		ids[i] = u.ID
	}
	tm := newTimed(m, w, ids...)
	at := func(p []float64) (float64, error) {
		o, err := tm.evaluate(p)
		if err != nil {
			return 0, err
		}
		return out.Value(o), nil
	}
	y0, err := at(p)
	if err != nil {
		return nil, err
	}
	t := &Tornado{Output: out, Base: y0}
	for _, u := range sp.Params {
		if u.Low == u.High {
			continue
		}
		b := Bar{Param: u.Name, ID: u.ID, Base: u.ID.In(base), Low: u.Low, High: u.High}
		for k, v := range [2]float64{u.Low, u.High} {
			p[u.ID.Index()] = v
			y, err := at(p)
			if err != nil {
				return nil, fmt.Errorf("%s = %v: %w", u.Name, v, err)
			}
			if k == 0 {
				b.OutLow = y
			} else {
				b.OutHigh = y
			}
		}
		p[u.ID.Index()] = u.ID.In(base)
		b.Swing = math.Abs(b.OutHigh - b.OutLow)
		if b.Swing <= 1e-12*max(math.Abs(b.OutLow), math.Abs(b.OutHigh)) {
			b.Swing = 0 // rounding in sums that do not depend on the parameter
		}
		t.Bars = append(t.Bars, b)
	}
	slices.SortStableFunc(t.Bars, func(a, b Bar) int {
		switch an, bn := math.IsNaN(a.Swing), math.IsNaN(b.Swing); {
		case an && bn:
			return 0
		case an:
			return 1
		case bn:
			return -1
		}
		return cmp.Compare(b.Swing, a.Swing)
	})
	return t, nil
}
