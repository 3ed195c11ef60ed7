package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/internal/workbook"
	"github.com/sib-engine/sib/scenario"
)

// Workbooks in: every argument of a command that is an .xlsx file (and
// not the value of an output flag) is read as the input folder it
// stands for, one sheet per CSV file (internal/workbook). Its sheets are
// written as CSV files into a private temporary folder that the command
// reads instead; every mention of that folder in the command's output
// is the workbook again, and a position in one of its files
// ("DIR/payments.csv:7:3") the workbook's cell ("deal.xlsx:
// payments!C7").

// outputFlags take a file or folder to write: their values are never
// read as input workbooks.
var outputFlags = []string{"--xlsx", "--out", "--draws-out", "-o"}

// noWorkbookCommands read workbooks themselves, or take none.
var noWorkbookCommands = []string{"convert", "init"}

// mountedBook is a workbook extracted into dir.
type mountedBook struct {
	book *workbook.Book
	dir  string
}

// workbookInputs extracts the workbooks among args. It returns the
// arguments with each workbook replaced by its folder, a function that
// rewrites the output, and a clean-up; code and done when it failed.
type workbookInputs struct {
	tmp     string
	books   []mountedBook
	renames [][2]string // other paths to show as written: absolute costing folders
	lim     workbook.Limits
}

// workbookLimits are the limits of the workbooks a command reads: the
// file size of its --limit file=SIZE, which the command itself checks
// and applies to the CSV files (rows, fields) too.
func workbookLimits(args []string) workbook.Limits {
	var lim csvio.Limits
	for i, a := range args {
		if a == "--" {
			break
		}
		v, ok := strings.CutPrefix(a, "--limit=")
		if !ok && a == "--limit" && i+1 < len(args) {
			v, ok = args[i+1], true
		}
		if ok {
			for _, kv := range strings.Split(v, ",") {
				_ = lim.Set(kv) // a wrong value is the command's usage error
			}
		}
	}
	return workbook.Limits{FileBytes: lim.FileBytes, UnzipBytes: max(lim.FileBytes, 1<<30)}
}

func runWithWorkbooks(c command, args []string, stdout, stderr io.Writer) int {
	for _, n := range noWorkbookCommands {
		if c.name == n {
			return c.run(args, stdout, stderr)
		}
	}
	var wi workbookInputs
	defer wi.cleanup()
	args, code, done := wi.mount(c.name, args, stderr)
	if done {
		return code
	}
	if len(wi.books) == 0 {
		return c.run(args, stdout, stderr)
	}
	out, errw := &rewriter{w: stdout, f: wi.rewrite}, &rewriter{w: stderr, f: wi.rewrite}
	for _, m := range wi.books {
		for _, n := range m.book.Notes {
			fmt.Fprintf(stderr, "sib %s: note: %s\n", c.name, n)
		}
	}
	code = c.run(args, out, errw)
	out.flush()
	errw.flush()
	return code
}

func (wi *workbookInputs) cleanup() {
	if wi.tmp != "" {
		os.RemoveAll(wi.tmp)
	}
}

func (wi *workbookInputs) mount(cmd string, args []string, stderr io.Writer) ([]string, int, bool) {
	out := append([]string(nil), args...)
	var outputs []string
	wi.lim = workbookLimits(args)
	for i, a := range args {
		if a == "--" {
			continue
		}
		if i > 0 && isOutputFlag(args[i-1]) {
			outputs = append(outputs, a)
			continue
		}
		if name, v, ok := strings.Cut(a, "="); ok && isOutputFlag(name) {
			outputs = append(outputs, v)
			continue
		}
		if !workbook.IsWorkbook(a) || strings.HasPrefix(a, "-") {
			continue
		}
		if st, err := os.Stat(a); err != nil || !st.Mode().IsRegular() {
			continue
		}
		dir, err := wi.extract(a)
		if err != nil {
			return nil, dataError(stderr, cmd, err), true
		}
		out[i] = dir
	}
	// Every workbook read is an input, the ones a scenario workbook's
	// costing and outcomes settings name too.
	for _, o := range outputs {
		for _, m := range wi.books {
			if sameFile(o, m.book.Name) {
				return nil, usageError(stderr, cmd, "%s is an input: an output never goes over an input", o), true
			}
		}
	}
	return out, exitOK, false
}

func isOutputFlag(a string) bool {
	for _, f := range outputFlags {
		if a == f {
			return true
		}
	}
	return false
}

