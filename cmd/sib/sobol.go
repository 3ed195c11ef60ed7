package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/internal/chart"
	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/internal/sobol"
	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/uncertainty"
)

const sobolHelp = `Usage: sib sobol [flags] <scenario-folder> <uncertainty-folder>

Variance-based sensitivity: first-order and total-order Sobol' indices of an
output for every parameter the uncertainty spec varies. The first-order
index is the share of the output's variance a parameter explains alone; the
total-order index adds its interactions with the others. Saltelli's scheme
evaluates the deal N·(k+2) times for k parameters, on a Sobol' sequence
(or pseudo-random points with --random); intervals come from a Poisson(1)
bootstrap over the N rows. The indices assume independent inputs:
correlations in the uncertainty folder are left out (the report says so).

On a batch cluster, --shard I/K --shard-out FILE evaluates only shard I of
K of the design (whole blocks of 256 rows) and writes its sums to FILE, not
the report; sib merge FILE... prints the report of the run without --shard
from the K files, byte for byte (docs/cluster.md).

` + unitsHelp + `
Examples:
  sib sobol testdata/estonia/scenario testdata/estonia/uncertainty
  sib sobol --xlsx sobol.xlsx testdata/estonia/scenario testdata/estonia/uncertainty
  sib sobol --format csv --table convergence testdata/estonia/scenario testdata/estonia/uncertainty
  sib sobol --scramble owen --seed 7 testdata/estonia/scenario testdata/estonia/uncertainty
  sib sobol --group custody=outcome.custody_days.effect,outcome.custody_days.decay testdata/estonia/scenario testdata/estonia/uncertainty
  sib sobol --n 4096 --output investors.multiple --estimator saltelli --plot sobol.svg testdata/estonia/scenario testdata/estonia/uncertainty
  sib sobol --shard 3/8 --shard-out shard-3.json testdata/estonia/scenario testdata/estonia/uncertainty
`

func runSobol(args []string, stdout, stderr io.Writer) int {
	return sobolRun(args, stdout, stderr, nil)
}

