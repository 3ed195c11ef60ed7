package matching

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/sib-engine/sib/internal/csvio"
)

// FuzzReadSpec feeds arbitrary matching.csv files to ReadSpec. Nothing may
// panic; an error is positioned in the file; a spec read is in range.
// Seeds are in testdata/fuzz/FuzzReadSpec.
func FuzzReadSpec(f *testing.F) {
	f.Add("setting,value,note\nk,10,\ncaliper,0.2,\nexact,sex,\ncategorical,sex offence,\nreplace,false,\n")
	f.Fuzz(func(t *testing.T, in string) {
		if len(in) > 4<<10 {
			return
		}
		s, err := ReadSpec(strings.NewReader(in), "matching.csv")
		if err != nil {
			var ce *csvio.Error
			if !errors.As(err, &ce) || ce.File != "matching.csv" {
				t.Fatalf("error without a position: %v", err)
			}
			return
		}
		o := s.Options
		if o.K < 1 || o.K > MaxK || !(o.Caliper >= 0) || math.IsInf(o.Caliper, 0) || s.Treatment == s.Pool || s.Treatment == "" || s.Pool == "" {
			t.Fatalf("out of range: %+v", s)
		}
	})
}

// FuzzReadData feeds arbitrary covariates.csv files to ReadData under a
// spec. Nothing may panic; an error is positioned in the file; data read
// are consistent: one entry a row in every slice, finite values, codes
// within the levels, levels sorted and distinct, at most MaxLevels, and
// (cohort, id) unique. Seeds are in testdata/fuzz/FuzzReadData.
func FuzzReadData(f *testing.F) {
	f.Add("setting,value\ncategorical,sex\n", smallData)
	f.Add("setting,value\ncovariates,age\nexact,sex\ncategorical,sex\n", smallData)
	f.Fuzz(func(t *testing.T, settings, in string) {
		if len(in) > 16<<10 || len(settings) > 2<<10 {
			return
		}
		s, err := ReadSpec(strings.NewReader(settings), "matching.csv")
		if err != nil {
			return
		}
		d, err := ReadData(strings.NewReader(in), "covariates.csv", s)
		if err != nil {
			var ce *csvio.Error
			if !errors.As(err, &ce) || ce.File != "covariates.csv" {
				t.Fatalf("error without a position: %v", err)
			}
			return
		}
		n := d.Len()
		if len(d.Treated) != n || len(d.Cohort) != n || len(d.Line) != n || len(d.Columns) == 0 {
			t.Fatalf("lengths: %d ids, %d treated, %d cohorts, %d lines", n, len(d.Treated), len(d.Cohort), len(d.Line))
		}
		seen := map[[2]string]bool{}
		for i := range n {
			k := [2]string{d.Cohort[i], d.IDs[i]}
			if seen[k] {
				t.Fatalf("(cohort, id) %v twice", k)
			}
			seen[k] = true
			if d.Treated[i] && d.Cohort[i] == "" {
				t.Fatalf("row %d: treated without a cohort", i)
			}
		}
		for _, c := range d.Columns {
			if c.Categorical {
				if len(c.Codes) != n || len(c.Levels) > MaxLevels || !slices.IsSorted(c.Levels) || len(slices.Compact(slices.Clone(c.Levels))) != len(c.Levels) {
					t.Fatalf("%s: %d codes, levels %q", c.Name, len(c.Codes), c.Levels)
				}
				for _, k := range c.Codes {
					if k < 0 || int(k) >= len(c.Levels) {
						t.Fatalf("%s: code %d of %d levels", c.Name, k, len(c.Levels))
					}
				}
				continue
			}
			if len(c.Values) != n {
				t.Fatalf("%s: %d values for %d rows", c.Name, len(c.Values), n)
			}
			for _, v := range c.Values {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("%s: %v", c.Name, v)
				}
			}
		}
	})
}
