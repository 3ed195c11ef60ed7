package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/sib-engine/sib/internal/report"
)

const (
	estCosting  = "../../testdata/estonia/costing"
	estOutcomes = "../../testdata/estonia/outcomes"
)

// xlsxCase is a command run with --xlsx; its tables are compared with
// the CSV of the same run: --out DIR for the commands that have it, else
// --format csv (the one table of a sensitivity command).
type xlsxCase struct {
	name string
	args []string // without --xlsx and the output flag
	out  bool     // the command has --out
	csv  string   // without --out: the table --format csv writes
}

var xlsxCases = []xlsxCase{
	{name: "cost", args: []string{"cost", "--currency", "EUR", "--avoid", "court_case=25", estCosting}, out: true},
	{name: "outcomes", args: []string{"outcomes", estOutcomes}, out: true},
	{name: "run", args: []string{"run", "--set", "outcome.reconvictions.effect=0.05", estScenario}, out: true},
	{name: "run-chance", args: []string{"run", "--chance", estScenario}, out: true},
	{name: "claims", args: []string{"claims", youthClaims}, out: true},
	{name: "tornado", args: []string{"tornado", "--output", "investors.irr", estScenario, estUncertainty}, csv: "tornado"},
	{name: "grid", args: []string{"grid", "--x", "outcome.reconvictions.effect", "--y", "term.reconviction_rate.price", "--y-range", "4000,8000", "--steps", "3", estScenario, estUncertainty}, csv: "grid"},
	{name: "breakeven", args: []string{"breakeven", "--param", "term.reconviction_rate.price", "--range", "2000,4756", "--output", "investors.irr", "--target", "0.05", estScenario}, csv: "breakeven"},
	{name: "simulate", args: []string{"simulate", "--draws", "500", estScenario, estUncertainty}, csv: "summary"},
	{name: "sobol", args: []string{"sobol", "--n", "64", "--boot", "50", estScenario, estUncertainty}, csv: "indices"},
}

// withFlag puts a flag before the command's arguments.
func withFlag(args []string, flag ...string) []string {
	return append(append([]string{args[0]}, flag...), args[1:]...)
}

// runXlsx runs c with --xlsx (and --out DIR when it has it) and returns
// the workbook's path, the --out folder, and the report as JSON.
func runXlsx(t *testing.T, c xlsxCase) (book, dir string) {
	t.Helper()
	tmp := t.TempDir()
	book, dir = filepath.Join(tmp, "book.xlsx"), filepath.Join(tmp, "tables")
	args := withFlag(c.args, "--xlsx", book)
	if c.out {
		args = withFlag(args, "--out", dir)
	}
	var stdout, stderr bytes.Buffer
	if code := run(args, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("%v: exit %d: %s", args, code, stderr.String())
	}
	if !strings.Contains(stderr.String(), " to "+book) {
		t.Errorf("stderr does not say where the workbook went: %s", stderr.String())
	}
	return book, dir
}

// tablesCSV gives the CSV of every table of c by name.
func tablesCSV(t *testing.T, c xlsxCase, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	if c.out {
		ents, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			if n, ok := strings.CutSuffix(e.Name(), ".csv"); ok {
				b, err := os.ReadFile(filepath.Join(dir, e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				out[n] = b
			}
		}
		return out
	}
	var stdout, stderr bytes.Buffer
	if code := run(withFlag(c.args, "--format", "csv"), nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("--format csv: exit %d: %s", code, stderr.String())
	}
	out[c.csv] = stdout.Bytes()
	return out
}

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(b))
	r.Comment = '#'
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// sameCell reports whether a workbook cell (raw: its value; shown: as its
// format shows it) holds the CSV's cell: the same number, the same date,
// or the same text once made formula-safe as the CSV makes it.
func sameCell(csvCell, raw, shown string) bool {
	switch {
	case csvCell == "":
		return raw == ""
	case isJSONNumber(csvCell):
		// The workbook keeps 15 significant digits, as Excel does (the
		// CSV has at most 10 but for a solved point's 17); LibreOffice
		// writes a percentage's value in %.
		x, err1 := strconv.ParseFloat(csvCell, 64)
		scale := 1.0
		if p, ok := strings.CutSuffix(raw, "%"); ok {
			raw, scale = p, 100
		}
		y, err2 := strconv.ParseFloat(raw, 64)
		return err1 == nil && err2 == nil && math.Abs(x*scale-y) <= 1e-14*math.Abs(x*scale)
	case isDate(csvCell):
		return shown == csvCell
	}
	return report.SafeCell(raw) == csvCell
}

