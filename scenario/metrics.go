package scenario

import (
	"slices"
	"strings"

	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/outcomes"
)

// Accrual says how a metric's outcomes fall over time.
type Accrual uint8

// Accruals.
const (
	// PerYear outcomes accrue evenly in every period of the window, at
	// the effect's rate per participant per year (avoided reconvictions
	// a year, custody days a year).
	PerYear Accrual = iota + 1
	// Once outcomes happen once per participant, at the end of the
	// window (in work at 12 months, school-ready at entry to school).
	Once
)

func (a Accrual) String() string {
	if a == Once {
		return "once"
	}
	return "year"
}

// Metric is an outcome and its effect: the improvement per participant
// against the counterfactual, positive when better.
type Metric struct {
	Name string
	Unit string
	Per  Accrual
	// From and To bound the window of periods after entry (1 = the entry
	// period) in which outcomes accrue, and To is when they are measured.
	From, To int
	// Baseline, Effect and Decay (the share of the effect lost each year
	// after the first) are parameters; Baseline is for reports and
	// relative thresholds only.
	Baseline, Effect, Decay ParamID
	// CohortEffect[c] overrides Effect for cohort c (zero: use Effect).
	// It has one entry a cohort.
	CohortEffect []ParamID
	// Effect and CohortEffect are the contract's effect, measured against
	// the comparison group: payments count, test and price it. The state's
	// savings count the appraisal effect, the measured one times
	// (1 − Deadweight) × (1 − Displacement) × Attribution, shares in [0, 1]
	// (zero ParamIDs: 0, 0 and 1, the measured effect itself).
	Deadweight, Displacement, Attribution ParamID
	// Design is how the evaluator measures the effect (design.go): from
	// the outcomes folder for an effect measured there; zero when not
	// known.
	Design Design
}

// metrics.csv: a metric a row, and rows with a cohort that give that
// cohort's own effect.
const (
	metName = iota
	metCohort
	metPer
	metFrom
	metTo
	metBaseline
	metEffect
	metDecay
	metUnit
	metDeadweight
	metDisplacement
	metAttribution
)

var metricCols = []csvio.Column{
	metName:     {Name: "metric", Required: true},
	metCohort:   {Name: "cohort"},
	metPer:      {Name: "per"},
	metFrom:     {Name: "from"},
	metTo:       {Name: "to"},
	metBaseline: {Name: "baseline"},
	metEffect:   {Name: "effect"},
	metDecay:    {Name: "decay"},
	metUnit:     {Name: "unit"},
	// The additionality of the state's savings (the appraisal effect).
	metDeadweight:   {Name: "deadweight"},
	metDisplacement: {Name: "displacement"},
	metAttribution:  {Name: "attribution"},
}

// params are a metric's own parameters; cohortEffect gives those of its
// cohorts.
func (m *Metric) params() []paramField {
	p := "outcome." + m.Name + "."
	return []paramField{
		field(&m.Baseline, p, "baseline", ruleBaseline),
		field(&m.Effect, p, "effect", ruleEffect),
		field(&m.Decay, p, "decay", ruleDecay),
		field(&m.Deadweight, p, "deadweight", ruleDeadweight),
		field(&m.Displacement, p, "displacement", ruleDisplacement),
		field(&m.Attribution, p, "attribution", ruleAttribution),
	}
}

// additionality are the fields of a metric's shares, the last three of
// params, with their values in an outcomes folder's adjustment a.
func (m *Metric) additionality(a outcomes.Adjustment) ([]paramField, [3]float64) {
	f := m.params()
	return f[len(f)-3:], [3]float64{a.Deadweight, a.Displacement, a.Attribution}
}

// cohortEffect is the field of cohort c's own effect on the metric.
func (m *Metric) cohortEffect(c int, cohort string) paramField {
	return field(&m.CohortEffect[c], "outcome."+m.Name+"."+cohort+".", "effect", ruleCohortEffect)
}

func (l *loader) metricIndex(name string) int {
	return slices.IndexFunc(l.s.Metrics, func(m Metric) bool { return m.Name == name })
}

func (l *loader) metricNames() string {
	var n []string
	for _, m := range l.s.Metrics {
		n = append(n, m.Name)
	}
	return strings.Join(n, ", ")
}

func (l *loader) metrics(cr *csvio.Reader) error {
	for cr.Next() {
		name, err := l.name(cr, metName, "a metric name")
		if err != nil {
			return err
		}
		if ch := cr.Field(metCohort); ch != "" {
			if err := l.cohortEffect(cr, name, ch); err != nil {
				return err
			}
			continue
		}
		m := Metric{Name: name, Unit: cr.Field(metUnit), Per: PerYear, CohortEffect: make([]ParamID, len(l.s.Cohorts))}
		switch strings.ToLower(cr.Field(metPer)) {
		case "", "year":
		case "once":
			m.Per = Once
		default:
			return cr.Errorf(metPer, "%w %q: expected year (outcomes a participant-year) or once (one outcome a participant)", ErrInput, cr.Field(metPer))
		}
		P := l.s.Settings.Periods
		l.timingCell(cr, metFrom, "outcome."+name+".from")
		l.timingCell(cr, metTo, "outcome."+name+".to")
		if m.From, err = integer(cr, metFrom, ruleWindowFrom(P), 1); err != nil {
			return err
		}
		if m.To, err = integer(cr, metTo, ruleWindowTo(P), required); err != nil {
			return err
		}
		if err := l.metricParams(cr, &m); err != nil {
			return err
		}
		if f := l.s.checkMetric(&m, l.at); f != nil {
			return l.fault(cr, f)
		}
		if err := l.commit(cr); err != nil {
			return err
		}
		l.s.Metrics = append(l.s.Metrics, m)
		l.added(cr)
	}
	if err := cr.Err(); err != nil {
		return err
	}
	if len(l.s.Metrics) == 0 {
		return &InputError{File: cr.Name(), Err: none("metrics")}
	}
	return nil
}

