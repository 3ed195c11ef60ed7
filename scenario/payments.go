package scenario

import (
	"fmt"
	"strings"

	"github.com/sib-engine/sib/internal/csvio"
)

// Basis is what a payment term pays for.
type Basis uint8

// Payment bases.
const (
	// Outcomes pays a price per outcome (a rate card).
	Outcomes Basis = iota + 1
	// Savings pays a share of the metric's measured savings.
	Savings
	// Tiered pays each participant an amount read from a schedule at the
	// cohort's effect, when the cohort is measured.
	Tiered
)

var basisNames = []string{"", "outcomes", "savings", "tiered"}

func (b Basis) String() string { return basisNames[b] }

// Term is one payment term of the contract.
type Term struct {
	Name   string
	Metric int // index in Scenario.Metrics
	Payer  string
	Basis  Basis
	// Cashable: a Savings term values savings at the cashable (marginal)
	// rate instead of the gross unit cost.
	Cashable bool
	// Once: an outcome is claimable once per participant (a cohort's
	// claims are capped at its participants).
	Once bool
	// Linear interpolates a tier schedule between its points; otherwise
	// it steps.
	Linear   bool
	Schedule ScheduleID // a Tiered term's schedule
	Lag      int        // periods from the outcome (or test) to the payment
	// Parameters (zero when not given). Price is an Outcomes term's;
	// Share, ShareAfter and Interest a Savings term's.
	Price, Share, ShareAfter, Interest, ParticipantCap ParamID
	Threshold, PooledThreshold, CapPeriod, CapTotal    ParamID
}

// payments.csv: a term a row.
const (
	payTerm = iota
	payMetric
	payPayer
	payBasis
	payValue
	payPrice
	payShare
	payShareAfter
	payInterest
	payClaims
	payParticipantCap
	payThreshold
	payPooled
	paySchedule
	payInterp
	payCapPeriod
	payCapTotal
	payLag
)

var paymentCols = []csvio.Column{
	payTerm:           {Name: "term", Required: true},
	payMetric:         {Name: "metric", Required: true},
	payPayer:          {Name: "payer", Required: true},
	payBasis:          {Name: "basis", Required: true},
	payValue:          {Name: "value"},
	payPrice:          {Name: "price"},
	payShare:          {Name: "share"},
	payShareAfter:     {Name: "share_after"},
	payInterest:       {Name: "interest"},
	payClaims:         {Name: "claims"},
	payParticipantCap: {Name: "participant_cap"},
	payThreshold:      {Name: "threshold"},
	payPooled:         {Name: "pooled_threshold"},
	paySchedule:       {Name: "schedule"},
	payInterp:         {Name: "interpolation"},
	payCapPeriod:      {Name: "cap_period"},
	payCapTotal:       {Name: "cap_total"},
	payLag:            {Name: "lag"},
}

// basisCols are the columns only one basis may fill.
var basisCols = []struct {
	col   int
	basis Basis
}{{payPrice, Outcomes}, {payShare, Savings}, {payShareAfter, Savings}, {payInterest, Savings}, {payValue, Savings}}

func (l *loader) payments(cr *csvio.Reader) error {
	lines := map[string]int{}
	for cr.Next() {
		name, err := l.name(cr, payTerm, "a term name")
		if err != nil {
			return err
		}
		if line := lines[name]; line > 0 {
			return cr.Errorf(payTerm, "%w: term %s is given twice (also line %d)", ErrInput, name, line)
		}
		lines[name] = cr.Line()
		t, err := l.term(cr, name)
		if err != nil {
			return err
		}
		l.s.Terms = append(l.s.Terms, t)
	}
	if err := cr.Err(); err != nil {
		return err
	}
	if len(l.s.Terms) == 0 {
		return &InputError{File: cr.Name(), Err: fmt.Errorf("%w: no payment terms", ErrInput)}
	}
	return nil
}

