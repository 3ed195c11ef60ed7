package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/internal/chart"
	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/internal/safeout"
	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/uncertainty"
)

// chanceTables are the tables of sib run --chance.
var chanceTables = []string{"chance", "oc", "expected"}

// chance's noise-only Monte Carlo of the expected payment.
const (
	chanceDraws = 10000
	chanceSeed  = 1
	ocPoints    = 17
)

// runChance is sib run --chance: at the base inputs, the exact chance
// that each test passes on the effects an evaluator measures, the
// operating characteristic over a grid of true effects, and the expected
// payment of each term from a noise-only Monte Carlo.
func runChance(fs *pflag.FlagSet, dir string, s *scenario.Scenario, sets *[]string, lim csvio.Limits, format, table, outDir, xlsx, plot string, out *safeout.Batch, stdout, stderr io.Writer) int {
	if err := reserveTables(out, outDir, chanceTables, nil); err != nil {
		return dataError(stderr, "run", err)
	}
	m, code, done := compileSets(stderr, "run", dir, s, *sets, lim)
	if done {
		return code
	}
	v := s.Values()
	tests, err := uncertainty.ExactTests(m, v, ocPoints)
	if err != nil {
		return dataError(stderr, "run", fmt.Errorf("--chance: %w", err))
	}
	paths := chancePlotPaths(plot, tests)
	for _, p := range paths {
		if err := reserveFile(out, "plot", p.path); err != nil {
			return dataError(stderr, "run", err)
		}
	}
	outs, err := uncertainty.ParseOutputs(s, "payments.total")
	if err != nil {
		return dataError(stderr, "run", err)
	}
	sim, err := uncertainty.Simulate(context.Background(), m, v, &uncertainty.Spec{}, outs, uncertainty.SimOptions{Draws: chanceDraws, Seed: chanceSeed, Noise: true})
	if err != nil {
		return dataError(stderr, "run", err)
	}
	doc := withProvenance(chanceReport(s, tests, sim), fs, scenarioInputs(dir, s), sets)
	plots := map[string]chartWriter{}
	for _, p := range paths {
		plots[p.path] = p.chart
	}
	return emit(stdout, stderr, "run", output{doc: doc, format: format, table: table, dir: outDir, xlsx: xlsx, notes: lim.Notes, batch: out, plots: plots})
}

