package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/internal/chart"
	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/internal/errprefix"
	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/internal/safeout"
	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
	"github.com/sib-engine/sib/uncertainty"
)

// study is what the sensitivity commands share: the scenario, its model,
// the base values (after --set) and the uncertainty spec.
type study struct {
	dir  string
	s    *scenario.Scenario
	m    *sib.Model
	base []float64
	spec *uncertainty.Spec // nil when no uncertainty input was given
	in   string            // the uncertainty input as given
	lim  csvio.Limits
	out  *safeout.Batch // the command's output files, reserved before the work
	// fs, inputs and sets are the provenance of the report: the flags,
	// every folder or file read, the --set changes.
	fs     *pflag.FlagSet
	inputs []string
	sets   *[]string
	// written lists outputs staged in out outside finish's plots, for
	// the message once they are committed.
	written []string
	xlsx    string // --xlsx FILE, reserved in out; "" for none
	// show, when not nil, is the report on standard output in place of
	// the one finish is given, which then goes to --xlsx only: a text
	// layout of the same results (grid's matrix, simulate's % cells).
	show *report.Doc
}

// sensitivityFlags are the flags every sensitivity command has.
type sensitivityFlags struct {
	ff           *formatFlags // --format
	output, plot *string
	xlsx         *string // --xlsx
	sets, limits *[]string
	// defaultOutput is --output when not given, where the output
	// stateNet stands for the state's net saving on the contract's
	// measure, known once the scenario is loaded.
	defaultOutput string
	disc          discountFlags
}

// stateNet stands, in a command's default outputs, for the state's net
// saving on the measure the scenario names: uncertainty.StateNet.
const stateNet = "state.net"

// addSensitivityFlags adds the flags every sensitivity command has; output
// is the default --output, where stateNet is the state's net saving on the
// scenario's saving_measure.
func addSensitivityFlags(fs *pflag.FlagSet, output, plotWhat string) sensitivityFlags {
	def := strings.ReplaceAll(output, ",", ", ")
	def = strings.Replace(def, stateNet, "the state's net saving on the scenario's saving_measure (state.net, or state.net_gross when it is gross)", 1)
	f := sensitivityFlags{
		ff:            addFormatFlags(fs),
		output:        fs.String("output", "", "the output to analyse (sib outputs lists them; default: "+def+")"),
		defaultOutput: output,
		sets:          fs.StringArray("set", nil, "change a base value, NAME=VALUE (repeatable; sib params lists the names)"),
		limits:        addLimitFlag(fs),
	}
	f.disc = addDiscountFlags(fs)
	f.xlsx = addXlsxFlag(fs)
	if plotWhat != "" {
		f.plot = fs.String("plot", "", "also draw "+plotWhat+" to FILE (.png or .svg)")
	}
	return f
}

// prepare loads the scenario (first argument) and the uncertainty input
// (second, an uncertainty folder or a spec file: see uncertainty.Load), and
// applies --set. It returns done with an exit status when it fails.
func prepare(cmd string, fs *pflag.FlagSet, f sensitivityFlags, needSpec bool, stderr io.Writer) (st *study, code int, done bool) {
	if msg := f.ff.formatProblem(); msg != "" {
		return nil, usageError(stderr, cmd, "%s", msg), true
	}
	switch {
	case needSpec && fs.NArg() != 2:
		return nil, usageError(stderr, cmd, "expected a scenario folder and an uncertainty folder (or spec file), got %s", plural(fs.NArg(), "argument")), true
	case fs.NArg() < 1 || fs.NArg() > 2:
		return nil, usageError(stderr, cmd, "expected a scenario folder and optionally an uncertainty folder (or spec file), got %s", plural(fs.NArg(), "argument")), true
	}
	if f.plot != nil && *f.plot != "" {
		if _, err := chart.FormatOf(*f.plot); err != nil {
			return nil, usageError(stderr, cmd, "--plot: %v", err), true
		}
	}
	st = &study{dir: fs.Arg(0)}
	if msg := notFolder(st.dir); msg != "" {
		return nil, usageError(stderr, cmd, "%s", msg), true
	}
	if msg := swappedFolders(cmd, st.dir, fs.Arg(1)); msg != "" {
		return nil, usageError(stderr, cmd, "%s", msg), true
	}
	lim, code, done := limitsOf(stderr, cmd, *f.limits)
	if done {
		return nil, code, true
	}
	st.lim = lim
	if code, done := f.disc.check(stderr, cmd); done {
		return nil, code, true
	}
	s, err := scenario.LoadWith(st.dir, scenario.LoadOptions{Limits: lim, DiscountSchedule: *f.disc.schedule})
	if err != nil {
		return nil, dataError(stderr, cmd, err), true
	}
	f.disc.apply(s)
	if code, done := applySets(stderr, cmd, s, *f.sets); done {
		return nil, code, true
	}
	st.s = s
	if !fs.Changed("output") {
		*f.output = defaultOutputs(f.defaultOutput, s)
	}
	if st.m, code, done = compileSets(stderr, cmd, st.dir, s, *f.sets, lim); done {
		return nil, code, true
	}
	st.base = s.Values()
	if fs.NArg() == 2 {
		st.in = fs.Arg(1)
		if _, err := os.Stat(st.in); err != nil {
			return nil, usageError(stderr, cmd, "%s: no such folder or file", st.in), true
		}
		if st.spec, err = uncertainty.LoadWith(st.in, s, lim); errors.Is(err, uncertainty.ErrCorrelationsLeftOut) {
			return nil, usageError(stderr, cmd, "%v", err), true
		} else if err != nil && *f.disc.schedule != "" && strings.Contains(err.Error(), `"setting.discount_rate"`) {
			return nil, usageError(stderr, cmd, "%v: --discount-schedule %s replaces the scenario's discount rates with parameters discount.<from_year>.rate (sib params lists them); vary those, or leave the flag out", errprefix.Strip(err.Error()), *f.disc.schedule), true
		} else if err != nil {
			return nil, dataError(stderr, cmd, err), true
		}
	}
	inputs := scenarioInputs(st.dir, s)
	if st.in != "" {
		inputs = append(inputs, st.in)
	}
	noteLockFiles(lim.Notes, inputs...)
	st.fs, st.inputs, st.sets = fs, inputs, f.sets
	st.out = newBatch(cmd, inputs...)
	if f.plot != nil {
		if err := reserveFile(st.out, "plot", *f.plot); err != nil {
			return nil, dataError(stderr, cmd, err), true
		}
	}
	if code, done := reserveXlsx(stderr, cmd, st.out, *f.xlsx); done {
		return nil, code, true
	}
	st.xlsx = *f.xlsx
	return st, exitOK, false
}

