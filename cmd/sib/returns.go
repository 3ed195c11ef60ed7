package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// The cash-flow commands: sib irr, xirr, npv and mirr. They read a list of
// flows from the command line or a CSV file and use the engine's own
// functions (sib.SolveIRR, SolveXIRR, NPV, XNPV, MIRR, DayYears), so a
// figure checked here is the figure a scenario's returns table shows.

const flowsInputHelp = `Flows: amounts on the command line after "--" (a negative amount would
otherwise read as a flag), or --flows with a comma-separated list, or one
CSV file with a column amount and, for periodic flows, an optional column
period (whole numbers, increasing; a missing period is a zero flow), or,
for dated flows, a column date (YYYY-MM-DD, in order). A column note is
ignored. The first flow is at time 0 (period 0, or the first date).
Rates are fractions in --rate and the other rate flags, in CSV and in
JSON (0.05 = 5%), and in % in the text table; money has 2 decimals.
`

const irrHelp = `Usage: sib irr [flags] -- <amount>...
       sib irr [flags] <flows.csv>

The internal rate of return of periodic cash flows: the rate per period at
which their net present value is zero, the engine's own solver (every IRR
above -100% is sought; when the flows change sign more than once and have
several, the one closest to 0 is shown and the note names the next). With
--per-year N, also the rate a year, (1 + IRR)^N - 1, as "sib run" shows a
tranche's IRR.

` + flowsInputHelp + `
` + unitsHelp + `
Examples:
  sib irr -- -1000 300 400 500
  sib irr --per-year 4 --flows -1000,300,400,500
  sib irr --format json -- -1000 300 400 500
`

const xirrHelp = `Usage: sib xirr [flags] <date>,<amount>...
       sib xirr [flags] <flows.csv>

The internal rate of return a year of dated cash flows, as Excel's and
Calc's XIRR with the default day count: the rate at which
sum amount / (1 + rate)^years is zero, years from the first date under
--day-count:

  act/365f  actual days / 365 (default; Excel, Calc, "sib run")
  act/360   actual days / 360 (money-market loans: ACT/360)
  30/360    ISDA 2006 4.16(f) "30/360", "Bond Basis", "30/360 US bond":
            months of 30 days; a first date on the 31st counts as the
            30th, a second date on the 31st as the 30th when the first is
            the 30th or 31st (no end-of-February rule, unlike Excel's
            YEARFRAC basis 0)
  30e/360   ISDA 2006 4.16(g) "30E/360", "Eurobond Basis", ICMA: either
            date on the 31st counts as the 30th (Excel's YEARFRAC basis 4)

Contracts name the convention in their interest clause ("calculated on the
basis of actual days elapsed and a year of 360 days" is act/360; "30/360
(Bond Basis)" is 30/360; "30E/360 (Eurobond Basis)" is 30e/360). Flows may
also be given as --dates and --flows, two comma-separated lists.

` + flowsInputHelp + `
` + unitsHelp + `
Examples:
  sib xirr 2008-01-01,-10000 2008-03-01,2750 2008-10-30,4250 2009-02-15,3250 2009-04-01,2750
  sib xirr --day-count act/360 --dates 2024-01-31,2025-01-31 --flows -1000,1080
`

const npvHelp = `Usage: sib npv --rate R [flags] -- <amount>...
       sib npv --rate R [flags] <flows.csv>

The net present value of cash flows at --rate. Periodic flows (amounts, or
a CSV file with a period column or none): sum amount_i / (1 + rate)^i, the
first flow at time 0 and not discounted (Excel's and Calc's NPV discount
their first value by a period: this is amount_0 + their NPV(rate; the
rest)); --rate is per period, or a year with --per-year N. Dated flows
(--dates, or a CSV file with a date column): XNPV at --rate a year, years
under --day-count as "sib xirr" counts them.

` + flowsInputHelp + `
` + unitsHelp + `
Examples:
  sib npv --rate 0.05 -- -1000 300 400 500
  sib npv --rate 0.09 --dates 2008-01-01,2008-03-01,2008-10-30,2009-02-15,2009-04-01 --flows -10000,2750,4250,3250,2750
`

