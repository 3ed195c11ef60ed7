package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// sibRun runs the command line args and returns its status and outputs.
func sibRun(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, nil, &out, &errb)
	return code, out.String(), errb.String()
}

// convertTo converts folder into a workbook in dir and returns its path.
func convertTo(t *testing.T, folder, dir, name string) string {
	t.Helper()
	wb := filepath.Join(dir, name)
	if code, _, stderr := sibRun("convert", folder, wb); code != 0 {
		t.Fatalf("convert %s: %d: %s", folder, code, stderr)
	}
	return wb
}

// csvTexts reads the CSV files of a folder.
func csvTexts(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".csv") {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			m[e.Name()] = string(b)
		}
	}
	return m
}

// TestConvertRoundTrip: every bundled input folder, converted to a
// workbook and back, gives the same CSV files byte for byte.
func TestConvertRoundTrip(t *testing.T) {
	folders := []string{
		"estonia/costing", "estonia/outcomes", "estonia/scenario", "estonia/uncertainty", "estonia/overpriced",
		"preschool/scenario", "employment/scenario", "employment/outcomes", "small/scenario",
		"youth-employment-claims", "youth-employment-claims/scenario", "youth-employment-claims/scenario-2016-q4",
		"published/peterborough", "published/newpin", "published/nyc-able", "published/icrc", "published/mhep-enfield",
	}
	for _, f := range folders {
		t.Run(f, func(t *testing.T) {
			src := filepath.Join("..", "..", "testdata", f)
			tmp := t.TempDir()
			wb := convertTo(t, src, tmp, "in.xlsx")
			back := filepath.Join(tmp, "back")
			if code, _, stderr := sibRun("convert", wb, back); code != 0 {
				t.Fatalf("convert back: %d: %s", code, stderr)
			}
			want, got := csvTexts(t, src), csvTexts(t, back)
			if len(want) != len(got) {
				t.Fatalf("%d files back, want %d", len(got), len(want))
			}
			for n, w := range want {
				if got[n] != w {
					t.Errorf("%s differs after the round trip", n)
				}
			}
		})
	}
}

// estoniaBooks converts the Estonian example's four folders into dir.
func estoniaBooks(t *testing.T, dir string) {
	t.Helper()
	for _, d := range []string{"costing", "outcomes", "scenario", "uncertainty"} {
		convertTo(t, filepath.Join("..", "..", "testdata", "estonia", d), dir, d+".xlsx")
	}
}

// TestWorkbookRunSame: sib run, cost, outcomes and simulate on workbooks
// print what they print on the folders, but for the inputs' names.
func TestWorkbookRunSame(t *testing.T) {
	tmp := t.TempDir()
	estoniaBooks(t, tmp)
	est := filepath.Join("..", "..", "testdata", "estonia")
	for _, c := range [][2][]string{
		{{"run", filepath.Join(est, "scenario")}, {"run", filepath.Join(tmp, "scenario.xlsx")}},
		{{"cost", filepath.Join(est, "costing")}, {"cost", filepath.Join(tmp, "costing.xlsx")}},
		{{"outcomes", filepath.Join(est, "outcomes")}, {"outcomes", filepath.Join(tmp, "outcomes.xlsx")}},
		{{"simulate", "--draws", "200", "--format", "csv", filepath.Join(est, "scenario"), filepath.Join(est, "uncertainty")},
			{"simulate", "--draws", "200", "--format", "csv", filepath.Join(tmp, "scenario.xlsx"), filepath.Join(tmp, "uncertainty.xlsx")}},
	} {
		t.Run(c[0][0], func(t *testing.T) {
			code1, out1, err1 := sibRun(c[0]...)
			code2, out2, err2 := sibRun(c[1]...)
			if code1 != 0 || code2 != 0 {
				t.Fatalf("status %d, %d: %s %s", code1, code2, err1, err2)
			}
			// The names of the inputs differ: the folder and the workbook.
			for _, d := range []string{"scenario", "costing", "outcomes", "uncertainty"} {
				out1 = strings.ReplaceAll(out1, filepath.Join(est, d), "IN/"+d)
				out2 = strings.ReplaceAll(out2, filepath.Join(tmp, d+".xlsx"), "IN/"+d)
			}
			if out1 != out2 {
				t.Errorf("outputs differ:\n%s\n----\n%s", out1, out2)
			}
			if strings.Contains(out2+err2, os.TempDir()+string(filepath.Separator)+"sib-xlsx-") {
				t.Errorf("the temporary folder shows:\n%s%s", out2, err2)
			}
		})
	}
}

