package main

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// The owed table in text says whether a payer owes, has overpaid or is
// settled. claims-rules books, for dluhc alone, 4,500.00 in quarter 2,
// 4,000.00 in quarter 3 and 2,500.00 in quarter 4 of 2026: 11,000.00.
// Paid: 4,500.00 on 2026-08-15, 4,000.00 on 2026-11-14, 3,000.00 on
// 2027-01-10, and a recovery of 500.00 on 2027-02-01.
//
//	as of 2026-12-31: due 11,000.00 (quarters 1-4), paid 8,500.00: owed 2,500.00
//	as of 2027-01-15: due 11,000.00, paid 11,500.00: −500.00, overpaid
//	as of 2027-03-31: due 11,000.00 (quarter 5 booked 0), paid 11,000.00: settled
func TestClaimsOwedText(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "rules")
	if err := os.CopyFS(dir, os.DirFS("testdata/claims-rules")); err != nil {
		t.Fatal(err)
	}
	paid := "date,payer,amount,reference\n2026-08-15,dluhc,4500,Q2\n2026-11-14,dluhc,4000.00,Q3\n2027-01-10,dluhc,3000,Q4\n2027-02-01,dluhc,-500,REC-1\n"
	if err := os.WriteFile(filepath.Join(dir, "paid.csv"), []byte(paid), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ day, row string }{
		{"2026-12-31", `dluhc +11000\.00 +8500\.00 +2500\.00 +owed `},
		{"2027-01-15", `dluhc +11000\.00 +11500\.00 +-500\.00 +overpaid `},
		{"2027-03-31", `dluhc +11000\.00 +11000\.00 +0\.00 +settled `},
	} {
		stdout, _ := runSib(t, exitOK, "claims", "--as-of", tc.day, dir)
		if !regexp.MustCompile(`(?m)^` + tc.row).MatchString(stdout) {
			t.Errorf("as of %s: no row %q in\n%s", tc.day, tc.row, stdout)
		}
	}
	// Without paid.csv the text has no owed table (nothing is known paid).
	os.Remove(filepath.Join(dir, "paid.csv"))
	if stdout, _ := runSib(t, exitOK, "claims", dir); regexp.MustCompile(`(?m)^Owed`).MatchString(stdout) {
		t.Errorf("an owed table without paid.csv:\n%s", stdout)
	}
}

// TestClaimsOwedTotalMixed: when one payer owes and another has overpaid,
// the total's state is mixed, not the sign of the net (the total said
// overpaid while dwp still owed 274843.75).
func TestClaimsOwedTotalMixed(t *testing.T) {
	dir := youthPaying(t, "2016-11-01,cabinet_office,500000,ADVANCE,an advance\n")
	stdout, _ := runSib(t, exitOK, "claims", "--as-of", "2016-11-30", dir)
	for _, row := range []string{`cabinet_office .* -500000\.00 +overpaid `, `dwp .* 274843\.75 +owed `, `total .* -225156\.25 +mixed `} {
		if !regexp.MustCompile(`(?m)^` + row).MatchString(stdout) {
			t.Errorf("no row %q in\n%s", row, stdout)
		}
	}
}

// TestClaimsPaidRepeatedReference: a payment whose reference an earlier
// one has is noted on standard error with both lines (a payment entered
// twice), and counts all the same.
func TestClaimsPaidRepeatedReference(t *testing.T) {
	dir := youthPaying(t, "2016-11-20,dwp,274843.75,YEF-DWP-Q05,entered again\n")
	stdout, stderr := runSib(t, exitOK, "claims", "--as-of", "2016-11-30", dir)
	if !regexp.MustCompile(`paid\.csv:38: reference "YEF-DWP-Q05" is on line \d+ too`).MatchString(stderr) {
		t.Errorf("no note of the repeated reference:\n%s", stderr)
	}
	if !regexp.MustCompile(`(?m)^dwp .* 0\.00 +settled `).MatchString(stdout) {
		t.Errorf("the repeated payment does not count:\n%s", stdout)
	}
}

// youthPaying is a copy of the youth claims folder whose paid.csv has
// the row more.
func youthPaying(t *testing.T, row string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "youth")
	if err := os.CopyFS(dir, os.DirFS("../../testdata/youth-employment-claims")); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(dir, "paid.csv"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(row); err != nil {
		t.Fatal(err)
	}
	return dir
}
