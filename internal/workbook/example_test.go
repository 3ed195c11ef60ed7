package workbook_test

import (
	"bytes"
	"fmt"

	"github.com/sib-engine/sib/internal/workbook"
)

// A folder's CSV files as a workbook, and back: "0.50" stays text, so it
// comes back as written; 0.6 is a number cell, 2026-01-01 a date cell.
func Example() {
	payments := []byte("term,share,from,note\nfee,0.6,2026-01-01,\"quoted\"\nbonus,0.50,2026-07-01,\n")
	var xlsx bytes.Buffer
	if err := workbook.Write(&xlsx, []workbook.CSVFile{{Name: "payments.csv", Data: payments}}); err != nil {
		fmt.Println(err)
		return
	}
	book, err := workbook.ReadFrom(&xlsx, "deal.xlsx", workbook.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	files := book.Files()
	fmt.Print(string(files["payments.csv"]))
	fmt.Println(bytes.Equal(files["payments.csv"], payments))
	fmt.Println(book.Position("payments.csv", 3, 2))
	// Output:
	// term,share,from,note
	// fee,0.6,2026-01-01,"quoted"
	// bonus,0.50,2026-07-01,
	// true
	// payments!B3
}
