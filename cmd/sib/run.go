package main

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/internal/errprefix"
	"github.com/sib-engine/sib/internal/names"
	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

const runHelp = `Usage: sib run [flags] <scenario-folder>

Evaluates a social impact bond from a scenario folder of CSV files
(scenario.csv, cohorts.csv, metrics.csv, avoided.csv, payments.csv,
delivery.csv, capital.csv, and optionally services.csv, tiers.csv, fees.csv
and discount.csv; see docs/scenario.md): what the state saves, what it pays
for outcomes, how the bond's cash flows through the tranches, and each
party's returns.

The report shows the deal summary, the state's view by agency (which agency
pays and which saves), the payment terms, each tranche's and party's returns
(IRR, XIRR, money multiple, NPV at the hurdle rate, payback), and the bond's
cash account period by period. The summary gives the state's net saving
on both measures, cashable and gross (capacity freed counted as saved);
the one the scenario's saving_measure names (cashable unless it says
gross) comes first and, when gross, says it is the contract's measure.
--out DIR writes every table, including the period-by-period savings,
payments, costs and tranche flows, as CSV.

The appraisal table (docs/appraisal.md), shown when the folder has
values.csv, commissioner_costs.csv or confidence grades, and always with
--table appraisal, values the deal for the state and for society: present
values by category (fiscal cashable and non-cashable, economic, social) and
beneficiary, before and after optimism bias; the commissioner's own costs,
which the state's net saving subtracts; the NPSV, the Green Book BCR (social
benefit over net public cost, outcome payments a transfer to domestic
investors) and the GMCA returns.

--plot draws three charts: outcome payments and the state's savings by
period (nominal: the money of each period, cashable and non-cashable
savings above 0, payments below, their difference as a line); the
cumulative cash of each party (investors together, each party the bond
pays, and the state: cashable and gross saving less payments, nominal); and the
state's net position by agency (present values: cashable saving, payments,
net; with saving_measure gross, the gross saving too and the net on the
gross measure). --plot DIR writes DIR/cashflows.svg, cumulative.svg and
agencies.svg; --plot NAME.png (or .svg) writes NAME-cashflows.png,
NAME-cumulative.png and NAME-agencies.png.

--chance reports, instead of the ledger, the chance that each term's tests
pass when the contract reads the effect an evaluator measures on the
cohorts (the evaluation design of an effect measured in an outcomes
folder), exactly at the base inputs: binomial and Poisson sums, the normal
CDF (table chance); the operating characteristic, the chance that each
test passes against the true effect on a grid around the threshold, with the chance of
a payment not earned below it and of a denial not deserved at or above it
(table oc; --plot NAME.svg draws NAME-TERM.svg a term, --plot DIR
DIR/oc-TERM.svg); and each term's expected payment from 10000 draws of the
noise alone, seed 1 (table expected).

Money is in the scenario's currency setting: nominal for investors and
parties, real (the price base) and discounted for the state's view. The
discounting line states the present value date, which flows are
discounted by how many years, and the rates; --discount-schedule NAME
tries a published schedule (sib schedules lists them) and
--discount-timing green_book the Green Book's year-0 convention, without
editing the folder (docs/appraisal.md).

` + unitsHelp + `
Examples:
  sib run testdata/estonia/scenario
  sib run --set outcome.reconvictions.effect=0.05 testdata/estonia/scenario
  sib run --format csv --table tranches testdata/preschool/scenario
  sib run --format csv --table appraisal testdata/estonia/scenario
  sib run --out deal-tables testdata/employment/scenario
  sib run --xlsx deal.xlsx --set outcome.reconvictions.effect=0.05 testdata/estonia/scenario
  sib run --plot deal-charts testdata/preschool/scenario
  sib run --plot deal.png testdata/estonia/scenario
  sib run --discount-schedule greenbook-2026:lower testdata/preschool/scenario
  sib run --discount-timing green_book testdata/preschool/scenario
  sib run --chance --plot oc.svg testdata/estonia/scenario
`

var runTables = []string{"summary", "state", "terms", "tranches", "parties", "cash", "periods", "savings", "payments", "costs", "tranche_flows", "flows", appraisalTableName}

// runTextTables are shown by --format table; the rest are long.
var runTextTables = []string{"summary", "state", "terms", "tranches", "parties", "cash"}

