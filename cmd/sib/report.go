package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/internal/chart"
	"github.com/sib-engine/sib/internal/htmlreport"
	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
	"github.com/sib-engine/sib/uncertainty"
)

const reportHelp = `Usage: sib report [flags] <scenario-folder> [<uncertainty-folder>] --out FILE.html

Writes one self-contained HTML page about a deal, to read in any browser
offline, print (A4, each section on a new page) or send: the deal in a
paragraph, its headline figures, outcome payments and the state's savings
over time, the state's view by agency, returns by tranche and by party,
and the bond's cash account; the appraisal table when the scenario has its
inputs (values.csv, commissioner_costs.csv or confidence grades). With an
uncertainty folder, also a Monte Carlo of --draws draws (seed --seed): the
distribution of the first --output (histogram and cumulative
distribution), every output's percentiles, the chances (of a loss to
investors, of a payment, of a net saving), each test's chance of passing
under measurement noise, and the tornado of the first output.

The page has its CSS and its charts (SVG, the charts of sib run --plot,
simulate --hist and --cdf, and tornado --plot) inline, no script and no
link to any other file or address. Its tables are those of sib run and
sib simulate in text: money to the cent with its currency, rates in %.
It ends with how it was made: the command, inputs, --set changes,
version, and the date (--date, today by default).

` + unitsHelp + `
Examples:
  sib report --out deal.html testdata/preschool/scenario
  sib report --draws 2000 --seed 1 -o estonia.html testdata/estonia/scenario testdata/estonia/uncertainty
`

func runHTMLReport(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("report", pflag.ContinueOnError)
	f := addSensitivityFlags(fs, "state.net,payments.total,investors.irr,investors.multiple", "")
	_ = fs.MarkHidden("format") // the page is HTML
	_ = fs.MarkHidden("xlsx")   // and its tables are those of sib run and sib simulate
	outPath := fs.StringP("out", "o", "", "the HTML file to write (.html or .htm)")
	draws := fs.Int("draws", 10000, "with an uncertainty folder: the number of Monte Carlo draws")
	seed := fs.Uint64("seed", 1, "with an uncertainty folder: the random seed")
	workers := fs.Int("workers", 0, "goroutines for the draws (0: one per CPU); the results do not depend on it")
	date := fs.String("date", "", "the date the page gives as its own, YYYY-MM-DD (default: today, UTC)")
	if code, done := parseFlags(fs, args, reportHelp, stdout, stderr); done {
		return code
	}
	if fs.Changed("format") {
		return usageError(stderr, "report", "--format: sib report writes HTML; sib run and sib simulate write tables")
	}
	if fs.Changed("xlsx") {
		return usageError(stderr, "report", "--xlsx: sib report writes HTML; sib run --xlsx and sib simulate --xlsx write the same tables as a workbook")
	}
	switch ext := strings.ToLower(filepath.Ext(*outPath)); {
	case *outPath == "":
		return usageError(stderr, "report", "--out FILE.html is required")
	case ext != ".html" && ext != ".htm":
		return usageError(stderr, "report", "--out %s: expected a file name ending in .html or .htm", *outPath)
	case *draws < 1:
		return usageError(stderr, "report", "--draws %d: expected 1 or more", *draws)
	case *workers < 0:
		return usageError(stderr, "report", "--workers %d: expected 0 (one per CPU) or more", *workers)
	}
	day := time.Now().UTC().Format(time.DateOnly)
	if *date != "" {
		d, err := time.Parse(time.DateOnly, *date)
		if err != nil {
			return usageError(stderr, "report", "--date %s: expected YYYY-MM-DD", *date)
		}
		day = d.Format(time.DateOnly)
	}
	st, code, done := prepare("report", fs, f, false, stderr)
	if done {
		return code
	}
	defer st.out.Abort()
	if err := reserveFile(st.out, "out", *outPath); err != nil {
		return dataError(stderr, "report", err)
	}
	var outs []uncertainty.Output
	if st.spec != nil {
		if outs, code, done = st.outputsOf("report", *f.output, stderr); done {
			return code
		}
	} else if fs.Changed("output") {
		return usageError(stderr, "report", "--output: the outputs are of the Monte Carlo, which needs an uncertainty folder")
	}
	res, err := st.m.Run(st.base)
	if err != nil {
		return setsError(stderr, "report", st.dir, *f.sets, st.lim, true, err)
	}
	page, err := dealPage(st, res)
	if err != nil {
		return dataError(stderr, "report", err)
	}
	page.Provenance = append(provenance(fs, st.inputs, f.sets), page.Provenance...)
	if st.spec != nil {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
		defer stop()
		opt := uncertainty.SimOptions{Draws: *draws, Seed: *seed, Workers: *workers, Progress: progress(stderr, "report", "draws"), Noise: true}
		sim, err := uncertainty.Simulate(ctx, st.m, st.base, st.spec, outs, opt)
		if err != nil {
			return libError(stderr, "report", err)
		}
		tw, err := uncertainty.OneWay(st.m, st.base, st.spec, outs[0])
		if err != nil {
			return libError(stderr, "report", err)
		}
		if err := uncertaintySections(st, page, sim, tw); err != nil {
			return dataError(stderr, "report", err)
		}
	}
	page.Provenance = append(page.Provenance, report.Meta{Key: "date", Value: day})
	var buf bytes.Buffer
	if err := htmlreport.Write(&buf, page); err != nil {
		return dataError(stderr, "report", err)
	}
	if err := st.out.Put(*outPath, asShown(stdout, buf.Bytes())); err != nil {
		return dataError(stderr, "report", fmt.Errorf("--out: %w", err))
	}
	if err := st.out.Commit(); err != nil {
		return dataError(stderr, "report", err)
	}
	printNotes(stderr, "report", st.lim.Notes)
	for _, w := range st.out.Warnings() {
		fmt.Fprintf(stderr, "sib report: warning: %s\n", w)
	}
	fmt.Fprintf(stderr, "sib report: wrote %s\n", *outPath)
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "sib report: warning: %s\n", w)
	}
	return exitOK
}

