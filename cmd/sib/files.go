package main

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/claims"
	"github.com/sib-engine/sib/costing"
	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/internal/safeout"
	"github.com/sib-engine/sib/outcomes"
	"github.com/sib-engine/sib/outcomes/matching"
	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/uncertainty"
)

// inputFileNames are the files of the input folders. A folder holding one
// that sib did not write is an input folder, and no output goes into it:
// its next run would find an unknown table, or lose the file.
var inputFileNames = []string{
	costing.LedgerFile, costing.ActivityFile, costing.DeflatorFile, costing.PoolsFile, costing.DriversFile,
	outcomes.MetricsFile, outcomes.ParticipantsFile, outcomes.AggregatesFile, outcomes.CohortsFile,
	outcomes.AdjustmentsFile, outcomes.DecayFile,
	scenario.ScenarioFile, scenario.ServicesFile, scenario.AvoidedFile, scenario.PaymentsFile, scenario.TiersFile,
	scenario.DeliveryFile, scenario.FeesFile, scenario.CapitalFile, scenario.DiscountFile, scenario.CouponsFile,
	uncertainty.SpecFile, uncertainty.CorrelationsFile,
	claims.ContractFile, claims.RateCardFile, claims.PayersFile, claims.CapsFile, claims.PaidFile, claims.RecordsFile,
	matching.SpecFile, matching.DataFile, matching.WeightsFile,
}

// inputWriters are the commands whose files are inputs: a folder they
// wrote is an input folder for every other command (sib run --out into a
// folder sib init made replaced its payments.csv with the payments table).
var inputWriters = []string{"init", "convert", generateCmd}

// generateCmd labels the files sib claims --generate writes, a claims
// folder, apart from sib claims's outputs.
const generateCmd = "claims --generate"

// newBatch starts the outputs of a command, with its input folders and
// files registered.
func newBatch(cmd string, inputs ...string) *safeout.Batch {
	b := safeout.New(cmd, inputFileNames...)
	b.InputWriters(inputWriters...)
	b.Input(inputs...)
	return b
}

// scenarioInputs lists a scenario's folder and the costing and outcomes
// folders it reads.
func scenarioInputs(dir string, s *scenario.Scenario) []string {
	in := []string{dir}
	if s != nil {
		for _, p := range []string{s.Settings.Costing, s.Settings.Outcomes} {
			if p != "" {
				in = append(in, p)
			}
		}
	}
	return in
}

// reserveFile reserves the output file of a flag (--hist FILE) in b. A
// refusal is a data error, named by the flag.
func reserveFile(b *safeout.Batch, flag, path string) error {
	if path == "" {
		return nil
	}
	if err := b.File(path); err != nil {
		return fmt.Errorf("--%s: %w", flag, err)
	}
	return nil
}

// outputTakes says what each flag that names an output takes, for the
// usage error of "-" ("cmd/flag" for a command's own meaning). "-" means
// standard output only where stdoutFlags lists it; elsewhere it would
// make a file or folder named "-".
var outputTakes = map[string]string{
	"out":           "a folder (DIR/<table>.csv), not standard output: use --format csv for a table on standard output",
	"report/out":    "the HTML file to write (.html or .htm)",
	"run/plot":      "a folder or a chart file (.png or .svg)",
	"plot":          "a chart file (.png or .svg)",
	"hist":          "a chart file (.png or .svg)",
	"cdf":           "a chart file (.png or .svg)",
	"exposure-plot": "a chart file (.png or .svg)",
	"rank-plot":     "a chart file (.png or .svg)",
	"xlsx":          "a workbook file (.xlsx)",
	"weights":       "a file (weights.csv)",
	"shard-out":     "a shard file (.json)",
	"draws-out":     "a file",
}

// stdoutFlags are the output flags that take "-" for standard output.
var stdoutFlags = []string{"simulate/draws-out", "indigo/out"}

