package sib

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// PVStatement says how the state's present values are taken, for the
// notes of a report: the present value date, the year-0 convention and
// the discount rate or schedule, at parameter values v (as Scenario.Params).
// It is the one place that says it; a named schedule adds its name here.
func (m *Model) PVStatement(v []float64) string {
	st := &m.s.Settings
	var b strings.Builder
	fmt.Fprintf(&b, "present values at %s, the start of period 1, in %d prices; year 0 is the first year from that date; each period's amounts are discounted from the period's last day", st.Start.Format("2006-01-02"), st.PriceBase)
	bands := m.s.Discount
	if len(bands) == 1 {
		fmt.Fprintf(&b, " at %s%% a year (real)", pctText(bands[0].Rate.In(v)))
		return b.String()
	}
	b.WriteString(" under the schedule")
	for i, bd := range bands {
		sep := ","
		if i == 0 {
			sep = ""
		}
		fmt.Fprintf(&b, "%s %s%% from year %d", sep, pctText(bd.Rate.In(v)), bd.From)
	}
	b.WriteString(" (real, a year)")
	return b.String()
}

// pctText writes a fraction as a percentage without float noise: 0.035
// as 3.5.
func pctText(x float64) string {
	return strconv.FormatFloat(math.Round(x*1e12)/1e10, 'f', -1, 64)
}
