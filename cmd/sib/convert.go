package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/internal/safeout"
	"github.com/sib-engine/sib/internal/workbook"
)

const convertHelp = `Usage: sib convert <folder> <new.xlsx>
       sib convert <workbook.xlsx> <folder>

Converts an input folder (costing, outcomes, scenario, uncertainty or
claims) to one .xlsx workbook, one sheet per CSV file with the same
columns, or a workbook back to a folder of CSV files. Every command
accepts the workbook wherever it accepts the folder.

Folder to workbook: a cell whose text is a number in its shortest form
(0.025, 24) is a number cell, and so is a number with a decimal comma
(1400,50) in a semicolon-separated file, which converts back as 1400.5,
the same amount; an ISO date (2026-01-01) is a date cell, any
other text a text cell ("0.50" and "007" stay text, so that they come
back as written; a text starting with "=" is text, never a formula). The
header row is bold and frozen. A hidden sheet, sib-csv-layout, keeps
which fields the files quoted, so that converting back gives the same
files byte for byte. Each CSV file is read first as every command reads
it: one they refuse (not UTF-8, a stray quote, a record with more fields
than its header, over a --limit) is refused here too, with its line and
column, and nothing is written; so is a file of more rows than a sheet
holds (1,048,576, the header included).

Workbook to folder: numbers, dates and text as the workbook stores them
(no locale guessing); a formula gives its cached value, with a note on
stderr naming the cell. The folder must be new or empty, or hold only
files sib convert wrote there, unchanged (an earlier conversion's CSV
files, which this one replaces): a folder holding any other file, or
another command's outputs, is refused, with nothing written. Nothing is
ever written over a file sib did not write, nor into a folder of inputs.
See docs/workbooks.md.

Examples:
  sib convert testdata/estonia/scenario scenario.xlsx
  sib convert scenario.xlsx scenario-again
`

func runConvert(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("convert", pflag.ContinueOnError)
	limits := addLimitFlag(fs)
	if code, done := parseFlags(fs, args, convertHelp, stdout, stderr); done {
		return code
	}
	lim, code, done := limitsOf(stderr, "convert", *limits)
	if done {
		return code
	}
	// The CSV files are read whole, empty rows and all: the readers' notes
	// on what they skip would not be true of the workbook.
	lim.Notes = nil
	if fs.NArg() != 2 {
		return usageError(stderr, "convert", "expected a source and a destination, got %s", plural(fs.NArg(), "argument"))
	}
	src, dst := fs.Arg(0), fs.Arg(1)
	if dst == "" {
		// "" would be the current folder, however full: the check of a
		// folder's files would look at none.
		return usageError(stderr, "convert", "an empty destination: give a new folder or a workbook named .xlsx")
	}
	if dst == "-" {
		return usageError(stderr, "convert", "-: sib convert writes a folder or a workbook, not standard output: give a new folder or a workbook named .xlsx")
	}
	switch {
	case isDir(src):
		if !workbook.IsWorkbook(dst) {
			return usageError(stderr, "convert", "%s is a folder: the destination must be a workbook named .xlsx, not %s", src, dst)
		}
		return folderToWorkbook(src, dst, lim, stderr)
	case workbook.IsWorkbook(src) && isFile(src):
		if workbook.IsWorkbook(dst) {
			return usageError(stderr, "convert", "%s is a workbook: the destination must be a folder, not %s", src, dst)
		}
		return workbookToFolder(src, dst, workbookLimits(args), stderr)
	case workbook.IsWorkbook(src):
		return usageError(stderr, "convert", "%s: no such workbook", src)
	}
	return usageError(stderr, "convert", "%s is neither a folder nor a workbook (.xlsx)", src)
}

