package main

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/claims"
	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/scenario"
)

const claimsHelp = `Usage: sib claims [flags] <claims-folder>

Validates a rate card's individual outcome records from a folder of CSV
files: contract.csv (dates, payment period, currency, deadline),
participants.csv, ratecard.csv (prices by date range, prerequisites,
windows, cap groups), optionally payers.csv, caps.csv and paid.csv (the
payments the payers have made: date, payer, amount, negative for a
recovery), and records.csv, the outcome records to claim (see
docs/claims.md).

Each record becomes an accepted claim, a partly paid one (a cap was
reached) or a rejected one with its reason. Prints the reconciliation
(claimed = paid + not paid, to the cent), the payments by period and
payer, what each payer still owes (owed: with a paid.csv), the claims by
outcome, and the achievement rates by outcome and cohort. The
claim-by-claim table (claims) and each participant's totals against the
caps (participants) are in --format csv --table NAME, JSON and --out.
Rejections are results: the exit status is 0; malformed data is an
error with its file, line and column (exit 1).

` + unitsHelp + `
Examples:
  sib claims testdata/youth-employment-claims
  sib claims --format csv --table claims testdata/youth-employment-claims
  sib claims --out claims-2018-q1 testdata/youth-employment-claims
  sib claims --xlsx claims.xlsx testdata/youth-employment-claims
  sib claims --as-of 2016-12-31 --out claims-2016-q4 testdata/youth-employment-claims

The actuals table (payments by period and term: with --as-of, the
periods over by that day, the one it falls in left to the forecast; else
up to the last period with a payment) is a scenario's actuals.csv, and
the forecast table gives the achievement rates as the scenario's effects
(with --as-of, of the participants who had started by then; docs/claims.md,
"From claims to the deal"); --term CODE=NAME names an outcome's term and
metric, one term for each outcome.

The owed table says, by payer, what the claims booked for the periods
over (as the actuals: with --as-of, those over by that day), what paid.csv
says was paid by then (every payment without --as-of), and owed = due −
paid, negative when overpaid; the payments table then shows each period's
part paid, the payments going to the oldest period first.
  sib claims --as-of 2016-11-30 --format csv --table owed testdata/youth-employment-claims
` + claimsToolsHelp

var claimsTables = []string{"reconciliation", "payments", "owed", "outcomes", "achievement", "actuals", "forecast", "participants", "claims"}

// claimsShown are the tables of the text output; the others are long
// (owed is shown when the folder has a paid.csv).
var claimsShown = []string{"reconciliation", "payments", "outcomes", "achievement"}

