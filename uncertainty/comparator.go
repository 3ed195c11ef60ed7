package uncertainty

import (
	"errors"
	"math"
)

// ErrNoAppraisal is returned by Comparator, Exposure and EVPI for a
// simulation run without SimOptions.Appraise.
var ErrNoAppraisal = errors.New("uncertainty: the simulation kept no appraisal (SimOptions.Appraise)")

// Comparison is the public sector comparator in expectation: what the
// bond costs the state against commissioning the same delivery
// directly, over the draws. Direct commissioning pays for delivery
// whatever happens; the bond pays only on success.
type Comparison struct {
	Draws int
	// Bond and Direct summarise the two costs to the state (real, PV);
	// Premium the bond's cost less direct delivery's, draw by draw
	// (negative: the bond is cheaper).
	Bond, Direct, Premium Summary
	// Cheaper is the chance that the bond costs less than direct
	// delivery (a premium below −half a cent); Success the chance that
	// the programme succeeds: an outcome payment is triggered.
	Cheaper, Success Chance
	// CostSuccess and CostFailure are the bond's expected cost given
	// success and given failure (NaN without such draws).
	CostSuccess, CostFailure float64
	// Breakeven is the probability of success p* at which the bond's
	// expected cost equals direct delivery's:
	// p*·CostSuccess + (1−p*)·CostFailure = Direct.Mean, so
	// p* = (Direct.Mean − CostFailure) / (CostSuccess − CostFailure),
	// the draws' costs given success and given failure held as they are.
	// Below p* the bond is the cheaper. NaN when there is no such
	// probability in [0, 1] (BreakevenNone says why) or a branch has no
	// draw.
	Breakeven float64
	// BreakevenNone is, when Breakeven is NaN, why: BondAlwaysCheaper,
	// BondNeverCheaper or NoBranch.
	BreakevenNone Unmatched
}

// Unmatched says why a Comparison has no breakeven probability.
type Unmatched uint8

// Why a Comparison has no breakeven probability.
const (
	HasBreakeven      Unmatched = iota
	BondAlwaysCheaper           // even if it always succeeds, the bond costs less than direct delivery
	BondNeverCheaper            // even if it always fails, the bond costs more
	NoBranch                    // every draw succeeds, or none does: a branch's cost is unknown
)

// Comparator compares the bond with direct delivery over a simulation's
// draws (SimOptions.Appraise). Its figures are computed in draw order,
// so they are the same for any number of workers.
func Comparator(sim *Simulation) (*Comparison, error) {
	a := sim.Appraisal
	if a == nil {
		return nil, ErrNoAppraisal
	}
	n := len(a.BondCost)
	prem := make([]float64, n)
	var cheaper, succ int
	var sumS, sumF float64
	for i := range n {
		prem[i] = a.BondCost[i] - a.DirectCost[i]
		if prem[i] < -0.005 {
			cheaper++
		}
		if a.Success[i] {
			succ++
			sumS += a.BondCost[i]
		} else {
			sumF += a.BondCost[i]
		}
	}
	c := &Comparison{Draws: n,
		Bond:    summarise(Output{Name: "state.bond_cost", Doc: "what the bond costs the state, PV", Unit: Money}, a.BondCost),
		Direct:  summarise(Output{Name: "state.direct_cost", Doc: "what direct delivery costs the state, PV", Unit: Money}, a.DirectCost),
		Premium: summarise(Output{Name: "state.premium", Doc: "the bond's cost less direct delivery's, PV", Unit: Money}, prem),
		Cheaper: chance("the bond costs the state less than direct delivery", cheaper, n),
		Success: chance("the programme succeeds: an outcome payment is triggered", succ, n),
	}
	c.CostSuccess, c.CostFailure = math.NaN(), math.NaN()
	if succ > 0 {
		c.CostSuccess = sumS / float64(succ)
	}
	if succ < n {
		c.CostFailure = sumF / float64(n-succ)
	}
	c.Breakeven, c.BreakevenNone = breakeven(c.Direct.Mean, c.CostSuccess, c.CostFailure)
	return c, nil
}

// breakeven solves p·s + (1−p)·f = d for p in [0, 1].
func breakeven(d, s, f float64) (float64, Unmatched) {
	switch {
	case math.IsNaN(s) || math.IsNaN(f):
		return math.NaN(), NoBranch
	case s <= d && f <= d:
		return math.NaN(), BondAlwaysCheaper
	case s >= d && f >= d:
		return math.NaN(), BondNeverCheaper
	}
	return (d - f) / (s - f), HasBreakeven
}

func chance(event string, count, n int) Chance {
	p := float64(count) / float64(n)
	return Chance{Event: event, Count: count, P: p, SE: math.Sqrt(p * (1 - p) / float64(n))}
}
