package scenario

import (
	"slices"
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
	// Costs pays a share of the bond's delivery costs, whatever the
	// results (unless a threshold says otherwise): a periodic term only.
	Costs
)

var basisNames = []string{"", "outcomes", "savings", "tiered", "costs"}

func (b Basis) String() string { return basisNames[b] }

// Measure is what a term's tests and schedule are read on, and when.
type Measure uint8

// Measures. The zero value is MeasureCohort, the default.
const (
	// MeasureCohort reads each cohort's effect when the cohort is
	// measured (the end of its window), and the pooled effect when the
	// last cohort is.
	MeasureCohort Measure = iota
	// MeasurePeriod reads, in every period from From to To, the measured
	// rate of all cohorts in that period.
	MeasurePeriod
	// MeasureYear reads, at the end of every year counted from From (the
	// last one may end early, at To), the measured rate of all cohorts in
	// that year.
	MeasureYear
)

var measureNames = []string{"cohort", "period", "year"}

func (m Measure) String() string { return measureNames[m] }

// Switch is when a Savings term with ShareAfter applies the share that
// switches once investors are repaid: to what is earned after the
// switch, or to what is paid after it.
type Switch uint8

// Switches. The zero value, SwitchDefault, is a cell or field not given:
// Load and Build read it as SwitchWhenPaid on a Savings term with
// ShareAfter, as contracts say, or SwitchWhenEarned when the term also has
// a ParticipantCap (a cohort's payment is not known until it is paid for
// all cohorts together); it stays SwitchDefault on other terms.
const (
	SwitchDefault Switch = iota
	// SwitchWhenEarned fixes the share when a saving is earned: with a
	// lag of L periods, the payments drop L + 1 periods after the
	// period in which investors were repaid.
	SwitchWhenEarned
	// SwitchWhenPaid applies the share in force when a payment is made:
	// the first payment after the investors are repaid is at ShareAfter,
	// whenever its saving was earned, and the payment that crosses
	// repayment is split (the part that repays the investors' balance
	// at Share, the rest of its saving at ShareAfter).
	SwitchWhenPaid
)

var switchNames = []string{"default", "when_earned", "when_paid"}

func (w Switch) String() string { return switchNames[w] }

// Term is one payment term of the contract.
type Term struct {
	Name   string
	Metric int // index in Scenario.Metrics
	Payer  string
	Basis  Basis
	// Cashable: a Savings term values savings at the cashable rate (the
	// long-run marginal cost: variable and step lines) instead of the
	// gross unit cost.
	Cashable bool
	// Once: an outcome is claimable once per participant (a cohort's
	// claims are capped at its participants).
	Once bool
	// Linear interpolates a tier schedule between its points; otherwise
	// it steps.
	Linear bool
	// Relative: the term's thresholds are shares of the metric's
	// Baseline, tested on the effect over the baseline (pooled:
	// Σ n·e / Σ n·baseline), not effects in the metric's unit.
	Relative bool
	// Strict: a threshold is passed only above it (boundary above);
	// otherwise at or above it (at_least, the default).
	Strict   bool
	Schedule ScheduleID // a Tiered term's schedule
	Lag      int        // periods from the outcome (or test) to the payment
	// Measure: by cohort (the default), or every period or year on the
	// outcomes of all cohorts in it (a periodic term; a Costs term is
	// always periodic, MeasurePeriod when not given).
	Measure Measure
	// From and To (1-based periods of the deal, a periodic term's only)
	// bound the periods the term measures and pays for; a Builder and
	// Load give a periodic term 1 and the horizon when they are zero.
	From, To int
	// Parameters (zero when not given). Price is an Outcomes term's;
	// Share a Savings or a Costs term's; ShareAfter and Interest a
	// Savings term's.
	Price, Share, ShareAfter, Interest, ParticipantCap ParamID
	Threshold, PooledThreshold, CapPeriod, CapTotal    ParamID
	// Switch: when a Savings term with ShareAfter switches its share,
	// on what is earned (the zero value) or on what is paid.
	Switch Switch
	// CapGroup: the rate-card term shares its group's cap per
	// participant with the group's other terms (zero: none); Requires:
	// a participant achieves its outcome only after that term's, its
	// prerequisite, above it in the same group (zero: none).
	CapGroup CapGroupID
	Requires TermID
	// ThresholdBands and PooledBands: the cohort test's and the pooled
	// test's threshold read from a size schedule (threshold_bands.csv) at
	// the participants tested, instead of Threshold and PooledThreshold
	// (zero: none; one or the other, not both).
	ThresholdBands, PooledBands SizeScheduleID
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
	payThresholdOf
	payBoundary
	payMeasure
	payFrom
	payTo
	paySwitch
	payCapGroup
	payRequires
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
	payThresholdOf:    {Name: "threshold_of"},
	payBoundary:       {Name: "boundary"},
	payMeasure:        {Name: "measure"},
	payFrom:           {Name: "from"},
	payTo:             {Name: "to"},
	paySwitch:         {Name: "switch"},
	payCapGroup:       {Name: "cap_group"},
	payRequires:       {Name: "requires"},
}