const mirrHelp = `Usage: sib mirr --finance-rate F --reinvest-rate R [flags] -- <amount>...
       sib mirr --finance-rate F --reinvest-rate R [flags] <flows.csv>

The modified internal rate of return of periodic cash flows, as Excel's
and Calc's MIRR: the outflows discounted to time 0 at --finance-rate, the
inflows compounded to the last period at --reinvest-rate, and
MIRR = (inflows' future value / outflows' present value)^(1/(n-1)) - 1 for
n flows. Unlike the IRR it has one value whatever the signs. The rates are
per period, or a year with --per-year N (which also shows MIRR a year).

` + flowsInputHelp + `
` + unitsHelp + `
Examples:
  sib mirr --finance-rate 0.10 --reinvest-rate 0.12 -- -120000 39000 30000 21000 37000 46000
`

// flowsSpec says what a cash-flow command accepts.
type flowsSpec struct {
	cmd      string
	periodic bool // amounts at periods 0, 1, ...
	dated    bool // amounts at dates
}

// cashFlows are the flows read, periodic or dated.
type cashFlows struct {
	amounts []float64
	dates   []time.Time // nil: periodic
	source  string      // "command line" or the file
}

// flowFlags are the input flags every cash-flow command has.
type flowFlags struct {
	flows, dates *string
	perYear      *int
	dayCount     *string
	ff           *formatFlags
}

func addFlowFlags(fs *pflag.FlagSet, spec flowsSpec) *flowFlags {
	f := &flowFlags{ff: addFormatFlags(fs)}
	f.flows = fs.String("flows", "", "the amounts, comma-separated (-1000,300,400)")
	if spec.dated {
		f.dates = fs.String("dates", "", "the dates of the amounts, comma-separated YYYY-MM-DD")
		f.dayCount = fs.String("day-count", "act/365f", "years between dates: act/365f, act/360, 30/360 (Bond Basis) or 30e/360 (Eurobond Basis)")
	}
	if spec.periodic {
		f.perYear = fs.Int("per-year", 0, "periods in a year (12 monthly, 4 quarterly, 1 yearly): rates flags are then a year, and the rate a year is shown")
	}
	return f
}

// read reads the flows of a cash-flow command; done reports an error, with
// its exit status.
func (f *flowFlags) read(fs *pflag.FlagSet, spec flowsSpec, stderr io.Writer) (cf cashFlows, dc scenario.DayCount, code int, done bool) {
	cmd := spec.cmd
	if msg := f.ff.problem(); msg != "" {
		return cf, dc, usageError(stderr, cmd, "%s", msg), true
	}
	if f.perYear != nil && fs.Changed("per-year") && *f.perYear < 1 {
		return cf, dc, usageError(stderr, cmd, "--per-year %d: expected a whole number of periods a year, 1 or more", *f.perYear), true
	}
	if f.dayCount != nil {
		var err error
		keyword(f.dayCount)
		if dc, err = scenario.ParseDayCount(*f.dayCount); err != nil {
			return cf, dc, usageError(stderr, cmd, "--day-count %q: expected act/365f, act/360, 30/360 or 30e/360", *f.dayCount), true
		}
	}
	args := fs.Args()
	given := 0
	for _, b := range []bool{len(args) > 0, *f.flows != ""} {
		if b {
			given++
		}
	}
	if given != 1 {
		return cf, dc, usageError(stderr, cmd, "give the flows once: as arguments, with --flows, or as one CSV file"), true
	}
	if len(args) == 1 && !looksLikeFlow(args[0]) {
		if f.dates != nil && *f.dates != "" {
			return cf, dc, usageError(stderr, cmd, "--dates goes with --flows, not with a CSV file"), true
		}
		if st, err := os.Stat(args[0]); err != nil || st.IsDir() {
			return cf, dc, usageError(stderr, cmd, "%s: not a number and not a CSV file", args[0]), true
		}
		cf, err := readFlowsFile(args[0], spec)
		if err != nil {
			return cf, dc, dataError(stderr, cmd, err), true
		}
		return cf, dc, exitOK, false
	}
	cf = cashFlows{source: "command line"}
	var items []string
	if *f.flows != "" {
		items = strings.Split(*f.flows, ",")
	} else {
		items = args
	}
	var dates []string
	if f.dates != nil && *f.dates != "" {
		if *f.flows == "" {
			return cf, dc, usageError(stderr, cmd, "--dates goes with --flows"), true
		}
		dates = strings.Split(*f.dates, ",")
		if len(dates) != len(items) {
			return cf, dc, usageError(stderr, cmd, "%d dates for %d flows", len(dates), len(items)), true
		}
	}
	// DATE,AMOUNT arguments: xirr's, or npv's when the first is one.
	pairs := spec.dated && dates == nil && *f.flows == "" && (!spec.periodic || strings.Contains(args[0], ","))
	for i, it := range items {
		amt := it
		if pairs {
			d, a, ok := strings.Cut(it, ",")
			if !ok {
				return cf, dc, usageError(stderr, cmd, "flow %d %q: expected DATE,AMOUNT (2024-01-31,-1000)", i+1, it), true
			}
			dates = append(dates, d)
			amt = a
		}
		x, err := csvio.ParseFloat(strings.TrimSpace(amt), false)
		if err != nil {
			return cf, dc, usageError(stderr, cmd, "flow %d: %v", i+1, err), true
		}
		cf.amounts = append(cf.amounts, x)
	}
	if spec.dated && !spec.periodic && dates == nil {
		return cf, dc, usageError(stderr, cmd, "dated flows need dates: DATE,AMOUNT arguments, --dates with --flows, or a CSV file with a date column"), true
	}
	for i, d := range dates {
		t, err := time.Parse(time.DateOnly, strings.TrimSpace(d))
		if err != nil {
			return cf, dc, usageError(stderr, cmd, "date %d %q: expected YYYY-MM-DD", i+1, d), true
		}
		if i > 0 && t.Before(cf.dates[i-1]) {
			return cf, dc, dataError(stderr, cmd, fmt.Errorf("date %d, %s, is before date %d, %s: give the flows in date order", i+1, d, i, cf.dates[i-1].Format(time.DateOnly))), true
		}
		cf.dates = append(cf.dates, t)
	}
	return cf, dc, exitOK, false
}

