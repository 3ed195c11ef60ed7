package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/outcomes"
)

const outcomesHelp = `Usage: sib outcomes [flags] <outcomes-folder>

Measures an intervention's effects against a counterfactual baseline from a
folder of CSV files: metrics.csv (each metric's kind, direction and method),
participants.csv (one row per participant and period) or aggregates.csv
(group totals), and optionally cohorts.csv, adjustments.csv and decay.csv
(see docs/outcomes.md). A matched comparison group comes as weights.csv
(sib match --weights), or as matching.csv and covariates.csv to match here:
metrics of method comparison or did between the matched groups then give
the effect on the treated (ATT), with standard errors that take the
matching as fixed: cluster-robust by matched set, or robust (HC3) with
replacement. --unmatched ignores those files: the plain (naive) comparison.

For each metric and cohort, and pooled over all cohorts, prints the observed
level, the counterfactual baseline, the effect (positive = better), its
standard error, confidence interval and p-value, and the relative effect;
then the adjustment waterfall from the gross to the net effect, year by
year (deadweight, displacement, attribution, drop-off).

Count metrics (comparison, historical, fixed) assume a Poisson variance
(variance = mean) by default, with exact Poisson intervals and p-values.
Where the values' variance is known (participants.csv, or aggregates with
sum_sq or sd) the dispersion column gives the Pearson dispersion of the
rate model (1 for Poisson data), and a warning says when the counts are
overdispersed (the chi-squared test at 5%). --count-variance quasi then
scales their standard errors by the square root of the dispersion, as R's
quasipoisson family: t intervals and p-values on the residual degrees of
freedom, the relative interval on the log rate ratio.

` + unitsHelp + `
Examples:
  sib outcomes testdata/estonia/outcomes
  sib outcomes --confidence 0.90 testdata/estonia/outcomes
  sib outcomes --format csv --table waterfall testdata/estonia/outcomes
  sib outcomes --bootstrap 2000 --seed 7 testdata/estonia/outcomes
  sib outcomes --count-variance quasi testdata/estonia/outcomes
  sib outcomes --xlsx outcomes.xlsx testdata/estonia/outcomes
  sib outcomes --unmatched testdata/matched
`

var outcomesTables = []string{"effects", "waterfall"}

func runOutcomes(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("outcomes", pflag.ContinueOnError)
	conf := fs.Float64("confidence", 0.95, "confidence level of the intervals")
	ff := addFormatFlags(fs).withTable("effects", "with --format csv, the table to write: "+strings.Join(outcomesTables, ", "), outcomesTables)
	ff.everyTable = true
	format, table := ff.format, ff.table
	outDir := fs.String("out", "", "also write every table as DIR/<table>.csv")
	xlsx := addXlsxFlag(fs)
	boot := fs.Int("bootstrap", 0, "add a bootstrap percentile interval from this many replicates")
	seed := fs.Uint64("seed", 1, "seed of the bootstrap")
	countVar := fs.String("count-variance", "poisson", "variance of count estimates: poisson (variance = mean) or quasi (scaled by the dispersion, as R quasipoisson)")
	limits := addLimitFlag(fs)
	unmatched := fs.Bool("unmatched", false, "ignore the folder's matching (weights.csv, matching.csv, covariates.csv): the plain comparison")
	workers := fs.Int("workers", 0, "goroutines for reading and the bootstrap (default: one per CPU); results do not depend on it")
	if code, done := parseFlags(fs, args, outcomesHelp, stdout, stderr); done {
		return code
	}
	if msg := ff.problem(); msg != "" {
		return usageError(stderr, "outcomes", "%s", msg)
	}
	cv, err := outcomes.ParseCountVariance(*countVar)
	if err != nil {
		return usageError(stderr, "outcomes", "--count-variance %q: expected poisson or quasi", *countVar)
	}
	switch {
	case !(*conf > 0 && *conf < 1):
		return usageError(stderr, "outcomes", "--confidence %v: expected a level between 0 and 1, such as 0.95", *conf)
	case *boot < 0 || *boot > 1_000_000:
		return usageError(stderr, "outcomes", "--bootstrap %d: expected 0 to 1000000 replicates", *boot)
	case fs.Changed("seed") && *boot == 0:
		return usageError(stderr, "outcomes", "--seed seeds the bootstrap: give --bootstrap N too")
	case *workers < 0:
		return usageError(stderr, "outcomes", "--workers %d: expected 1 or more (0: one per CPU)", *workers)
	case fs.NArg() != 1:
		return usageError(stderr, "outcomes", "expected one outcomes folder, got %s", plural(fs.NArg(), "argument"))
	}
	dir := fs.Arg(0)
	if code, done := inputFolder(stderr, "outcomes", dir, outcomesFolder); done {
		return code
	}
	lim, code, done := limitsOf(stderr, "outcomes", *limits)
	if done {
		return code
	}
	out := newBatch("outcomes", dir)
	defer out.Abort()
	if err := reserveTables(out, *outDir, outcomesTables, nil); err != nil {
		return dataError(stderr, "outcomes", err)
	}
	if code, done := reserveXlsx(stderr, "outcomes", out, *xlsx); done {
		return code
	}
	study, err := outcomes.Load(dir, outcomes.LoadOptions{KeepValues: *boot > 0, Workers: *workers, Limits: lim, Unmatched: *unmatched})
	if err != nil {
		return dataError(stderr, "outcomes", err)
	}
	noteLockFiles(lim.Notes, dir)
	// The bootstrap can run for minutes: stop it cleanly, as simulate does.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	res, err := outcomes.Estimate(ctx, study, outcomes.Options{Confidence: *conf, Bootstrap: *boot, Seed: *seed, Workers: *workers, CountVariance: cv})
	if err != nil {
		return libError(stderr, "outcomes", err)
	}
	rep := outcomesReport(dir, study, res, *boot, *seed, cv)
	if *unmatched {
		rep.Meta = append(rep.Meta, unmatchedMeta(dir)...)
	}
	doc := withProvenance(rep, fs, []string{dir}, nil)
	return emit(stdout, stderr, "outcomes", output{doc: doc, format: *format, table: *table, dir: *outDir, xlsx: *xlsx, warnings: res.Warnings, notes: lim.Notes, batch: out})
}