func runClaims(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("claims", pflag.ContinueOnError)
	ff := addFormatFlags(fs).withTable("reconciliation", "with --format csv, the table to write: "+strings.Join(claimsTables, ", "), claimsTables)
	outDir := fs.String("out", "", "also write every table as DIR/<table>.csv")
	xlsx := addXlsxFlag(fs)
	limits := addLimitFlag(fs)
	workers := fs.Int("workers", 0, "goroutines reading the records (default: one per CPU); results do not depend on it")
	asOf := fs.String("as-of", "", "YYYY-MM-DD: the claims as they stood at the end of that day (records claimed later are left out)")
	terms := fs.StringArray("term", nil, "CODE=NAME: the scenario term and metric of a rate-card outcome, for the actuals and forecast tables (repeatable; default: the code)")
	tools := addClaimsTools(fs)
	if code, done := parseFlags(fs, args, claimsHelp, stdout, stderr); done {
		return code
	}
	if msg := tools.problem(fs); msg != "" {
		return usageError(stderr, "claims", "%s", msg)
	}
	if tools.on(fs) {
		lim, code, done := limitsOf(stderr, "claims", *limits)
		if done {
			return code
		}
		return tools.run(fs, lim, stderr)
	}
	names, msg := termNames(*terms)
	if msg != "" {
		return usageError(stderr, "claims", "%s", msg)
	}
	var day claims.Date
	if *asOf != "" {
		d, err := claims.ParseDate(*asOf)
		if err != nil {
			return usageError(stderr, "claims", "--as-of: %v", err)
		}
		day = d
	}
	if msg := ff.problem(); msg != "" {
		return usageError(stderr, "claims", "%s", msg)
	}
	switch {
	case *workers < 0:
		return usageError(stderr, "claims", "--workers %d: expected 1 or more (0: one per CPU)", *workers)
	case fs.NArg() != 1:
		return usageError(stderr, "claims", "expected one claims folder, got %s", plural(fs.NArg(), "argument"))
	}
	dir := fs.Arg(0)
	if code, done := inputFolder(stderr, "claims", dir, claimsFolder); done {
		return code
	}
	lim, code, done := limitsOf(stderr, "claims", *limits)
	if done {
		return code
	}
	out := newBatch("claims", dir)
	defer out.Abort()
	if err := reserveTables(out, *outDir, claimsTables, nil); err != nil {
		return dataError(stderr, "claims", err)
	}
	if code, done := reserveXlsx(stderr, "claims", out, *xlsx); done {
		return code
	}
	keep := *ff.format != report.Table || *outDir != "" || *xlsx != ""
	res, err := claims.Run(dir, claims.Options{Workers: *workers, KeepClaims: keep, Limits: lim, AsOf: day})
	if err != nil {
		return dataError(stderr, "claims", err)
	}
	noteLockFiles(lim.Notes, dir)
	if res.Skipped > 0 {
		lim.Notes.Add(fmt.Sprintf("%s: skipped %s: separators with no values", filepath.Join(dir, claims.RecordsFile), plural(int(res.Skipped), "empty row")))
	}
	for code := range names {
		if !slices.ContainsFunc(res.ByOutcome, func(o claims.OutcomeTotal) bool { return o.Outcome == code }) {
			return usageError(stderr, "claims", "--term %s=%s: %s is not an outcome of the rate card", code, names[code], code)
		}
	}
	if msg := sharedTerm(res, names); msg != "" {
		return usageError(stderr, "claims", "%s", msg)
	}
	doc := withProvenance(claimsReport(dir, res, keep, names, day), fs, []string{dir}, nil)
	if day != 0 {
		doc.Meta = append(doc.Meta, report.Meta{Key: "as_of", Value: fmt.Sprintf("%s: the claims as they stood that day; %d records claimed later are left out", day, res.Later)},
			report.Meta{Key: "actuals_cover", Value: actualsCover(res, day)})
		if res.Partial > 0 {
			lim.Notes.Add("actuals: " + partialPeriod(res, day))
		}
	}
	if res.PaidGiven {
		doc.Meta = append(doc.Meta, report.Meta{Key: "payments_made", Value: paymentsMade(res, day)})
	}
	for _, r := range res.RepeatedRefs {
		lim.Notes.Add(fmt.Sprintf("%s:%d: reference %q is on line %d too: a payment entered twice? Both count", filepath.Join(dir, claims.PaidFile), r.Line, r.Reference, r.First))
	}
	o := output{doc: doc, format: *ff.format, table: *ff.table, dir: *outDir, xlsx: *xlsx, notes: lim.Notes, batch: out}
	if *ff.format == report.Table {
		shown := claimsShown
		if res.PaidGiven {
			shown = slices.Insert(slices.Clone(shown), 2, "owed")
		}
		show := *doc
		show.Tables = nil
		for _, t := range doc.Tables {
			if slices.Contains(shown, t.Name) {
				show.Tables = append(show.Tables, t)
			}
		}
		o.show = &show
	}
	return emit(stdout, stderr, "claims", o)
}

// cents writes cents as an amount with two decimals.
func cents(c int64) string { return money(decimal.New(c, -2)) }

