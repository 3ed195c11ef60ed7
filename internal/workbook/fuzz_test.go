package workbook

import (
	"bytes"
	"testing"
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
