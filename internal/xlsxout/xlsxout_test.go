package xlsxout

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/sib-engine/sib/internal/report"
)

// testDoc has a column of every kind, a subtotal, a footer and hostile
// text.
func testDoc() *report.Doc {
	t := &report.T{Name: "flows", Title: "Flows", Columns: []report.Column{
		{Name: "period", Numeric: true},
		{Name: "end"},
		{Name: "amount", Title: "amount", Numeric: true, Money: true},
		{Name: "irr", Title: "IRR %", Numeric: true},
		{Name: "payer"},
	}}
	t.Add("1", "2026-03-31", "1234567.50", "0.05", "=1+1")
	t.Add("2", "2026-06-30", "-12.25", "0.1234880792", "@SUM(A1)")
	t.AddTotal("", "subtotal", "1234555.25", "", "")
	t.Add("3", "2026-02-30", "", "", "+1")
	t.Add("4", "1899-12-31", "0.00", "-0.5", "-2+3")
	t.Add("5", "not a date", "7", "1", "\tHYPERLINK(\"x\")")
	t.AddFooter("total", "", "1234562.25", "", "")
	return &report.Doc{Title: "Test", Currency: "EUR",
		Meta:   []report.Meta{{Key: "command", Value: "sib run --set a=1 x"}, {Key: "set", List: []string{"a=1", "b=2"}}, {Key: "seed", Value: "7", Numeric: true}, {Key: "none", List: []string{}}},
		Tables: []*report.T{t}}
}

func open(t *testing.T, d *report.Doc, opt Options) *excelize.File {
	t.Helper()
	b, err := Bytes(d, opt)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestSheets(t *testing.T) {
	f := open(t, testDoc(), Options{})
	if got := f.GetSheetList(); strings.Join(got, ",") != "about,flows" {
		t.Fatalf("sheets %v", got)
	}
	if f.GetActiveSheetIndex() != 0 {
		t.Errorf("active sheet %d, want the about sheet", f.GetActiveSheetIndex())
	}
	rows, err := f.GetRows("flows")
	if err != nil {
		t.Fatal(err)
	}
	// GetRows gives the cells as shown: the formats at work. Subtotal and
	// footer left out, as in CSV.
	want := [][]string{
		{"period", "end", "amount EUR", "irr", "payer"},
		{"1", "2026-03-31", "1,234,567.50", "5.00%", "=1+1"},
		{"2", "2026-06-30", "-12.25", "12.35%", "@SUM(A1)"},
		{"3", "2026-02-30", "", "", "+1"},
		{"4", "1899-12-31", "0.00", "-50.00%", "-2+3"},
		{"5", "not a date", "7.00", "100.00%", "\tHYPERLINK(\"x\")"},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d: %q", len(rows), len(want), rows)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d: %q, want %q", i+1, rows[i], want[i])
		}
	}
	// The raw values: the CSV's numbers.
	raw, _ := f.GetRows("flows", excelize.Options{RawCellValue: true})
	if got := strings.Join(raw[2], "|"); got != "2|46203|-12.25|0.1234880792|@SUM(A1)" {
		// 2026-06-30 is day 46203 of Excel's 1900 system: Python's
		// (date(2026, 6, 30) - date(1899, 12, 30)).days.
		t.Errorf("raw row 2: %s", got)
	}
	if _, ok := date("1900-02-28"); ok {
		t.Error("1900-02-28 is a date: Excel and LibreOffice read it a day apart")
	}
	if _, ok := date("1900-03-01"); !ok {
		t.Error("1900-03-01 is not a date")
	}
}

