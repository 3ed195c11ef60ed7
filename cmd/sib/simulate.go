package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/internal/chart"
	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/uncertainty"
)

const simulateHelp = `Usage: sib simulate [flags] <scenario-folder> <uncertainty-folder>

Monte Carlo: each draw sets the parameters of the uncertainty spec from
their distributions (rank-correlated through a Gaussian copula when the
folder has correlations.csv) and evaluates the deal. Draw i has its own
random stream from (--seed, i), so the results are identical for a given
seed whatever --workers is. The report gives each output's mean, standard
deviation, Monte Carlo standard error of the mean and percentiles, and the
chances that investors lose money, that an outcome payment is triggered and
that the state saves money net of payments, on the cashable measure and on
the gross one (capacity freed counted as saved, which many contracts are
priced on). The first output by default is the state's net saving on the
measure the scenario's saving_measure names (state.net, or state.net_gross).

Measurement noise (on unless --noise=false): where a metric's evaluation
design is known (its effect is measured in an outcomes folder), each
draw's contract tests, tiers and prices read the effect an evaluator
would measure on the cohorts (binomial, Poisson or normal sampling of the
treated and comparison groups around the true effect), and the state's
savings the true effect. The tables tests, oc and terms then give each
test's chance of passing, the chances of a payment not earned and of a
denial not deserved, P(pass) by bins of the true effect (the operating
characteristic) and each term's expected payment.

--draws-out FILE streams every draw (its parameters and outputs) to a CSV
file, or a Parquet file when FILE ends in .parquet; --hist and --cdf draw
the first output's distribution.

Shards (docs/cluster.md): --shard I/K --shard-out FILE computes only the
I-th of K shares of the draws (whole blocks of 4,096 draws) and writes a
shard file, with the draws' values in a Parquet file beside it; sib merge
puts the K files together into this report, byte for byte. Means and
standard deviations are summed in blocks of 4,096 draws in draw order,
shards or not. --sketch ddsketch[:ALPHA] takes the percentiles from a
mergeable DDSketch (each within ALPHA relative, default 0.01) in place of
every draw's value.
` + appraisalHelp + `
` + rankHelp + `
` + unitsHelp + `
Examples:
  sib simulate --draws 10000 --seed 1 testdata/estonia/scenario testdata/estonia/uncertainty
  sib simulate --draws 10000 --seed 1 --xlsx simulate.xlsx testdata/estonia/scenario testdata/estonia/uncertainty
  sib simulate --draws 100000 --output investors.irr,state.net --hist irr.png --cdf irr-cdf.svg testdata/estonia/scenario testdata/estonia/uncertainty
  sib simulate --draws 10000 --comparator --exposure --evpi testdata/estonia/scenario testdata/estonia/uncertainty
  sib simulate --exposure --exposure-plot exposure.svg --evpi --evpi-group effects=outcome.reconvictions.effect,outcome.custody_days.effect testdata/estonia/scenario testdata/estonia/uncertainty
  sib simulate --noise=false --draws 10000 testdata/estonia/scenario testdata/estonia/uncertainty
  sib simulate --draws 10000 --rank-tornado --rank-plot ranks.svg testdata/estonia/scenario testdata/estonia/uncertainty
  sib simulate --draws 100000 --shard 3/8 --shard-out shard-3.json testdata/estonia/scenario testdata/estonia/uncertainty
  sib simulate --draws 10000 --draws-out draws.parquet testdata/estonia/scenario testdata/estonia/uncertainty
`