// cohortEffect reads a cohort row: the cohort's own effect, overriding
// the metric's.
func (l *loader) cohortEffect(cr *csvio.Reader, name, ch string) error {
	mi := l.metricIndex(name)
	if mi < 0 {
		return cr.Errorf(metName, "%w: metric %s has no row of its own above this cohort row", ErrUnknown, name)
	}
	ci := l.cohortIndex(ch)
	if ci < 0 {
		return cr.Errorf(metCohort, "%w: cohort %q is not in %s", ErrUnknown, ch, CohortsFile)
	}
	for _, col := range []int{metPer, metFrom, metTo, metBaseline, metDecay, metUnit, metDeadweight, metDisplacement, metAttribution} {
		if cr.Field(col) != "" {
			return cr.Errorf(col, "%w: a cohort row gives the cohort's effect only; leave %s empty", ErrInput, metricCols[col].Name)
		}
	}
	m := &l.s.Metrics[mi]
	if m.CohortEffect[ci] != 0 {
		return cr.Errorf(metCohort, "%w: cohort %s of metric %s is given twice", ErrInput, ch, name)
	}
	var err error
	if m.CohortEffect[ci], err = l.num(cr, metEffect, m.cohortEffect(ci, ch), true); err != nil {
		return err
	}
	return l.commit(cr)
}

// measured, in the effect column of metrics.csv, takes the outcomes
// folder's measured effect, and its adjustments for the savings.
const measured = "measured"

// metricParams reads a metric row's parameters: the effect from the
// cell, or from the outcomes folder when the cell is empty (the folder's
// net effect) or says measured (its measured effect, with its
// adjustments for the shares the row leaves empty).
func (l *loader) metricParams(cr *csvio.Reader, m *Metric) error {
	cell := cr.Field(metEffect)
	fromFolder := l.effects != nil && cell == ""
	asMeasured := strings.EqualFold(cell, measured)
	if asMeasured && l.effects == nil {
		return cr.Errorf(metEffect, "%w: %s takes the measured effect from an outcomes folder, and %s names none", ErrInput, measured, ScenarioFile)
	}
	for _, f := range m.params() {
		var err error
		switch {
		case f.col == "effect" && fromFolder:
			err = l.studyEffects(cr, m, f, l.effects, "")
		case f.col == "effect" && asMeasured:
			err = l.studyEffects(cr, m, f, l.measured, ", measured")
			m.Design = l.designs[m.Name]
		default:
			*f.id, err = l.num(cr, l.col(f.col), f, false)
		}
		if err != nil {
			return err
		}
	}
	a, ok := l.adjust[m.Name]
	shares, folder := m.additionality(a)
	for i, f := range shares {
		switch {
		case fromFolder && *f.id != 0:
			return cr.Errorf(l.col(f.col), "%w: the outcomes folder's effect is net of its own adjustments already; write %s in effect to take its measured effect (paid on) and count %s in the savings alone", ErrInput, measured, f.col)
		case asMeasured && ok && *f.id == 0:
			*f.id = l.push(metEffect, f.rule.param(f.name, folder[i], "outcomes: "+l.s.Settings.Outcomes+" ("+outcomes.AdjustmentsFile+")"))
		}
	}
	return nil
}

// studyEffects takes a metric's effects, pooled (into field f) and by
// cohort, from the outcomes folder's effects (net or measured, as how
// says).
func (l *loader) studyEffects(cr *csvio.Reader, m *Metric, f paramField, effects map[[2]string]float64, how string) error {
	name := m.Name
	e, ok := effects[[2]string{name, outcomes.PooledCohort}]
	if !ok {
		return cr.Errorf(metEffect, "%w: no effect given, and metric %s is not in the outcomes folder %s", ErrUnknown, name, l.s.Settings.Outcomes)
	}
	*f.id = l.push(metEffect, f.rule.param(f.name, e, "outcomes: "+l.s.Settings.Outcomes+" (pooled"+how+")"))
	for ci, c := range l.s.Cohorts {
		if e, ok := effects[[2]string{name, c.Name}]; ok {
			ce := m.cohortEffect(ci, c.Name)
			*ce.id = l.push(metEffect, ce.rule.param(ce.name, e, "outcomes: "+l.s.Settings.Outcomes+" (cohort "+c.Name+how+")"))
		}
	}
	return nil
}

// studyBaseline gives the metric of term t the outcomes folder's pooled
// baseline (the comparison group's level) when t's thresholds or schedule
// are relative to a baseline that metrics.csv leaves empty; col is the
// column that asked for it.
func (l *loader) studyBaseline(cr *csvio.Reader, col int, t *Term) error {
	m := &l.s.Metrics[t.Metric]
	relative := t.Relative || t.Schedule != 0 && l.s.Tiers[t.Schedule.Index()].Relative
	if !relative || m.Baseline != 0 {
		return nil
	}
	b, ok := l.baselines[m.Name]
	if !ok {
		return nil // checkTerm says the baseline is missing
	}
	f := m.params()[0]
	if !f.rule.holds(b) {
		return cr.Errorf(col, "%w: the outcomes folder's baseline of metric %s, %s, is not a level (%s must be zero or more)", ErrRange, m.Name, fmtFloat(b), f.rule.doc)
	}
	m.Baseline = l.push(col, f.rule.param(f.name, b, "outcomes: "+l.s.Settings.Outcomes+" (pooled baseline)"))
	return nil
}
