package scenario

import (
	"fmt"
	"strings"
)

// DayCount is the day-count convention that turns the days between two
// dates into a fraction of a year, for the XIRR of dated flows (day_count
// in scenario.csv). The zero value is Act365F, Excel's and Calc's XIRR.
type DayCount uint8

const (
	// Act365F counts actual days over 365, leap years or not: ACT/365
	// Fixed (ISDA 2006 4.16(d)), the convention of Excel's and Calc's XNPV
	// and XIRR (day_count = act/365f, the default).
	Act365F DayCount = iota
	// Act360 counts actual days over 360: ACT/360 (ISDA 4.16(e)), the
	// money-market convention of euro and dollar loans (act/360).
	Act360
	// Thirty360 counts months of 30 days over a 360-day year, the 30/360
	// "Bond Basis" of ISDA 2006 4.16(f) (also "30/360 ISDA", "30/360 US
	// bond"): a first date on the 31st becomes the 30th; a second date on
	// the 31st becomes the 30th when the first (so adjusted) is the 30th
	// (30/360). Unlike Excel's YEARFRAC basis 0 (US NASD), it has no rule
	// for the end of February.
	Thirty360
	// Thirty360E is the 30E/360 "Eurobond Basis" of ISDA 2006 4.16(g)
	// (also "30/360 ICMA", Excel's YEARFRAC basis 4): either date on the
	// 31st becomes the 30th (30e/360).
	Thirty360E
)

var dayCountNames = [...]string{"act/365f", "act/360", "30/360", "30e/360"}

// DayCountNames lists the day counts by their names in scenario.csv.
func DayCountNames() []string { return dayCountNames[:] }

func (d DayCount) String() string {
	if int(d) < len(dayCountNames) {
		return dayCountNames[d]
	}
	return fmt.Sprintf("DayCount(%d)", uint8(d))
}

// ParseDayCount reads a day count by its name (case does not matter):
// act/365f, act/360, 30/360 or 30e/360.
func ParseDayCount(s string) (DayCount, error) {
	for i, n := range dayCountNames {
		if strings.EqualFold(strings.TrimSpace(s), n) {
			return DayCount(i), nil
		}
	}
	return 0, fmt.Errorf("%w %q: expected %s", ErrInput, s, strings.Join(dayCountNames[:], ", "))
}
