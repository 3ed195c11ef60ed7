package sib

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/sib-engine/sib/scenario"
)

// discountYears returns the years from the start by which period t's
// (0-based) flows are discounted: the period's end under EndOfPeriod
// ((t+1)/ppy), the whole years before the period's first day under the
// Green Book's year-0 convention (year 0's periods by 0).
func discountYears(timing scenario.DiscountTiming, t, ppy int) float64 {
	if timing == scenario.GreenBook {
		return float64(t / ppy)
	}
	return float64(t+1) / float64(ppy)
}

// Discounting states how the state's present values are made: the date
// they are values at, which flows are discounted by how many years, and
// the rates. Model.Discounting gives it; every output that shows a
// present value states it (its String).
type Discounting struct {
	// Date is the present value date: the start, the first day of
	// period 1 (under the Green Book's timing, the start of year 0).
	Date   time.Time
	Timing scenario.DiscountTiming
	// Period is the scenario's period ("year", "quarter" or "month").
	Period string
	// Schedule names the published schedule of the rates
	// ("greenbook-2026:standard"), or is "" for rates of the scenario's
	// own (discount_rate or discount.csv).
	Schedule string
	// Bands are the rates, a fraction a year, from each band's first
	// year-long step on (From 30: the steps from year 30 to 31 on).
	Bands []DiscountRate
}

// DiscountRate is a rate of Discounting, at the values evaluated.
type DiscountRate struct {
	From int
	Rate float64
}

// Discounting returns the statement of the discounting of the state's
// present values at the parameter values p (Scenario.Values, with any
// changes).
func (m *Model) Discounting(p []float64) Discounting {
	st := &m.s.Settings
	d := Discounting{Date: st.Start, Timing: st.DiscountTiming, Schedule: st.DiscountSchedule,
		Period: map[int]string{scenario.Month: "month", scenario.Quarter: "quarter", scenario.Year: "year"}[st.Months]}
	for _, b := range m.s.Discount {
		d.Bands = append(d.Bands, DiscountRate{From: b.From, Rate: b.Rate.In(p)})
	}
	return d
}

// Convention says which flows are discounted by how many years.
func (d Discounting) Convention() string {
	if d.Timing == scenario.GreenBook {
		if d.Period == "year" {
			return "green_book: period 1 is year 0, not discounted; period t's flows by t−1 years"
		}
		return "green_book: a " + d.Period + "'s flows by the whole years before its first day; year 0's not discounted"
	}
	return "end_of_period: period t's flows by t " + d.Period + "s, from its end (period 1's by one " + d.Period + ")"
}

// Rates lists the rates: "3.5% a year" for one, "3.5% to year 30, 3%
// to year 75, ..., 1% after year 300" for a schedule (a band's rate
// discounts the years up to the next band's first year).
func (d Discounting) Rates() string {
	pc := func(r float64) string { return decimal.NewFromFloat(r).Shift(2).String() + "%" }
	if len(d.Bands) == 1 {
		return pc(d.Bands[0].Rate) + " a year"
	}
	var parts []string
	for i, b := range d.Bands {
		if i+1 < len(d.Bands) {
			parts = append(parts, fmt.Sprintf("%s to year %d", pc(b.Rate), d.Bands[i+1].From))
		} else {
			parts = append(parts, fmt.Sprintf("%s after year %d", pc(b.Rate), b.From))
		}
	}
	return strings.Join(parts, ", ")
}

// String is the statement on one line: "PV date 2026-08-01 (the start);
// end_of_period: ...; greenbook-2026:standard: 3.5% to year 30, ...".
func (d Discounting) String() string {
	src := d.Schedule
	switch {
	case src != "":
	case len(d.Bands) == 1:
		src = "discount_rate"
	default:
		src = "discount bands"
	}
	return fmt.Sprintf("PV date %s (the start); %s; %s: %s", d.Date.Format(time.DateOnly), d.Convention(), src, d.Rates())
}
