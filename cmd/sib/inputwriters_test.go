package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestOutNotIntoWrittenInputs: a folder of inputs that sib itself wrote (a
// new scenario from sib init, a folder sib convert made of a workbook, a
// claims folder from sib claims --generate) is an input folder for every
// other command: sib run --out into it is refused, exit 1, nothing written
// or replaced, and the folder still runs. A new user's report: run --out
// into an init folder replaced its payments.csv (the scenario's payment
// terms) with the run's payments table and added 12 files, so the scenario
// no longer ran.
func TestOutNotIntoWrittenInputs(t *testing.T) {
	tmp := t.TempDir()
	est := filepath.Join("..", "..", "testdata", "estonia", "scenario")
	initDir := filepath.Join(tmp, "init")
	if code, _, stderr := sibRun("init", "--template", "tiered", initDir); code != exitOK {
		t.Fatalf("init: %d: %s", code, stderr)
	}
	book := filepath.Join(tmp, "deal.xlsx")
	if code, _, stderr := sibRun("convert", est, book); code != exitOK {
		t.Fatalf("convert to a workbook: %d: %s", code, stderr)
	}
	convDir := filepath.Join(tmp, "back")
	if code, _, stderr := sibRun("convert", book, convDir); code != exitOK {
		t.Fatalf("convert back: %d: %s", code, stderr)
	}
	genDir := filepath.Join(tmp, "gen")
	if code, _, stderr := sibRun("claims", "--generate", "50", "--seed", "7", filepath.Join("..", "..", "testdata", "youth-employment-claims"), genDir); code != exitOK {
		t.Fatalf("claims --generate: %d: %s", code, stderr)
	}
	for _, dir := range []string{initDir, convDir, genDir} {
		before := snapshot(t, dir)
		code, _, stderr := sibRun("run", "--out", dir, est)
		if code != exitData || !strings.Contains(stderr, "an input folder") {
			t.Errorf("run --out %s: exit %d, %s; want 1 and an input folder", dir, code, stderr)
		}
		if after := snapshot(t, dir); !slices.Equal(before, after) {
			t.Errorf("run --out %s changed the folder:\n%v\n%v", dir, before, after)
		}
	}
	if code, _, stderr := sibRun("run", initDir); code != exitOK {
		t.Errorf("run %s: %d: %s", initDir, code, stderr)
	}
	// A command that wrote its own inputs may write them again.
	if code, _, stderr := sibRun("convert", book, convDir); code != exitOK {
		t.Errorf("convert again into its own folder: %d: %s", code, stderr)
	}
}

// snapshot lists a folder's files with their contents.
func snapshot(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		out = append(out, e.Name()+"\n"+string(b))
	}
	return out
}

// TestCompareCommissionerWarning: sib compare warns when the scenarios'
// commissioner's costs files differ (the overpriced design has none), not
// when a --set moves the PV of the same costs (a discount rate).
func TestCompareCommissionerWarning(t *testing.T) {
	est := filepath.Join("..", "..", "testdata", "estonia")
	_, _, stderr := sibRun("compare", filepath.Join(est, "scenario"), filepath.Join(est, "overpriced"))
	if !strings.Contains(stderr, "commissioner's own costs") {
		t.Errorf("no warning for two files: %s", stderr)
	}
	code, _, stderr := sibRun("compare", filepath.Join(est, "scenario"), "--set", "setting.discount_rate=0.06")
	if code != exitOK || strings.Contains(stderr, "commissioner") {
		t.Errorf("a --set of the discount rate: exit %d, %s", code, stderr)
	}
}
