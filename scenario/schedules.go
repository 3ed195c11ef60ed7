package scenario

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/sib-engine/sib/internal/csvio"
)

// Published discount schedules, as data (schedules/greenbook.csv): the
// HM Treasury Green Book's declining schedules of the 2022 and February
// 2026 editions. A scenario names one with the discount_schedule setting
// (or Settings.DiscountSchedule, or LoadOptions.DiscountSchedule), in
// place of discount_rate or discount.csv.
//
//go:embed schedules/greenbook.csv
var greenBookCSV []byte

// DiscountSchedule is a published schedule of discount rates by year band.
type DiscountSchedule struct {
	// Name is the edition and the schedule, "greenbook-2026:standard".
	Name    string
	Edition string // greenbook-2026
	Kind    string // standard, health, lower
	Bands   []ScheduleBand
	Source  string // the publication the rates are from
}

// ScheduleBand is a rate of a published schedule: it applies from From
// years after the start on, as Band does (From 30: the year-long steps
// from year 30 to 31 on, the Green Book's "years 31-75").
type ScheduleBand struct {
	From int
	Rate float64 // a fraction a year, 0.035 for 3.5%
}

// ErrSchedule is the error of a discount schedule that is not known.
var ErrSchedule = errors.New("sib: unknown discount schedule")

// schedules parses the embedded file once.
var schedules = sync.OnceValues(func() ([]DiscountSchedule, error) {
	return parseSchedules(bytes.NewReader(greenBookCSV))
})

// DiscountSchedules returns the published schedules sib knows, in the
// order of their file (by edition, then standard, health, lower).
func DiscountSchedules() []DiscountSchedule {
	all, err := schedules()
	if err != nil {
		panic("scenario: the embedded discount schedules: " + err.Error())
	}
	return slices.Clone(all)
}

// ScheduleNames returns the names of the known schedules.
func ScheduleNames() []string {
	var n []string
	for _, s := range DiscountSchedules() {
		n = append(n, s.Name)
	}
	return n
}

// LookupSchedule returns the named schedule (case does not matter), or
// an ErrSchedule error that lists the known names.
func LookupSchedule(name string) (DiscountSchedule, error) {
	for _, s := range DiscountSchedules() {
		if strings.EqualFold(strings.TrimSpace(name), s.Name) {
			return s, nil
		}
	}
	return DiscountSchedule{}, fmt.Errorf("%w %q: expected one of %s", ErrSchedule, name, strings.Join(ScheduleNames(), ", "))
}

// parseSchedules reads a file of schedules: columns schedule, edition,
// from_year, rate, source; a schedule's rows together, from_year 0 first
// and increasing.
func parseSchedules(r io.Reader) ([]DiscountSchedule, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 5
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	if want := []string{"schedule", "edition", "from_year", "rate", "source"}; !slices.Equal(head, want) {
		return nil, fmt.Errorf("header %v: expected %v", head, want)
	}
	var out []DiscountSchedule
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		if rec[0] == "" || rec[1] == "" || strings.ContainsAny(rec[0]+rec[1], ": ") {
			return nil, fmt.Errorf("line %d: schedule and edition: expected names without spaces or colons", line)
		}
		from, err := strconv.Atoi(rec[2])
		if err != nil || from < 0 {
			return nil, fmt.Errorf("line %d: from_year %q: expected a whole number of years, 0 or more", line, rec[2])
		}
		rate, err := strconv.ParseFloat(rec[3], 64)
		if err != nil || !ruleBandRate.holds(rate) {
			return nil, fmt.Errorf("line %d: rate %q: expected a fraction a year between %v and %v", line, rec[3], ruleBandRate.lo, ruleBandRate.hi)
		}
		name := rec[1] + ":" + rec[0]
		n := len(out)
		if n == 0 || out[n-1].Name != name {
			if slices.ContainsFunc(out, func(s DiscountSchedule) bool { return s.Name == name }) {
				return nil, fmt.Errorf("line %d: schedule %s: its rows must be together", line, name)
			}
			if from != 0 {
				return nil, fmt.Errorf("line %d: schedule %s: the first band must be from_year 0", line, name)
			}
			out = append(out, DiscountSchedule{Name: name, Edition: rec[1], Kind: rec[0], Source: rec[4]})
			n++
		}
		s := &out[n-1]
		if k := len(s.Bands); k > 0 && from <= s.Bands[k-1].From {
			return nil, fmt.Errorf("line %d: schedule %s: from_year %d after %d: expected increasing", line, name, from, s.Bands[k-1].From)
		}
		s.Bands = append(s.Bands, ScheduleBand{From: from, Rate: rate})
	}
	if len(out) == 0 {
		return nil, errors.New("no schedules")
	}
	return out, nil
}

