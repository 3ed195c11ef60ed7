package scenario

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/sib-engine/sib/internal/csvio"
)

// ThresholdBandsFile holds thresholds that scale with the size of what
// is tested (optional): a schedule of (size, threshold) points that a
// term's threshold or pooled_threshold names instead of a number.
const ThresholdBandsFile = "threshold_bands.csv"

// SizeSchedule is a threshold that depends on the number of participants
// tested, as Medicare's minimum savings rate depends on an ACO's assigned
// beneficiaries (42 CFR 425.604(b)): a small cohort's measured effect is
// noisier, so it must clear a higher bar. Points are (Size, Threshold)
// with sizes strictly increasing; ThresholdAt reads it.
//
// A term's cohort test reads it at the cohort's participants (size ×
// take-up), its pooled test at the participants of all cohorts together.
// The thresholds are in the unit the term's threshold_of gives them (an
// effect, or a share of the baseline) and are parameters
// (threshold_bands.NAME.I.threshold, I from 1); the sizes are not: they
// are where the bands of the contract begin and end.
type SizeSchedule struct {
	Name      string
	Size      []float64
	Threshold []ParamID
}

// SizeScheduleID refers to one of a scenario's size schedules; its zero
// value means none. A non-zero SizeScheduleID is one more than the
// schedule's index in Scenario.SizeSchedules.
type SizeScheduleID int32

// Index returns the schedule's index in Scenario.SizeSchedules. It panics
// on the zero SizeScheduleID.
func (id SizeScheduleID) Index() int {
	if id <= 0 {
		panic("scenario: Index of the zero SizeScheduleID, which refers to no schedule")
	}
	return int(id) - 1
}

// Segment returns where size n falls in the schedule: the index i of the
// point at or below it and the weight w of the next point, so that the
// threshold is t[i] + w·(t[i+1] − t[i]). At or below the first size it is
// (0, 0), the first point's threshold; at or above the last size (the
// floor, for a threshold that falls with size) it is (last, 0); between
// two points it interpolates linearly. A size that is not a number reads
// as the first point (the smallest cohort's, the strictest when
// thresholds fall with size). It allocates nothing.
func (sc *SizeSchedule) Segment(n float64) (i int, w float64) {
	last := len(sc.Size) - 1
	switch {
	case last <= 0 || !(n > sc.Size[0]):
		return 0, 0
	case n >= sc.Size[last]:
		return last, 0
	}
	// The first point above n, in (0, last]: the sizes increase.
	j, _ := slices.BinarySearch(sc.Size, n)
	if sc.Size[j] == n {
		return j, 0
	}
	i = j - 1
	return i, (n - sc.Size[i]) / (sc.Size[j] - sc.Size[i])
}

// ThresholdAt returns the schedule's threshold at size n, with values the
// scenario's parameter vector (laid out as Values returns it).
func (sc *SizeSchedule) ThresholdAt(values []float64, n float64) float64 {
	i, w := sc.Segment(n)
	x := values[sc.Threshold[i]-1]
	if w != 0 {
		x += w * (values[sc.Threshold[i+1]-1] - x)
	}
	return x
}

// threshold_bands.csv: a point of a schedule a row, schedules by name.
const (
	bandSchedule = iota
	bandSize
	bandThreshold
	bandNote
)

var bandCols = []csvio.Column{
	bandSchedule:  {Name: "schedule", Required: true},
	bandSize:      {Name: "size", Required: true},
	bandThreshold: {Name: "threshold", Required: true},
	bandNote:      {Name: "note"}, // free text: where the point comes from
}

var (
	ruleBandSize      = paramRule{lo: 0, hi: 1e12, doc: "participants tested (a cohort's size × take-up, or all cohorts' together)"}
	ruleBandThreshold = paramRule{lo: -inf, hi: inf, doc: "the threshold at this number of participants tested, in the unit of the term's threshold_of; linear between sizes"}
)

// params are the threshold of each point of a schedule.
func (sc *SizeSchedule) params() []paramField {
	f := make([]paramField, len(sc.Threshold))
	for i := range sc.Threshold {
		f[i] = bandParam(sc.Name, i, &sc.Threshold[i])
	}
	return f
}

// bandParam is the threshold of point i of schedule name.
func bandParam(name string, i int, id *ParamID) paramField {
	return field(id, fmt.Sprintf("threshold_bands.%s.%d.", name, i+1), "threshold", ruleBandThreshold)
}

func (s *Scenario) sizeScheduleID(name string) SizeScheduleID {
	return SizeScheduleID(slices.IndexFunc(s.SizeSchedules, func(x SizeSchedule) bool { return x.Name == name }) + 1)
}

// sizeScheduleNames lists the schedules, for messages.
func (s *Scenario) sizeScheduleNames() string {
	names := make([]string, len(s.SizeSchedules))
	for i, sc := range s.SizeSchedules {
		names[i] = sc.Name
	}
	return strings.Join(names, ", ")
}

// badScheduleName refuses a size schedule's name that a threshold cell
// would read as a number, or that does not start with a letter.
func badScheduleName(name string) *fault {
	if f := badName("schedule", "a schedule name", name); f != nil {
		return f
	}
	if _, err := strconv.ParseFloat(name, 64); err == nil || !(name[0] >= 'a' && name[0] <= 'z' || name[0] >= 'A' && name[0] <= 'Z') {
		return faultf("schedule", "%w %q: a size schedule's name starts with a letter and is not a number (a term's threshold cell gives either)", ErrInput, name)
	}
	return nil
}

