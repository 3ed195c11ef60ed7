package claims

import (
	"slices"
	"strings"

	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/internal/money"
)

// PaymentMade is one payment a payer made to the provider (a row of
// paid.csv), in cents: negative for a recovery (a clawback).
type PaymentMade struct {
	Date      Date // the day paid
	Payer     string
	Cents     int64
	Reference string // the payment's reference, for the reader; optional
	Line      int    // where it was read, for messages; 0 when built in code
}

// Owed is what one payer owes the provider as of a day: what the claims
// booked for the payment periods that are over, less what it has paid.
type Owed struct {
	Payer string
	// Due is what the claims booked for the payer in the periods over
	// (1 to Result.Through: with Options.AsOf, those over by that day;
	// else up to the last period with a payment).
	Due int64
	// Paid is the payer's payments made (Contract.Paid) on or before the
	// as-of day (every one without Options.AsOf), recoveries netted.
	Paid int64
	// DueNext is what the claims booked so far for the period in
	// progress (Result.Partial): not due until it is over.
	DueNext int64
}

// Balance is Due − Paid: what the payer still owes, negative when it has
// paid more than is due (overpaid).
func (o Owed) Balance() int64 { return o.Due - o.Paid }

// checkPaid checks payments made built in code: each by a payer of the
// contract, the amounts within the engine's limit in all (so that every
// sum is exact). It returns the payment at fault.
func (c *Contract) checkPaid() (int, error) {
	payers := c.payerNames()
	var abs int64
	for i, p := range c.Paid {
		if !slices.Contains(payers, p.Payer) {
			return i, unknownPayer(p.Payer, payers)
		}
		if p.Cents > money.MaxCents || p.Cents < -money.MaxCents {
			return i, paidTooMuch()
		}
		if abs += max(p.Cents, -p.Cents); abs > money.MaxCents {
			return i, paidTooMuch()
		}
	}
	return 0, nil
}

func unknownPayer(p string, payers []string) error {
	return inputf("unknown payer %q: the payers are %s", p, strings.Join(payers, ", "))
}

func paidTooMuch() error {
	return inputf("the payments made are more than the engine's limit of %s in all (amounts counted without their sign)", fmtCents(money.MaxCents))
}

// owe fills res.Owed (by payer, in the order of res.Payers), the payments
// made after the as-of day (left out), the references given twice
// (res.RepeatedRefs), and each payment period's Paid:
// a payer's payments, recoveries netted, go to its periods over oldest
// first, each taking at most what it booked; what is left over is
// overpaid, and a net recovery goes to none.
func (res *Result) owe(paid []PaymentMade, asOf Date) {
	idx := make(map[string]int, len(res.Payers))
	res.Owed = make([]Owed, len(res.Payers))
	for j, p := range res.Payers {
		idx[p] = j
		res.Owed[j].Payer = p
	}
	first := map[string]int{}
	for _, m := range paid {
		if m.Reference != "" {
			if line, ok := first[m.Reference]; ok {
				res.RepeatedRefs = append(res.RepeatedRefs, RepeatedRef{Reference: m.Reference, Line: m.Line, First: line})
			} else {
				first[m.Reference] = m.Line
			}
		}
		if asOf != 0 && m.Date > asOf {
			res.PaidLater++
			res.PaidLaterCents += m.Cents
			continue
		}
		res.Owed[idx[m.Payer]].Paid += m.Cents
	}
	left := make([]int64, len(res.Owed))
	for j, o := range res.Owed {
		left[j] = max(o.Paid, 0)
	}
	for i := range res.Payments {
		p := &res.Payments[i]
		j := idx[p.Payer]
		switch {
		case p.Period <= res.Through:
			res.Owed[j].Due += p.Cents
			p.Paid = min(left[j], p.Cents)
			left[j] -= p.Paid
		case p.Period == res.Partial:
			res.Owed[j].DueNext += p.Cents
		}
	}
}

var paidCols = []csvio.Column{{Name: "date", Required: true}, {Name: "payer", Required: true}, {Name: "amount", Required: true}, {Name: "reference"}}

const (
	mDate = iota
	mPayer
	mAmount
	mReference
)

// readPaid reads paid.csv: the payments made, each by a payer of the
// contract, at most two decimals, negative for a recovery.
func (l *loader) readPaid(r *csvio.Reader) error {
	c := l.c
	c.PaidGiven = true
	payers := c.payerNames()
	var abs int64
	for r.Next() {
		d, err := ParseDate(r.Field(mDate))
		if err != nil {
			return r.Wrap(mDate, err)
		}
		payer, err := r.String(mPayer, "the payer who paid")
		if err != nil {
			return err
		}
		if !slices.Contains(payers, payer) {
			return r.Wrap(mPayer, unknownPayer(payer, payers))
		}
		cents, err := r.SignedCents(mAmount)
		if err != nil {
			return err
		}
		// Each amount is under 10^13 units (csvio): the sum of their sizes
		// cannot overflow before it passes the limit.
		if abs += max(cents, -cents); abs > money.MaxCents {
			return r.Wrap(mAmount, paidTooMuch())
		}
		c.Paid = append(c.Paid, PaymentMade{Date: d, Payer: payer, Cents: cents, Reference: r.Field(mReference), Line: r.Line()})
	}
	return r.Err()
}
