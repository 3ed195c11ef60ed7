package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"strings"
	"testing"

	"github.com/sib-engine/sib/internal/csvio"
)

// TestClaimsActualsReference: the actuals sib claims --as-of writes, period
// by period, against testdata/reference/claims/paid.csv, which a reviewer's
// Python (asof.py) computed from the docs and the folder alone. Every
// period sib writes must match its paid total to the cent (0 where the
// reference has none); the reference's partial period, the one the day
// falls in, is not an actual.
func TestClaimsActualsReference(t *testing.T) {
	f, err := os.Open("../../testdata/reference/claims/paid.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	ref := map[string]map[string]int64{} // as_of -> period -> cents
	var days []string
	for _, r := range rows[1:] {
		if ref[r[0]] == nil {
			ref[r[0]] = map[string]int64{}
			days = append(days, r[0])
		}
		c, err := csvio.ParseCents(r[3], false)
		if err != nil {
			t.Fatal(err)
		}
		ref[r[0]][r[1]] = c
	}
	if len(days) < 5 {
		t.Fatalf("%d as-of days in the reference", len(days))
	}
	for _, day := range days {
		var stdout, stderr bytes.Buffer
		if code := run([]string{"claims", "--as-of", day, "--format", "csv", "--table", "actuals", "../../testdata/youth-employment-claims"}, strings.NewReader(""), &stdout, &stderr); code != exitOK {
			t.Fatalf("%s: exit %d: %s", day, code, stderr.String())
		}
		var body []string
		for line := range strings.Lines(stdout.String()) {
			if !strings.HasPrefix(line, "#") {
				body = append(body, line)
			}
		}
		recs, err := csv.NewReader(strings.NewReader(strings.Join(body, ""))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int64{}
		for _, r := range recs[1:] { // period, from, to, term, amount
			c, err := csvio.ParseCents(r[4], false)
			if err != nil {
				t.Fatal(err)
			}
			got[r[0]] += c
		}
		if len(got) == 0 && day > "2015-07-01" {
			t.Errorf("%s: no actuals", day)
		}
		for p, c := range got {
			if c != ref[day][p] {
				t.Errorf("as of %s, period %s: actuals %d cents, reference %d", day, p, c, ref[day][p])
			}
		}
	}
}
