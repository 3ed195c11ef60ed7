package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/internal/chart"
	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/outcomes/matching"
)

const matchHelp = `Usage: sib match [flags] <outcomes-folder>

Builds a matched comparison group by propensity-score matching, as the
Peterborough prison bond's assessor did: reads matching.csv (the groups,
covariates and options) and covariates.csv (one row per unit: id, group,
cohort and the covariates) from an outcomes folder, fits one logistic
propensity model over all units, matches each cohort's treated units to
their k nearest pool units of the same cohort (or of none) on the linear
logit of the score, and prints the sample sizes, the propensity model and
the balance of the covariates before and after matching (see
docs/outcomes.md, "Matched comparison groups").

The balance is pooled over the cohorts unless --cohort names one. SMD is
the standardised mean difference, divided by the treated group's standard
deviation (MatchIt's convention for the effect on the treated); a binary
covariate's means are shares (% in the text table, fractions in CSV and
JSON). The text table shows the sizes, the model and the balance; JSON
adds the matched sets; --format csv writes the one table --table names.

The flags --k, --caliper, --replace, --distance, --order and --discard
override matching.csv. --weights writes weights.csv, the matching weights
that sib outcomes reads back in place of matching.csv.

Examples:
  sib match testdata/matched
  sib match --cohort 2025 --k 5 testdata/matched
  sib match --format csv --table model testdata/matched
  sib match --weights weights.csv --plot love.svg testdata/matched
`

// matchTables are the tables of sib match.
var matchTables = []string{"sizes", "model", "balance", "sets"}