// term reads the row of term name.
func (l *loader) term(cr *csvio.Reader, name string) (Term, error) {
	t := Term{Name: name}
	mname, err := cr.String(payMetric, "a metric")
	if err != nil {
		return t, err
	}
	if t.Metric = l.metricIndex(mname); t.Metric < 0 {
		return t, cr.Errorf(payMetric, "%w: metric %q is not in %s (metrics: %s)", ErrUnknown, mname, MetricsFile, l.metricNames())
	}
	if t.Payer, err = l.name(cr, payPayer, "the paying agency"); err != nil {
		return t, err
	}
	if err := l.basis(cr, &t); err != nil {
		return t, err
	}
	for _, c := range basisCols {
		if t.Basis != c.basis && cr.Field(c.col) != "" {
			return t, cr.Errorf(c.col, "%w: %s is for basis %s; this term's basis is %s", ErrInput, paymentCols[c.col].Name, c.basis, t.Basis)
		}
	}
	if err := l.schedule(cr, &t); err != nil {
		return t, err
	}
	switch v := strings.ToLower(cr.Field(payClaims)); v {
	case "", "repeat":
	case "once":
		if t.Basis != Outcomes {
			return t, cr.Errorf(payClaims, "%w: claims once limits the outcomes a rate card pays for; this term's basis is %s", ErrInput, t.Basis)
		}
		t.Once = true
	default:
		return t, cr.Errorf(payClaims, "%w %q: expected once (one claim a participant) or repeat", ErrInput, cr.Field(payClaims))
	}
	if err := l.termLimits(cr, &t); err != nil {
		return t, err
	}
	if t.Lag, err = integer(cr, payLag, "the measurement lag in periods", 0, 1200, 0); err != nil {
		return t, err
	}
	if t.Lag >= l.s.Settings.Periods {
		return t, cr.Errorf(payLag, "%w: the horizon (%d periods) is not longer than the measurement lag (%d periods): nothing could ever be paid", ErrRange, l.s.Settings.Periods, t.Lag)
	}
	return t, nil
}

// basis reads a term's basis and what it pays: a price, or shares.
func (l *loader) basis(cr *csvio.Reader, t *Term) error {
	p := "term." + t.Name + "."
	var err error
	switch b := strings.ToLower(cr.Field(payBasis)); b {
	case "outcomes":
		t.Basis = Outcomes
		t.Price, err = l.num(cr, payPrice, p+"price", rulePrice, true)
		return err
	case "savings":
		t.Basis = Savings
		if t.Share, err = l.num(cr, payShare, p+"share", ruleShare, true); err != nil {
			return err
		}
		if t.ShareAfter, err = l.num(cr, payShareAfter, p+"share_after", ruleShareAfter, false); err != nil {
			return err
		}
		if t.Interest, err = l.num(cr, payInterest, p+"interest", ruleInterest, t.ShareAfter != 0); err != nil {
			return err
		}
		if t.Interest != 0 && t.ShareAfter == 0 {
			return cr.Errorf(payInterest, "%w: interest is the condition for switching to share_after, which is empty: give share_after, or leave interest empty", ErrInput)
		}
		switch v := strings.ToLower(cr.Field(payValue)); v {
		case "", "gross":
		case "cashable":
			t.Cashable = true
		default:
			return cr.Errorf(payValue, "%w %q: expected gross or cashable", ErrInput, cr.Field(payValue))
		}
		return nil
	case "tiered":
		t.Basis = Tiered
		return nil
	}
	return cr.Errorf(payBasis, "%w %q: expected outcomes (a price per outcome), savings (a share of measured savings) or tiered (a schedule in %s)", ErrInput, cr.Field(payBasis), TiersFile)
}

// schedule reads a tiered term's schedule and interpolation.
func (l *loader) schedule(cr *csvio.Reader, t *Term) error {
	if s := cr.Field(paySchedule); s != "" {
		if t.Schedule = l.scheduleID(s); t.Schedule == 0 {
			return cr.Errorf(paySchedule, "%w: schedule %q is not in %s", ErrUnknown, s, TiersFile)
		}
		if t.Basis != Tiered {
			return cr.Errorf(paySchedule, "%w: a schedule is for basis tiered", ErrInput)
		}
	} else if t.Basis == Tiered {
		return cr.Errorf(paySchedule, "%w: basis tiered needs a schedule from %s", csvio.ErrEmpty, TiersFile)
	}
	switch v := strings.ToLower(cr.Field(payInterp)); v {
	case "", "step":
	case "linear":
		t.Linear = true
	default:
		return cr.Errorf(payInterp, "%w %q: expected step or linear", ErrInput, cr.Field(payInterp))
	}
	return nil
}

// termLimits reads a term's caps and thresholds.
func (l *loader) termLimits(cr *csvio.Reader, t *Term) error {
	p := "term." + t.Name + "."
	for _, f := range []struct {
		id   *ParamID
		col  int
		rule paramRule
	}{
		{&t.ParticipantCap, payParticipantCap, ruleParticipantCap},
		{&t.Threshold, payThreshold, ruleThreshold},
		{&t.PooledThreshold, payPooled, rulePooledThreshold},
		{&t.CapPeriod, payCapPeriod, ruleTermCapPeriod},
		{&t.CapTotal, payCapTotal, ruleTermCapTotal},
	} {
		var err error
		if *f.id, err = l.num(cr, f.col, p+paymentCols[f.col].Name, f.rule, false); err != nil {
			return err
		}
	}
	return nil
}
