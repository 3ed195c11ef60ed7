// Package report renders the CLI's tables as aligned text, CSV or JSON.
//
// A Table holds its cells as strings already formatted by the caller (money
// with two decimals, rates with a fixed precision), so that the three
// formats show the same digits; numeric columns are right-aligned in text
// and written as JSON numbers.
//
// A Doc's metadata (Doc.Meta) is its provenance and units: header lines in
// text, "# key: value" comment lines above the header in CSV
// (AppendComments), fields in JSON; a list item (Meta.List) is a JSON
// array and one line per value. Money columns (Column.Money) name the
// document's currency in their text header.
package report