// looksLikeFlow reports whether a command-line argument is an amount (or
// a DATE,AMOUNT pair) rather than a file name.
func looksLikeFlow(s string) bool {
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return true
	}
	return strings.Contains(s, ",") || strings.HasPrefix(s, "-")
}

var flowCols = []csvio.Column{{Name: "period"}, {Name: "date"}, {Name: "amount", Required: true}}

// readFlowsFile reads a CSV file of flows: amount, with period or date.
func readFlowsFile(path string, spec flowsSpec) (cashFlows, error) {
	cf := cashFlows{source: path}
	f, err := csvio.Open(path, csvio.DefaultLimits())
	if err != nil {
		return cf, err
	}
	defer f.Close()
	cr, err := csvio.NewReader(f, path, flowCols)
	if err != nil {
		return cf, err
	}
	hasPeriod, hasDate := cr.Col(0) > 0, cr.Col(1) > 0
	switch {
	case hasPeriod && hasDate:
		return cf, &csvio.Error{File: path, Line: 1, Err: errors.New("give a period column or a date column, not both")}
	case hasDate && !spec.dated:
		return cf, &csvio.Error{File: path, Line: 1, Err: fmt.Errorf("a date column: sib %s takes periodic flows (period,amount); sib xirr and sib npv take dated ones", spec.cmd)}
	case !hasDate && !spec.periodic:
		return cf, &csvio.Error{File: path, Line: 1, Err: fmt.Errorf("no date column: sib %s takes dated flows (date,amount); sib irr and sib npv take periodic ones", spec.cmd)}
	}
	first, prev := 0, 0
	for cr.Next() {
		x, err := cr.Float(2)
		if err != nil {
			return cf, err
		}
		switch {
		case hasPeriod:
			p, err := strconv.Atoi(strings.TrimSpace(cr.Field(0)))
			if err != nil {
				return cf, cr.Errorf(0, "%w %q: expected a whole number", csvio.ErrNumber, cr.Field(0))
			}
			if len(cf.amounts) == 0 {
				first = p
			} else if p <= prev {
				return cf, cr.Errorf(0, "period %d after period %d: give the periods in increasing order", p, prev)
			}
			if p-first >= 1<<20 {
				return cf, cr.Errorf(0, "period %d: more than %d periods after the first", p, 1<<20)
			}
			for len(cf.amounts) < p-first {
				cf.amounts = append(cf.amounts, 0)
			}
			prev = p
		case hasDate:
			t, err := time.Parse(time.DateOnly, strings.TrimSpace(cr.Field(1)))
			if err != nil {
				return cf, cr.Errorf(1, "%w %q: expected a date as YYYY-MM-DD", csvio.ErrNumber, cr.Field(1))
			}
			if n := len(cf.dates); n > 0 && t.Before(cf.dates[n-1]) {
				return cf, cr.Errorf(1, "%s is before the previous row's %s: give the flows in date order", t.Format(time.DateOnly), cf.dates[n-1].Format(time.DateOnly))
			}
			cf.dates = append(cf.dates, t)
		}
		cf.amounts = append(cf.amounts, x)
	}
	if err := cr.Err(); err != nil {
		return cf, err
	}
	if len(cf.amounts) == 0 {
		return cf, &csvio.Error{File: path, Line: 1, Err: errors.New("no flows: expected a row per flow after the header")}
	}
	return cf, nil
}

