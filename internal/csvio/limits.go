package csvio

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Limits bound what one input file may hold, so that a wrong file (a
// device, a multi-gigabyte export, a binary file renamed .csv) fails with a
// positional error within a second instead of exhausting memory. The zero
// value of a field means its default (DefaultLimits).
type Limits struct {
	FileBytes   int64 // size of one input file
	LineBytes   int64 // bytes between two line breaks
	RecordBytes int64 // one record, which may span lines inside quotes
	FieldBytes  int64 // one field (a note may be long)
	NameBytes   int64 // a name or identifier (a service, cohort, parameter…)
	Rows        int64 // records in one file
	MemoryBytes int64 // the model's working memory, checked before allocation

	// Notes, when not nil, collects what the readers of files opened
	// under these limits passed over without an error (the empty rows a
	// spreadsheet leaves), for the caller to show: the readers print
	// nothing.
	Notes *Notes
}

// Notes are findings about the input that are neither errors nor
// warnings about the data: what was skipped, and where. It is safe for
// concurrent use.
type Notes struct {
	mu   sync.Mutex
	list []string
}

// Add adds a note.
func (n *Notes) Add(note string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.list = append(n.list, note)
}

// List returns the notes in the order they were added.
func (n *Notes) List() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return slices.Clone(n.list)
}

// DefaultLimits are generous for any deal or evaluation file seen in
// practice (a participants file of ten million rows is about 400 MB), and
// small enough that a wrong file fails fast on a machine with a few GiB.
func DefaultLimits() Limits {
	return Limits{
		FileBytes:   4 << 30,
		LineBytes:   1 << 20,
		RecordBytes: 1 << 20,
		FieldBytes:  64 << 10,
		NameBytes:   256,
		Rows:        20_000_000,
		MemoryBytes: 8 << 30,
	}
}

// OrDefault returns l with each zero field set to its default.
func (l Limits) OrDefault() Limits {
	d := DefaultLimits()
	set := func(v *int64, def int64) {
		if *v <= 0 {
			*v = def
		}
	}
	set(&l.FileBytes, d.FileBytes)
	set(&l.LineBytes, d.LineBytes)
	set(&l.RecordBytes, d.RecordBytes)
	set(&l.FieldBytes, d.FieldBytes)
	set(&l.NameBytes, d.NameBytes)
	set(&l.Rows, d.Rows)
	set(&l.MemoryBytes, d.MemoryBytes)
	return l
}

// limitNames are the names the command line uses for each limit
// (--limit line=4MiB), in the order they are documented.
var limitNames = []string{"file", "line", "record", "field", "name", "rows", "memory"}

func (l *Limits) field(name string) *int64 {
	switch name {
	case "file":
		return &l.FileBytes
	case "line":
		return &l.LineBytes
	case "record":
		return &l.RecordBytes
	case "field":
		return &l.FieldBytes
	case "name":
		return &l.NameBytes
	case "rows":
		return &l.Rows
	case "memory":
		return &l.MemoryBytes
	}
	return nil
}

// Set parses NAME=SIZE (sizes take a KiB, MiB, GiB or TiB suffix, or KB,
// MB, GB, TB for powers of ten; rows is a plain count) and sets that limit.
func (l *Limits) Set(kv string) error {
	name, v, ok := strings.Cut(kv, "=")
	name = strings.ToLower(strings.TrimSpace(name))
	if !ok {
		return fmt.Errorf("%q: expected NAME=SIZE, with NAME one of %s", kv, strings.Join(limitNames, ", "))
	}
	p := l.field(name)
	if p == nil {
		return fmt.Errorf("%q: unknown limit %q: expected one of %s", kv, name, strings.Join(limitNames, ", "))
	}
	n, err := ParseSize(strings.TrimSpace(v))
	if err != nil {
		return fmt.Errorf("%q: %w", kv, err)
	}
	*p = n
	return nil
}

