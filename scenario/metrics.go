package scenario

import (
	"fmt"
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
	lines := map[string]int{}
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
		if line := lines[name]; line > 0 {
			return cr.Errorf(metName, "%w: metric %s is given twice (also line %d)", ErrInput, name, line)
		}
		lines[name] = cr.Line()
		m := Metric{Name: name, Unit: cr.Field(metUnit), Per: PerYear, CohortEffect: make([]ParamID, len(l.s.Cohorts))}
		switch strings.ToLower(cr.Field(metPer)) {
		case "", "year":
		case "once":
			m.Per = Once
		default:
			return cr.Errorf(metPer, "%w %q: expected year (outcomes a participant-year) or once (one outcome a participant)", ErrInput, cr.Field(metPer))
		}
		maxP := l.s.Settings.Periods
		if m.From, err = integer(cr, metFrom, "the first period of the window after entry (1 = the entry period)", 1, maxP, 1); err != nil {
			return err
		}
		if m.To, err = integer(cr, metTo, "the last period of the window after entry", 1, maxP, required); err != nil {
			return err
		}
		if m.To < m.From {
			return cr.Errorf(metTo, "%w: the window ends (period %d) before it begins (period %d)", ErrOrder, m.To, m.From)
		}
		if m.Baseline, err = l.num(cr, metBaseline, "outcome."+name+".baseline", ruleBaseline, false); err != nil {
			return err
		}
		if cr.Field(metEffect) == "" && l.effects != nil {
			if err := l.studyEffects(cr, &m); err != nil {
				return err
			}
		} else if m.Effect, err = l.num(cr, metEffect, "outcome."+name+".effect", ruleEffect, true); err != nil {
			return err
		}
		if m.Decay, err = l.num(cr, metDecay, "outcome."+name+".decay", ruleDecay, false); err != nil {
			return err
		}
		l.s.Metrics = append(l.s.Metrics, m)
	}
	if err := cr.Err(); err != nil {
		return err
	}
	if len(l.s.Metrics) == 0 {
		return &InputError{File: cr.Name(), Err: fmt.Errorf("%w: no metrics", ErrInput)}
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
	for _, col := range []int{metPer, metFrom, metTo, metBaseline, metDecay, metUnit} {
		if cr.Field(col) != "" {
			return cr.Errorf(col, "%w: a cohort row gives the cohort's effect only; leave %s empty", ErrInput, metricCols[col].Name)
		}
	}
	m := &l.s.Metrics[mi]
	if m.CohortEffect[ci] != 0 {
		return cr.Errorf(metCohort, "%w: cohort %s of metric %s is given twice", ErrInput, ch, name)
	}
	var err error
	m.CohortEffect[ci], err = l.num(cr, metEffect, "outcome."+name+"."+ch+".effect", ruleCohortEffect, true)
	return err
}

// studyEffects takes a metric's effects, pooled and by cohort, from the
// outcomes folder.
func (l *loader) studyEffects(cr *csvio.Reader, m *Metric) error {
	name := m.Name
	e, ok := l.effects[[2]string{name, outcomes.PooledCohort}]
	if !ok {
		return cr.Errorf(metEffect, "%w: no effect given, and metric %s is not in the outcomes folder %s", ErrUnknown, name, l.s.Settings.Outcomes)
	}
	var err error
	if m.Effect, err = l.s.addParam(ruleEffect.from("outcome."+name+".effect", e, "outcomes: "+l.s.Settings.Outcomes+" (pooled)")); err != nil {
		return cr.Wrap(metEffect, err)
	}
	for ci, c := range l.s.Cohorts {
		if e, ok := l.effects[[2]string{name, c.Name}]; ok {
			if m.CohortEffect[ci], err = l.s.addParam(ruleCohortEffect.from("outcome."+name+"."+c.Name+".effect", e, "outcomes: "+l.s.Settings.Outcomes+" (cohort "+c.Name+")")); err != nil {
				return cr.Wrap(metEffect, err)
			}
		}
	}
	return nil
}