func runMatch(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("match", pflag.ContinueOnError)
	ff := addFormatFlags(fs).withTable("balance", "with --format csv, the table to write: "+strings.Join(matchTables, ", "), matchTables)
	ff.everyTable = true
	cohort := fs.String("cohort", "", "show the sizes, balance and sets of this cohort (default: pooled over the cohorts)")
	weights := fs.String("weights", "", "also write the matching weights to FILE (weights.csv: cohort, id, group, weight, subclass)")
	plot := fs.String("plot", "", "also draw a Love plot (absolute SMD before and after) to FILE (.svg or .png)")
	outDir := fs.String("out", "", "also write every table as DIR/<table>.csv")
	// These flags override matching.csv only when given: their zero
	// defaults keep --help from showing a default that is not used.
	const fromSpec = " (default: matching.csv's setting)"
	k := fs.Int("k", 0, "controls per treated unit, 1 to 10"+fromSpec)
	caliper := fs.Float64("caliper", 0, "largest distance in standard deviations of the distance; 0: none"+fromSpec)
	replace := fs.String("replace", "", "match with replacement: true or false"+fromSpec)
	distance := fs.String("distance", "", "distance: logit (the linear logit of the score) or score"+fromSpec)
	order := fs.String("order", "", "order in which treated units pick their matches: largest, smallest or data"+fromSpec)
	discard := fs.String("discard", "", "common support: none, treated, control or both"+fromSpec)
	limits := addLimitFlag(fs)
	workers := fs.Int("workers", 0, "goroutines for the matching (default: one per CPU); results do not depend on it")
	if code, done := parseFlags(fs, args, matchHelp, stdout, stderr); done {
		return code
	}
	if msg := ff.problem(); msg != "" {
		return usageError(stderr, "match", "%s", msg)
	}
	over, msg := matchOverrides(fs, *k, *caliper, *replace, *distance, *order, *discard, *workers)
	switch {
	case msg != "":
		return usageError(stderr, "match", "%s", msg)
	case fs.NArg() != 1:
		return usageError(stderr, "match", "expected one outcomes folder, got %s", plural(fs.NArg(), "argument"))
	}
	if *plot != "" {
		if _, err := chart.FormatOf(*plot); err != nil {
			return usageError(stderr, "match", "--plot: %v", err)
		}
	}
	dir := fs.Arg(0)
	if code, done := inputFolder(stderr, "match", dir, outcomesFolder); done {
		return code
	}
	lim, code, done := limitsOf(stderr, "match", *limits)
	if done {
		return code
	}
	out := newBatch("match", dir)
	defer out.Abort()
	if err := reserveTables(out, *outDir, matchTables, nil); err != nil {
		return dataError(stderr, "match", err)
	}
	for _, f := range []struct{ flag, path string }{{"weights", *weights}, {"plot", *plot}} {
		if err := reserveFile(out, f.flag, f.path); err != nil {
			return dataError(stderr, "match", err)
		}
	}
	spec, d, err := loadMatching(dir, lim, over)
	if err != nil {
		return dataError(stderr, "match", err)
	}
	if *cohort != "" && !hasTreated(d, *cohort) {
		return usageError(stderr, "match", "--cohort %s: no treated units of that cohort in %s", *cohort, d.Source)
	}
	noteLockFiles(lim.Notes, dir)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	res, err := matching.RunWith(ctx, d, spec, matching.RunOptions{Cohorts: cohortsOf(dir, lim)})
	if err != nil {
		// The propensity model's warnings often say why the matching failed.
		if res != nil && res.Fit != nil {
			for _, w := range res.Fit.Warnings {
				if strings.Contains(err.Error(), strings.TrimPrefix(w, "complete separation: ")) {
					continue // the error says it
				}
				fmt.Fprintf(stderr, "sib match: warning: %s\n", w)
			}
		}
		return libError(stderr, "match", err)
	}
	sel, ok := selectCohort(res, *cohort)
	if !ok {
		return usageError(stderr, "match", "--cohort %s: no treated units of that cohort in %s", *cohort, d.Source)
	}
	doc := withProvenance(matchReport(res, sel, *cohort), fs, []string{dir}, nil)
	o := output{doc: doc, format: *ff.format, table: *ff.table, dir: *outDir, warnings: res.Warnings(), notes: lim.Notes, batch: out}
	if *ff.format == report.Table {
		o.show = &report.Doc{Title: doc.Title, Meta: doc.Meta, Tables: doc.Tables[:3]}
	}
	if *weights != "" {
		var buf bytes.Buffer
		if err := matching.WriteWeightsNote(&buf, res, "written by "+commandLine(fs)); err != nil {
			return dataError(stderr, "match", err)
		}
		if err := out.Put(*weights, buf.Bytes()); err != nil {
			return dataError(stderr, "match", fmt.Errorf("--weights: %w", err))
		}
		o.written = append(o.written, fmt.Sprintf("wrote the weights of %s to %s", plural(strings.Count(buf.String(), "\n")-1, "unit"), *weights))
	}
	if *plot != "" {
		o.plots = map[string]chartWriter{*plot: lovePlot(sel, *cohort)}
	}
	return emit(stdout, stderr, "match", o)
}

