package workbook

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/sib-engine/sib/internal/csvio"
)

// CSVFile is a CSV file to put in a workbook.
type CSVFile struct {
	Name string // "payments.csv"
	Path string // the file as the user gave it, for errors; Name when empty
	Data []byte
}

func (f CSVFile) shown() string {
	if f.Path != "" {
		return f.Path
	}
	return f.Name
}

// MaxRows is the most rows a sheet holds (Excel's limit, and excelize's).
const MaxRows = excelize.TotalRows

// grouped writes n with its thousands separated by commas: 1,048,576.
func grouped(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Delimiter is the field separator of a CSV file's text as the input
// readers (csvio) tell it: ';' when its first line (after a byte order
// mark) has more semicolons than commas outside quotes, else ','.
func Delimiter(data []byte) rune {
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	buf := data[:min(len(data), 4096)]
	if i := bytes.IndexByte(buf, '\n'); i >= 0 {
		buf = buf[:i]
	}
	var commas, semis int
	quoted := false
	for _, c := range buf {
		switch {
		case c == '"':
			quoted = !quoted
		case c == ',' && !quoted:
			commas++
		case c == ';' && !quoted:
			semis++
		}
	}
	if semis > commas {
		return ';'
	}
	return ','
}

// Records parses a CSV file's text as Write reads it: comma- or
// semicolon-separated (Delimiter), after an optional UTF-8 byte order
// mark, with the spaces before a field dropped, as the commands' reader
// (csvio) drops them, so that `a, "b, c"` is the two fields it reads (a
// file with such spaces does not round-trip). quoted are the cells whose
// field was quoted though it needs no quotes. A syntax error (a stray
// quote) is a *csvio.Error with the line and the field, and no file name.
func Records(data []byte) (recs [][]string, quoted map[string]bool, err error) {
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = Delimiter(data)
	r.TrimLeadingSpace = true
	r.FieldsPerRecord = -1
	var starts []int // the offset of each line
	starts = append(starts, 0)
	for i, c := range data {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	quoted = map[string]bool{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if pe := (*csv.ParseError)(nil); errors.As(err, &pe) {
			return nil, nil, &csvio.Error{Line: pe.Line, Column: fieldAt(data, starts, r.Comma, pe), Err: csvio.ExplainQuote(pe.Err)}
		}
		if err != nil {
			return nil, nil, err
		}
		row := len(recs)
		for i, f := range rec {
			line, col := r.FieldPos(i)
			if off := starts[line-1] + col - 1; off < len(data) && data[off] == '"' && !needsQuotes(f) {
				cell, _ := excelize.CoordinatesToCellName(i+1, row+1)
				quoted[cell] = true
			}
		}
		recs = append(recs, rec)
	}
	return recs, quoted, nil
}

// fieldAt is the 1-based field in which encoding/csv met error pe, whose
// Column is a byte of the line: the separators outside quotes from the
// start of the record to that byte, plus one.
func fieldAt(data []byte, starts []int, comma rune, pe *csv.ParseError) int {
	if pe.StartLine < 1 || pe.Line < pe.StartLine || pe.Line > len(starts) {
		return 0
	}
	from, to := starts[pe.StartLine-1], min(starts[pe.Line-1]+max(pe.Column-1, 0), len(data))
	field, quoted := 1, false
	for _, c := range data[from:to] {
		switch {
		case c == '"':
			quoted = !quoted
		case rune(c) == comma && !quoted:
			field++
		}
	}
	return field
}

// RoundTrips reports whether a workbook made by Write gives back data
// byte for byte: it is comma-separated, with "\n" line ends, no byte
// order mark, no empty line and quoted only where encoding/csv quotes.
func RoundTrips(data []byte) bool {
	recs, quoted, err := Records(data)
	if err != nil {
		return false
	}
	s := Sheet{Rows: recs, Quoted: quoted}
	got, _ := s.CSV()
	return bytes.Equal(got, data)
}

var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// cellValue is the typed value of a CSV cell's text: a float64 when the
// text is a number in its shortest form, a date serial when it is an ISO
// date, else the text. In a semicolon-separated file (semi), whose
// numbers may have a decimal comma, a plain number with one is a number
// too (decimalComma).
func cellValue(text string, semi bool) (v any, date bool) {
	if x, err := strconv.ParseFloat(text, 64); err == nil && NumberText(x) == text {
		return x, false
	}
	if semi {
		if v, ok := decimalComma(text); ok {
			return v, false
		}
	}
	if isoDate.MatchString(text) {
		if t, err := time.Parse("2006-01-02", text); err == nil && t.Year() >= 1900 && dateText(DateSerial(t)) == text {
			return DateSerial(t), true
		}
	}
	return text, false
}

var commaNumber = regexp.MustCompile(`^[+-]?[0-9]+,[0-9]+$`)

// groupedNumber is a number with points between groups of three digits
// ("1.200", "12.500.000", "1.234,56"): in a semicolon-separated file the
// points are thousands separators, or a decimal point; nobody can tell.
var groupedNumber = regexp.MustCompile(`^[+-]?[1-9][0-9]{0,2}(\.[0-9]{3})+(,[0-9]+)?$`)

// decimalComma is the cell of text, a plain number with a decimal comma
// ("1400,50", "-0,025") in a semicolon-separated file. Converting back
// gives a comma-separated file, where the comma would split the value or
// be refused (invalid number "1400,50"), so it is never kept as text:
// it is the number (1400.5, which reads back as 1400.5: the same
// amount) when a double holds its value exactly, that is when the value's
// shortest decimal (without the sign +, leading zeros and trailing
// decimal zeros) is the double's own; else, with more digits than a
// double keeps, it is the text with a decimal point, which reads back as
// the same decimal. Any other text is not a number.
func decimalComma(text string) (any, bool) {
	t := strings.TrimSpace(text)
	if !commaNumber.MatchString(t) {
		return nil, false
	}
	t = strings.Replace(t, ",", ".", 1)
	x, err := strconv.ParseFloat(t, 64)
	if err == nil && NumberText(x) == shortestDecimal(t) {
		return x, true
	}
	return t, true
}

// shortestDecimal is a plain decimal number's shortest text, as
// NumberText writes its value: no sign +, no leading zeros, no trailing
// decimal zeros, no point without decimals, no "-0".
func shortestDecimal(t string) string {
	neg := strings.HasPrefix(t, "-")
	t = strings.TrimLeft(t, "+-")
	whole, frac, _ := strings.Cut(t, ".")
	whole = strings.TrimLeft(whole, "0")
	if whole == "" {
		whole = "0"
	}
	frac = strings.TrimRight(frac, "0")
	if frac != "" {
		whole += "." + frac
	}
	if neg && whole != "0" {
		whole = "-" + whole
	}
	return whole
}

// Write writes the files as a workbook to w, one sheet per file in the
// order given.
func Write(w io.Writer, files []CSVFile) error {
	xl := excelize.NewFile()
	defer xl.Close()
	bold, err := xl.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	datefmt := "yyyy-mm-dd"
	dateStyle, err := xl.NewStyle(&excelize.Style{CustomNumFmt: &datefmt})
	if err != nil {
		return err
	}
	first := xl.GetSheetName(0)
	var layout [][]any
	for i, f := range files {
		name := strings.TrimSuffix(f.Name, ".csv")
		if len([]rune(name)) > 31 {
			return fmt.Errorf("%s: %w: a sheet name has at most 31 characters", f.Name, ErrSheet)
		}
		recs, quoted, err := Records(f.Data)
		if ce := (*csvio.Error)(nil); errors.As(err, &ce) {
			e := *ce
			e.File = f.shown()
			return &e
		}
		if err != nil {
			return fmt.Errorf("%s: %w", f.shown(), err)
		}
		if len(recs) > MaxRows {
			return fmt.Errorf("%s: %w: %s rows, the header included, and an .xlsx sheet holds at most %s (a header and %s records): keep this file as CSV", f.shown(), ErrRows, grouped(len(recs)), grouped(MaxRows), grouped(MaxRows-1))
		}
		if i == 0 {
			if err := xl.SetSheetName(first, name); err != nil {
				return fmt.Errorf("%s: %w: %v", f.Name, ErrSheet, err)
			}
		} else if _, err := xl.NewSheet(name); err != nil {
			return fmt.Errorf("%s: %w: %v", f.Name, ErrSheet, err)
		}
		sw, err := xl.NewStreamWriter(name)
		if err != nil {
			return err
		}
		widths := []int{}
		for _, rec := range recs {
			for c, text := range rec {
				for len(widths) <= c {
					widths = append(widths, 8)
				}
				widths[c] = min(max(widths[c], len([]rune(text))+2), 60)
			}
		}
		semi := Delimiter(f.Data) == ';'
		for r, rec := range recs {
			row := make([]any, len(rec))
			for c, text := range rec {
				if r == 0 {
					row[c] = excelize.Cell{Value: text, StyleID: bold}
					continue
				}
				if semi && groupedNumber.MatchString(strings.TrimSpace(text)) {
					// The readers refuse it in the folder; in a workbook,
					// read as a comma-separated file, it would be a decimal.
					return &csvio.Error{File: f.shown(), Line: r + 1, Column: c + 1, Err: fmt.Errorf("%w %q: a point here looks like a thousands separator in a semicolon-separated file, and the workbook would read it as a decimal point: write the number without it (1200 or 1200,25), or with a decimal comma (1,2)", csvio.ErrNumber, text)}
				}
				v, date := cellValue(text, semi)
				switch {
				case date:
					row[c] = excelize.Cell{Value: v, StyleID: dateStyle}
				case text == "":
					row[c] = nil
				default:
					row[c] = excelize.Cell{Value: v}
				}
			}
			if r == 0 {
				for c, wd := range widths {
					if err := sw.SetColWidth(c+1, c+1, float64(wd)); err != nil {
						return err
					}
				}
				if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
					return err
				}
			}
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := sw.SetRow(cell, row); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
		layout = append(layout, layoutRow(f.Name, quoted))
	}
	if err := writeLayout(xl, layout); err != nil {
		return err
	}
	_, err = xl.WriteTo(w)
	return err
}
