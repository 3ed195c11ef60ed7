package sib

import (
	"fmt"
	"time"

	"github.com/sib-engine/sib/scenario"
)

// DayYears fills out, grown if its capacity is too small, with the years
// from dates[0] to each date under the day count dc, and returns it: for
// scenario.Act365F what YearFractions gives. Dates are calendar days, each
// in its own location. XIRR and XNPV take these years: the XIRR of a
// Model's tranches and parties uses the scenario's day_count. It panics on
// an unknown day count.
func DayYears(dates []time.Time, dc scenario.DayCount, out []float64) []float64 {
	if dc == scenario.Act365F {
		return YearFractions(dates, out)
	}
	if cap(out) < len(dates) {
		out = make([]float64, len(dates))
	}
	out = out[:len(dates)]
	if len(dates) == 0 {
		return out
	}
	d0 := civilDay(dates[0])
	for i, d := range dates {
		switch dc {
		case scenario.Act360:
			out[i] = float64(civilDay(d)-d0) / 360
		case scenario.Thirty360, scenario.Thirty360E:
			out[i] = float64(days360(dates[0], d, dc == scenario.Thirty360E)) / 360
		default:
			panic(fmt.Sprintf("sib: unknown day count %d", dc))
		}
	}
	return out
}

// days360 counts the days from a to b in months of 30 days: ISDA 2006
// 4.16(f) (Bond Basis) or, with euro, 4.16(g) (Eurobond Basis). Negative
// when b is before a.
func days360(a, b time.Time, euro bool) int {
	y1, m1, d1 := a.Date()
	y2, m2, d2 := b.Date()
	if d1 == 31 {
		d1 = 30
	}
	if d2 == 31 && (euro || d1 == 30) {
		d2 = 30
	}
	return 360*(y2-y1) + 30*(int(m2)-int(m1)) + d2 - d1
}
