package sib_test

import (
	"fmt"

	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// A closure lag makes a step cost cashable only once the fall in use has
// lasted: here a unit of four secure beds (a step of 1460 bed-days a
// year, 70% of a bed-day's 500) closes after two quarters
// (closure_lag 0.5). Two cohorts' fall reaches the step in quarters 3 to
// 8, worth 1460 / 4 × 500 × 0.7 = 127750 a quarter: without the lag six
// quarters are cashable, 766500; with it four, 511000, and 255500 is
// held back. The lag is a parameter: set it to 0 to see the saving
// without it, on the same model.
func Example_closureLag() {
	s, err := scenario.Load("../cmd/sib/testdata/scenario-ok-closure")
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := sib.Compile(s)
	if err != nil {
		fmt.Println(err)
		return
	}
	p := s.Values()
	id, _ := s.Param("setting.closure_lag")
	for _, years := range []float64{0.5, 0} {
		p[id.Index()] = years
		r, err := m.Run(p)
		if err != nil {
			fmt.Println(err)
			return
		}
		all := r.State[len(r.State)-1]
		fmt.Printf("closure lag %.1f years (%d quarters): cashable %s, held back %s\n",
			years, r.ClosureLag, all.Cashable.StringFixed(2), r.HeldBack.StringFixed(2))
	}
	// Output:
	// closure lag 0.5 years (2 quarters): cashable 511000.00, held back 255500.00
	// closure lag 0.0 years (0 quarters): cashable 766500.00, held back 0.00
}