// dashProblem returns the usage problem of an output flag of fs given
// "-" where it does not mean standard output, or given an empty name
// (--out "$DIR" with DIR unset would otherwise write nothing and succeed,
// as if the flag were left out), or "".
func dashProblem(fs *pflag.FlagSet) string {
	var msg string
	fs.Visit(func(f *pflag.Flag) {
		key := fs.Name() + "/" + f.Name
		if msg != "" || f.Value.Type() != "string" {
			return
		}
		if f.Value.String() == "" {
			takes, ok := outputTakes[key]
			if !ok {
				takes, ok = outputTakes[f.Name]
			}
			if ok && key != "indigo/out" { // indigo's record goes to standard output by default
				msg = fmt.Sprintf("--%s: an empty name: --%s takes %s", f.Name, f.Name, takes)
			}
			return
		}
		if f.Value.String() != "-" || slices.Contains(stdoutFlags, key) {
			return
		}
		takes, ok := outputTakes[key]
		if !ok {
			takes, ok = outputTakes[f.Name]
		}
		if ok {
			if !strings.Contains(takes, "standard output") {
				takes += ", not standard output"
			}
			msg = fmt.Sprintf("--%s -: --%s takes %s", f.Name, f.Name, takes)
		}
	})
	return msg
}

// reserveTables reserves DIR/<table>.csv for every table a command
// writes with --out, and DIR/provenance.json, before its work, so that a refusal costs nothing.
func reserveTables(b *safeout.Batch, dir string, tables, stale []string) error {
	if dir == "" {
		return nil
	}
	csvs := func(names []string) []string {
		out := make([]string, len(names))
		for i, n := range names {
			out[i] = n + ".csv"
		}
		return out
	}
	// provenance.json says how the tables were made (see provenance).
	if err := b.Folder(dir, append(csvs(tables), provenanceFile), csvs(stale)); err != nil {
		return fmt.Errorf("--out: %w", err)
	}
	return nil
}

// addLimitFlag adds --limit, which raises or lowers the bounds on inputs.
func addLimitFlag(fs *pflag.FlagSet) *[]string {
	d := csvio.DefaultLimits()
	return fs.StringArray("limit", nil, fmt.Sprintf(
		"change a bound on inputs, NAME=SIZE (repeatable): file (default %s), line (%s), record (%s), field (%s), name (%d bytes), rows (%d), memory (%s; the model's working memory)",
		csvio.FormatSize(d.FileBytes), csvio.FormatSize(d.LineBytes), csvio.FormatSize(d.RecordBytes),
		csvio.FormatSize(d.FieldBytes), d.NameBytes, d.Rows, csvio.FormatSize(d.MemoryBytes)))
}

// limitsOf reads --limit values; done reports a usage error.
func limitsOf(stderr io.Writer, cmd string, vals []string) (lim csvio.Limits, code int, done bool) {
	lim = csvio.DefaultLimits()
	lim.Notes = &csvio.Notes{} // what the readers skip, for emit to say
	for _, v := range vals {
		if err := lim.Set(v); err != nil {
			return lim, usageError(stderr, cmd, "--limit %v", err), true
		}
	}
	return lim, exitOK, false
}

// output is what a command writes: doc (or show, a part of it) to stdout
// in format, every table of doc to dir when given, plots to their files,
// and warnings to stderr.
type output struct {
	doc, show     *report.Doc
	format, table string
	dir           string
	xlsx          string // --xlsx FILE, reserved in batch; "" for none
	// units, when not nil, are the units of the outputs a sensitivity
	// report follows, by name (uncertainty.Outputs), which type its
	// workbook's cells: money, rates or numbers.
	units    map[string]string
	warnings []string
	notes    *csvio.Notes           // what reading the inputs skipped, or nil
	written  []string               // what else was staged in batch, said once committed ("wrote 100 draws to d.csv")
	batch    *safeout.Batch         // outputs reserved before the work, or nil
	plots    map[string]chartWriter // by path
}

