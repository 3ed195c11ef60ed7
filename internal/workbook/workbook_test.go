package workbook

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func readBytes(t *testing.T, data []byte, lim Limits) (*Book, error) {
	t.Helper()
	return ReadFrom(bytes.NewReader(data), "deal.xlsx", lim)
}

func saved(t *testing.T, xl *excelize.File) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := xl.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestReadTypes: each kind of cell gives the CSV text the loaders parse,
// by its type and format, whatever the format shows.
func TestReadTypes(t *testing.T) {
	xl := excelize.NewFile()
	s := "Sheet1"
	_ = xl.SetSheetName(s, "payments")
	s = "payments"
	pct, _ := xl.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	iso := "dd.mm.yyyy"
	dmy, _ := xl.NewStyle(&excelize.Style{CustomNumFmt: &iso})
	builtin, _ := xl.NewStyle(&excelize.Style{NumFmt: 14})
	money := `#,##0.00 "m"`
	mon, _ := xl.NewStyle(&excelize.Style{CustomNumFmt: &money})
	row := []any{"share", "start", "end", "amount", "flag", "code", "tiny"}
	_ = xl.SetSheetRow(s, "A1", &row)
	_ = xl.SetCellFloat(s, "A2", 0.05, -1, 64)
	_ = xl.SetCellStyle(s, "A2", "A2", pct)
	_ = xl.SetCellFloat(s, "B2", 46023, -1, 64) // 2026-01-01
	_ = xl.SetCellStyle(s, "B2", "B2", dmy)
	_ = xl.SetCellValue(s, "C2", time.Date(2028, 12, 31, 0, 0, 0, 0, time.UTC))
	_ = xl.SetCellStyle(s, "C2", "C2", builtin)
	_ = xl.SetCellFloat(s, "D2", 1234.5, -1, 64)
	_ = xl.SetCellStyle(s, "D2", "D2", mon)
	_ = xl.SetCellBool(s, "E2", true)
	_ = xl.SetCellStr(s, "F2", "007")
	_ = xl.SetCellFloat(s, "G2", 1e-7, -1, 64)
	b, err := readBytes(t, saved(t, xl), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	got := string(b.Files()["payments.csv"])
	// By hand: 46023 days after 1899-12-30 is 2026-01-01; 0.05 shown as
	// 5.00% is 0.05; the "m" in quotes is text, not a month.
	want := "share,start,end,amount,flag,code,tiny\n0.05,2026-01-01,2028-12-31,1234.5,TRUE,007,0.0000001\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestFormatIsDate(t *testing.T) {
	for f, want := range map[string]bool{
		"yyyy-mm-dd": true, "d/m/yy": true, "dd.mm.yyyy": true, "mmm yyyy": true, "mm": true,
		"0.00": false, "0%": false, `#,##0 "m"`: false, "[h]:mm": false, "hh:mm:ss": false,
		`[$-409]d-mmm`: true, `0.00\d`: false, "General": false,
	} {
		if got := FormatIsDate(f); got != want {
			t.Errorf("%q: %v, want %v", f, got, want)
		}
	}
}

// rezip rewrites one part of a zip file.
func rezip(t *testing.T, data []byte, part string, edit func(string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		r, _ := f.Open()
		b, _ := io.ReadAll(r)
		r.Close()
		if f.Name == part {
			b = []byte(edit(string(b)))
		}
		w, _ := zw.Create(f.Name)
		_, _ = w.Write(b)
	}
	_ = zw.Close()
	return out.Bytes()
}

// TestErrorCell: an error value is an error at its cell.
func TestErrorCell(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, []CSVFile{{Name: "payments.csv", Data: []byte("term,share\nfee,0.5\n")}}); err != nil {
		t.Fatal(err)
	}
	data := rezip(t, buf.Bytes(), "xl/worksheets/sheet1.xml", func(s string) string {
		i := strings.Index(s, `<c r="B2"`)
		j := strings.Index(s[i:], "</c>") + i + 4
		return s[:i] + `<c r="B2" t="e"><v>#DIV/0!</v></c>` + s[j:]
	})
	_, err := readBytes(t, data, Limits{})
	if !errors.Is(err, ErrCell) {
		t.Fatalf("err %v, want ErrCell", err)
	}
	if want := "deal.xlsx: payments!B2: error value in an input cell: #DIV/0!"; err.Error() != want {
		t.Errorf("%q, want %q", err, want)
	}
}