func runRun(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("run", pflag.ContinueOnError)
	ff := addFormatFlags(fs).withTable("summary", "with --format csv, the table to write: "+strings.Join(runTables, ", ")+" (with --chance: chance, oc or expected)", append(slices.Clone(runTables), chanceTables...))
	format, table := ff.format, ff.table
	outDir := fs.String("out", "", "also write every table as DIR/<table>.csv")
	xlsx := addXlsxFlag(fs)
	plot := fs.String("plot", "", "also draw the deal's charts: into folder DIR as cashflows.svg, cumulative.svg and agencies.svg, or for NAME.png (or .svg) as NAME-cashflows.png, ...")
	sets := fs.StringArray("set", nil, "change a parameter, NAME=VALUE (repeatable; sib params lists the names)")
	limits := addLimitFlag(fs)
	disc := addDiscountFlags(fs)
	chance := fs.Bool("chance", false, "instead of the ledger: the exact chance that each test passes on the measured effect, its operating characteristic (--plot: a chart a term) and the expected payments")
	if code, done := parseFlags(fs, args, runHelp, stdout, stderr); done {
		return code
	}
	if slices.Contains(chanceTables, *table) != *chance && fs.Changed("table") {
		return usageError(stderr, "run", "--table %s: the tables of --chance are chance, oc and expected, and only they", *table)
	}
	if msg := ff.problem(); msg != "" {
		return usageError(stderr, "run", "%s", msg)
	}
	if fs.NArg() != 1 {
		return usageError(stderr, "run", "expected one scenario folder, got %s", plural(fs.NArg(), "argument"))
	}
	if code, done := disc.check(stderr, "run"); done {
		return code
	}
	dir := fs.Arg(0)
	if code, done := inputFolder(stderr, "run", dir, scenarioFolder); done {
		return code
	}
	lim, code, done := limitsOf(stderr, "run", *limits)
	if done {
		return code
	}
	s, err := scenario.LoadWith(dir, scenario.LoadOptions{Limits: lim, DiscountSchedule: *disc.schedule})
	if err != nil {
		return dataError(stderr, "run", err)
	}
	disc.apply(s)
	noteLockFiles(lim.Notes, scenarioInputs(dir, s)...)
	if code, done := applySets(stderr, "run", s, *sets); done {
		return code
	}
	out := newBatch("run", scenarioInputs(dir, s)...)
	defer out.Abort()
	if code, done := reserveXlsx(stderr, "run", out, *xlsx); done {
		return code
	}
	if *chance {
		return runChance(fs, dir, s, sets, lim, *format, chanceTable(*table, fs.Changed("table")), *outDir, *xlsx, *plot, out, stdout, stderr)
	}
	// The appraisal table is shown when the scenario has its inputs, or
	// is asked for (appraisal.go).
	appraise := s.HasAppraisal() || *table == appraisalTableName
	tables, stale := runTables, []string(nil)
	if !appraise {
		tables, stale = runTables[:len(runTables)-1], []string{appraisalTableName}
	}
	if err := reserveTables(out, *outDir, tables, stale); err != nil {
		return dataError(stderr, "run", err)
	}
	if err := reserveRunPlots(out, *plot); err != nil {
		return dataError(stderr, "run", err)
	}
	m, code, done := compileSets(stderr, "run", dir, s, *sets, lim)
	if done {
		return code
	}
	res, err := m.Run(s.Values())
	if err != nil {
		return setsError(stderr, "run", dir, *sets, lim, true, err)
	}
	rep := runReport(dir, m, res)
	if appraise {
		rep.Tables = append(rep.Tables, appraisalTable(m, res))
	}
	doc := withProvenance(rep, fs, scenarioInputs(dir, s), sets)
	show := doc
	if *format == report.Table {
		// The text report: the period-by-period tables are for --out.
		show = &report.Doc{Title: doc.Title, Meta: doc.Meta, Currency: doc.Currency}
		for _, t := range doc.Tables {
			if slices.Contains(runTextTables, t.Name) || t.Name == appraisalTableName {
				show.Tables = append(show.Tables, t)
			}
		}
	}
	return emit(stdout, stderr, "run", output{doc: doc, show: show, format: *format, table: *table, dir: *outDir, xlsx: *xlsx, warnings: res.Warnings, notes: lim.Notes, batch: out, plots: runPlots(*plot, res)})
}

