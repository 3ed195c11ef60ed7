package workbook

import (
	"fmt"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// LayoutSheet is the hidden sheet in which Write records how each CSV
// file quoted its fields, so that reading the workbook back gives the
// same bytes. It is not an input file; a workbook without it reads the
// same, quoting only where needed.
const LayoutSheet = "sib-csv-layout"

// maxText is what one cell may hold (Excel's limit is 32767 characters).
const maxText = 32000

// layoutRow is a file's row of the layout sheet: its name, then the
// cells it quoted, space-separated, in cells of at most maxText.
func layoutRow(file string, quoted map[string]bool) []any {
	row := []any{file}
	cells := make([]string, 0, len(quoted))
	for c := range quoted {
		cells = append(cells, c)
	}
	slices.SortFunc(cells, func(a, b string) int {
		ca, ra, _ := excelize.CellNameToCoordinates(a)
		cb, rb, _ := excelize.CellNameToCoordinates(b)
		if ra != rb {
			return ra - rb
		}
		return ca - cb
	})
	var b strings.Builder
	for _, c := range cells {
		if b.Len()+len(c)+1 > maxText {
			row = append(row, b.String())
			b.Reset()
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(c)
	}
	if b.Len() > 0 {
		row = append(row, b.String())
	}
	return row
}

func writeLayout(xl *excelize.File, rows [][]any) error {
	if _, err := xl.NewSheet(LayoutSheet); err != nil {
		return err
	}
	if err := xl.SetSheetRow(LayoutSheet, "A1", &[]any{"file", "quoted cells (sib convert keeps the CSV files' quoting here; not an input)"}); err != nil {
		return err
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := xl.SetSheetRow(LayoutSheet, cell, &r); err != nil {
			return err
		}
	}
	return xl.SetSheetVisible(LayoutSheet, false)
}

// readLayout reads the layout sheet, if any: the quoted cells by file.
func readLayout(xl *excelize.File, book string) (map[string]map[string]bool, error) {
	idx, err := xl.GetSheetIndex(LayoutSheet)
	if err != nil || idx < 0 {
		return nil, nil
	}
	rows, err := xl.GetRows(LayoutSheet)
	if err != nil {
		return nil, &CellError{Book: book, Sheet: LayoutSheet, Err: fmt.Errorf("%w: %v", ErrRead, err)}
	}
	m := map[string]map[string]bool{}
	for i, r := range rows {
		if i == 0 || len(r) == 0 {
			continue
		}
		q := map[string]bool{}
		for _, part := range r[1:] {
			for _, c := range strings.Fields(part) {
				if _, _, err := excelize.CellNameToCoordinates(c); err != nil {
					cell, _ := excelize.CoordinatesToCellName(2, i+1)
					return nil, &CellError{Book: book, Sheet: LayoutSheet, Cell: cell, Err: fmt.Errorf("%w: %q is not a cell", ErrRead, c)}
				}
				q[c] = true
			}
		}
		m[r[0]] = q
	}
	return m, nil
}
