package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunPlot draws sib run's charts of a small fixture deal into a folder
// (SVG) and compares them with the goldens run-plot-NAME.svg; a name
// pattern gives PNGs.
func TestRunPlot(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "charts") // made by sib
	var stdout, stderr bytes.Buffer
	if code := run([]string{"run", "--plot", dir, "testdata/scenario-ok-capital"}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, n := range runCharts {
		p := filepath.Join(dir, n+".svg")
		if !strings.Contains(stderr.String(), "wrote "+p+"\n") {
			t.Errorf("stderr does not say it wrote %s:\n%s", p, stderr.String())
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "run-plot-"+n+".svg", bytes.ReplaceAll(b, []byte(dir), []byte("TMP")))
	}
	// Again: sib replaces its own files.
	if code := run([]string{"run", "--plot", dir, "testdata/scenario-ok-capital"}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("second run: exit %d: %s", code, stderr.String())
	}

	pattern := filepath.Join(t.TempDir(), "deal.png")
	stderr.Reset()
	if code := run([]string{"run", "--plot", pattern, "../../testdata/preschool/scenario"}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, n := range runCharts {
		checkChart(t, strings.TrimSuffix(pattern, ".png")+"-"+n+".png")
	}
}

// TestRunPlotNotOurs: a chart's name taken by a file sib did not write is
// refused before the work, and the file is kept.
func TestRunPlotNotOurs(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "deal-agencies.svg")
	if err := os.WriteFile(mine, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := run([]string{"run", "--plot", filepath.Join(dir, "deal.svg"), "testdata/scenario-ok"}, nil, &stdout, &stderr)
	if code != exitData || stdout.Len() != 0 || !strings.Contains(stderr.String(), "deal-agencies.svg") {
		t.Errorf("exit %d, stdout %d bytes, stderr %q; want exit 1 naming deal-agencies.svg", code, stdout.Len(), stderr.String())
	}
	if b, _ := os.ReadFile(mine); string(b) != "mine" {
		t.Errorf("the user's file changed: %q", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "deal-cashflows.svg")); err == nil {
		t.Error("wrote deal-cashflows.svg despite the refusal")
	}
}