func claimsReport(dir string, res *claims.Result, keep bool, names map[string]string, day claims.Date) *report.Doc {
	s := res.Settings
	doc := &report.Doc{
		Title:    "Claims against the rate card",
		Currency: s.Currency,
		Meta: []report.Meta{
			{Key: "contract", Value: fmt.Sprintf("%s to %s, payment periods of %d months", s.Start, s.End, s.PeriodMonths)},
			{Key: "records", Value: strconv.FormatInt(res.Records, 10), Numeric: true},
			{Key: "claimed", Value: cents(res.Claimed()), Numeric: true},
			{Key: "paid", Value: cents(res.Paid()), Numeric: true},
		},
	}
	if s.Currency != "" {
		doc.Meta = slices.Insert(doc.Meta, 1, report.Meta{Key: "currency", Value: s.Currency})
	}
	if s.Name != "" {
		doc.Meta = slices.Insert(doc.Meta, 1, report.Meta{Key: "name", Value: s.Name})
	}
	rec := &report.T{
		Name:  "reconciliation",
		Title: "Reconciliation: what the records claimed, what was paid and why the rest was not",
		Note:  "claimed is the rate card's price on the day achieved; claimed = paid + not paid, to the cent",
		Columns: []report.Column{{Name: "reason"}, {Name: "meaning"}, {Name: "records", Numeric: true},
			moneyColumn("claimed", ""), moneyColumn("paid", ""), moneyColumn("not_paid", "not paid")},
	}
	var n, cl, pd int64
	for _, r := range res.Reconciliation {
		if r.Records == 0 && r.Reason != claims.Accepted {
			continue
		}
		rec.Add(r.Reason.String(), r.Reason.Text(), strconv.FormatInt(r.Records, 10), cents(r.Claimed), cents(r.Paid), cents(r.Claimed-r.Paid))
		n, cl, pd = n+r.Records, cl+r.Claimed, pd+r.Paid
	}
	rec.AddFooter("total", "", strconv.FormatInt(n, 10), cents(cl), cents(pd), cents(cl-pd))

	pay := paymentsTable(res, day)

	outs := &report.T{
		Name:  "outcomes",
		Title: "Claims by outcome",
		Columns: []report.Column{{Name: "outcome"}, {Name: "records", Numeric: true}, {Name: "paid_records", Title: "paid records", Numeric: true},
			moneyColumn("claimed", ""), moneyColumn("paid", "")},
	}
	for _, o := range res.ByOutcome {
		name := o.Outcome
		if name == "" {
			name = "(not on the rate card)"
		}
		outs.Add(name, strconv.FormatInt(o.Records, 10), strconv.FormatInt(o.Paid, 10), cents(o.Claimed), cents(o.PaidCents))
	}

	ach := &report.T{
		Name:  "achievement",
		Title: "Achievement by outcome and cohort",
		Note:  "achieved: participants with a record that passed every check but the caps; rate: achieved / the cohort (% in text, a fraction in CSV and JSON)",
		Columns: []report.Column{{Name: "outcome"}, {Name: "cohort"}, {Name: "participants", Numeric: true}, {Name: "achieved", Numeric: true},
			{Name: "rate", Title: "rate %", Numeric: true, Text: percent1}},
	}
	if day != 0 {
		ach.Note = fmt.Sprintf("achieved: participants with a record that passed every check but the caps; participants: those who had started by %s (a cohort with none has no row); rate: achieved / participants (%% in text, a fraction in CSV and JSON)", day)
	}
	for _, a := range res.Achievement {
		ach.Add(a.Outcome, a.Cohort, strconv.FormatInt(a.Participants, 10), strconv.FormatInt(a.Achieved, 10), num(a.Rate()))
	}
	doc.Tables = []*report.T{rec, pay, owedTable(res, day), outs, ach, actualsTable(res, names, day), forecastTable(res, names, day)}
	if !keep {
		return doc
	}
	parts := &report.T{
		Name:  "participants",
		Title: "Each participant's payments against the caps",
		Note:  "by cap group (empty: outcomes in no group); at_cap is yes when the group's cap is reached",
		Columns: []report.Column{{Name: "participant"}, {Name: "cohort"}, {Name: "cap_group", Title: "cap group"}, {Name: "claims_paid", Title: "claims paid", Numeric: true},
			moneyColumn("paid", ""), moneyColumn("cap", ""), {Name: "at_cap", Title: "at cap"}},
	}
	for _, t := range res.Totals {
		capv, at := "", ""
		if t.HasCap {
			capv, at = cents(t.Cap), map[bool]string{true: "yes", false: "no"}[t.Paid >= t.Cap]
		}
		parts.Add(t.Participant, t.Cohort, t.Group, strconv.FormatInt(t.Claims, 10), cents(t.Paid), capv, at)
	}
	cols := []report.Column{{Name: "participant"}, {Name: "outcome"}, {Name: "achieved"}, {Name: "evidence"}, {Name: "line", Numeric: true},
		{Name: "decision"}, {Name: "detail"}, moneyColumn("claimed", ""), moneyColumn("paid", ""), {Name: "period", Numeric: true}}
	for _, p := range res.Payers {
		cols = append(cols, moneyColumn("paid_"+p, "paid "+p))
	}
	list := &report.T{Name: "claims", Title: "Every record and what became of it", Columns: cols}
	for _, c := range res.Claims {
		period := ""
		if c.Period > 0 {
			period = strconv.Itoa(c.Period)
		}
		row := []string{c.Participant, c.Outcome, c.Achieved.String(), c.Evidence, strconv.Itoa(c.Line), c.Reason.String(), c.Detail,
			cents(c.Claimed), cents(c.Paid), period}
		for j := range res.Payers {
			v := int64(0)
			if c.Split != nil {
				v = c.Split[j]
			}
			row = append(row, cents(v))
		}
		list.Add(row...)
	}
	doc.Tables = append(doc.Tables, parts, list)
	return doc
}