func runSimulate(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("simulate", pflag.ContinueOnError)
	f := addSensitivityFlags(fs, "state.net,payments.total,investors.irr,investors.multiple", "")
	draws := fs.Int("draws", 10000, "the number of draws")
	seed := fs.Uint64("seed", 1, "the random seed")
	workers := fs.Int("workers", 0, "goroutines (0: one per CPU); the results do not depend on it")
	drawsOut := fs.String("draws-out", "", "stream every draw to FILE (CSV; Parquet when FILE ends in .parquet; - is stdout, the summary then goes to stderr)")
	hist := fs.String("hist", "", "draw a histogram of the first output to FILE (.png or .svg)")
	cdf := fs.String("cdf", "", "draw the cumulative distribution of the first output to FILE (.png or .svg)")
	shard := fs.String("shard", "", "compute only shard I of K (1-based: 3/8) of the draws and write it to --shard-out; sib merge prints the report of the shards together")
	shardOut := fs.String("shard-out", "", "with --shard, the shard FILE (JSON; the draws' values go to a Parquet file beside it)")
	sketch := fs.String("sketch", "", "take the percentiles from a mergeable DDSketch, ddsketch or ddsketch:ALPHA (relative accuracy, default 0.01), in place of every draw's value")
	noise := fs.Bool("noise", true, "test and pay the contract on effects measured with noise from the metrics' evaluation designs (--noise=false: on the true effects)")
	f.ff.withTable("summary", "with --format csv, the table to write: summary, chances, tests, oc or terms (the last three with measurement noise), comparator, exposure, decisions, evpi or ranks", append(append([]string{"summary", "chances", "tests", "oc", "terms"}, appraisalTables...), "ranks"))
	f.ff.choices = "summary, chances, tests, oc, terms, comparator, exposure, decisions, evpi or ranks"
	af := addAppraisalFlags(fs)
	rf := addRankFlags(fs)
	table := f.ff.table
	if code, done := parseFlags(fs, args, simulateHelp, stdout, stderr); done {
		return code
	}
	for flag, path := range map[string]string{"hist": *hist, "cdf": *cdf} {
		if path != "" {
			if _, err := chart.FormatOf(path); err != nil {
				return usageError(stderr, "simulate", "--%s: %v", flag, err)
			}
		}
	}
	alpha, err := parseSketch(*sketch)
	if err != nil {
		return usageError(stderr, "simulate", "%v", err)
	}
	var shardI, shardK int
	if *shard != "" || *shardOut != "" {
		if *shard == "" || *shardOut == "" {
			return usageError(stderr, "simulate", "--shard I/K and --shard-out FILE go together")
		}
		if shardI, shardK, err = parseShard(*shard); err != nil {
			return usageError(stderr, "simulate", "%v", err)
		}
		if msg := shardOutName(*shardOut); msg != "" {
			return usageError(stderr, "simulate", "%s", msg)
		}
		var refused string
		fs.Visit(func(fl *pflag.Flag) {
			if why, no := shardNoFlags[fl.Name]; no && refused == "" {
				refused = "--" + fl.Name + " needs every draw in one process: leave it out of the shards (sib merge gives the tables summary, chances, tests, oc and terms)"
				if why == "merge" {
					refused = "--" + fl.Name + " goes to sib merge, which prints the report of the shards together"
				}
			}
		})
		if refused != "" {
			return usageError(stderr, "simulate", "--shard: %s", refused)
		}
	}
	switch {
	case *draws < 1:
		return usageError(stderr, "simulate", "--draws %d: expected 1 or more", *draws)
	case *workers < 0:
		return usageError(stderr, "simulate", "--workers %d: expected 0 (one per CPU) or more", *workers)
	}
	// Before prepare's check of --format, as the table checks always were.
	if msg := f.ff.tableProblem(); msg != "" {
		return usageError(stderr, "simulate", "%s", msg)
	}
	if msg := af.check(table); msg != "" {
		return usageError(stderr, "simulate", "%s", msg)
	}
	if msg := rf.check(*table); msg != "" {
		return usageError(stderr, "simulate", "%s", msg)
	}
	if t := *table; !*noise && (t == "tests" || t == "oc" || t == "terms") {
		return usageError(stderr, "simulate", "--table %s: the tests' tables need measurement noise (leave out --noise=false)", t)
	}
	st, code, done := prepare("simulate", fs, f, true, stderr)
	if done {
		return code
	}
	outs, code, done := st.outputsOf("simulate", *f.output, stderr)
	if done {
		return code
	}
	if msg := af.checkGroups(st.spec); msg != "" {
		return usageError(stderr, "simulate", "%s", msg)
	}
	var valuesPath string
	if shardK > 0 {
		if _, count := shardRange(*draws, shardI, shardK); count > 0 {
			valuesPath = filepath.Join(filepath.Dir(*shardOut), valuesName(*shardOut))
		}
	}
	for _, r := range []struct{ flag, path string }{{"hist", *hist}, {"cdf", *cdf}, {"draws-out", *drawsOut}, {"exposure-plot", *af.exposurePlot}, {"rank-plot", *rf.plot}, {"shard-out", *shardOut}, {"shard-out", valuesPath}} {
		if r.path == "-" {
			continue // --draws-out -: standard output (parseFlags refuses "-" for the others)
		}
		if err := reserveFile(st.out, r.flag, r.path); err != nil {
			return dataError(stderr, "simulate", err)
		}
	}
	defer st.out.Abort()
	opt := uncertainty.SimOptions{Draws: *draws, Seed: *seed, Workers: *workers, Progress: progress(stderr, "simulate", "draws"), Appraise: af.on(), Noise: *noise, Sketch: alpha}
	if shardK > 0 {
		return runShard(st, opt, outs, shardRun{i: shardI, k: shardK, out: *shardOut, values: valuesPath, sketch: alpha, noise: *noise, warnings: setWarnings(st, *f.sets)}, stderr)
	}
	var flush func() error
	summaryTo := stdout // where the summary goes
	if *drawsOut != "" {
		var dst io.Writer
		if *drawsOut == "-" {
			// The draws are the data on stdout; the summary goes to stderr.
			dst, summaryTo = stdout, stderr
		} else {
			w, err := st.out.Stream(*drawsOut)
			if err != nil {
				return dataError(stderr, "simulate", fmt.Errorf("--draws-out: %w", err))
			}
			dst = w
		}
		if isParquet(*drawsOut) {
			var err error
			if opt.Each, flush, err = parquetDraws(dst, st, outs, *draws, *seed); err != nil {
				return dataError(stderr, "simulate", fmt.Errorf("--draws-out %s: %w", *drawsOut, err))
			}
		} else {
			bw := bufio.NewWriterSize(dst, 1<<16)
			hdr := []string{"draw"}
			for _, u := range st.spec.Params {
				hdr = append(hdr, report.SafeCell(u.Name))
			}
			for _, o := range outs {
				hdr = append(hdr, report.SafeCell(o.Name))
			}
			var hb bytes.Buffer
			report.AppendComments(&hb, &report.Doc{Title: "Monte Carlo draws: " + st.s.Settings.Name,
				Meta: st.meta(report.Meta{Key: "draws", Value: strconv.Itoa(*draws), Numeric: true},
					report.Meta{Key: "seed", Value: strconv.FormatUint(*seed, 10), Numeric: true})})
			report.AppendCSV(&hb, hdr)
			bw.Write(hb.Bytes())
			var line []byte
			opt.Each = func(i int, params, outputs []float64) error {
				line = strconv.AppendInt(line[:0], int64(i), 10)
				for _, v := range params {
					line = append(line, ',')
					line = appendNum(line, v)
				}
				for k, v := range outputs {
					line = append(line, ',')
					if outs[k].Unit == uncertainty.Money {
						line = append(line, cash(v)...)
					} else {
						line = appendNum(line, v)
					}
				}
				line = append(line, '\n')
				_, err := bw.Write(line)
				return err
			}
			flush = bw.Flush
		}
	}
	opt.Each = rf.each(st.spec, *draws, opt.Each)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	start := time.Now()
	sim, err := uncertainty.Simulate(ctx, st.m, st.base, st.spec, outs, opt)
	if err != nil {
		// A partial --draws-out file is removed by st.out.Abort.
		if errors.Is(err, uncertainty.ErrDraws) {
			err = fmt.Errorf("--draws: %w", err)
		}
		return libError(stderr, "simulate", err)
	}
	elapsed := time.Since(start)
	if flush != nil {
		if err := flush(); err != nil {
			return dataError(stderr, "simulate", fmt.Errorf("--draws-out %s: %w", *drawsOut, err))
		}
		if *drawsOut != "-" {
			st.written = append(st.written, fmt.Sprintf("wrote %d draws to %s", sim.Draws, *drawsOut))
		}
	}
	fmt.Fprintf(stderr, "sib simulate: %d draws in %.2f s\n", sim.Draws, elapsed.Seconds())
	rc := st.simContext(alpha)
	doc := simulateReportIn(rc, sim, false)
	noiseReport(st, sim, *noise, doc)
	first := sim.Summaries[0]
	marks := distMarks(first)
	plots := map[string]chartWriter{}
	title := fmt.Sprintf("%s: %d draws, seed %d", first.Output.Name, sim.Draws, sim.Seed)
	pctAxis := first.Output.Unit == uncertainty.Rate
	if *hist != "" {
		plots[*hist] = chart.Histogram{Title: title, XLabel: st.axisLabel(first.Output), Values: sim.Values[0], Marks: marks, Percent: pctAxis}
	}
	if *cdf != "" {
		plots[*cdf] = chart.CDF{Title: title, XLabel: st.axisLabel(first.Output), Values: sim.Values[0], Marks: marks, Percent: pctAxis}
	}
	if err := af.appraisal(st, sim, doc, plots); err != nil {
		return libError(stderr, "simulate", err)
	}
	if err := rf.add(st, sim, doc, plots); err != nil {
		return libError(stderr, "simulate", err)
	}
	warnings := setWarnings(st, *f.sets)
	if *f.ff.format == report.Table {
		// The summary in text shows rates in %; a workbook (--xlsx) has
		// the fractions of CSV, in a percentage format.
		show := *doc
		show.Tables = slices.Clone(doc.Tables)
		show.Tables[0] = simulateReportIn(rc, sim, true).Tables[0]
		st.show = &show
	}
	return st.finish(summaryTo, stderr, "simulate", doc, *f.ff.format, *table, warnings, plots)
}