// applySets applies --set NAME=VALUE changes to a scenario; done reports a
// usage error, with its exit status.
func applySets(stderr io.Writer, cmd string, s *scenario.Scenario, sets []string) (code int, done bool) {
	first := map[string]string{} // a parameter's first --set
	for _, kv := range sets {
		name, v, ok := strings.Cut(kv, "=")
		if !ok {
			return usageError(stderr, cmd, "--set %q: expected NAME=VALUE", kv), true
		}
		if prev, ok := first[strings.TrimSpace(name)]; ok {
			return usageError(stderr, cmd, "--set %s: parameter %q is set twice (--set %s, then --set %s): give each parameter once", kv, strings.TrimSpace(name), prev, kv), true
		}
		first[strings.TrimSpace(name)] = kv
		x, err := csvio.ParseFloat(strings.TrimSpace(v), false)
		if err != nil {
			return usageError(stderr, cmd, "--set %s: %v", kv, err), true
		}
		name = strings.TrimSpace(name)
		if _, ok := s.Param(name); !ok {
			return usageError(stderr, cmd, "--set %s: unknown name: no parameter %q%s (sib params lists them)", kv, name, names.Hint(s.Suggest(name))), true
		}
		if err := s.Set(name, x); err != nil {
			return usageError(stderr, cmd, "--set %s: %s", kv, errprefix.Strip(err.Error())), true
		}
	}
	return exitOK, false
}

// pct shows a rate as a percentage with two decimals.
func pct(s string) string { return percentText(s, 2) }

func cash(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return decimal.NewFromFloat(x).Round(2).StringFixed(2)
}

// irrCells gives an IRR's value and its note: the reason when there is
// none, the warning when there are several.
func irrCells(r sib.IRR) (string, string) {
	if !r.Exists() {
		return "", r.Reason()
	}
	note := r.Warning()
	if r.Status == sib.TotalLoss {
		note = r.Reason()
	}
	return num(r.Rate), note
}

