package scenario_test

import (
	"fmt"

	"github.com/sib-engine/sib/scenario"
)

// The Green Book's lower-rate sensitivity schedule of February 2026, as
// a scenario's discount_schedule names it. A band's rate discounts the
// years from its from_year to the next band's.
func ExampleLookupSchedule() {
	s, err := scenario.LookupSchedule("greenbook-2026:lower")
	if err != nil {
		panic(err)
	}
	for _, b := range s.Bands {
		fmt.Printf("from year %3d: %.2f%%\n", b.From, b.Rate*100)
	}
	_, err = scenario.LookupSchedule("greenbook-2026:low")
	fmt.Println(err)
	// Output:
	// from year   0: 3.00%
	// from year  30: 2.57%
	// from year  75: 2.14%
	// from year 125: 1.71%
	// from year 200: 1.29%
	// from year 300: 0.86%
	// sib: unknown discount schedule "greenbook-2026:low": expected one of greenbook-2022:standard, greenbook-2022:health, greenbook-2026:standard, greenbook-2026:health, greenbook-2026:lower
}
