package scenario

import (
	"fmt"

	"slices"

	"github.com/sib-engine/sib/internal/csvio"
)

// Schedule is a tier table: points of (effect, value), with effects
// strictly increasing.
type Schedule struct {
	Name   string
	Effect []ParamID
	Value  []ParamID
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
)

var tierCols = []csvio.Column{
	tierSchedule: {Name: "schedule", Required: true},
	tierEffect:   {Name: "effect", Required: true},
	tierValue:    {Name: "value", Required: true},
}

// params are the effect and value of each point of a schedule.
func (sc *Schedule) params() []paramField {
	var f []paramField
	for i := range min(len(sc.Effect), len(sc.Value)) {
		f = append(f, tierParams(sc.Name, i, &sc.Effect[i], &sc.Value[i])...)
	}
	return f
}

// tierParams are the effect and value of point i of schedule name.
func tierParams(name string, i int, effect, value *ParamID) []paramField {
	p := fmt.Sprintf("tier.%s.%d.", name, i+1)
	return []paramField{field(effect, p, "effect", ruleTierEffect), field(value, p, "value", ruleTierValue)}
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
		var e, v ParamID
		if err := l.nums(cr, tierParams(name, n, &e, &v)); err != nil {
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