// sobolRun is sib sobol; with merged, the report of the shards merged (see
// runMergeSobol) in place of the evaluations.
func sobolRun(args []string, stdout, stderr io.Writer, merged *sobolMerged) int {
	// Errors after a merge are sib merge's.
	cmd := "sobol"
	if merged != nil {
		cmd = "merge"
	}
	fs := pflag.NewFlagSet("sobol", pflag.ContinueOnError)
	f := addSensitivityFlags(fs, "state.net", "the indices as a bar chart")
	n := fs.Int("n", 1024, "the base sample size N")
	seed := fs.Uint64("seed", 1, "the seed of the bootstrap (and of --random and --scramble owen)")
	est := fs.String("estimator", "jansen", "jansen (Saltelli 2010 first order, Jansen total) or saltelli (Saltelli 2002, Homma–Saltelli)")
	boot := fs.Int("boot", 1000, "bootstrap resamples for the confidence intervals (0: none)")
	conf := fs.Float64("conf", 0.95, "the intervals' confidence level")
	random := fs.Bool("random", false, "pseudo-random base samples instead of a Sobol' sequence")
	scramble := fs.String("scramble", "none", "none (the unscrambled Sobol' sequence) or owen (Owen's nested uniform scrambling, seeded by --seed)")
	workers := fs.Int("workers", 0, "goroutines (0: one per CPU); the results do not depend on it")
	groupFlags := fs.StringArray("group", nil, "move parameters together, NAME=P1,P2 (repeatable): the group's own first-order and total indices (table groups), for N more evaluations each")
	table := f.ff.withTable("indices", "with --format csv, the table to write: indices, convergence (the indices from the first N/4, N/2 and N rows) or groups (with --group)", []string{"indices", "convergence", "groups"}).table
	sh := addSobolShardFlags(fs)
	if code, done := parseFlags(fs, args, sobolHelp, stdout, stderr); done {
		return code
	}
	if msg := sh.problem(fs); msg != "" {
		return usageError(stderr, cmd, "%s", msg)
	}
	if msg := f.ff.tableProblem(); msg != "" {
		return usageError(stderr, cmd, "%s", msg)
	}
	keyword(scramble)
	groups, msg := parseGroups(*groupFlags)
	if msg != "" {
		return usageError(stderr, cmd, "%s", msg)
	}
	if *table == "groups" && len(groups) == 0 {
		return usageError(stderr, cmd, "--table groups: add a --group")
	}
	e, ok := uncertainty.ParseEstimator(*est)
	switch {
	case !ok:
		return usageError(stderr, cmd, "--estimator %q: expected jansen or saltelli", *est)
	case !(*conf > 0 && *conf < 1):
		return usageError(stderr, cmd, "--conf %v: expected a level between 0 and 1, e.g. 0.95", *conf)
	case *scramble != "none" && *scramble != "owen":
		return usageError(stderr, cmd, "--scramble %q: expected none or owen", *scramble)
	case *scramble == "owen" && *random:
		return usageError(stderr, cmd, "--scramble owen scrambles the Sobol' sequence: leave out --random")
	case *n < 2:
		return usageError(stderr, cmd, "--n %d: expected a base sample size of 2 or more (1024 is typical)", *n)
	case *boot < 0:
		return usageError(stderr, cmd, "--boot %d: expected 0 or more", *boot)
	case *workers < 0:
		return usageError(stderr, cmd, "--workers %d: expected 0 (one per CPU) or more", *workers)
	}
	st, code, done := prepare(cmd, fs, f, true, stderr)
	if done {
		return code
	}
	out, code, done := st.oneOutput(cmd, *f.output, stderr)
	if done {
		return code
	}
	for _, g := range groups {
		for _, p := range g.Params {
			if !variedParam(st.spec, p) {
				return usageError(stderr, cmd, "--group %s: %q is not a parameter the uncertainty spec varies", g.Name, p)
			}
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	start := time.Now()
	opt := uncertainty.SobolOptions{
		N: *n, Seed: *seed, Estimator: e, Boot: *boot, Conf: *conf, Random: *random, Scramble: *scramble == "owen", Groups: groups, Workers: *workers,
		Progress: progress(stderr, cmd, "evaluations"),
	}
	if sh.on() {
		return sh.run(ctx, fs, st, out, opt, stderr)
	}
	var res *uncertainty.SobolResult
	var err error
	if merged != nil {
		res, err = merged.result(st, out)
	} else {
		res, err = uncertainty.Sobol(ctx, st.m, st.base, st.spec, out, opt)
	}
	if errors.Is(err, sobol.ErrInvalid) {
		err = fmt.Errorf("--n %d: %w", *n, err)
	}
	if err != nil {
		return libError(stderr, cmd, err)
	}
	if merged == nil {
		fmt.Fprintf(stderr, "sib sobol: %d evaluations in %.2f s\n", res.Evaluations, time.Since(start).Seconds())
	}
	level := strconv.FormatFloat(100**conf, 'f', -1, 64) + "%"
	tab := &report.T{Name: "indices", Title: "Sobol' indices of " + out.Name,
		Note: fmt.Sprintf("first: the share of the variance a parameter explains alone; total: with its interactions; %s bootstrap intervals; by total order, largest first", level),
		Columns: []report.Column{{Name: "param"}, {Name: "first", Numeric: true, TextPlaces: 4}, {Name: "first_low", Numeric: true, TextPlaces: 4}, {Name: "first_high", Numeric: true, TextPlaces: 4},
			{Name: "total", Numeric: true, TextPlaces: 4}, {Name: "total_low", Numeric: true, TextPlaces: 4}, {Name: "total_high", Numeric: true, TextPlaces: 4}}}
	order := make([]int, len(res.Params))
	for i := range order {
		order[i] = i
	}
	sortLargestFirst(order, func(i int) float64 { return res.Indices[i].Total })
	var bars chart.IndexBars
	bars.Title = fmt.Sprintf("Sobol' indices of %s (N = %d, %s)", out.Name, res.N, e)
	bars.Subtitle = out.Name + ": " + out.Doc
	var sumFirst float64
	for _, i := range order {
		x := res.Indices[i]
		tab.Add(res.Params[i], num(x.First), num(x.FirstLo), num(x.FirstHi), num(x.Total), num(x.TotalLo), num(x.TotalHi))
		bars.Params = append(bars.Params, res.Params[i])
		bars.First = append(bars.First, x.First)
		bars.FirstLo = append(bars.FirstLo, x.FirstLo)
		bars.FirstHi = append(bars.FirstHi, x.FirstHi)
		bars.Total = append(bars.Total, x.Total)
		bars.TotalLo = append(bars.TotalLo, x.TotalLo)
		bars.TotalHi = append(bars.TotalHi, x.TotalHi)
		sumFirst += x.First
	}
	design := "Sobol' sequence"
	if *random {
		design = "pseudo-random"
	}
	if *scramble == "owen" {
		design = fmt.Sprintf("Sobol' sequence, Owen-scrambled (seed %d)", *seed)
	}
	warnings := setWarnings(st, *f.sets)
	notes := slices.Clone(res.Warnings)
	if res.IgnoredCorrelations {
		notes = append(notes, "the correlations of the uncertainty folder are left out: Sobol' indices assume independent inputs (sib shapley includes them)")
	}
	if *boot > 0 && *boot < 100 {
		notes = append(notes, fmt.Sprintf("%d bootstrap resamples give rough intervals: 1000 is usual", *boot))
	}
	warnings = append(warnings, notes...)
	doc := &report.Doc{Title: "Sobol' sensitivity: " + out.Doc,
		Meta: st.meta(report.Meta{Key: "output", Value: out.Name},
			report.Meta{Key: "n", Value: strconv.Itoa(res.N), Numeric: true},
			report.Meta{Key: "evaluations", Value: strconv.Itoa(res.Evaluations), Numeric: true},
			report.Meta{Key: "design", Value: design},
			report.Meta{Key: "estimator", Value: e.String()},
			report.Meta{Key: "bootstrap", Value: fmt.Sprintf("%d resamples, seed %d", *boot, *seed)},
			noNoiseMeta,
			outputMeta("mean", out, res.Mean),
			report.Meta{Key: "variance", Value: num(res.Variance), Numeric: true},
			report.Meta{Key: "sum_first", Value: num(sumFirst), Numeric: true}),
		Tables: []*report.T{tab, convergenceTable(res, order, level)}}
	if len(res.Groups) > 0 {
		doc.Tables = append(doc.Tables, groupsTable(res, level))
	}
	if len(notes) > 0 { // one key: JSON has one "note"
		doc.Meta = append(doc.Meta, report.Meta{Key: "note", Value: strings.Join(notes, "; ")})
	}
	plots := map[string]chartWriter{}
	if *f.plot != "" {
		plots[*f.plot] = bars
	}
	return st.finish(stdout, stderr, cmd, doc, *f.ff.format, *table, warnings, plots)
}

// convergenceTable is the indices from the first N/4, N/2 and N rows of
// the design, parameter by parameter in the indices table's order.
func convergenceTable(res *uncertainty.SobolResult, order []int, level string) *report.T {
	t := &report.T{Name: "convergence", Title: "Convergence: the indices from the first n rows of the design",
		Note: fmt.Sprintf("each n gives the indices a run with N = n gives; settled indices change little from n = N/4 to N; %s bootstrap intervals", level),
		Columns: []report.Column{{Name: "param"}, {Name: "n", Numeric: true}, {Name: "first", Numeric: true, TextPlaces: 4}, {Name: "first_low", Numeric: true, TextPlaces: 4}, {Name: "first_high", Numeric: true, TextPlaces: 4},
			{Name: "total", Numeric: true, TextPlaces: 4}, {Name: "total_low", Numeric: true, TextPlaces: 4}, {Name: "total_high", Numeric: true, TextPlaces: 4}}}
	for _, i := range order {
		for _, st := range res.Convergence {
			x := st.Indices[i]
			t.Add(res.Params[i], strconv.Itoa(st.N), num(x.First), num(x.FirstLo), num(x.FirstHi), num(x.Total), num(x.TotalLo), num(x.TotalHi))
		}
	}
	return t
}

// parseGroups reads the --group flags, NAME=P1,P2,…; it returns a usage
// message for a bad one.
func parseGroups(flags []string) ([]uncertainty.SobolGroup, string) {
	var gs []uncertainty.SobolGroup
	for _, f := range flags {
		name, list, ok := strings.Cut(f, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" || strings.TrimSpace(list) == "" {
			return nil, fmt.Sprintf("--group %q: expected NAME=P1,P2 (the parameters moved together)", f)
		}
		g := uncertainty.SobolGroup{Name: name}
		for _, p := range strings.Split(list, ",") {
			p = strings.TrimSpace(p)
			if p == "" || slices.Contains(g.Params, p) {
				return nil, fmt.Sprintf("--group %q: an empty or repeated parameter", f)
			}
			g.Params = append(g.Params, p)
		}
		for _, h := range gs {
			if h.Name == name {
				return nil, fmt.Sprintf("--group %q: group %s is given twice", f, name)
			}
		}
		gs = append(gs, g)
	}
	return gs, ""
}

// variedParam reports whether the spec varies the parameter name.
func variedParam(sp *uncertainty.Spec, name string) bool {
	for i := range sp.Params {
		if sp.Params[i].Name == name && sp.Params[i].Varies() {
			return true
		}
	}
	return false
}

// groupsTable is the indices of the --group groups, in their order.
func groupsTable(res *uncertainty.SobolResult, level string) *report.T {
	t := &report.T{Name: "groups", Title: "Sobol' indices of groups of parameters moved together",
		Note: fmt.Sprintf("first: the share of the variance the group explains alone (its members' first-order indices and their interactions among themselves); total: with its interactions with the rest; %s bootstrap intervals", level),
		Columns: []report.Column{{Name: "group"}, {Name: "params"}, {Name: "first", Numeric: true, TextPlaces: 4}, {Name: "first_low", Numeric: true, TextPlaces: 4}, {Name: "first_high", Numeric: true, TextPlaces: 4},
			{Name: "total", Numeric: true, TextPlaces: 4}, {Name: "total_low", Numeric: true, TextPlaces: 4}, {Name: "total_high", Numeric: true, TextPlaces: 4}}}
	for g, grp := range res.Groups {
		x := res.GroupIndices[g]
		t.Add(grp.Name, strings.Join(grp.Params, " "), num(x.First), num(x.FirstLo), num(x.FirstHi), num(x.Total), num(x.TotalLo), num(x.TotalHi))
	}
	return t
}

// sortLargestFirst orders parameters by key, largest first (NaN last),
// keeping the spec's order among equals.
func sortLargestFirst(order []int, key func(int) float64) {
	slices.SortStableFunc(order, func(a, b int) int {
		x, y := key(a), key(b)
		switch {
		case x != x || y != y: // NaN last
			return boolInt(x != x) - boolInt(y != y)
		case x > y:
			return -1
		case x < y:
			return 1
		}
		return 0
	})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

const outputsHelp = `Usage: sib outputs [flags] <scenario-folder>

Lists the outputs that tornado, grid, breakeven, simulate and sobol can
follow (their --output flag): the state's savings net of payments, outcome
payments, and every investor position's IRR, multiple, NPV and more. Where
the scenario's saving_measure is gross, state.net_gross says it is the
contract's measure: the commands' default output.

` + unitsHelp + `
Example:
  sib outputs testdata/estonia/scenario
`

func runOutputs(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("outputs", pflag.ContinueOnError)
	ff := addFormatFlags(fs)
	format := ff.format
	limits := addLimitFlag(fs)
	if code, done := parseFlags(fs, args, outputsHelp, stdout, stderr); done {
		return code
	}
	if msg := ff.problem(); msg != "" {
		return usageError(stderr, "outputs", "%s", msg)
	}
	if fs.NArg() != 1 {
		return usageError(stderr, "outputs", "expected one scenario folder, got %s", plural(fs.NArg(), "argument"))
	}
	dir := fs.Arg(0)
	if code, done := inputFolder(stderr, "outputs", dir, scenarioFolder); done {
		return code
	}
	lim, code, done := limitsOf(stderr, "outputs", *limits)
	if done {
		return code
	}
	s, err := scenario.LoadWith(dir, scenario.LoadOptions{Limits: lim})
	if err != nil {
		return dataError(stderr, "outputs", err)
	}
	noteLockFiles(lim.Notes, scenarioInputs(dir, s)...)
	t := &report.T{Name: "outputs", Title: "Outputs", Note: "money: in the scenario's currency, to the cent; rate: a fraction a year in CSV and JSON (0.05 = 5%), in % in text tables",
		Columns: []report.Column{{Name: "name"}, {Name: "unit"}, {Name: "description"}}}
	for _, o := range uncertainty.Outputs(s) {
		doc := o.Doc
		if s.Settings.SavingMeasure == scenario.GrossSaving && o.Name == uncertainty.StateNet(s) {
			doc += "; the contract's measure (saving_measure gross), the default --output"
		}
		t.Add(o.Name, o.Unit, doc)
	}
	doc := &report.Doc{Title: "Outputs of " + s.Settings.Name, Meta: []report.Meta{{Key: "currency", Value: s.Settings.Currency}}, Tables: []*report.T{t}}
	withProvenance(doc, fs, scenarioInputs(dir, s), nil)
	return emit(stdout, stderr, "outputs", output{doc: doc, format: *format, table: "outputs", notes: lim.Notes})
}
