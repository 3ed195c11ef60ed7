package scenario_test

import (
	"fmt"

	"github.com/sib-engine/sib/scenario"
)

// Medicare's minimum savings rate for 5,000 to 7,999 beneficiaries (42 CFR
// 425.604(b)): each band's low and high end are points, interpolated by
// the exact number of beneficiaries. The thresholds are parameters 1 to 6
// of the vector.
func ExampleSizeSchedule_ThresholdAt() {
	msr := scenario.SizeSchedule{
		Name:      "msr",
		Size:      []float64{5000, 5999, 6000, 6999, 7000, 7999},
		Threshold: []scenario.ParamID{1, 2, 3, 4, 5, 6},
	}
	values := []float64{0.039, 0.036, 0.036, 0.034, 0.034, 0.032}
	for _, n := range []float64{4000, 5000, 6500, 7500, 9000} {
		fmt.Printf("%5.0f beneficiaries: MSR %.3f%%\n", n, 100*msr.ThresholdAt(values, n))
	}
	// Output:
	//  4000 beneficiaries: MSR 3.900%
	//  5000 beneficiaries: MSR 3.900%
	//  6500 beneficiaries: MSR 3.500%
	//  7500 beneficiaries: MSR 3.300%
	//  9000 beneficiaries: MSR 3.200%
}
