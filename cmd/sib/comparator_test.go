package main

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestAppraisalWorkers: the comparator, exposure, decisions and evpi
// tables are the same byte for byte whatever --workers, and the exposure
// chart is written.
func TestAppraisalWorkers(t *testing.T) {
	dir := t.TempDir()
	var first []byte
	for _, w := range []string{"1", "3"} {
		plot := filepath.Join(dir, "exposure-"+w+".svg")
		var stdout, stderr bytes.Buffer
		args := []string{"simulate", "--draws", "1500", "--seed", "5", "--workers", w, "--comparator", "--evpi",
			"--evpi-group", "effects=outcome.reconvictions.effect,outcome.custody_days.effect", "--exposure-plot", plot, estScenario, estUncertainty}
		if code := run(args, nil, &stdout, &stderr); code != exitOK {
			t.Fatalf("--workers %s: exit %d: %s", w, code, stderr.String())
		}
		if !strings.Contains(stderr.String(), "wrote "+plot+"\n") {
			t.Errorf("--workers %s: stderr does not say it wrote %s:\n%s", w, plot, stderr.String())
		}
		checkChart(t, plot)
		for _, table := range []string{"Public sector comparator", "Budget exposure", "Decisions", "Value of information"} {
			if !strings.Contains(stdout.String(), table) {
				t.Errorf("--workers %s: no %s table", w, table)
			}
		}
		if first == nil {
			first = stdout.Bytes()
			continue
		}
		// The command lines differ in --exposure-plot (--workers is left out).
		strip := regexp.MustCompile(`(?m)^command: .*\n`)
		if !bytes.Equal(strip.ReplaceAll(first, nil), strip.ReplaceAll(stdout.Bytes(), nil)) {
			t.Errorf("--workers %s: the report differs from --workers 1", w)
		}
	}
}
