package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMatchReplaceFlag: --replace takes a value, so --replace false
// works as it reads; a bad value is a usage error.
func TestMatchReplaceFlag(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"match", "--replace", "false", "--format", "csv", "--table", "sizes", matchExample}, exitOK, ""},
		{[]string{"match", "--replace", "maybe", matchExample}, exitUsage, "--replace maybe: expected true or false"},
		{[]string{"match", "--k", "0", matchExample}, exitUsage, "--k 0: expected 1 to 10"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(tc.args, nil, &stdout, &stderr); code != tc.code || !strings.Contains(stderr.String(), tc.out) {
			t.Errorf("%v: exit %d, stderr %s", tc.args, code, stderr.String())
		}
	}
}

// TestMatchSeparation: a covariate equal to the treatment is an error
// naming it (exit 1), with or without a caliper, and nothing is written.
func TestMatchSeparation(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"matching.csv", "covariates.csv", "cohorts.csv", "metrics.csv", "participants.csv"} {
		b, err := os.ReadFile(filepath.Join(matchExample, f))
		if err != nil {
			t.Fatal(err)
		}
		if f == "covariates.csv" {
			lines := strings.SplitAfter(string(b), "\n")
			for i, l := range lines {
				switch {
				case i == 0:
					lines[i] = strings.TrimRight(l, "\r\n") + ",referred\n"
				case l == "":
				case strings.Contains(l, ",treatment,"):
					lines[i] = strings.TrimRight(l, "\r\n") + ",1\n"
				default:
					lines[i] = strings.TrimRight(l, "\r\n") + ",0\n"
				}
			}
			b = []byte(strings.Join(lines, ""))
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, extra := range [][]string{nil, {"--caliper", "0"}} {
		w := filepath.Join(t.TempDir(), "w.csv")
		args := append(append([]string{"match", "--weights", w}, extra...), dir)
		var stdout, stderr bytes.Buffer
		if code := run(args, nil, &stdout, &stderr); code != exitData || !strings.Contains(stderr.String(), "complete separation: referred") {
			t.Errorf("%v: exit %d, stderr %s", args, code, stderr.String())
		}
		if _, err := os.Stat(w); err == nil {
			t.Errorf("%v: wrote %s", args, w)
		}
	}
}