// svgChart renders a chart of internal/chart for a page.
func svgChart(title string, c chartWriter) (htmlreport.Chart, error) {
	var b bytes.Buffer
	if err := c.Write(&b, "svg"); err != nil {
		return htmlreport.Chart{}, err
	}
	return htmlreport.InlineSVG(title, b.Bytes())
}

// dealPage is the page of a deal's run: its paragraph, headline figures,
// and the sections of sib run's tables and charts.
func dealPage(st *study, res *sib.Result) (*htmlreport.Page, error) {
	s := res.Scenario
	doc := runReport(st.dir, st.m, res)
	if s.HasAppraisal() {
		doc.Tables = append(doc.Tables, appraisalTable(st.m, res))
	}
	table := func(name string) *report.T {
		for _, t := range doc.Tables {
			if t.Name == name {
				return t
			}
		}
		return nil
	}
	paths, _ := runPlotPaths("deal.svg")
	plots := runPlots("deal.svg", res)
	charts := make([]htmlreport.Chart, len(paths))
	for i, p := range paths {
		title := runCharts[i]
		if cw, ok := plots[p].(chart.Columns); ok {
			title = cw.Title
		}
		c, err := svgChart(title, plots[p])
		if err != nil {
			return nil, err
		}
		charts[i] = c
	}
	page := &htmlreport.Page{
		Title:      doc.Title,
		Lead:       dealParagraph(s, res),
		Headline:   headline(table("summary"), s),
		Currency:   doc.Currency,
		Provenance: append([]report.Meta{{Key: "scenario", Value: st.dir}}, doc.Meta...),
	}
	page.Sections = []htmlreport.Section{
		{ID: "deal", Title: "The deal", Note: "the figures of sib run: present values (PV) in the price base at the state's discount schedule, investors' and parties' money nominal",
			Tables: []*report.T{table("summary"), table("terms")}},
		{ID: "over-time", Title: "Payments and savings over time", Charts: charts[:2]},
		{ID: "state", Title: "The state's view by agency", Charts: charts[2:], Tables: []*report.T{table("state")}},
		{ID: "returns", Title: "Returns by tranche", Tables: []*report.T{table("tranches"), table("parties")}},
		{ID: "cash", Title: "The cash account", Tables: []*report.T{table("cash")}},
	}
	if t := table(appraisalTableName); t != nil {
		page.Sections = append(page.Sections, htmlreport.Section{ID: "appraisal", Title: "Value for money", Note: "the appraisal table of sib run (docs/appraisal.md)", Tables: []*report.T{t}})
	}
	return page, nil
}

