package htmlreport_test

import (
	"bytes"
	"fmt"

	"github.com/sib-engine/sib/internal/htmlreport"
	"github.com/sib-engine/sib/internal/report"
)

func Example() {
	t := &report.T{Name: "tranches", Title: "Returns by tranche",
		Columns: []report.Column{{Name: "tranche"}, {Name: "received", Numeric: true, Money: true}}}
	t.Add("senior", "324112.37")
	page := &htmlreport.Page{
		Title:    "Social impact bond: an example",
		Lead:     "One tranche, one payer.",
		Headline: []htmlreport.Figure{{Label: "investors' IRR", Value: "12.35", Unit: "% a year"}},
		Sections: []htmlreport.Section{{ID: "returns", Title: "Returns", Tables: []*report.T{t}}},
		Currency: "EUR",
	}
	var b bytes.Buffer
	if err := htmlreport.Write(&b, page); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(htmlreport.Text(b.String()))
	// Output:
	// Social impact bond: an example
	// One tranche, one payer.
	// investors' IRR 12.35 % a year
	// Returns
	// Returns by tranche
	// tranche | received EUR
	// senior | 324112.37
	// How this report was made
}