// termNames reads the --term CODE=NAME flags: the scenario term and
// metric of a rate-card outcome. It returns a message for a malformed one.
func termNames(flags []string) (map[string]string, string) {
	names := map[string]string{}
	for _, f := range flags {
		code, name, ok := strings.Cut(f, "=")
		code, name = strings.TrimSpace(code), strings.TrimSpace(name)
		switch {
		case !ok || code == "" || name == "":
			return nil, fmt.Sprintf("--term %q: expected CODE=NAME, a rate-card outcome and the scenario's term and metric", f)
		case names[code] != "":
			return nil, fmt.Sprintf("--term %s given twice", code)
		case !scenario.ValidName(name):
			// It goes into actuals.csv and the forecast's --set names,
			// which a scenario would refuse.
			return nil, fmt.Sprintf("--term %s=%s: expected a term name of letters, digits, '_' or '-' (it becomes part of parameter names: outcome.%s.effect)", code, name, name)
		}
		names[code] = name
	}
	return names, ""
}

// sharedTerm says which two rate-card outcomes --term gives one name
// (or one outcome the code of another), "" when none. A scenario term
// pays one price for one metric: two outcomes folded into it would sum
// in the actuals but give its metric two effects in the forecast, and
// the model would go on paying one price at one rate for both.
func sharedTerm(res *claims.Result, names map[string]string) string {
	by := map[string]string{}
	for _, o := range res.ByOutcome {
		if o.Outcome == "" {
			continue
		}
		n := nameOf(names, o.Outcome)
		if first, ok := by[n]; ok {
			flag := func(code string) string {
				if _, ok := names[code]; ok {
					return "--term " + code + "=" + n
				}
				return code + " (its own code)"
			}
			return fmt.Sprintf("%s and %s name one term: outcome.%s.effect would have two values; give each rate-card outcome its own term (a scenario term pays one price for one metric)", flag(first), flag(o.Outcome), n)
		}
		by[n] = o.Outcome
	}
	return ""
}

