package scenario

import (
	"fmt"
	"slices"
	"strings"

	"github.com/sib-engine/sib/internal/csvio"
)

// Schedule is a tier table: points of (effect, value), with effects
// strictly increasing.
type Schedule struct {
	Name   string
	Effect []ParamID
	Value  []ParamID
	// Relative: the tiers' effects are shares of the metric's Baseline,
	// read at the effect over the baseline (threshold_of baseline).
	Relative bool
	// Strict: a tier is reached only above its effect (boundary above);
	// otherwise at or above it.
	Strict bool
	// PerDeal: the values are totals for the whole deal, read once at
	// the pooled effect when the last cohort is measured (value_per
	// deal); otherwise each participant's, read at each cohort's effect.
	PerDeal bool
}

// ScheduleID refers to one of a scenario's tier schedules; its zero value
// means none. A non-zero ScheduleID is one more than the schedule's index
// in Scenario.Tiers.
type ScheduleID int32

// Index returns the schedule's index in Scenario.Tiers. It panics on the
// zero ScheduleID.
func (id ScheduleID) Index() int {
	if id <= 0 {
		panic("scenario: Index of the zero ScheduleID, which refers to no schedule")
	}
	return int(id) - 1
}

// tiers.csv: a point of a schedule a row, schedules by name.
const (
	tierSchedule = iota
	tierEffect
	tierValue
	tierThresholdOf
	tierBoundary
	tierValuePer
)

var tierCols = []csvio.Column{
	tierSchedule: {Name: "schedule", Required: true},
	tierEffect:   {Name: "effect", Required: true},
	tierValue:    {Name: "value", Required: true},
	// A schedule's options: on its first row, and on later rows either
	// empty or the same.
	tierThresholdOf: {Name: "threshold_of"},
	tierBoundary:    {Name: "boundary"},
	tierValuePer:    {Name: "value_per"},
}

// params are the effect and value of each point of a schedule.
func (sc *Schedule) params() []paramField {
	var f []paramField
	for i := range min(len(sc.Effect), len(sc.Value)) {
		f = append(f, tierParams(sc.Name, i, sc.Relative, sc.PerDeal, &sc.Effect[i], &sc.Value[i])...)
	}
	return f
}

// tierParams are the effect and value of point i of schedule name, whose
// effects are shares of the baseline when relative and values deal
// totals when perDeal.
func tierParams(name string, i int, relative, perDeal bool, effect, value *ParamID) []paramField {
	p := fmt.Sprintf("tier.%s.%d.", name, i+1)
	re, rv := ruleTierEffect, ruleTierValue
	if relative {
		re = ruleTierRelEffect
	}
	if perDeal {
		rv = ruleTierTotal
	}
	return []paramField{field(effect, p, "effect", re), field(value, p, "value", rv)}
}

func (l *loader) scheduleID(name string) ScheduleID {
	return ScheduleID(slices.IndexFunc(l.s.Tiers, func(s Schedule) bool { return s.Name == name }) + 1)
}

func (l *loader) tiers(cr *csvio.Reader) error {
	for cr.Next() {
		name, err := l.name(cr, tierSchedule, "a schedule name")
		if err != nil {
			return err
		}
		id := l.scheduleID(name)
		if id == 0 {
			l.s.Tiers = append(l.s.Tiers, Schedule{Name: name})
			id = ScheduleID(len(l.s.Tiers))
		}
		sc := &l.s.Tiers[id.Index()]
		n := len(sc.Effect)
		if err := scheduleOptions(cr, sc, n == 0); err != nil {
			return err
		}
		var e, v ParamID
		if err := l.nums(cr, tierParams(name, n, sc.Relative, sc.PerDeal, &e, &v)); err != nil {
			return err
		}
		if f := checkTier(e, v); f != nil {
			return l.fault(cr, f)
		}
		// One of the Orders, here with the cells' own text.
		if n > 0 {
			if prev := l.value(sc.Effect[n-1]); l.value(e) <= prev {
				return cr.Errorf(tierEffect, "%w: tier thresholds must increase: %s is not above the previous tier's %s", ErrOrder, cr.Field(tierEffect), fmtFloat(prev))
			}
		}
		if err := l.commit(cr); err != nil {
			return err
		}
		sc.Effect = append(sc.Effect, e)
		sc.Value = append(sc.Value, v)
	}
	return nil
}

// scheduleOptions reads a schedule's options from a row of it: the first
// row's set them (first), a later row's must be empty or the same.
func scheduleOptions(cr *csvio.Reader, sc *Schedule, first bool) error {
	opts := []struct {
		col  int
		read func(*csvio.Reader, int) (bool, error)
		to   *bool
	}{{tierThresholdOf, thresholdOf, &sc.Relative}, {tierBoundary, boundary, &sc.Strict}, {tierValuePer, valuePer, &sc.PerDeal}}
	for _, o := range opts {
		v, err := o.read(cr, o.col)
		if err != nil {
			return err
		}
		switch {
		case first:
			*o.to = v
		case cr.Field(o.col) != "" && v != *o.to:
			return cr.Errorf(o.col, "%w: %s %q differs from the schedule's first row; a schedule's %s is given on its first row (later rows leave it empty or repeat it)", ErrInput, tierCols[o.col].Name, cr.Field(o.col), tierCols[o.col].Name)
		}
	}
	return nil
}

// valuePer reads column col: whether tier values are paid per
// participant (participant, the default) or as a total for the deal
// (deal).
func valuePer(cr *csvio.Reader, col int) (perDeal bool, err error) {
	switch strings.ToLower(cr.Field(col)) {
	case "", "participant":
		return false, nil
	case "deal":
		return true, nil
	}
	return false, cr.Errorf(col, "%w %q: expected participant (a value per participant of each cohort) or deal (a total for the deal, at the pooled effect)", ErrInput, cr.Field(col))
}
