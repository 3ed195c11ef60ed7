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
	// Maturity is the period (1-based) in which the tranche matures:
	// what it is still owed falls due, its guarantee is settled, its
	// undrawn commitment lapses, and it takes nothing after. 0: the
	// horizon.
	Maturity int
	// Amortise is the first period (1-based) of the principal's equal
	// instalments to maturity: the principal repaid by a period is at
	// most the instalments due by it (Amortise = Maturity: a bullet,
	// all at maturity). 0: the principal is repaid as the cash allows.
	Amortise int
	// NoExcess makes the tranche pure debt: it takes no share of the
	// excess (excess = no in capital.csv).
	NoExcess bool
	// Parameters: the commitment, the target return a year (compounded),
	// the cap and floor on total receipts as multiples of the capital
	// drawn, the guarantee's limit, the share of the principal drawn the
	// guarantor protects, and the cap on receipts as a return a year
	// (zero when not given).
	Commitment, Coupon, Cap, Floor, GuaranteeLimit, Protected, CapRate ParamID
	// CommitmentFee is the fee a year on the undrawn commitment that the
	// bond pays the tranche (commitment_fee; zero when not given).
	CommitmentFee ParamID
	Guarantor     string
}

// MaturityPeriod returns the 0-based period in which the tranche
// matures, over a horizon of periods.
func (t *Tranche) MaturityPeriod(periods int) int {
	if t.Maturity <= 0 || t.Maturity > periods {
		return periods - 1
	}
	return t.Maturity - 1
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
	capMaturity
	capProtected
	capCapRate
	capExcess
	capAmortise
	capCommitmentFee
)

var trancheCols = []csvio.Column{
	capTranche:       {Name: "tranche", Required: true},
	capInvestor:      {Name: "investor", Required: true},
	capPriority:      {Name: "priority", Required: true},
	capCommitment:    {Name: "commitment", Required: true},
	capCoupon:        {Name: "coupon"},
	capCap:           {Name: "cap"},
	capFloor:         {Name: "floor"},
	capGuarantor:     {Name: "guarantor"},
	capLimit:         {Name: "guarantee_limit"},
	capMaturity:      {Name: "maturity"},
	capProtected:     {Name: "protected"},
	capCapRate:       {Name: "cap_rate"},
	capExcess:        {Name: "excess"},
	capAmortise:      {Name: "amortise"},
	capCommitmentFee: {Name: "commitment_fee"},
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
		field(&t.Protected, p, "protected", ruleProtected),
		field(&t.CapRate, p, "cap_rate", ruleCapRate),
		field(&t.CommitmentFee, p, "commitment_fee", ruleCommitmentFee),
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
		l.timingCell(cr, capMaturity, "tranche."+name+".maturity")
		if t.Maturity, err = integer(cr, capMaturity, ruleMaturity(l.s.Settings.Periods), 0); err != nil {
			return err
		}
		if t.Amortise, err = integer(cr, capAmortise, ruleAmortise(t.MaturityPeriod(l.s.Settings.Periods)+1), 0); err != nil {
			return err
		}
		if err := l.nums(cr, t.params()); err != nil {
			return err
		}
		t.Guarantor = cr.Field(capGuarantor)
		if v := cr.Field(capExcess); v != "" { // blank: yes
			excess, err := yesNo(v)
			if err != nil {
				return cr.Wrap(capExcess, err)
			}
			t.NoExcess = !excess
		}
		if f := l.s.checkTranche(&t, l.at); f != nil {
			return l.fault(cr, f)
		}
		// Orders, here with the cells' own text.
		if t.Cap != 0 && t.Floor != 0 && l.value(t.Cap) < l.value(t.Floor) {
			return cr.Errorf(capCap, "%w: the cap %s is below the floor %s", ErrRange, cr.Field(capCap), cr.Field(capFloor))
		}
		if t.Cap != 0 && t.Protected != 0 && l.value(t.Cap) < l.value(t.Protected) {
			return cr.Errorf(capCap, "%w: the cap %s is below the protected share %s", ErrRange, cr.Field(capCap), cr.Field(capProtected))
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
