// Package parquetio writes and reads flat Parquet files of numeric
// columns, the form of sib's per-draw files (sib simulate --draws-out
// FILE.parquet, the values files of its shards), which R (arrow), pandas
// and DuckDB read. Columns keep their order; every column is required
// (a missing value is NaN); the file's key-value metadata carries the
// provenance. Reading checks the file against what the caller expects and
// never panics on a damaged file.
package parquetio

import (
	"errors"
	"fmt"
	"io"
	"reflect"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"
	"github.com/parquet-go/parquet-go/format"
)

// A Column is a named column of one type: exactly one of Int64, Int32 and
// Float64 is set (for writing; reading sets the one of the file's type).
type Column struct {
	Name    string
	Int64   []int64
	Int32   []int32
	Float64 []float64
}

func (c *Column) len() int { return max(len(c.Int64), len(c.Int32), len(c.Float64)) }

// ErrFile is wrapped by every error in a file read.
var ErrFile = errors.New("not a Parquet file of sib's")

// A KeyValue is an item of a file's key-value metadata.
type KeyValue struct{ Key, Value string }

// ordered is a group node whose fields keep the order given (parquet-go's
// Group sorts them by name).
type ordered struct {
	parquet.Group
	fields []parquet.Field
}

func (o ordered) Fields() []parquet.Field { return o.fields }

type field struct {
	parquet.Node
	name string
}

func (f field) Name() string                           { return f.name }
func (f field) Value(base reflect.Value) reflect.Value { return reflect.Value{} }

// rowsPerGroup bounds a row group, so that a reader's memory stays small.
const rowsPerGroup = 1 << 20

// Write writes the columns, all of the same length, with the metadata,
// compressed with zstd.
func Write(w io.Writer, cols []Column, meta []KeyValue) error {
	g := parquet.Group{}
	var fields []parquet.Field
	n := -1
	for i := range cols {
		c := &cols[i]
		var typ parquet.Type
		switch {
		case c.Int64 != nil:
			typ = parquet.Int64Type
		case c.Int32 != nil:
			typ = parquet.Int32Type
		default:
			typ = parquet.DoubleType
		}
		if _, dup := g[c.Name]; dup {
			return fmt.Errorf("parquetio: column %q twice", c.Name)
		}
		node := parquet.Compressed(parquet.Leaf(typ), &zstd.Codec{})
		g[c.Name] = node
		fields = append(fields, field{Node: node, name: c.Name})
		if n >= 0 && c.len() != n {
			return fmt.Errorf("parquetio: column %q has %d values, not %d", c.Name, c.len(), n)
		}
		n = c.len()
	}
	schema := parquet.NewSchema("draws", ordered{Group: g, fields: fields})
	opts := []parquet.WriterOption{schema, parquet.MaxRowsPerRowGroup(rowsPerGroup)}
	for _, kv := range meta {
		opts = append(opts, parquet.KeyValueMetadata(kv.Key, kv.Value))
	}
	pw := parquet.NewGenericWriter[any](w, opts...)
	const batch = 1024
	rows := make([]parquet.Row, 0, batch)
	for from := 0; from < max(n, 0); from += batch {
		rows = rows[:0]
		for i := from; i < min(from+batch, n); i++ {
			row := make(parquet.Row, len(cols))
			for k := range cols {
				c := &cols[k]
				var v parquet.Value
				switch {
				case c.Int64 != nil:
					v = parquet.Int64Value(c.Int64[i])
				case c.Int32 != nil:
					v = parquet.Int32Value(c.Int32[i])
				default:
					v = parquet.DoubleValue(c.Float64[i])
				}
				row[k] = v.Level(0, 0, k)
			}
			rows = append(rows, row)
		}
		if _, err := pw.WriteRows(rows); err != nil {
			return fmt.Errorf("parquetio: %w", err)
		}
	}
	return pw.Close()
}

// Read reads a file Write wrote: its columns in order and its metadata.
// An error wraps ErrFile.
func Read(r io.ReaderAt, size int64) (cols []Column, meta map[string]string, err error) {
	defer func() {
		// parquet-go may panic on a damaged file: an error, never a crash.
		if p := recover(); p != nil {
			cols, meta, err = nil, nil, fmt.Errorf("%w: %v", ErrFile, p)
		}
	}()
	f, err := parquet.OpenFile(r, size)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrFile, err)
	}
	meta = map[string]string{}
	for _, kv := range f.Metadata().KeyValueMetadata {
		meta[kv.Key] = kv.Value
	}
	n := f.NumRows()
	if err := sane(f.Metadata(), size); err != nil {
		return nil, nil, err
	}
	fields := f.Schema().Fields()
	cols = make([]Column, len(fields))
	for k, fd := range fields {
		if !fd.Leaf() || !fd.Required() {
			return nil, nil, fmt.Errorf("%w: column %q is not a plain required column", ErrFile, fd.Name())
		}
		cols[k].Name = fd.Name()
		switch fd.Type().Kind() {
		case parquet.Int64:
			cols[k].Int64 = make([]int64, 0, min(n, 1<<16))
		case parquet.Int32:
			cols[k].Int32 = make([]int32, 0, min(n, 1<<16))
		case parquet.Double:
			cols[k].Float64 = make([]float64, 0, min(n, 1<<16))
		default:
			return nil, nil, fmt.Errorf("%w: column %q is of type %v", ErrFile, fd.Name(), fd.Type())
		}
	}
	rd := parquet.NewReader(f)
	defer rd.Close()
	rows := make([]parquet.Row, 1024)
	var read int64
	for {
		k, err := rd.ReadRows(rows)
		for _, row := range rows[:k] {
			if len(row) != len(cols) {
				return nil, nil, fmt.Errorf("%w: a row of %d values for %d columns", ErrFile, len(row), len(cols))
			}
			for _, v := range row {
				c := v.Column()
				if c < 0 || c >= len(cols) {
					return nil, nil, fmt.Errorf("%w: a value of column %d", ErrFile, c)
				}
				switch col := &cols[c]; {
				case col.Int64 != nil:
					col.Int64 = append(col.Int64, v.Int64())
				case col.Int32 != nil:
					col.Int32 = append(col.Int32, v.Int32())
				default:
					col.Float64 = append(col.Float64, v.Double())
				}
			}
		}
		read += int64(k)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%w: %v", ErrFile, err)
		}
	}
	for k := range cols {
		if int64(cols[k].len()) != n || read != n {
			return nil, nil, fmt.Errorf("%w: column %q has %d values, not %d", ErrFile, cols[k].Name, cols[k].len(), n)
		}
	}
	return cols, meta, nil
}

