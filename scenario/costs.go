package scenario

import (
	"slices"
	"strings"

	"github.com/sib-engine/sib/internal/csvio"
)

// CostBasis is how a delivery cost or fee is incurred.
type CostBasis uint8

// Cost bases.
const (
	PerParticipant       CostBasis = iota + 1 // once per participant, at entry
	PerParticipantPeriod                      // per participant, every period of the window after entry
	PerPeriod                                 // every period of the window of the deal
	Upfront                                   // once, in the window's first period of the deal
	ShareOfPayments                           // fees only: a share of the outcome payments received
)

var costBasisNames = []string{"", "per_participant", "per_participant_period", "per_period", "upfront", "share_of_payments"}

func (b CostBasis) String() string { return costBasisNames[b] }

// CostItem is a delivery cost or a fee paid by the bond.
type CostItem struct {
	Name   string
	Party  string
	Basis  CostBasis
	Amount ParamID
	// From and To bound the periods (1-based, of the deal for PerPeriod
	// and Upfront, after entry for the per-participant bases).
	From, To int
	Fee      bool
}

// delivery.csv and fees.csv: an item a row, the same columns but the
// first's name.
const (
	costName = iota
	costParty
	costBasis
	costAmount
	costFrom
	costTo
)

var (
	deliveryCols = []csvio.Column{
		costName:   {Name: "item", Required: true},
		costParty:  {Name: "party", Required: true},
		costBasis:  {Name: "basis", Required: true},
		costAmount: {Name: "amount", Required: true},
		costFrom:   {Name: "from"},
		costTo:     {Name: "to"},
	}
	feeCols = append([]csvio.Column{costName: {Name: "fee", Required: true}}, deliveryCols[costName+1:]...)
)

func (l *loader) delivery(cr *csvio.Reader) error { return l.costItems(cr, false) }
func (l *loader) fees(cr *csvio.Reader) error     { return l.costItems(cr, true) }

func (l *loader) costItems(cr *csvio.Reader, fee bool) error {
	lines := map[string]int{}
	kind, prefix := "item", "delivery."
	if fee {
		kind, prefix = "fee", "fee."
	}
	for cr.Next() {
		name, err := l.name(cr, costName, "a name")
		if err != nil {
			return err
		}
		if line := lines[name]; line > 0 {
			return cr.Errorf(costName, "%w: %s %s is given twice (also line %d)", ErrInput, kind, name, line)
		}
		lines[name] = cr.Line()
		c := CostItem{Name: name, Fee: fee}
		if c.Party, err = l.name(cr, costParty, "the party paid"); err != nil {
			return err
		}
		b := strings.ToLower(cr.Field(costBasis))
		i := slices.Index(costBasisNames, b)
		c.Basis = CostBasis(max(i, 0))
		if i <= 0 || (c.Basis == ShareOfPayments && !fee) {
			allowed := "per_participant, per_participant_period, per_period or upfront"
			if fee {
				allowed += ", or share_of_payments"
			}
			return cr.Errorf(costBasis, "%w %q: expected %s", ErrInput, cr.Field(costBasis), allowed)
		}
		r := ruleAmount
		if c.Basis == ShareOfPayments {
			r = ruleFeeShare
		}
		if c.Amount, err = l.num(cr, costAmount, prefix+name+".amount", r, true); err != nil {
			return err
		}
		maxP := l.s.Settings.Periods
		if c.From, err = integer(cr, costFrom, "the first period", 1, maxP, 1); err != nil {
			return err
		}
		def := maxP
		if c.Basis == Upfront {
			def = c.From
		}
		if c.To, err = integer(cr, costTo, "the last period", 1, maxP, def); err != nil {
			return err
		}
		if c.To < c.From {
			return cr.Errorf(costTo, "%w: period %d is before the first period %d", ErrOrder, c.To, c.From)
		}
		if fee {
			l.s.Fees = append(l.s.Fees, c)
		} else {
			l.s.Delivery = append(l.s.Delivery, c)
		}
	}
	return nil
}
