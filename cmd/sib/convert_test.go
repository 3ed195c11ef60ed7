package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
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
	// A list of outputs sib did not write is named as such, not a file.
	if err := os.WriteFile(filepath.Join(readme, ".sib-outputs"), []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := sibRun("convert", wb, readme)
	if want := filepath.Join(readme, ".sib-outputs") + ": a file sib did not write: not sib's list of its outputs"; code != exitData || !strings.Contains(stderr, want) {
		t.Errorf("status %d, stderr %q, want %q", code, stderr, want)
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

// TestConvertRefusesWhatReadersRefuse: a folder whose CSV files the
// input readers refuse (not UTF-8, a stray quote) is refused by sib
// convert the same way, with the file as given, its line and column, exit
// 1, no note and nothing written. Regressions a user caught: a Latin-1
// participants file converted to garbled ids, a UTF-16 one to headers of
// replacement characters, and a bare quote reported as "records.csv:
// parse error on line 2, column 17" after a note that the file would not
// come back byte for byte.
func TestConvertRefusesWhatReadersRefuse(t *testing.T) {
	for _, c := range []struct {
		name, file, data, want string
	}{
		{"latin-1", "participants.csv", "id,cohort\nM\xf5,2024\nM\xe4,2024\n", "participants.csv:2:1: not UTF-8 text"},
		{"utf-16", "participants.csv", "\xff\xfei\x00d\x00,\x00c\x00\n\x00", "participants.csv:1: not UTF-8 text: save the file as \"CSV UTF-8\" (a spreadsheet's plain \"CSV\" may use a local code page) (this is UTF-16"},
		{"bare quote", "records.csv", "id,cohort,note\nab,2024,the \"x\" rate\n", "records.csv:2:3: bare \" in non-quoted-field: a quote inside a value needs the whole value in quotes"},
		{"bare quote after a quoted field", "records.csv", "id,cohort,note\n\"a,b\",20\"24,x\n", "records.csv:2:2: bare \""},
		{"unclosed quote", "records.csv", "id,cohort,note\nab,2024,\"the rate\n", "records.csv:2:3: extraneous or missing \" in quoted-field"},
	} {
		t.Run(c.name, func(t *testing.T) {
			tmp := t.TempDir()
			dir := filepath.Join(tmp, "in")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, c.file), []byte(c.data), 0o644); err != nil {
				t.Fatal(err)
			}
			wb := filepath.Join(tmp, "out.xlsx")
			code, out, stderr := sibRun("convert", dir, wb)
			if code != exitData || out != "" {
				t.Errorf("status %d, stdout %q", code, out)
			}
			if want := "sib convert: " + filepath.Join(dir, c.want); !strings.HasPrefix(stderr, want) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("stderr %q, want one line starting %q", stderr, want)
			}
			if _, err := os.Stat(wb); err == nil {
				t.Error("a workbook was written")
			}
		})
	}
}

// TestConvertLimit: sib convert takes --limit as every command that reads
// inputs does, and its --help lists it.
func TestConvertLimit(t *testing.T) {
	tmp := t.TempDir()
	src := filepath.Join("..", "..", "testdata", "estonia", "costing")
	code, _, stderr := sibRun("convert", "--limit", "rows=2", src, filepath.Join(tmp, "c.xlsx"))
	if code != exitData || !strings.Contains(stderr, "over a limit: more than 2 records") || !strings.Contains(stderr, "--limit rows=") {
		t.Errorf("--limit rows=2: status %d, stderr %q", code, stderr)
	}
	wb := convertTo(t, src, tmp, "costing.xlsx")
	code, _, stderr = sibRun("convert", "--limit", "file=1KiB", wb, filepath.Join(tmp, "back"))
	if code != exitData || !strings.Contains(stderr, wb+": over a limit: the file has") {
		t.Errorf("--limit file=1KiB: status %d, stderr %q", code, stderr)
	}
	if code, _, stderr := sibRun("convert", "--limit", "rows=x", src, filepath.Join(tmp, "d.xlsx")); code != exitUsage {
		t.Errorf("--limit rows=x: status %d, stderr %q", code, stderr)
	}
	_, out, _ := sibRun("convert", "--help")
	if !strings.Contains(out, "Flags:\n      --limit ") {
		t.Errorf("--help does not list --limit:\n%s", out)
	}
}