// simContext is what a Monte Carlo's report says besides its results:
// from the study of a run, or from a shard file (sib merge).
type simContext struct {
	Title    string // the scenario's name
	Currency string
	Gross    bool // the contract's saving measure is gross
	// Meta is the study's metadata: provenance, scenario, uncertainty,
	// currency and discounting.
	Meta         []report.Meta
	Varied, Corr int     // parameters drawn, rank correlations
	Sketch       float64 // --sketch's relative accuracy; 0 for exact percentiles
}

// simContext returns the context of a run's report.
func (st *study) simContext(sketch float64) simContext {
	c := simContext{Title: st.s.Settings.Name, Currency: st.s.Settings.Currency, Gross: st.s.Settings.SavingMeasure == scenario.GrossSaving,
		Meta: st.meta(), Corr: len(st.spec.Corr), Sketch: sketch}
	for _, u := range st.spec.Params {
		if u.Varies() {
			c.Varied++
		}
	}
	return c
}

// setWarnings warns of each --set change to a parameter the spec draws.
func setWarnings(st *study, sets []string) []string {
	var warnings []string
	for _, kv := range sets {
		name, _, _ := strings.Cut(kv, "=")
		for _, u := range st.spec.Params {
			if u.Name == strings.TrimSpace(name) {
				warnings = append(warnings, fmt.Sprintf("--set %s changes a parameter of the spec: every draw sets it from its distribution (or its fixed value)", kv))
			}
		}
	}
	return warnings
}