func sameFile(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

// extract writes the workbook at path as CSV files into a new folder of
// wi.tmp, named as the workbook without ".xlsx", and returns it.
func (wi *workbookInputs) extract(path string) (string, error) {
	for _, m := range wi.books {
		if sameFile(m.book.Name, path) {
			return m.dir, nil
		}
	}
	if wi.tmp == "" {
		tmp, err := os.MkdirTemp("", "sib-xlsx-")
		if err != nil {
			return "", err
		}
		wi.tmp = tmp
	}
	b, err := workbook.Read(path, wi.lim)
	if err != nil {
		return "", err
	}
	stem := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	dir := filepath.Join(wi.tmp, strconv.Itoa(len(wi.books)+1), stem)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	wi.books = append(wi.books, mountedBook{book: b, dir: dir})
	if err := wi.resolveFolders(b, path); err != nil {
		return "", err
	}
	if err := b.WriteDir(dir); err != nil {
		return "", err
	}
	return dir, nil
}

// resolveFolders points a scenario workbook's costing and outcomes
// settings, relative to the workbook's folder as they would be to the
// scenario folder it stands for, at the folders or workbooks they name.
func (wi *workbookInputs) resolveFolders(b *workbook.Book, path string) error {
	stand := strings.TrimSuffix(path, filepath.Ext(path)) // the folder the workbook stands for
	for _, s := range b.Sheets {
		if s.File() != scenario.ScenarioFile {
			continue
		}
		for _, row := range s.Rows {
			if len(row) < 2 || row[1] == "" {
				continue
			}
			key := strings.ToLower(strings.TrimSpace(row[0]))
			if key != "costing" && key != "outcomes" {
				continue
			}
			v := filepath.FromSlash(strings.TrimSpace(row[1]))
			p := v
			if !filepath.IsAbs(p) {
				p = filepath.Join(stand, v)
			}
			shown := p
			switch {
			case workbook.IsWorkbook(p):
			case isDir(p) && (!isFile(p+workbook.Ext) || hasInputs(p)):
				// A folder of inputs, or no workbook beside it. A folder
				// that holds no input files yields to a workbook of its
				// name: converted beside a source tree, scenario.xlsx's
				// ../costing may be a folder of code.
			case isFile(p + workbook.Ext):
				p, shown = p+workbook.Ext, p+workbook.Ext
			default:
				// Neither: the loader says what is wrong, of the path the
				// workbook names (not of the temporary folder's).
			}
			if workbook.IsWorkbook(p) {
				if !isFile(p) {
					continue
				}
				dir, err := wi.extract(p)
				if err != nil {
					return err
				}
				row[1] = dir
				continue
			}
			abs, err := filepath.Abs(p)
			if err != nil {
				continue
			}
			row[1] = abs
			wi.renames = append(wi.renames, [2]string{abs, shown})
		}
	}
	return nil
}

// hasInputs reports whether folder p holds the files of some kind of input
// folder.
func hasInputs(p string) bool {
	kind, _ := folderKind(p)
	return kind != ""
}

func isDir(p string) bool  { st, err := os.Stat(p); return err == nil && st.IsDir() }
func isFile(p string) bool { st, err := os.Stat(p); return err == nil && st.Mode().IsRegular() }

// rewrite shows a line of output with the workbooks' names and cells for
// their temporary folders and files.
func (wi *workbookInputs) rewrite(s string) string {
	if wi.tmp == "" || !strings.Contains(s, wi.tmp) && len(wi.renames) == 0 {
		return s
	}
	// The deepest folders first: a workbook extracted inside another's.
	for i := len(wi.books) - 1; i >= 0; i-- {
		m := wi.books[i]
		s = m.book.Rewrite(s, m.dir)
	}
	for _, r := range wi.renames {
		s = strings.ReplaceAll(s, r[0], r[1])
	}
	return s
}

// rewriter applies f to each line written through it.
type rewriter struct {
	w   io.Writer
	f   func(string) string
	buf bytes.Buffer
	err error
}

func (r *rewriter) Write(p []byte) (int, error) {
	r.buf.Write(p)
	for {
		i := bytes.IndexByte(r.buf.Bytes(), '\n')
		if i < 0 {
			break
		}
		line := string(r.buf.Next(i + 1))
		if _, err := io.WriteString(r.w, r.f(line)); err != nil && r.err == nil {
			r.err = err
		}
	}
	return len(p), r.err
}

func (r *rewriter) flush() {
	if r.buf.Len() > 0 {
		_, _ = io.WriteString(r.w, r.f(r.buf.String()))
		r.buf.Reset()
	}
}

// asShown is data, a file a command writes beside what it prints to
// stdout, with the names stdout shows: a workbook's, not the temporary
// folder it was read into.
func asShown(stdout io.Writer, data []byte) []byte {
	if r, ok := stdout.(*rewriter); ok {
		return []byte(r.f(string(data)))
	}
	return data
}

// metaAsShown is doc with its metadata (the command line, the inputs) as
// stdout shows it, for a file that is not text (the --xlsx workbook's
// first sheet); the tables are shared, not copied.
func metaAsShown(stdout io.Writer, doc *report.Doc) *report.Doc {
	r, ok := stdout.(*rewriter)
	if !ok {
		return doc
	}
	d := *doc
	d.Meta = make([]report.Meta, len(doc.Meta))
	for i, m := range doc.Meta {
		m.Value, m.Text = r.f(m.Value), r.f(m.Text)
		if m.List != nil {
			l := make([]string, len(m.List))
			for j, x := range m.List {
				l[j] = r.f(x)
			}
			m.List = l
		}
		d.Meta[i] = m
	}
	return &d
}
