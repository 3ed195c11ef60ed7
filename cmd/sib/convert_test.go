package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// same keeps a file as it is, for copyDir.
func same(_ string, b []byte) []byte { return b }

// fileNames lists the files of a folder.
func fileNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// TestConvertNotIntoUsersFolder: converting a workbook into a folder that
// holds files sib did not write (a user's costing folder, a README) is
// refused, exit 1, with nothing written; the folder still runs. The
// regression a user caught: 11 scenario CSVs written into a costing folder.
func TestConvertNotIntoUsersFolder(t *testing.T) {
	tmp := t.TempDir()
	wb := convertTo(t, filepath.Join("..", "..", "testdata", "estonia", "scenario"), tmp, "scenario.xlsx")
	k9 := filepath.Join(tmp, "k9")
	copyDir(t, filepath.Join("..", "..", "testdata", "estonia", "costing"), k9, same)
	readme := filepath.Join(tmp, "notes")
	if err := os.MkdirAll(readme, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(readme, "README.txt"), []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{k9, readme} {
		before := fileNames(t, dir)
		code, out, stderr := sibRun("convert", wb, dir)
		if code != exitData || out != "" {
			t.Errorf("convert into %s: status %d, stdout %q; stderr %s", dir, code, out, stderr)
		}
		if !strings.Contains(stderr, "a file sib did not write") || !strings.Contains(stderr, dir+" holds ") {
			t.Errorf("stderr %q", stderr)
		}
		if after := fileNames(t, dir); !slices.Equal(before, after) {
			t.Errorf("%s: files %v, were %v", dir, after, before)
		}
	}
	if code, _, stderr := sibRun("cost", k9); code != exitOK {
		t.Errorf("sib cost on the folder after the refusal: %d: %s", code, stderr)
	}
}

// TestConvertReplacesItsOwnFolder: a folder sib convert wrote is replaced
// by the next conversion into it, the first one's files gone; one of its
// files edited since is not replaced.
func TestConvertReplacesItsOwnFolder(t *testing.T) {
	tmp := t.TempDir()
	est := filepath.Join("..", "..", "testdata", "estonia")
	sc := convertTo(t, filepath.Join(est, "scenario"), tmp, "scenario.xlsx")
	co := convertTo(t, filepath.Join(est, "costing"), tmp, "costing.xlsx")
	dir := filepath.Join(tmp, "back")
	for _, wb := range []string{sc, co} {
		if code, _, stderr := sibRun("convert", wb, dir); code != exitOK {
			t.Fatalf("convert %s: %d: %s", wb, code, stderr)
		}
	}
	want := csvTexts(t, filepath.Join(est, "costing"))
	if got := csvTexts(t, dir); len(got) != len(want) {
		t.Errorf("files %v, want the costing folder's %d", fileNames(t, dir), len(want))
	}
	if code, _, stderr := sibRun("cost", dir); code != exitOK {
		t.Errorf("sib cost: %d: %s", code, stderr)
	}
	if err := os.WriteFile(filepath.Join(dir, "ledger.csv"), []byte("edited\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := sibRun("convert", co, dir)
	if code != exitData || !strings.Contains(stderr, "ledger.csv, a file sib wrote but that was changed since") {
		t.Errorf("over an edited file: status %d, stderr %q", code, stderr)
	}
}

// TestConvertNotOverUsersWorkbook: a folder is not converted over a
// workbook sib did not write, nor into a folder of inputs.
func TestConvertNotOverUsersWorkbook(t *testing.T) {
	tmp := t.TempDir()
	costing := filepath.Join("..", "..", "testdata", "estonia", "costing")
	mine := filepath.Join(tmp, "mine.xlsx")
	if err := os.WriteFile(mine, []byte("not sib's"), 0o644); err != nil {
		t.Fatal(err)
	}
	scen := filepath.Join(tmp, "scenario")
	copyDir(t, filepath.Join("..", "..", "testdata", "estonia", "scenario"), scen, same)
	for _, c := range []struct{ dst, want string }{
		{mine, "mine.xlsx: a file sib did not write"},
		{filepath.Join(scen, "costing.xlsx"), "an input folder"},
	} {
		code, _, stderr := sibRun("convert", costing, c.dst)
		if code != exitData || !strings.Contains(stderr, c.want) {
			t.Errorf("convert to %s: status %d, stderr %q, want %q", c.dst, code, stderr, c.want)
		}
	}
	if b, _ := os.ReadFile(mine); !bytes.Equal(b, []byte("not sib's")) {
		t.Error("the user's workbook changed")
	}
	if _, err := os.Stat(filepath.Join(scen, "costing.xlsx")); err == nil {
		t.Error("a workbook was written into the scenario folder")
	}
}