// defaultOutputs returns a command's default outputs for scenario s:
// stateNet becomes the state's net saving on the measure s names.
func defaultOutputs(output string, s *scenario.Scenario) string {
	names := strings.Split(output, ",")
	for i, n := range names {
		if n == stateNet {
			names[i] = uncertainty.StateNet(s)
		}
	}
	return strings.Join(names, ",")
}

// outputsOf reads --output.
func (st *study) outputsOf(cmd, names string, stderr io.Writer) ([]uncertainty.Output, int, bool) {
	outs, err := uncertainty.ParseOutputs(st.s, names)
	if err != nil {
		return nil, usageError(stderr, cmd, "--output: %s", errprefix.Strip(err.Error())), true
	}
	return outs, exitOK, false
}

// oneOutput reads --output for the commands that follow one output.
func (st *study) oneOutput(cmd, names string, stderr io.Writer) (uncertainty.Output, int, bool) {
	outs, code, done := st.outputsOf(cmd, names, stderr)
	if done {
		return uncertainty.Output{}, code, true
	}
	if len(outs) != 1 {
		return uncertainty.Output{}, usageError(stderr, cmd, "--output: expected one output, got %d", len(outs)), true
	}
	return outs[0], exitOK, false
}

// chartWriter is a chart of internal/chart.
type chartWriter interface {
	Write(w io.Writer, format string) error
}

// meta is the metadata every sensitivity report starts with: its
// provenance, the scenario, the uncertainty input and the currency.
func (st *study) meta(extra ...report.Meta) []report.Meta {
	m := append(provenance(st.fs, st.inputs, st.sets), report.Meta{Key: "scenario", Value: st.dir})
	if st.in != "" {
		m = append(m, report.Meta{Key: "uncertainty", Value: st.in})
	}
	m = append(m, report.Meta{Key: "currency", Value: st.s.Settings.Currency}, discountingMeta(st.m, st.base))
	return append(m, extra...)
}

// outputColumn is a numeric column that shows an output in its unit in
// text: money to the cent with its currency, rates in %, ratios to 4
// significant digits. Its cells are outputValue's.
func outputColumn(name, title string, out uncertainty.Output) report.Column {
	c := report.Column{Name: name, Title: title, Numeric: true}
	switch out.Unit {
	case uncertainty.Money:
		c.TextPlaces = 2
		c.Money = true
	case uncertainty.Rate:
		c.Text = func(s string) string { return pct(s) + "%" }
	case uncertainty.Ratio:
		c.Text = sig4
	}
	return c
}

// unitNote says in what unit an output's figures are.
func unitNote(out uncertainty.Output) string {
	switch out.Unit {
	case uncertainty.Rate:
		return "a rate a year: in % in text, a fraction in CSV and JSON (0.05 = 5%)"
	case uncertainty.Money:
		return "money, to the cent"
	}
	return out.Unit
}

