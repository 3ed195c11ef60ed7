package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestWeightsFormulaIDsRoundTrip: weights.csv guards ids that begin like
// a formula ("=NR24-00002" is written "'=NR24-00002", safe to open in a
// spreadsheet), and sib outcomes takes the apostrophe off, finding each id
// in participants.csv as written. It wrote them bare, since the reader
// took "'=NR24-00002" for a participant that does not exist.
func TestWeightsFormulaIDsRoundTrip(t *testing.T) {
	tmp := t.TempDir()
	in, out := filepath.Join(tmp, "in"), filepath.Join(tmp, "out")
	formula := regexp.MustCompile(`(?m)^NR`)
	copyDir(t, matchExample, in, func(name string, b []byte) []byte {
		if name == "participants.csv" || name == "covariates.csv" {
			return formula.ReplaceAll(b, []byte("=NR"))
		}
		return b
	})
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"match", "--weights", filepath.Join(out, "weights.csv"), in}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("match: exit %d: %s", code, stderr.String())
	}
	w, err := os.ReadFile(filepath.Join(out, "weights.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(w), "\n2024,'=NR24-") || strings.Contains(string(w), ",=NR") {
		t.Fatalf("weights.csv does not guard the ids:\n%.300s", w)
	}
	for _, f := range []string{"participants.csv", "metrics.csv", "cohorts.csv"} {
		b, err := os.ReadFile(filepath.Join(in, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"outcomes", out}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("outcomes on the weights: exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "weights from weights.csv") {
		t.Errorf("outcomes did not use the weights:\n%.600s", stdout.String())
	}
}
