package workbook

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/sib-engine/sib/internal/csvio"
)

// Ext is the file name extension of a workbook.
const Ext = ".xlsx"

// IsWorkbook reports whether name is named like a workbook.
func IsWorkbook(name string) bool {
	return strings.EqualFold(filepath.Ext(name), Ext)
}

// Limits bound what Read unpacks. The zero value of a field means its
// default.
type Limits struct {
	FileBytes  int64 // the .xlsx file itself; default 1 GiB (the CLI's --limit file=)
	UnzipBytes int64 // all its parts unpacked; default 1 GiB
}

func (l Limits) orDefault() Limits {
	if l.FileBytes <= 0 {
		l.FileBytes = 1 << 30
	}
	if l.UnzipBytes <= 0 {
		l.UnzipBytes = 1 << 30
	}
	return l
}

// Errors.
var (
	ErrCell    = errors.New("workbook: error value in an input cell")
	ErrFormula = errors.New("workbook: formula with no cached value")
	ErrRead    = errors.New("workbook: not a readable .xlsx workbook")
	ErrSheet   = errors.New("workbook: sheet name")
	ErrRows    = errors.New("workbook: too many rows for a sheet")
	ErrStray   = errors.New("workbook: a value in a column with no header")
)

// CellError is an error at a cell of a workbook. It prints
// "deal.xlsx: payments!C7: message".
type CellError struct {
	Book  string // the workbook's name as given to Read
	Sheet string
	Cell  string // "C7"; "" for the whole sheet
	Err   error
}

func (e *CellError) Error() string {
	at := e.Sheet
	if e.Cell != "" {
		at += "!" + e.Cell
	}
	msg := e.Err.Error()
	msg = strings.TrimPrefix(msg, "workbook: ")
	if at == "" {
		return e.Book + ": " + msg
	}
	return e.Book + ": " + at + ": " + msg
}

func (e *CellError) Unwrap() error { return e.Err }

// Sheet is one sheet of a workbook read as the records of a CSV file.
type Sheet struct {
	Name string     // the sheet's name; the file is Name + ".csv"
	Rows [][]string // the cells' texts, row by row from row 1
	// Quoted are the cells ("C7") whose CSV field is quoted though it
	// needs no quotes: the file's own style, kept by the layout sheet.
	Quoted map[string]bool
}

// File is the name of the CSV file of the sheet.
func (s *Sheet) File() string { return s.Name + ".csv" }

// Book is a workbook read as CSV files.
type Book struct {
	Name   string // as given to Read
	Sheets []*Sheet
	Notes  []string         // the formulas whose cached values were read
	lines  map[string][]int // by file: the sheet row of each CSV line, from line 1
}

// Read reads the workbook at path.
func Read(path string, lim Limits) (*Book, error) {
	lim = lim.orDefault()
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %w: not a regular file", path, ErrRead)
	}
	if st.Size() > lim.FileBytes {
		return nil, fmt.Errorf("%s: %w", path, csvio.LimitError(fmt.Sprintf("the file has %s", csvio.FormatSize(st.Size())), "file", lim.FileBytes))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadFrom(f, path, lim)
}