func isJSONNumber(s string) bool {
	return (s[0] == '-' || s[0] >= '0' && s[0] <= '9') && json.Valid([]byte(s))
}

func isDate(s string) bool {
	return len(s) == 10 && s[4] == '-' && s[7] == '-'
}

// compareSheet checks a sheet against its table's CSV, cell by cell;
// get gives a sheet's rows, raw or as shown.
func compareSheet(t *testing.T, sheet string, want [][]string, raw, shown [][]string, currency string) {
	t.Helper()
	if len(raw) != len(want) {
		t.Errorf("%s: %d rows, the CSV %d", sheet, len(raw), len(want))
		return
	}
	for i, w := range want {
		for j, cell := range w {
			r, s := at(raw, i, j), at(shown, i, j)
			if i == 0 {
				if r != cell && r != cell+" "+currency {
					t.Errorf("%s: header %q, the CSV %q", sheet, r, cell)
				}
				continue
			}
			if !sameCell(cell, r, s) {
				t.Errorf("%s row %d column %s: %q (shown %q), the CSV %q", sheet, i+1, w[0], r, s, cell)
			}
		}
	}
}

func at(rows [][]string, i, j int) string {
	if i < len(rows) && j < len(rows[i]) {
		return rows[i][j]
	}
	return ""
}

// TestXlsxMatchesCSV: every table of every command with --xlsx is a sheet
// holding the CSV's values, typed, after the about sheet.
func TestXlsxMatchesCSV(t *testing.T) {
	for _, c := range xlsxCases {
		t.Run(c.name, func(t *testing.T) {
			book, dir := runXlsx(t, c)
			f, err := excelize.OpenFile(book)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sheets := f.GetSheetList()
			if sheets[0] != "about" {
				t.Fatalf("first sheet %q", sheets[0])
			}
			about, _ := f.GetRows("about")
			var aboutText strings.Builder
			for _, r := range about {
				aboutText.WriteString(strings.Join(r, ": ") + "\n")
			}
			for _, want := range []string{"command: sib " + c.args[0], "inputs: ", "units: "} {
				if !strings.Contains(aboutText.String(), want) {
					t.Errorf("about sheet has no %q:\n%s", want, aboutText.String())
				}
			}
			if slices.Contains(c.args, "--set") && !strings.Contains(aboutText.String(), "set: outcome.reconvictions.effect=0.05") {
				t.Errorf("about sheet has no --set change:\n%s", aboutText.String())
			}
			currency := ""
			for _, r := range about {
				if len(r) == 2 && r[0] == "currency" {
					currency = r[1]
				}
			}
			csvs := tablesCSV(t, c, dir)
			if c.out && len(sheets)-1 != len(csvs) {
				t.Errorf("%d sheets for %d tables: %v", len(sheets)-1, len(csvs), sheets)
			}
			for name, b := range csvs {
				raw, err := f.GetRows(name, excelize.Options{RawCellValue: true})
				if err != nil {
					t.Errorf("table %s: %v", name, err)
					continue
				}
				shown, _ := f.GetRows(name)
				compareSheet(t, name, readCSV(t, b), raw, shown, currency)
			}
		})
	}
}

// TestXlsxFormats: money, rates and dates as a spreadsheet shows them, in
// the run's summary and cash sheets.
func TestXlsxFormats(t *testing.T) {
	book, _ := runXlsx(t, xlsxCase{args: []string{"run", estScenario}})
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	shown, _ := f.GetRows("summary")
	want := map[string]string{
		"outcome payments":    "674,767.54",  // money
		"investors' IRR":      "12.35%",      // a rate row: the fraction 0.1234881038
		"investors' multiple": "1.406564997", // a plain number
		"participants":        "450.5",
	}
	for _, r := range shown {
		if w, ok := want[r[0]]; ok {
			if r[1] != w {
				t.Errorf("summary %s: shown %q, want %q", r[0], r[1], w)
			}
			delete(want, r[0])
		}
	}
	if len(want) > 0 {
		t.Errorf("summary rows not found: %v", want)
	}
	cash, _ := f.GetRows("cash")
	if cash[0][2] != "payments EUR" || cash[1][1] != "2026-03-31" {
		t.Errorf("cash: header %q, first end %q", cash[0], cash[1][1])
	}
	if typ, _ := f.GetCellType("cash", "B2"); typ != excelize.CellTypeUnset { // a number: a date
		t.Errorf("cash!B2: type %v, want a date (a number)", typ)
	}
	p, _ := f.GetPanes("cash")
	if !p.Freeze || p.YSplit != 1 {
		t.Errorf("cash: header row not frozen: %+v", p)
	}
}

