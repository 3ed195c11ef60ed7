package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMatchGoldenFiles: sib match --weights --plot on the worked example
// writes weights.csv and the Love plot (goldens match-matched-weights.csv,
// its first 30 rows,
// match-matched-love.svg); sib outcomes on a copy of the example with that
// weights.csv in place of matching.csv and covariates.csv prints the same
// effects as on the example itself (golden outcomes-matched-weights.stdout,
// the temporary folder written as TMP).
func TestMatchGoldenFiles(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "outcomes")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(matchExample)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		switch e.Name() {
		case "matching.csv", "covariates.csv":
			continue
		}
		b, err := os.ReadFile(filepath.Join(matchExample, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(folder, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// sib match writes no output into an input folder: weights.csv is
	// written beside it, then copied in.
	weights, love := filepath.Join(dir, "weights.csv"), filepath.Join(dir, "love.svg")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"match", "--weights", weights, "--plot", love, matchExample}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("sib match: exit %d: %s", code, stderr.String())
	}
	tmp := func(b []byte) []byte { return bytes.ReplaceAll(b, []byte(dir), []byte("TMP")) }
	for name, path := range map[string]string{"match-matched-weights.csv": weights, "match-matched-love.svg": love} {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, ".csv") {
			// The first rows (of 11,026) pin the format; the effects
			// below check every weight.
			lines := bytes.SplitAfter(b, []byte("\n"))
			b = bytes.Join(lines[:min(len(lines), 31)], nil)
		}
		golden(t, name, tmp(b))
	}
	golden(t, "match-matched-weights.stderr", tmp(stderr.Bytes()))
	b, err := os.ReadFile(weights)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(folder, "weights.csv"), b, 0o644); err != nil {
		t.Fatal(err)
	}

	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"outcomes", folder}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("sib outcomes: exit %d: %s", code, stderr.String())
	}
	golden(t, "outcomes-matched-weights.stdout", tmp(stdout.Bytes()))
	golden(t, "outcomes-matched-weights.stderr", tmp(stderr.Bytes()))
	// The effects are those of the matching run in sib outcomes itself.
	var direct, derr bytes.Buffer
	if code := run([]string{"outcomes", matchExample}, nil, &direct, &derr); code != exitOK {
		t.Fatalf("sib outcomes on the example: exit %d: %s", code, derr.String())
	}
	effects := func(s string) string {
		_, after, _ := strings.Cut(s, "Effects by metric and cohort")
		return after
	}
	if e := effects(stdout.String()); e == "" || e != effects(direct.String()) {
		t.Errorf("the effects from weights.csv differ from the matching's:\n%s\nvs\n%s", e, effects(direct.String()))
	}
}

// TestMatchBalanceNoNoise: sex, matched exactly, has the same share in
// both groups of a cohort; the library's difference is rounding (about
// 1e-15), which the balance table prints as 0, not as float noise.
func TestMatchBalanceNoNoise(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"match", "--cohort", "2025", "--format", "csv", "--table", "balance", matchExample}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, line := range strings.Split(stdout.String(), "\n") {
		if strings.HasPrefix(line, "2025,matched,sex") {
			f := strings.Split(line, ",")
			if f[6] != "0" || f[7] != "0" || f[9] != "0" || f[10] != "0" {
				t.Errorf("exactly matched sex: %s", line)
			}
		}
		if strings.Contains(line, "e-1") {
			t.Errorf("float noise: %s", line)
		}
	}
}
