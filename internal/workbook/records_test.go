package workbook

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/sib-engine/sib/internal/csvio"
)

// TestDelimiter: the separator is told as the input readers tell it,
// separators inside quotes not counted.
func TestDelimiter(t *testing.T) {
	for _, c := range []struct {
		data string
		want rune
	}{
		{"a,b,c\n1;2;3\n", ','},
		{"a;b;c\n", ';'},
		{"\xef\xbb\xbfa;b\n", ';'},
		{`"x,y,z";b;c` + "\n", ';'},
		{`"x;y;z",b` + "\n", ','},
		{"", ','},
	} {
		if got := Delimiter([]byte(c.data)); got != c.want {
			t.Errorf("Delimiter(%q) = %q, want %q", c.data, got, c.want)
		}
	}
}

// TestRecordsQuoteError: a stray quote is a *csvio.Error at its line and
// field (encoding/csv gives a byte), and Write names the file as given.
func TestRecordsQuoteError(t *testing.T) {
	for _, c := range []struct {
		data       string
		line, col  int
		bareQuote  bool
		inWriteMsg string
	}{
		{"id,cohort,note\nab,2024,the \"x\" rate\n", 2, 3, true, `dir/records.csv:2:3: bare " in non-quoted-field`},
		{"id;cohort;note\n\"a;b\";20\"24;x\n", 2, 2, true, `dir/records.csv:2:2: bare "`},
		{"id,note\nab,\"two\nlines\" and\n", 2, 2, false, `dir/records.csv:3:2: extraneous or missing " in quoted-field`},
	} {
		_, _, err := Records([]byte(c.data))
		var ce *csvio.Error
		if !errors.As(err, &ce) || ce.Column != c.col || ce.File != "" {
			t.Errorf("Records(%q): %#v, want column %d", c.data, err, c.col)
			continue
		}
		if errors.Is(err, csv.ErrBareQuote) != c.bareQuote {
			t.Errorf("Records(%q): %v", c.data, err)
		}
		err = Write(&bytes.Buffer{}, []CSVFile{{Name: "records.csv", Path: "dir/records.csv", Data: []byte(c.data)}})
		if err == nil || !bytes.HasPrefix([]byte(err.Error()), []byte(c.inWriteMsg)) {
			t.Errorf("Write: %v, want it to start %q", err, c.inWriteMsg)
		}
	}
}

