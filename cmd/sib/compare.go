package main

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/scenario"
)

const compareHelp = `Usage: sib compare [flags] <scenario-folder> <scenario-folder>...
       sib compare --set NAME=VALUE [--set ...] <scenario-folder>

Runs two or more scenarios, or one scenario and a variant of it, and shows
the deal summary of "sib run" (outcome payments, capital, what investors
received, their multiple, IRR, XIRR and NPV, the state's gross and
cashable savings, payments and net saving in present value, the
savings-to-payments ratio, payback, the SIB premium) side by side: the
first folder is the base, each other folder (or the base with the --set
changes) a variant, with its difference from the base (variant - base, in
the row's unit: percentage points for rates) and, where it means
something, the relative difference ((variant - base) / |base|; not for
rates and periods, nor when the base is 0).

Figures are the summary's, in its units: money in the scenario's currency
with 2 decimals; the relative difference is a fraction in CSV and JSON and
in % in the text table. Scenarios in different currencies are not
compared.

` + unitsHelp + `
Examples:
  sib compare --set term.employment.share=0.4 testdata/employment/scenario
  sib compare --format csv --set outcome.months_in_work.decay=0.3 --set tranche.social.coupon=0.07 testdata/employment/scenario
  sib compare testdata/preschool/scenario testdata/employment/scenario
`

// variant is one column of a comparison: a scenario folder, with
// changes.
type variant struct {
	label, dir string
	sets       []string
	inputs     []string // the folders it read (scenarioInputs), once loaded
	// discounting states its present values' date, convention and rates
	// (sib.Model.Discounting), once run.
	discounting string
	// commissioner is the commissioner's own costs, PV, once run, and
	// commissionerFile its folder's commissioner_costs.csv (nil if none).
	commissioner     float64
	commissionerFile []byte
	// months is the length of its periods, once loaded: paybacks in
	// periods of different lengths have no difference.
	months int
}

func runCompare(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("compare", pflag.ContinueOnError)
	ff := addFormatFlags(fs)
	sets := fs.StringArray("set", nil, "change a parameter of the variant, NAME=VALUE (repeatable; with one folder)")
	limits := addLimitFlag(fs)
	if code, done := parseFlags(fs, args, compareHelp, stdout, stderr); done {
		return code
	}
	if msg := ff.problem(); msg != "" {
		return usageError(stderr, "compare", "%s", msg)
	}
	var vs []variant
	switch {
	case len(*sets) > 0 && fs.NArg() == 1:
		vs = []variant{{label: "base", dir: fs.Arg(0)}, {label: "variant", dir: fs.Arg(0), sets: *sets}}
	case len(*sets) > 0:
		return usageError(stderr, "compare", "--set makes a variant of one scenario: give one folder, got %d", fs.NArg())
	case fs.NArg() >= 2:
		for i, d := range fs.Args() {
			label := "base"
			if i > 0 {
				label = "variant"
				if fs.NArg() > 2 {
					label = fmt.Sprintf("variant_%d", i)
				}
			}
			vs = append(vs, variant{label: label, dir: d})
		}
	default:
		return usageError(stderr, "compare", "expected two or more scenario folders, or one with --set changes; got %s", plural(fs.NArg(), "argument"))
	}
	for _, v := range vs {
		if code, done := inputFolder(stderr, "compare", v.dir, scenarioFolder); done {
			return code
		}
	}
	lim, code, done := limitsOf(stderr, "compare", *limits)
	if done {
		return code
	}
	var sums []*report.T
	var warnings []string
	currency := ""
	var inputs []string // every folder read, each once, in order
	for i := range vs {
		v := &vs[i]
		sum, cur, warns, code, done := summaryOf(stderr, v, lim)
		if done {
			return code
		}
		if i == 0 {
			currency = cur
		} else if cur != currency {
			return dataError(stderr, "compare", fmt.Errorf("%s is in %q and %s in %q: compare scenarios in one currency", vs[0].dir, currency, v.dir, cur))
		}
		sums = append(sums, sum)
		for _, in := range v.inputs {
			if !slices.Contains(inputs, in) {
				inputs = append(inputs, in)
			}
		}
		for _, w := range warns {
			warnings = append(warnings, v.label+": "+w)
		}
	}
	for _, v := range vs[1:] {
		// The files, not the PVs: a --set of the discount rate moves the
		// PV of the same costs.
		if !bytes.Equal(v.commissionerFile, vs[0].commissionerFile) {
			warnings = append(warnings, fmt.Sprintf("%s: the commissioner's own costs (PV %s) differ from %s's (PV %s), and the net savings and premiums subtract them: the difference is not the deal's alone; give both the same commissioner_costs.csv to compare like for like",
				v.label, cash(v.commissioner), vs[0].label, cash(vs[0].commissioner)))
		}
	}
	doc := withProvenance(compareReport(vs, sums), fs, inputs, sets)
	doc.Currency = currency
	return emit(stdout, stderr, "compare", output{doc: doc, format: *ff.format, table: "compare", warnings: warnings, notes: lim.Notes})
}

