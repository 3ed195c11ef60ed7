package matching_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/sib-engine/sib/outcomes/matching"
)

// ExampleReadSpec reads matching.csv: up to ten matches within 0.2
// standard deviations of the logit, exactly on sex, with replacement.
func ExampleReadSpec() {
	in := "setting,value,note\n" +
		"categorical,sex offence region,\n" +
		"exact,sex,\n" +
		"k,10,as Peterborough\n" +
		"replace,true,\n" +
		"caliper,0.2,\n"
	s, err := matching.ReadSpec(strings.NewReader(in), "matching.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Treatment, s.Pool, s.Link, s.Exact, s.Options.K, s.Options.Replace, s.Options.Caliper, s.Options.Order, s.Options.Discard)
	// Output:
	// treatment comparison logit [sex] 10 true 0.2 largest none
}

// ExampleReadData reads covariates.csv: a categorical covariate's levels
// are sorted, the first being the reference; a pool unit with an empty
// cohort serves every cohort.
func ExampleReadData() {
	spec := matching.DefaultSpec()
	spec.Categorical = []string{"offence"}
	in := "id,group,cohort,age,offence\n" +
		"T1,treatment,2024,24,violent\n" +
		"T2,treatment,2025,31,drugs\n" +
		"P1,comparison,,45,property\n" +
		"P2,comparison,2024,27,violent\n"
	d, err := matching.ReadData(strings.NewReader(in), "covariates.csv", spec)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Len(), d.Treated, d.Cohort)
	fmt.Println(d.Columns[0].Name, d.Columns[0].Values)
	fmt.Println(d.Columns[1].Name, d.Columns[1].Levels, d.Columns[1].Codes)
	_, err = matching.ReadData(strings.NewReader("id,group,cohort,age\nT1,treatment,2024,NA\n"), "covariates.csv", matching.DefaultSpec())
	fmt.Println(err)
	// Output:
	// 4 [true true false false] [2024 2025  2024]
	// age [24 31 45 27]
	// offence [drugs property violent] [2 0 1 2]
	// covariates.csv:2:4: age: missing value "NA": every covariate needs a value; impute it or drop the row before matching (a missing value is not a category: write one, such as unknown, for a categorical covariate)
}

// ExampleRun matches the worked example's prison leavers (testdata/matched)
// and writes the weights. (Its output is pinned once the steps of the
// matching are merged.)
func ExampleRun() {
	read := func(name string, f func(*os.File) error) error {
		fh, err := os.Open("../../testdata/matched/" + name)
		if err != nil {
			return err
		}
		defer fh.Close()
		return f(fh)
	}
	var spec *matching.Spec
	var d *matching.Data
	err := read(matching.SpecFile, func(f *os.File) (err error) { spec, err = matching.ReadSpec(f, matching.SpecFile); return })
	if err == nil {
		err = read(matching.DataFile, func(f *os.File) (err error) { d, err = matching.ReadData(f, matching.DataFile, spec); return })
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := matching.Run(context.Background(), d, spec)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, cm := range res.Cohorts {
		fmt.Printf("cohort %s: %d treated, %d unmatched\n", cm.Cohort, len(cm.Matches.Treated), cm.Matches.Unmatched)
	}
	_ = matching.WriteWeights(os.Stdout, res)
}
