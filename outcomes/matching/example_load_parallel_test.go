package matching_test

import (
	"fmt"
	"strings"

	"github.com/sib-engine/sib/outcomes/matching"
)

// ExampleReadDataWith reads covariates.csv on two workers: the rows, the
// levels and the first bad cell reported are those of one worker.
func ExampleReadDataWith() {
	spec := matching.DefaultSpec()
	spec.Categorical = []string{"offence"}
	in := "id,group,cohort,age,offence\n" +
		"T1,treatment,2024,24,violent\n" +
		"P1,comparison,,45,property\n" +
		"P2,comparison,2024,27,violent\n"
	opt := matching.ReadOptions{Workers: 2}
	d, err := matching.ReadDataWith(strings.NewReader(in), "covariates.csv", spec, opt)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Len(), d.IDs, d.Line, d.Columns[1].Levels, d.Columns[1].Codes)
	bad := strings.Replace(strings.Replace(in, "45", "4 5", 1), "27", "NA", 1)
	_, err = matching.ReadDataWith(strings.NewReader(bad), "covariates.csv", spec, opt)
	fmt.Println(err)
	// Output:
	// 3 [T1 P1 P2] [2 3 4] [property violent] [1 0 1]
	// covariates.csv:3:4: age: invalid number "4 5": expected a decimal number with a point, such as 1234.56 (no thousands separators)
}
