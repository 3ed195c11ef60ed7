package xlsxout

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/sib-engine/sib/internal/report"
)

// Kind is the type of a cell in the workbook.
type Kind int

// The kinds of cells.
const (
	Text   Kind = iota // a string cell
	Number             // a number, General format
	Money              // a number, #,##0.00
	Rate               // a fraction shown as a percentage, 0.00%
	Date               // a calendar date, yyyy-mm-dd
)

// Number formats of the kinds.
const (
	MoneyFormat = "#,##0.00"
	RateFormat  = "0.00%"
	DateFormat  = "yyyy-mm-dd"
)

// AboutSheet is the name of the first sheet, the document's metadata.
const AboutSheet = "about"

// MaxRows is the number of data rows a sheet holds below its header.
const MaxRows = excelize.TotalRows - 1

// Options change how a document is written.
type Options struct {
	// CellKind, when not nil, types the cells of a column whose unit is
	// given row by row: ok false leaves the column's own kind.
	CellKind func(t *report.T, col int, row []string) (k Kind, ok bool)
}

// ColumnKind is the kind of a column's cells: Money for a money column,
// Rate for a numeric column whose title says "%", or whose text cells
// end in "%" (its cells hold fractions, shown in % in text), Number for other numeric columns, Text
// otherwise (a text cell that is a date is a Date).
func ColumnKind(c report.Column) Kind {
	switch {
	case c.Money:
		return Money
	case c.Numeric && (strings.Contains(c.Title, "%") || c.Text != nil && strings.HasSuffix(c.Text("0.5"), "%")):
		return Rate
	case c.Numeric:
		return Number
	}
	return Text
}

// Header is the header cell of a column: its machine name, as in CSV,
// followed by the currency for money when one is known ("amount EUR").
func Header(c report.Column, currency string) string {
	if c.Money && currency != "" {
		return c.Name + " " + currency
	}
	return c.Name
}

// SheetNames gives each table of d its sheet name (see the package
// documentation), in order; the about sheet comes first and is not listed.
func SheetNames(d *report.Doc) []string {
	seen := map[string]bool{strings.ToLower(AboutSheet): true}
	names := make([]string, len(d.Tables))
	for i, t := range d.Tables {
		base := sheetName(t.Name)
		name := base
		for n := 2; seen[strings.ToLower(name)]; n++ {
			suffix := "_" + strconv.Itoa(n)
			name = truncate(base, 31-len(suffix)) + suffix
		}
		seen[strings.ToLower(name)] = true
		names[i] = name
	}
	return names
}

