package main

import (
	"bytes"
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
(0.025, 24) is a number cell, an ISO date (2026-01-01) a date cell, any
other text a text cell ("0.50" and "007" stay text, so that they come
back as written; a text starting with "=" is text, never a formula). The
header row is bold and frozen. A hidden sheet, sib-csv-layout, keeps
which fields the files quoted, so that converting back gives the same
files byte for byte.

Workbook to folder: numbers, dates and text as the workbook stores them
(no locale guessing); a formula gives its cached value, with a note on
stderr naming the cell. The folder must be new or empty, or hold only
files sib wrote there. Nothing is ever written over a file sib did not
write. See docs/workbooks.md.

Examples:
  sib convert testdata/estonia/scenario scenario.xlsx
  sib convert scenario.xlsx scenario-again
`

func runConvert(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("convert", pflag.ContinueOnError)
	if code, done := parseFlags(fs, args, convertHelp, stdout, stderr); done {
		return code
	}
	if fs.NArg() != 2 {
		return usageError(stderr, "convert", "expected a source and a destination, got %s", plural(fs.NArg(), "argument"))
	}
	src, dst := fs.Arg(0), fs.Arg(1)
	switch {
	case isDir(src):
		if !workbook.IsWorkbook(dst) {
			return usageError(stderr, "convert", "%s is a folder: the destination must be a workbook named .xlsx, not %s", src, dst)
		}
		return folderToWorkbook(src, dst, stderr)
	case workbook.IsWorkbook(src) && isFile(src):
		if workbook.IsWorkbook(dst) {
			return usageError(stderr, "convert", "%s is a workbook: the destination must be a folder, not %s", src, dst)
		}
		return workbookToFolder(src, dst, stderr)
	case workbook.IsWorkbook(src):
		return usageError(stderr, "convert", "%s: no such workbook", src)
	}
	return usageError(stderr, "convert", "%s is neither a folder nor a workbook (.xlsx)", src)
}

func folderToWorkbook(src, dst string, stderr io.Writer) int {
	entries, err := os.ReadDir(src)
	if err != nil {
		return dataError(stderr, "convert", err)
	}
	var files []workbook.CSVFile
	for _, e := range entries {
		name := e.Name()
		switch {
		case e.IsDir(), csvio.LockFile(name), strings.HasPrefix(name, "."):
			continue
		case !strings.EqualFold(filepath.Ext(name), ".csv"):
			fmt.Fprintf(stderr, "sib convert: note: %s: not a CSV file, left out of the workbook\n", filepath.Join(src, name))
			continue
		}
		f, err := csvio.Open(filepath.Join(src, name), csvio.Limits{})
		if err != nil {
			return dataError(stderr, "convert", err)
		}
		data, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			return dataError(stderr, "convert", err)
		}
		if !workbook.RoundTrips(data) {
			fmt.Fprintf(stderr, "sib convert: note: %s: converting back will give the same values, not the same bytes (the workbook keeps comma-separated files with \\n line ends and no empty lines byte for byte)\n", filepath.Join(src, name))
		}
		files = append(files, workbook.CSVFile{Name: strings.TrimSuffix(name, filepath.Ext(name)) + ".csv", Data: data})
	}
	if len(files) == 0 {
		return dataError(stderr, "convert", fmt.Errorf("%s holds no CSV file", src))
	}
	var buf bytes.Buffer
	if err := workbook.Write(&buf, files); err != nil {
		return dataError(stderr, "convert", err)
	}
	b := safeout.New("convert")
	defer b.Abort()
	b.Input(src)
	if err := b.File(dst); err != nil {
		return dataError(stderr, "convert", err)
	}
	if err := b.Put(dst, buf.Bytes()); err != nil {
		return dataError(stderr, "convert", err)
	}
	if err := b.Commit(); err != nil {
		return dataError(stderr, "convert", err)
	}
	fmt.Fprintf(stderr, "sib convert: wrote %s to %s\n", plural(len(files), "sheet"), dst)
	return exitOK
}

func workbookToFolder(src, dst string, stderr io.Writer) int {
	book, err := workbook.Read(src, workbook.Limits{})
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
	b := safeout.New("convert")
	defer b.Abort()
	b.Input(src)
	if err := b.Folder(dst, names, nil); err != nil {
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
	b := safeout.New("init")
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
