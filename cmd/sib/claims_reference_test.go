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
		recs := claimsCSV(t, "claims", "--as-of", day, "--format", "csv", "--table", "actuals", "../../testdata/youth-employment-claims")
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

// TestClaimsOwedReference: the owed table, and the paid and outstanding
// columns of the payments table, of the youth-employment folder and its
// paid.csv, against testdata/reference/claims/owed.csv and
// owed-periods.csv, which owed.py computed from docs/claims.md and the
// folder alone (as_of "-": without --as-of). Every figure to the cent.
func TestClaimsOwedReference(t *testing.T) {
	owed := readClaimsRef(t, "../../testdata/reference/claims/owed.csv")            // as_of, payer, due, paid, owed, due_next
	periods := readClaimsRef(t, "../../testdata/reference/claims/owed-periods.csv") // as_of, period, payer, amount, paid, outstanding
	want := map[string][][]string{}
	var days []string
	for _, r := range owed[1:] {
		if want[r[0]] == nil {
			days = append(days, r[0])
		}
		want[r[0]] = append(want[r[0]], r[1:])
	}
	wantP := map[string][][]string{}
	for _, r := range periods[1:] {
		wantP[r[0]] = append(wantP[r[0]], r[1:])
	}
	if len(days) < 6 {
		t.Fatalf("%d as-of days in the reference", len(days))
	}
	for _, day := range days {
		args := []string{"claims", "--format", "csv"}
		if day != "-" {
			args = append(args, "--as-of", day)
		}
		got := claimsCSV(t, append(args, "--table", "owed", "../../testdata/youth-employment-claims")...) // payer, due, paid, owed, state, due_next
		byPayer := map[string][]string{}
		for _, r := range got[1:] {
			byPayer[r[0]] = r
		}
		if len(got)-1 != len(want[day]) {
			t.Errorf("as of %s: %d payers, reference %d", day, len(got)-1, len(want[day]))
		}
		for _, w := range want[day] {
			g := byPayer[w[0]]
			if g == nil || g[1] != w[1] || g[2] != w[2] || g[3] != w[3] || g[5] != w[4] {
				t.Errorf("as of %s, %s: got %v, reference due, paid, owed, due_next %v", day, w[0], g, w[1:])
			}
		}
		got = claimsCSV(t, append(args, "--table", "payments", "../../testdata/youth-employment-claims")...) // period, start, end, payer, amount, paid, outstanding
		gotP := map[string][]string{}
		for _, r := range got[1:] {
			if r[5] != "" {
				gotP[r[0]+" "+r[3]] = r
			}
		}
		if len(gotP) != len(wantP[day]) {
			t.Errorf("as of %s: %d periods and payers over, reference %d", day, len(gotP), len(wantP[day]))
		}
		for _, w := range wantP[day] {
			g := gotP[w[0]+" "+w[1]]
			if g == nil || g[4] != w[2] || g[5] != w[3] || g[6] != w[4] {
				t.Errorf("as of %s, period %s, %s: got %v, reference amount, paid, outstanding %v", day, w[0], w[1], g, w[2:])
			}
		}
	}
}

func readClaimsRef(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// claimsCSV runs sib claims with args and returns its CSV table without
// the header's comment lines.
func claimsCSV(t *testing.T, args ...string) [][]string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(args, strings.NewReader(""), &stdout, &stderr); code != exitOK {
		t.Fatalf("%v: exit %d: %s", args, code, stderr.String())
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
	return recs
}
