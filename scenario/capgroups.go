package scenario

import (
	"slices"
	"strings"

	"github.com/sib-engine/sib/internal/csvio"
)

// CapGroup is a cap per participant shared by rate-card terms: the most a
// participant earns over all the group's outcomes (the DWP Innovation
// Fund's, the Youth Engagement Fund's and the Fair Chance Fund's maximum
// payment per participant). It acts on each person's total, not on the
// cohort's average: the engine works out the expected capped payment
// exactly from the outcomes' achievement rates and their prerequisites
// (docs/scenario.md, "Cap groups").
type CapGroup struct {
	Name string
	Cap  ParamID // the cap per participant, over the group's terms
	Note string
}

// CapGroupID refers to one of a scenario's cap groups; its zero value
// means none. A non-zero CapGroupID is one more than the group's index in
// Scenario.CapGroups.
type CapGroupID int32

// Index returns the group's index in Scenario.CapGroups. It panics on the
// zero CapGroupID.
func (id CapGroupID) Index() int {
	if id <= 0 {
		panic("scenario: Index of the zero CapGroupID, which refers to no cap group")
	}
	return int(id) - 1
}

// TermID refers to one of a scenario's terms; its zero value means none.
// A non-zero TermID is one more than the term's index in Scenario.Terms.
type TermID int32

// Index returns the term's index in Scenario.Terms. It panics on the zero
// TermID.
func (id TermID) Index() int {
	if id <= 0 {
		panic("scenario: Index of the zero TermID, which refers to no term")
	}
	return int(id) - 1
}

// MaxCapGroupTerms bounds the terms of one cap group: the engine's exact
// expectation visits each set of outcomes a participant can achieve, up to
// 2^16 = 65,536 of them for each cohort and evaluation.
const MaxCapGroupTerms = 16

// CapGroupsFile gives the cap groups of rate-card terms (optional).
const CapGroupsFile = "cap_groups.csv"

// cap_groups.csv: a group a row.
const (
	cgName = iota
	cgCap
	cgNote
)

var capGroupCols = []csvio.Column{
	cgName: {Name: "cap_group", Required: true},
	cgCap:  {Name: "participant_cap", Required: true},
	cgNote: {Name: "note"},
}

var ruleGroupCap = paramRule{lo: 0, hi: inf, doc: "the cap on a participant's payments over all the terms of the cap group"}

// params are the group's cap.
func (g *CapGroup) params() []paramField {
	return []paramField{field(&g.Cap, "cap_group."+g.Name+".", "participant_cap", ruleGroupCap)}
}

func (l *loader) capGroups(cr *csvio.Reader) error {
	for cr.Next() {
		name, err := l.name(cr, cgName, "a cap group")
		if err != nil {
			return err
		}
		g := CapGroup{Name: name, Note: cr.Field(cgNote)}
		if g.Cap, err = l.num(cr, cgCap, g.params()[0], true); err != nil {
			return err
		}
		if f := l.s.checkCapGroup(&g, l.at); f != nil {
			return l.fault(cr, f)
		}
		if err := l.commit(cr); err != nil {
			return err
		}
		l.s.CapGroups = append(l.s.CapGroups, g)
		l.added(cr)
	}
	return nil
}

// checkCapGroup checks a cap group against those before it.
func (s *Scenario) checkCapGroup(g *CapGroup, at func(int) string) *fault {
	if f := badName("cap_group", "a cap group", g.Name); f != nil {
		return f
	}
	if j := slices.IndexFunc(s.CapGroups, func(x CapGroup) bool { return x.Name == g.Name }); j >= 0 {
		return faultf("cap_group", "%w: cap group %s is given twice (also %s)", ErrInput, g.Name, at(j))
	}
	if g.Cap == 0 {
		return missing("participant_cap", ruleGroupCap)
	}
	return nil
}

// capGroupID returns the ID of the named cap group, or 0.
func (l *loader) capGroupID(name string) CapGroupID {
	return CapGroupID(slices.IndexFunc(l.s.CapGroups, func(g CapGroup) bool { return g.Name == name }) + 1)
}