// rateFrac shows a rate as a fraction (or a multiple), rounded to 10
// places: beyond any accuracy that matters, and no float noise (0.05, not
// 0.050000000000092984).
func rateFrac(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return num(math.Round(x*1e10) / 1e10)
}

// annual turns a rate per period into a rate a year over n periods.
func annual(r float64, n int) float64 { return math.Expm1(float64(n) * math.Log1p(r)) }

// perPeriod turns a rate a year into a rate per period, n a year.
func perPeriod(r float64, n int) float64 { return math.Expm1(math.Log1p(r) / float64(n)) }

func rateCol(name, title string) report.Column {
	return report.Column{Name: name, Title: title, Numeric: true, Text: pct}
}

func flowsDoc(fs *pflag.FlagSet, title string, cf cashFlows, t *report.T) *report.Doc {
	var inputs []string
	if cf.source != "command line" {
		inputs = []string{cf.source}
	}
	return withProvenance(&report.Doc{Title: title, Meta: []report.Meta{{Key: "flows", Value: strconv.Itoa(len(cf.amounts)), Numeric: true}}, Tables: []*report.T{t}}, fs, inputs, nil)
}

// sumOf is the plain sum of the flows.
func sumOf(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s
}

// irrOrError turns an IRR without a value into a data error.
func irrOrError(r sib.IRR) error {
	if r.Exists() {
		return nil
	}
	if r.Status == sib.NoOutflow {
		return errors.New("no IRR: the flows do not change sign (no outflow: nothing was invested)")
	}
	return errors.New(r.Reason())
}

func runIRR(args []string, stdout, stderr io.Writer) int {
	spec := flowsSpec{cmd: "irr", periodic: true}
	fs := pflag.NewFlagSet("irr", pflag.ContinueOnError)
	f := addFlowFlags(fs, spec)
	if code, done := parseFlags(fs, args, irrHelp, stdout, stderr); done {
		return code
	}
	cf, _, code, done := f.read(fs, spec, stderr)
	if done {
		return code
	}
	r := sib.SolveIRR(cf.amounts)
	if err := irrOrError(r); err != nil {
		return dataError(stderr, "irr", err)
	}
	t := &report.T{Name: "irr", Title: "Internal rate of return",
		Note:    "IRR per period, the first flow at period 0; multiple = inflows / outflows; rates in % here, fractions in CSV and JSON",
		Columns: []report.Column{rateCol("irr", "IRR %")}}
	cells := []string{rateFrac(r.Rate)}
	if *f.perYear > 0 {
		t.Columns = append(t.Columns, rateCol("irr_year", "IRR % a year"))
		cells = append(cells, rateFrac(annual(r.Rate, *f.perYear)))
		t.Note = fmt.Sprintf("IRR per period and a year (%d periods a year), the first flow at period 0; multiple = inflows / outflows; rates in %% here, fractions in CSV and JSON", *f.perYear)
	}
	t.Columns = append(t.Columns, report.Column{Name: "multiple", Numeric: true, Text: fixed4s}, moneyColumn("sum", "sum of flows"), report.Column{Name: "note"})
	note := r.Warning()
	if r.Status == sib.TotalLoss {
		note = r.Reason()
	}
	t.Add(append(cells, rateFrac(sib.Multiple(cf.amounts)), cash(sumOf(cf.amounts)), note)...)
	return emit(stdout, stderr, "irr", output{doc: flowsDoc(fs, "IRR of "+strconv.Itoa(len(cf.amounts))+" periodic flows", cf, t), format: *f.ff.format, table: "irr"})
}

