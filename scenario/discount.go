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

// params is the band's rate.
func (b *Band) params() []paramField {
	return []paramField{field(&b.Rate, fmt.Sprintf("discount.%d.", b.From), "rate", ruleBandRate)}
}

func (l *loader) discount(cr *csvio.Reader) error {
	for cr.Next() {
		if at := l.scheduleAt; at != "" {
			return cr.Errorf(0, "%w: discount rates are given here and by discount_schedule at %s: keep one", ErrInput, at)
		}
		var b Band
		var err error
		if b.From, err = integer(cr, discFrom, ruleFromYear, required); err != nil {
			return err
		}
		if err := l.nums(cr, b.params()); err != nil {
			return err
		}
		if f := l.s.checkBand(&b, l.at); f != nil {
			return l.fault(cr, f)
		}
		if err := l.commit(cr); err != nil {
			return err
		}
		l.s.Discount = append(l.s.Discount, b)
	}
	return nil
}