// ReadFrom reads a workbook from r; name is used in errors.
func ReadFrom(r io.Reader, name string, lim Limits) (b *Book, err error) {
	lim = lim.orDefault()
	defer func() {
		// excelize is a large parser of hostile input: an input must
		// never crash the command.
		if p := recover(); p != nil {
			b, err = nil, fmt.Errorf("%s: %w (%v)", name, ErrRead, p)
		}
	}()
	data, err := io.ReadAll(io.LimitReader(r, lim.FileBytes+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > lim.FileBytes {
		return nil, fmt.Errorf("%s: %w", name, csvio.LimitError("the file is bigger", "file", lim.FileBytes))
	}
	xl, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    lim.UnzipBytes,
		UnzipXMLSizeLimit: min(16<<20, lim.UnzipBytes),
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %v", name, ErrRead, err)
	}
	defer xl.Close()
	if err := checkSheetXML(xl, data, name); err != nil {
		return nil, err
	}
	b = &Book{Name: name, lines: map[string][]int{}}
	seen := map[string]string{}
	quoted, err := readLayout(xl, name)
	if err != nil {
		return nil, err
	}
	for _, sh := range xl.GetSheetList() {
		if sh == LayoutSheet {
			continue
		}
		key := strings.ToLower(sh)
		if prev, ok := seen[key]; ok {
			return nil, &CellError{Book: name, Sheet: sh, Err: fmt.Errorf("%w: the same file as sheet %s", ErrSheet, prev)}
		}
		seen[key] = sh
		if strings.ContainsAny(sh, `/\:`) || sh == "" || sh == "." || sh == ".." {
			return nil, &CellError{Book: name, Sheet: sh, Err: fmt.Errorf("%w: not a file name", ErrSheet)}
		}
		s, err := readSheet(xl, name, sh, b)
		if err != nil {
			return nil, err
		}
		if len(s.Rows) == 0 {
			// Not a cell written (Excel's Sheet1 of a new workbook): no
			// file, as a CSV reader passes over empty rows; it holds
			// nothing to lose.
			continue
		}
		s.Quoted = quoted[s.File()]
		b.Sheets = append(b.Sheets, s)
	}
	return b, nil
}

func readSheet(xl *excelize.File, book, sheet string, b *Book) (*Sheet, error) {
	rows, err := xl.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, &CellError{Book: book, Sheet: sheet, Err: fmt.Errorf("%w: %v", ErrRead, err)}
	}
	s := &Sheet{Name: sheet, Rows: rows}
	dateStyle := map[int]bool{}
	for r, row := range rows {
		for c, raw := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			text, err := cellText(xl, sheet, cell, raw, dateStyle, b)
			if err != nil {
				return nil, &CellError{Book: book, Sheet: sheet, Cell: cell, Err: err}
			}
			row[c] = text
		}
		// GetRows leaves out a row's last cells when they read as empty,
		// as one holding a shared string that is not in the table does.
		for c := len(row); r > 0 && c < len(rows[0]); c++ {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if err := sharedStringError(xl, sheet, cell); err != nil {
				return nil, &CellError{Book: book, Sheet: sheet, Cell: cell, Err: err}
			}
		}
	}
	if err := headerWidth(s, book); err != nil {
		return nil, err
	}
	return s, nil
}

// headerWidth cuts the rows of s to the header's columns. A value beyond
// them is an error at its cell: in a CSV file it would be a record with
// more fields than the header, which the readers place after the header's
// last column and explain as a comma inside a value, neither of which is
// true of a cell. Empty cells beyond (a cell once used, or formatted) go.
func headerWidth(s *Sheet, book string) error {
	if len(s.Rows) == 0 {
		return nil
	}
	width := len(s.Rows[0])
	for r, row := range s.Rows[1:] {
		for c := width; c < len(row); c++ {
			if strings.TrimSpace(row[c]) == "" {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(c+1, r+2)
			last := "no column: the header row is empty"
			if width > 0 {
				name, _ := excelize.ColumnNumberToName(width)
				last = "columns up to " + name
			}
			return &CellError{Book: book, Sheet: s.Name, Cell: cell, Err: fmt.Errorf("%w: row 1 names %s; give the column a name in row 1, or move or delete the value", ErrStray, last)}
		}
		s.Rows[r+1] = row[:min(len(row), width)]
	}
	return nil
}

func cellText(xl *excelize.File, sheet, cell, raw string, dateStyle map[int]bool, b *Book) (string, error) {
	formula, _ := xl.GetCellFormula(sheet, cell)
	typ, err := xl.GetCellType(sheet, cell)
	if err != nil {
		return "", err
	}
	if formula != "" && raw == "" {
		return "", fmt.Errorf("%w (=%s): open the workbook in a spreadsheet and save it, so that the value is calculated, or type the value", ErrFormula, formula)
	}
	if raw == "" {
		if err := sharedStringError(xl, sheet, cell); err != nil {
			return "", err
		}
	}
	text := raw
	switch typ {
	case excelize.CellTypeError:
		return "", fmt.Errorf("%w: %s", ErrCell, raw)
	case excelize.CellTypeBool:
		text = "FALSE"
		if raw == "1" || strings.EqualFold(raw, "true") {
			text = "TRUE"
		}
	case excelize.CellTypeUnset, excelize.CellTypeNumber:
		if raw == "" {
			break
		}
		v, err := strconv.ParseFloat(raw, 64)
		if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
			return "", fmt.Errorf("%w: number cell holds %q", ErrRead, raw)
		}
		style, _ := xl.GetCellStyle(sheet, cell)
		isDate, ok := dateStyle[style]
		if !ok {
			isDate = styleIsDate(xl, style)
			dateStyle[style] = isDate
		}
		if isDate {
			text = dateText(v)
		} else {
			text = NumberText(v)
		}
	case excelize.CellTypeDate:
		// ISO 8601 in the cell itself: keep the date.
		if t, err := time.Parse(time.RFC3339Nano, raw); err == nil {
			text = isoText(t)
		} else if len(raw) >= 10 {
			text = raw
		}
	}
	if formula != "" {
		b.Notes = append(b.Notes, fmt.Sprintf("%s: %s!%s: formula =%s: read its cached value %s (sib does not recalculate formulas)", b.Name, sheet, cell, formula, strconv.Quote(text)))
	}
	return text, nil
}

