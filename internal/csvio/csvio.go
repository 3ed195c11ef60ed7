package csvio

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sib-engine/sib/internal/errprefix"

	nearest "github.com/sib-engine/sib/internal/names"
)

// Error is an input error with its position. Line and Column are 1-based;
// zero means unknown (for example, a value built in code rather than read).
type Error struct {
	File   string // file name as given to NewReader
	Line   int
	Column int    // 1-based field number
	Field  string // column name from the header, if known
	Err    error
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
			if e.Column > 0 {
				fmt.Fprintf(&b, ":%d", e.Column)
			}
		}
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	msg := e.Err.Error()
	if e.File != "" {
		// The position says where; the package prefix of a wrapped sentinel
		// ("costing: ") would only interrupt it.
		msg = errprefix.Trim(msg)
	}
	b.WriteString(msg)
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Sentinel errors wrapped by *Error.
var (
	ErrMissingColumn = errors.New("missing column")
	ErrUnknownColumn = errors.New("unknown column")
	ErrDupColumn     = errors.New("column given twice")
	ErrEmpty         = errors.New("empty value")
	ErrNumber        = errors.New("invalid number")
	ErrNegative      = errors.New("negative value")
	ErrNoHeader      = errors.New("empty file: expected a header row")
	ErrEncoding      = errors.New("not UTF-8 text: save the file as \"CSV UTF-8\" (a spreadsheet's plain \"CSV\" may use a local code page)")
)

// Column describes one column a file may have.
type Column struct {
	Name     string
	Required bool // the header must name it (its values may still be empty)
}

// Reader reads records by column. Field indices passed to its methods are
// positions in the []Column given to NewReader, not in the file.
type Reader struct {
	name     string
	cr       *csv.Reader
	cols     []Column
	idx      []int // idx[i] is the file field of cols[i], or -1 when absent
	blank    []int // fields with an empty header name, which must stay empty
	rec      []string
	err      error
	comma    bool // numbers may use a decimal comma
	header   []string
	file     *File // the limited source
	rows     int64
	nextLine int64 // where the next record starts, as far as the last one tells
	lastLine int   // the last line of the last record returned
	// The empty records skipped: how many, their first spans of lines
	// (at most maxSpans), and whether there were more spans.
	nSkipped    int
	skipped     [][2]int
	moreSkipped bool
}

// Ignored is a column every file may carry for the analyst's own remarks.
const Ignored = "note"

// NewReader reads and checks the header of r. name is used in error
// messages. Header names are matched case-insensitively after trimming
// spaces; a column not in cols (other than "note") is an error, as is a
// required column that is missing.
//
// r is read under the limits of a *File from Open, or under DefaultLimits.
func NewReader(r io.Reader, name string, cols []Column) (*Reader, error) {
	lf := limited(r, name)
	br := bufio.NewReaderSize(lf, 1<<16)
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
		_, _ = br.Discard(3)
	} else if len(bom) >= 2 && (bom[0] == 0xFF && bom[1] == 0xFE || bom[0] == 0xFE && bom[1] == 0xFF) {
		return nil, &Error{File: name, Line: 1, Err: fmt.Errorf("%w (this is UTF-16, as spreadsheets save \"Unicode text\")", ErrEncoding)}
	}
	delim := sniff(br)
	cr := csv.NewReader(br)
	cr.Comma = delim
	cr.ReuseRecord = true
	cr.TrimLeadingSpace = true
	rd := &Reader{name: name, cr: cr, cols: cols, comma: delim == ';', file: lf}
	lf.markRecord(0, 1)
	hdr, err := cr.Read()
	if err == io.EOF {
		return nil, &Error{File: name, Line: 1, Err: ErrNoHeader}
	}
	if err != nil {
		return nil, rd.wrapCSV(err)
	}
	rd.header = make([]string, len(hdr))
	rd.idx = make([]int, len(cols))
	for i := range rd.idx {
		rd.idx[i] = -1
	}
	want := make(map[string]int, len(cols))
	for i, c := range cols {
		want[c.Name] = i
	}
	if err := rd.checkFields(hdr); err != nil {
		return nil, err
	}
	last, _ := cr.FieldPos(len(hdr) - 1)
	rd.nextLine = int64(last) + 1
	for j, h := range hdr {
		if !utf8.ValidString(h) {
			return nil, &Error{File: name, Line: 1, Column: j + 1, Err: ErrEncoding}
		}
		h = strings.ToLower(strings.TrimSpace(h))
		rd.header[j] = h
		line, _ := cr.FieldPos(j)
		i, ok := want[h]
		switch {
		case ok && rd.idx[i] >= 0:
			return nil, &Error{File: name, Line: line, Column: j + 1, Err: fmt.Errorf("%w %q (also column %d)", ErrDupColumn, h, rd.idx[i]+1)}
		case ok:
			rd.idx[i] = j
		case h == Ignored:
		case h == "":
			// Spreadsheets write trailing separators; such a column is
			// harmless as long as nothing is written in it.
			rd.blank = append(rd.blank, j)
		default:
			return nil, &Error{File: name, Line: line, Column: j + 1, Err: fmt.Errorf("%w %q: expected one of %s", ErrUnknownColumn, h, names(cols))}
		}
	}
	var missing []string
	for i, c := range cols {
		if c.Required && rd.idx[i] < 0 {
			missing = append(missing, c.Name)
		}
	}
	if len(missing) > 0 {
		return nil, &Error{File: name, Line: 1, Err: fmt.Errorf("%w %s: the header row must name %s", ErrMissingColumn, quoteList(missing), names(cols))}
	}
	cr.FieldsPerRecord = len(hdr)
	return rd, nil
}

