package scenario

import (
	"slices"
	"strings"

	"github.com/sib-engine/sib/internal/csvio"
)

// CoPayer is an agency that pays a share of a term's payment beside the
// term's own payer (co-commissioning): a central fund that tops up each
// local payment. The term is earned, tested and capped as one; its
// payment in each period is then split: each co-payer pays its Share,
// and the term's Payer (the lead commissioner) what the co-payers'
// shares leave, 1 − Σ Share.
type CoPayer struct {
	Term  int    // index in Scenario.Terms
	Payer string // the co-paying agency; not the term's own payer
	Share ParamID
}

// PayerCap caps what one agency pays over every term it pays, as a
// term's payer or as a co-payer: a commissioner's maximum potential
// outcome payments. The part of its share a cap cuts is not paid by
// anyone: the term pays that much less.
type PayerCap struct {
	Payer               string
	CapPeriod, CapTotal ParamID
}

// payers.csv: a co-payer of a term a row.
const (
	copTerm = iota
	copPayer
	copShare
)

var coPayerCols = []csvio.Column{
	copTerm:  {Name: "term", Required: true},
	copPayer: {Name: "payer", Required: true},
	copShare: {Name: "share", Required: true},
}

// payer_caps.csv: a payer a row.
const (
	pcPayer = iota
	pcCapPeriod
	pcCapTotal
)

var payerCapCols = []csvio.Column{
	pcPayer:     {Name: "payer", Required: true},
	pcCapPeriod: {Name: "cap_period"},
	pcCapTotal:  {Name: "cap_total"},
}

// coPayerParams are the share of a co-payer of one of s's terms (none
// when the term is not in s: checkCoPayer says so).
func (s *Scenario) coPayerParams(c *CoPayer) []paramField {
	if c.Term < 0 || c.Term >= len(s.Terms) {
		return nil
	}
	return []paramField{field(&c.Share, "payer."+s.Terms[c.Term].Name+"."+c.Payer+".", "share", ruleCoPayerShare)}
}

// params are a payer's caps.
func (c *PayerCap) params() []paramField {
	p := "payer." + c.Payer + "."
	return []paramField{
		field(&c.CapPeriod, p, "cap_period", rulePayerCapPeriod),
		field(&c.CapTotal, p, "cap_total", rulePayerCapTotal),
	}
}

// TermPayers returns the agencies that pay term j: its payer, then its
// co-payers in their order.
func (s *Scenario) TermPayers(j int) []string {
	n := []string{s.Terms[j].Payer}
	for _, c := range s.CoPayers {
		if c.Term == j {
			n = append(n, c.Payer)
		}
	}
	return n
}

// pays reports whether agency a pays for any term, as its payer or as a
// co-payer.
func (s *Scenario) pays(a string) bool {
	return slices.ContainsFunc(s.Terms, func(t Term) bool { return t.Payer == a }) ||
		slices.ContainsFunc(s.CoPayers, func(c CoPayer) bool { return c.Payer == a })
}

// payerNames lists the agencies that pay for a term, for messages.
func (s *Scenario) payerNames() string {
	var n []string
	for _, t := range s.Terms {
		n = append(n, t.Payer)
	}
	for _, c := range s.CoPayers {
		n = append(n, c.Payer)
	}
	slices.Sort(n)
	return strings.Join(slices.Compact(n), ", ")
}

func (l *loader) termIndex(name string) int {
	return slices.IndexFunc(l.s.Terms, func(t Term) bool { return t.Name == name })
}

func (l *loader) coPayers(cr *csvio.Reader) error {
	for cr.Next() {
		tname, err := cr.String(copTerm, "a term")
		if err != nil {
			return err
		}
		c := CoPayer{Term: l.termIndex(tname)}
		if c.Term < 0 {
			names := make([]string, len(l.s.Terms))
			for i, t := range l.s.Terms {
				names[i] = t.Name
			}
			return cr.Errorf(copTerm, "%w: term %q is not in %s (terms: %s)", ErrUnknown, tname, PaymentsFile, strings.Join(names, ", "))
		}
		if c.Payer, err = l.name(cr, copPayer, "the co-paying agency"); err != nil {
			return err
		}
		if c.Share, err = l.num(cr, copShare, l.s.coPayerParams(&c)[0], true); err != nil {
			return err
		}
		if f := l.s.checkCoPayer(&c, l.at); f != nil {
			return l.fault(cr, f)
		}
		if err := l.commit(cr); err != nil {
			return err
		}
		l.s.CoPayers = append(l.s.CoPayers, c)
		l.added(cr)
	}
	return nil
}

func (l *loader) payerCaps(cr *csvio.Reader) error {
	for cr.Next() {
		name, err := l.name(cr, pcPayer, "a paying agency")
		if err != nil {
			return err
		}
		c := PayerCap{Payer: name}
		if err := l.nums(cr, c.params()); err != nil {
			return err
		}
		if f := l.s.checkPayerCap(&c, l.at); f != nil {
			return l.fault(cr, f)
		}
		if err := l.commit(cr); err != nil {
			return err
		}
		l.s.PayerCaps = append(l.s.PayerCaps, c)
		l.added(cr)
	}
	return nil
}