// semicolons rewrites a comma-separated CSV file without quotes as a
// spreadsheet with European settings saves it: semicolons between the
// fields and decimal commas in the numbers.
func semicolons(_ string, b []byte) []byte {
	number := regexp.MustCompile(`^-?[0-9]+\.[0-9]+$`)
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		fields := strings.Split(line, ",")
		for i, f := range fields {
			if number.MatchString(f) {
				fields[i] = strings.Replace(f, ".", ",", 1)
			}
		}
		out = append(out, strings.Join(fields, ";"))
	}
	return []byte(strings.Join(out, "\n"))
}

// TestConvertDecimalComma: a valid folder of semicolon-separated files
// with decimal commas converts to a workbook whose numbers are number
// cells, which every command reads with the same meaning, and back to a
// folder that gives the same results. The regression a user caught: the
// workbook kept "1400,50" as text, which every command then refused.
func TestConvertDecimalComma(t *testing.T) {
	tmp := t.TempDir()
	semi := filepath.Join(tmp, "semi")
	copyDir(t, filepath.Join("..", "..", "testdata", "estonia", "costing"), semi, semicolons)
	if b, _ := os.ReadFile(filepath.Join(semi, "ledger.csv")); !strings.Contains(string(b), ";1680073,61;") {
		t.Fatalf("the test's folder has no decimal comma:\n%s", b)
	}
	code, want, stderr := sibRun("cost", "--format", "csv", semi)
	if code != exitOK {
		t.Fatalf("sib cost on the folder: %d: %s", code, stderr)
	}
	wb := convertTo(t, semi, tmp, "semi.xlsx")
	back := filepath.Join(tmp, "back")
	if code, _, stderr := sibRun("convert", wb, back); code != exitOK {
		t.Fatalf("convert back: %d: %s", code, stderr)
	}
	for in, name := range map[string]string{wb: wb, back: back} {
		code, got, stderr := sibRun("cost", "--format", "csv", in)
		if code != exitOK {
			t.Errorf("sib cost %s: %d: %s", name, code, stderr)
			continue
		}
		if got = strings.ReplaceAll(got, in, semi); got != want {
			t.Errorf("sib cost %s differs from the folder's:\n%s\n----\n%s", name, got, want)
		}
	}
	xl, err := excelize.OpenFile(wb)
	if err != nil {
		t.Fatal(err)
	}
	defer xl.Close()
	if typ, _ := xl.GetCellType("ledger", "D2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("ledger!D2 is of type %v, want a number", typ)
	}
	if v, _ := xl.GetCellValue("ledger", "D2", excelize.Options{RawCellValue: true}); v != "1680073.61" {
		t.Errorf("ledger!D2 holds %q, want 1680073.61", v)
	}
	ledger, _ := os.ReadFile(filepath.Join(back, "ledger.csv"))
	if !strings.Contains(string(ledger), ",1680073.61,") {
		t.Errorf("ledger.csv back:\n%s", ledger)
	}
}

