package main

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestRankTornadoWorkers: the correlation tornado is the same byte for
// byte whatever --workers, its chart is written (SVG and PNG), and on the
// Estonian example the custody-days effect tops it for the state's gross
// net saving.
func TestRankTornadoWorkers(t *testing.T) {
	dir := t.TempDir()
	var first []byte
	for _, w := range []string{"1", "3"} {
		plot := filepath.Join(dir, "ranks-"+w+".svg")
		if w == "3" {
			plot = filepath.Join(dir, "ranks-"+w+".png")
		}
		var stdout, stderr bytes.Buffer
		args := []string{"simulate", "--draws", "1500", "--seed", "5", "--workers", w, "--rank-plot", plot, estScenario, estUncertainty}
		if code := run(args, nil, &stdout, &stderr); code != exitOK {
			t.Fatalf("--workers %s: exit %d: %s", w, code, stderr.String())
		}
		if !strings.Contains(stderr.String(), "wrote "+plot+"\n") {
			t.Errorf("--workers %s: stderr does not say it wrote %s:\n%s", w, plot, stderr.String())
		}
		checkChart(t, plot)
		_, table, ok := strings.Cut(stdout.String(), "Correlation tornado: rank correlations with state.net_gross\n")
		if !ok {
			t.Fatalf("--workers %s: no ranks table:\n%s", w, stdout.String())
		}
		lines := strings.Split(table, "\n")
		if len(lines) < 4 || !strings.HasPrefix(lines[3], "outcome.custody_days.effect ") {
			t.Errorf("--workers %s: custody days do not top the table:\n%s", w, table)
		}
		if first == nil {
			first = stdout.Bytes()
			continue
		}
		strip := regexp.MustCompile(`(?m)^command: .*\n`)
		if !bytes.Equal(strip.ReplaceAll(first, nil), strip.ReplaceAll(stdout.Bytes(), nil)) {
			t.Errorf("--workers %s: the report differs from --workers 1", w)
		}
	}
}
