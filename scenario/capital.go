package scenario

import (
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

// params are a tranche's commitment and terms.
func (t *Tranche) params() []paramField {
	p := "tranche." + t.Name + "."
	return []paramField{
		field(&t.Commitment, p, "commitment", ruleCommitment),
		field(&t.Coupon, p, "coupon", ruleCoupon),
		field(&t.Cap, p, "cap", ruleTrancheCap),
		field(&t.Floor, p, "floor", ruleTrancheFloor),
		field(&t.GuaranteeLimit, p, "guarantee_limit", ruleGuaranteeLimit),
	}
}

func (l *loader) capital(cr *csvio.Reader) error {
	for cr.Next() {
		name, err := l.name(cr, capTranche, "a tranche name")
		if err != nil {
			return err
		}
		t := Tranche{Name: name}
		if t.Investor, err = l.name(cr, capInvestor, "an investor name"); err != nil {
			return err
		}
		if t.Priority, err = integer(cr, capPriority, rulePriority, required); err != nil {
			return err
		}
		// A coupon is a target return that the waterfall pays before
		// principal. Below zero it would "pay" a negative return, that is
		// take cash back from the investors and spend it on principal in
		// periods with no cash: investors lose money through the outcomes,
		// not through their coupon, so a negative one is refused (its
		// range says so; this says why).
		if v, err := cr.Float(capCoupon); err == nil && cr.Field(capCoupon) != "" && v < 0 {
			return cr.Errorf(capCoupon, "%w: %s is below zero: a coupon is the target return a year that investors are owed before their principal; give 0 (or leave it empty) for none", ErrRange, cr.Field(capCoupon))
		}
		if err := l.nums(cr, t.params()); err != nil {
			return err
		}
		t.Guarantor = cr.Field(capGuarantor)
		if f := l.s.checkTranche(&t, l.at); f != nil {
			return l.fault(cr, f)
		}
		// One of the Orders, here with the cells' own text.
		if t.Cap != 0 && t.Floor != 0 && l.value(t.Cap) < l.value(t.Floor) {
			return cr.Errorf(capCap, "%w: the cap %s is below the floor %s", ErrRange, cr.Field(capCap), cr.Field(capFloor))
		}
		if err := l.commit(cr); err != nil {
			return err
		}
		l.s.Tranches = append(l.s.Tranches, t)
		l.added(cr)
	}
	if err := cr.Err(); err != nil {
		return err
	}
	if len(l.s.Tranches) == 0 {
		return &InputError{File: cr.Name(), Err: none("tranches")}
	}
	// The waterfall pays in priority order.
	slices.SortStableFunc(l.s.Tranches, byPriority)
	return nil
}

func byPriority(a, b Tranche) int { return a.Priority - b.Priority }
