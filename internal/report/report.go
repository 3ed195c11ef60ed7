package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Formats accepted by Write.
const (
	Table = "table"
	CSV   = "csv"
	JSON  = "json"
)

// Column is a table column.
type Column struct {
	Name    string // machine name: CSV header and JSON key
	Title   string // header in text output; Name when empty
	Numeric bool
	// Bool marks a column of "true"/"false" cells: JSON writes them as
	// booleans (other cells as strings); CSV and text as they are.
	Bool bool
	// TextPlaces, when positive, rounds a numeric cell to that many places
	// in text output only: CSV and JSON keep every digit for analysis.
	TextPlaces int32
	// Text, when not nil, formats a non-empty cell for text output only
	// (significant digits, say), in place of TextPlaces.
	Text func(string) string
	// RowText, when not nil, formats a non-empty cell for text output
	// from its whole row, for a column whose unit is given row by row in
	// another column (a summary's "value" and "unit"); it comes before
	// Text and TextPlaces.
	RowText func(row []string, cell string) string
	// Money marks an amount of money: in text its header names the
	// document's currency ("gross EUR"), when the document has one.
	Money bool
}

// T is a table.
type T struct {
	Name    string // JSON key and CSV file name
	Title   string // heading in text output
	Note    string // a line under the heading in text output
	Columns []Column
	Rows    [][]string
	total   []bool // total[i]: Rows[i] is a subtotal
	// Footer rows are grand totals, after a rule in text.
	Footer [][]string
}

// Totals (AddTotal rows and the footer) are shown in text, left out of
// CSV, where a SUM or a pivot would count them twice, and given in JSON as
// a separate array "<name>_totals".

// Add appends a row; it must have one cell per column.
func (t *T) Add(cells ...string) { t.add(false, cells) }

// AddTotal appends a subtotal row (see T).
func (t *T) AddTotal(cells ...string) { t.add(true, cells) }

func (t *T) add(total bool, cells []string) {
	if len(cells) != len(t.Columns) {
		panic(fmt.Sprintf("report: table %s: row of %d cells for %d columns", t.Name, len(cells), len(t.Columns)))
	}
	t.Rows = append(t.Rows, cells)
	t.total = append(t.total, total)
}

// split returns the data rows and the total rows.
func (t *T) split() (data, totals [][]string) {
	for i, r := range t.Rows {
		if t.total[i] {
			totals = append(totals, r)
		} else {
			data = append(data, r)
		}
	}
	return data, append(totals, t.Footer...)
}

// AddFooter appends a total row.
func (t *T) AddFooter(cells ...string) {
	if len(cells) != len(t.Columns) {
		panic(fmt.Sprintf("report: table %s: footer of %d cells for %d columns", t.Name, len(cells), len(t.Columns)))
	}
	t.Footer = append(t.Footer, cells)
}

// Doc is a report: metadata and tables.
type Doc struct {
	Title string
	// Meta is shown above the tables in text, as "# key: value" comment
	// lines above the CSV header, and as JSON fields: the provenance of
	// the report (inputs, --set changes, seed) and its units.
	Meta []Meta
	// Currency names the currency of the Money columns in text headers;
	// empty when none is known.
	Currency string
	Tables   []*T
}

// Meta is one item of a report's metadata.
type Meta struct {
	Key, Value string
	Numeric    bool // a JSON number rather than a string
	// List, when not nil, is the item's values in place of Value: a JSON
	// array, one line (text: "key: a, b") or comment line (CSV) each,
	// "none" when empty.
	List []string
	// Text, when not empty, is Value as the text header shows it (a rate
	// in %, "12.35%", where CSV and JSON give the fraction 0.1234880792).
	Text string
}

// ValidFormat reports whether f is a format Write knows.
func ValidFormat(f string) bool { return f == Table || f == CSV || f == JSON }

// Write renders d in format f. For CSV, which has room for one table, only
// the table named csvTable is written.
func Write(w io.Writer, d *Doc, f, csvTable string) error {
	switch f {
	case Table:
		return writeText(w, d)
	case CSV:
		for _, t := range d.Tables {
			if t.Name == csvTable {
				var b bytes.Buffer
				AppendComments(&b, d)
				if _, err := w.Write(b.Bytes()); err != nil {
					return err
				}
				return WriteCSV(w, t)
			}
		}
		return fmt.Errorf("report: no table %q", csvTable)
	case JSON:
		return writeJSON(w, d)
	}
	return fmt.Errorf("report: unknown format %q", f)
}