// sniff picks ';' when the first line has more semicolons than commas
// outside quotes, and ',' otherwise.
func sniff(br *bufio.Reader) rune {
	buf, _ := br.Peek(4096)
	if i := bytes.IndexByte(buf, '\n'); i >= 0 {
		buf = buf[:i]
	}
	var commas, semis int
	quoted := false
	for _, c := range buf {
		switch c {
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				commas++
			}
		case ';':
			if !quoted {
				semis++
			}
		}
	}
	if semis > commas {
		return ';'
	}
	return ','
}

func names(cols []Column) string {
	s := make([]string, 0, len(cols))
	for _, c := range cols {
		s = append(s, c.Name)
	}
	return strings.Join(s, ", ")
}

func quoteList(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}

// Next reads the next record. It returns false at the end of the input or
// on error; Err tells which.
func (r *Reader) Next() bool {
	if r.err != nil {
		return false
	}
	var rec []string
	for {
		r.file.markRecord(r.cr.InputOffset(), r.nextLine)
		var err error
		rec, err = r.cr.Read()
		if err == io.EOF {
			r.noteSkipped()
			return false
		}
		if (err == nil || errors.Is(err, csv.ErrFieldCount)) && emptyRecord(rec) {
			// A row of separators alone (";;;;"): what a spreadsheet
			// saves for a row it once used. It holds nothing to lose.
			r.skip(rec)
			continue
		}
		if errors.Is(err, csv.ErrFieldCount) {
			r.err = r.fieldCount(rec)
			return false
		}
		if err != nil {
			r.err = r.wrapCSV(err)
			return false
		}
		break
	}
	r.rec = rec
	r.rows++
	last, _ := r.cr.FieldPos(len(rec) - 1)
	r.nextLine = int64(last) + 1
	r.lastLine = last
	if r.rows > r.file.lim.Rows {
		r.err = &Error{File: r.name, Line: r.Line(), Err: LimitError(fmt.Sprintf("more than %d records", r.file.lim.Rows), "rows", r.file.lim.Rows)}
		return false
	}
	if r.err = r.checkFields(rec); r.err != nil {
		return false
	}
	for j, f := range rec {
		if !utf8.ValidString(f) {
			line, _ := r.cr.FieldPos(j)
			r.err = &Error{File: r.name, Line: line, Column: j + 1, Err: ErrEncoding}
			return false
		}
	}
	for _, j := range r.blank {
		if strings.TrimSpace(rec[j]) != "" {
			line, _ := r.cr.FieldPos(j)
			r.err = &Error{File: r.name, Line: line, Column: j + 1, Err: fmt.Errorf("%w: a value in a column with no name in the header", ErrUnknownColumn)}
			return false
		}
	}
	return true
}

