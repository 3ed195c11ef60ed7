package main

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/internal/safeout"
	"github.com/sib-engine/sib/internal/xlsxout"
	"github.com/sib-engine/sib/uncertainty"
)

// --xlsx FILE writes every table of a command's report as a sheet of one
// workbook, after a first sheet "about" with the provenance (see
// internal/xlsxout). Like --out, it goes through the command's
// safeout.Batch: reserved before the work, written atomically, never over
// an input or a file sib did not write.

// addXlsxFlag adds --xlsx to fs.
func addXlsxFlag(fs *pflag.FlagSet) *string {
	return fs.String("xlsx", "", "also write every table as a sheet of the workbook FILE (.xlsx), after a sheet of the inputs and --set changes")
}

// reserveXlsx checks the name given to --xlsx (a usage error) and reserves
// the file in b (a data error when refused).
func reserveXlsx(stderr io.Writer, cmd string, b *safeout.Batch, path string) (code int, done bool) {
	if path == "" {
		return exitOK, false
	}
	if !strings.EqualFold(filepath.Ext(path), ".xlsx") {
		return usageError(stderr, cmd, "--xlsx %s: expected a file name ending in .xlsx", path), true
	}
	if err := reserveFile(b, "xlsx", path); err != nil {
		return dataError(stderr, cmd, err), true
	}
	return exitOK, false
}

// putXlsx renders doc as a workbook and stages it in b at path.
func putXlsx(b *safeout.Batch, path string, doc *report.Doc, units map[string]string) error {
	data, err := xlsxout.Bytes(doc, xlsxout.Options{CellKind: outputCellKind(doc, units)})
	if err != nil {
		return fmt.Errorf("--xlsx: %w", err)
	}
	if err := b.Put(path, data); err != nil {
		return fmt.Errorf("--xlsx: %w", err)
	}
	return nil
}

// unitCellKind types the cells of a column whose unit is given row by row
// (report.Column.RowText), by the row's "unit": a rate (rateUnit in the
// summary, unitFraction in the comparator), money (the currency, or
// "money" when none is named), or a plain number.
func unitCellKind(currency string) func(t *report.T, col int, row []string) (xlsxout.Kind, bool) {
	return func(t *report.T, col int, row []string) (xlsxout.Kind, bool) {
		if t.Columns[col].RowText == nil {
			return 0, false
		}
		u := slices.IndexFunc(t.Columns, func(c report.Column) bool { return c.Name == "unit" })
		if u < 0 {
			return 0, false
		}
		switch unit := row[u]; {
		case unit == rateUnit || unit == unitFraction:
			return xlsxout.Rate, true
		case unit != "" && (unit == currency || unit == "money"):
			return xlsxout.Money, true
		}
		return xlsxout.Number, true
	}
}

// outputCellKind types cells by unitCellKind, then by the outputs' units:
// a table with an "output" column of names (simulate's summary) row by
// row, and the columns that hold the report's one output (its "output"
// metadata: tornado's output_low, output_high and swing, breakeven's and
// grid's output) by that output's unit.
func outputCellKind(doc *report.Doc, units map[string]string) func(t *report.T, col int, row []string) (xlsxout.Kind, bool) {
	byUnit := unitCellKind(doc.Currency)
	var docOutput string
	for _, m := range doc.Meta {
		if m.Key == "output" {
			docOutput = m.Value
		}
	}
	kindOf := func(u string) xlsxout.Kind {
		switch u {
		case uncertainty.Money:
			return xlsxout.Money
		case uncertainty.Rate:
			return xlsxout.Rate
		}
		return xlsxout.Number
	}
	return func(t *report.T, col int, row []string) (xlsxout.Kind, bool) {
		if k, ok := byUnit(t, col, row); ok || units == nil || !t.Columns[col].Numeric {
			return k, ok
		}
		name := t.Columns[col].Name
		if o := slices.IndexFunc(t.Columns, func(c report.Column) bool { return c.Name == "output" }); o >= 0 && o != col {
			if u, ok := units[row[o]]; ok && name != "n" && name != "missing" {
				return kindOf(u), true
			}
		}
		if u, ok := units[docOutput]; ok && (name == "output" || strings.HasPrefix(name, "output_") || name == "swing") {
			return kindOf(u), true
		}
		return 0, false
	}
}
