package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/costing"
	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/internal/report"
)

const costHelp = `Usage: sib cost [flags] <costing-folder>

Costs today's state services for a target group from a folder of CSV files:
ledger.csv, activity.csv, deflator.csv, and optionally pools.csv and
drivers.csv (see docs/costing.md). Prints the cost per service unit
(average, fully loaded; short-run marginal, variable costs only; long-run
marginal, variable and step costs), the cost per target-group member by
agency, and a reconciliation of every cent of the ledger, all in the prices
of one year.

With --avoid, also values a fall in demand: the gross saving, the cashable
part (step costs by whole steps, once capacity adjusts) beside the
short-run cashable part (variable costs only, every step kept), and the
agency whose budget it lands in.

Money is in the ledger's currency, which the ledger does not name: give
it with --currency (EUR, say) and text headers, CSV comments and JSON say
so (without it there is no currency field, and the money note says why).
Costs per unit and per member keep 6 decimals in CSV, JSON and --out files
(the costing rounds them so) and show 2 in the text tables; every other
amount has 2.

` + unitsHelp + `
Examples:
  sib cost testdata/estonia/costing
  sib cost --currency EUR testdata/estonia/costing
  sib cost --price-base 2024 --year 2024 --avoid custody_day=10% --avoid court_case=25 testdata/estonia/costing
  sib cost --format csv --table members testdata/estonia/costing > members.csv
  sib cost --out costing-tables testdata/estonia/costing
  sib cost --xlsx costing.xlsx --avoid court_case=25 testdata/estonia/costing
`

var costTables = []string{"units", "members", "reconciliation", "avoided", "avoided_lines"}

func runCost(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("cost", pflag.ContinueOnError)
	priceBase := fs.Int("price-base", 0, "express all money in this year's prices (default: the latest activity year)")
	year := fs.Int("year", 0, "show only this year (the reconciliation always covers the whole ledger); also the year of --avoid (default: all years; --avoid uses the latest)")
	ff := addFormatFlags(fs).withTable("units", "with --format csv, the table to write: "+strings.Join(costTables, ", ")+"; subtotal rows are left out (they are in --format table and json)", costTables)
	ff.everyTable = true
	format, table := ff.format, ff.table
	outDir := fs.String("out", "", "also write every table as DIR/<table>.csv (subtotals left out, as in --format csv)")
	xlsx := addXlsxFlag(fs)
	limits := addLimitFlag(fs)
	currency := fs.String("currency", "", "the ledger's currency, named in the output (e.g. EUR; default: unnamed)")
	avoid := fs.StringArray("avoid", nil, "value a fall in demand, SERVICE=UNITS or SERVICE=PERCENT% of the target group's units (repeatable)")
	if code, done := parseFlags(fs, args, costHelp, stdout, stderr); done {
		return code
	}
	if msg := ff.problem(); msg != "" {
		return usageError(stderr, "cost", "%s", msg)
	}
	for _, y := range []struct {
		flag string
		v    int
	}{{"price-base", *priceBase}, {"year", *year}} {
		if fs.Changed(y.flag) && (y.v < 1000 || y.v > 9999) {
			return usageError(stderr, "cost", "--%s %d: expected a year of four digits, such as 2024", y.flag, y.v)
		}
	}
	if fs.NArg() != 1 {
		return usageError(stderr, "cost", "expected one costing folder, got %s", plural(fs.NArg(), "argument"))
	}
	dir := fs.Arg(0)
	if code, done := inputFolder(stderr, "cost", dir, costingFolder); done {
		return code
	}
	reqs, err := parseAvoid(*avoid)
	if err != nil {
		return usageError(stderr, "cost", "%v", err)
	}
	if *table == "avoided" || *table == "avoided_lines" {
		if *format == report.CSV && len(reqs) == 0 {
			return usageError(stderr, "cost", "--table %s needs --avoid", *table)
		}
	}

	lim, code, done := limitsOf(stderr, "cost", *limits)
	if done {
		return code
	}
	out := newBatch("cost", dir)
	defer out.Abort()
	tables := costTables[:3]
	if len(reqs) > 0 {
		tables = costTables
	}
	if err := reserveTables(out, *outDir, tables, costTables); err != nil {
		return dataError(stderr, "cost", err)
	}
	if code, done := reserveXlsx(stderr, "cost", out, *xlsx); done {
		return code
	}
	m, err := costing.LoadWith(dir, costing.LoadOptions{Limits: lim})
	if err != nil {
		return dataError(stderr, "cost", err)
	}
	noteLockFiles(lim.Notes, dir)
	if _, ok := m.Deflator[*priceBase]; fs.Changed("price-base") && !ok {
		// A flag value the data does not have: a usage error.
		ys := slices.Sorted(maps.Keys(m.Deflator))
		return usageError(stderr, "cost", "--price-base %d: %s covers %s", *priceBase, costing.DeflatorFile, joinInts(ys))
	}
	res, err := costing.Compute(m, costing.Options{PriceBase: *priceBase})
	if err != nil {
		return dataError(stderr, "cost", err)
	}
	if *year != 0 && !slices.ContainsFunc(res.Years, func(y costing.YearTotal) bool { return y.Year == *year }) {
		return usageError(stderr, "cost", "--year %d: %s covers %s", *year, costing.ActivityFile, yearList(res.Years))
	}
	avoidYear := *year
	if avoidYear == 0 {
		avoidYear = res.Years[len(res.Years)-1].Year
	}
	var avoided []*costing.Avoided
	for _, rq := range reqs {
		a, err := rq.eval(res, avoidYear)
		if err != nil {
			return dataError(stderr, "cost", fmt.Errorf("--avoid %s: %w", rq.arg, err))
		}
		avoided = append(avoided, a)
	}
	doc := withProvenance(costReport(dir, m, res, *year, avoided, *currency), fs, []string{dir}, nil)
	return emit(stdout, stderr, "cost", output{doc: doc, format: *format, table: *table, dir: *outDir, xlsx: *xlsx, warnings: res.Warnings, notes: lim.Notes, batch: out})
}

