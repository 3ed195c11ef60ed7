// Package xlsxout writes a report.Doc as an Excel workbook (.xlsx): the
// --xlsx FILE of the CLI's table commands.
//
// The first sheet, "about", holds the document's title and metadata (the
// command line, the inputs, the --set changes, the version, and the units
// and settings the report states), one "key, value" row each: a list item
// gives one row per value. Then each table is a sheet of its own, named
// after the table (Excel's forbidden characters []:*?/\ replaced by "_",
// at most 31 characters, unique regardless of case), with a bold header
// row that stays in view when scrolling (a frozen pane) and column widths
// from the content.
//
// Cells are typed as the tables' columns say:
//
//   - money (report.Column.Money): a number with two decimals, format
//     #,##0.00, the document's currency in the header ("amount EUR");
//   - rates (a numeric column whose text title says "%", the project's
//     convention: "IRR %", "P(pays) %", or whose text cells end in "%"):
//     the cell holds the fraction, as
//     in CSV, with the format 0.00%, so 0.05 is shown as 5.00%;
//   - other numeric columns: numbers in the General format;
//   - text that is a calendar date (2026-03-31), from March 1900 on: a
//     date, yyyy-mm-dd;
//   - any other text: a string cell, never a formula, whatever it starts
//     with ("=1+1", "@SUM(A1)", "+1", "-1", a tab): a spreadsheet shows
//     the text and runs nothing.
//
// A cell whose unit is given row by row (a summary's "value" with its
// "unit") is typed by Options.CellKind.
//
// Subtotal and footer rows are left out, as in the CSV of the same table,
// so that a SUM or a pivot over a sheet counts each row once; the values
// are the CSV's, read as float64 and written with at most 15 significant
// digits, as Excel keeps them (the CSV's numbers have at most 10, but for
// a few solved points: a break-even's 17 digits are cut to 15).
//
// The workbook is built in memory and returned as bytes, for an atomic
// write (internal/safeout); a sheet holds at most 1,048,575 data rows,
// and a longer table is an error.
package xlsxout
