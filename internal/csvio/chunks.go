package csvio

import "bytes"

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