// nameOf is the scenario name of outcome code.
func nameOf(names map[string]string, code string) string {
	if n, ok := names[code]; ok {
		return n
	}
	return code
}

// actualsCover says which periods the actuals of an --as-of run cover:
// those over by the day, and the one it falls in, left out.
func actualsCover(res *claims.Result, day claims.Date) string {
	s := res.Settings
	msg := fmt.Sprintf("no payment period is over by %s: none", day)
	if res.Through > 0 {
		msg = fmt.Sprintf("periods 1 to %d (%s to %s), those over by %s", res.Through, s.Start, min(s.PeriodEnd(res.Through), s.End), day)
	}
	if res.Partial > 0 {
		msg += "; " + partialPeriod(res, day)
	}
	return msg
}

// partialPeriod names the period an --as-of day falls in, not over, and
// the claims paid in it so far, which the actuals leave to the forecast.
func partialPeriod(res *claims.Result, day claims.Date) string {
	var n, c int64
	for _, p := range res.OutcomePayments {
		if p.Period == res.Partial {
			n, c = n+p.Claims, c+p.Cents
		}
	}
	s := res.Settings
	return fmt.Sprintf("period %d (%s to %s) is not over on %s: its %s paid so far (%s) are left out of the actuals, for the forecast to cover the whole period",
		res.Partial, s.PeriodStart(res.Partial), min(s.PeriodEnd(res.Partial), s.End), day, plural(int(n), "claim"), cents(c))
}

// actualsTable is the payments by period and scenario term: a scenario's
// actuals.csv (--out writes it), for the periods res.Through covers
// (with --as-of, every period over by that day; else up to the last with
// a payment).
func actualsTable(res *claims.Result, names map[string]string, day claims.Date) *report.T {
	cover := "the last with a payment"
	if day != 0 {
		cover = "those over by " + day.String() + " (--as-of)"
	}
	t := &report.T{
		Name:  "actuals",
		Title: "Actuals: payments by period and term, for a scenario's actuals.csv",
		Note:  fmt.Sprintf("all payers together; periods 1 to %d, %s; term: the outcome's code, or its --term name", res.Through, cover),
		Columns: []report.Column{{Name: "period", Numeric: true}, {Name: "from"}, {Name: "to"}, {Name: "term"},
			moneyColumn("amount", "")},
	}
	var order []string
	sum := map[[2]any]int64{}
	from, to := map[int]string{}, map[int]string{}
	for _, p := range res.OutcomePayments {
		if p.Period > res.Through {
			continue
		}
		n := nameOf(names, p.Outcome)
		if !slices.Contains(order, n) {
			order = append(order, n)
		}
		sum[[2]any{p.Period, n}] += p.Cents
		from[p.Period], to[p.Period] = p.Start.String(), p.End.String()
	}
	for k := 1; k <= res.Through; k++ {
		for _, n := range order {
			t.Add(strconv.Itoa(k), from[k], to[k], n, cents(sum[[2]any{k, n}]))
		}
	}
	return t
}