func TestTypesAndFormats(t *testing.T) {
	f := open(t, testDoc(), Options{})
	cases := []struct {
		cell   string
		typ    excelize.CellType
		numFmt int
		custom string
	}{
		// A number cell has no type attribute: excelize reads it as unset.
		{"A2", excelize.CellTypeUnset, 0, ""},
		{"B2", excelize.CellTypeUnset, 0, DateFormat}, // a date is a number with a date format
		{"C2", excelize.CellTypeUnset, 0, MoneyFormat},
		{"D2", excelize.CellTypeUnset, 10, ""}, // 0.00%
		{"E2", excelize.CellTypeInlineString, 0, ""},
		{"B4", excelize.CellTypeInlineString, 0, ""}, // 2026-02-30: no such day, text
		{"B5", excelize.CellTypeInlineString, 0, ""}, // before 1900: text
		{"C4", excelize.CellTypeUnset, 0, ""},        // an empty money cell: no cell
	}
	for _, c := range cases {
		typ, err := f.GetCellType("flows", c.cell)
		if err != nil {
			t.Fatal(err)
		}
		if typ != c.typ {
			t.Errorf("%s: type %v, want %v", c.cell, typ, c.typ)
		}
		id, _ := f.GetCellStyle("flows", c.cell)
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		custom := ""
		if st.CustomNumFmt != nil {
			custom = *st.CustomNumFmt
		}
		if st.NumFmt != c.numFmt || custom != c.custom {
			t.Errorf("%s: format %d %q, want %d %q", c.cell, st.NumFmt, custom, c.numFmt, c.custom)
		}
	}
	for _, c := range []string{"A1", "E1"} {
		id, _ := f.GetCellStyle("flows", c)
		st, _ := f.GetStyle(id)
		if st.Font == nil || !st.Font.Bold {
			t.Errorf("header %s is not bold", c)
		}
	}
}

// TestFormulaSafe: text that a spreadsheet would run as a formula is a
// string cell with no formula, and reads back as written.
func TestFormulaSafe(t *testing.T) {
	hostile := []string{"=1+1", "@SUM(A1)", "+1", "-2+3", "\t=1", "\r=1", "=HYPERLINK(\"http://x\",\"y\")", "=cmd|' /C calc'!A0"}
	tb := &report.T{Name: "t", Columns: []report.Column{{Name: "text"}, {Name: "n", Numeric: true}}}
	for _, h := range hostile {
		tb.Add(h, h) // a label in a numeric column is text too
	}
	f := open(t, &report.Doc{Meta: []report.Meta{{Key: "=1+1", Value: "=2+2"}}, Tables: []*report.T{tb}}, Options{})
	for i, h := range hostile {
		for _, col := range []string{"A", "B"} {
			cell := col + string(rune('2'+i))
			if i >= 8 {
				t.Fatal("too many cases for one-digit rows")
			}
			typ, _ := f.GetCellType("t", cell)
			formula, _ := f.GetCellFormula("t", cell)
			v, _ := f.GetCellValue("t", cell)
			if typ != excelize.CellTypeInlineString || formula != "" || v != h {
				t.Errorf("%s: type %v formula %q value %q, want the string %q", cell, typ, formula, v, h)
			}
		}
	}
	for _, cell := range []string{"A2", "B2"} {
		if formula, _ := f.GetCellFormula(AboutSheet, cell); formula != "" {
			t.Errorf("about!%s: a formula %q", cell, formula)
		}
	}
}