// sharedStringError is the error of a cell that refers to a shared string
// outside the workbook's table, which GetRows reads as empty: a value lost,
// not a cell left empty.
func sharedStringError(xl *excelize.File, sheet, cell string) error {
	if typ, err := xl.GetCellType(sheet, cell); err != nil || typ != excelize.CellTypeSharedString {
		return err
	}
	if _, err := xl.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true}); err != nil {
		return fmt.Errorf("%w: %v", ErrRead, err)
	}
	return nil
}

// NumberText is a number as the CSV files give it: Go's shortest
// round-trip decimal form, without an exponent.
func NumberText(v float64) string {
	if v == 0 {
		v = 0 // no "-0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// The Excel epoch of the 1900 date system (serial 1 is 1900-01-01, and
// 60 the 29 February 1900 that never was).
var epoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

func dateText(serial float64) string {
	if serial < 61 || serial > 2958465 { // before 1900-03-01 or after 9999
		return NumberText(serial)
	}
	days := math.Floor(serial)
	secs := math.Round((serial - days) * 86400)
	t := epoch.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second)
	return isoText(t)
}

func isoText(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t.Format("2006-01-02")
	}
	return t.Format("2006-01-02T15:04:05")
}

// DateSerial is the Excel serial number of an ISO date.
func DateSerial(t time.Time) float64 {
	return float64(t.Sub(epoch).Hours() / 24)
}

func styleIsDate(xl *excelize.File, id int) bool {
	if id == 0 {
		return false
	}
	st, err := xl.GetStyle(id)
	if err != nil || st == nil {
		return false
	}
	if st.CustomNumFmt != nil {
		return FormatIsDate(*st.CustomNumFmt)
	}
	n := st.NumFmt
	return n >= 14 && n <= 22 || n >= 27 && n <= 36 || n >= 45 && n <= 47 || n >= 50 && n <= 58
}

var (
	quoted  = regexp.MustCompile(`"[^"]*"|\[[^\]]*\]|\\.`)
	elapsed = regexp.MustCompile(`(?i)\[(h+|m+|s+)\]`) // elapsed time, a duration
)

// FormatIsDate reports whether a custom number format shows a date: it
// has d, m or y outside quotes, brackets and escapes (so "0.00" and
// "#,##0 \"m\"" do not, "yyyy-mm-dd" and "d/m/yy" do). A format of
// minutes alone ("[h]:mm") is a duration, not a date.
func FormatIsDate(f string) bool {
	if elapsed.MatchString(f) {
		return false
	}
	f = quoted.ReplaceAllString(f, "")
	f = strings.ToLower(f)
	return strings.ContainsAny(f, "dy") || strings.Contains(f, "m") && !strings.ContainsAny(f, "hs")
}