func runXIRR(args []string, stdout, stderr io.Writer) int {
	spec := flowsSpec{cmd: "xirr", dated: true}
	fs := pflag.NewFlagSet("xirr", pflag.ContinueOnError)
	f := addFlowFlags(fs, spec)
	if code, done := parseFlags(fs, args, xirrHelp, stdout, stderr); done {
		return code
	}
	cf, dc, code, done := f.read(fs, spec, stderr)
	if done {
		return code
	}
	r := sib.SolveXIRR(cf.amounts, sib.DayYears(cf.dates, dc, nil))
	if err := irrOrError(r); err != nil {
		return dataError(stderr, "xirr", err)
	}
	t := &report.T{Name: "xirr", Title: "Internal rate of return of dated flows",
		Note:    "XIRR a year, years from the first date under the day count; rates in % here, fractions in CSV and JSON",
		Columns: []report.Column{{Name: "first"}, {Name: "last"}, {Name: "day_count", Title: "day count"}, rateCol("xirr", "XIRR % a year"), {Name: "multiple", Numeric: true, Text: fixed4s}, moneyColumn("sum", "sum of flows"), {Name: "note"}}}
	note := r.Warning()
	if r.Status == sib.TotalLoss {
		note = r.Reason()
	}
	n := len(cf.dates)
	t.Add(cf.dates[0].Format(time.DateOnly), cf.dates[n-1].Format(time.DateOnly), dc.String(), rateFrac(r.Rate), rateFrac(sib.Multiple(cf.amounts)), cash(sumOf(cf.amounts)), note)
	return emit(stdout, stderr, "xirr", output{doc: flowsDoc(fs, "XIRR of "+strconv.Itoa(n)+" dated flows", cf, t), format: *f.ff.format, table: "xirr"})
}

func runNPV(args []string, stdout, stderr io.Writer) int {
	spec := flowsSpec{cmd: "npv", periodic: true, dated: true}
	fs := pflag.NewFlagSet("npv", pflag.ContinueOnError)
	f := addFlowFlags(fs, spec)
	rate := fs.Float64("rate", math.NaN(), "the discount rate (required): per period, or a year with --per-year or dated flows")
	if code, done := parseFlags(fs, args, npvHelp, stdout, stderr); done {
		return code
	}
	if !fs.Changed("rate") {
		return usageError(stderr, "npv", "--rate is required (0.05 for 5%%)")
	}
	if *rate <= -1 || math.IsNaN(*rate) || math.IsInf(*rate, 0) {
		return usageError(stderr, "npv", "--rate %v: expected a rate above -1 (0.05 for 5%%)", *rate)
	}
	cf, dc, code, done := f.read(fs, spec, stderr)
	if done {
		return code
	}
	var t *report.T
	if cf.dates != nil {
		if fs.Changed("per-year") {
			return usageError(stderr, "npv", "--per-year is for periodic flows: dated flows take --rate a year")
		}
		v := sib.XNPV(*rate, cf.amounts, sib.DayYears(cf.dates, dc, nil))
		t = &report.T{Name: "npv", Title: "Net present value of dated flows",
			Note:    "at the first date; rate a year, years under the day count; rates in % here, fractions in CSV and JSON",
			Columns: []report.Column{{Name: "first"}, {Name: "day_count", Title: "day count"}, rateCol("rate", "rate % a year"), moneyColumn("npv", "NPV"), moneyColumn("sum", "sum of flows")}}
		t.Add(cf.dates[0].Format(time.DateOnly), dc.String(), rateFrac(*rate), cash(v), cash(sumOf(cf.amounts)))
	} else {
		if fs.Changed("day-count") {
			return usageError(stderr, "npv", "--day-count is for dated flows")
		}
		r, note := *rate, "at period 0, the first flow not discounted; rate per period; rates in % here, fractions in CSV and JSON"
		t = &report.T{Name: "npv", Title: "Net present value", Columns: []report.Column{rateCol("rate", "rate % per period")}}
		cells := []string{rateFrac(r)}
		if n := *f.perYear; n > 0 {
			r = perPeriod(*rate, n)
			note = fmt.Sprintf("at period 0, the first flow not discounted; rate a year, (1 + rate)^(1/%d) - 1 per period; rates in %% here, fractions in CSV and JSON", n)
			t.Columns = []report.Column{rateCol("rate_year", "rate % a year"), rateCol("rate", "rate % per period")}
			cells = []string{rateFrac(*rate), rateFrac(r)}
		}
		t.Note = note
		t.Columns = append(t.Columns, moneyColumn("npv", "NPV"), moneyColumn("sum", "sum of flows"))
		t.Add(append(cells, cash(sib.NPV(r, cf.amounts)), cash(sumOf(cf.amounts)))...)
	}
	return emit(stdout, stderr, "npv", output{doc: flowsDoc(fs, "NPV of "+strconv.Itoa(len(cf.amounts))+" flows", cf, t), format: *f.ff.format, table: "npv"})
}