func TestAbout(t *testing.T) {
	f := open(t, testDoc(), Options{})
	rows, _ := f.GetRows(AboutSheet)
	var got []string
	for _, r := range rows {
		got = append(got, strings.Join(r, "="))
	}
	want := []string{"key=value", "title=Test", "command=sib run --set a=1 x", "set=a=1", "set=b=2", "seed=7", "none=none", "currency=EUR",
		"units=rates are fractions shown in % (0.05 is 5.00%); money has 2 decimals, in EUR; subtotal and total rows are left out of the sheets, as in CSV"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("about:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestPanesAndWidths(t *testing.T) {
	f := open(t, testDoc(), Options{})
	for _, sh := range []string{AboutSheet, "flows"} {
		p, err := f.GetPanes(sh)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Freeze || p.YSplit != 1 || p.XSplit != 0 || p.TopLeftCell != "A2" {
			t.Errorf("%s: panes %+v, want the header row frozen", sh, p)
		}
	}
	// amount: 1234567.50, shown as 1,234,567.50, is counted as
	// len("1234567.50")*4/3 = 13, + 2.
	// period: the bold header "period" counts 7, + 2; payer: the tab and
	// HYPERLINK("x"), 15, + 2.
	for col, want := range map[string]float64{"A": 9, "B": 12, "C": 15, "E": 17} {
		if w, _ := f.GetColWidth("flows", col); w != want {
			t.Errorf("width of %s: %v, want %v", col, w, want)
		}
	}
}

func TestCellKind(t *testing.T) {
	tb := &report.T{Name: "summary", Columns: []report.Column{{Name: "item"}, {Name: "value", Numeric: true}, {Name: "unit"}}}
	tb.Add("irr", "0.12", "rate")
	tb.Add("paid", "100", "EUR")
	tb.Add("people", "3", "people")
	kind := func(t *report.T, col int, row []string) (Kind, bool) {
		if col != 1 {
			return 0, false
		}
		switch row[2] {
		case "rate":
			return Rate, true
		case "EUR":
			return Money, true
		}
		return 0, false
	}
	f := open(t, &report.Doc{Tables: []*report.T{tb}}, Options{CellKind: kind})
	rows, _ := f.GetRows("summary")
	got := []string{rows[1][1], rows[2][1], rows[3][1]}
	if strings.Join(got, " ") != "12.00% 100.00 3" {
		t.Errorf("values shown %q", got)
	}
}

func TestSheetNames(t *testing.T) {
	long := strings.Repeat("x", 40)
	d := &report.Doc{}
	for _, n := range []string{"About", "a/b", "a:b", "'q'", long, long, "", "Flows", "flows", "[]*?"} {
		d.Tables = append(d.Tables, &report.T{Name: n, Columns: []report.Column{{Name: "c"}}})
	}
	got := SheetNames(d)
	want := []string{"About_2", "a_b", "a_b_2", "q", strings.Repeat("x", 31), strings.Repeat("x", 29) + "_2", "table", "Flows", "flows_2", "____"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("sheet names\n%q\nwant\n%q", got, want)
	}
	f := open(t, d, Options{})
	if n := len(f.GetSheetList()); n != len(d.Tables)+1 {
		t.Errorf("%d sheets", n)
	}
	if got := truncate("€𝄞abc", 3); got != "€𝄞" { // 𝄞 counts two UTF-16 units
		t.Errorf("truncate: %q", got)
	}
}

// TestNumberCells: a cell is a number when the CSV writes it bare.
func TestNumberCells(t *testing.T) {
	for s, want := range map[string]bool{"1": true, "-0.5": true, "1e-7": true, "12.50": true, "+1": false, " 1": false, "NaN": false, "Inf": false, "1e999": true, "0x10": false, "total": false, "": false} {
		if got := isNumber(s); got != want {
			t.Errorf("isNumber(%q) = %v", s, got)
		}
	}
	tb := &report.T{Name: "t", Columns: []report.Column{{Name: "n", Numeric: true}}}
	tb.Add("1e999") // a JSON number, but no float64: text
	f := open(t, &report.Doc{Tables: []*report.T{tb}}, Options{})
	if typ, _ := f.GetCellType("t", "A2"); typ != excelize.CellTypeInlineString {
		t.Errorf("1e999: type %v", typ)
	}
}

// TestCols: the widths are listed column by column in order, as Excel
// wants them.
func TestCols(t *testing.T) {
	b, err := Bytes(testDoc(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	f, _ := excelize.OpenReader(bytes.NewReader(b))
	defer f.Close()
	for _, sh := range []string{"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"} {
		x, ok := f.Pkg.Load(sh)
		if !ok {
			t.Fatalf("no %s", sh)
		}
		s := string(x.([]byte))
		last := 0
		for _, part := range strings.Split(s, `<col min="`)[1:] {
			n := 0
			for _, c := range part {
				if c < '0' || c > '9' {
					break
				}
				n = 10*n + int(c-'0')
			}
			if n != last+1 {
				t.Errorf("%s: column %d after %d", sh, n, last)
			}
			last = n
		}
		if last == 0 {
			t.Errorf("%s: no widths", sh)
		}
	}
}
