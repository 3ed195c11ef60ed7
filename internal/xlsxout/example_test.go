package xlsxout_test

import (
	"bytes"
	"fmt"

	"github.com/xuri/excelize/v2"

	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/internal/xlsxout"
)

func Example() {
	t := &report.T{Name: "returns", Columns: []report.Column{
		{Name: "tranche"},
		{Name: "irr", Title: "IRR %", Numeric: true},
		{Name: "received", Numeric: true, Money: true},
	}}
	t.Add("senior", "0.0612", "520000.00")
	t.Add("=junior", "0.1488", "63340.13")
	doc := &report.Doc{Title: "Returns", Currency: "EUR", Tables: []*report.T{t},
		Meta: []report.Meta{{Key: "command", Value: "sib run deal"}}}
	data, err := xlsxout.Bytes(doc, xlsxout.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	f, _ := excelize.OpenReader(bytes.NewReader(data))
	defer f.Close()
	fmt.Println(f.GetSheetList())
	rows, _ := f.GetRows("returns")
	for _, r := range rows {
		fmt.Printf("%q\n", r)
	}
	// Output:
	// [about returns]
	// ["tranche" "irr" "received EUR"]
	// ["senior" "6.12%" "520,000.00"]
	// ["=junior" "14.88%" "63,340.13"]
}
