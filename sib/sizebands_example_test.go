package sib_test

import (
	"fmt"
	"log"

	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// A rate card whose cohort and pooled tests read a threshold that falls
// with the participants tested, as Medicare's minimum savings rate does:
// 20% of the baseline at 100 participants, 10% at 500, 5% at 2000 and
// more (threshold_bands.csv), linear between.
func ExampleModel_SizedThresholds() {
	s, err := scenario.Load("../cmd/sib/testdata/scenario-ok-sizebands")
	if err != nil {
		log.Fatal(err)
	}
	m, err := sib.Compile(s)
	if err != nil {
		log.Fatal(err)
	}
	for _, x := range m.SizedThresholds(s.Values()) {
		cohort := x.Cohort
		if cohort == "" {
			cohort = "pooled"
		}
		fmt.Printf("%s %s: %.0f participants, threshold %.2f%%\n", x.Term, cohort, x.Participants, 100*x.Threshold)
	}
	// Output:
	// t a: 120 participants, threshold 19.50%
	// t b: 500 participants, threshold 10.00%
	// t pooled: 620 participants, threshold 9.60%
}