// forecastTable is the achievement rates as the parameters of a scenario's
// effects by cohort (outcome.METRIC.COHORT.effect), for --set or the
// cohort rows of metrics.csv. With --as-of, the participants are those
// who had started by then, and open counts those of them who had not
// achieved the outcome and whose window was still open.
func forecastTable(res *claims.Result, names map[string]string, day claims.Date) *report.T {
	t := &report.T{
		Name:  "forecast",
		Title: "Forecast: the achievement rates as a scenario's effects by cohort",
		Note:  "effect: achieved / participants so far (a fraction, % in the text table); (all): every cohort, the metric's effect; set: the --set that gives it to a scenario (a cohort's needs the cohort's row in metrics.csv); a cohort still in its windows will achieve more",
		Columns: []report.Column{{Name: "outcome"}, {Name: "cohort"}, {Name: "parameter"},
			{Name: "effect", Title: "effect %", Numeric: true, Text: percent1}, {Name: "set"}},
	}
	if day != 0 {
		t.Note = fmt.Sprintf("effect: achieved / participants who had started by %s (a fraction, %% in the text table; cohorts with none are not observed yet and have no row); open: those of them whose window for the outcome (or the contract) was still open, who may achieve it yet: a rate is final when open is 0; (all): every cohort, the metric's effect; set: the --set that gives it to a scenario (a cohort's needs the cohort's row in metrics.csv)", day)
		t.Columns = append(t.Columns[:3], append([]report.Column{{Name: "participants", Numeric: true}, {Name: "open", Numeric: true}}, t.Columns[3:]...)...)
	}
	row := func(code, cohort, name string, n, got, open int64) {
		v := num(float64(got) / float64(n))
		cells := []string{code, cohort, name, v, name + "=" + v}
		if day != 0 {
			cells = append(cells[:3], append([]string{strconv.FormatInt(n, 10), strconv.FormatInt(open, 10)}, cells[3:]...)...)
		}
		t.Add(cells...)
	}
	var code string
	var n, got, open int64
	all := func() {
		if code == "" || n == 0 {
			return
		}
		row(code, "(all)", "outcome."+nameOf(names, code)+".effect", n, got, open)
	}
	for _, a := range res.Achievement {
		if a.Outcome != code {
			all()
			code, n, got, open = a.Outcome, 0, 0, 0
		}
		n, got, open = n+a.Participants, got+a.Achieved, open+a.Open
		if a.Participants > 0 {
			row(a.Outcome, a.Cohort, "outcome."+nameOf(names, a.Outcome)+"."+a.Cohort+".effect", a.Participants, a.Achieved, a.Open)
		}
	}
	all()
	return t
}

// paymentsTable is the payments by period and payer. With a paid.csv, each
// period over (to res.Through) shows what the payer has paid of it (its
// payments by the as-of day, oldest period first) and what is
// outstanding; a period not over has neither.
func paymentsTable(res *claims.Result, day claims.Date) *report.T {
	pay := &report.T{
		Name:    "payments",
		Title:   "Payments by period and payer",
		Note:    "a claim is paid in the period of the day it was achieved; a payer's part of a shared claim by the largest remainder",
		Columns: []report.Column{{Name: "period", Numeric: true}, {Name: "start"}, {Name: "end"}, {Name: "payer"}, moneyColumn("amount", "")},
	}
	if res.PaidGiven {
		pay.Note += fmt.Sprintf("; paid: the payer's payments in paid.csv%s go to its periods over (1 to %d) oldest first, each taking at most its amount; outstanding: amount − paid (empty for a period not over)", byDay(day), res.Through)
		pay.Columns = append(pay.Columns, moneyColumn("paid", ""), moneyColumn("outstanding", ""))
	}
	type sums struct{ amount, paid int64 }
	byPayer := map[string]*sums{}
	for _, p := range res.Payers {
		byPayer[p] = &sums{}
	}
	for _, p := range res.Payments {
		row := []string{strconv.Itoa(p.Period), p.Start.String(), p.End.String(), p.Payer, cents(p.Cents)}
		if res.PaidGiven {
			if p.Period <= res.Through {
				row = append(row, cents(p.Paid), cents(p.Cents-p.Paid))
			} else {
				row = append(row, "", "")
			}
		}
		pay.Add(row...)
		byPayer[p.Payer].amount += p.Cents
		byPayer[p.Payer].paid += p.Paid
	}
	for _, p := range res.Payers {
		row := []string{"", "", "", "total " + p, cents(byPayer[p].amount)}
		if res.PaidGiven {
			due := res.Owed[slices.IndexFunc(res.Owed, func(o claims.Owed) bool { return o.Payer == p })].Due
			row = append(row, cents(byPayer[p].paid), cents(due-byPayer[p].paid))
		}
		pay.AddFooter(row...)
	}
	return pay
}