func simulateReport(st *study, sim *uncertainty.Simulation, text bool) *report.Doc {
	return simulateReportIn(st.simContext(0), sim, text)
}

// simulateReportIn is a Monte Carlo's report of sim in context c.
func simulateReportIn(c simContext, sim *uncertainty.Simulation, text bool) *report.Doc {
	sum := &report.T{Name: "summary", Title: "Outputs over the draws",
		Note: "money in " + c.Currency + " to the cent, rates in % a year (fractions in CSV and JSON); se: Monte Carlo standard error of the mean; p5 … p95: percentiles; missing: draws where the output does not exist (an IRR without a root, a payback that never comes), left out of the rest",
		Columns: []report.Column{{Name: "output"}, {Name: "mean", Numeric: true}, {Name: "sd", Numeric: true}, {Name: "se", Numeric: true},
			{Name: "p5", Numeric: true}, {Name: "p25", Numeric: true}, {Name: "p50", Numeric: true}, {Name: "p75", Numeric: true}, {Name: "p95", Numeric: true},
			{Name: "min", Numeric: true}, {Name: "max", Numeric: true}, {Name: "n", Numeric: true}, {Name: "missing", Numeric: true}}}
	for i := 1; i <= 10; i++ {
		sum.Columns[i].Text = func(s string) string { return s }
	}
	for _, s := range sim.Summaries {
		f := inUnit(s.Output, text)
		sum.Add(s.Output.Name, f(s.Mean), f(s.SD), f(s.SE), f(s.P5), f(s.P25), f(s.P50), f(s.P75), f(s.P95),
			f(s.Min), f(s.Max), strconv.Itoa(s.N), strconv.Itoa(s.Missing))
	}
	chNote := "the share of draws in which the event happened, with its Monte Carlo standard error"
	if c.Gross {
		chNote += "; the contract's measure of the state's saving is gross (saving_measure)"
	}
	ch := &report.T{Name: "chances", Title: "Chances",
		Note:    chNote,
		Columns: []report.Column{{Name: "event"}, {Name: "probability", Numeric: true, Text: func(s string) string { return percentText(s, 2) + "%" }}, {Name: "se", Numeric: true, Text: func(s string) string { return percentText(s, 2) + "%" }}, {Name: "draws", Numeric: true}}}
	for _, e := range sim.Chances {
		ch.Add(e.Event, num(e.P), num(e.SE), strconv.Itoa(e.Count))
	}
	meta := append(slices.Clone(c.Meta), report.Meta{Key: "draws", Value: strconv.Itoa(sim.Draws), Numeric: true},
		report.Meta{Key: "seed", Value: strconv.FormatUint(sim.Seed, 10), Numeric: true},
		report.Meta{Key: "varied", Value: fmt.Sprintf("%d parameters, %d rank correlations", c.Varied, c.Corr)})
	if c.Sketch > 0 {
		a := strconv.FormatFloat(100*c.Sketch, 'f', -1, 64) + "%"
		meta = append(meta, report.Meta{Key: "percentiles", Value: "from a DDSketch of relative accuracy " + a + ": each of p5 … p95 is within " + a + " of the value of the draw at its rank, ⌊q(n−1)⌋ from 0 in increasing order (not interpolated); mean, sd, se, min and max are exact"})
	}
	return &report.Doc{Title: "Monte Carlo: " + c.Title, Meta: meta, Tables: []*report.T{sum, ch}}
}

// inUnit formats an output's value for text by its unit: money to the
// cent, rates in %, the rest to 4 significant digits. CSV and JSON keep
// every digit.
func inUnit(out uncertainty.Output, text bool) func(float64) string {
	if !text {
		return func(x float64) string { return outputValue(out, x) }
	}
	return func(x float64) string {
		switch s := num(x); {
		case s == "":
			return ""
		case out.Unit == uncertainty.Money:
			return cash(x)
		case out.Unit == uncertainty.Rate:
			return pct(s) + "%"
		default:
			return sig4(s)
		}
	}
}

// distMarks are the marks of an output's histogram and distribution
// chart: its mean and median, and 0 (break-even, or no gain for a rate)
// when the draws fall on both sides of it.
func distMarks(first uncertainty.Summary) []chart.Mark {
	marks := []chart.Mark{{Label: "mean", X: first.Mean}, {Label: "median", X: first.P50}}
	if u := first.Output.Unit; (u == uncertainty.Money || u == uncertainty.Rate) && first.Min < 0 && first.Max > 0 {
		label := "break-even"
		if u == uncertainty.Rate {
			label = "no gain"
		}
		marks = append(marks, chart.Mark{Label: label, X: 0})
	}
	return marks
}
