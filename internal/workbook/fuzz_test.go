package workbook

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/sib-engine/sib/internal/csvio"
)

// FuzzRead: no workbook, however broken, makes Read panic or exceed its
// limits; what it reads converts to a workbook and back to the same
// records.
func FuzzRead(f *testing.F) {
	var buf bytes.Buffer
	if err := Write(&buf, []CSVFile{
		{Name: "payments.csv", Data: []byte("term,share,from,note\nfee,0.5,2026-01-01,\"a, quoted\"\nbonus,0.50,2026-02-29,=1+1\n")},
		{Name: "scenario.csv", Data: []byte("setting,value\nstart,2026-01-01\n")},
	}); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ReadFrom(bytes.NewReader(data), "f.xlsx", Limits{FileBytes: 1 << 20, UnzipBytes: 16 << 20})
		if err != nil {
			return
		}
		files := b.Files()
		var in []CSVFile
		for _, s := range b.Sheets {
			in = append(in, CSVFile{Name: s.File(), Data: files[s.File()]})
			for cell := range s.Quoted {
				_ = b.Position(s.File(), 1, 1)
				_ = cell
			}
		}
		var out bytes.Buffer
		if err := Write(&out, in); err != nil {
			return // a sheet name too long, a record encoding/csv refuses
		}
		b2, err := ReadFrom(&out, "g.xlsx", Limits{})
		if err != nil {
			t.Fatalf("reading back what Write wrote: %v", err)
		}
		got := b2.Files()
		for _, f := range in {
			if !RoundTrips(f.Data) {
				continue // "\r\n" in a cell: encoding/csv reads it as "\n"
			}
			if !bytes.Equal(got[f.Name], f.Data) {
				t.Fatalf("%s: %q back as %q", f.Name, f.Data, got[f.Name])
			}
		}
	})
}

// FuzzRecords: no CSV text makes Records panic, and a syntax error is
// placed at a line and a field of the text.
func FuzzRecords(f *testing.F) {
	f.Add([]byte("id,cohort,note\nab,2024,the \"x\" rate\n"))
	f.Add([]byte("id;note\n\"a;b\";2\"0\n"))
	f.Add([]byte("id,note\nab,\"two\nlines\" and\n"))
	f.Add([]byte("\xef\xbb\xbfa;b\n1,5;2\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = Delimiter(data)
		_, _, err := Records(data)
		var ce *csvio.Error
		if err != nil && (!errors.As(err, &ce) || ce.Line < 1 || ce.Line > bytes.Count(data, []byte{'\n'})+1 || ce.Column < 1) {
			t.Fatalf("Records(%q): %#v", data, err)
		}
	})
}

// FuzzDecimalComma: a number with a decimal comma in a semicolon-separated
// file reads back from its cell as the same decimal, exactly: two ways to
// get its value (shopspring/decimal from the text, and the cell Write
// makes, read back) agree.
func FuzzDecimalComma(f *testing.F) {
	for _, s := range []string{"1400,50", "-0,025", "0,1234567890123456789", "+01,50", "123456789012,34", "-0,00", "9007199254740993,1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := decimalComma(s)
		if !ok {
			return
		}
		want, err := decimal.NewFromString(strings.Replace(strings.TrimSpace(s), ",", ".", 1))
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		back := ""
		switch v := v.(type) {
		case float64:
			back = NumberText(v)
		case string:
			back = v
		}
		got, err := decimal.NewFromString(back)
		if err != nil || !got.Equal(want) {
			t.Fatalf("%q reads back as %q, want %s", s, back, want)
		}
	})
}