// CSV returns the CSV text of the sheet, and the sheet row of each line.
// Every record has at least the header's number of fields.
func (s *Sheet) CSV() ([]byte, []int) {
	var out bytes.Buffer
	var lines []int
	width := 0
	if len(s.Rows) > 0 {
		width = len(s.Rows[0])
	}
	for r, row := range s.Rows {
		if len(row) < width {
			row = append(row, make([]string, width-len(row))...)
		}
		before := out.Len()
		writeRecord(&out, row, r, s.Quoted)
		n := bytes.Count(out.Bytes()[before:], []byte{'\n'})
		for range n {
			lines = append(lines, r+1)
		}
	}
	return out.Bytes(), lines
}

// writeRecord writes a CSV record as encoding/csv does, and also quotes
// the cells of quoted (the original file's own quoting).
func writeRecord(out *bytes.Buffer, rec []string, r int, quoted map[string]bool) {
	for i, f := range rec {
		if i > 0 {
			out.WriteByte(',')
		}
		q := needsQuotes(f)
		if !q && len(quoted) > 0 {
			cell, _ := excelize.CoordinatesToCellName(i+1, r+1)
			q = quoted[cell]
		}
		if !q {
			out.WriteString(f)
			continue
		}
		out.WriteByte('"')
		out.WriteString(strings.ReplaceAll(f, `"`, `""`))
		out.WriteByte('"')
	}
	out.WriteByte('\n')
}

func needsQuotes(f string) bool {
	if f == "" {
		return false
	}
	if f == `\.` || strings.ContainsAny(f, ",\"\r\n") {
		return true
	}
	return f[0] == ' ' || f[0] == '\t'
}

// WriteDir writes each sheet as a CSV file into dir, which must exist.
func (b *Book) WriteDir(dir string) error {
	for _, s := range b.Sheets {
		data, lines := s.CSV()
		b.lines[s.File()] = lines
		if err := os.WriteFile(filepath.Join(dir, s.File()), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Position is the cell of a CSV file's line and column (both 1-based;
// column 0 for the whole row): "payments!C7", "payments!7:7"; "" when
// the file is not a sheet of b. It needs WriteDir or Lines first.
func (b *Book) Position(file string, line, col int) string {
	lines, ok := b.lines[file]
	if !ok {
		return ""
	}
	sheet := strings.TrimSuffix(file, ".csv")
	row := line
	if line >= 1 && line <= len(lines) {
		row = lines[line-1]
	}
	switch {
	case line <= 0:
		return sheet
	case col <= 0:
		return fmt.Sprintf("%s!%d:%d", sheet, row, row)
	}
	cell, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return fmt.Sprintf("%s!%d:%d", sheet, row, row)
	}
	return sheet + "!" + cell
}

// Files returns the CSV texts of the sheets by file name, and records
// their line maps for Position.
func (b *Book) Files() map[string][]byte {
	m := make(map[string][]byte, len(b.Sheets))
	for _, s := range b.Sheets {
		data, lines := s.CSV()
		b.lines[s.File()] = lines
		m[s.File()] = data
	}
	return m
}

// Rewrite replaces the positions "DIR/name.csv:line:column" of the
// files of b written into dir by WriteDir with "book: sheet!cell", and
// any other mention of dir with b.Name.
func (b *Book) Rewrite(msg, dir string) string {
	if !strings.Contains(msg, dir) {
		return msg
	}
	re := regexp.MustCompile(regexp.QuoteMeta(dir+string(filepath.Separator)) + `([^\s:/\\]+\.csv)(?::(\d+)(?::(\d+))?)?`)
	msg = re.ReplaceAllStringFunc(msg, func(m string) string {
		sub := re.FindStringSubmatch(m)
		line, _ := strconv.Atoi(sub[2])
		col, _ := strconv.Atoi(sub[3])
		pos := b.Position(sub[1], line, col)
		if pos == "" {
			return m
		}
		return b.Name + ": " + pos
	})
	return strings.ReplaceAll(msg, dir, b.Name)
}
