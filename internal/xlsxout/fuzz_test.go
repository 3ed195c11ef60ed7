package xlsxout

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/sib-engine/sib/internal/report"
)

// FuzzBytes: any table name, text, number cell or metadata gives a
// workbook that opens, with one sheet a table after the about sheet, and
// a text cell that is a string, never a formula, holding the text (less
// what XML cannot hold).
func FuzzBytes(f *testing.F) {
	f.Add("flows", "=1+1", "12.50", "2026-03-31", "sib run x")
	f.Add("a/b:c*d?e[f]g\\h", "@SUM(A1)", "-0.05", "2026-02-30", "")
	f.Add("'quoted'", "\t=1", "1e999", "1899-12-31", "=HYPERLINK(\"x\")")
	f.Add(strings.Repeat("ü", 40), "+1", "NaN", "", "\x00\x01")
	f.Add("about", "-2+3", "+1", "9999-12-31", "𝄞")
	f.Fuzz(func(t *testing.T, name, text, number, date, meta string) {
		tb := &report.T{Name: name, Columns: []report.Column{{Name: "text"}, {Name: "n", Title: "n %", Numeric: true}, {Name: "m", Numeric: true, Money: true}, {Name: "d"}}}
		tb.Add(text, number, number, date)
		tb.AddTotal("", number, number, "")
		d := &report.Doc{Title: meta, Currency: meta, Meta: []report.Meta{{Key: meta, Value: text}}, Tables: []*report.T{tb, tb}}
		b, err := Bytes(d, Options{})
		if err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		sheets := x.GetSheetList()
		names := SheetNames(d)
		if len(sheets) != 3 || sheets[1] != names[0] || sheets[2] != names[1] {
			t.Fatalf("sheets %q, names %q", sheets, names)
		}
		for _, n := range names {
			if n == "" || utf8.RuneCountInString(n) > 31 || strings.ContainsAny(n, `[]:*?/\`) {
				t.Fatalf("sheet name %q", n)
			}
		}
		if text == "" {
			return
		}
		formula, _ := x.GetCellFormula(names[0], "A2")
		typ, _ := x.GetCellType(names[0], "A2")
		if formula != "" || typ != excelize.CellTypeInlineString {
			t.Fatalf("text %q: type %v formula %q", text, typ, formula)
		}
		v, _ := x.GetCellValue(names[0], "A2")
		if utf8.ValidString(text) && !strings.ContainsFunc(text, badXML) && len(text) < 30000 && v != text {
			t.Fatalf("text %q reads back as %q", text, v)
		}
	})
}

// badXML: a character XML 1.0 cannot hold (it becomes U+FFFD), or one
// excelize's reader changes (a carriage return).
func badXML(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' || r == '\r' || r == 0xFFFE || r == 0xFFFF || r == utf8.RuneError
}