func folderToWorkbook(src, dst string, lim csvio.Limits, stderr io.Writer) int {
	b := newBatch("convert", src)
	defer b.Abort()
	if err := b.File(dst); err != nil {
		return dataError(stderr, "convert", err)
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		return dataError(stderr, "convert", err)
	}
	var files []workbook.CSVFile
	var notes []string // said once the workbook is written
	for _, e := range entries {
		name := e.Name()
		path := filepath.Join(src, name)
		switch {
		case e.IsDir(), csvio.LockFile(name), strings.HasPrefix(name, "."):
			continue
		case !strings.EqualFold(filepath.Ext(name), ".csv"):
			notes = append(notes, fmt.Sprintf("%s: not a CSV file, left out of the workbook", path))
			continue
		}
		data, err := readInputCSV(path, lim)
		if err != nil {
			return dataError(stderr, "convert", err)
		}
		switch {
		case workbook.Delimiter(data) == ';':
			notes = append(notes, fmt.Sprintf("%s: converting back will give the same values, not the same bytes: a comma-separated file, with decimal points (1400,50 comes back as 1400.5)", path))
		case !workbook.RoundTrips(data):
			notes = append(notes, fmt.Sprintf("%s: converting back will give the same values, not the same bytes (the workbook keeps comma-separated files with \\n line ends and no empty lines byte for byte)", path))
		}
		files = append(files, workbook.CSVFile{Name: strings.TrimSuffix(name, filepath.Ext(name)) + ".csv", Path: path, Data: data})
	}
	if len(files) == 0 {
		return dataError(stderr, "convert", fmt.Errorf("%s holds no CSV file", src))
	}
	var buf bytes.Buffer
	if err := workbook.Write(&buf, files); err != nil {
		return dataError(stderr, "convert", err)
	}
	if err := b.Put(dst, buf.Bytes()); err != nil {
		return dataError(stderr, "convert", err)
	}
	if err := b.Commit(); err != nil {
		return dataError(stderr, "convert", err)
	}
	for _, n := range notes {
		fmt.Fprintf(stderr, "sib convert: note: %s\n", n)
	}
	fmt.Fprintf(stderr, "sib convert: wrote %s to %s\n", plural(len(files), "sheet"), dst)
	return exitOK
}

// readInputCSV reads the CSV file at path whole, after reading it as every
// command's input readers do (csvio), so that a file they refuse (not
// UTF-8, a stray quote, a record with too many fields, over a --limit) is
// refused here too, with its line and column, rather than kept garbled.
func readInputCSV(path string, lim csvio.Limits) ([]byte, error) {
	f, err := csvio.Open(path, lim)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	// The same open file again, from its start, for the readers' checks.
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	r, err := csvio.NewReader(f, path, headerColumns(data))
	if err == nil {
		for r.Next() {
		}
		err = r.Err()
	}
	// csvio gives a stray quote its line only (encoding/csv counts bytes,
	// not fields); Records finds its field.
	var ce, re *csvio.Error
	if errors.As(err, &ce) && ce.Column == 0 && (errors.Is(err, csv.ErrBareQuote) || errors.Is(err, csv.ErrQuote)) {
		if _, _, rerr := workbook.Records(data); errors.As(rerr, &re) && re.Line == ce.Line {
			ce.Column = re.Column
		}
	}
	return data, err
}

// headerColumns are the columns the header of a CSV file's text names,
// for a csvio.Reader that checks the file's syntax and encoding: each
// name once (a name given twice is the reader's error), without the
// blank names and the note column, which the reader knows. A header that
// does not parse gives none: the reader says what is wrong with it.
func headerColumns(data []byte) []csvio.Column {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})))
	r.Comma = workbook.Delimiter(data)
	r.TrimLeadingSpace = true
	hdr, err := r.Read()
	if err != nil {
		return nil
	}
	var cols []csvio.Column
	for _, h := range hdr {
		h = strings.ToLower(strings.TrimSpace(h))
		if h != "" && h != csvio.Ignored && !slices.ContainsFunc(cols, func(c csvio.Column) bool { return c.Name == h }) {
			cols = append(cols, csvio.Column{Name: h})
		}
	}
	return cols
}

