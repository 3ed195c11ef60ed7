package main

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

// TestCompareDiffElevenDigits: sib compare wrote a difference of two
// 10-digit values exactly (an IRR's -0.12434269982, 11 significant
// digits; 0.571050910 with a trailing zero) and relative differences
// rounded to 10 places (-2.5147918687), where every number but money has
// at most 10 significant digits in its shortest form (README, Units).
// Money differences stay exact, to the cent.
func TestCompareDiffElevenDigits(t *testing.T) {
	for _, args := range [][]string{
		{"compare", "--format", "csv", "--set", "term.employment.share=0.4", "../../testdata/employment/scenario"},
		{"compare", "--format", "csv", "../../testdata/preschool/scenario", "../../testdata/employment/scenario"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(args, nil, &stdout, &stderr); code != exitOK {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr.String())
		}
		r := csv.NewReader(&stdout)
		r.Comment = '#'
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows[1:] {
			unit := row[1]
			for i, cell := range row[4:6] {
				if cell == "" {
					continue
				}
				if i == 0 && unit == "EUR" {
					if dot := strings.IndexByte(cell, '.'); dot < 0 || len(cell)-dot != 3 {
						t.Errorf("%s: money difference %q is not to the cent", row[0], cell)
					}
					continue
				}
				digits := strings.TrimLeft(strings.NewReplacer("-", "", ".", "").Replace(cell), "0")
				if len(digits) > sigDigits {
					t.Errorf("%s (%s): %s %q has %d significant digits, want at most %d", row[0], unit, rows[0][4+i], cell, len(digits), sigDigits)
				}
				if strings.Contains(cell, ".") && strings.HasSuffix(cell, "0") {
					t.Errorf("%s (%s): %s %q is not in its shortest form", row[0], unit, rows[0][4+i], cell)
				}
			}
		}
	}
}