// headline picks the page's headline figures from the summary table, as
// its text shows them.
func headline(summary *report.T, s *scenario.Scenario) []htmlreport.Figure {
	rows, _ := report.TextRows(summary)
	byItem := map[string][]string{}
	for _, r := range rows {
		byItem[r[0]] = r
	}
	items := []string{"participants", "outcome payments", "capital drawn", "investors received", "investors' IRR", "investors' multiple"}
	// The contract's measure first, and its ratio.
	if s.Settings.SavingMeasure == scenario.GrossSaving {
		items = append(items, "state: net saving PV, gross", "state: net saving PV", "state: savings-to-payments ratio, gross")
	} else {
		items = append(items, "state: net saving PV", "state: net saving PV, gross", "state: savings-to-payments ratio")
	}
	items = append(items, "SIB premium PV")
	var figs []htmlreport.Figure
	for _, it := range items {
		r, ok := byItem[it]
		if !ok || r[1] == "" {
			continue
		}
		note := r[3] // a long note is in the summary table only
		if utf8.RuneCountInString(note) > 40 {
			note = ""
		}
		figs = append(figs, htmlreport.Figure{Label: it, Value: r[1], Unit: r[2], Note: note})
	}
	return figs
}

// dealParagraph tells the deal in words: who takes part, what is paid
// for and by whom, who invests, over what time, and what comes of it.
func dealParagraph(s *scenario.Scenario, r *sib.Result) string {
	st := &s.Settings
	p := s.Values()
	cur := st.Currency
	period := map[int]string{scenario.Month: "month", scenario.Quarter: "quarter", scenario.Year: "year"}[st.Months]
	var b strings.Builder
	last := r.Periods[len(r.Periods)-1].End
	fmt.Fprintf(&b, "%s runs %d %ss, from %s to %s, in %s (real amounts in %d prices). ",
		st.Name, st.Periods, period, st.Start.Format(time.DateOnly), last.Format(time.DateOnly), cur, st.PriceBase)
	var total float64
	var cohorts []string
	for _, c := range s.Cohorts {
		n := c.Size.In(p) * c.TakeUp.Or(p, 1)
		total += n
		cohorts = append(cohorts, fmt.Sprintf("%s from %s (%s)", c.Name, c.Entry.Format(time.DateOnly), num(math.Round(n*100)/100)))
	}
	fmt.Fprintf(&b, "%s participants join in %s: %s. ", num(math.Round(total*100)/100), plural(len(s.Cohorts), "cohort"), strings.Join(cohorts, ", "))
	var terms []string
	for j, t := range s.Terms {
		m := s.Metrics[t.Metric]
		what := m.Name
		if m.Unit != "" {
			what += " (" + m.Unit + ")"
		}
		terms = append(terms, fmt.Sprintf("%s on %s, paid by %s", t.Name, what, strings.Join(s.TermPayers(j), " and ")))
	}
	fmt.Fprintf(&b, "The outcome payers pay on %s: %s. ", plural(len(s.Terms), "term"), strings.Join(terms, "; "))
	var tranches []string
	var commit float64
	for _, t := range s.Tranches {
		c := t.Commitment.In(p)
		commit += c
		d := fmt.Sprintf("%s, %s %s from %s (priority %d", t.Name, cash(c), cur, t.Investor, t.Priority)
		if cp := t.Coupon.Or(p, 0); cp != 0 {
			d += ", target return " + pct(num(cp)) + "% a year"
		}
		if cp := t.Cap.Or(p, 0); cp != 0 {
			d += ", capped at " + num(cp) + " times its capital"
		}
		// A cap as a rate a year is how published deals state theirs
		// (Peterborough's 13%, the ICRC's 7%).
		if cr := t.CapRate.Or(p, 0); cr != 0 {
			d += ", its return capped at " + pct(num(cr)) + "% a year"
		}
		// The guarantee is what an investor reads first in a deal such as
		// NYC ABLE's (75% of the loan).
		if t.Guarantor != "" {
			var g []string
			if f := t.Floor.Or(p, 0); f != 0 {
				g = append(g, pct(num(f))+"% of its capital back")
			}
			if pr := t.Protected.Or(p, 0); pr != 0 {
				g = append(g, pct(num(pr))+"% of its principal")
			}
			if len(g) > 0 {
				d += ", " + strings.Join(g, " and ") + " guaranteed by " + t.Guarantor
				if l := t.GuaranteeLimit.Or(p, 0); l != 0 {
					d += " up to " + cash(l) + " " + cur
				}
			}
		}
		tranches = append(tranches, d+")")
	}
	fmt.Fprintf(&b, "Investors commit %s %s in %s: %s. ", cash(commit), cur, plural(len(s.Tranches), "tranche"), strings.Join(tranches, "; "))
	for _, t := range s.Tranches {
		if c := couponSentence(s, &t); c != "" {
			b.WriteString(c + " ")
		}
	}
	o := &r.Outputs
	fmt.Fprintf(&b, "At the base inputs the payers pay %s %s for outcomes (nominal); investors draw %s %s and receive %s %s",
		cash(o.Payments), cur, cash(o.Investors.Drawn), cur, cash(o.Investors.Received), cur)
	if o.Investors.IRR.Exists() {
		fmt.Fprintf(&b, ", an IRR of %s%% a year", pct(num(o.Investors.IRR.Rate)))
	}
	net, measure := o.NetPV, "cashable"
	if st.SavingMeasure == scenario.GrossSaving {
		net, measure = o.NetGrossPV, "gross"
	}
	less := "outcome payments"
	if c := o.Appraisal.CommissionerRawPV; c != 0 {
		less = fmt.Sprintf("outcome payments and the commissioner's own costs (%s %s)", cash(c), cur)
	}
	fmt.Fprintf(&b, "; the state's net saving, %s saving less %s, is %s %s in present value.", measure, less, cash(net), cur)
	return b.String()
}

