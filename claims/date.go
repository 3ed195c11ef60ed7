package claims

import (
	"errors"
	"fmt"
	"time"
)

// Date is a calendar day, counted from 1970-01-01 (day 0). Its zero value
// is that day; NoDate marks an absent date.
type Date int32

// NoDate is the value of an absent date (a claim with no claimed date, a
// rate-card row open at one end).
const NoDate Date = -1 << 31

// ErrDate is wrapped by every error about a date.
var ErrDate = errors.New("claims: invalid date")

// MakeDate returns the day y-m-d, which must exist.
func MakeDate(y int, m time.Month, d int) Date {
	return Date(daysFromCivil(y, int(m), d))
}

// String writes the date as YYYY-MM-DD, or "" for NoDate.
func (d Date) String() string {
	if d == NoDate {
		return ""
	}
	y, m, dd := civilFromDays(int64(d))
	return fmt.Sprintf("%04d-%02d-%02d", y, m, dd)
}

// Civil returns the year, month and day.
func (d Date) Civil() (y int, m time.Month, day int) {
	yy, mm, dd := civilFromDays(int64(d))
	return yy, time.Month(mm), dd
}

// AddMonths returns the same day of the month n calendar months later,
// or the last day of that month when it is shorter (31 January plus one
// month is 28 or 29 February).
func (d Date) AddMonths(n int) Date {
	y, m, dd := civilFromDays(int64(d))
	mi := y*12 + (m - 1) + n
	y, m = floorDiv(mi, 12), mi-floorDiv(mi, 12)*12+1
	if last := daysIn(y, m); dd > last {
		dd = last
	}
	return Date(daysFromCivil(y, m, dd))
}

// WindowEnd returns the first day after a window of n calendar months
// from d: the same day n months later, or, when that month has no such
// day, the first of the month after, so that the window's last day is
// the month's last (from 31 January, one month ends on 28 or 29
// February, as a period of months ends in contracts; AddMonths would end
// it a day earlier, on the day a window from 28 January ends).
func (d Date) WindowEnd(n int) Date {
	_, _, dd := civilFromDays(int64(d))
	e := d.AddMonths(n)
	if _, _, ed := civilFromDays(int64(e)); ed < dd {
		e++ // clamped to the month's last day: the window includes it
	}
	return e
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func leap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y, m int) int {
	switch m {
	case 2:
		if leap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil is Howard Hinnant's days_from_civil.
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// civilFromDays is Howard Hinnant's civil_from_days.
func civilFromDays(z int64) (y, m, d int) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	m = int(mp + 3)
	if m > 12 {
		m -= 12
	}
	y = int(yoe + era*400)
	if m <= 2 {
		y++
	}
	return y, m, d
}

// ParseDate reads a day written YYYY-MM-DD, the ISO form every input uses.
// A time of midnight after it ("2026-01-05 00:00:00", "2026-01-05T00:00"),
// which spreadsheets add when they export a date cell, is accepted. Years
// run from 1900 to 2200.
func ParseDate(s string) (Date, error) { return parseDate([]byte(s)) }

func parseDate(b []byte) (Date, error) {
	if len(b) > 10 && (b[10] == ' ' || b[10] == 'T') && midnight(b[11:]) {
		b = b[:10]
	}
	bad := func(why string) (Date, error) {
		return NoDate, &dateError{fmt.Sprintf("invalid date %q: %s", b, why)}
	}
	if len(b) == 0 {
		return bad("expected a date such as 2026-01-31")
	}
	if len(b) != 10 || b[4] != '-' || b[7] != '-' {
		return bad("expected a date written YYYY-MM-DD, such as 2026-01-31")
	}
	num := func(p []byte) (int, bool) {
		n := 0
		for _, c := range p {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	y, ok1 := num(b[:4])
	m, ok2 := num(b[5:7])
	d, ok3 := num(b[8:10])
	switch {
	case !ok1 || !ok2 || !ok3:
		return bad("expected a date written YYYY-MM-DD, such as 2026-01-31")
	case y < 1900 || y > 2200:
		return bad("the year must be between 1900 and 2200")
	case m < 1 || m > 12:
		return bad("there is no month " + string(b[5:7]))
	case d < 1 || d > daysIn(y, m):
		return bad(fmt.Sprintf("%s %d has %d days", time.Month(m), y, daysIn(y, m)))
	}
	return Date(daysFromCivil(y, m, d)), nil
}

// midnight reports whether b is a time of day of 00:00 or 00:00:00.
func midnight(b []byte) bool {
	s := string(b)
	return s == "00:00" || s == "00:00:00" || s == "00:00:00.000"
}

// dateError is ErrDate with a message that a position can come before
// ("records.csv:3:3: achieved: invalid date ...").
type dateError struct{ msg string }

func (e *dateError) Error() string        { return e.msg }
func (e *dateError) Is(target error) bool { return target == ErrDate }