// basisCols are the columns only one basis may fill (or two: share is
// a Savings or a Costs term's).
var basisCols = []struct {
	col         int
	basis, also Basis
}{{payPrice, Outcomes, 0}, {payShare, Savings, Costs}, {payShareAfter, Savings, 0}, {payInterest, Savings, 0}, {payValue, Savings, 0}, {paySwitch, Savings, 0}}

// bases names the basis a column is for, or the two.
func bases(b, also Basis) string {
	if also == 0 {
		return b.String()
	}
	return b.String() + " or " + also.String()
}

// params are what a term pays and its limits, in column order.
func (t *Term) params() []paramField {
	p := "term." + t.Name + "."
	threshold, pooled := ruleThreshold, rulePooledThreshold
	if t.Relative {
		threshold, pooled = ruleRelThreshold, ruleRelPooledThreshold
	}
	if t.Measure != MeasureCohort {
		threshold = rulePeriodThreshold
		if t.Relative {
			threshold = ruleRelPeriodThreshold
		}
	}
	share := ruleShare
	if t.Basis == Costs {
		share = ruleCostShare
	}
	return []paramField{
		field(&t.Price, p, "price", rulePrice),
		field(&t.Share, p, "share", share),
		field(&t.ShareAfter, p, "share_after", ruleShareAfter),
		field(&t.Interest, p, "interest", ruleInterest),
		field(&t.ParticipantCap, p, "participant_cap", ruleParticipantCap),
		field(&t.Threshold, p, "threshold", threshold),
		field(&t.PooledThreshold, p, "pooled_threshold", pooled),
		field(&t.CapPeriod, p, "cap_period", ruleTermCapPeriod),
		field(&t.CapTotal, p, "cap_total", ruleTermCapTotal),
	}
}