func outcomesReport(dir string, s *outcomes.Study, res *outcomes.Result, boot int, seed uint64, cv outcomes.CountVariance) *report.Doc {
	doc := &report.Doc{
		Title: "Effects against the counterfactual",
		Meta: []report.Meta{
			{Key: "confidence", Value: num(res.Confidence), Numeric: true},
			{Key: "effect", Value: "improvement: positive when the treatment group did better than the counterfactual"},
		},
	}
	if boot > 0 {
		doc.Meta = append(doc.Meta, report.Meta{Key: "bootstrap", Value: strconv.Itoa(boot), Numeric: true},
			report.Meta{Key: "seed", Value: strconv.FormatUint(seed, 10), Numeric: true})
	}
	counts := slices.ContainsFunc(res.Effects, poissonCount)
	if counts {
		doc.Meta = append(doc.Meta, countVarianceMeta(cv))
	}
	units := map[string]string{}
	for _, m := range s.Metrics {
		units[m.Name] = m.Unit
	}
	sig := func(name, title string) report.Column {
		return report.Column{Name: name, Title: title, Numeric: true, Text: sig4}
	}
	effects := &report.T{
		Name:  "effects",
		Title: "Effects by metric and cohort",
		Note:  fmt.Sprintf("effect = baseline − observed when lower is better, observed − baseline when higher is better; %s%% intervals; relative = effect / baseline", num(100*res.Confidence)),
		Columns: []report.Column{
			{Name: "metric"}, {Name: "cohort"}, {Name: "kind"}, {Name: "better"}, {Name: "method"}, {Name: "unit"},
			{Name: "n_treatment", Title: "n treated", Numeric: true}, {Name: "n_baseline", Title: "n baseline", Numeric: true},
			sig("observed", ""), sig("baseline", ""), sig("effect", ""), sig("se", ""), sig("low", ""), sig("high", ""),
			{Name: "p", Numeric: true, Text: pValue}, {Name: "df", Numeric: true, Text: dfText},
			{Name: "relative", Title: "relative %", Numeric: true, Text: percent1},
			{Name: "relative_low", Title: "rel low %", Numeric: true, Text: percent1},
			{Name: "relative_high", Title: "rel high %", Numeric: true, Text: percent1},
		},
	}
	if counts {
		effects.Columns = append(effects.Columns, report.Column{Name: "dispersion", Numeric: true, TextPlaces: 2})
	}
	if boot > 0 {
		effects.Columns = append(effects.Columns, sig("boot_low", "boot low"), sig("boot_high", "boot high"))
	}
	matched := anyMatched(res)
	if matched {
		effects.Columns = append(effects.Columns, matchedColumns()...)
		doc.Meta = append(doc.Meta, matchedMeta(dir, s, res)...)
	}
	for _, e := range res.Effects {
		row := []string{e.Metric, e.Cohort, e.Kind.String(), e.Direction.String(), matchedMethod(e), units[e.Metric],
			strconv.FormatInt(e.NTreatment, 10), strconv.FormatInt(e.NBaseline, 10),
			num(e.Observed), num(e.Baseline), num(e.Effect), num(e.SE), num(e.Low), num(e.High), num(e.P), num(e.DF),
			num(e.Relative), num(e.RelativeLow), num(e.RelativeHigh)}
		if counts {
			row = append(row, num(e.Dispersion))
		}
		if boot > 0 {
			row = append(row, num(e.BootLow), num(e.BootHigh))
		}
		if matched {
			row = append(row, matchedCells(e)...)
		}
		effects.Add(row...)
	}
	waterfall := &report.T{
		Name:  "waterfall",
		Title: "Adjustment waterfall: from the gross effect to the net effect, year by year",
		Note:  "applied in order: deadweight, displacement, attribution (the share due to this intervention), then drop-off or decay in later years; change is from the row above, and for later years from year 1",
		Columns: []report.Column{
			{Name: "metric"}, {Name: "cohort"}, {Name: "step"}, {Name: "year", Numeric: true},
			{Name: "factor", Numeric: true, Text: sig4}, sig("effect", ""), sig("change", ""), sig("low", ""), sig("high", ""),
			{Name: "relative", Title: "relative %", Numeric: true, Text: percent1},
		},
	}
	for _, st := range res.Waterfall {
		waterfall.Add(st.Metric, st.Cohort, st.Name, strconv.Itoa(st.Year), num(st.Factor), num(st.Effect), num(st.Change),
			num(st.Low), num(st.High), num(st.Relative))
	}
	doc.Tables = []*report.T{effects, waterfall}
	return doc
}

