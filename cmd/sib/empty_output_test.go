package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEmptyOutputNameRefused: an output flag given an empty name
// (--out "$DIR" with DIR unset) was read as not given: the command wrote
// nothing and exited 0, as claims --template "" did before it was made a
// usage error. Each is now a usage error (exit 2) naming the flag, and
// nothing is written; indigo --out "" keeps its default, standard output.
func TestEmptyOutputNameRefused(t *testing.T) {
	abs := func(p string) string {
		a, err := filepath.Abs(p)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	sc, unc, claimsDir := abs(estScenario), abs(estUncertainty), abs("../../testdata/youth-employment-claims")
	dir := t.TempDir()
	t.Chdir(dir)
	for _, args := range [][]string{
		{"claims", "--out", "", claimsDir},
		{"claims", "--out=", claimsDir},
		{"run", "--out", "", sc},
		{"run", "--chance", "--plot", "", sc},
		{"run", "--xlsx", "", sc},
		{"report", "--out", "", sc},
		{"simulate", "--draws", "10", "--draws-out", "", sc, unc},
		{"tornado", "--plot", "", sc, unc},
	} {
		code, stdout, stderr := runCLI(args...)
		if code != 2 || stdout != "" || !strings.Contains(stderr, "an empty name") {
			t.Errorf("%v: exit %d, stdout %d bytes, stderr %q; want a usage error", args, code, len(stdout), stderr)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("written: %v", ents)
	}
	code, stdout, stderr := runCLI("indigo", "--out", "", sc)
	if code != 0 || !strings.HasPrefix(strings.TrimSpace(stdout), "{") {
		t.Errorf("indigo --out '': exit %d, %q", code, stderr)
	}
}
