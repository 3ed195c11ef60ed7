package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestClaimsOwedReview compares sib claims' owed table and payments table
// (with paid and outstanding), byte for byte after the header, with a
// reviewer's independent reference written from docs/claims.md alone
// (testdata/reference/review-owed: owed_review.py; run.sh also checks
// three variants of the folder it builds in a temporary folder).
func TestClaimsOwedReview(t *testing.T) {
	files, err := filepath.Glob("../../testdata/reference/review-owed/out/youth-*.csv")
	if err != nil || len(files) < 10 {
		t.Fatalf("%d reference files, %v", len(files), err)
	}
	strip := func(s string) string {
		var b strings.Builder
		for _, l := range strings.SplitAfter(s, "\n") {
			if !strings.HasPrefix(l, "#") {
				b.WriteString(l)
			}
		}
		return b.String()
	}
	for _, f := range files {
		day := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "youth-"), ".csv")
		want, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		args := []string{"claims", "--format", "csv"}
		if day != "none" {
			args = append(args, "--as-of", day)
		}
		var got strings.Builder
		for i, table := range []string{"owed", "payments"} {
			code, stdout, stderr := runCLI(append(args, "--table", table, "../../testdata/youth-employment-claims")...)
			if code != 0 {
				t.Fatalf("%s %s: exit %d: %s", day, table, code, stderr)
			}
			if i > 0 {
				got.WriteString("\n")
			}
			got.WriteString(strip(stdout))
		}
		if got.String() != string(want) {
			t.Errorf("as of %s: sib's owed and payments tables differ from %s", day, f)
		}
	}
}
