package workbook

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// CSVFile is a CSV file to put in a workbook.
type CSVFile struct {
	Name string // "payments.csv"
	Data []byte
}

// Records parses a CSV file's text as Write reads it: comma- or
// semicolon-separated (as the header line says), after an optional
// UTF-8 byte order mark. quoted are the cells whose field was quoted
// though it needs no quotes.
func Records(data []byte) (recs [][]string, quoted map[string]bool, err error) {
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	r := csv.NewReader(bytes.NewReader(data))
	first, _, _ := bytes.Cut(data, []byte{'\n'})
	if bytes.Count(first, []byte{';'}) > bytes.Count(first, []byte{','}) {
		r.Comma = ';'
	}
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
// date, else the text.
func cellValue(text string) (v any, date bool) {
	if x, err := strconv.ParseFloat(text, 64); err == nil && NumberText(x) == text {
		return x, false
	}
	if isoDate.MatchString(text) {
		if t, err := time.Parse("2006-01-02", text); err == nil && t.Year() >= 1900 && dateText(DateSerial(t)) == text {
			return DateSerial(t), true
		}
	}
	return text, false
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
		if err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
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
		for r, rec := range recs {
			row := make([]any, len(rec))
			for c, text := range rec {
				if r == 0 {
					row[c] = excelize.Cell{Value: text, StyleID: bold}
					continue
				}
				v, date := cellValue(text)
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