// WriteCSV writes one table with a header row.
func WriteCSV(w io.Writer, t *T) error {
	var b bytes.Buffer
	hdr := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		hdr[i] = SafeCell(c.Name)
	}
	AppendCSV(&b, hdr)
	data, _ := t.split()
	row := make([]string, len(t.Columns))
	for _, r := range data {
		for i, c := range r {
			if i < len(t.Columns) && t.Columns[i].Numeric && (c == "" || isNumber(c)) {
				row[i] = c // formatted by the tool: "-12.50" stays a number
			} else {
				row[i] = SafeCell(c)
			}
		}
		AppendCSV(&b, row[:len(r)])
	}
	_, err := w.Write(b.Bytes())
	return err
}

// AppendCSV writes one CSV record. A field is quoted when it holds a comma,
// a quote or a line break, as RFC 4180 asks, and also a semicolon: where a
// spreadsheet splits CSV on semicolons (Estonian and most European
// settings), "EUR;=1+1" unquoted would open as two cells, the second a
// formula.
func AppendCSV(b *bytes.Buffer, fields []string) {
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		if f != "" && (strings.ContainsAny(f, ",;\"\r\n") || f[0] == ' ' || f[0] == '\t') {
			b.WriteByte('"')
			b.WriteString(strings.ReplaceAll(f, `"`, `""`))
			b.WriteByte('"')
		} else {
			b.WriteString(f)
		}
	}
	b.WriteByte('\n')
}

// SafeCell neutralises a text cell that a spreadsheet would run as a
// formula ("=HYPERLINK(…)", "@SUM(…)", "+1+1", "-2+3") the OWASP way, with a
// leading apostrophe: one that starts with '=', '+', '-', '@', a tab or a
// carriage return. Names in inputs are still accepted as written; only
// what reaches a CSV or workbook cell is changed.
func SafeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// metaLines gives the metadata as "key: value" lines: one a value of a
// list item, "key: none" for an empty list.
func metaLines(d *Doc) []string {
	var out []string
	for _, m := range d.Meta {
		switch {
		case m.List == nil:
			out = append(out, m.Key+": "+m.Value)
		case len(m.List) == 0:
			out = append(out, m.Key+": none")
		default:
			for _, v := range m.List {
				out = append(out, m.Key+": "+v)
			}
		}
	}
	return out
}

// textMetaLines gives the metadata as the text header shows it: a list
// item on one line, its values separated by ", " ("inputs: a, b, c").
func textMetaLines(d *Doc) []string {
	var out []string
	for _, m := range d.Meta {
		if len(m.List) > 0 {
			out = append(out, m.Key+": "+strings.Join(m.List, ", "))
			continue
		}
		if m.Text != "" {
			out = append(out, m.Key+": "+m.Text)
			continue
		}
		out = append(out, metaLines(&Doc{Meta: []Meta{m}})...)
	}
	return out
}

// AppendComments writes a document's title and metadata as CSV comment
// lines, "# key: value", before the header: the report's provenance and
// units, which readers skip with pandas.read_csv(comment="#"), R's
// read.csv(comment.char = "#") or Go's csv.Reader.Comment = '#'. A reader
// that does not skip them still parses each as a CSV record, and a
// spreadsheet shows them as rows of text: a line break in a value becomes
// a space, a double quote a single one (a quote could open a field that
// runs into the header), and a comma or semicolon followed by a character
// that starts a formula is followed by an apostrophe, so that no cell a
// spreadsheet splits the line into runs as one.
func AppendComments(b *bytes.Buffer, d *Doc) {
	lines := metaLines(d)
	if d.Title != "" {
		lines = append([]string{d.Title}, lines...)
	}
	for _, l := range lines {
		b.WriteString("# ")
		b.WriteString(commentSafe(TextSafe(l)))
		b.WriteByte('\n')
	}
}

func commentSafe(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch r {
		case '\r', '\n':
			r = ' '
		case '"':
			r = '\''
		}
		b.WriteRune(r)
		if (r == ',' || r == ';') && i+1 < len(s) && strings.ContainsRune("=+-@\t\r", rune(s[i+1])) {
			b.WriteByte('\'')
		}
	}
	return b.String()
}

