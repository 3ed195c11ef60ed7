package scenario

import (
	"fmt"

	"github.com/sib-engine/sib/internal/csvio"
)

// Band is a discount rate that applies from a year after the start on.
type Band struct {
	From int     // years after the start
	Rate ParamID // the rate a year
}

// discount.csv: rates by year band, in place of the discount_rate setting.
const (
	discFrom = iota
	discRate
)

var discountCols = []csvio.Column{
	discFrom: {Name: "from_year", Required: true},
	discRate: {Name: "rate", Required: true},
}

func (l *loader) discount(cr *csvio.Reader) error {
	prev := -1
	for cr.Next() {
		from, err := integer(cr, discFrom, "the first year of the band, counted from the start (0 for the first)", 0, 1000, required)
		if err != nil {
			return err
		}
		if prev < 0 && from != 0 {
			return cr.Errorf(discFrom, "%w: the first band must start at year 0", ErrOrder)
		}
		if from <= prev {
			return cr.Errorf(discFrom, "%w: bands must be in increasing order of from_year (%d after %d)", ErrOrder, from, prev)
		}
		prev = from
		r, err := l.num(cr, discRate, fmt.Sprintf("discount.%d.rate", from), ruleBandRate, true)
		if err != nil {
			return err
		}
		l.s.Discount = append(l.s.Discount, Band{From: from, Rate: r})
	}
	return nil
}