// ParseSize reads a positive size such as 512, 64KiB, 1.5GiB or 2GB.
func ParseSize(s string) (int64, error) {
	units := []struct {
		suffix string
		mult   float64
	}{
		{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"tib", 1 << 40},
		{"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9}, {"tb", 1e12}, {"k", 1 << 10}, {"m", 1 << 20}, {"g", 1 << 30}, {"b", 1},
	}
	low := strings.ToLower(s)
	mult := 1.0
	for _, u := range units {
		if strings.HasSuffix(low, u.suffix) {
			mult, low = u.mult, strings.TrimSpace(strings.TrimSuffix(low, u.suffix))
			break
		}
	}
	x, err := strconv.ParseFloat(low, 64)
	v := x * mult
	if err != nil || !(v >= 1) || v >= 1<<62 || v != math.Trunc(v) {
		return 0, fmt.Errorf("invalid size %q: expected a whole number of bytes or rows, 1 or more, with an optional unit (KiB, MiB, GiB)", s)
	}
	return int64(v), nil
}

// FormatSize prints n bytes the way ParseSize reads them, in the largest
// binary unit that divides it, or in bytes.
func FormatSize(n int64) string {
	for _, u := range []struct {
		name string
		size int64
	}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.size && n%u.size == 0 {
			return fmt.Sprintf("%d %s", n/u.size, u.name)
		}
	}
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", n)
}

// ErrLimit is wrapped by every error that a limit causes.
var ErrLimit = errors.New("over a limit")

// ErrNotRegular is the error for an input that is not a regular file.
var ErrNotRegular = errors.New("not a regular file")

// LimitError builds the error for a value over a limit: what was over, the
// limit, and how to raise it.
func LimitError(what, name string, limit int64) error {
	v := FormatSize(limit)
	if name == "rows" {
		v = strconv.FormatInt(limit, 10)
	}
	return fmt.Errorf("%w: %s (the limit is %s; raise it with --limit %s=…)", ErrLimit, what, v, name)
}

// File is an input file opened for reading under Limits. NewReader takes
// its limits from it.
type File struct {
	r       io.Reader
	f       *os.File  // nil for a reader that is not a file
	c       io.Closer // a file of an fs.FS, or nil
	name    string
	lim     Limits
	lines   int64 // line breaks read so far
	since   int64 // bytes since the last line break
	total   int64
	mark    int64 // total at the start of the current record
	record  bool  // check RecordBytes against mark
	recLine int64 // the line the current record starts on
}

// Open opens an input file. It refuses what is not a regular file (a FIFO
// would block forever, /dev/zero never ends) and a file over
// lim.FileBytes, before reading a byte. Errors are *Error with the file
// name.
func Open(name string, lim Limits) (*File, error) {
	lim = lim.OrDefault()
	st, err := os.Stat(name)
	if errors.Is(err, fs.ErrNotExist) {
		if _, lerr := os.Lstat(name); lerr == nil {
			// Not the same as no file: an optional input would be left out.
			return nil, &Error{File: name, Err: fmt.Errorf("%w: a symbolic link to nothing", ErrNotRegular)}
		}
	}
	if err != nil {
		return nil, &Error{File: name, Err: pathErr(err)}
	}
	if err := checkRegular(st); err != nil {
		return nil, &Error{File: name, Err: err}
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, &Error{File: name, Err: pathErr(err)}
	}
	// The file could have been swapped since the Stat.
	if st, err = f.Stat(); err != nil || checkRegular(st) != nil {
		f.Close()
		return nil, &Error{File: name, Err: ErrNotRegular}
	}
	if st.Size() > lim.FileBytes {
		f.Close()
		return nil, &Error{File: name, Err: LimitError(fmt.Sprintf("the file has %s", FormatSize(st.Size())), "file", lim.FileBytes)}
	}
	return &File{r: f, f: f, name: name, lim: lim}, nil
}

// OpenFS is Open for a file of fsys, named by its path in fsys.
func OpenFS(fsys fs.FS, name string, lim Limits) (*File, error) {
	lim = lim.OrDefault()
	f, err := fsys.Open(name)
	if err != nil {
		return nil, &Error{File: name, Err: pathErr(err)}
	}
	st, err := f.Stat()
	if err == nil {
		err = checkRegular(st)
	}
	if err != nil {
		f.Close()
		return nil, &Error{File: name, Err: err}
	}
	if st.Size() > lim.FileBytes {
		f.Close()
		return nil, &Error{File: name, Err: LimitError(fmt.Sprintf("the file has %s", FormatSize(st.Size())), "file", lim.FileBytes)}
	}
	return &File{r: f, c: f, name: name, lim: lim}, nil
}