// TextSafe makes text from an input (a scenario's name, a note) safe to
// print on a terminal: a control character, which could move the cursor,
// clear the screen or retitle the window ("\x1b]0;…"), and a bidirectional
// override, which could make a line read backwards, are written as Go
// escapes ("\x1b", "\u202e"); a line break or tab becomes a space, so that
// a cell keeps its row and column.
func TextSafe(s string) string {
	if !strings.ContainsFunc(s, unsafeRune) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case unsafeRune(r) && r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

func writeText(w io.Writer, d *Doc) error {
	var b strings.Builder
	if d.Title != "" {
		b.WriteString(TextSafe(d.Title) + "\n")
	}
	for _, l := range textMetaLines(d) {
		b.WriteString(TextSafe(l) + "\n")
	}
	for _, t := range d.Tables {
		b.WriteString("\n")
		textTable(&b, t, d.Currency)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func textTable(b *strings.Builder, t *T, currency string) {
	if t.Title != "" {
		b.WriteString(TextSafe(t.Title) + "\n")
	}
	if t.Note != "" {
		b.WriteString(TextSafe(t.Note) + "\n")
	}
	width := make([]int, len(t.Columns))
	head := TextHeader(t, currency)
	for i := range t.Columns {
		head[i] = TextSafe(head[i])
		width[i] = utf8.RuneCountInString(head[i])
	}
	rows := textCells(t, t.Rows)
	foot := textCells(t, t.Footer)
	for _, r := range append(append([][]string{}, rows...), foot...) {
		for i, cell := range r {
			width[i] = max(width[i], utf8.RuneCountInString(cell))
		}
	}
	line := func(cells []string) {
		var s strings.Builder
		for i, cell := range cells {
			if i > 0 {
				s.WriteString("  ")
			}
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(cell))
			if t.Columns[i].Numeric {
				s.WriteString(pad + cell)
			} else {
				s.WriteString(cell + pad)
			}
		}
		b.WriteString(strings.TrimRight(s.String(), " ") + "\n")
	}
	rule := func() {
		parts := make([]string, len(width))
		for i, n := range width {
			parts[i] = strings.Repeat("-", n)
		}
		b.WriteString(strings.Join(parts, "  ") + "\n")
	}
	line(head)
	rule()
	for _, r := range rows {
		line(r)
	}
	if len(foot) > 0 {
		rule()
		for _, r := range foot {
			line(r)
		}
	}
}

// textCells rounds the cells of columns with TextPlaces.
func textCells(t *T, rows [][]string) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = slices.Clone(r)
		for j, c := range t.Columns {
			if c.RowText != nil && r[j] != "" {
				out[i][j] = c.RowText(r, r[j])
				continue
			}
			if c.Text != nil && r[j] != "" {
				out[i][j] = c.Text(r[j])
				continue
			}
			if c.TextPlaces <= 0 || r[j] == "" {
				continue
			}
			if d, err := decimal.NewFromString(r[j]); err == nil {
				out[i][j] = d.StringFixed(c.TextPlaces)
			}
		}
		for j := range out[i] {
			out[i][j] = TextSafe(out[i][j])
		}
	}
	return out
}

func writeJSON(w io.Writer, d *Doc) error {
	// Meta and tables share the object: a key given twice would leave a
	// JSON reader with one of them only.
	seen := map[string]bool{}
	for _, k := range d.jsonKeys() {
		if seen[k] {
			return fmt.Errorf("report: the key %q names two parts of the JSON output", k)
		}
		seen[k] = true
	}
	var parts []string
	for _, m := range d.Meta {
		v := jstr(m.Value)
		switch {
		case m.List != nil:
			items := make([]string, len(m.List))
			for i, x := range m.List {
				items[i] = jstr(x)
			}
			v = "[" + strings.Join(items, ", ") + "]"
		case m.Numeric && isNumber(m.Value):
			v = m.Value
		}
		parts = append(parts, fmt.Sprintf("  %s: %s", jstr(m.Key), v))
	}
	for _, t := range d.Tables {
		data, totals := t.split()
		parts = append(parts, jsonRows(t, t.Name, data))
		if len(totals) > 0 {
			parts = append(parts, jsonRows(t, t.Name+"_totals", totals))
		}
	}
	_, err := io.WriteString(w, "{\n"+strings.Join(parts, ",\n")+"\n}\n")
	return err
}

// jsonKeys lists the keys of the JSON object writeJSON writes.
func (d *Doc) jsonKeys() []string {
	var ks []string
	for _, m := range d.Meta {
		ks = append(ks, m.Key)
	}
	for _, t := range d.Tables {
		ks = append(ks, t.Name)
		if _, totals := t.split(); len(totals) > 0 {
			ks = append(ks, t.Name+"_totals")
		}
	}
	return ks
}

func jsonRows(t *T, name string, rows [][]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "  %s: [", jstr(name))
	for ri, r := range rows {
		if ri > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n    {")
		for i, c := range t.Columns {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(jstr(c.Name) + ": ")
			switch {
			case c.Numeric && isNumber(r[i]):
				b.WriteString(r[i]) // exact decimal digits, no float round trip
			case c.Numeric: // empty, or a label such as "total" in a totals row
				b.WriteString("null")
			case c.Bool && (r[i] == "true" || r[i] == "false"):
				b.WriteString(r[i])
			default:
				b.WriteString(jstr(r[i]))
			}
		}
		b.WriteString("}")
	}
	if len(rows) > 0 {
		b.WriteString("\n  ")
	}
	b.WriteString("]")
	return b.String()
}

// isNumber reports whether s is a JSON number (and so can be written bare).
func isNumber(s string) bool {
	var n json.Number
	return json.Unmarshal([]byte(s), &n) == nil
}

func jstr(s string) string {
	out, _ := json.Marshal(s)
	return string(out)
}