func yearList(ys []costing.YearTotal) string {
	s := make([]int, len(ys))
	for i, y := range ys {
		s[i] = y.Year
	}
	return joinInts(s)
}

// joinInts lists years: "2022, 2023, 2024".
func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, ", ")
}

type avoidReq struct {
	arg     string
	service string
	units   decimal.Decimal
	percent bool
}

func parseAvoid(args []string) ([]avoidReq, error) {
	var out []avoidReq
	for _, a := range args {
		svc, v, ok := strings.Cut(a, "=")
		svc, v = strings.TrimSpace(svc), strings.TrimSpace(v)
		if !ok || svc == "" || v == "" {
			return nil, fmt.Errorf("--avoid %q: expected SERVICE=UNITS or SERVICE=PERCENT%%", a)
		}
		rq := avoidReq{arg: a, service: svc}
		if p, ok := strings.CutSuffix(v, "%"); ok {
			rq.percent = true
			v = strings.TrimSpace(p)
		}
		d, err := csvio.ParseDecimal(v, false)
		if err != nil || d.Sign() < 0 {
			return nil, fmt.Errorf("--avoid %q: expected a non-negative number of units or a percentage", a)
		}
		if rq.percent && d.GreaterThan(decimal.NewFromInt(100)) {
			return nil, fmt.Errorf("--avoid %q: a percentage of the target group's units is at most 100%%", a)
		}
		rq.units = d
		out = append(out, rq)
	}
	return out, nil
}

func (rq avoidReq) eval(res *costing.Result, year int) (*costing.Avoided, error) {
	n := rq.units
	if rq.percent {
		t, ok := res.TargetUnits(rq.service, year)
		if !ok {
			return nil, fmt.Errorf("%w: no activity for service %q in %d", costing.ErrUnknown, rq.service, year)
		}
		n = t.Mul(n).Shift(-2) // exact, unlike a division
	}
	return res.Avoid(rq.service, year, n)
}

func money(d decimal.Decimal) string { return d.StringFixed(2) }

// rate prints a per-unit or per-member rate with every place kept.
func rate(d decimal.Decimal) string { return d.StringFixed(costing.RatePlaces) }