// couponSentence tells a tranche's coupons by period range (coupons.csv):
// fixed, or performance-linked, set each year from a band table at the
// year's measured rate of a metric, with a floor (Newpin's); "" for a
// tranche without any.
func couponSentence(s *scenario.Scenario, t *scenario.Tranche) string {
	p := s.Values()
	rate := func(id scenario.ParamID) string { return pct(num(id.In(p))) + "%" }
	var ranges []string
	told := map[scenario.ScheduleID]bool{}
	covered := 0
	for _, c := range s.Coupons {
		if c.Tranche != t.Name {
			continue
		}
		from, to := max(c.From, 1), c.To
		if to == 0 {
			to = s.Settings.Periods
		}
		covered += to - from + 1
		periods := fmt.Sprintf("in periods %d to %d", from, to)
		if from == to {
			periods = fmt.Sprintf("in period %d", from)
		}
		if c.Schedule == 0 {
			ranges = append(ranges, fmt.Sprintf("%s, a fixed %s", periods, rate(c.Rate)))
			continue
		}
		sc := &s.Tiers[c.Schedule.Index()]
		var d string
		if told[c.Schedule] {
			d = periods + ", the same bands"
		} else {
			told[c.Schedule] = true
			from, below := "from", "below"
			if sc.Strict {
				from, below = "above", "at or below"
			}
			var bands []string
			for k := range sc.Effect {
				bands = append(bands, fmt.Sprintf("%s %s %s", rate(sc.Value[k]), from, num(sc.Effect[k].In(p))))
			}
			of := ""
			if sc.Relative {
				of = " of the baseline"
			}
			d = fmt.Sprintf("%s it is performance-linked, the band of schedule %s that the year's measured %s effect reaches (%s%s; none %s %s)",
				periods, sc.Name, s.Metrics[c.Metric].Name, strings.Join(bands, ", "), of, below, num(sc.Effect[0].In(p)))
		}
		if c.Floor != 0 {
			d += ", and at least " + rate(c.Floor)
		} else {
			d += " with no minimum"
		}
		ranges = append(ranges, d)
	}
	if len(ranges) == 0 {
		return ""
	}
	if covered < s.Settings.Periods {
		other := "no coupon"
		if cp := t.Coupon.Or(p, 0); cp != 0 {
			other = "its target return of " + pct(num(cp)) + "%"
		}
		ranges = append(ranges, "in the other periods, "+other)
	}
	return fmt.Sprintf("%s's coupon a year varies by period (coupons.csv): %s. A coupon accrues on what is outstanding; what the cash does not pay stays owed until it is paid or the tranche matures, when it is lost.",
		t.Name, strings.Join(ranges, "; "))
}