// TestSharedStringOutOfTable: a cell naming a shared string the table
// does not hold is an error at the cell, in the middle of a row or at its
// end; excelize's GetRows read it as empty, so that an optional cap or
// threshold was silently dropped.
func TestSharedStringOutOfTable(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, []CSVFile{{Name: "payments.csv", Data: []byte("term,cap,note\nfee,500,x\n")}}); err != nil {
		t.Fatal(err)
	}
	for _, cell := range []string{"B2", "C2"} {
		data := rezip(t, buf.Bytes(), "xl/worksheets/sheet1.xml", func(s string) string {
			i := strings.Index(s, `<c r="`+cell+`"`)
			j := strings.Index(s[i:], "</c>") + i + 4
			return s[:i] + `<c r="` + cell + `" t="s"><v>9999</v></c>` + s[j:]
		})
		_, err := readBytes(t, data, Limits{})
		if !errors.Is(err, ErrRead) || !strings.Contains(fmt.Sprint(err), "deal.xlsx: payments!"+cell+": ") {
			t.Errorf("%s: err %v, want ErrRead at payments!%s", cell, err, cell)
		}
	}
}

// TestZipBomb: parts that unpack beyond the limit are refused before
// they are read.
func TestZipBomb(t *testing.T) {
	var csv strings.Builder
	csv.WriteString("term,note\n")
	for range 20000 {
		csv.WriteString("fee,the same words again and again and again\n")
	}
	var buf bytes.Buffer
	if err := Write(&buf, []CSVFile{{Name: "payments.csv", Data: []byte(csv.String())}}); err != nil {
		t.Fatal(err)
	}
	if _, err := readBytes(t, buf.Bytes(), Limits{UnzipBytes: 1 << 20}); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Fatalf("err %v, want the unzip limit", err)
	}
	if _, err := readBytes(t, buf.Bytes(), Limits{FileBytes: 1000}); err == nil {
		t.Fatal("no error over the file limit")
	}
	if _, err := readBytes(t, buf.Bytes(), Limits{}); err != nil {
		t.Fatal(err)
	}
}

// TestPosition: a CSV position maps to its cell, past a cell that spans
// lines.
func TestPosition(t *testing.T) {
	b := &Book{Name: "deal.xlsx", lines: map[string][]int{}, Sheets: []*Sheet{{Name: "payments", Rows: [][]string{
		{"term", "note"}, {"fee", "two\nlines"}, {"bonus", "x"},
	}}}}
	files := b.Files()
	if got := string(files["payments.csv"]); got != "term,note\nfee,\"two\nlines\"\nbonus,x\n" {
		t.Fatalf("csv %q", got)
	}
	for _, c := range []struct {
		line, col int
		want      string
	}{{1, 1, "payments!A1"}, {2, 2, "payments!B2"}, {4, 2, "payments!B3"}, {4, 0, "payments!3:3"}, {0, 0, "payments"}} {
		if got := b.Position("payments.csv", c.line, c.col); got != c.want {
			t.Errorf("%d:%d: %q, want %q", c.line, c.col, got, c.want)
		}
	}
	if got := b.Rewrite("sib run: /t/d/payments.csv:4:2: share: bad", "/t/d"); got != "sib run: deal.xlsx: payments!B3: share: bad" {
		t.Errorf("rewrite: %q", got)
	}
}