// TestXlsxNothingLost: --xlsx never writes over an input, a file sib did
// not write or through a link; a failed run leaves no file; sib's own
// workbook is replaced on the next run.
func TestXlsxNothingLost(t *testing.T) {
	root := copyExamples(t)
	scen := filepath.Join(root, "scenario")
	user := filepath.Join(root, "mine.xlsx")
	os.WriteFile(user, []byte("the user's workbook"), 0o644)
	os.Symlink(user, filepath.Join(root, "link.xlsx"))
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"over a file sib did not write", []string{"run", "--xlsx", user, scen}, exitData},
		{"through a link", []string{"run", "--xlsx", filepath.Join(root, "link.xlsx"), scen}, exitData},
		{"into the scenario folder", []string{"run", "--xlsx", filepath.Join(scen, "deal.xlsx"), scen}, exitData},
		{"into the costing folder", []string{"cost", "--xlsx", filepath.Join(root, "costing", "c.xlsx"), filepath.Join(root, "costing")}, exitData},
		{"not .xlsx", []string{"run", "--xlsx", filepath.Join(root, "scenario.csv"), scen}, exitUsage},
		{"a folder", []string{"run", "--xlsx", filepath.Join(root, "x.xlsx", "y.xlsx"), scen}, exitData},
		{"a failing run writes nothing", []string{"run", "--set", "no.such.param=1", "--xlsx", filepath.Join(root, "new.xlsx"), scen}, exitUsage},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := treeSum(t, root)
			var stdout, stderr bytes.Buffer
			code := run(c.args, nil, &stdout, &stderr)
			if code != c.code {
				t.Fatalf("exit %d, want %d: %s", code, c.code, stderr.String())
			}
			if stdout.Len() > 0 {
				t.Errorf("output on a refusal: %s", stdout.String())
			}
			sameTree(t, c.name, before, treeSum(t, root))
		})
	}
	// sib's own workbook: written, then replaced on the next run.
	out := filepath.Join(t.TempDir(), "deal.xlsx")
	for i := 0; i < 2; i++ {
		var stdout, stderr bytes.Buffer
		if code := run([]string{"run", "--xlsx", out, scen}, nil, &stdout, &stderr); code != exitOK {
			t.Fatalf("run %d: exit %d: %s", i+1, code, stderr.String())
		}
	}
	// Edited by the user since: kept.
	os.WriteFile(out, []byte("edited"), 0o644)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"run", "--xlsx", out, scen}, nil, &stdout, &stderr); code != exitData {
		t.Errorf("over an edited workbook: exit %d: %s", code, stderr.String())
	}
	if b, _ := os.ReadFile(out); string(b) != "edited" {
		t.Error("the edited workbook was replaced")
	}
}

// TestXlsxLibreOffice reads the workbooks back with LibreOffice Calc
// (soffice --headless --convert-to csv, every sheet to a file of its own)
// and compares each sheet with the CSV of the same table: the values
// (exported raw), and the money and rate formats (exported as shown).
// .ci/run installs libreoffice-calc-nogui; elsewhere the test skips when
// soffice is absent.
func TestXlsxLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("SIB_NEED_SOFFICE") != "" {
			t.Fatal("SIB_NEED_SOFFICE is set and soffice is not installed: apt-get install libreoffice-calc-nogui")
		}
		t.Skip("soffice (LibreOffice) not installed: apt-get install libreoffice-calc-nogui")
	}
	if testing.Short() {
		t.Skip("-short: LibreOffice takes seconds a workbook")
	}
	for _, c := range []xlsxCase{xlsxCases[0], xlsxCases[2], xlsxCases[4], xlsxCases[5]} {
		t.Run(c.name, func(t *testing.T) {
			book, dir := runXlsx(t, c)
			raw := libreCSV(t, soffice, book, false)
			shown := raw // dates and text: the same either way
			if c.name == "run" {
				shown = libreCSV(t, soffice, book, true)
			}
			if _, ok := raw["about"]; !ok {
				t.Errorf("no about sheet: %v", keys(raw))
			}
			currency := ""
			for _, r := range raw["about"] {
				if len(r) == 2 && r[0] == "currency" {
					currency = r[1]
				}
			}
			csvs := tablesCSV(t, c, dir)
			for name, b := range csvs {
				if _, ok := raw[name]; !ok {
					t.Errorf("LibreOffice wrote no sheet %s: %v", name, keys(raw))
					continue
				}
				compareSheet(t, name, readCSV(t, b), raw[name], shown[name], currency)
			}
			if c.name == "run" {
				checkShown(t, shown)
			}
		})
	}
}