func runMIRR(args []string, stdout, stderr io.Writer) int {
	spec := flowsSpec{cmd: "mirr", periodic: true}
	fs := pflag.NewFlagSet("mirr", pflag.ContinueOnError)
	f := addFlowFlags(fs, spec)
	finance := fs.Float64("finance-rate", math.NaN(), "the rate the outflows are financed at (required)")
	reinvest := fs.Float64("reinvest-rate", math.NaN(), "the rate the inflows are reinvested at (required)")
	if code, done := parseFlags(fs, args, mirrHelp, stdout, stderr); done {
		return code
	}
	for _, fl := range []string{"finance-rate", "reinvest-rate"} {
		v, _ := fs.GetFloat64(fl)
		if !fs.Changed(fl) {
			return usageError(stderr, "mirr", "--%s is required (0.05 for 5%%)", fl)
		}
		if v <= -1 || math.IsNaN(v) || math.IsInf(v, 0) {
			return usageError(stderr, "mirr", "--%s %v: expected a rate above -1 (0.05 for 5%%)", fl, v)
		}
	}
	cf, _, code, done := f.read(fs, spec, stderr)
	if done {
		return code
	}
	fin, re := *finance, *reinvest
	n := *f.perYear
	if n > 0 {
		fin, re = perPeriod(fin, n), perPeriod(re, n)
	}
	m := sib.MIRR(cf.amounts, fin, re)
	if math.IsNaN(m) {
		if len(cf.amounts) < 2 {
			return dataError(stderr, "mirr", errors.New("no MIRR: it needs at least two flows"))
		}
		return dataError(stderr, "mirr", errors.New("no MIRR: the flows do not change sign (it needs an outflow and an inflow)"))
	}
	t := &report.T{Name: "mirr", Title: "Modified internal rate of return",
		Note:    "outflows discounted to period 0 at the finance rate, inflows compounded to the last period at the reinvestment rate; rates per period; rates in % here, fractions in CSV and JSON",
		Columns: []report.Column{rateCol("finance_rate", "finance %"), rateCol("reinvest_rate", "reinvest %"), rateCol("mirr", "MIRR %")}}
	cells := []string{rateFrac(fin), rateFrac(re), rateFrac(m)}
	if n > 0 {
		// The rates a year as given first, as sib npv shows its rate.
		t.Note = fmt.Sprintf("outflows discounted to period 0 at the finance rate, inflows compounded to the last period at the reinvestment rate; the flags' rates a year, (1 + rate)^(1/%d) - 1 per period; rates in %% here, fractions in CSV and JSON", n)
		t.Columns = []report.Column{rateCol("finance_rate_year", "finance % a year"), rateCol("reinvest_rate_year", "reinvest % a year"),
			rateCol("finance_rate", "finance % per period"), rateCol("reinvest_rate", "reinvest % per period"), rateCol("mirr", "MIRR % per period"), rateCol("mirr_year", "MIRR % a year")}
		cells = append(append([]string{rateFrac(*finance), rateFrac(*reinvest)}, cells...), rateFrac(annual(m, n)))
	}
	t.Add(cells...)
	return emit(stdout, stderr, "mirr", output{doc: flowsDoc(fs, "MIRR of "+strconv.Itoa(len(cf.amounts))+" periodic flows", cf, t), format: *f.ff.format, table: "mirr"})
}