// matchOverrides checks the flags that override matching.csv and returns
// the function that applies those given, or the message of a usage error.
func matchOverrides(fs *pflag.FlagSet, k int, caliper float64, replace, distance, order, discard string, workers int) (func(*matching.Spec), string) {
	for _, s := range []*string{&replace, &distance, &order, &discard} {
		keyword(s)
	}
	var (
		link matching.Link
		ord  matching.Order
		dis  matching.Discard
		rep  bool
		err  error
	)
	// Only the flags given are checked: the others keep matching.csv's
	// settings.
	if fs.Changed("distance") {
		if link, err = matching.ParseLink(distance); err != nil {
			return nil, "--distance " + distance + ": expected logit or score"
		}
	}
	if fs.Changed("order") {
		if ord, err = matching.ParseOrder(order); err != nil {
			return nil, "--order " + order + ": expected largest, smallest or data"
		}
	}
	if fs.Changed("discard") {
		if dis, err = matching.ParseDiscard(discard); err != nil {
			return nil, "--discard " + discard + ": expected none, treated, control or both"
		}
	}
	if fs.Changed("replace") {
		// A value flag, not a bool one, so that --replace false works
		// as it reads (a pflag bool would need --replace=false).
		switch replace {
		case "true":
			rep = true
		case "false":
		default:
			return nil, "--replace " + replace + ": expected true or false"
		}
	}
	switch {
	case fs.Changed("k") && (k < 1 || k > matching.MaxK):
		return nil, fmt.Sprintf("--k %d: expected 1 to %d controls per treated unit", k, matching.MaxK)
	case !(caliper >= 0) || math.IsInf(caliper, 0):
		return nil, fmt.Sprintf("--caliper %v: expected a width in standard deviations, 0 or more (0: none)", caliper)
	case workers < 0:
		return nil, fmt.Sprintf("--workers %d: expected 1 or more (0: one per CPU)", workers)
	}
	return func(s *matching.Spec) {
		o := &s.Options
		set := map[string]func(){
			"k": func() { o.K = k }, "caliper": func() { o.Caliper = caliper }, "replace": func() { o.Replace = rep },
			"distance": func() { s.Link = link }, "order": func() { o.Order = ord }, "discard": func() { o.Discard = dis },
		}
		for name, f := range set {
			if fs.Changed(name) {
				f()
			}
		}
		o.Workers = workers
	}, ""
}

// loadMatching reads matching.csv and covariates.csv of an outcomes
// folder; over applies the flags to the spec before covariates.csv is read,
// so that --workers reaches the reading.
func loadMatching(dir string, lim csvio.Limits, over func(*matching.Spec)) (*matching.Spec, *matching.Data, error) {
	path := func(n string) string { return filepath.Join(dir, n) }
	var spec *matching.Spec
	fh, err := csvio.Open(path(matching.SpecFile), lim)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, &csvio.Error{File: path(matching.SpecFile), Err: fmt.Errorf("%w: no %s: sib match needs it beside %s (see docs/outcomes.md, \"Matched comparison groups\")", matching.ErrInput, matching.SpecFile, matching.DataFile)}
	}
	if err != nil {
		return nil, nil, err
	}
	spec, err = matching.ReadSpec(fh, path(matching.SpecFile))
	fh.Close()
	if err != nil {
		return nil, nil, err
	}
	over(spec)
	fh, err = csvio.Open(path(matching.DataFile), lim)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, &csvio.Error{File: path(matching.DataFile), Err: fmt.Errorf("%w: no %s: one row per unit with id, group, cohort and the covariates", matching.ErrInput, matching.DataFile)}
	}
	if err != nil {
		return nil, nil, err
	}
	defer fh.Close()
	d, err := matching.ReadData(fh, path(matching.DataFile), spec)
	return spec, d, err
}

// cohortsOf returns the cohorts of the folder's cohorts.csv, in order, or
// nil when it has none (or it cannot be read: sib outcomes says why).
func cohortsOf(dir string, lim csvio.Limits) []string {
	fh, err := csvio.Open(filepath.Join(dir, "cohorts.csv"), lim)
	if err != nil {
		return nil
	}
	defer fh.Close()
	cr, err := csvio.NewReader(fh, "cohorts.csv", []csvio.Column{{Name: "cohort", Required: true}})
	if err != nil {
		return nil
	}
	var out []string
	for cr.Next() {
		out = append(out, cr.Field(0))
	}
	if cr.Err() != nil {
		return nil
	}
	return out
}

// selected is the part of a matching a report shows: one cohort's or the
// pooled balance, and the cohorts whose sizes and sets it lists.
type selected struct {
	balance *matching.Balance
	cohorts []matching.CohortMatch
	label   string
}