// checkShown checks formats as LibreOffice shows them in the run's sheets.
func checkShown(t *testing.T, shown map[string][][]string) {
	t.Helper()
	var irr, paid string
	for _, r := range shown["summary"] {
		switch r[0] {
		case "investors' IRR":
			irr = r[1]
		case "outcome payments":
			paid = r[1]
		}
	}
	if !strings.HasSuffix(irr, "%") || strings.Count(irr[strings.LastIndex(irr, ".")+1:], "") != 4 {
		t.Errorf("IRR shown as %q, want a percentage with 2 decimals", irr)
	}
	if !strings.Contains(paid, ",") || paid[len(paid)-3] != '.' {
		t.Errorf("outcome payments shown as %q, want 2 decimals and thousands separators", paid)
	}
}

func keys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

// libreCSV converts every sheet of book to CSV with LibreOffice and reads
// them by sheet name. The filter options: comma, double quote, UTF-8
// (76), from line 1, ..., "save cell contents as shown" (9th) as asked,
// and the 12th, -1: every sheet to a file <book>-<sheet>.csv (LibreOffice
// 7.2 and later).
func libreCSV(t *testing.T, soffice, book string, asShown bool) map[string][][]string {
	t.Helper()
	out := t.TempDir()
	opts := "44,34,76,1,,0,false,true," + strconv.FormatBool(asShown) + ",false,false,-1"
	cmd := exec.Command(soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+t.TempDir(),
		"--convert-to", "csv:Text - txt - csv (StarCalc):"+opts, "--outdir", out, book)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v: %s", err, b)
	}
	ents, _ := os.ReadDir(out)
	base := strings.TrimSuffix(filepath.Base(book), ".xlsx") + "-"
	sheets := map[string][][]string{}
	for _, e := range ents {
		name, ok := strings.CutPrefix(strings.TrimSuffix(e.Name(), ".csv"), base)
		if !ok {
			continue
		}
		b, err := os.ReadFile(filepath.Join(out, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(bytes.NewReader(b))
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		sheets[name] = recs
	}
	if len(sheets) == 0 {
		t.Fatalf("soffice wrote no CSV in %s: %v", out, ents)
	}
	return sheets
}

// TestXlsxOutputFormats: the sensitivity commands' workbooks show each
// output in its unit: simulate's summary row by row (money with two
// decimals, an IRR in %), tornado's output columns as money with the
// currency in the header, and simulate's payments by term as money.
func TestXlsxOutputFormats(t *testing.T) {
	book, _ := runXlsx(t, xlsxCase{args: []string{"simulate", "--draws", "300", estScenario, estUncertainty}})
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("summary")
	for _, r := range rows[1:] {
		switch r[0] {
		case "payments.total":
			if !strings.Contains(r[1], ",") || !strings.Contains(r[1], ".") || strings.Count(r[1][strings.LastIndex(r[1], "."):], "") != 4 {
				t.Errorf("summary payments.total mean shown %q, want money with two decimals", r[1])
			}
		case "investors.irr":
			if !strings.HasSuffix(r[1], "%") {
				t.Errorf("summary investors.irr mean shown %q, want a percentage", r[1])
			}
		}
	}
	if terms, _ := f.GetRows("terms"); terms[0][1] != "mean EUR" || !strings.Contains(terms[1][1], ",") {
		t.Errorf("terms: header %q, first mean %q", terms[0], terms[1][1])
	}
	book, _ = runXlsx(t, xlsxCase{args: []string{"tornado", estScenario, estUncertainty}})
	g, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	rows, _ = g.GetRows("tornado")
	if i := slices.Index(rows[0], "swing EUR"); i < 0 || !strings.Contains(rows[1][i], ",") {
		t.Errorf("tornado: header %q, first row %q", rows[0], rows[1])
	}
}