func chanceReport(s *scenario.Scenario, tests []uncertainty.ExactTest, sim *uncertainty.Simulation) *report.Doc {
	pc := func(x string) string { return percentText(x, 2) }
	ch := &report.T{Name: "chance", Title: "The chance that each test passes, at the base inputs",
		Note: "exact: binomial and Poisson (negative binomial) sums over the treated and comparison counts (the pooled test on the pooled counts), the normal CDF for a normal design; dispersion: a count's variance over its mean, 1 for Poisson; the measured effect is drawn around the true effect from the evaluation design; se: the design's standard error of the measured effect; level: the threshold (or first tier), an effect or a share of the baseline (of); probabilities in % (fractions in CSV and JSON)",
		Columns: []report.Column{{Name: "term"}, {Name: "metric"}, {Name: "cohort"}, {Name: "sampling"}, {Name: "dispersion", Numeric: true, Text: sig4}, {Name: "true_effect", Title: "true effect", Numeric: true, Text: sig4},
			{Name: "se", Numeric: true, Text: sig4}, {Name: "level", Numeric: true, Text: sig4}, {Name: "of"}, {Name: "p_pass", Title: "P(pass) %", Numeric: true, Text: pc}}}
	oc := &report.T{Name: "oc", Title: "Operating characteristic: the chance that each test passes against the true effect",
		Note: "every cohort's true effect at the point; a cohort's payment is released when its own test or the pooled test passes; earned: the true effect itself passes the test; P(error): the chance of a payment not earned (paid, not earned) where it does not, of a denial not deserved (denied, earned) where it does",
		Columns: []report.Column{{Name: "term"}, {Name: "cohort"}, {Name: "true_effect", Title: "true effect", Numeric: true, Text: sig4}, {Name: "earned"},
			{Name: "p_pass", Title: "P(pass) %", Numeric: true, Text: pc}, {Name: "error"}, {Name: "p_error", Title: "P(error) %", Numeric: true, Text: pc}}}
	for _, t := range tests {
		of := "effect"
		if t.Relative {
			of = "share of baseline"
		}
		sampling, disp := t.Sampling.String(), ""
		if t.Dispersion > 0 {
			disp = num(t.Dispersion)
		}
		if t.Dispersion > 1 {
			sampling = "negative binomial"
		}
		ch.Add(t.Term, t.Metric, t.Cohort, sampling, disp, num(t.Effect), num(t.SE), num(t.Level), of, num(t.P))
		for _, pt := range t.OC {
			earned, kind, perr := "no", "paid, not earned", pt.P
			if pt.Earned {
				earned, kind, perr = "yes", "denied, earned", 1-pt.P
			}
			oc.Add(t.Term, t.Cohort, num(pt.Effect), earned, num(pt.P), kind, num(perr))
		}
	}
	pay := &report.T{Name: "expected", Title: "Expected payment by term under measurement noise, at the base inputs",
		Note:    fmt.Sprintf("nominal over the horizon in %s: a Monte Carlo of the measurement noise alone (%d draws, seed %d), mean with its standard error, and the chance the term pays anything", s.Settings.Currency, sim.Draws, sim.Seed),
		Columns: []report.Column{{Name: "term"}, {Name: "mean", Numeric: true, Money: true}, {Name: "se", Numeric: true, Money: true}, {Name: "p_pays", Title: "P(pays) %", Numeric: true, Text: pc}}}
	for _, t := range sim.Terms {
		pay.Add(t.Term, cash(t.Mean), cash(t.SE), num(t.PPay))
	}
	return &report.Doc{Title: "The chance that each test pays: " + s.Settings.Name, Currency: s.Settings.Currency,
		Meta: []report.Meta{{Key: "currency", Value: s.Settings.Currency},
			{Key: "method", Value: "exact sums at the base inputs; expected payments from " + strconv.Itoa(sim.Draws) + " draws of the noise alone"}},
		Tables: []*report.T{ch, oc, pay}}
}

type chancePlot struct {
	path  string
	chart chartWriter
}

// chancePlotPaths returns the OC charts of sib run --chance --plot ARG,
// one a term: in a folder ARG, oc-TERM.svg; for ARG a file name ending
// in .png or .svg, ARG with "-TERM" before the extension.
func chancePlotPaths(arg string, tests []uncertainty.ExactTest) []chancePlot {
	if arg == "" {
		return nil
	}
	var out []chancePlot
	for i := 0; i < len(tests); {
		j := i
		term := tests[i].Term
		c := chart.OC{Title: "Operating characteristic: " + term, XLabel: "true effect on " + tests[i].Metric,
			Subtitle: "the chance that the measured effect passes each test, by cohort and pooled, exact at the base inputs; a cohort's payment is released when its own test or the pooled test passes"}
		for ; j < len(tests) && tests[j].Term == term; j++ {
			t := tests[j]
			cv := chart.Curve{Label: t.Cohort}
			for _, pt := range t.OC {
				cv.X, cv.P = append(cv.X, pt.Effect), append(cv.P, pt.P)
			}
			c.Curves = append(c.Curves, cv)
		}
		// One mark per threshold: a size schedule gives each test its own.
		c.Marks = nil
		for _, t := range tests[i:j] {
			lvl := t.Level
			if t.Relative {
				lvl *= t.Baseline
			}
			if !slices.ContainsFunc(c.Marks, func(m chart.Mark) bool { return math.Abs(m.X-lvl) <= 1e-12*max(1, math.Abs(lvl)) }) {
				c.Marks = append(c.Marks, chart.Mark{Label: "threshold " + t.Cohort, X: lvl})
			}
		}
		if len(c.Marks) == 1 {
			c.Marks[0].Label = "threshold"
		}
		path := filepath.Join(arg, "oc-"+term+".svg")
		if _, err := chart.FormatOf(arg); err == nil {
			ext := filepath.Ext(arg)
			path = strings.TrimSuffix(arg, ext) + "-" + term + ext
		}
		out = append(out, chancePlot{path: path, chart: c})
		i = j
	}
	return out
}

// chanceTable is the --table of run --chance: its first table unless
// one was asked for.
func chanceTable(t string, asked bool) string {
	if asked {
		return t
	}
	return chanceTables[0]
}
