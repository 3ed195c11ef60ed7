package main

import (
	"strconv"

	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/uncertainty"
)

// noiseReport adds to a simulation's report whether measurement noise
// was on and, when it was, the tests, operating characteristic and term
// payment tables.
func noiseReport(st *study, sim *uncertainty.Simulation, asked bool, doc *report.Doc) {
	noiseReportIn(st.s.Settings.Currency, sim, asked, doc)
}

// noiseReportIn is noiseReport with payments in currency.
func noiseReportIn(currency string, sim *uncertainty.Simulation, asked bool, doc *report.Doc) {
	state := "off (--noise=false): the contract reads the true effects"
	switch {
	case sim.Noise:
		state = "on: the contract's tests, tiers and prices read effects measured on the cohorts (evaluation design of each measured metric); the state's savings the true effects"
	case asked:
		state = "off: no metric has an evaluation design (an effect measured in an outcomes folder)"
	}
	doc.Meta = append(doc.Meta, report.Meta{Key: "noise", Value: state})
	if !sim.Noise {
		return
	}
	pc := func(s string) string { return percentText(s, 2) }
	tests := &report.T{Name: "tests", Title: "Tests under measurement noise",
		Note: "per term, each cohort's test and the pooled test (or a schedule's first tier): the chance that the measured effect passes; paid not earned: P(pass | the true effect does not pass); denied earned: P(no pass | the true effect passes); probabilities in % (fractions in CSV and JSON), se: Monte Carlo standard error",
		Columns: []report.Column{{Name: "term"}, {Name: "metric"}, {Name: "cohort"}, {Name: "level", Numeric: true, Text: sig4}, {Name: "of"},
			{Name: "p_pass", Title: "P(pass) %", Numeric: true, Text: pc}, {Name: "se", Title: "se %", Numeric: true, Text: pc},
			{Name: "earned_draws", Title: "earned draws", Numeric: true},
			{Name: "paid_not_earned", Title: "paid not earned %", Numeric: true, Text: pc}, {Name: "denied_earned", Title: "denied earned %", Numeric: true, Text: pc}}}
	oc := &report.T{Name: "oc", Title: "Operating characteristic over the draws",
		Note:    "P(pass) among the draws whose true effect is in the bin (ten equal bins between the lowest and highest true effect drawn)",
		Columns: []report.Column{{Name: "term"}, {Name: "cohort"}, {Name: "true_effect_from", Title: "true effect from", Numeric: true, Text: sig4}, {Name: "true_effect_to", Title: "to", Numeric: true, Text: sig4}, {Name: "draws", Numeric: true}, {Name: "p_pass", Title: "P(pass) %", Numeric: true, Text: pc}, {Name: "se", Title: "se %", Numeric: true, Text: pc}}}
	for _, t := range sim.Tests {
		of := "effect"
		if t.Relative {
			of = "share of baseline"
		}
		tests.Add(t.Term, t.Metric, t.Cohort, num(t.Level), of, num(t.P), num(t.SE), strconv.Itoa(t.Earned), num(t.PaidNotEarned), num(t.DeniedEarned))
		for _, b := range t.OC {
			oc.Add(t.Term, t.Cohort, num(b.Low), num(b.High), strconv.Itoa(b.N), num(b.P), num(b.SE))
		}
	}
	terms := &report.T{Name: "terms", Title: "Payments by term under measurement noise",
		Note:    "nominal payments over the horizon in " + currency + ": mean over the draws with its Monte Carlo standard error, and the chance the term pays anything",
		Columns: []report.Column{{Name: "term"}, {Name: "mean", Numeric: true, Money: true}, {Name: "se", Numeric: true, Money: true}, {Name: "p_pays", Title: "P(pays) %", Numeric: true, Text: pc}}}
	for _, t := range sim.Terms {
		terms.Add(t.Term, cash(t.Mean), cash(t.SE), num(t.PPay))
	}
	doc.Tables = append(doc.Tables, tests, oc, terms)
}

// noNoiseMeta is the noise line of sib sobol's and sib shapley's reports:
// their outputs are functions of the drawn parameters alone, so the
// measurement noise sib simulate draws by default is left out, and their
// mean can differ from simulate's.
var noNoiseMeta = report.Meta{Key: "noise", Value: "off: the indices are of the parameters the spec draws; the measurement noise of measured effects, which sib simulate draws by default, is left out (compare with sib simulate --noise=false)"}