// emptyRecord reports whether every field of rec is blank.
func emptyRecord(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// skip counts the empty record rec just read, by its lines.
func (r *Reader) skip(rec []string) {
	first, _ := r.cr.FieldPos(0)
	last, _ := r.cr.FieldPos(len(rec) - 1)
	r.nextLine = int64(last) + 1
	r.nSkipped += last - first + 1
	switch k := len(r.skipped); {
	case k > 0 && r.skipped[k-1][1] == first-1:
		r.skipped[k-1][1] = last
	case k < maxSpans:
		r.skipped = append(r.skipped, [2]int{first, last})
	default:
		r.moreSkipped = true
	}
}

// maxSpans bounds the spans of empty rows a note lists.
const maxSpans = 8

// noteSkipped adds a note on the empty rows skipped to the limits' Notes,
// at the end of the file.
func (r *Reader) noteSkipped() {
	if len(r.skipped) == 0 || r.file.lim.Notes == nil {
		return
	}
	var spans []string
	for _, sp := range r.skipped {
		if sp[0] == sp[1] {
			spans = append(spans, strconv.Itoa(sp[0]))
		} else {
			spans = append(spans, fmt.Sprintf("%d-%d", sp[0], sp[1]))
		}
	}
	if r.moreSkipped {
		spans = append(spans, "…")
	}
	what, where := "an empty row", "line"
	if r.nSkipped > 1 {
		what, where = strconv.Itoa(r.nSkipped)+" empty rows", "lines"
	}
	at := ""
	if r.rows == 0 || r.skipped[0][0] > r.lastLine {
		at = " at the end"
	}
	r.file.lim.Notes.Add(fmt.Sprintf("%s: skipped %s%s (%s %s): separators with no values", r.name, what, at, where, strings.Join(spans, ", ")))
	r.skipped = nil
}

// Err returns the first error met by Next, or nil at a clean end of input.
func (r *Reader) Err() error { return r.err }

func (r *Reader) wrapCSV(err error) error {
	var le *Error
	if errors.As(err, &le) {
		return le // from File: already positioned
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		// csv's Column is a byte offset, not the field number Error promises,
		// so it is left out.
		return &Error{File: r.name, Line: pe.Line, Err: ExplainQuote(pe.Err)}
	}
	return &Error{File: r.name, Err: err}
}

// ExplainQuote adds what to do to encoding/csv's quote errors.
func ExplainQuote(err error) error {
	if errors.Is(err, csv.ErrBareQuote) || errors.Is(err, csv.ErrQuote) {
		return fmt.Errorf("%w: a quote inside a value needs the whole value in quotes and the quote doubled (\"the \"\"contractual\"\" rate\"), or no quote at all", err)
	}
	return err
}

// FieldCountHint explains a record with more fields than the header, in a
// file separated by commas: the usual cause is a comma inside a value.
const FieldCountHint = "a comma inside a value splits it in two in a comma-separated file (a decimal comma, 12,5, or a comma in a note): write 12.5, put the value in quotes, or save the file with semicolons"

// fieldCount explains a record whose length differs from the header's;
// the usual cause is a decimal comma in a comma-separated file.
func (r *Reader) fieldCount(rec []string) error {
	line, _ := r.cr.FieldPos(0)
	return FieldCountError(r.name, line, len(rec), r.header, !r.comma)
}

// FieldCountError is the error for a record of got fields under a header
// of len(header) names (only its length is needed when names are not
// known; comma says the file is comma-separated). The column is the first
// field the header does not expect, or the first one the record lacks,
// which it names.
func FieldCountError(file string, line, got int, header []string, comma bool) *Error {
	want := len(header)
	msg := fmt.Sprintf("%d fields, but the header has %d", got, want)
	col := want + 1
	switch {
	case got > want && comma:
		msg += ": " + FieldCountHint
	case got < want:
		col = got + 1
		if h := strings.TrimSpace(header[got]); h != "" {
			msg += fmt.Sprintf(": the record ends before %q", h)
		}
	}
	return &Error{File: file, Line: line, Column: col, Err: errors.New(msg)}
}

// Col returns the 1-based field number of column i in the file, or 0 when
// the column is absent.
func (r *Reader) Col(i int) int { return r.idx[i] + 1 }

// Field returns the trimmed value of column i in the current record, or ""
// when the column is absent.
func (r *Reader) Field(i int) string {
	j := r.idx[i]
	if j < 0 {
		return ""
	}
	return strings.TrimSpace(r.rec[j])
}

// Line returns the line on which the current record starts.
func (r *Reader) Line() int {
	line, _ := r.cr.FieldPos(0)
	return line
}

// Pos returns the position of column i in the current record. For an
// absent column it is the record's line and column 0.
func (r *Reader) Pos(i int) (line, col int) {
	j := r.idx[i]
	if j < 0 {
		return r.Line(), 0
	}
	line, _ = r.cr.FieldPos(j)
	return line, j + 1
}

// Errorf returns an *Error positioned at column i of the current record.
func (r *Reader) Errorf(i int, format string, args ...any) *Error {
	return r.Wrap(i, fmt.Errorf(format, args...))
}

// Wrap returns err positioned at column i of the current record.
func (r *Reader) Wrap(i int, err error) *Error {
	line, col := r.Pos(i)
	return &Error{File: r.name, Line: line, Column: col, Field: r.cols[i].Name, Err: err}
}

// Fields returns the number of fields in the header.
func (r *Reader) Fields() int { return len(r.header) }

// Header returns the header's names as the file gives them, by field.
func (r *Reader) Header() []string { return slices.Clone(r.header) }

// Blank returns the fields with an empty header name, whose values must
// stay empty.
func (r *Reader) Blank() []int { return r.blank }

// DecimalComma reports whether numbers may use a decimal comma (the file
// is semicolon-separated).
func (r *Reader) DecimalComma() bool { return r.comma }

// Delimiter returns the field separator detected from the header.
func (r *Reader) Delimiter() byte { return byte(r.cr.Comma) }

// Name returns the file name given to NewReader.
func (r *Reader) Name() string { return r.name }

// String returns the value of column i, a name or a keyword, which must
// not be empty nor longer than the NameBytes limit.
func (r *Reader) String(i int, what string) (string, error) {
	s := r.Field(i)
	if s == "" {
		return "", r.Wrap(i, fmt.Errorf("%w: expected %s", ErrEmpty, what))
	}
	if lim := r.file.lim.NameBytes; int64(len(s)) > lim {
		return "", r.Wrap(i, LimitError(fmt.Sprintf("%s of %d bytes", what, len(s)), "name", lim))
	}
	return s, nil
}

// checkFields applies the FieldBytes and RecordBytes limits to a record
// just read. (File bounds what is read on the way, with some slack for
// the buffers; this is exact.)
func (r *Reader) checkFields(rec []string) error {
	lim := r.file.lim.FieldBytes
	var total int64
	for j, f := range rec {
		total += int64(len(f))
		if int64(len(f)) > lim {
			line, _ := r.cr.FieldPos(j)
			return &Error{File: r.name, Line: line, Column: j + 1, Err: LimitError(fmt.Sprintf("a value of %s", FormatSize(int64(len(f)))), "field", lim)}
		}
	}
	if lim := r.file.lim.RecordBytes; total > lim {
		line, _ := r.cr.FieldPos(0)
		return &Error{File: r.name, Line: line, Err: LimitError(fmt.Sprintf("a record of %s", FormatSize(total)), "record", lim)}
	}
	return nil
}

// UnknownFiles lists the .csv files in dir other than those named in known:
// in an input folder they are usually misspelt names ("pool.csv") whose
// data would otherwise be left out without a word. Spreadsheets' lock
// files (LockFile) and hidden files (".name", as macOS's "._ledger.csv"
// beside each file on a shared or USB drive) are not listed.
func UnknownFiles(dir string, known ...string) []string {
	entries, _ := os.ReadDir(dir)
	var out []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.EqualFold(filepath.Ext(n), ".csv") || slices.Contains(known, n) || LockFile(n) || strings.HasPrefix(n, ".") {
			continue
		}
		out = append(out, n)
	}
	return out
}