// emit writes a command's output. Nothing reaches stdout, and no file is
// written, unless all of it could be rendered and every file staged.
func emit(stdout, stderr io.Writer, cmd string, o output) int {
	show := o.show
	if show == nil {
		show = o.doc
	}
	var out bytes.Buffer
	if err := report.Write(&out, show, o.format, o.table); err != nil {
		return dataError(stderr, cmd, err)
	}
	b := o.batch
	if b == nil {
		b = newBatch(cmd) // a command that writes no files
	}
	defer b.Abort()
	if o.dir != "" {
		for _, t := range o.doc.Tables {
			var buf bytes.Buffer
			if err := report.WriteCSV(&buf, t); err != nil {
				return dataError(stderr, cmd, err)
			}
			if err := b.Put(filepath.Join(o.dir, t.Name+".csv"), asShown(stdout, buf.Bytes())); err != nil {
				return dataError(stderr, cmd, fmt.Errorf("--out: %w", err))
			}
		}
		var buf bytes.Buffer
		if err := report.Write(&buf, outManifest(o.doc), report.JSON, ""); err != nil {
			return dataError(stderr, cmd, err)
		}
		if err := b.Put(filepath.Join(o.dir, provenanceFile), asShown(stdout, buf.Bytes())); err != nil {
			return dataError(stderr, cmd, fmt.Errorf("--out: %w", err))
		}
	}
	if o.xlsx != "" {
		if err := putXlsx(b, o.xlsx, metaAsShown(stdout, o.doc), o.units); err != nil {
			return dataError(stderr, cmd, err)
		}
	}
	for _, p := range sortedKeys(o.plots) {
		if err := writePlot(b, p, o.plots[p], o.doc); err != nil {
			return dataError(stderr, cmd, err)
		}
	}
	if err := b.Commit(); err != nil {
		return dataError(stderr, cmd, err)
	}
	printNotes(stderr, cmd, o.notes)
	for _, w := range b.Warnings() {
		fmt.Fprintf(stderr, "sib %s: warning: %s\n", cmd, w)
	}
	for _, w := range o.written {
		fmt.Fprintf(stderr, "sib %s: %s\n", cmd, w)
	}
	if o.dir != "" {
		fmt.Fprintf(stderr, "sib %s: wrote %s to %s\n", cmd, plural(len(o.doc.Tables), "table"), o.dir)
	}
	if o.xlsx != "" {
		fmt.Fprintf(stderr, "sib %s: wrote %s to %s\n", cmd, plural(len(o.doc.Tables), "table"), o.xlsx)
	}
	for _, p := range sortedKeys(o.plots) {
		fmt.Fprintf(stderr, "sib %s: wrote %s\n", cmd, p)
	}
	for _, w := range o.warnings {
		fmt.Fprintf(stderr, "sib %s: warning: %s\n", cmd, w)
	}
	if _, err := stdout.Write(out.Bytes()); err != nil {
		return dataError(stderr, cmd, err)
	}
	return exitOK
}

// printNotes says what reading the inputs skipped.
func printNotes(stderr io.Writer, cmd string, notes *csvio.Notes) {
	if notes == nil {
		return
	}
	for _, n := range notes.List() {
		fmt.Fprintf(stderr, "sib %s: note: %s\n", cmd, n)
	}
}

// outManifest is the provenance.json of an --out folder: the report's
// metadata (how it was made, its units), the units convention of the
// tables, and the list of tables. The tables themselves are plain CSV,
// without the comment lines of --format csv on standard output, for tools
// that load a folder of tables and know no comments.
func outManifest(doc *report.Doc) *report.Doc {
	m := &report.Doc{Meta: slices.Clone(doc.Meta)}
	m.Meta = append(m.Meta, report.Meta{Key: "units", Value: "rates (IRRs, shares, relative effects, probabilities) are fractions: 0.05 = 5%; money has 2 decimals, in the currency named here; other numbers have at most 10 significant digits"})
	t := &report.T{Name: "tables", Columns: []report.Column{{Name: "file"}, {Name: "table"}, {Name: "title"}, {Name: "note"}}}
	for _, x := range doc.Tables {
		t.Add(x.Name+".csv", x.Name, x.Title, x.Note)
	}
	m.Tables = []*report.T{t}
	return m
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.DeleteFunc(slices.Sorted(maps.Keys(m)), func(k string) bool { return k == "" })
}
