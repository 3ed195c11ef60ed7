package scenario

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sib-engine/sib/internal/csvio"
)

// Actual is an outcome payment already made: what term Term paid in
// period Period, in cents. A scenario with actuals is a live contract
// re-forecast: over the periods up to the last actual one, the terms
// that have actuals pay them instead of what the model says (their
// payers' shares, the caps and the waterfall follow); after it, and for
// the other terms, the model pays.
type Actual struct {
	Term   int   // index in Scenario.Terms
	Period int   // 1-based period of the deal
	Cents  int64 // zero or more
	Line   int   // where it was read, for messages; 0 when built in code
}

// ActualsFile gives the outcome payments already made (optional): the
// actuals.csv that `sib claims --out` writes.
const ActualsFile = "actuals.csv"

// actuals.csv: a term's payment in a period a row.
const (
	actPeriod = iota
	actTerm
	actAmount
	actFrom
	actTo
)

var actualCols = []csvio.Column{
	actPeriod: {Name: "period", Required: true},
	actTerm:   {Name: "term", Required: true},
	actAmount: {Name: "amount", Required: true},
	actFrom:   {Name: "from"},
	actTo:     {Name: "to"},
}

// ActualsThrough returns the last period with an actual payment (1-based),
// 0 when the scenario has none: the terms with actuals pay them up to it.
func (s *Scenario) ActualsThrough() int {
	n := 0
	for _, a := range s.Actuals {
		n = max(n, a.Period)
	}
	return n
}

func (l *loader) actuals(cr *csvio.Reader) error {
	st := &l.s.Settings
	seen := map[[2]int]int{}
	for cr.Next() {
		name, err := cr.String(actTerm, "the term the payment was made under")
		if err != nil {
			return err
		}
		a := Actual{Term: l.termIndex(name), Line: cr.Line()}
		if a.Term < 0 {
			var n []string
			for _, t := range l.s.Terms {
				n = append(n, t.Name)
			}
			return cr.Errorf(actTerm, "%w: term %q is not in %s (terms: %s)", ErrUnknown, name, PaymentsFile, strings.Join(n, ", "))
		}
		if a.Period, err = integer(cr, actPeriod, intRule{1, st.Periods, "the period of the payment, within the horizon"}, required); err != nil {
			return err
		}
		for _, d := range []struct {
			col int
			at  time.Time
		}{{actFrom, st.PeriodStart(a.Period - 1)}, {actTo, st.PeriodEnd(a.Period - 1)}} {
			if v := cr.Field(d.col); v != "" {
				day, err := parseDate(v)
				if err != nil {
					return cr.Wrap(d.col, err)
				}
				if !day.Equal(d.at) {
					return cr.Errorf(d.col, "%w: period %d of the scenario runs from %s to %s, not %s: the claims contract's periods are not the scenario's (give the scenario the contract's start and period)", ErrInput, a.Period, st.PeriodStart(a.Period-1).Format(time.DateOnly), st.PeriodEnd(a.Period-1).Format(time.DateOnly), v)
				}
			}
		}
		if a.Cents, err = csvio.ParseCents(cr.Field(actAmount), cr.DecimalComma()); err != nil {
			return cr.Wrap(actAmount, err)
		}
		k := [2]int{a.Term, a.Period}
		if first, ok := seen[k]; ok {
			return cr.Errorf(actTerm, "%w: term %s's payment in period %d is given twice (also line %d)", ErrInput, name, a.Period, first)
		}
		seen[k] = cr.Line()
		l.s.Actuals = append(l.s.Actuals, a)
	}
	return nil
}

// CheckActuals checks the actuals (those built in code; Load checks what
// it reads, with positions): known terms, periods within the horizon,
// amounts of zero or more, one per term and period. sib.Compile calls it.
func (s *Scenario) CheckActuals() error {
	seen := map[[2]int]bool{}
	for i, a := range s.Actuals {
		switch k := [2]int{a.Term, a.Period}; {
		case a.Term < 0 || a.Term >= len(s.Terms):
			return fmt.Errorf("%w: actual %d: term %d is not in the scenario", ErrUnknown, i+1, a.Term)
		case a.Period < 1 || a.Period > s.Settings.Periods:
			return fmt.Errorf("%w: actual %d: period %d is outside the horizon (1-%d)", ErrRange, i+1, a.Period, s.Settings.Periods)
		case a.Cents < 0:
			return fmt.Errorf("%w: actual %d: a payment of %d cents is below zero", ErrRange, i+1, a.Cents)
		case seen[k]:
			return fmt.Errorf("%w: actual %d: term %s's payment in period %d is given twice", ErrInput, i+1, s.Terms[a.Term].Name, a.Period)
		default:
			seen[k] = true
		}
	}
	return nil
}

// ActualTerms returns, for each term, whether it has actuals.
func (s *Scenario) ActualTerms() []bool {
	out := make([]bool, len(s.Terms))
	for _, a := range s.Actuals {
		if a.Term >= 0 && a.Term < len(out) {
			out[a.Term] = true
		}
	}
	return slices.Clip(out)
}