// capGroupCells reads a term's cap group and prerequisite: a group of
// cap_groups.csv, and a term above it in payments.csv.
func (l *loader) capGroupCells(cr *csvio.Reader, t *Term) error {
	if g := cr.Field(payCapGroup); g != "" {
		if t.CapGroup = l.capGroupID(g); t.CapGroup == 0 {
			names := "none"
			if len(l.s.CapGroups) > 0 {
				var n []string
				for _, x := range l.s.CapGroups {
					n = append(n, x.Name)
				}
				names = strings.Join(n, ", ")
			}
			return cr.Errorf(payCapGroup, "%w: cap group %q has no cap: give its participant_cap in %s (cap groups: %s)", ErrUnknown, g, CapGroupsFile, names)
		}
	}
	if r := cr.Field(payRequires); r != "" {
		j := l.termIndex(r)
		if j < 0 {
			return cr.Errorf(payRequires, "%w: term %q is not above this one in %s: a prerequisite is listed before the terms that require it (so no cycle can be written)", ErrUnknown, r, PaymentsFile)
		}
		t.Requires = TermID(j + 1)
	}
	return nil
}

// checkCapGroupTerm checks a term's cap group and prerequisite against
// the terms before it (Scenario.Terms so far): a rate card claimable
// once a participant, on a metric counted once a participant; a
// prerequisite above it in the same group, achieved no later.
func (s *Scenario) checkCapGroupTerm(t *Term) *fault {
	if t.CapGroup == 0 && t.Requires == 0 {
		return nil
	}
	m := &s.Metrics[t.Metric]
	switch {
	case t.CapGroup < 0 || int(t.CapGroup) > len(s.CapGroups):
		return faultf("cap_group", "%w: cap group %d is not in the scenario", ErrUnknown, t.CapGroup)
	case t.Requires < 0 || int(t.Requires) > len(s.Terms):
		return faultf("requires", "%w: term %d is not above this one: a prerequisite is listed before the terms that require it (so no cycle can be written)", ErrUnknown, t.Requires)
	case t.CapGroup == 0:
		return faultf("requires", "%w: a prerequisite shapes which outcomes a participant achieves together, which matters only under a cap per participant: give the term a cap_group", ErrInput)
	case t.Basis != Outcomes || t.Measure != MeasureCohort:
		return faultf("cap_group", "%w: a cap group caps what a participant earns over rate-card outcomes: basis outcomes, measured by cohort; this term's basis is %s", ErrInput, t.Basis)
	case !t.Once:
		return faultf("cap_group", "%w: a cap group's outcomes are claimable once a participant: give claims once", ErrInput)
	case m.Per != Once:
		return faultf("cap_group", "%w: a cap group's outcomes are achieved once a participant: metric %s must be per once, its effect the share of participants who achieve it", ErrInput, m.Name)
	case t.ParticipantCap != 0:
		return faultf("participant_cap", "%w: the term is in cap group %s, whose cap per participant covers it: leave participant_cap empty", ErrInput, s.CapGroups[t.CapGroup.Index()].Name)
	}
	n := 1
	for _, x := range s.Terms {
		if x.CapGroup == t.CapGroup {
			n++
		}
	}
	if n > MaxCapGroupTerms {
		return faultf("cap_group", "%w: cap group %s has more than %d terms", ErrRange, s.CapGroups[t.CapGroup.Index()].Name, MaxCapGroupTerms)
	}
	if t.Requires == 0 {
		return nil
	}
	a := &s.Terms[t.Requires.Index()]
	switch am := &s.Metrics[a.Metric]; {
	case a.CapGroup != t.CapGroup:
		return faultf("requires", "%w: prerequisite %s is not in this term's cap group: a prerequisite and the terms that require it share a cap group", ErrInput, a.Name)
	case am.To > m.To:
		return faultf("requires", "%w: prerequisite %s is achieved at the end of its window (period %d after entry), after this term's (period %d): a participant achieves this outcome only after %s", ErrOrder, a.Name, am.To, m.To, a.Name)
	}
	return nil
}