// poissonCount reports whether an effect is a count estimate whose
// variance --count-variance sets (comparison, historical, fixed; not
// matched): the rows with a dispersion.
func poissonCount(e outcomes.Effect) bool {
	return e.Kind == outcomes.Count && !e.Matched && e.Method != outcomes.Trend && e.Method != outcomes.DiD
}

// countVarianceMeta records the variance of count estimates.
func countVarianceMeta(cv outcomes.CountVariance) report.Meta {
	m := report.Meta{Key: "count_variance", Value: cv.String(),
		Text: "poisson (a count's variance equals its mean; --count-variance quasi scales count standard errors by √dispersion)"}
	if cv == outcomes.QuasiVariance {
		m.Text = "quasi (the Poisson variance times the dispersion, as R quasipoisson: count standard errors × √dispersion, t intervals and p-values on the residual df)"
	}
	return m
}

// sig4 shows a number with 4 significant digits, without an exponent for
// the magnitudes outcomes have.
func sig4(s string) string {
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || x == 0 {
		return s
	}
	places := 3 - int(math.Floor(math.Log10(math.Abs(x))))
	places = max(0, min(places, 12))
	out := strconv.FormatFloat(x, 'f', places, 64)
	if strings.Trim(out, "-0.") == "" {
		return "0"
	}
	return out
}

// dfText shows degrees of freedom: whole for a t test's n − k, to one
// place for Welch's.
func dfText(s string) string {
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	if x == math.Trunc(x) {
		return strconv.FormatFloat(x, 'f', 0, 64)
	}
	return strconv.FormatFloat(x, 'f', 1, 64)
}

// pValue shows a p-value to 4 places, or as below 0.0001.
func pValue(s string) string {
	x, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil:
		return s
	case x < 0.0001:
		return "<0.0001"
	}
	return strconv.FormatFloat(x, 'f', 4, 64)
}

// percent1 shows a share as a percentage with one decimal.
func percent1(s string) string { return percentText(s, 1) }

// percentText shows a share as a percentage with places decimals, never
// as "-0.0".
func percentText(s string, places int) string {
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	out := strconv.FormatFloat(100*x, 'f', places, 64)
	if strings.Trim(out, "-0.") == "" {
		return strings.TrimPrefix(out, "-")
	}
	return out
}