// checkBandSize checks a point's size: a number of participants in range,
// above the previous point's.
func checkBandSize(size float64, prev []float64) *fault {
	if math.IsNaN(size) || !ruleBandSize.holds(size) {
		return &fault{"size", rangeError(fmtFloat(size), ruleBandSize.lo, ruleBandSize.hi, ruleBandSize.doc)}
	}
	if n := len(prev); n > 0 && size <= prev[n-1] {
		return faultf("size", "%w: sizes must increase: %s is not above the previous point's %s", ErrOrder, fmtFloat(size), fmtFloat(prev[n-1]))
	}
	return nil
}

func (l *loader) thresholdBands(cr *csvio.Reader) error {
	for cr.Next() {
		name, err := l.name(cr, bandSchedule, "a schedule name")
		if err != nil {
			return err
		}
		if f := badScheduleName(name); f != nil {
			return l.fault(cr, f)
		}
		id := l.s.sizeScheduleID(name)
		if id == 0 {
			l.s.SizeSchedules = append(l.s.SizeSchedules, SizeSchedule{Name: name})
			id = SizeScheduleID(len(l.s.SizeSchedules))
		}
		sc := &l.s.SizeSchedules[id.Index()]
		size, err := cr.Float(bandSize)
		if err != nil {
			return err
		}
		if f := checkBandSize(size, sc.Size); f != nil {
			return l.fault(cr, f)
		}
		var thr ParamID
		if err := l.nums(cr, []paramField{bandParam(name, len(sc.Size), &thr)}); err != nil {
			return err
		}
		if thr == 0 {
			return cr.Wrap(bandThreshold, missing("threshold", ruleBandThreshold).err)
		}
		if err := l.commit(cr); err != nil {
			return err
		}
		sc.Size = append(sc.Size, size)
		sc.Threshold = append(sc.Threshold, thr)
	}
	return nil
}

// checkSizeSchedule checks a size schedule of a Builder's literal.
func (s *Scenario) checkSizeSchedule(sc *SizeSchedule, at func(int) string) *fault {
	if f := badScheduleName(sc.Name); f != nil {
		return f
	}
	if j := slices.IndexFunc(s.SizeSchedules, func(x SizeSchedule) bool { return x.Name == sc.Name }); j >= 0 {
		return faultf("schedule", "%w: schedule %s is given twice (also %s)", ErrInput, sc.Name, at(j))
	}
	if len(sc.Size) == 0 || len(sc.Size) != len(sc.Threshold) {
		return faultf("threshold", "%w: schedule %s has %d sizes and %d thresholds: give at least one point, a threshold for each size", ErrInput, sc.Name, len(sc.Size), len(sc.Threshold))
	}
	for i, n := range sc.Size {
		if f := checkBandSize(n, sc.Size[:i]); f != nil {
			return f
		}
		if sc.Threshold[i] == 0 {
			return missing("threshold", ruleBandThreshold)
		}
	}
	return nil
}

// sizedCells reads a term's threshold and pooled_threshold cells that name
// a schedule of threshold_bands.csv, and returns the term's parameter
// fields without them (the others are numbers, read as before).
func (l *loader) sizedCells(cr *csvio.Reader, t *Term, fields []paramField) ([]paramField, error) {
	for _, c := range []struct {
		col int
		to  *SizeScheduleID
	}{{payThreshold, &t.ThresholdBands}, {payPooled, &t.PooledBands}} {
		cell := cr.Field(c.col)
		if cell == "" || len(l.s.SizeSchedules) == 0 {
			continue
		}
		if *c.to = l.s.sizeScheduleID(cell); *c.to == 0 {
			if _, err := cr.Float(c.col); err != nil { // as the cell's file writes numbers (a decimal comma in a semicolon file)
				return nil, cr.Errorf(c.col, "%w %q: expected a number, or a schedule of %s (%s)", ErrUnknown, cell, ThresholdBandsFile, l.s.sizeScheduleNames())
			}
			continue
		}
		col := paymentCols[c.col].Name
		fields = slices.DeleteFunc(fields, func(f paramField) bool { return f.col == col })
	}
	return fields, nil
}

// CohortTested reports whether a cohort test holds the term's payments
// back: a threshold, a number or a size schedule.
func (t *Term) CohortTested() bool { return t.Threshold != 0 || t.ThresholdBands != 0 }

// PooledTested reports whether the term has a pooled test: a pooled
// threshold, a number or a size schedule.
func (t *Term) PooledTested() bool { return t.PooledThreshold != 0 || t.PooledBands != 0 }

// checkSized checks a term's size schedules: they exist, and the term is
// measured by cohort (a periodic term has no cohort whose size to read).
func (s *Scenario) checkSized(t *Term) *fault {
	for _, c := range []struct {
		col string
		id  SizeScheduleID
		num ParamID
	}{{"threshold", t.ThresholdBands, t.Threshold}, {"pooled_threshold", t.PooledBands, t.PooledThreshold}} {
		switch {
		case c.id == 0:
		case c.id < 0 || int(c.id) > len(s.SizeSchedules):
			return faultf(c.col, "%w: size schedule %d is not in the scenario", ErrUnknown, c.id)
		case c.num != 0:
			return faultf(c.col, "%w: %s is a number or a size schedule, not both", ErrInput, c.col)
		case t.Measure != MeasureCohort:
			return faultf(c.col, "%w: schedule %s reads the threshold at a cohort's participants; a term measured every %s has no cohort: give a number", ErrInput, s.SizeSchedules[c.id.Index()].Name, t.Measure)
		}
	}
	return nil
}