// TestConvertTooManyRows: a file with more rows than an .xlsx sheet holds
// is refused with the file as given and the limit, nothing written. The
// regression a user caught: "cannot convert cell "" to coordinates".
func TestConvertTooManyRows(t *testing.T) {
	tmp := t.TempDir()
	big := filepath.Join(tmp, "big")
	if err := os.MkdirAll(big, 0o755); err != nil {
		t.Fatal(err)
	}
	data := "id,cohort\n" + strings.Repeat("a,2024\n", 1_048_576)
	if err := os.WriteFile(filepath.Join(big, "records.csv"), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	wb := filepath.Join(tmp, "big.xlsx")
	code, _, stderr := sibRun("convert", big, wb)
	want := "sib convert: " + filepath.Join(big, "records.csv") + ": too many rows for a sheet: 1,048,577 rows, the header included, and an .xlsx sheet holds at most 1,048,576 (a header and 1,048,575 records): keep this file as CSV\n"
	if code != exitData || stderr != want {
		t.Errorf("status %d, stderr %q\nwant %q", code, stderr, want)
	}
	if _, err := os.Stat(wb); err == nil {
		t.Error("a workbook was written")
	}
}

// TestConvertNotIntoOtherOutputs: files another command wrote (sib claims
// --generate) are not convert's to write among, and a workbook converted
// into a folder stays when a workbook is converted back into it.
func TestConvertNotIntoOtherOutputs(t *testing.T) {
	tmp := t.TempDir()
	est := filepath.Join("..", "..", "testdata", "estonia")
	co := convertTo(t, filepath.Join(est, "costing"), tmp, "costing.xlsx")
	gen := filepath.Join(tmp, "gen")
	if code, _, stderr := sibRun("claims", "--generate", "20", filepath.Join("..", "..", "testdata", "youth-employment-claims"), gen); code != exitOK {
		t.Fatalf("claims --generate: %d: %s", code, stderr)
	}
	code, _, stderr := sibRun("convert", co, gen)
	if code != exitData || !strings.Contains(stderr, "a file sib claims --generate wrote") {
		t.Errorf("into claims' folder: status %d, stderr %q", code, stderr)
	}
	if code, _, stderr := sibRun("claims", gen); code != exitOK {
		t.Errorf("sib claims after the refusal: %d: %s", code, stderr)
	}
	out := filepath.Join(tmp, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	kept := filepath.Join(out, "c.xlsx")
	if code, _, stderr := sibRun("convert", filepath.Join(est, "costing"), kept); code != exitOK {
		t.Fatalf("convert into out: %d: %s", code, stderr)
	}
	if code, _, stderr := sibRun("convert", co, out); code != exitOK {
		t.Fatalf("convert back into out: %d: %s", code, stderr)
	}
	if _, err := os.Stat(kept); err != nil {
		t.Errorf("the workbook sib wrote in the folder is gone: %v", err)
	}
}

// TestConvertLeadingSpace: a folder whose fields have spaces before them,
// one before its opening quote (`, "juvenile, proceeding"`), which every
// command reads, converts to a workbook that gives the same costs. Convert
// refused it as a bare quote.
func TestConvertLeadingSpace(t *testing.T) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "spaced")
	copyDir(t, filepath.Join("..", "..", "testdata", "estonia", "costing"), dir, func(name string, b []byte) []byte {
		if name == "activity.csv" {
			return []byte(strings.Replace(string(b), ",juvenile proceeding\n", ", \"juvenile, proceeding\"\n", 1))
		}
		return b
	})
	if b, _ := os.ReadFile(filepath.Join(dir, "activity.csv")); !strings.Contains(string(b), `, "juvenile, proceeding"`) {
		t.Fatalf("the test's folder has no spaced quote:\n%s", b)
	}
	code, want, stderr := sibRun("cost", "--format", "csv", dir)
	if code != exitOK {
		t.Fatalf("sib cost on the folder: %d: %s", code, stderr)
	}
	wb := convertTo(t, dir, tmp, "spaced.xlsx")
	code, got, stderr := sibRun("cost", "--format", "csv", wb)
	if code != exitOK {
		t.Fatalf("sib cost on the workbook: %d: %s", code, stderr)
	}
	if got = strings.ReplaceAll(got, wb, dir); got != want {
		t.Errorf("sib cost on the workbook differs from the folder's:\n%s\n----\n%s", got, want)
	}
}

// TestEmptyDestinationIsUsage: "" as the folder of sib init or sib
// convert is a usage error; it was the current folder, where both wrote
// their files beside the user's, past the check that the folder is new or
// empty.
func TestEmptyDestinationIsUsage(t *testing.T) {
	tmp := t.TempDir()
	wb := convertTo(t, filepath.Join("..", "..", "testdata", "estonia", "scenario"), tmp, "scenario.xlsx")
	cwd := filepath.Join(tmp, "mine")
	if err := os.MkdirAll(cwd, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cwd, "notes.txt"), []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(cwd)
	claimsDir, err := filepath.Abs(filepath.Join("..", "..", "testdata", "youth-employment-claims"))
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"init", "--template", "ratecard", ""}, {"convert", wb, ""},
		{"claims", "--template", claimsDir, ""}, {"claims", "--generate", "5", claimsDir, ""}} {
		code, out, stderr := sibRun(args...)
		if code != exitUsage || out != "" {
			t.Errorf("%q: status %d, stdout %q, stderr %q; want a usage error", args, code, out, stderr)
		}
		if got := fileNames(t, "."); !slices.Equal(got, []string{"notes.txt"}) {
			t.Fatalf("%q: the current folder holds %v", args, got)
		}
	}
}
