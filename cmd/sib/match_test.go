package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// matchExample is the worked example's outcomes folder.
const matchExample = "../../testdata/matched"

// TestMatchExample runs sib match on the worked example: text with the
// three tables and the provenance; JSON with the four, parseable; CSV of
// each table.
func TestMatchExample(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"match", matchExample}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, s := range []string{"command: sib match ../../testdata/matched", "Sample sizes", "Propensity model", "Covariate balance", "(Intercept)", "distance"} {
		if !strings.Contains(stdout.String(), s) {
			t.Errorf("text output lacks %q", s)
		}
	}
	if strings.Contains(stdout.String(), "Matched sets") || strings.Contains(stdout.String(), "NaN") {
		t.Error("text output shows the matched sets, or NaN")
	}
	stdout.Reset()
	if code := run([]string{"match", "--format", "json", matchExample}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("json: exit %d: %s", code, stderr.String())
	}
	if dup, err := duplicateKey(stdout.Bytes()); err != nil || dup != "" {
		t.Errorf("json: key %q twice, or %v", dup, err)
	}
	var doc map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
		t.Fatalf("json: %v", err)
	}
	for _, k := range matchTables {
		if _, ok := doc[k]; !ok {
			t.Errorf("json lacks table %s", k)
		}
	}
	for _, table := range matchTables {
		stdout.Reset()
		if code := run([]string{"match", "--format", "csv", "--table", table, "--cohort", "2025", matchExample}, nil, &stdout, &stderr); code != exitOK {
			t.Fatalf("csv %s: exit %d: %s", table, code, stderr.String())
		}
		if !strings.HasPrefix(string(withoutComments(stdout.Bytes())), map[string]string{"sizes": "cohort,sample", "model": "term,coef", "balance": "cohort,sample,covariate", "sets": "cohort,set,treated"}[table]) {
			t.Errorf("csv %s:\n%.300s", table, stdout.String())
		}
	}
}

// TestMatchWeights: --weights writes weights.csv with its note, and never
// over a file sib did not write; --plot draws the Love plot.
func TestMatchWeights(t *testing.T) {
	dir := t.TempDir()
	w, plot := filepath.Join(dir, "weights.csv"), filepath.Join(dir, "love.svg")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"match", "--weights", w, "--plot", plot, matchExample}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	b, err := os.ReadFile(w)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), "cohort,id,group,weight,subclass,note\n2024,") || !strings.Contains(string(b), "written by sib match") {
		t.Errorf("weights.csv:\n%.300s", b)
	}
	if svg, err := os.ReadFile(plot); err != nil || !bytes.Contains(svg, []byte("<svg")) {
		t.Errorf("love.svg: %v", err)
	}
	// Run again: sib wrote the file, so it may replace it.
	if code := run([]string{"match", "--weights", w, matchExample}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("rerun: exit %d: %s", code, stderr.String())
	}
	mine := filepath.Join(dir, "mine.csv")
	if err := os.WriteFile(mine, []byte("my own\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"match", "--weights", mine, matchExample}, nil, &stdout, &stderr); code != exitData || stdout.Len() > 0 {
		t.Errorf("over a file sib did not write: exit %d, stdout %q", code, stdout.String())
	}
	if b, _ := os.ReadFile(mine); string(b) != "my own\n" {
		t.Error("a file sib did not write was replaced")
	}
}

// TestMatchOverrides: a flag given overrides matching.csv, one not given
// leaves it; the provenance shows the flags.
func TestMatchOverrides(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"match", "--k", "3", "--replace=false", "--format", "json", matchExample}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var doc map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["k"] != 3.0 || doc["replace"] != "false" || doc["caliper"] != "0.2" || doc["command"] != "sib match --k 3 --replace=false --format json ../../testdata/matched" && !strings.Contains(doc["command"].(string), "--k 3") {
		t.Errorf("k %v replace %v caliper %v command %v", doc["k"], doc["replace"], doc["caliper"], doc["command"])
	}
}