func paybackCell(n int) string {
	if n < 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func runReport(dir string, m *sib.Model, r *sib.Result) *report.Doc {
	s := r.Scenario
	st := &s.Settings
	o := &r.Outputs
	period := map[int]string{scenario.Month: "month", scenario.Quarter: "quarter", scenario.Year: "year"}[st.Months]
	doc := &report.Doc{
		Title: "Social impact bond: " + st.Name,
		Meta: []report.Meta{
			{Key: "start", Value: st.Start.Format(time.DateOnly)},
			{Key: "horizon", Value: fmt.Sprintf("%d", st.Periods), Numeric: true}, // "periods" is a table
			{Key: "period", Value: period},
			{Key: "currency", Value: st.Currency},
			{Key: "price_base", Value: strconv.Itoa(st.PriceBase), Numeric: true},
			{Key: "money", Value: "state view: real (price base) and discounted to the start; investors and parties: nominal"},
			discountingMeta(m, s.Values()),
		},
	}
	if n := s.ActualsThrough(); n > 0 {
		doc.Meta = append(doc.Meta, report.Meta{Key: "actuals", Value: actualsNote(s, n)})
	}
	doc.Currency = st.Currency
	moneyCol := moneyColumn
	rate := func(name, title string) report.Column {
		return report.Column{Name: name, Title: title, Numeric: true, Text: pct}
	}

	summary := &report.T{Name: "summary", Title: "Deal summary",
		Note:    "PV: present value at the discount schedule, in the price base; rates in % a year (fractions a year in CSV and JSON: 0.05 = 5%)",
		Columns: []report.Column{{Name: "item"}, {Name: "value", Numeric: true, RowText: summaryValueText}, {Name: "unit", Text: summaryUnitText}, {Name: "note"}}}
	var participants float64
	p := s.Values()
	for _, c := range s.Cohorts {
		participants += c.Size.In(p) * c.TakeUp.Or(p, 1)
	}
	var commit float64
	for _, t := range s.Tranches {
		commit += t.Commitment.In(p)
	}
	var delivery, fees decimal.Decimal
	for _, c := range r.Costs {
		if c.Fee {
			fees = fees.Add(c.Paid)
		} else {
			delivery = delivery.Add(c.Paid)
		}
	}
	irr, irrNote := irrCells(o.Investors.IRR)
	xirr, xirrNote := irrCells(o.Investors.XIRR)
	add := func(item, value, unit, note string) { summary.Add(item, value, unit, note) }
	add("participants", num(math.Round(participants*100)/100), "people", fmt.Sprintf("%d cohorts", len(s.Cohorts)))
	add("outcome payments", cash(o.Payments), st.Currency, "nominal, after caps")
	add("delivery costs paid", money(delivery), st.Currency, "nominal")
	add("fees paid", money(fees), st.Currency, "nominal")
	add("unfunded costs", cash(o.Unfunded), st.Currency, "costs the commitments could not cover")
	add("capital committed", cash(commit), st.Currency, "")
	add("capital drawn", cash(o.Investors.Drawn), st.Currency, "")
	add("investors received", cash(o.Investors.Received), st.Currency, "including guarantee top-ups")
	add("investors' multiple", num(o.Investors.Multiple), "x", "received / drawn")
	add("investors' IRR", irr, rateUnit, irrNote)
	add("investors' XIRR", xirr, rateUnit, xirrNote)
	add("investors' NPV at hurdle", cash(o.Investors.NPV), st.Currency, fmt.Sprintf("hurdle %s a year", pctCell(num(hurdle(s)))+"%"))
	ipb := "never"
	switch {
	case o.Investors.Payback >= 0:
		ipb = fmt.Sprintf("in period %d", o.Investors.Payback)
	case o.Investors.Drawn == 0:
		ipb = "nothing was drawn" // not a loss never recovered
	}
	add("investors' payback", paybackCell(o.Investors.Payback), "periods", ipb)
	// What the tranches table's total row has, so that every format has it.
	cirr, cirrNote := irrCells(o.Investors.CommittedIRR)
	if cirrNote == "" {
		cirrNote = "the commitment set aside in the first period, the undrawn part back when it lapses"
	}
	add("investors' multiple on committed", num(o.Investors.CommittedMultiple), "x", "(committed + received − drawn) / committed")
	add("investors' IRR on committed", cirr, rateUnit, cirrNote)
	add("state: gross saving PV", cash(o.GrossPV), st.Currency, "avoided cost of today's services")
	add("state: cashable saving PV", cash(o.CashablePV), st.Currency, "the part that leaves budgets")
	if st.ClosureLag != 0 {
		add("state: held back by the closure lag PV", money(r.HeldBackPV), st.Currency, closureNote(s, r))
	}
	add("state: outcome payments PV", cash(o.PaymentsPV), st.Currency, "")
	addStateNet(add, o, st)
	pb := "never"
	switch {
	case o.StatePayback == 0:
		pb = "net saving never negative"
	case o.StatePayback > 0:
		pb = fmt.Sprintf("in period %d", o.StatePayback)
	}
	if st.SavingMeasure == scenario.GrossSaving {
		pb += ", on the cashable measure"
	}
	add("state: payback", paybackCell(o.StatePayback), "periods", pb)
	add("direct commissioning PV", cash(o.DirectPV), st.Currency, "delivery bought directly, with the state's overhead")
	add("SIB premium PV", cash(o.PremiumPV), st.Currency, "payments PV + the commissioner's costs PV − direct commissioning PV")

	stateNote := "which agency pays for outcomes and which saves (the wrong pocket); nominal totals, then present values in the price base at the state's discount schedule; net = cashable − payments, an outcome payer's NPV (a payer has no IRR: its flows are savings in, payments out); ratio = cashable PV / payments PV"
	if st.SavingMeasure == scenario.GrossSaving {
		stateNote += "; the contract's measure is gross: gross PV − payments PV"
	}
	state := &report.T{Name: "state", Title: "The state's view by agency",
		Note: stateNote,
		Columns: []report.Column{{Name: "agency"}, moneyCol("gross", ""), moneyCol("cashable", ""), moneyCol("payments", ""), moneyCol("net", ""),
			moneyCol("gross_pv", "gross PV"), moneyCol("cashable_pv", "cashable PV"), moneyCol("payments_pv", "payments PV"), moneyCol("net_pv", "net PV"),
			{Name: "savings_ratio", Title: "ratio", Numeric: true, Text: fixed4s}}}
	withCommissioner(state, s)
	for i, v := range r.State {
		ratio := ""
		if v.PaymentsPV.Sign() > 0 {
			ratio = num(v.CashablePV.InexactFloat64() / v.PaymentsPV.InexactFloat64())
		}
		cells := []string{v.Agency, money(v.Gross), money(v.Cashable), money(v.Payments), money(v.Net), money(v.GrossPV), money(v.CashablePV), money(v.PaymentsPV), money(v.NetPV), ratio}
		cells = commissionerCells(cells, s, v)
		if i == len(r.State)-1 {
			state.AddFooter(cells...)
		} else {
			state.Add(cells...)
		}
	}

	terms := &report.T{Name: "terms", Title: "Outcome payments by term",
		Note: "due = earned and released after tests and lag; paid = after the caps; unpaid = released after the horizon; outcomes = what the term's metric counts over the horizon (in its unit); per outcome = paid / outcomes",
		Columns: []report.Column{{Name: "term"}, {Name: "metric"}, {Name: "basis"}, {Name: "payer"}, moneyCol("due", ""), moneyCol("paid", ""), moneyCol("unpaid", ""),
			{Name: "outcomes", Numeric: true, TextPlaces: 2}, moneyCol("per_outcome", "per outcome")}}
	terms.Note += sizedNote(m, s)
	var due, paid decimal.Decimal
	for j, tm := range s.Terms {
		var d, pd decimal.Decimal
		for _, row := range r.Payments {
			if row.Term == tm.Name {
				d = d.Add(row.Due)
				pd = pd.Add(row.Paid)
			}
		}
		due, paid = due.Add(d), paid.Add(pd)
		per := ""
		if n := r.Outcomes[j]; n > 0 {
			per = cash(pd.InexactFloat64() / n)
		}
		terms.Add(tm.Name, s.Metrics[tm.Metric].Name, tm.Basis.String(), strings.Join(s.TermPayers(j), "+"), money(d), money(pd), money(r.Unpaid[j]), num(r.Outcomes[j]), per)
	}
	terms.AddFooter("all terms", "", "", "", money(due), money(paid), "", "", "")

	retCols := []report.Column{moneyCol("drawn", "paid in"), moneyCol("received", ""), {Name: "multiple", Numeric: true, Text: fixed4s},
		rate("irr", "IRR %"), rate("xirr", "XIRR %"), moneyCol("npv", "NPV at hurdle"), {Name: "payback", Numeric: true}, {Name: "note"}}
	retCells := func(rt sib.Returns) []string {
		irr, n1 := irrCells(rt.IRR)
		xirr, n2 := irrCells(rt.XIRR)
		note := n1
		if note == "" {
			note = n2
		}
		return []string{cash(rt.Drawn), cash(rt.Received), num(rt.Multiple), irr, xirr, cash(rt.NPV), paybackCell(rt.Payback), note}
	}
	// On committed capital, before the note: the commitment set aside in
	// the first period, the undrawn part back when it lapses.
	n := len(retCols) - 1
	trCols := append(append(slices.Clone(retCols[:n]), moneyCol("committed", ""), report.Column{Name: "multiple_committed", Title: "multiple on committed", Numeric: true, Text: fixed4s},
		rate("irr_committed", "IRR on committed %")), retCols[n])
	trCells := func(rt sib.Returns) []string {
		c := retCells(rt)
		irr, _ := irrCells(rt.CommittedIRR)
		return append(append(c[:n:n], cash(rt.Committed), num(rt.CommittedMultiple), irr), c[n])
	}
	tranches := &report.T{Name: "tranches", Title: "Returns by tranche",
		Note:    "in priority order; payback in periods; IRR from the periodic flows, annualised; XIRR from each period's last day",
		Columns: append([]report.Column{{Name: "tranche"}, {Name: "investor"}, {Name: "priority", Numeric: true}}, trCols...)}
	for k, t := range s.Tranches {
		tranches.Add(append([]string{t.Name, t.Investor, strconv.Itoa(t.Priority)}, trCells(o.Tranches[k])...)...)
	}
	tranches.AddFooter(append([]string{"all investors", "", ""}, trCells(o.Investors)...)...)

	parties := &report.T{Name: "parties", Title: "Returns by party",
		Note:    "a party's cash flows over the deal; outcome payers are in the state's view by agency (NPV at the state's discount schedule, no IRR)",
		Columns: append([]report.Column{{Name: "party"}, {Name: "role"}}, retCols...)}
	for _, pr := range r.Parties {
		cells := retCells(pr.Returns)
		cells[0], cells[1] = money(pr.Paid), money(pr.Received)
		if pr.Role == sib.RoleGuarantor {
			// A guarantor's flows are top-ups out and nothing back: its
			// cost, not an investment, so no multiple, IRR or payback
			// (a "total loss" would misread it as payers' IRRs did).
			for i := 2; i < len(cells)-1; i++ {
				if i != 5 { // the NPV at the hurdle stays: the cost's present value
					cells[i] = ""
				}
			}
			cells[len(cells)-1] = "a guarantee's cost: no IRR"
			if pr.Paid.IsZero() {
				cells[len(cells)-1] = "guarantee not called"
			}
		}
		parties.Add(append([]string{pr.Party, pr.Role}, cells...)...)
	}

	cashT := &report.T{Name: "cash", Title: "The bond's cash account by period",
		Note: "money in (payments, capital drawn, guarantee) equals money out (costs, distributions to tranches, residual) to the cent in every period",
		Columns: []report.Column{{Name: "period", Numeric: true}, {Name: "end"}, moneyCol("payments", ""), moneyCol("drawn", ""), moneyCol("guarantee", ""),
			moneyCol("costs", ""), moneyCol("distributed", ""), moneyCol("residual", ""), moneyCol("unfunded", "")}}
	// A bond that holds cash between distributions shows what it holds
	// (the others hold nothing).
	hold := st.Distribute != scenario.EveryPeriod
	if hold {
		cashT.Note = "money in (payments, capital drawn, guarantee) equals money out (costs, distributions to tranches, residual) plus the change in the cash held to the cent in every period; held = at the period's end"
		cashT.Columns = append(cashT.Columns, moneyCol("held", ""))
	}
	var tot [7]decimal.Decimal
	for i, c := range r.Cash {
		vals := []decimal.Decimal{c.Payments, c.Drawn, c.Guarantee, c.Costs, c.Distributed, c.Residual, c.Unfunded}
		cells := []string{strconv.Itoa(c.Period), r.Periods[i].End.Format(time.DateOnly)}
		for k, v := range vals {
			tot[k] = tot[k].Add(v)
			cells = append(cells, money(v))
		}
		if hold {
			cells = append(cells, money(c.Held))
		}
		cashT.Add(cells...)
	}
	foot := []string{"total", ""}
	for _, v := range tot {
		foot = append(foot, money(v))
	}
	if hold {
		foot = append(foot, "")
	}
	cashT.AddFooter(foot...)

	periods := &report.T{Name: "periods", Title: "Periods",
		Columns: []report.Column{{Name: "period", Numeric: true}, {Name: "start"}, {Name: "end"}, {Name: "discount_factor", Numeric: true}, {Name: "price_index", Numeric: true}}}
	for _, pd := range r.Periods {
		periods.Add(strconv.Itoa(pd.N), pd.Start.Format(time.DateOnly), pd.End.Format(time.DateOnly), num(pd.Discount), num(pd.Index))
	}
	savings := &report.T{Name: "savings", Title: "Savings by period, service and agency",
		Note: "real: in the price base; PV: real, discounted",
		Columns: []report.Column{{Name: "period", Numeric: true}, {Name: "service"}, {Name: "agency"}, {Name: "units", Numeric: true},
			moneyCol("gross", ""), moneyCol("cashable", ""), moneyCol("gross_nominal", ""), moneyCol("cashable_nominal", ""), moneyCol("gross_pv", ""), moneyCol("cashable_pv", "")}}
	for _, sv := range r.Savings {
		savings.Add(strconv.Itoa(sv.Period), sv.Service, sv.Agency, num(math.Round(sv.Units*1e6)/1e6), money(sv.Gross), money(sv.Cashable), money(sv.GrossNominal), money(sv.CashableNominal), money(sv.GrossPV), money(sv.CashablePV))
	}
	payments := &report.T{Name: "payments", Title: "Outcome payments by period and term",
		Columns: []report.Column{{Name: "period", Numeric: true}, {Name: "term"}, {Name: "payer"}, moneyCol("due", ""), moneyCol("paid", "")}}
	for _, pm := range r.Payments {
		payments.Add(strconv.Itoa(pm.Period), pm.Term, pm.Payer, money(pm.Due), money(pm.Paid))
	}
	costs := &report.T{Name: "costs", Title: "Delivery costs and fees by period",
		Columns: []report.Column{{Name: "period", Numeric: true}, {Name: "item"}, {Name: "kind"}, {Name: "party"}, moneyCol("due", ""), moneyCol("paid", "")}}
	for _, c := range r.Costs {
		kind := "delivery"
		switch {
		case c.Subordinated:
			kind = "subordinated fee"
		case c.Fee:
			kind = "fee"
		}
		costs.Add(strconv.Itoa(c.Period), c.Item, kind, c.Party, money(c.Due), money(c.Paid))
	}
	tflows := &report.T{Name: "tranche_flows", Title: "Tranche flows by period",
		Note: "flow = return + principal + excess + guarantee − drawn; outstanding = principal still owed after the period, after repayments and guarantee top-ups (and, in the last period, the unpaid target return)",
		Columns: []report.Column{{Name: "period", Numeric: true}, {Name: "tranche"}, {Name: "investor"}, moneyCol("drawn", ""), moneyCol("return", ""), moneyCol("principal", ""),
			moneyCol("excess", ""), moneyCol("guarantee", ""), moneyCol("flow", ""), moneyCol("outstanding", "")}}
	cfees := slices.ContainsFunc(s.Tranches, func(t scenario.Tranche) bool { return t.CommitmentFee != 0 })
	if cfees {
		// Only where a tranche has one, before the flow.
		tflows.Note = "flow = commitment fee + return + principal + excess + guarantee − drawn; outstanding = principal still owed after the period, after repayments and guarantee top-ups (and, in the last period, the unpaid target return)"
		tflows.Columns = slices.Insert(tflows.Columns, 8, moneyCol("commitment_fee", "commitment fee"))
	}
	for _, t := range r.Tranches {
		cells := []string{strconv.Itoa(t.Period), t.Tranche, t.Investor, money(t.Drawn), money(t.Return), money(t.Principal), money(t.Excess), money(t.Guarantee), money(t.Flow), money(t.Outstanding)}
		if cfees {
			cells = slices.Insert(cells, 8, money(t.CommitmentFee))
		}
		tflows.Add(cells...)
	}
	flows := &report.T{Name: "flows", Title: "Cash flows by period and party",
		Columns: []report.Column{{Name: "period", Numeric: true}, {Name: "party"}, {Name: "role"}, moneyCol("flow", "")}}
	for _, f := range r.Flows {
		flows.Add(strconv.Itoa(f.Period), f.Party, f.Role, money(f.Flow))
	}
	doc.Tables = []*report.T{summary, state, terms, tranches, parties, cashT, periods, savings, payments, costs, tflows, flows}
	return doc
}

// closureNote explains the summary's row of what the closure lag holds
// back: the step costs a budget holder releases only after a sustained
// fall, net of which the cashable saving is.
func closureNote(s *scenario.Scenario, r *sib.Result) string {
	years := s.At(s.Settings.ClosureLag).Value
	unit := "periods"
	if r.ClosureLag == 1 {
		unit = "period"
	}
	return fmt.Sprintf("step costs released only after the fall has lasted closure_lag %s years (%d %s); cashable saving is net of it; %s nominal",
		num(years), r.ClosureLag, unit, money(r.HeldBack))
}

// rateUnit is the unit of a rate in the summary's machine formats: text
// shows the rate in % (summaryValueText) and the unit as "% a year".
const rateUnit = "fraction a year"

// summaryValueText shows a summary value in text by its row's unit:
// addStateNet adds the summary's rows of the state's net saving and its
// savings-to-payments ratio. Both measures are shown; the one the
// contract names (saving_measure) comes first and says so. On the
// cashable measure, the default, the rows are as they always were.
func addStateNet(add func(item, value, unit, note string), o *sib.Outputs, st *scenario.Settings) {
	comm := commissionerTerm(o)
	cashable := func(note string) {
		add("state: net saving PV", cash(o.NetPV), st.Currency, "cashable saving − outcome payments"+comm+note)
	}
	gross := func(note string) {
		add("state: net saving PV, gross", cash(o.NetGrossPV), st.Currency, "gross saving − outcome payments"+comm+": capacity freed counted as saved"+note)
	}
	ratio := func() {
		add("state: savings-to-payments ratio", num(o.SavingsRatio), "x", "cashable saving PV / payments PV (not the Green Book BCR)")
	}
	if st.SavingMeasure != scenario.GrossSaving {
		cashable("")
		gross("")
		ratio()
		return
	}
	gross("; the contract's measure (saving_measure gross)")
	cashable("")
	grossRatio := math.NaN()
	if o.PaymentsPV != 0 {
		grossRatio = o.GrossPV / o.PaymentsPV
	}
	add("state: savings-to-payments ratio, gross", num(grossRatio), "x", "gross saving PV / payments PV, on the contract's measure (not the Green Book BCR)")
	ratio()
}

// rates in %, multiples and ratios to 4 places, the rest as they are.
func summaryValueText(row []string, cell string) string {
	switch row[2] {
	case rateUnit:
		return pct(cell)
	case "x":
		return fixed4s(cell)
	}
	return cell
}

// summaryUnitText shows a summary unit in text.
func summaryUnitText(u string) string {
	if u == rateUnit {
		return "% a year"
	}
	return u
}

func hurdle(s *scenario.Scenario) float64 {
	if i := s.Settings.Hurdle; i != 0 {
		return s.At(i).Value
	}
	return 0
}

func fixed4(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return strconv.FormatFloat(x, 'f', 4, 64)
}

func fixed4s(s string) string {
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	return fixed4(x)
}

func pctCell(s string) string {
	if s == "" {
		return ""
	}
	return pct(s)
}

const paramsHelp = `Usage: sib params [flags] <scenario-folder>

Lists every numeric input of a scenario as a named parameter, with its
value, its allowed range, where it comes from (file:line:column, or the
costing or outcomes folder) and what it means. The names are stable: they
are how "sib run --set" and the sensitivity commands refer to inputs.

` + unitsHelp + `
Examples:
  sib params testdata/estonia/scenario
  sib params --format csv testdata/preschool/scenario > params.csv
  sib params --timing testdata/estonia/scenario
`

func runParams(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("params", pflag.ContinueOnError)
	ff := addFormatFlags(fs)
	format := ff.format
	limits := addLimitFlag(fs)
	// --timing lists the timing parameters (whole numbers of periods:
	// lags, outcome windows, maturities) instead of the others
	// (docs/scenario.md).
	timing := fs.Bool("timing", false, "list the timing parameters instead: lags, outcome windows and maturities, whole numbers of periods")
	if code, done := parseFlags(fs, args, paramsHelp, stdout, stderr); done {
		return code
	}
	if msg := ff.problem(); msg != "" {
		return usageError(stderr, "params", "%s", msg)
	}
	if fs.NArg() != 1 {
		return usageError(stderr, "params", "expected one scenario folder, got %s", plural(fs.NArg(), "argument"))
	}
	dir := fs.Arg(0)
	if code, done := inputFolder(stderr, "params", dir, scenarioFolder); done {
		return code
	}
	lim, code, done := limitsOf(stderr, "params", *limits)
	if done {
		return code
	}
	s, err := scenario.LoadWith(dir, scenario.LoadOptions{Limits: lim})
	if err != nil {
		return dataError(stderr, "params", err)
	}
	noteLockFiles(lim.Notes, scenarioInputs(dir, s)...)
	t := &report.T{Name: "params", Title: "Parameters",
		Note:    "every numeric input, by its stable name; min and max are the allowed range (empty: unbounded)",
		Columns: []report.Column{{Name: "name"}, {Name: "value", Numeric: true}, {Name: "min", Numeric: true}, {Name: "max", Numeric: true}, {Name: "source"}, {Name: "description"}}}
	if *timing {
		t.Title = "Timing parameters"
		t.Note = "whole numbers of periods, by their stable names; min and max are the allowed range; a change recompiles the model (sib run --set, tornado, grid, breakeven)"
	}
	n := 0
	for _, p := range s.Params {
		if p.Int == *timing {
			t.Add(p.Name, num(p.Value), num(p.Min), num(p.Max), p.Source, p.Doc)
			n++
		}
	}
	doc := &report.Doc{Title: "Parameters of " + s.Settings.Name, Meta: []report.Meta{{Key: "count", Value: strconv.Itoa(n), Numeric: true}}, Tables: []*report.T{t}}
	var out bytes.Buffer
	withProvenance(doc, fs, scenarioInputs(dir, s), nil)
	if err := report.Write(&out, doc, *format, "params"); err != nil {
		return dataError(stderr, "params", err)
	}
	printNotes(stderr, "params", lim.Notes)
	if _, err := stdout.Write(out.Bytes()); err != nil {
		return dataError(stderr, "params", err)
	}
	return exitOK
}

// actualsNote says which terms pay their actual payments (actuals.csv),
// and up to which period.
func actualsNote(s *scenario.Scenario, through int) string {
	var names []string
	for j, ok := range s.ActualTerms() {
		if ok {
			names = append(names, s.Terms[j].Name)
		}
	}
	return fmt.Sprintf("payments made, periods 1-%d, of %s (actuals.csv); modelled after", through, strings.Join(names, ", "))
}
