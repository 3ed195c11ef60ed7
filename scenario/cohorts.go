package scenario

import (
	"fmt"
	"slices"
	"time"

	"github.com/sib-engine/sib/internal/csvio"
)

// Cohort is a group of participants who enter in one period.
type Cohort struct {
	Name   string
	Entry  time.Time
	Period int // 0-based period of entry
	// Participants are Size × TakeUp (TakeUp 1 when not given).
	Size, TakeUp ParamID
}

// cohorts.csv: one cohort a row, by entry date.
const (
	cohName = iota
	cohEntry
	cohSize
	cohTakeUp
)

var cohortCols = []csvio.Column{
	cohName:   {Name: "cohort", Required: true},
	cohEntry:  {Name: "entry", Required: true},
	cohSize:   {Name: "size", Required: true},
	cohTakeUp: {Name: "take_up"},
}

// periodOf returns the 0-based period of a date on or after the start.
func (st *Settings) periodOf(d time.Time) int {
	months := (d.Year()-st.Start.Year())*12 + int(d.Month()-st.Start.Month())
	return months / st.Months
}

// params are a cohort's size and take-up.
func (c *Cohort) params() []paramField {
	p := "cohort." + c.Name + "."
	return []paramField{field(&c.Size, p, "size", ruleCohortSize), field(&c.TakeUp, p, "take_up", ruleTakeUp)}
}

func (l *loader) cohorts(cr *csvio.Reader) error {
	st := &l.s.Settings
	if err := l.cohortsFit(); err != nil {
		return err
	}
	for cr.Next() {
		name, err := l.name(cr, cohName, "a cohort name")
		if err != nil {
			return err
		}
		c := Cohort{Name: name}
		if c.Entry, err = parseDate(cr.Field(cohEntry)); err != nil {
			return cr.Wrap(cohEntry, err)
		}
		c.Period = st.periodOf(c.Entry)
		if err := l.nums(cr, c.params()); err != nil {
			return err
		}
		if f := l.s.checkCohort(&c, l.at); f != nil {
			return l.fault(cr, f)
		}
		if err := l.commit(cr); err != nil {
			return err
		}
		l.s.Cohorts = append(l.s.Cohorts, c)
		l.added(cr)
	}
	if err := cr.Err(); err != nil {
		return err
	}
	if len(l.s.Cohorts) == 0 {
		return &InputError{File: cr.Name(), Err: none("cohorts")}
	}
	return nil
}

// cohortsFit counts the rows of cohorts.csv in a first pass, so that a
// file of a million cohorts fails in a fraction of a second and before
// any is registered: one metric's outcomes alone take cohorts × periods
// floats.
func (l *loader) cohortsFit() error {
	st := &l.s.Settings
	if st.Periods <= 0 {
		return nil
	}
	budget := l.limits.OrDefault().MemoryBytes
	most := budget / (int64(st.Periods) * 8)
	f, err := l.open(l.file)
	if err != nil {
		return err
	}
	defer f.Close()
	line, err := f.RecordLine(most + 1)
	if err != nil {
		return err
	}
	if line > 0 {
		return &csvio.Error{File: l.file, Line: int(line), Column: 1, Field: "cohort", Err: csvio.LimitError(fmt.Sprintf("more than %d cohorts × %d periods need more than %s for one metric's outcomes alone", most, st.Periods, csvio.FormatSize(budget)), "memory", budget)}
	}
	return nil
}

func (l *loader) cohortIndex(name string) int {
	return slices.IndexFunc(l.s.Cohorts, func(c Cohort) bool { return c.Name == name })
}
