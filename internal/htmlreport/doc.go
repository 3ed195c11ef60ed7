// Package htmlreport renders a report as one self-contained, offline,
// printable HTML page: the CLI's tables (internal/report) and its charts
// (internal/chart, as inline SVG), with inline CSS and a print
// stylesheet, and no script and no reference to any other file or
// address. It is what "sib report" writes.
//
// # The page
//
// A Page has a title, a lead paragraph (the deal in words), headline
// figures, sections and provenance (the command, inputs, --set changes,
// version and date). A Section has a title, a note, charts (SVG from
// chart's Write with format "svg", inlined by InlineSVG) and tables.
// Table cells are the text format's (report.TextRows: money to the
// cent, rates in %), numeric columns right-aligned, money columns
// headed with the currency; subtotals and footers are set apart.
//
// Everything passes through html/template, which escapes every text;
// only the SVG of the project's own charts is inserted as it is, after
// InlineSVG has checked it is an <svg> element and removed its XML
// prologue.
//
// # Print
//
// The print stylesheet sets A4 pages with 14 mm margins, starts each
// section on a new page, keeps a chart and a table row whole, repeats a
// table's heading on each page and narrows wide tables' type.
//
// # Text
//
// Text renders a page's text content, one line per block and cells
// separated by " | ", charts as "[chart: TITLE]": what a reader sees,
// without markup, for golden files and for checks of the figures a page
// shows.
package htmlreport
