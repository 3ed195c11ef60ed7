// Package csvio reads the engine's CSV input files: a header row naming the
// columns, then one record per line, streamed with a reused record buffer.
//
// It exists so that every loader reports bad input the same way: an *Error
// that prints "file:line:column: name: message", where line comes from
// encoding/csv's FieldPos (so quoted multi-line fields do not shift it) and
// column is the 1-based field number a spreadsheet user can count to.
//
// Files may be comma- or semicolon-separated (the delimiter is sniffed from the
// header line, as spreadsheets in Estonian locales export ';'), may start with
// a UTF-8 byte order mark, and in semicolon files numbers may use a decimal
// comma.
package csvio
