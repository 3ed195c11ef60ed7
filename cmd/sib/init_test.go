package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestInitTemplates: each template is written, loads and runs (exit 0,
// no warning), every row of every file has a note, investors earn a
// return in the published range (single digits to low teens) and the
// payer saves on its cashable measure.
func TestInitTemplates(t *testing.T) {
	for _, name := range templateNames {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "deal")
			var stdout, stderr bytes.Buffer
			if code := run([]string{"init", "--template", name, dir}, nil, &stdout, &stderr); code != exitOK {
				t.Fatalf("init: exit %d: %s", code, stderr.String())
			}
			files, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
			for _, f := range files {
				b, _ := os.ReadFile(f)
				recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
				if err != nil {
					t.Fatal(err)
				}
				if recs[0][len(recs[0])-1] != "note" {
					t.Errorf("%s: no note column", filepath.Base(f))
				}
				if !strings.Contains(string(b), "change:") {
					t.Errorf("%s: no row says what to change", filepath.Base(f))
				}
			}
			stdout.Reset()
			stderr.Reset()
			if code := run([]string{"run", "--format", "csv", dir}, nil, &stdout, &stderr); code != exitOK || stderr.Len() > 0 {
				t.Fatalf("run: exit %d: %s", code, stderr.String())
			}
			sum := map[string]string{}
			recs, _ := csv.NewReader(strings.NewReader(uncommented(stdout.String()))).ReadAll()
			for _, r := range recs[1:] {
				sum[r[0]] = r[1]
			}
			irr := parse(t, sum["investors' IRR"]) // a fraction in CSV
			if irr < 0.03 || irr > 0.14 {
				t.Errorf("investors' IRR %v: outside single digits to low teens", irr)
			}
			if net := parse(t, sum["state: net saving PV"]); net <= 0 {
				t.Errorf("state: net saving PV %v: the payer does not save", net)
			}
			if u := parse(t, sum["unfunded costs"]); u != 0 {
				t.Errorf("unfunded costs %v", u)
			}
			// Written once: a second init into it is refused.
			if code := run([]string{"init", "--template", name, dir}, nil, &stdout, &stderr); code != exitData {
				t.Errorf("init into the written folder: exit %d, want %d", code, exitData)
			}
		})
	}
}

func parse(t *testing.T, s string) float64 {
	t.Helper()
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return x
}