// summaryOf runs one variant and returns its deal summary, the table
// "sib run" shows first, and its currency.
func summaryOf(stderr io.Writer, v *variant, lim csvio.Limits) (sum *report.T, currency string, warnings []string, code int, done bool) {
	s, err := scenario.LoadWith(v.dir, scenario.LoadOptions{Limits: lim})
	if err != nil {
		return nil, "", nil, dataError(stderr, "compare", err), true
	}
	v.inputs = scenarioInputs(v.dir, s)
	v.months = s.Settings.Months
	if code, done := applySets(stderr, "compare", s, v.sets); done {
		return nil, "", nil, code, true
	}
	m, code, done := compileSets(stderr, "compare", v.dir, s, v.sets, lim)
	if done {
		return nil, "", nil, code, true
	}
	res, err := m.Run(s.Values())
	if err != nil {
		return nil, "", nil, setsError(stderr, "compare", v.dir, v.sets, lim, true, err), true
	}
	v.discounting = m.Discounting(s.Values()).String()
	v.commissioner = res.Outputs.Appraisal.CommissionerRawPV
	v.commissionerFile, _ = os.ReadFile(filepath.Join(v.dir, scenario.CommissionerCostsFile))
	for _, t := range runReport(v.dir, m, res).Tables {
		if t.Name == "summary" {
			return t, s.Settings.Currency, res.Warnings, exitOK, false
		}
	}
	panic("sib compare: runReport has no summary table")
}

// summaryCol returns the index of a summary column by name.
func summaryCol(t *report.T, name string) int {
	for i, c := range t.Columns {
		if c.Name == name {
			return i
		}
	}
	panic("sib compare: the summary has no column " + name)
}

// isRate reports whether a summary row is a rate (its differences are in
// points, and a relative difference means nothing) or a count of periods.
func isRate(item, unit string) bool {
	return unit == rateUnit || strings.Contains(unit, "%") || strings.Contains(item, "IRR") || unit == "periods"
}

// compareReport lays the summaries side by side, by the base's items.
func compareReport(vs []variant, sums []*report.T) *report.Doc {
	base := sums[0]
	iItem, iValue, iUnit := summaryCol(base, "item"), summaryCol(base, "value"), summaryCol(base, "unit")
	// The summary's own text forms (rates in %, multiples to 4 places), by
	// the row's unit, so the comparison reads as "sib run" does.
	text := func(row []string, s string) string {
		return summaryValueText([]string{row[0], "", row[1]}, s)
	}
	diffText := func(row []string, s string) string {
		out := text(row, s)
		if s != "" && !strings.HasPrefix(out, "-") && strings.Trim(out, "0.") != "" {
			out = "+" + out
		}
		return out
	}
	doc := &report.Doc{Title: "Comparison of deal summaries"}
	t := &report.T{Name: "compare", Title: "Deal summaries side by side",
		Note:    "difference = variant − base, in the row's unit (points for rates); relative = difference / |base|, in % (a fraction in CSV and JSON), left empty for rates, periods and a zero base",
		Columns: []report.Column{{Name: "item"}, {Name: "unit", Text: summaryUnitText}, {Name: "base", Numeric: true, RowText: text}}}
	for i, v := range vs {
		what := v.dir
		if len(v.sets) > 0 {
			what += " with --set " + strings.Join(v.sets, " --set ")
		}
		doc.Meta = append(doc.Meta, report.Meta{Key: v.label, Value: what}, report.Meta{Key: v.label + "_discounting", Value: v.discounting})
		if i == 0 {
			continue
		}
		t.Columns = append(t.Columns,
			report.Column{Name: v.label, Numeric: true, RowText: text},
			report.Column{Name: v.label + "_diff", Title: "difference", Numeric: true, RowText: diffText},
			report.Column{Name: v.label + "_relative", Title: "relative %", Numeric: true, Text: pct})
	}
	for _, row := range base.Rows {
		item, unit := row[iItem], row[iUnit]
		a := row[iValue]
		cells := []string{item, unit, a}
		for j, sum := range sums[1:] {
			b := ""
			for _, other := range sum.Rows {
				if other[iItem] == item {
					b = other[iValue]
				}
			}
			diff, rel := differences(a, b, isRate(item, unit))
			if unit == "periods" && vs[j+1].months != vs[0].months {
				// 10 years and 14 quarters are not 4 periods apart.
				diff = ""
				if !strings.Contains(t.Note, "lengths") {
					t.Note += "; no difference between paybacks in periods of different lengths"
				}
			}
			cells = append(cells, b, diff, rel)
		}
		t.Add(cells...)
	}
	doc.Tables = []*report.T{t}
	return doc
}

// differences returns b − a and (b − a)/|a| as a fraction ("" for a
// rate, a zero base, or a missing value). A difference of money (two
// decimals) or of counts is exact, to the cent; any other number, as
// the values themselves, and the relative difference have at most
// sigDigits significant digits (num): the exact difference of two
// 10-digit values of different sizes has 11 or more.
func differences(a, b string, rate bool) (diff, rel string) {
	da, errA := decimal.NewFromString(a)
	db, errB := decimal.NewFromString(b)
	if errA != nil || errB != nil {
		return "", ""
	}
	d := db.Sub(da)
	places := max(-da.Exponent(), -db.Exponent(), 0)
	diff = d.StringFixed(places)
	if places > 2 {
		diff = num(d.InexactFloat64())
	}
	if rate || da.IsZero() {
		return diff, ""
	}
	return diff, num(d.InexactFloat64() / math.Abs(da.InexactFloat64()))
}