func costReport(dir string, m *costing.Model, res *costing.Result, year int, avoided []*costing.Avoided, currency string) *report.Doc {
	show := func(y int) bool { return year == 0 || y == year }
	// The currency is a machine field only when it is named: the
	// explanation of an unnamed one goes in the money note.
	var meta []report.Meta
	moneyNote := fmt.Sprintf("%d prices; costs per unit and per member to 6 decimals in CSV, JSON and --out files (2 in the text tables), other amounts to 2", res.PriceBase)
	if currency != "" {
		meta = append(meta, report.Meta{Key: "currency", Value: currency})
	} else {
		moneyNote = "the ledger's currency, which it does not name (name it with --currency); " + moneyNote
	}
	doc := &report.Doc{
		Title: "Target-group unit costs",
		Meta: append(meta,
			report.Meta{Key: "price_base", Value: fmt.Sprint(res.PriceBase), Numeric: true},
			report.Meta{Key: "money", Value: moneyNote},
			report.Meta{Key: "ledger_lines", Value: fmt.Sprint(m.Ledger.Len()), Numeric: true},
		),
		Currency: currency,
	}

	units := &report.T{
		Name:  "units",
		Title: "Cost per service unit",
		Note:  "average = total / units (fully loaded); short-run marginal = variable / units (capacity kept); long-run marginal = (variable + step) / units (capacity adjusted); per member = target cost / target-group members",
		Columns: []report.Column{
			{Name: "service"}, {Name: "year", Numeric: true},
			{Name: "units", Numeric: true}, {Name: "target_units", Title: "target units", Numeric: true},
			{Name: "direct", Numeric: true, Money: true}, {Name: "overhead", Numeric: true, Money: true}, {Name: "total", Numeric: true, Money: true},
			{Name: "variable", Numeric: true, Money: true}, {Name: "step", Numeric: true, Money: true}, {Name: "fixed", Numeric: true, Money: true},
			{Name: "average", Numeric: true, TextPlaces: 2, Money: true},
			{Name: "short_run_marginal", Title: "short-run marginal", Numeric: true, TextPlaces: 2, Money: true},
			{Name: "long_run_marginal", Title: "long-run marginal", Numeric: true, TextPlaces: 2, Money: true},
			{Name: "target_cost", Title: "target cost", Numeric: true, Money: true}, {Name: "per_member", Title: "per member", Numeric: true, TextPlaces: 2, Money: true},
		},
	}
	for _, s := range res.Services {
		if !show(s.Year) {
			continue
		}
		units.Add(s.Service, fmt.Sprint(s.Year), s.Units.String(), s.TargetUnits.String(),
			money(s.Direct), money(s.Overhead), money(s.Total), money(s.Variable), money(s.Step), money(s.Fixed),
			rate(s.Average), rate(s.ShortRunMarginal), rate(s.LongRunMarginal), money(s.TargetCost), rate(s.PerMember))
	}

	members := &report.T{
		Name:  "members",
		Title: "Cost per target-group member per year, by agency",
		Columns: []report.Column{
			{Name: "year", Numeric: true}, {Name: "agency"}, {Name: "members", Numeric: true},
			{Name: "total", Numeric: true, Money: true}, {Name: "target_cost", Title: "target cost", Numeric: true, Money: true},
			{Name: "target_share", Title: "target share %", Numeric: true, Text: percent1},
			{Name: "per_member", Title: "per member", Numeric: true, TextPlaces: 2, Money: true},
		},
	}
	for _, y := range res.Years {
		if !show(y.Year) {
			continue
		}
		var total decimal.Decimal
		for _, a := range res.Agencies {
			if a.Year != y.Year {
				continue
			}
			total = total.Add(a.Total)
			members.Add(fmt.Sprint(a.Year), a.Agency, y.Members.String(), money(a.Total), money(a.TargetCost),
				share(a.TargetCost, a.Total), rate(a.PerMember))
		}
		members.AddTotal(fmt.Sprint(y.Year), "all agencies", y.Members.String(), money(total), money(y.Target),
			share(y.Target, total), rate(y.PerMember))
	}

	rec := &report.T{
		Name:  "reconciliation",
		Title: "Reconciliation",
		Note: "base = nominal x factor, rounded once a year; target + other = base to the cent; " +
			"per member = target / members, a target-group member's cost in the year",
		Columns: []report.Column{
			{Name: "year", Numeric: true}, {Name: "ledger_nominal", Title: "ledger nominal", Numeric: true, Money: true},
			{Name: "pools_nominal", Title: "pools nominal", Numeric: true, Money: true}, {Name: "factor", Numeric: true},
			{Name: "base", Title: fmt.Sprintf("in %d prices", res.PriceBase), Numeric: true, Money: true},
			{Name: "target", Title: "to target group", Numeric: true, Money: true}, {Name: "other", Title: "to others", Numeric: true, Money: true},
			{Name: "difference", Numeric: true, Money: true}, {Name: "members", Numeric: true},
			{Name: "per_member", Title: "per member", Numeric: true, TextPlaces: 2, Money: true},
		},
	}
	for _, y := range res.Years {
		rec.Add(fmt.Sprint(y.Year), money(y.LedgerNominal), money(y.PoolsNominal), y.Factor.StringFixed(costing.RatePlaces),
			money(y.Base), money(y.Target), money(y.Other), money(y.Base.Sub(y.Target).Sub(y.Other)),
			y.Members.String(), rate(y.PerMember))
	}
	t := res.Total
	rec.AddFooter("total", money(t.LedgerNominal), money(t.PoolsNominal), "", money(t.Base), money(t.Target), money(t.Other),
		money(t.Difference), "", "")
	doc.Tables = append(doc.Tables, units, members, rec)

	if len(avoided) == 0 {
		return doc
	}
	av := &report.T{
		Name:  "avoided",
		Title: "Avoided cost of a fall in demand",
		Note:  "gross at average cost; cashable (long run): variable in proportion, step costs by whole steps, fixed not at all; short-run cashable: variable only, every step kept (the lines' cents added up)",
		Columns: []report.Column{
			{Name: "service"}, {Name: "year", Numeric: true}, {Name: "units_avoided", Title: "units avoided", Numeric: true},
			{Name: "agency"}, {Name: "gross", Numeric: true, Money: true}, {Name: "cashable", Numeric: true, Money: true},
			{Name: "short_run_cashable", Title: "short-run cashable", Numeric: true, Money: true},
			{Name: "non_cashable", Title: "non-cashable", Numeric: true, Money: true},
		},
	}
	lines := &report.T{
		Name:  "avoided_lines",
		Title: "Avoided cost by cost line",
		Columns: []report.Column{
			{Name: "service"}, {Name: "year", Numeric: true}, {Name: "agency"}, {Name: "pool"}, {Name: "behaviour"},
			{Name: "cost", Numeric: true, Money: true}, {Name: "step_size", Title: "step size", Numeric: true},
			{Name: "steps_closed", Title: "steps closed", Numeric: true},
			{Name: "gross", Numeric: true, Money: true}, {Name: "cashable", Numeric: true, Money: true},
		},
	}
	for _, a := range avoided {
		y, n := fmt.Sprint(a.Year), a.Units.String()
		for _, g := range a.ByAgency {
			av.Add(a.Service, y, n, g.Agency, money(g.Gross), money(g.Cashable), money(g.ShortRunCashable), money(g.NonCashable))
		}
		av.AddTotal(a.Service, y, n, "all agencies", money(a.Gross), money(a.Cashable), money(a.ShortRunCashable), money(a.NonCashable))
		for _, l := range a.Lines {
			step, closed := "", ""
			if l.Behaviour == costing.Step {
				step, closed = l.StepSize.String(), l.StepsClosed.String()
			}
			lines.Add(a.Service, y, l.Agency, l.Pool, l.Behaviour.String(), money(l.Cost), step, closed, money(l.Gross), money(l.Cashable))
		}
	}
	doc.Tables = append(doc.Tables, av, lines)
	return doc
}

// share gives part / whole as a fraction (num's precision); text shows it
// in % (percent1).
func share(part, whole decimal.Decimal) string {
	if whole.IsZero() {
		return ""
	}
	return num(part.InexactFloat64() / whole.InexactFloat64())
}
