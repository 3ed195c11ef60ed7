// Package report renders the CLI's tables as aligned text, CSV or JSON.
//
// A Table holds its cells as strings already formatted by the caller (money
// with two decimals, rates with a fixed precision), so that the three
// formats show the same digits; numeric columns are right-aligned in text
// and written as JSON numbers.
package report