// TestWorkbookBesideCodeFolders: the workbooks converted into a source
// tree's top folder, where costing/ and outcomes/ are folders of code
// with no input files, are read as the README shows (sib run
// scenario.xlsx): the settings' ../costing and ../outcomes yield to the
// workbooks beside them. With neither a folder nor a workbook there, the
// error names the path the workbook gives, not a temporary folder.
func TestWorkbookBesideCodeFolders(t *testing.T) {
	tmp := t.TempDir()
	estoniaBooks(t, tmp)
	for _, d := range []string{"costing", "outcomes"} {
		if err := os.Mkdir(filepath.Join(tmp, d), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(tmp, d, "doc.go"), []byte("package "+d+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errs := sibRun("run", filepath.Join(tmp, "scenario.xlsx"))
	if code != 0 || !strings.Contains(out, "inputs: "+filepath.Join(tmp, "scenario.xlsx")+", "+filepath.Join(tmp, "costing.xlsx")) {
		t.Fatalf("status %d: %s\n%s", code, errs, out)
	}
	lone := t.TempDir()
	data, err := os.ReadFile(filepath.Join(tmp, "scenario.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(lone, "scenario.xlsx"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs = sibRun("run", filepath.Join(lone, "scenario.xlsx"))
	if code != 1 || !strings.Contains(errs, filepath.Join(lone, "costing")+" is not a folder") || strings.Contains(errs, "sib-xlsx-") {
		t.Fatalf("status %d: %s", code, errs)
	}
}

// editBook converts the Estonian scenario and applies edit to it.
func editBook(t *testing.T, edit func(*excelize.File)) string {
	t.Helper()
	tmp := t.TempDir()
	estoniaBooks(t, tmp)
	wb := filepath.Join(tmp, "scenario.xlsx")
	xl, err := excelize.OpenFile(wb)
	if err != nil {
		t.Fatal(err)
	}
	edit(xl)
	if err := xl.Save(); err != nil {
		t.Fatal(err)
	}
	xl.Close()
	return wb
}

// TestWorkbookErrors: an error in a workbook names the workbook, the
// sheet and the cell, and exits 1.
func TestWorkbookErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(*excelize.File)
		want string
	}{
		{"text in a number cell", func(xl *excelize.File) { _ = xl.SetCellStr("payments", "E2", "sixty") }, `scenario.xlsx: payments!E2: price: invalid number "sixty"`},
		{"bad date", func(xl *excelize.File) { _ = xl.SetCellStr("scenario", "B3", "2026-13-01") }, "scenario.xlsx: scenario!B3: "},
		{"formula with no cached value", func(xl *excelize.File) {
			_ = xl.SetCellValue("payments", "E2", nil)
			_ = xl.SetCellFormula("payments", "E2", "0.5*2")
		}, "scenario.xlsx: payments!E2: formula with no cached value"},
		{"unknown sheet", func(xl *excelize.File) { _, _ = xl.NewSheet("paymnts"); _ = xl.SetCellStr("paymnts", "A1", "term") }, "paymnts"},
		// An empty sheet (a new workbook's Sheet1) holds nothing: passed over.
		{"empty sheet", func(xl *excelize.File) { _, _ = xl.NewSheet("Sheet1") }, ""},
		// A user's regression: "payments!N2: 16 fields … a comma inside a
		// value … save the file with semicolons", the wrong cell and CSV's advice.
		{"a value beyond the header", func(xl *excelize.File) { _ = xl.SetCellStr("payments", "P2", "x") }, "scenario.xlsx: payments!P2: a value in a column with no header: row 1 names columns up to M; give the column a name in row 1, or move or delete the value\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			wb := editBook(t, c.edit)
			code, out, stderr := sibRun("run", wb)
			if c.want == "" { // no error
				if code != exitOK {
					t.Errorf("status %d, want 0; stderr:\n%s", code, stderr)
				}
				return
			}
			if code != exitData {
				t.Fatalf("status %d, want 1; stderr:\n%s", code, stderr)
			}
			if out != "" {
				t.Errorf("stdout: %s", out)
			}
			if !strings.Contains(stderr, c.want) {
				t.Errorf("stderr:\n%s\nwant it to contain %q", stderr, c.want)
			}
		})
	}
}

// TestWorkbookEmptyBeyondHeader: empty cells right of the header's
// columns (a cell once used, or formatted) are no values: the workbook
// reads as it did, and converts back to the same files.
func TestWorkbookEmptyBeyondHeader(t *testing.T) {
	wb := editBook(t, func(xl *excelize.File) {
		_ = xl.SetCellStr("payments", "P2", " ")
		_ = xl.SetCellStr("payments", "Q3", "")
		style, _ := xl.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
		_ = xl.SetCellStyle("payments", "R2", "R2", style)
	})
	_, want, _ := sibRun("run", filepath.Join(filepath.Dir(wb), "scenario.xlsx"))
	code, out, stderr := sibRun("run", wb)
	if code != exitOK || out != want {
		t.Fatalf("status %d: %s", code, stderr)
	}
	back := filepath.Join(filepath.Dir(wb), "back")
	if code, _, stderr := sibRun("convert", wb, back); code != exitOK {
		t.Fatalf("convert: %d: %s", code, stderr)
	}
	src := filepath.Join("..", "..", "testdata", "estonia", "scenario", "payments.csv")
	w, _ := os.ReadFile(src)
	if got, _ := os.ReadFile(filepath.Join(back, "payments.csv")); !bytes.Equal(got, w) {
		t.Errorf("payments.csv back:\n%s", got)
	}
}

// TestWorkbookFormulaCached: a formula's cached value is read, with a
// note naming the cell; the results are those of the value.
func TestWorkbookFormulaCached(t *testing.T) {
	wb := editBook(t, func(xl *excelize.File) { _ = xl.SetCellFormula("payments", "E2", "2000*2") })
	code, out, stderr := sibRun("run", wb)
	if code != 0 {
		t.Fatalf("status %d: %s", code, stderr)
	}
	if want := `scenario.xlsx: payments!E2: formula =2000*2: read its cached value "4000" (sib does not recalculate formulas)`; !strings.Contains(stderr, want) {
		t.Errorf("stderr:\n%s\nwant %q", stderr, want)
	}
	_, want, _ := sibRun("run", filepath.Join(filepath.Dir(wb), "scenario.xlsx"))
	if out != want {
		t.Error("the results differ from the value's")
	}
}

// TestWorkbookNotOverInput: an output flag naming an input workbook is a
// usage error, and the workbook is left as it was.
func TestWorkbookNotOverInput(t *testing.T) {
	tmp := t.TempDir()
	estoniaBooks(t, tmp)
	wb := filepath.Join(tmp, "scenario.xlsx")
	before, _ := os.ReadFile(wb)
	code, _, stderr := sibRun("run", "--out", wb, wb)
	if code != exitUsage {
		t.Fatalf("status %d, want 2: %s", code, stderr)
	}
	if after, _ := os.ReadFile(wb); !bytes.Equal(before, after) {
		t.Error("the input workbook changed")
	}
}

// TestWorkbookNotZip: a file named .xlsx that is not a workbook is a data
// error naming it.
func TestWorkbookNotZip(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "deal.xlsx")
	if err := os.WriteFile(bad, []byte("term,share\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := sibRun("run", bad)
	if code != exitData || out != "" {
		t.Fatalf("status %d, stdout %q", code, out)
	}
	if want := "sib run: " + bad + ": not a readable .xlsx workbook: zip: not a valid zip file\n"; stderr != want {
		t.Errorf("stderr %q, want %q", stderr, want)
	}
}

// TestInitXlsx: sib init --xlsx writes a workbook that runs as the
// template's folder does.
func TestInitXlsx(t *testing.T) {
	tmp := t.TempDir()
	wb, dir := filepath.Join(tmp, "deal.xlsx"), filepath.Join(tmp, "deal")
	if code, _, stderr := sibRun("init", "--xlsx", "--template", "savings", wb); code != 0 {
		t.Fatalf("init --xlsx: %s", stderr)
	}
	if code, _, stderr := sibRun("init", "--template", "savings", dir); code != 0 {
		t.Fatalf("init: %s", stderr)
	}
	_, out1, _ := sibRun("run", "--format", "csv", dir)
	_, out2, _ := sibRun("run", "--format", "csv", wb)
	if strings.ReplaceAll(out1, dir, "X") != strings.ReplaceAll(out2, wb, "X") || out1 == "" {
		t.Errorf("results differ:\n%s\n---\n%s", out1, out2)
	}
	if code, _, _ := sibRun("init", "--xlsx", "--template", "savings", wb); code != exitData {
		t.Errorf("init --xlsx over an existing file: status %d, want 1", code)
	}
	// Nor into a folder of the user's inputs.
	mine := filepath.Join(tmp, "mine")
	if err := os.Mkdir(mine, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mine, "ledger.csv"), []byte("service,agency,item,amount,price_year\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := sibRun("init", "--xlsx", "--template", "savings", filepath.Join(mine, "more.xlsx")); code != exitData || !strings.Contains(stderr, "input folder") {
		t.Errorf("init --xlsx into a scenario folder: status %d, %s", code, stderr)
	}
}

// TestWorkbookOutProvenance: an --out folder's files name the workbook,
// not the temporary folder it was read into.
func TestWorkbookOutProvenance(t *testing.T) {
	tmp := t.TempDir()
	estoniaBooks(t, tmp)
	out := filepath.Join(tmp, "out")
	if code, _, stderr := sibRun("run", "--out", out, filepath.Join(tmp, "scenario.xlsx")); code != 0 {
		t.Fatal(stderr)
	}
	prov, err := os.ReadFile(filepath.Join(out, "provenance.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(prov), filepath.Join(tmp, "costing.xlsx")) || strings.Contains(string(prov), "sib-xlsx-") {
		t.Errorf("provenance.json:\n%s", prov)
	}
	summary, _ := os.ReadFile(filepath.Join(out, "summary.csv"))
	if strings.Contains(string(summary), "sib-xlsx-") {
		t.Errorf("summary.csv names the temporary folder:\n%s", summary)
	}
}

// TestWorkbookLimits: --limit bounds a workbook's file size, and the
// rows of its sheets as those of a CSV file, at the sheet's row.
func TestWorkbookLimits(t *testing.T) {
	tmp := t.TempDir()
	estoniaBooks(t, tmp)
	wb := filepath.Join(tmp, "scenario.xlsx")
	for _, c := range []struct{ limit, want string }{
		{"file=1KiB", wb + ": over a limit: the file has"},
		{"rows=3", wb + ": scenario!5:5: over a limit: more than 3 records"},
	} {
		code, _, stderr := sibRun("run", "--limit", c.limit, wb)
		if code != exitData || !strings.Contains(stderr, c.want) {
			t.Errorf("--limit %s: status %d, stderr %q, want %q", c.limit, code, stderr, c.want)
		}
	}
}

// TestWorkbookNotOverIndirectInput: a workbook the scenario workbook reads
// through its costing setting is an input too: --xlsx over it is refused
// and it is left as it was.
func TestWorkbookNotOverIndirectInput(t *testing.T) {
	tmp := t.TempDir()
	estoniaBooks(t, tmp)
	costing := filepath.Join(tmp, "costing.xlsx")
	before, _ := os.ReadFile(costing)
	code, _, stderr := sibRun("run", "--xlsx", costing, filepath.Join(tmp, "scenario.xlsx"))
	if code != exitUsage {
		t.Fatalf("status %d, want 2: %s", code, stderr)
	}
	if after, _ := os.ReadFile(costing); !bytes.Equal(before, after) {
		t.Error("the costing workbook changed")
	}
}

// TestWorkbookOutputsNameTheWorkbook: the --xlsx workbook's first sheet
// and sib report's page name the input workbooks, not the temporary
// folders they were read into.
func TestWorkbookOutputsNameTheWorkbook(t *testing.T) {
	tmp := t.TempDir()
	estoniaBooks(t, tmp)
	sc, un := filepath.Join(tmp, "scenario.xlsx"), filepath.Join(tmp, "uncertainty.xlsx")
	book, page := filepath.Join(tmp, "out.xlsx"), filepath.Join(tmp, "deal.html")
	if code, _, stderr := sibRun("run", "--xlsx", book, sc); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := sibRun("report", "--draws", "200", "--date", "2026-12-07", "-o", page, sc, un); code != 0 {
		t.Fatal(stderr)
	}
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	var about strings.Builder
	for _, r := range rows {
		about.WriteString(strings.Join(r, " ") + "\n")
	}
	if s := about.String(); strings.Contains(s, "sib-xlsx-") || !strings.Contains(s, sc) {
		t.Errorf("the about sheet:\n%s", s)
	}
	html, _ := os.ReadFile(page)
	if strings.Contains(string(html), "sib-xlsx-") || !strings.Contains(string(html), un) {
		t.Error("the report names a temporary folder, or not the uncertainty workbook")
	}
}