// pathErr drops the path an *fs.PathError repeats: Error names the file.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func checkRegular(st fs.FileInfo) error {
	m := st.Mode()
	switch {
	case m.IsRegular():
		return nil
	case m.IsDir():
		return fmt.Errorf("%w: a folder", ErrNotRegular)
	case m&fs.ModeNamedPipe != 0:
		return fmt.Errorf("%w: a named pipe (FIFO); save the data to a file", ErrNotRegular)
	case m&(fs.ModeDevice|fs.ModeCharDevice) != 0:
		return fmt.Errorf("%w: a device", ErrNotRegular)
	}
	return fmt.Errorf("%w (%v)", ErrNotRegular, m.Type())
}

// Read reads from the file, failing once a line or a record grows past
// its limit: encoding/csv and bufio would otherwise hold all of it.
func (f *File) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	b := p[:n]
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			f.since += int64(len(b))
			break
		}
		if f.since+int64(i) > f.lim.LineBytes {
			f.since += int64(i)
			break
		}
		f.lines++
		f.since = 0
		b = b[i+1:]
	}
	f.total += int64(n)
	switch {
	case f.since > f.lim.LineBytes:
		return 0, &Error{File: f.name, Line: int(f.lines) + 1, Err: LimitError("a line longer than "+FormatSize(f.lim.LineBytes)+" (a binary file, or an unclosed quote?)", "line", f.lim.LineBytes)}
	case f.record && f.total-f.mark > f.lim.RecordBytes+readAhead:
		return 0, &Error{File: f.name, Line: int(f.recLine), Err: LimitError("a record longer than "+FormatSize(f.lim.RecordBytes)+" (an unclosed quote?)", "record", f.lim.RecordBytes)}
	}
	return n, err
}

// readAhead is what the readers above File may have read past the record
// they are on: NewReader's bufio and encoding/csv's.
const readAhead = 1<<16 + 1<<12

// Close closes the file.
func (f *File) Close() error {
	switch {
	case f.f != nil:
		return f.f.Close()
	case f.c != nil:
		return f.c.Close()
	}
	return nil
}

// Seek moves to an offset of the file and restarts the line count at 0
// there (readers seek back only to the start of a line, and keep their own
// count).
func (f *File) Seek(offset int64, whence int) (int64, error) {
	s, ok := f.r.(io.Seeker)
	if !ok {
		return 0, errors.New("csvio: the input cannot seek")
	}
	n, err := s.Seek(offset, whence)
	if err == nil && !(offset == 0 && whence == io.SeekCurrent) {
		f.since, f.total, f.record, f.lines = 0, n, false, 0
	}
	return n, err
}

// limited returns r as a *File, wrapping a plain reader under the default
// limits.
func limited(r io.Reader, name string) *File {
	if f, ok := r.(*File); ok {
		return f
	}
	return &File{r: r, name: name, lim: DefaultLimits()}
}

// Name returns the file's name as given to Open.
func (f *File) Name() string { return f.name }

// markRecord notes that a record starts at the reader's current offset,
// on line.
func (f *File) markRecord(consumed, line int64) {
	f.record = true
	f.mark, f.recLine = consumed, line
}

// RecordLine returns the line on which record n of a file just opened
// starts (record 1 is the first after the header), or 0 when the file has
// fewer records. It reads the file once, fast, without parsing it, so
// that a loader can refuse a file with too many rows before building
// anything from them. Quoted fields may span lines.
func (f *File) RecordLine(n int64) (int64, error) {
	buf := make([]byte, 1<<16)
	var line, records int64 = 1, -1 // the header is record 0
	quoted, start := false, true
	for {
		k, err := f.Read(buf)
		for _, c := range buf[:k] {
			if start && !quoted {
				records++
				if records == n {
					return line, nil
				}
			}
			start = false
			switch c {
			case '"':
				quoted = !quoted
			case '\n':
				line++
				start = !quoted
			}
		}
		if err == io.EOF {
			return 0, nil
		}
		if err != nil {
			return 0, err
		}
	}
}