// byDay is " dated by DAY" for an --as-of day, else "".
func byDay(day claims.Date) string {
	if day == 0 {
		return ""
	}
	return " dated by " + day.String()
}

// owedTable is what each payer still owes the provider: what the claims
// booked for the periods over, less the payments made (paid.csv).
func owedTable(res *claims.Result, day claims.Date) *report.T {
	s := res.Settings
	due := "due: nothing, no claim was paid"
	switch {
	case res.Through > 0 && day == 0:
		due = fmt.Sprintf("due: what the claims booked for periods 1 to %d (to %s), up to the last with a payment (with --as-of DATE: the periods over by DATE)", res.Through, min(s.PeriodEnd(res.Through), s.End))
	case res.Through > 0:
		due = fmt.Sprintf("due: what the claims booked for periods 1 to %d (to %s), those over by %s", res.Through, min(s.PeriodEnd(res.Through), s.End), day)
	case day != 0:
		due = "due: nothing, no payment period is over by " + day.String()
	}
	next := "due next: nothing, no period is in progress"
	if res.Partial > 0 {
		next = fmt.Sprintf("due next: what period %d (%s to %s), not over on %s, has booked so far", res.Partial, s.PeriodStart(res.Partial), min(s.PeriodEnd(res.Partial), s.End), day)
	}
	paid := fmt.Sprintf("paid: the payments in paid.csv%s, recoveries (negative) netted", byDay(day))
	if !res.PaidGiven {
		paid = "paid: no paid.csv in the folder, so no payment is known and owed is what is due"
	}
	t := &report.T{
		Name:  "owed",
		Title: "Owed: what the payers still owe the provider",
		Note:  fmt.Sprintf("%s; %s; owed = due − paid, negative when overpaid (state says which; the total's is mixed when some payers owe and others have overpaid); %s", due, paid, next),
		Columns: []report.Column{{Name: "payer"}, moneyColumn("due", ""), moneyColumn("paid", ""), moneyColumn("owed", ""), {Name: "state"},
			moneyColumn("due_next", "due next")},
	}
	var total claims.Owed
	states := map[string]bool{}
	for _, o := range res.Owed {
		st := owedState(o.Balance())
		states[st] = true
		t.Add(o.Payer, cents(o.Due), cents(o.Paid), cents(o.Balance()), st, cents(o.DueNext))
		total.Due, total.Paid, total.DueNext = total.Due+o.Due, total.Paid+o.Paid, total.DueNext+o.DueNext
	}
	// A net balance would hide a payer that owes behind one that has
	// overpaid: the provider is owed by one and owes the other.
	st := owedState(total.Balance())
	if states["owed"] && states["overpaid"] {
		st = "mixed"
	}
	t.AddFooter("total", cents(total.Due), cents(total.Paid), cents(total.Balance()), st, cents(total.DueNext))
	return t
}

// owedState says what a balance (due − paid) is.
func owedState(balance int64) string {
	switch {
	case balance > 0:
		return "owed"
	case balance < 0:
		return "overpaid"
	}
	return "settled"
}

// paymentsMade sums paid.csv for the header: what was paid by the day,
// and the payments dated later, left out.
func paymentsMade(res *claims.Result, day claims.Date) string {
	var n int64
	for _, o := range res.Owed {
		n += o.Paid
	}
	msg := cents(n) + " paid by the payers (paid.csv)"
	if day != 0 {
		msg = fmt.Sprintf("%s paid by the payers by %s (paid.csv)", cents(n), day)
	}
	if res.PaidLater > 0 {
		msg += fmt.Sprintf("; %s dated later (%s) left out", plural(int(res.PaidLater), "payment"), cents(res.PaidLaterCents))
	}
	return msg
}