func selectCohort(res *matching.Result, cohort string) (selected, bool) {
	if cohort == "" {
		return selected{balance: res.Pooled, cohorts: res.Cohorts, label: "pooled"}, true
	}
	for _, cm := range res.Cohorts {
		if cm.Cohort == cohort {
			return selected{balance: cm.Balance, cohorts: []matching.CohortMatch{cm}, label: cohort}, true
		}
	}
	return selected{}, false
}

func matchReport(res *matching.Result, sel selected, cohort string) *report.Doc {
	s := res.Spec
	caliper := "none"
	if s.Options.Caliper > 0 {
		caliper = num(s.Options.Caliper)
	}
	exact := strings.Join(s.Exact, " ")
	if exact == "" {
		exact = "none"
	}
	doc := &report.Doc{
		Title: "Propensity-score matching",
		Meta: []report.Meta{
			{Key: "cohort", Value: sel.label},
			{Key: "treatment", Value: s.Treatment}, {Key: "pool", Value: s.Pool},
			{Key: "distance", Value: s.Link.String()},
			{Key: "k", Value: strconv.Itoa(s.Options.K), Numeric: true},
			{Key: "replace", Value: strconv.FormatBool(s.Options.Replace)},
			{Key: "caliper", Value: caliper},
			{Key: "order", Value: s.Options.Order.String()},
			{Key: "discard", Value: s.Options.Discard.String()},
			{Key: "exact", Value: exact},
		},
	}
	doc.Tables = []*report.T{sizesTable(res, sel), modelTable(res.Fit), balanceTable(sel), setsTable(res, sel)}
	return doc
}

// sizesTable is MatchIt's sample sizes: all, matched (effective sample
// size and count), unmatched and discarded, by group, per cohort listed
// and, pooled, over them (a pool unit of every cohort counts in each).
func sizesTable(res *matching.Result, sel selected) *report.T {
	t := &report.T{Name: "sizes", Title: "Sample sizes",
		Note:    "matched (ESS) is the effective sample size of the weighted controls, (Σw)²/Σw²; unmatched treated units are dropped from the effect",
		Columns: []report.Column{{Name: "cohort"}, {Name: "sample"}, {Name: "treated", Numeric: true, RowText: sizeText}, {Name: "control", Numeric: true, RowText: sizeText}}}
	var all sizeCounts
	for _, cm := range sel.cohorts {
		c := countSizes(res.Data, cm)
		c.rows(t, cm.Cohort)
		all.add(c)
	}
	if len(sel.cohorts) > 1 {
		all.rows(t, "pooled")
	}
	return t
}

// sizeText shows a count as it is, and an effective sample size with 2
// decimals, as MatchIt prints it.
func sizeText(row []string, cell string) string {
	x, err := strconv.ParseFloat(cell, 64)
	if err != nil || row[1] != "matched (ESS)" || x == math.Trunc(x) {
		return cell
	}
	return strconv.FormatFloat(x, 'f', 2, 64)
}

// sizeCounts are the sample sizes of a cohort, [treated, control].
type sizeCounts struct {
	all, matched, unmatched, discarded [2]int
	sw, sw2                            float64 // the controls' weights and their squares, summed
	treatedW                           float64
}

func countSizes(d *matching.Data, cm matching.CohortMatch) sizeCounts {
	var c sizeCounts
	m := cm.Matches
	for j, i := range cm.Rows {
		g := 1
		if d.Treated[i] {
			g = 0
		}
		c.all[g]++
		w := m.Weights[j]
		switch {
		case len(m.Discarded) > j && m.Discarded[j]:
			c.discarded[g]++
		case w > 0:
			c.matched[g]++
			if g == 1 {
				c.sw += w
				c.sw2 += w * w
			} else {
				c.treatedW += w
			}
		default:
			c.unmatched[g]++
		}
	}
	return c
}

