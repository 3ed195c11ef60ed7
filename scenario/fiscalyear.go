package scenario

import (
	"fmt"
	"time"
)

// FiscalMonth returns the first month of the payers' fiscal year:
// Settings.FiscalYearStart, or January when it is not given.
func (st *Settings) FiscalMonth() time.Month {
	if st.FiscalYearStart < 1 || st.FiscalYearStart > 12 {
		return time.January
	}
	return time.Month(st.FiscalYearStart)
}

// FiscalYear returns the fiscal year of period t (0-based), as the
// calendar year it starts in: the fiscal year of the period's last day,
// the day its cash flows are dated. With a fiscal year starting in
// April, a quarter ending on 31 March 2027 is in 2026 (2026/27).
func (st *Settings) FiscalYear(t int) int {
	end := st.PeriodEnd(t)
	y := end.Year()
	if end.Month() < st.FiscalMonth() {
		y--
	}
	return y
}

// FiscalYearLabel names fiscal year y (the calendar year it starts in):
// "2026" for a calendar fiscal year, "2026/27" for one that starts in
// another month, as UK budgets write them.
func (st *Settings) FiscalYearLabel(y int) string {
	if st.FiscalMonth() == time.January {
		return fmt.Sprintf("%d", y)
	}
	return fmt.Sprintf("%d/%02d", y, (y+1)%100)
}