func workbookToFolder(src, dst string, lim workbook.Limits, stderr io.Writer) int {
	b := newBatch("convert", src)
	defer b.Abort()
	held, err := onlyOurs(dst)
	if err != nil {
		return dataError(stderr, "convert", err)
	}
	book, err := workbook.Read(src, lim)
	if err != nil {
		return dataError(stderr, "convert", err)
	}
	if len(book.Sheets) == 0 {
		return dataError(stderr, "convert", fmt.Errorf("%s holds no sheet", src))
	}
	for _, n := range book.Notes {
		fmt.Fprintf(stderr, "sib convert: note: %s\n", n)
	}
	files := book.Files()
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	// What an earlier conversion wrote and this one does not goes, so
	// that the folder is the workbook's alone.
	if err := b.Folder(dst, names, held); err != nil {
		return dataError(stderr, "convert", err)
	}
	for _, n := range names {
		if err := b.Put(filepath.Join(dst, n), files[n]); err != nil {
			return dataError(stderr, "convert", err)
		}
	}
	if err := b.Commit(); err != nil {
		return dataError(stderr, "convert", err)
	}
	fmt.Fprintf(stderr, "sib convert: wrote %s to %s\n", plural(len(names), "file"), dst)
	return exitOK
}

// onlyOurs checks that dir, the folder a workbook is converted into, is
// new or empty or holds only files sib convert wrote there, unchanged since: the
// files of a folder are a set, and sheets written among a user's files
// would make a folder no command reads (a costing folder holding
// scenario.csv). It returns the names of the CSV files dir holds. Hidden
// files and spreadsheets' lock files are not files of the folder.
func onlyOurs(dir string) ([]string, error) {
	if !isDir(dir) {
		return nil, nil // new; or not a folder, which the batch says
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var held []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || strings.HasPrefix(n, ".") || csvio.LockFile(n) {
			continue
		}
		held = append(held, n)
	}
	writers, err := safeout.Writers(dir)
	if err != nil {
		return nil, err
	}
	// A batch that reserves each of them refuses a file sib did not write,
	// or one changed since; it is never committed.
	probe := safeout.New("convert")
	defer probe.Abort()
	if err := probe.Folder(dir, nil, nil); err != nil {
		return nil, err // the folder's own list is not sib's
	}
	for _, n := range held {
		err := probe.Folder(dir, []string{n}, nil)
		why := ""
		switch {
		case errors.Is(err, safeout.ErrNotOurs):
			why = "a file sib did not write"
		case errors.Is(err, safeout.ErrChanged):
			why = "a file sib wrote but that was changed since"
		case err != nil:
			return nil, err
		case writers[n] != "convert":
			// Another command's output (sib claims --out): sheets among
			// them would make a folder neither reads.
			why = fmt.Sprintf("a file sib %s wrote", writers[n])
		default:
			continue
		}
		return nil, fmt.Errorf("%s holds %s, %s: sib convert writes a workbook's sheets only into a new or empty folder, or one that holds only files sib convert wrote; choose another folder", dir, n, why)
	}
	// An earlier conversion's CSV files go if this one does not write
	// them; a workbook converted into the folder stays (no command reads
	// it as part of the folder).
	held = slices.DeleteFunc(held, func(n string) bool { return !strings.EqualFold(filepath.Ext(n), ".csv") })
	return held, nil
}

// initWorkbook writes template tmpl as the workbook path: sib init --xlsx.
func initWorkbook(tmpl, path string, stderr io.Writer) int {
	if !workbook.IsWorkbook(path) {
		return usageError(stderr, "init", "--xlsx writes a workbook: name it .xlsx, not %s", path)
	}
	if _, err := os.Lstat(path); err == nil {
		return dataError(stderr, "init", fmt.Errorf("%s exists: give a new file (sib init never writes over files)", path))
	}
	tf, err := templateFiles(tmpl)
	if err != nil {
		return dataError(stderr, "init", err)
	}
	var files []workbook.CSVFile
	for _, f := range tf {
		files = append(files, workbook.CSVFile{Name: f.name, Data: f.data})
	}
	var buf bytes.Buffer
	if err := workbook.Write(&buf, files); err != nil {
		return dataError(stderr, "init", err)
	}
	b := newBatch("init") // not into a folder of inputs, as every output
	defer b.Abort()
	if err := b.File(path); err != nil {
		return dataError(stderr, "init", err)
	}
	if err := b.Put(path, buf.Bytes()); err != nil {
		return dataError(stderr, "init", err)
	}
	if err := b.Commit(); err != nil {
		return dataError(stderr, "init", err)
	}
	fmt.Fprintf(stderr, "sib init: wrote the %s template, %d sheets, to %s; try: sib run %s\n", tmpl, len(files), path, path)
	return exitOK
}
