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

func (l *loader) cohorts(cr *csvio.Reader) error {
	st := &l.s.Settings
	if err := l.cohortsFit(); err != nil {
		return err
	}
	seen := map[string]int{}
	var prev time.Time
	prevLine := 0
	for cr.Next() {
		name, err := l.name(cr, cohName, "a cohort name")
		if err != nil {
			return err
		}
		if line := seen[name]; line > 0 {
			return cr.Errorf(cohName, "%w: cohort %s is given twice (also line %d)", ErrInput, name, line)
		}
		seen[name] = cr.Line()
		c := Cohort{Name: name}
		if c.Entry, err = parseDate(cr.Field(cohEntry)); err != nil {
			return cr.Wrap(cohEntry, err)
		}
		if c.Entry.Before(st.Start) {
			return cr.Errorf(cohEntry, "%w: entry %s is before the deal's start %s", ErrOrder, cr.Field(cohEntry), st.Start.Format(time.DateOnly))
		}
		if prevLine > 0 && c.Entry.Before(prev) {
			return cr.Errorf(cohEntry, "%w: entry %s is before the previous cohort's entry %s (line %d); list cohorts by entry date", ErrOrder, cr.Field(cohEntry), prev.Format(time.DateOnly), prevLine)
		}
		prev, prevLine = c.Entry, cr.Line()
		c.Period = st.periodOf(c.Entry)
		if c.Period >= st.Periods {
			return cr.Errorf(cohEntry, "%w: entry %s is after the horizon (%d periods from %s)", ErrOrder, cr.Field(cohEntry), st.Periods, st.Start.Format(time.DateOnly))
		}
		if c.Size, err = l.num(cr, cohSize, "cohort."+name+".size", ruleCohortSize, true); err != nil {
			return err
		}
		if c.TakeUp, err = l.num(cr, cohTakeUp, "cohort."+name+".take_up", ruleTakeUp, false); err != nil {
			return err
		}
		l.s.Cohorts = append(l.s.Cohorts, c)
	}
	if err := cr.Err(); err != nil {
		return err
	}
	if len(l.s.Cohorts) == 0 {
		return &InputError{File: cr.Name(), Err: fmt.Errorf("%w: no cohorts", ErrInput)}
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