func (c *sizeCounts) add(o sizeCounts) {
	for g := range 2 {
		c.all[g] += o.all[g]
		c.matched[g] += o.matched[g]
		c.unmatched[g] += o.unmatched[g]
		c.discarded[g] += o.discarded[g]
	}
	// Pooled, each cohort's control weights are rescaled to sum to its
	// matched treated units, as in the pooled balance and effect
	// (matching.PooledWeights).
	f := 1.0
	if o.sw > 0 {
		f = o.treatedW / o.sw
	}
	c.sw += o.sw * f
	c.sw2 += o.sw2 * f * f
	c.treatedW += o.treatedW
}

func (c sizeCounts) rows(t *report.T, cohort string) {
	it := func(n int) string { return strconv.Itoa(n) }
	ess := math.NaN()
	if c.sw2 > 0 {
		ess = c.sw * c.sw / c.sw2
	}
	t.Add(cohort, "all", it(c.all[0]), it(c.all[1]))
	t.Add(cohort, "matched (ESS)", num(c.treatedW), num(ess))
	t.Add(cohort, "matched", it(c.matched[0]), it(c.matched[1]))
	t.Add(cohort, "unmatched", it(c.unmatched[0]), it(c.unmatched[1]))
	t.Add(cohort, "discarded", it(c.discarded[0]), it(c.discarded[1]))
}

// modelTable is the propensity model's coefficients, with Wald z tests.
func modelTable(f *matching.Fit) *report.T {
	conv := "converged"
	if !f.Converged {
		conv = "did not converge"
	}
	t := &report.T{Name: "model", Title: "Propensity model: logistic regression of treatment on the covariates",
		Note: fmt.Sprintf("IRLS %s in %s; deviance %s; z = coef/se, p two-sided (normal)", conv, plural(f.Iter, "iteration"), strconv.FormatFloat(f.Deviance, 'f', 2, 64)),
		Columns: []report.Column{{Name: "term"}, {Name: "coef", Numeric: true, Text: sig4}, {Name: "se", Numeric: true, Text: sig4},
			{Name: "z", Numeric: true, TextPlaces: 2}, {Name: "p", Numeric: true, Text: pValue}}}
	for j, n := range f.Names {
		z, p := math.NaN(), math.NaN()
		if j < len(f.SE) && f.SE[j] > 0 {
			z = f.Coef[j] / f.SE[j]
			p = math.Erfc(math.Abs(z) / math.Sqrt2)
		}
		se := math.NaN()
		if j < len(f.SE) {
			se = f.SE[j]
		}
		t.Add(n, num(f.Coef[j]), num(se), num(z), num(p))
	}
	return t
}

// balanceTable is the balance before (all data) and after matching.
func balanceTable(sel selected) *report.T {
	share := func(row []string, cell string) string {
		if row[3] == "true" {
			return percentText(cell, 1) + "%"
		}
		return sig4(cell)
	}
	t := &report.T{Name: "balance", Title: "Covariate balance: all data and matched (" + sel.label + ")",
		Note: "smd: standardised mean difference, divided by the treated group's SD before matching (MatchIt); smd_cobalt: a binary covariate's raw difference in shares (cobalt); var_ratio treated/control; ecdf: mean and largest eCDF difference; |smd| above 0.1 is poor balance",
		Columns: []report.Column{{Name: "cohort"}, {Name: "sample"}, {Name: "covariate"}, {Name: "binary", Bool: true, Text: yesBlank},
			{Name: "mean_treated", Title: "mean treated", Numeric: true, RowText: share},
			{Name: "mean_control", Title: "mean control", Numeric: true, RowText: share},
			{Name: "smd", Numeric: true, TextPlaces: 4}, {Name: "smd_cobalt", Title: "smd cobalt", Numeric: true, TextPlaces: 4},
			{Name: "var_ratio", Title: "var ratio", Numeric: true, TextPlaces: 4},
			{Name: "ecdf_mean", Title: "ecdf mean", Numeric: true, TextPlaces: 4}, {Name: "ecdf_max", Title: "ecdf max", Numeric: true, TextPlaces: 4}}}
	if sel.balance == nil {
		return t
	}
	for _, part := range []struct {
		name string
		rows []matching.BalanceRow
	}{{"all", sel.balance.Before}, {"matched", sel.balance.After}} {
		for _, r := range part.rows {
			t.Add(sel.label, part.name, r.Name, strconv.FormatBool(r.Binary), num(r.MeanTreated), num(r.MeanControl),
				num(none(r.SMD)), num(none(r.SMDCobalt)), num(r.VarRatio), num(none(r.ECDFMean)), num(none(r.ECDFMax)))
		}
	}
	return t
}

