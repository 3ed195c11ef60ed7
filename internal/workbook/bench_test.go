package workbook

import (
	"bytes"
	"os"
	"testing"
)

// BenchmarkRead reads the youth-employment claims records (7,000 rows)
// as a workbook.
func BenchmarkRead(b *testing.B) {
	data, err := os.ReadFile("../../testdata/youth-employment-claims/records.csv")
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, []CSVFile{{Name: "records.csv", Data: data}}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadFrom(bytes.NewReader(buf.Bytes()), "r.xlsx", Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}