// axisLabel names an output on a chart's axis by its description, with
// its unit: rates in % (charts show them in %, as text tables do).
func (st *study) axisLabel(out uncertainty.Output) string {
	if out.Unit == uncertainty.Rate {
		return out.Doc + " (%)" // the description says "a year"
	}
	if u := st.unitLabel(out); u != "" {
		return out.Doc + " (" + u + ")"
	}
	return out.Doc
}

// shortLabel names an output by its name and unit, where the space is
// short (a colour bar).
func (st *study) shortLabel(out uncertainty.Output) string {
	if u := st.unitLabel(out); u != "" {
		return out.Name + " (" + u + ")"
	}
	return out.Name
}

func (st *study) unitLabel(out uncertainty.Output) string {
	switch out.Unit {
	case uncertainty.Rate:
		return "% a year"
	case uncertainty.Money:
		return st.s.Settings.Currency
	case uncertainty.Periods:
		return "periods"
	}
	return ""
}

// paramNote describes a parameter for a chart's subtitle: "x:
// outcome.reconvictions.effect, the effect (improvement per participant)".
func (st *study) paramNote(axis, name string) string {
	if id, ok := st.s.Param(name); ok {
		if d := st.s.At(id).Doc; d != "" {
			return axis + name + ", " + d
		}
	}
	return axis + name
}

// writePlot renders a chart into b at path, whose extension chooses the
// format.
func writePlot(b *safeout.Batch, path string, c chartWriter, doc *report.Doc) error {
	format, err := chart.FormatOf(path)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := c.Write(&buf, format); err != nil {
		return err
	}
	data, err := chart.Stamp(buf.Bytes(), format, provenanceLines(doc))
	if err != nil {
		return err
	}
	return b.Put(path, data)
}

// provenanceLines are a report's provenance (command, inputs, --set
// changes, version) as "key: value" lines, for a chart's file.
func provenanceLines(doc *report.Doc) []string {
	var lines []string
	for _, m := range doc.Meta {
		switch m.Key {
		case "command", "inputs", "set", "version":
			v := m.Value
			if m.List != nil || m.Key == "set" {
				v = strings.Join(m.List, ", ")
				if v == "" {
					v = "none"
				}
			}
			lines = append(lines, m.Key+": "+v)
		}
	}
	return lines
}

// finish writes the report and the plots, reserved in st.out, and says
// where they went.
func (st *study) finish(stdout, stderr io.Writer, cmd string, doc *report.Doc, format, table string, warnings []string, plots map[string]chartWriter) int {
	doc.Currency = st.s.Settings.Currency
	if st.show != nil {
		st.show.Currency = doc.Currency
	}
	units := map[string]string{}
	for _, o := range uncertainty.Outputs(st.s) {
		units[o.Name] = o.Unit
	}
	return emit(stdout, stderr, cmd, output{doc: doc, show: st.show, format: format, table: table, xlsx: st.xlsx, units: units, warnings: warnings, notes: st.lim.Notes, batch: st.out, plots: plots, written: st.written})
}

// parseRange reads "LO,HI".
func parseRange(s string) (lo, hi float64, err error) {
	a, b, ok := strings.Cut(s, ",")
	if !ok {
		return 0, 0, fmt.Errorf("%q: expected LO,HI", s)
	}
	if lo, err = csvio.ParseFloat(strings.TrimSpace(a), false); err != nil {
		return 0, 0, err
	}
	if hi, err = csvio.ParseFloat(strings.TrimSpace(b), false); err != nil {
		return 0, 0, err
	}
	return lo, hi, nil
}

// specRange returns a parameter's low and high from the spec.
func (st *study) specRange(name string) (lo, hi float64, ok bool) {
	if st.spec == nil {
		return 0, 0, false
	}
	for _, u := range st.spec.Params {
		if u.Name == name && u.Low < u.High {
			return u.Low, u.High, true
		}
	}
	return 0, 0, false
}

// progress returns a progress callback that draws a bar on stderr when it
// is a terminal, and nil otherwise.
func progress(stderr io.Writer, what, unit string) func(done, total int) {
	f, ok := stderr.(*os.File)
	if !ok || !isTerminal(f) {
		return nil
	}
	return newBar(f, what, unit)
}

// library errors are data errors, with exit status 1.
func libError(stderr io.Writer, cmd string, err error) int {
	if errors.Is(err, context.Canceled) {
		fmt.Fprintf(stderr, "sib %s: interrupted\n", cmd)
		return exitData
	}
	return dataError(stderr, cmd, err)
}

// numText formats a number for a message.
func numText(x float64) string {
	if math.IsNaN(x) {
		return "none"
	}
	return strconv.FormatFloat(x, 'g', 10, 64)
}
