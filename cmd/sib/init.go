package main

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/internal/safeout"
)

// templates are the scenario folders "sib init" writes.
//
//go:embed templates
var templates embed.FS

var templateNames = []string{"ratecard", "savings", "tiered"}

const initHelp = `Usage: sib init --template ratecard|savings|tiered <new-folder>

Writes a small scenario folder to start a deal from: every file "sib run"
reads, with realistic illustrative figures (prices in GBP, 2026 prices)
and a note column on every row saying what to change. The folder must
not exist or be empty: nothing is ever written over.

Templates:
  ratecard  a pure rate card, the commonest UK deal (Fair Chance Fund,
            Youth Engagement Fund): a price per outcome per participant,
            claimed once, with a cap per participant. With no comparison
            group, each outcome's achievement rate (the share of
            participants expected to achieve it) goes in metrics.csv's
            effect column.
  savings   a share of the measured cashable savings (an edge-of-care
            deal paid on care days avoided against a comparison group).
  tiered    a payment per participant by tiers of the measured fall in
            reoffending, paid a year after the measurement year.

Each runs as written ("sib run DIR"): investors earn 6-11% a year and the
payer saves on its cashable measure. See docs/commands.md.

With --xlsx, the same files as one workbook, one sheet per file (see
"sib convert" and docs/workbooks.md); every command reads it as the
folder.

Examples:
  sib init --template ratecard my-deal
  sib init --xlsx --template ratecard my-deal.xlsx
  sib init --template savings edge-of-care
`

func runInit(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("init", pflag.ContinueOnError)
	tmpl := fs.String("template", "", "the template: ratecard, savings or tiered (required)")
	asBook := fs.Bool("xlsx", false, "write the starter as one .xlsx workbook (the argument names a new .xlsx file), one sheet per file")
	if code, done := parseFlags(fs, args, initHelp, stdout, stderr); done {
		return code
	}
	keyword(tmpl)
	if !fs.Changed("template") {
		return usageError(stderr, "init", "--template is required: ratecard, savings or tiered (sib init --help describes them)")
	}
	if !slices.Contains(templateNames, *tmpl) {
		return usageError(stderr, "init", "--template %q: expected ratecard, savings or tiered", *tmpl)
	}
	if fs.NArg() != 1 {
		return usageError(stderr, "init", "expected one new folder, got %s", plural(fs.NArg(), "argument"))
	}
	dir := fs.Arg(0)
	if dir == "" {
		// The checks below would pass over a name with no folder, and
		// the files would go into the current folder, however full.
		return usageError(stderr, "init", "an empty folder name: give the new folder's name")
	}
	if dir == "-" {
		return usageError(stderr, "init", "-: sib init writes a folder (or a workbook with --xlsx), not standard output: give the new folder's name")
	}
	if !*asBook && strings.EqualFold(filepath.Ext(dir), ".xlsx") {
		// A folder named like a workbook would be taken for one.
		return usageError(stderr, "init", "%s: a folder named .xlsx; for a workbook add --xlsx (sib init --xlsx --template %s %s)", dir, *tmpl, dir)
	}
	if *asBook {
		return initWorkbook(*tmpl, dir, stderr)
	}
	if st, err := os.Stat(dir); err == nil {
		if !st.IsDir() {
			return dataError(stderr, "init", fmt.Errorf("%s exists and is not a folder", dir))
		}
		if ents, err := os.ReadDir(dir); err != nil || len(ents) > 0 {
			return dataError(stderr, "init", fmt.Errorf("%s is not empty: give a new folder (sib init never writes over files)", dir))
		}
	}
	files, err := templateFiles(*tmpl)
	if err != nil {
		return dataError(stderr, "init", err)
	}
	b := safeout.New("init")
	defer b.Abort()
	var names []string
	for _, f := range files {
		names = append(names, f.name)
	}
	if err := b.Folder(dir, names, nil); err != nil {
		return dataError(stderr, "init", err)
	}
	for _, f := range files {
		if err := b.Put(path.Join(dir, f.name), f.data); err != nil {
			return dataError(stderr, "init", err)
		}
	}
	if err := b.Commit(); err != nil {
		return dataError(stderr, "init", err)
	}
	fmt.Fprintf(stderr, "sib init: wrote the %s template, %d files, to %s; try: sib run %s\n", *tmpl, len(files), dir, dir)
	return exitOK
}

type templateFile struct {
	name string
	data []byte
}

func templateFiles(name string) ([]templateFile, error) {
	dir := "templates/" + name
	ents, err := fs.ReadDir(templates, dir)
	if err != nil {
		return nil, err
	}
	var out []templateFile
	for _, e := range ents {
		b, err := templates.ReadFile(dir + "/" + e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, templateFile{e.Name(), b})
	}
	return out, nil
}