func (l *loader) payments(cr *csvio.Reader) error {
	for cr.Next() {
		name, err := l.name(cr, payTerm, "a term name")
		if err != nil {
			return err
		}
		t, err := l.term(cr, name)
		if err != nil {
			return err
		}
		if f := l.s.checkTerm(&t, l.at); f != nil {
			return l.fault(cr, f)
		}
		if err := l.commit(cr); err != nil {
			return err
		}
		l.s.Terms = append(l.s.Terms, t)
		l.added(cr)
	}
	if err := cr.Err(); err != nil {
		return err
	}
	if len(l.s.Terms) == 0 {
		return &InputError{File: cr.Name(), Err: none("payment terms")}
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
	if err := l.measure(cr, &t); err != nil {
		return t, err
	}
	if t.Relative, err = thresholdOf(cr, payThresholdOf); err != nil {
		return t, err
	}
	if t.Strict, err = boundary(cr, payBoundary); err != nil {
		return t, err
	}
	fields, err := l.sizedCells(cr, &t, t.params())
	if err != nil {
		return t, err
	}
	if err := l.nums(cr, fields); err != nil {
		return t, err
	}
	if err := l.schedule(cr, &t); err != nil {
		return t, err
	}
	if err := l.studyBaseline(cr, payThresholdOf, &t); err != nil {
		return t, err
	}
	if err := switchOf(cr, &t); err != nil {
		return t, err
	}
	switch v := strings.ToLower(cr.Field(payClaims)); v {
	case "", "repeat":
	case "once":
		t.Once = true
	default:
		return t, cr.Errorf(payClaims, "%w %q: expected once (one claim a participant) or repeat", ErrInput, cr.Field(payClaims))
	}
	if err := l.capGroupCells(cr, &t); err != nil {
		return t, err
	}
	l.timingCell(cr, payLag, "term."+name+".lag")
	t.Lag, err = integer(cr, payLag, ruleLag, 0)
	return t, err
}

// basis reads a term's basis, and whether a savings term values savings
// at the cashable rate; the columns of other bases must be empty.
func (l *loader) basis(cr *csvio.Reader, t *Term) error {
	switch strings.ToLower(cr.Field(payBasis)) {
	case "outcomes":
		t.Basis = Outcomes
	case "savings":
		t.Basis = Savings
	case "tiered":
		t.Basis = Tiered
	case "costs":
		t.Basis = Costs
	default:
		return cr.Errorf(payBasis, "%w %q: expected outcomes (a price per outcome), savings (a share of measured savings), tiered (a schedule in %s) or costs (a share of the delivery costs)", ErrInput, cr.Field(payBasis), TiersFile)
	}
	for _, c := range basisCols {
		if t.Basis != c.basis && t.Basis != c.also && cr.Field(c.col) != "" {
			return cr.Errorf(c.col, "%w: %s is for basis %s; this term's basis is %s", ErrInput, paymentCols[c.col].Name, bases(c.basis, c.also), t.Basis)
		}
	}
	switch strings.ToLower(cr.Field(payValue)) {
	case "", "gross":
	case "cashable":
		t.Cashable = true
	default:
		return cr.Errorf(payValue, "%w %q: expected gross or cashable", ErrInput, cr.Field(payValue))
	}
	return nil
}

// measure reads how a term is measured, and the periods a periodic term
// measures and pays for (1 and the horizon when empty); a Costs term is
// periodic, by period when the column is empty.
func (l *loader) measure(cr *csvio.Reader, t *Term) error {
	switch v := strings.ToLower(cr.Field(payMeasure)); v {
	case "":
		if t.Basis == Costs {
			t.Measure = MeasurePeriod
		}
	case "cohort", "period", "year":
		t.Measure = Measure(slices.Index(measureNames, v))
	default:
		return cr.Errorf(payMeasure, "%w %q: expected cohort (each cohort's effect over its window), period or year (the measured rate of all cohorts in each period or year of the deal)", ErrInput, cr.Field(payMeasure))
	}
	if t.Measure == MeasureCohort {
		for _, c := range []int{payFrom, payTo} {
			if cr.Field(c) != "" {
				return cr.Errorf(c, "%w: %s bounds the periods a periodic term (measure period or year) measures and pays for; this term is measured by cohort, over each cohort's window", ErrInput, paymentCols[c].Name)
			}
		}
		return nil
	}
	P := l.s.Settings.Periods
	l.timingCell(cr, payFrom, "term."+t.Name+".from")
	l.timingCell(cr, payTo, "term."+t.Name+".to")
	var err error
	if t.From, err = integer(cr, payFrom, ruleTermFrom(P), 1); err != nil {
		return err
	}
	t.To, err = integer(cr, payTo, ruleTermTo(P), P)
	return err
}

// switchOf reads when a savings term's share switches: when_paid (the
// default, see SwitchDefault) or when_earned. It is for a term with
// share_after and participant_cap, read before.
func switchOf(cr *csvio.Reader, t *Term) error {
	v := strings.ToLower(cr.Field(paySwitch))
	if v == "" {
		t.defaultSwitch()
		return nil
	}
	i := slices.Index(switchNames, v)
	if i <= 0 {
		return cr.Errorf(paySwitch, "%w %q: expected when_paid (the share in force when a payment is made: the first payment after investors are repaid is at share_after) or when_earned (the share in force when the saving is earned)", ErrInput, cr.Field(paySwitch))
	}
	if t.ShareAfter == 0 {
		return cr.Errorf(paySwitch, "%w: switch says when the share switches to share_after, which is empty: give share_after and interest, or leave switch empty", ErrInput)
	}
	t.Switch = Switch(i)
	return nil
}

// schedule reads a tiered term's schedule and interpolation.
func (l *loader) schedule(cr *csvio.Reader, t *Term) error {
	if s := cr.Field(paySchedule); s != "" {
		if t.Schedule = l.scheduleID(s); t.Schedule == 0 {
			return cr.Errorf(paySchedule, "%w: schedule %q is not in %s", ErrUnknown, s, TiersFile)
		}
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

// thresholdOf reads column col: whether thresholds are effects (effect,
// the default) or shares of the metric's baseline (baseline).
func thresholdOf(cr *csvio.Reader, col int) (relative bool, err error) {
	switch strings.ToLower(cr.Field(col)) {
	case "", "effect":
		return false, nil
	case "baseline":
		return true, nil
	}
	return false, cr.Errorf(col, "%w %q: expected effect (thresholds in the metric's unit) or baseline (thresholds as a share of the metric's baseline: 0.1 for a 10%% reduction)", ErrInput, cr.Field(col))
}

// boundary reads column col: whether a threshold is passed at it
// (at_least, the default) or only above it (above).
func boundary(cr *csvio.Reader, col int) (strict bool, err error) {
	switch strings.ToLower(cr.Field(col)) {
	case "", "at_least":
		return false, nil
	case "above":
		return true, nil
	}
	return false, cr.Errorf(col, "%w %q: expected at_least (passed at the threshold) or above (passed only above it)", ErrInput, cr.Field(col))
}

// defaultSwitch gives a term whose Switch is not given the default (see
// SwitchDefault), for Load and Build alike.
func (t *Term) defaultSwitch() {
	if t.Switch != SwitchDefault || t.Basis != Savings || t.ShareAfter == 0 {
		return
	}
	t.Switch = SwitchWhenPaid
	if t.ParticipantCap != 0 {
		t.Switch = SwitchWhenEarned
	}
}