// TestDecimalComma: in a semicolon-separated file a plain number with a
// decimal comma is a number cell when a double holds it exactly, and
// reads back as the same decimal with a point; other texts are kept.
func TestDecimalComma(t *testing.T) {
	data := "id;price;rate;note\n" +
		"007;1400,50;-0,025;4,000\n" +
		"A1;0,1234567890123456789;+01,50;1,5 kg\n" +
		"x;123456789012,34;12.5;2026-01-01\n" +
		"y;1.400,50 EUR;0,0;-0,00\n" // a grouped number alone is refused (TestWriteGroupedNumber)
	var buf bytes.Buffer
	if err := Write(&buf, []CSVFile{{Name: "p.csv", Data: []byte(data)}}); err != nil {
		t.Fatal(err)
	}
	b, err := ReadFrom(&buf, "p.xlsx", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := b.Sheets[0].CSV()
	want := "id,price,rate,note\n" +
		"007,1400.5,-0.025,4\n" + // as the readers take "4,000" in a semicolon-separated file
		"A1,0.1234567890123456789,1.5,\"1,5 kg\"\n" + // more digits than a double keeps: text, with a point
		"x,123456789012.34,12.5,2026-01-01\n" +
		"y,\"1.400,50 EUR\",0,0\n"
	if string(got) != want {
		t.Errorf("read back:\n%s\nwant:\n%s", got, want)
	}
}

// TestWriteTooManyRows: a file with more rows than a sheet holds is an
// error naming the file and the limit, not excelize's "invalid cell name
// """ from the first row past it (a user's regression).
func TestWriteTooManyRows(t *testing.T) {
	data := []byte("id\n" + strings.Repeat("1\n", MaxRows))
	err := Write(io.Discard, []CSVFile{{Name: "records.csv", Path: "big/records.csv", Data: data}})
	want := "big/records.csv: workbook: too many rows for a sheet: 1,048,577 rows, the header included, and an .xlsx sheet holds at most 1,048,576 (a header and 1,048,575 records): keep this file as CSV"
	if !errors.Is(err, ErrRows) || err.Error() != want {
		t.Errorf("Write: %v\nwant %s", err, want)
	}
	if grouped(999) != "999" || grouped(1000) != "1,000" || grouped(0) != "0" {
		t.Error("grouped")
	}
}

// TestStrayCell: a value right of the header's columns is an error at its
// own cell, which says the column has no header.
func TestStrayCell(t *testing.T) {
	for _, c := range []struct {
		cells map[string]string
		want  string
	}{
		{map[string]string{"A1": "id", "B1": "cohort", "A2": "a", "J2": "x"}, "b.xlsx: records!J2: a value in a column with no header: row 1 names columns up to B; give the column a name in row 1, or move or delete the value"},
		{map[string]string{"A2": "a"}, "b.xlsx: records!A2: a value in a column with no header: row 1 names no column: the header row is empty; give the column a name in row 1, or move or delete the value"},
	} {
		xl := excelize.NewFile()
		_ = xl.SetSheetName("Sheet1", "records")
		for cell, v := range c.cells {
			_ = xl.SetCellStr("records", cell, v)
		}
		var buf bytes.Buffer
		if _, err := xl.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		_, err := ReadFrom(&buf, "b.xlsx", Limits{})
		if !errors.Is(err, ErrStray) || err.Error() != c.want {
			t.Errorf("ReadFrom: %v\nwant %s", err, c.want)
		}
	}
}

// TestWriteGroupedNumber: in a semicolon-separated file a point between
// groups of three digits may be a thousands separator (the readers refuse
// it there); the workbook, read as comma-separated, would take it for a
// decimal point, so Write refuses it at its field. Other points pass.
func TestWriteGroupedNumber(t *testing.T) {
	for _, tc := range []struct {
		text string
		bad  bool
	}{
		{"1.200", true}, {"-12.500.000", true}, {"1.234,56", true},
		{"12.5", false}, {"0.125", false}, {"1234.567", false}, {"01.02.2026", false}, {"v1.200", false},
	} {
		data := []byte("cohort;size\nc1;" + tc.text + "\n")
		err := Write(io.Discard, []CSVFile{{Name: "cohorts.csv", Path: "sc/cohorts.csv", Data: data}})
		var ce *csvio.Error
		switch {
		case tc.bad && (!errors.As(err, &ce) || ce.Line != 2 || ce.Column != 2 || !errors.Is(err, csvio.ErrNumber)):
			t.Errorf("%q: %v, want an invalid number at sc/cohorts.csv:2:2", tc.text, err)
		case !tc.bad && err != nil:
			t.Errorf("%q: %v", tc.text, err)
		}
	}
}

// TestEmptySheetPassedOver: a sheet with no cell written (Excel's Sheet1
// of a new workbook) is no file of the folder, not an unknown one.
func TestEmptySheetPassedOver(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, []CSVFile{{Name: "caps.csv", Data: []byte("kind,target,amount\nparticipant,YP,8000\n")}}); err != nil {
		t.Fatal(err)
	}
	xl, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := xl.NewSheet("Sheet1"); err != nil {
		t.Fatal(err)
	}
	var with bytes.Buffer
	if err := xl.Write(&with); err != nil {
		t.Fatal(err)
	}
	b, err := ReadFrom(&with, "book.xlsx", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Sheets) != 1 || b.Sheets[0].File() != "caps.csv" {
		t.Errorf("sheets %v, want caps alone", b.Sheets)
	}
}

// TestRecordsLeadingSpace: a space before a field, even before its
// opening quote, is dropped as the commands' reader (csvio) drops it: the
// record `a, "b, c"` is two fields. Records refused it as a bare quote, so
// sib convert refused a folder every command reads. Such a file does not
// round-trip byte for byte.
func TestRecordsLeadingSpace(t *testing.T) {
	data := []byte("id,note\nab, \"b, c\"\n  cd,  x\n")
	recs, quoted, err := Records(data)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"id", "note"}, {"ab", "b, c"}, {"cd", "x"}}
	if fmt.Sprint(recs) != fmt.Sprint(want) || len(quoted) != 0 {
		t.Errorf("Records: %q, quoted %v; want %q", recs, quoted, want)
	}
	if RoundTrips(data) {
		t.Error("RoundTrips: true for a file with spaces before its fields")
	}
	if _, q, _ := Records([]byte("id,note\nab, \"b\"\n")); !q["B2"] {
		t.Errorf("a quoted field after a space: quoted %v, want B2", q)
	}
}