// uncertaintySections adds the Monte Carlo and the tornado to a page.
func uncertaintySections(st *study, page *htmlreport.Page, sim *uncertainty.Simulation, tw *uncertainty.Tornado) error {
	doc := simulateReport(st, sim, true)
	noiseReport(st, sim, true, doc)
	var tables []*report.T
	for _, t := range doc.Tables {
		if t.Name == "summary" || t.Name == "chances" || t.Name == "tests" || t.Name == "terms" {
			tables = append(tables, t)
		}
	}
	first := sim.Summaries[0]
	marks := distMarks(first)
	title := fmt.Sprintf("%s: %d draws, seed %d", first.Output.Name, sim.Draws, sim.Seed)
	pctAxis := first.Output.Unit == uncertainty.Rate
	hist, err := svgChart("histogram of "+first.Output.Name, chart.Histogram{Title: title, XLabel: st.shortLabel(first.Output), Values: sim.Values[0], Marks: marks, Percent: pctAxis})
	if err != nil {
		return err
	}
	cdf, err := svgChart("cumulative distribution of "+first.Output.Name, chart.CDF{Title: title, XLabel: st.shortLabel(first.Output), Values: sim.Values[0], Marks: marks, Percent: pctAxis})
	if err != nil {
		return err
	}
	for _, m := range doc.Meta {
		if m.Key == "draws" || m.Key == "seed" || m.Key == "varied" || m.Key == "noise" {
			page.Provenance = append(page.Provenance, m)
		}
	}
	page.Provenance = append(page.Provenance, report.Meta{Key: "uncertainty", Value: st.in})
	page.Sections = append(page.Sections, htmlreport.Section{ID: "uncertainty", Title: "Uncertainty",
		Note: fmt.Sprintf("Monte Carlo over the uncertainty folder %s: %d draws, seed %d; the tests read effects measured with noise where the evaluation design is known; charts: %s, %s",
			st.in, sim.Draws, sim.Seed, first.Output.Name, st.axisLabel(first.Output)),
		Charts: []htmlreport.Chart{hist, cdf}, Tables: tables})
	out := tw.Output
	tab, bars := tornadoTable(out, tw)
	tc, err := svgChart("tornado of "+out.Name, chart.Tornado{Title: "One-way sensitivity of " + out.Name, Output: st.shortLabel(out), Base: tw.Base, Bars: bars, Percent: out.Unit == uncertainty.Rate})
	if err != nil {
		return err
	}
	page.Sections = append(page.Sections, htmlreport.Section{ID: "tornado", Title: "Tornado: one-way sensitivity",
		Note: fmt.Sprintf("each parameter of the uncertainty folder from its low to its high value, the others at base; %s, %s: %s at the base inputs",
			out.Name, st.axisLabel(out), inUnit(out, true)(tw.Base)),
		Charts: []htmlreport.Chart{tc}, Tables: []*report.T{tab}})
	return nil
}