// sheetName makes s a valid sheet name: no []:*?/\ nor control
// characters, no apostrophe at either end, 1 to 31 characters.
func sheetName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case strings.ContainsRune(`[]:*?/\`, r), r < 0x20, r == utf8.RuneError:
			b.WriteByte('_')
		default:
			b.WriteRune(r)
		}
	}
	n := strings.Trim(truncate(b.String(), 31), "'")
	if n == "" {
		n = "table"
	}
	return n
}

// truncate keeps the first n characters of s (Excel counts UTF-16 units;
// a character outside the BMP counts two).
func truncate(s string, n int) string {
	units := 0
	for i, r := range s {
		w := 1
		if r > 0xFFFF {
			w = 2
		}
		if units+w > n {
			return s[:i]
		}
		units += w
	}
	return s
}

// Bytes renders d as an .xlsx workbook.
func Bytes(d *report.Doc, opt Options) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	if err := f.SetSheetName("Sheet1", AboutSheet); err != nil {
		return nil, err
	}
	if err := writeAbout(f, st, d); err != nil {
		return nil, err
	}
	for i, name := range SheetNames(d) {
		if _, err := f.NewSheet(name); err != nil {
			return nil, err
		}
		if err := writeTable(f, st, name, d, d.Tables[i], opt); err != nil {
			return nil, fmt.Errorf("xlsx: table %s: %w", d.Tables[i].Name, err)
		}
	}
	f.SetActiveSheet(0)
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return bytes.Clone(buf.Bytes()), nil
}

type styles struct {
	header, money, rate, date int
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	var err error
	mk := func(st *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(st)
		return id
	}
	s.header = mk(&excelize.Style{Font: &excelize.Font{Bold: true}})
	s.money = mk(&excelize.Style{CustomNumFmt: ptr(MoneyFormat)})
	s.rate = mk(&excelize.Style{NumFmt: 10}) // 0.00%
	s.date = mk(&excelize.Style{CustomNumFmt: ptr(DateFormat)})
	return s, err
}

func ptr[T any](v T) *T { return &v }

// aboutRows are the rows of the about sheet.
func aboutRows(d *report.Doc) [][2]string {
	var rows [][2]string
	if d.Title != "" {
		rows = append(rows, [2]string{"title", d.Title})
	}
	for _, m := range d.Meta {
		switch {
		case m.List == nil:
			rows = append(rows, [2]string{m.Key, m.Value})
		case len(m.List) == 0:
			rows = append(rows, [2]string{m.Key, "none"})
		default:
			for _, v := range m.List {
				rows = append(rows, [2]string{m.Key, v})
			}
		}
	}
	if d.Currency != "" {
		rows = append(rows, [2]string{"currency", d.Currency})
	}
	rows = append(rows, [2]string{"units", "rates are fractions shown in % (0.05 is 5.00%); money has 2 decimals" + currencyNote(d.Currency) + "; subtotal and total rows are left out of the sheets, as in CSV"})
	return rows
}

func currencyNote(c string) string {
	if c == "" {
		return ""
	}
	return ", in " + c
}

func writeAbout(f *excelize.File, st styles, d *report.Doc) error {
	sw, err := f.NewStreamWriter(AboutSheet)
	if err != nil {
		return err
	}
	rows := aboutRows(d)
	// A "currency" key may come from the metadata already: keep one.
	seen := map[[2]string]bool{}
	w := [2]int{len("key"), len("value")}
	var kept [][2]string
	for _, r := range rows {
		if seen[r] {
			continue
		}
		seen[r] = true
		kept = append(kept, r)
		w[0] = max(w[0], utf8.RuneCountInString(r[0]))
		w[1] = max(w[1], utf8.RuneCountInString(r[1]))
	}
	if err := setWidths(sw, w[:]); err != nil {
		return err
	}
	if err := sw.SetPanes(frozen()); err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st.header, Value: "key"}, excelize.Cell{StyleID: st.header, Value: "value"}}); err != nil {
		return err
	}
	for i, r := range kept {
		if err := sw.SetRow("A"+strconv.Itoa(i+2), []any{r[0], r[1]}); err != nil {
			return err
		}
	}
	return sw.Flush()
}

func writeTable(f *excelize.File, st styles, sheet string, d *report.Doc, t *report.T, opt Options) error {
	rows := report.DataRows(t)
	if len(rows) > MaxRows {
		return fmt.Errorf("%d rows, and a sheet holds %d: write it as CSV with --out", len(rows), MaxRows)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	kinds := make([]Kind, len(t.Columns))
	head := make([]any, len(t.Columns))
	widths := make([]int, len(t.Columns))
	for i, c := range t.Columns {
		kinds[i] = ColumnKind(c)
		h := Header(c, d.Currency)
		head[i] = excelize.Cell{StyleID: st.header, Value: h}
		widths[i] = utf8.RuneCountInString(h) + 1 // bold
	}
	cells := make([][]any, len(rows))
	for ri, r := range rows {
		out := make([]any, len(r))
		for ci, s := range r {
			k := kinds[ci]
			if opt.CellKind != nil {
				if kk, ok := opt.CellKind(t, ci, r); ok {
					k = kk
				}
			}
			v, shown := cell(st, k, s)
			out[ci] = v
			widths[ci] = max(widths[ci], shown)
		}
		cells[ri] = out
	}
	if err := setWidths(sw, widths); err != nil {
		return err
	}
	if err := sw.SetPanes(frozen()); err != nil {
		return err
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	for i, r := range cells {
		if err := sw.SetRow("A"+strconv.Itoa(i+2), r); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// cell is the value of a cell of kind k holding s, and the number of
// characters it shows.
func cell(st styles, k Kind, s string) (any, int) {
	if s == "" {
		return nil, 0 // no cell
	}
	n := utf8.RuneCountInString(s)
	switch k {
	case Number, Money, Rate:
		x, err := strconv.ParseFloat(s, 64)
		if !isNumber(s) || err != nil || math.IsInf(x, 0) {
			return s, n // a label ("total"): a string cell, as CSV quotes it
		}
		switch k {
		case Money:
			return excelize.Cell{StyleID: st.money, Value: x}, len(strconv.FormatFloat(x, 'f', 2, 64)) * 4 / 3
		case Rate:
			return excelize.Cell{StyleID: st.rate, Value: x}, len(strconv.FormatFloat(100*x, 'f', 2, 64)) + 1
		}
		return x, n
	}
	if t, ok := date(s); ok {
		return excelize.Cell{StyleID: st.date, Value: t}, len(DateFormat)
	}
	return s, n
}

// isNumber reports whether s is written as a JSON number, the numbers
// report's CSV writes bare: "+1", " 1", "1e" and "NaN" are text there, and
// so here.
func isNumber(s string) bool {
	return s != "" && (s[0] == '-' || s[0] >= '0' && s[0] <= '9') && json.Valid([]byte(s))
}

// date reads s as a calendar date, YYYY-MM-DD, written that way.
func date(s string) (time.Time, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	t, err := time.Parse(time.DateOnly, s)
	// Excel's dates start in 1900, and it counts a 29 February 1900 that
	// never was (LibreOffice does not): a date before March 1900 stays
	// text, so that both read the same day.
	if err != nil || t.Before(time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC)) || t.Format(time.DateOnly) != s {
		return time.Time{}, false
	}
	return t, true
}

// setWidths sets the widths of the columns for n characters each. The
// last column comes first: excelize lists a column it is given before
// the earlier ones, and Excel wants them in order.
func setWidths(sw *excelize.StreamWriter, n []int) error {
	for i := len(n) - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, width(n[i])); err != nil {
			return err
		}
	}
	return nil
}

// width is a column width for n characters, within Excel's bounds.
func width(n int) float64 {
	return float64(min(max(n, 6), 80) + 2)
}

func frozen() *excelize.Panes {
	return &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}
}
