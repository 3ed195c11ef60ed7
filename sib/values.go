package sib

import (
	"math"

	"github.com/sib-engine/sib/scenario"
)

// byID is a parameter vector indexed by scenario.ParamID: slot i+1 holds
// the value of Scenario.Params[i], and slot 0, the ID that means "none",
// holds NaN so that a read of an absent parameter cannot pass unseen.
// The engine reads parameters from it with p[id], as cheap as the plain
// index it replaced; Evaluate and Run make it from the caller's vector,
// which is laid out as Scenario.Values.
type byID []float64

// fill sets p, whose capacity holds len(v)+1, to the values v.
func (p byID) fill(v []float64) byID {
	p = append(p[:0], math.NaN())
	return append(p, v...)
}

// or returns a parameter's value, or def for the zero ParamID.
func (p byID) or(id scenario.ParamID, def float64) float64 {
	if id == 0 {
		return def
	}
	return p[id]
}
