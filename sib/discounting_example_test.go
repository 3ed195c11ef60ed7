package sib_test

import (
	"fmt"

	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// State how a deal's present values are discounted, under the Green
// Book's lower-rate sensitivity schedule in place of the folder's own
// rates, and under the year-0 convention.
func ExampleModel_Discounting() {
	s, err := scenario.LoadWith("../testdata/preschool/scenario", scenario.LoadOptions{DiscountSchedule: "greenbook-2026:lower"})
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := sib.Compile(s)
	if err != nil {
		fmt.Println(err)
		return
	}
	d := m.Discounting(s.Values())
	fmt.Println(d.Date.Format("2006-01-02"), d.Schedule)
	fmt.Println(d.Convention())
	fmt.Println(d.Rates())

	s.Settings.DiscountTiming = scenario.GreenBook
	if m, err = sib.Compile(s); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Discounting(s.Values()).Convention())
	// Output:
	// 2026-08-01 greenbook-2026:lower
	// end_of_period: period t's flows by t years, from its end (period 1's by one year)
	// 3% to year 30, 2.57% to year 75, 2.14% to year 125, 1.71% to year 200, 1.29% to year 300, 0.86% after year 300
	// green_book: period 1 is year 0, not discounted; period t's flows by t−1 years
}