// sane checks a file's metadata before its data is read, so that a
// damaged file cannot make the reader allocate far beyond what its rows
// need: row counts that add up, and column chunks of this file, within
// it, each of at most 16 bytes a row uncompressed (sib writes 8) besides
// a megabyte of headers.
func sane(md *format.FileMetaData, size int64) error {
	var rows int64
	for g, rg := range md.RowGroups {
		if rg.NumRows < 0 || rg.NumRows > 1<<40 {
			return fmt.Errorf("%w: row group %d of %d rows", ErrFile, g, rg.NumRows)
		}
		rows += rg.NumRows
		for c, cc := range rg.Columns {
			m := &cc.MetaData
			switch {
			case cc.FilePath != "":
				return fmt.Errorf("%w: row group %d, column %d in another file", ErrFile, g, c)
			case m.NumValues != rg.NumRows,
				m.TotalCompressedSize < 0 || m.TotalCompressedSize > size,
				m.TotalUncompressedSize < 0 || m.TotalUncompressedSize > 16*rg.NumRows+1<<20,
				m.DataPageOffset < 0 || m.DataPageOffset >= size:
				return fmt.Errorf("%w: row group %d, column %d: sizes out of range", ErrFile, g, c)
			}
		}
	}
	if rows != md.NumRows {
		return fmt.Errorf("%w: row groups of %d rows in all, not %d", ErrFile, rows, md.NumRows)
	}
	return nil
}

// A DrawWriter streams a file of draws: a column "draw" (int64) and
// float64 columns, a row group at a time, so that a long run's memory
// stays small.
type DrawWriter struct {
	pw   *parquet.GenericWriter[any]
	rows []parquet.Row
	n    int
}

// NewDrawWriter starts a file of draws with the float64 columns names
// (after "draw") and the metadata.
func NewDrawWriter(w io.Writer, names []string, meta []KeyValue) (*DrawWriter, error) {
	g := parquet.Group{}
	all := append([]string{"draw"}, names...)
	fields := make([]parquet.Field, len(all))
	for k, name := range all {
		if _, dup := g[name]; dup {
			return nil, fmt.Errorf("parquetio: column %q twice", name)
		}
		typ := parquet.DoubleType
		if k == 0 {
			typ = parquet.Int64Type
		}
		node := parquet.Compressed(parquet.Leaf(typ), &zstd.Codec{})
		g[name] = node
		fields[k] = field{Node: node, name: name}
	}
	opts := []parquet.WriterOption{parquet.NewSchema("draws", ordered{Group: g, fields: fields}), parquet.MaxRowsPerRowGroup(rowsPerGroup)}
	for _, kv := range meta {
		opts = append(opts, parquet.KeyValueMetadata(kv.Key, kv.Value))
	}
	return &DrawWriter{pw: parquet.NewGenericWriter[any](w, opts...), n: len(all)}, nil
}

// Write adds a draw's row: len(vals) must be the number of names.
func (w *DrawWriter) Write(draw int64, vals []float64) error {
	if len(vals) != w.n-1 {
		return fmt.Errorf("parquetio: a row of %d values for %d columns", len(vals), w.n-1)
	}
	row := make(parquet.Row, w.n)
	row[0] = parquet.Int64Value(draw).Level(0, 0, 0)
	for k, x := range vals {
		row[k+1] = parquet.DoubleValue(x).Level(0, 0, k+1)
	}
	w.rows = append(w.rows, row)
	if len(w.rows) == 1024 {
		return w.flush()
	}
	return nil
}

func (w *DrawWriter) flush() error {
	if _, err := w.pw.WriteRows(w.rows); err != nil {
		return fmt.Errorf("parquetio: %w", err)
	}
	w.rows = w.rows[:0]
	return nil
}

// Close writes the rows held and the footer.
func (w *DrawWriter) Close() error {
	if err := w.flush(); err != nil {
		return err
	}
	return w.pw.Close()
}
