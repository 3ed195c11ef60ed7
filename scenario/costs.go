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
	// Subordinated (fees only; rank = subordinated in fees.csv) ranks the
	// fee below the investors: it is paid from what is left of the
	// period's outcome payments after the tranches' target returns and
	// principal, before the excess, never from capital; what that cash
	// does not cover is forgone.
	Subordinated bool
	// OnceRepaid (subordinated fees only; when = repaid) pays the fee only
	// in periods after whose repayments no tranche is owed anything by the bond.
	OnceRepaid bool
	// AfterTerm (subordinated fees only; when = term:NAME) is one more
	// than the index in Scenario.Terms of the term whose test gates the
	// fee (0: none): the fee is paid only from the period in which that
	// term's test first passed (a cohort test, for any cohort, or the
	// pooled test; a term without a cohort test: the period it first
	// pays something); what falls due before is forgone.
	AfterTerm int
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
	costRank // fees only
	costWhen // fees only
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
	feeCols = append(append([]csvio.Column{costName: {Name: "fee", Required: true}}, deliveryCols[costName+1:]...),
		csvio.Column{Name: "rank"}, csvio.Column{Name: "when"})
)

// params is the amount of a delivery cost or fee (a share for
// ShareOfPayments).
func (c *CostItem) params() []paramField {
	p, r := "delivery.", ruleAmount
	if c.Fee {
		p = "fee."
	}
	if c.Basis == ShareOfPayments {
		r = ruleFeeShare
	}
	return []paramField{field(&c.Amount, p+c.Name+".", "amount", r)}
}

func (l *loader) delivery(cr *csvio.Reader) error { return l.costItems(cr, false) }
func (l *loader) fees(cr *csvio.Reader) error     { return l.costItems(cr, true) }

func (l *loader) costItems(cr *csvio.Reader, fee bool) error {
	for cr.Next() {
		name, err := l.name(cr, costName, "a name")
		if err != nil {
			return err
		}
		c := CostItem{Name: name, Fee: fee}
		if c.Party, err = l.name(cr, costParty, "the party paid"); err != nil {
			return err
		}
		if c.Basis, err = costBasisOf(cr, fee); err != nil {
			return err
		}
		if err := l.nums(cr, c.params()); err != nil {
			return err
		}
		if c.From, c.To, err = l.costSpan(cr, c.Basis); err != nil {
			return err
		}
		if fee {
			if err := l.feeRank(cr, &c); err != nil {
				return err
			}
		}
		if f := l.s.checkCost(&c, l.at); f != nil {
			return l.fault(cr, f)
		}
		if err := l.commit(cr); err != nil {
			return err
		}
		if fee {
			l.s.Fees = append(l.s.Fees, c)
		} else {
			l.s.Delivery = append(l.s.Delivery, c)
		}
		l.added(cr)
	}
	return nil
}

// feeRank reads a fee's rank (senior, the default, or subordinated) and
// when it is paid (always, the default, repaid, or term:NAME, a term of
// payments.csv).
func (l *loader) feeRank(cr *csvio.Reader, c *CostItem) error {
	switch v := strings.ToLower(cr.Field(costRank)); v {
	case "", "senior":
	case "subordinated":
		c.Subordinated = true
	default:
		return cr.Errorf(costRank, "%w %q: expected senior or subordinated", ErrInput, cr.Field(costRank))
	}
	switch v := strings.ToLower(cr.Field(costWhen)); v {
	case "", "always":
	case "repaid":
		c.OnceRepaid = true
	default:
		if !strings.HasPrefix(v, "term:") {
			return cr.Errorf(costWhen, "%w %q: expected always or repaid, or term:NAME (a term of %s)", ErrInput, cr.Field(costWhen), PaymentsFile)
		}
		// The term's name as written (names are case-sensitive).
		name := strings.TrimSpace(cr.Field(costWhen)[len("term:"):])
		j := l.termIndex(name)
		if j < 0 {
			names := make([]string, len(l.s.Terms))
			for i, t := range l.s.Terms {
				names[i] = t.Name
			}
			return cr.Errorf(costWhen, "%w: term %q is not in %s (terms: %s)", ErrUnknown, name, PaymentsFile, strings.Join(names, ", "))
		}
		c.AfterTerm = j + 1
	}
	return nil
}

// costBasisOf reads a cost's basis; share_of_payments only for a fee.
// Delivery costs, fees and the commissioner's own costs share it.
func costBasisOf(cr *csvio.Reader, fee bool) (CostBasis, error) {
	i := slices.Index(costBasisNames, strings.ToLower(cr.Field(costBasis)))
	b := CostBasis(max(i, 0))
	if i <= 0 || (b == ShareOfPayments && !fee) {
		return b, cr.Errorf(costBasis, "%w %q: expected %s", ErrInput, cr.Field(costBasis), costBases(fee))
	}
	return b, nil
}

// costSpan reads a cost's first and last periods: from 1 and to the
// horizon by default, an upfront cost's to its from.
func (l *loader) costSpan(cr *csvio.Reader, b CostBasis) (from, to int, err error) {
	P := l.s.Settings.Periods
	if from, err = integer(cr, costFrom, ruleCostFrom(P), 1); err != nil {
		return 0, 0, err
	}
	last := P
	if b == Upfront {
		last = from
	}
	to, err = integer(cr, costTo, ruleCostTo(P), last)
	return from, to, err
}