// RenameHint suggests the known file an unknown one stands for: " (did you
// mean caps.csv?)", or "" when none is near. Names are compared in lower
// case, without the extension and without a copy's suffix (" (1)", " -
// Copy", "copy of "), by edit distance.
func RenameHint(name string, known ...string) string {
	stem := strings.ToLower(strings.TrimSuffix(name, filepath.Ext(name)))
	stem = strings.TrimPrefix(stem, "copy of ")
	for _, suf := range []string{" - copy", " copy", "-copy", "_copy"} {
		stem = strings.TrimSuffix(stem, suf)
	}
	if i := strings.LastIndex(stem, " ("); i > 0 && strings.HasSuffix(stem, ")") {
		stem = stem[:i]
	}
	stem = strings.TrimSpace(stem)
	stems := make([]string, len(known))
	for i, f := range known {
		stems[i] = strings.TrimSuffix(f, filepath.Ext(f))
	}
	near := nearest.Closest(stem, stems)
	if len(near) == 0 {
		return ""
	}
	for i := range near {
		near[i] += ".csv"
	}
	return " (did you mean " + strings.Join(near, " or ") + "?)"
}

// LockFile reports whether a file name is a spreadsheet's lock file, which
// it keeps beside a file it has open: Excel's "~$ledger.csv" and
// LibreOffice's ".~lock.ledger.csv#". They hold no data of the folder.
func LockFile(name string) bool {
	return strings.HasPrefix(name, "~$") || strings.HasPrefix(name, ".~lock.") && strings.HasSuffix(name, "#")
}

// Guard neutralises a text cell of a CSV file that sib writes and reads
// back (weights.csv), as OWASP recommends against CSV injection: a cell
// that begins with '=', '+', '-', '@', a tab or a carriage return gets a
// leading apostrophe, so that a spreadsheet shows it rather than runs it.
// A cell that begins with an apostrophe gets one too, so that Unguard can
// tell the two apart: Unguard(Guard(s)) == s for every s.
func Guard(s string) string {
	if guarded(s) {
		return "'" + s
	}
	return s
}

// Unguard undoes Guard: one leading apostrophe before a character Guard
// guards goes. A cell written without Guard keeps its text unless it
// begins with an apostrophe and such a character.
func Unguard(s string) string {
	if len(s) > 1 && s[0] == '\'' && guarded(s[1:]) {
		return s[1:]
	}
	return s
}

func guarded(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r', '\'':
		return true
	}
	return false
}