// none prints a balance difference below MatchIt's threshold for no
// difference (sqrt of the machine epsilon, 1.5e-8) as 0: an exactly
// matched covariate's means differ by rounding alone (1.8e-15), which is
// float noise, not imbalance. The library keeps the raw value.
func none(x float64) float64 {
	if math.Abs(x) < 1.4901161193847656e-08 {
		return 0
	}
	return x
}

// yesBlank shows a boolean cell in text as the CLI's other tables do:
// "yes", or blank for false; CSV and JSON keep true and false.
func yesBlank(cell string) string {
	if cell == "true" {
		return "yes"
	}
	return ""
}

// setsTable lists the matched sets: each treated unit with its controls,
// nearest first, and their distances.
func setsTable(res *matching.Result, sel selected) *report.T {
	t := &report.T{Name: "sets", Title: "Matched sets",
		Note: "one row per treated unit and control matched to it, nearest first; set is the subclass of weights.csv, numbered across cohorts in cohort order",
		Columns: []report.Column{{Name: "cohort"}, {Name: "set", Numeric: true}, {Name: "treated"}, {Name: "control"}, {Name: "rank", Numeric: true},
			{Name: "distance_treated", Numeric: true, Text: sig4}, {Name: "distance_control", Numeric: true, Text: sig4}}}
	dist := res.Fit.Logit
	if res.Spec.Link == matching.Score {
		dist = res.Fit.Score
	}
	set := 0
	for _, cm := range res.Cohorts {
		m := cm.Matches
		shown := slices.ContainsFunc(sel.cohorts, func(c matching.CohortMatch) bool { return c.Cohort == cm.Cohort })
		for k, tr := range m.Treated {
			if len(m.Controls[k]) == 0 {
				continue
			}
			set++
			if !shown {
				continue
			}
			if sc := m.Subclass[tr]; sc > 0 {
				set = int(sc) // the subclass of weights.csv, when the matching numbers it
			}
			ti := cm.Rows[tr]
			for r, c := range m.Controls[k] {
				ci := cm.Rows[c]
				t.Add(cm.Cohort, strconv.Itoa(set), res.Data.IDs[ti], res.Data.IDs[ci], strconv.Itoa(r+1), num(dist[ti]), num(dist[ci]))
			}
		}
	}
	return t
}

// lovePlot is the Love plot of the balance shown.
func lovePlot(sel selected, cohort string) chart.Love {
	l := chart.Love{Title: "Covariate balance", Subtitle: "pooled over the cohorts; SMD divided by the treated group's SD before matching"}
	if cohort != "" {
		l.Subtitle = "cohort " + cohort + "; SMD divided by the treated group's SD before matching"
	}
	if sel.balance == nil {
		return l
	}
	after := map[string]float64{}
	for _, r := range sel.balance.After {
		after[r.Name] = r.SMD
	}
	for _, r := range sel.balance.Before {
		a, ok := after[r.Name]
		if !ok {
			a = math.NaN()
		}
		l.Names = append(l.Names, r.Name)
		l.Before = append(l.Before, r.SMD)
		l.After = append(l.After, a)
	}
	return l
}

// hasTreated reports whether cohort c has treated units.
func hasTreated(d *matching.Data, c string) bool {
	for i, t := range d.Treated {
		if t && d.Cohort[i] == c {
			return true
		}
	}
	return false
}
