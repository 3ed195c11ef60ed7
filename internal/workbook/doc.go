// Package workbook reads and writes the engine's input folders as one
// .xlsx workbook: one sheet per CSV file of the folder, named after the
// file without ".csv", with the same columns.
//
// # Reading
//
// Read turns each sheet into the CSV text the folder loaders already
// parse, so that a workbook and the folder it came from give the same
// results. Cells are read by their type, with no locale guessing:
//
//   - a number is written in Go's shortest round-trip form (0.025, 24);
//   - a number whose format is a date (built-in formats 14-22, 45-47, or
//     a custom format with d, m or y outside quotes) is an ISO date
//     (2026-01-01), with the time when it has one;
//   - text is the text, exactly;
//   - a boolean is TRUE or FALSE;
//   - an error value (#DIV/0!, #N/A) is an error at the cell;
//   - a value right of the header's last column is an error at its cell
//     (ErrStray), and empty cells there are left out;
//   - a formula gives its cached value, the value the spreadsheet
//     calculated when it last saved the file (sib does not recalculate);
//     each one is reported in Book.Notes, and a formula with no cached
//     value is an error at the cell.
//
// Book.Position maps a CSV position (file, line, column) back to the
// cell it came from ("payments!C7"), and Book.Rewrite does the same in a
// message.
//
// # Writing
//
// Write makes a workbook of CSV files: a cell whose text is a number in
// its shortest form is a number cell, and in a semicolon-separated file
// so is a plain number with a decimal comma (1400,50 is 1400.5; one with
// more digits than a double holds exactly is text with a decimal point),
// an ISO date is a date cell (yyyy-mm-dd), anything else is a text cell
// (so "0.50" or "007" keep their text, and a text starting with "=" is
// text, never a formula).
// The header row is bold and frozen. Reading such a workbook gives back
// the same CSV bytes when the file was comma-separated with "\n" line
// ends and quoted only where encoding/csv quotes (RoundTrips tells).
//
// # Limits
//
// A workbook is a zip file: Read refuses one whose parts unpack to more
// than Limits.UnzipBytes, and keeps parts above 16 MiB on disk rather
// than in memory (excelize's UnzipSizeLimit and UnzipXMLSizeLimit), so a
// zip bomb fails with an error instead of exhausting memory. Rows and
// cells are bounded as the CSV files are, by the loaders reading the
// text this package gives them.
package workbook
