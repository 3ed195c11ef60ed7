package csvio

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
)

// The streaming readers of large files (outcomes' participants.csv,
// claims' records.csv) cut the file into chunks of whole records that
// workers parse in parallel; these are the pieces they share.

// LastRecordEnd returns the index just past the last newline of buf that
// is outside quotes (where a chunk of whole records can end), or −1 when
// there is none. Without a quote in buf it is the last newline.
func LastRecordEnd(buf []byte) int {
	if bytes.IndexByte(buf, '"') < 0 {
		i := bytes.LastIndexByte(buf, '\n')
		if i < 0 {
			return -1
		}
		return i + 1
	}
	quoted, last := false, -1
	for i, c := range buf {
		switch {
		case c == '"':
			quoted = !quoted
		case c == '\n' && !quoted:
			last = i + 1
		}
	}
	return last
}

// BlankFields reports whether every field is blank: a row of separators
// alone, which a spreadsheet leaves behind and the readers skip.
func BlankFields(fields [][]byte) bool {
	for _, f := range fields {
		if len(bytes.TrimSpace(f)) > 0 {
			return false
		}
	}
	return true
}

// EachRecord calls fn with each record of data, a chunk of whole records
// whose first line is line first of file name, split on delim. fields is
// scratch space, returned grown for the next chunk; fn must not keep the
// fields it is given (they point into data, or are reused). Empty lines
// are passed over. A chunk without a quote is split by hand, the fast
// path; one with quotes goes through encoding/csv, as the other files are
// read (leading spaces trimmed), and a quoting error is positioned in
// name. The first error of fn ends the chunk and is returned.
func EachRecord(name string, data []byte, first int, delim byte, fields [][]byte, fn func(line int, fields [][]byte) error) ([][]byte, error) {
	if bytes.IndexByte(data, '"') >= 0 {
		return eachQuoted(name, data, first, delim, fields, fn)
	}
	line := first
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		var rec []byte
		if i < 0 {
			rec, data = data, nil
		} else {
			rec, data = data[:i], data[i+1:]
		}
		rec = bytes.TrimSuffix(rec, []byte{'\r'})
		if len(rec) > 0 {
			fields = fields[:0]
			for {
				j := bytes.IndexByte(rec, delim)
				if j < 0 {
					fields = append(fields, rec)
					break
				}
				fields = append(fields, rec[:j])
				rec = rec[j+1:]
			}
			if err := fn(line, fields); err != nil {
				return fields, err
			}
		}
		line++
	}
	return fields, nil
}

// eachQuoted is EachRecord for a chunk with quotes: rare, and slower.
func eachQuoted(name string, data []byte, first int, delim byte, fields [][]byte, fn func(line int, fields [][]byte) error) ([][]byte, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = rune(delim)
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	r.TrimLeadingSpace = true
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return fields, nil
		}
		if err != nil {
			// Before FieldPos, which has no field to report when the
			// error is in the record's first one.
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return fields, &Error{File: name, Line: pe.Line + first - 1, Err: ExplainQuote(pe.Err)}
			}
			return fields, &Error{File: name, Line: first, Err: err}
		}
		line, _ := r.FieldPos(0)
		fields = fields[:0]
		for _, f := range rec {
			fields = append(fields, []byte(f))
		}
		if err := fn(line+first-1, fields); err != nil {
			return fields, err
		}
	}
}