// DiscountTiming is when in a period its flows are discounted from
// (discount_timing in scenario.csv).
type DiscountTiming uint8

const (
	// EndOfPeriod discounts each period's flows from the period's end:
	// period t (1-based) by t periods, the first year's flows by a year
	// (end_of_period, the default).
	EndOfPeriod DiscountTiming = iota
	// GreenBook is the Green Book's year-0 convention: the flows of year
	// 0, the first year of the deal, are not discounted, and those of
	// year y by y years, 1/(1+r)^y. With quarterly or monthly periods a
	// period's flows are discounted by the whole years from the start to
	// the period's first day (green_book).
	GreenBook
)

var discountTimingNames = [...]string{"end_of_period", "green_book"}

func (d DiscountTiming) String() string {
	if int(d) < len(discountTimingNames) {
		return discountTimingNames[d]
	}
	return fmt.Sprintf("DiscountTiming(%d)", uint8(d))
}

// scheduleBands gives a scenario that names a schedule its bands, as
// parameters discount.<from_year>.rate (their source: the schedule's
// name), when it has no discount rates of its own.
func (s *Scenario) scheduleBands() error {
	name := s.Settings.DiscountSchedule
	if name == "" || len(s.Discount) > 0 {
		return nil
	}
	sch, err := LookupSchedule(name)
	if err != nil {
		return err
	}
	s.Settings.DiscountSchedule = sch.Name
	for _, b := range sch.Bands {
		id, err := s.addParam(ruleBandRate.param(fmt.Sprintf("discount.%d.rate", b.From), b.Rate, "discount_schedule "+sch.Name))
		if err != nil {
			return err
		}
		s.Discount = append(s.Discount, Band{From: b.From, Rate: id})
	}
	return nil
}

// discountSchedule reads the discount_schedule setting: a known name.
func (l *loader) discountSchedule(cr *csvio.Reader, v string) error {
	sch, err := LookupSchedule(v)
	if err != nil {
		return cr.Wrap(1, err)
	}
	l.s.Settings.DiscountSchedule = sch.Name
	line, col := cr.Pos(1)
	l.scheduleAt = fmt.Sprintf("%s:%d:%d", cr.Name(), line, col)
	return nil
}

// checkSchedule checks the discount settings: a known schedule, not
// given beside discount_rate, and a known timing.
func checkSchedule(st *Settings) *fault {
	if int(st.DiscountTiming) >= len(discountTimingNames) {
		return faultf("discount_timing", "%w: discount_timing %d: expected EndOfPeriod or GreenBook", ErrInput, st.DiscountTiming)
	}
	if st.DiscountSchedule == "" {
		return nil
	}
	if _, err := LookupSchedule(st.DiscountSchedule); err != nil {
		return faultf("discount_schedule", "%w", err)
	}
	if st.Discount != 0 {
		return faultf("discount_schedule", "%w: discount_schedule %s and discount_rate are two answers to one question: keep one", ErrInput, st.DiscountSchedule)
	}
	return nil
}

// ParseDiscountTiming reads a discount timing by its name (case does not
// matter): end_of_period or green_book.
func ParseDiscountTiming(s string) (DiscountTiming, error) {
	for i, n := range discountTimingNames {
		if strings.EqualFold(strings.TrimSpace(s), n) {
			return DiscountTiming(i), nil
		}
	}
	return 0, fmt.Errorf("%w %q: expected %s", ErrInput, s, strings.Join(discountTimingNames[:], " or "))
}
