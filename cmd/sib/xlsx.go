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
func putXlsx(b *safeout.Batch, path string, doc *report.Doc) error {
	data, err := xlsxout.Bytes(doc, xlsxout.Options{CellKind: unitCellKind(doc.Currency)})
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
