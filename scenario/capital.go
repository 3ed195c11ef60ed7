package scenario

import (
	"fmt"
	"slices"

	"github.com/sib-engine/sib/internal/csvio"
)

// Tranche is a class of investors with its own priority and terms.
type Tranche struct {
	Name     string
	Investor string
	Priority int
	// Parameters: the commitment, the target return a year (compounded),
	// the cap and floor on total receipts as multiples of the capital
	// drawn, and the guarantee's limit (zero when not given).
	Commitment, Coupon, Cap, Floor, GuaranteeLimit ParamID
	Guarantor                                      string
}

// capital.csv: a tranche a row; the waterfall pays them by priority.
const (
	capTranche = iota
	capInvestor
	capPriority
	capCommitment
	capCoupon
	capCap
	capFloor
	capGuarantor
	capLimit
)

var trancheCols = []csvio.Column{
	capTranche:    {Name: "tranche", Required: true},
	capInvestor:   {Name: "investor", Required: true},
	capPriority:   {Name: "priority", Required: true},
	capCommitment: {Name: "commitment", Required: true},
	capCoupon:     {Name: "coupon"},
	capCap:        {Name: "cap"},
	capFloor:      {Name: "floor"},
	capGuarantor:  {Name: "guarantor"},
	capLimit:      {Name: "guarantee_limit"},
}

func (l *loader) capital(cr *csvio.Reader) error {
	lines := map[string]int{}
	prio := map[int]int{}
	for cr.Next() {
		name, err := l.name(cr, capTranche, "a tranche name")
		if err != nil {
			return err
		}
		if line := lines[name]; line > 0 {
			return cr.Errorf(capTranche, "%w: tranche %s is given twice (also line %d)", ErrInput, name, line)
		}
		lines[name] = cr.Line()
		t := Tranche{Name: name}
		if t.Investor, err = l.name(cr, capInvestor, "an investor name"); err != nil {
			return err
		}
		if t.Priority, err = integer(cr, capPriority, "the priority (1 is paid first)", 1, 1000, required); err != nil {
			return err
		}
		if line := prio[t.Priority]; line > 0 {
			return cr.Errorf(capPriority, "%w: priority %d is also the priority of the tranche on line %d: each tranche needs its own place in the waterfall", ErrInput, t.Priority, line)
		}
		prio[t.Priority] = cr.Line()
		if err := l.trancheTerms(cr, &t); err != nil {
			return err
		}
		l.s.Tranches = append(l.s.Tranches, t)
	}
	if err := cr.Err(); err != nil {
		return err
	}
	if len(l.s.Tranches) == 0 {
		return &InputError{File: cr.Name(), Err: fmt.Errorf("%w: no tranches", ErrInput)}
	}
	// The waterfall pays in priority order.
	slices.SortStableFunc(l.s.Tranches, func(a, b Tranche) int { return a.Priority - b.Priority })
	return nil
}

// trancheTerms reads a tranche's commitment, coupon, cap, floor and
// guarantee.
func (l *loader) trancheTerms(cr *csvio.Reader, t *Tranche) error {
	p := "tranche." + t.Name + "."
	var err error
	if t.Commitment, err = l.num(cr, capCommitment, p+"commitment", ruleCommitment, true); err != nil {
		return err
	}
	// A coupon is a target return that the waterfall pays before
	// principal. Below zero it would "pay" a negative return, that is
	// take cash back from the investors and spend it on principal in
	// periods with no cash: investors lose money through the outcomes,
	// not through their coupon, so a negative one is refused.
	if v, err := cr.Float(capCoupon); err == nil && cr.Field(capCoupon) != "" && v < 0 {
		return cr.Errorf(capCoupon, "%w: %s is below zero: a coupon is the target return a year that investors are owed before their principal; give 0 (or leave it empty) for none", ErrRange, cr.Field(capCoupon))
	}
	if t.Coupon, err = l.num(cr, capCoupon, p+"coupon", ruleCoupon, false); err != nil {
		return err
	}
	if t.Cap, err = l.num(cr, capCap, p+"cap", ruleTrancheCap, false); err != nil {
		return err
	}
	if t.Floor, err = l.num(cr, capFloor, p+"floor", ruleTrancheFloor, false); err != nil {
		return err
	}
	t.Guarantor = cr.Field(capGuarantor)
	if t.Guarantor != "" && !validName(t.Guarantor) {
		return cr.Errorf(capGuarantor, "%w %q: expected a party name of letters, digits, '_' or '-'", ErrInput, t.Guarantor)
	}
	if t.GuaranteeLimit, err = l.num(cr, capLimit, p+"guarantee_limit", ruleGuaranteeLimit, false); err != nil {
		return err
	}
	if (t.Floor != 0) != (t.Guarantor != "") {
		col := capGuarantor
		if t.Guarantor != "" {
			col = capFloor
		}
		return cr.Errorf(col, "%w: a floor needs a guarantor to meet it, and a guarantor a floor to meet: give both or neither", ErrInput)
	}
	if t.GuaranteeLimit != 0 && t.Guarantor == "" {
		return cr.Errorf(capLimit, "%w: a guarantee limit needs a guarantor", ErrInput)
	}
	if t.Cap != 0 && t.Floor != 0 && l.value(t.Cap) < l.value(t.Floor) {
		return cr.Errorf(capCap, "%w: the cap %s is below the floor %s", ErrRange, cr.Field(capCap), cr.Field(capFloor))
	}
	return nil
}