// TestWriteTypes: the cells Write makes: a number in its shortest form
// is a number, an ISO date a date, anything else text.
func TestWriteTypes(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, []CSVFile{{Name: "p.csv", Data: []byte("a,b,c,d,e,f\n0.025,0.50,2026-01-01,=SUM(A1),007,1e5\n")}}); err != nil {
		t.Fatal(err)
	}
	xl, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer xl.Close()
	for cell, want := range map[string]excelize.CellType{"A2": excelize.CellTypeUnset, "B2": excelize.CellTypeSharedString, "C2": excelize.CellTypeUnset, "D2": excelize.CellTypeSharedString, "E2": excelize.CellTypeSharedString, "F2": excelize.CellTypeSharedString} {
		got, _ := xl.GetCellType("p", cell)
		if got != want && !(want == excelize.CellTypeSharedString && got == excelize.CellTypeInlineString) && !(want == excelize.CellTypeUnset && got == excelize.CellTypeNumber) {
			t.Errorf("%s: type %v, want %v", cell, got, want)
		}
	}
	if f, _ := xl.GetCellFormula("p", "D2"); f != "" {
		t.Errorf("D2 is a formula: %q", f)
	}
	if v, _ := xl.GetCellValue("p", "C2"); v != "2026-01-01" {
		t.Errorf("C2 shows %q", v)
	}
	if p, _ := xl.GetPanes("p"); !p.Freeze {
		t.Error("header row not frozen")
	}
}

// TestSheetNotXML: a worksheet part that is not a whole XML document (cut
// off, empty, garbage) is an error naming its sheet. excelize stopped
// streaming its rows without one, so that a damaged optional sheet
// (fees) was left out as if absent, and a required one reported missing.
func TestSheetNotXML(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, []CSVFile{{Name: "payments.csv", Data: []byte("term,cap,note\nfee,500,x\n")}, {Name: "fees.csv", Data: []byte("item,amount\nm,100\n")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := readBytes(t, buf.Bytes(), Limits{}); err != nil {
		t.Fatal(err)
	}
	for name, damage := range map[string]func(string) string{
		"cut off":   func(s string) string { return s[:len(s)/2] },
		"cut early": func(s string) string { return s[:strings.Index(s, "<sheetData")] },
		"empty":     func(string) string { return "" },
		"garbage":   func(string) string { return "not xml at all <<<" },
	} {
		for _, part := range []string{"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"} {
			data := rezip(t, buf.Bytes(), part, damage)
			_, err := readBytes(t, data, Limits{})
			var ce *CellError
			if !errors.Is(err, ErrRead) || !errors.As(err, &ce) || (ce.Sheet != "payments" && ce.Sheet != "fees") {
				t.Errorf("%s %s: err %v, want ErrRead naming the sheet", name, part, err)
			}
		}
	}
}

// TestSharedStringIndexNotWhole: a shared-string cell whose index is not a
// whole number (1.5, -1, x) is an error at the cell; excelize read it as
// the table's first string, a value nobody wrote.
func TestSharedStringIndexNotWhole(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, []CSVFile{{Name: "payments.csv", Data: []byte("term,cap,note\nfee,500,x\n")}}); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"1.5", "-1", "x", "", " 1"} {
		data := rezip(t, buf.Bytes(), "xl/worksheets/sheet1.xml", func(s string) string {
			i := strings.Index(s, `<c r="B2"`)
			j := strings.Index(s[i:], "</c>") + i + 4
			return s[:i] + `<c r="B2" t="s"><v>` + v + `</v></c>` + s[j:]
		})
		_, err := readBytes(t, data, Limits{})
		if !errors.Is(err, ErrRead) || !strings.Contains(fmt.Sprint(err), "deal.xlsx: payments!B2: ") || !strings.Contains(fmt.Sprint(err), "not a whole number") {
			t.Errorf("%q: err %v, want ErrRead at payments!B2", v, err)
		}
	}
	if _, err := readBytes(t, buf.Bytes(), Limits{}); err != nil {
		t.Fatal(err)
	}
}
