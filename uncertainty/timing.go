package uncertainty

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// Timing parameters (scenario.Param.Int: a term's lag, a metric's
// outcome window, a tranche's maturity) are whole numbers of periods
// that the engine reads at Compile. One-way, two-way and break-even
// analyses move them by compiling a model for each combination of their
// values that the analysis visits, once (timedModels); Monte Carlo and
// Sobol do not draw them (the spec refuses a distribution on one), but
// take a fixed value the spec gives.

// ErrTimingDrawn is returned for a spec row that gives a timing
// parameter a distribution other than fixed.
var ErrTimingDrawn = errors.New("uncertainty: a timing parameter is not drawn")

// A timedModels compiles the model of each combination of the timing
// parameters an analysis moves, once, with a Work for it: the analyses
// that use one evaluate in one goroutine, in a fixed order, so their
// results do not depend on the number of workers.
type timedModels struct {
	base   *sib.Model
	w      *sib.Work          // base's
	skip   bool               // SkipTrancheIRR of the Works
	ids    []scenario.ParamID // the timing parameters moved
	models map[string]timedModel
	key    []byte
}

type timedModel struct {
	m *sib.Model
	w *sib.Work
}

// newTimed serves model m, whose Work is w, for the values of the
// timing parameters among ids (the others are ignored).
func newTimed(m *sib.Model, w *sib.Work, ids ...scenario.ParamID) *timedModels {
	t := &timedModels{base: m, w: w, skip: w.SkipTrancheIRR}
	s := m.Scenario()
	for _, id := range ids {
		if id != 0 && s.At(id).Int && !slices.Contains(t.ids, id) {
			t.ids = append(t.ids, id)
		}
	}
	if len(t.ids) > 0 {
		t.models = map[string]timedModel{string(t.keyOf(s.Values())): {m, w}}
	}
	return t
}

// keyOf writes the values of the timing parameters moved in p.
func (t *timedModels) keyOf(p []float64) []byte {
	t.key = t.key[:0]
	for _, id := range t.ids {
		t.key = binary.AppendVarint(t.key, int64(id.In(p)))
	}
	return t.key
}

// at returns the model compiled for the timing values in p, and its Work.
func (t *timedModels) at(p []float64) (*sib.Model, *sib.Work, error) {
	if len(t.ids) == 0 {
		return t.base, t.w, nil
	}
	if tm, ok := t.models[string(t.keyOf(p))]; ok {
		return tm.m, tm.w, nil
	}
	m, err := t.base.Timed(p)
	if err != nil {
		return nil, nil, err
	}
	w := m.NewWork()
	w.SkipTrancheIRR = t.skip
	t.models[string(t.key)] = timedModel{m, w}
	return m, w, nil
}

// evaluate evaluates the vector p on the model of its timing values.
func (t *timedModels) evaluate(p []float64) (*sib.Outputs, error) {
	m, w, err := t.at(p)
	if err != nil {
		return nil, err
	}
	return m.Evaluate(p, w)
}

// whole checks that the ends of a range of a timing parameter are whole
// numbers.
func whole(p *scenario.Param, lo, hi float64) error {
	if !p.Int || lo == math.Trunc(lo) && hi == math.Trunc(hi) {
		return nil
	}
	return fmt.Errorf("%w: %s is a timing parameter, a whole number of periods: give whole ends, got [%s, %s]", ErrRange, p.Name, num(lo), num(hi))
}

// fixedTiming returns model m compiled for the fixed values the spec
// gives timing parameters, for Monte Carlo and Sobol: the draws do not
// move them.
func fixedTiming(m *sib.Model, base []float64, sp *Spec) (*sib.Model, error) {
	s := m.Scenario()
	var p []float64
	for _, u := range sp.Params {
		if !s.At(u.ID).Int {
			continue
		}
		if p == nil {
			p = slices.Clone(base)
		}
		p[u.ID.Index()] = u.Dist.Quantile(0.5)
	}
	if p == nil {
		return m, nil
	}
	return m.Timed(p)
}
