package costing

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/sib-engine/sib/internal/money"
)

// Avoided is the saving from a fall in demand for one service in one year,
// in the result's price base.
//
// Gross values the units avoided at the fully loaded average cost. Cashable
// is the part that leaves a budget: variable costs in proportion to the
// units avoided, step costs by whole steps only, fixed costs not at all.
// NonCashable = Gross − Cashable is capacity freed but still paid for.
// Cashable is the long-run cashable saving, once capacity has adjusted;
// ShortRunCashable is the part of it on the variable lines alone, what
// leaves a budget while every step of capacity is kept (the saving at the
// short-run marginal cost).
type Avoided struct {
	Service          string
	Year             int
	Units            decimal.Decimal
	Gross            decimal.Decimal
	Cashable         decimal.Decimal
	ShortRunCashable decimal.Decimal // variable lines only: Cashable less the steps closed
	NonCashable      decimal.Decimal
	ByAgency         []AvoidedAgency // whose budget the saving lands in, by agency name
	Lines            []AvoidedLine   // one per cost line of the service
}

// AvoidedAgency is the part of an Avoided saving in one agency's budget.
type AvoidedAgency struct {
	Agency           string
	Gross            decimal.Decimal
	Cashable         decimal.Decimal
	NonCashable      decimal.Decimal
	ShortRunCashable decimal.Decimal // its variable lines only
}

// AvoidedLine shows the rule applied to one cost line.
type AvoidedLine struct {
	Agency      string
	Pool        string // "" for a direct ledger cost
	Behaviour   Behaviour
	Cost        decimal.Decimal // the line's cost in the year
	StepSize    decimal.Decimal // Step only
	StepsClosed decimal.Decimal // Step only: ⌊units avoided / step size⌋
	Gross       decimal.Decimal
	Cashable    decimal.Decimal
}

// Avoid values a fall of units in the demand for service in year.
//
// For a cost line of C over U units delivered, avoiding N units saves
// gross C·N/U. The cashable part is C·N/U for a variable cost, 0 for a
// fixed cost, and for a step cost of step size k it is C·k/U for each whole
// step closed, ⌊N/k⌋ steps: a step cost is released only when a whole block
// of k units of capacity goes, and a part-used last block is kept. So
// cashable never exceeds gross, and matches the marginal cost per unit
// whenever N is a multiple of every step size. ShortRunCashable adds up
// the variable lines' cashable parts alone: the saving at the short-run
// marginal cost, before any step closes.
//
// The cashable and non-cashable parts of all lines are rounded to cents
// together, by largest remainder, so that lines and agencies add up to the
// totals exactly and gross is the correctly rounded C·N/U summed over lines.
func (r *Result) Avoid(service string, year int, n decimal.Decimal) (*Avoided, error) {
	cl := r.cells[svcYear{service, year}]
	if cl == nil || len(cl.lines) == 0 {
		return nil, fmt.Errorf("%w: no costs for service %q in %d", ErrUnknown, service, year)
	}
	u := cl.act.Units
	switch {
	case n.Sign() < 0:
		return nil, fmt.Errorf("%w: %s units avoided", ErrNegative, n)
	case n.GreaterThan(u):
		return nil, fmt.Errorf("%w: cannot avoid %s units of %q in %d, which delivered %s", ErrUnitsExceed, n, service, year, u)
	}
	if u.Sign() == 0 {
		// Then n is 0 too, and so is every line's cost (Compute refuses
		// costs on a service with no units): nothing is avoided, and there
		// is nothing to divide.
		u = decimal.NewFromInt(1)
	}
	// Every amount is a numerator over U: gross C·N, cashable C·N (variable)
	// or C·steps·k (step), so rounding works on exact values.
	nums := make([]decimal.Decimal, 2*len(cl.lines)) // cashable parts, then non-cashable
	lines := make([]AvoidedLine, len(cl.lines))
	for i, ln := range cl.lines {
		c := decimal.NewFromInt(ln.cents)
		gross := c.Mul(n)
		lines[i] = AvoidedLine{Agency: ln.agency, Pool: ln.pool, Behaviour: ln.behaviour, Cost: money.Decimal(ln.cents), StepSize: ln.step}
		var cash decimal.Decimal
		switch ln.behaviour {
		case Variable:
			cash = gross
		case Step:
			steps, _ := n.QuoRem(ln.step, 0) // whole steps, exactly
			lines[i].StepsClosed = steps
			cash = c.Mul(steps).Mul(ln.step)
		}
		nums[i], nums[len(cl.lines)+i] = cash, gross.Sub(cash)
	}
	// One rounding over both parts of every line, so that gross (their sum)
	// is the correctly rounded total and no part goes negative.
	both, err := money.RoundQuotients(nums, u)
	if err != nil {
		return nil, err
	}
	cashC, nonC := both[:len(lines)], both[len(lines):]
	out := &Avoided{Service: service, Year: year, Units: n}
	byAgency := make(map[string]*[3]int64) // cashable, non-cashable, short-run cashable
	var tc, tn, ts int64
	for i := range lines {
		lines[i].Cashable = money.Decimal(cashC[i])
		lines[i].Gross = money.Decimal(cashC[i] + nonC[i])
		a := byAgency[lines[i].Agency]
		if a == nil {
			a = new([3]int64)
			byAgency[lines[i].Agency] = a
		}
		a[0] += cashC[i]
		a[1] += nonC[i]
		tc += cashC[i]
		tn += nonC[i]
		if lines[i].Behaviour == Variable {
			a[2] += cashC[i]
			ts += cashC[i]
		}
	}
	for name, a := range byAgency {
		out.ByAgency = append(out.ByAgency, AvoidedAgency{
			Agency: name, Gross: money.Decimal(a[0] + a[1]), Cashable: money.Decimal(a[0]), NonCashable: money.Decimal(a[1]),
			ShortRunCashable: money.Decimal(a[2]),
		})
	}
	slices.SortFunc(out.ByAgency, func(a, b AvoidedAgency) int { return cmp.Compare(a.Agency, b.Agency) })
	out.Cashable, out.NonCashable, out.Gross = money.Decimal(tc), money.Decimal(tn), money.Decimal(tc+tn)
	out.ShortRunCashable = money.Decimal(ts)
	out.Lines = lines
	return out, nil
}

// TargetUnits returns the units a service delivered to the target group in
// a year, so that a fall can be stated as a share of them.
func (r *Result) TargetUnits(service string, year int) (decimal.Decimal, bool) {
	cl := r.cells[svcYear{service, year}]
	if cl == nil {
		return decimal.Decimal{}, false
	}
	return cl.act.TargetUnits, true
}
