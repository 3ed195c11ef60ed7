package main

import (
	"fmt"
	"image/color"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/internal/chart"
	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/uncertainty"
)

// The state's appraisal in sib simulate: the public sector comparator,
// the payers' budget exposure a fiscal year and the value of
// information, each a flag, each read from the draws
// (uncertainty.SimOptions.Appraise).

const appraisalHelp = `
The state's appraisal from the draws (docs/appraisal.md):
  --comparator        the bond against direct delivery of the same service:
                      the expected premium, its distribution, the chance the
                      bond is cheaper and the probability of success at
                      which the two cost the same (table comparator)
  --exposure          each payer's outcome payments a fiscal year, nominal:
                      mean, 95th percentile and most (table exposure;
                      scenario.csv's fiscal_year_start, 4 for April);
                      --exposure-plot FILE charts them
  --evpi              the expected value of perfect information between the
                      bond, direct delivery and doing nothing, and by
                      parameter and group (tables decisions and evpi);
                      --evpi-group NAME=P1,P2 adds a group, --evpi-bins N
                      sets the bins of the single parameters
`

// appraisalTables are the tables of the appraisal flags, for --table.
var appraisalTables = []string{"comparator", "exposure", "decisions", "evpi"}

type appraisalFlags struct {
	fs           *pflag.FlagSet
	comparator   *bool
	exposure     *bool
	exposurePlot *string
	evpi         *bool
	groups       *[]string
	bins         *int
	parsed       []uncertainty.ParamGroup
}

func addAppraisalFlags(fs *pflag.FlagSet) *appraisalFlags {
	return &appraisalFlags{fs: fs,
		comparator:   fs.Bool("comparator", false, "compare the bond with direct delivery (table comparator)"),
		exposure:     fs.Bool("exposure", false, "each payer's payments a fiscal year (table exposure)"),
		exposurePlot: fs.String("exposure-plot", "", "chart each payer's mean and 95th percentile payments a fiscal year to FILE (.png or .svg)"),
		evpi:         fs.Bool("evpi", false, "the expected value of perfect information (tables decisions and evpi)"),
		groups:       fs.StringArray("evpi-group", nil, "a group of parameters for a partial EVPI, NAME=PARAM,PARAM (repeatable)"),
		bins:         fs.Int("evpi-bins", 0, "bins of the single parameters' partial EVPI (0: draws/100, from 1 to 50)"),
	}
}

// check turns on what the other flags need, and checks them: a usage
// problem, or "".
func (af *appraisalFlags) check(table *string) string {
	if *af.exposurePlot != "" {
		*af.exposure = true
		if _, err := chart.FormatOf(*af.exposurePlot); err != nil {
			return fmt.Sprintf("--exposure-plot: %v", err)
		}
	}
	if af.fs.Changed("evpi-group") || af.fs.Changed("evpi-bins") {
		*af.evpi = true
	}
	if af.fs.Changed("table") {
		switch *table {
		case "comparator":
			*af.comparator = true
		case "exposure":
			*af.exposure = true
		case "decisions", "evpi":
			*af.evpi = true
		}
	}
	if *af.bins < 0 {
		return fmt.Sprintf("--evpi-bins %d: expected 0 (draws/100, from 1 to 50) or more", *af.bins)
	}
	for _, g := range *af.groups {
		name, list, ok := strings.Cut(g, "=")
		name = strings.TrimSpace(name)
		var ps []string
		for p := range strings.SplitSeq(list, ",") {
			if p = strings.TrimSpace(p); p != "" {
				ps = append(ps, p)
			}
		}
		if !ok || name == "" || len(ps) == 0 {
			return fmt.Sprintf("--evpi-group %q: expected NAME=PARAM,PARAM", g)
		}
		af.parsed = append(af.parsed, uncertainty.ParamGroup{Name: name, Params: ps})
	}
	return ""
}

// checkGroups checks that the groups name parameters of the spec: a
// usage problem, or "".
func (af *appraisalFlags) checkGroups(sp *uncertainty.Spec) string {
	for _, g := range af.parsed {
		for _, p := range g.Params {
			if !slices.ContainsFunc(sp.Params, func(u uncertainty.Uncertain) bool { return u.Name == p }) {
				return fmt.Sprintf("--evpi-group %s: %s is not a parameter of the uncertainty spec", g.Name, p)
			}
		}
	}
	return ""
}

func (af *appraisalFlags) on() bool { return *af.comparator || *af.exposure || *af.evpi }

// appraisal adds the appraisal's tables to doc and its chart to plots.
func (af *appraisalFlags) appraisal(st *study, sim *uncertainty.Simulation, doc *report.Doc, plots map[string]chartWriter) error {
	cur := st.s.Settings.Currency
	if *af.comparator {
		c, err := uncertainty.Comparator(sim)
		if err != nil {
			return err
		}
		doc.Tables = append(doc.Tables, comparatorTable(c, cur))
	}
	if *af.exposure {
		ex, err := uncertainty.Exposures(sim)
		if err != nil {
			return err
		}
		doc.Tables = append(doc.Tables, exposureTable(ex, st.s.Settings.FiscalMonth().String()))
		if *af.exposurePlot != "" {
			plots[*af.exposurePlot] = exposureChart(ex, sim, cur)
		}
	}
	if *af.evpi {
		v, err := uncertainty.EVPI(sim, uncertainty.EVPIOptions{Bins: *af.bins, Groups: af.parsed})
		if err != nil {
			return fmt.Errorf("--evpi: %w", err)
		}
		doc.Tables = append(doc.Tables, decisionsTable(v, st), evpiTable(v))
	}
	return nil
}

// unitFraction is the unit of a comparator row that is a probability: a
// fraction in CSV and JSON, % in text.
const unitFraction = "fraction"

func comparatorTable(c *uncertainty.Comparison, cur string) *report.T {
	money := cur
	if money == "" {
		money = "money"
	}
	text := func(row []string, cell string) string {
		if row[1] == unitFraction {
			return pct(cell) + "%"
		}
		return cell
	}
	cols := []report.Column{{Name: "measure"}, {Name: "unit", Text: func(u string) string {
		if u == unitFraction {
			return "%"
		}
		return u
	}}}
	for _, n := range []string{"value", "se", "p5", "p25", "p50", "p75", "p95"} {
		cols = append(cols, report.Column{Name: n, Numeric: true, RowText: text})
	}
	note := "value: the mean over the draws, or the figure (p*); real, PV at the state's discount schedule; the bond's cost is its outcome payments and the commissioner's own costs, direct delivery's the delivery costs with direct_overhead, paid whatever happens; premium = bond − direct, draw by draw (negative: the bond is cheaper); success: an outcome payment is triggered; p*: the probability of success at which the bond's expected cost equals direct delivery's, p*·(cost | success) + (1 − p*)·(cost | failure) = direct, the costs given success and failure held as drawn"
	switch c.BreakevenNone {
	case uncertainty.BondAlwaysCheaper:
		note += "; no p*: the bond costs less than direct delivery even if it always succeeds"
	case uncertainty.BondNeverCheaper:
		note += "; no p*: the bond costs more than direct delivery even if it always fails"
	case uncertainty.NoBranch:
		note += "; no p*: every draw succeeds, or none does, so a branch's cost is unknown"
	}
	t := &report.T{Name: "comparator", Title: "Public sector comparator: the bond against direct delivery", Note: note, Columns: cols}
	dist := func(what string, s uncertainty.Summary) {
		t.Add(what, money, cash(s.Mean), cash(s.SE), cash(s.P5), cash(s.P25), cash(s.P50), cash(s.P75), cash(s.P95))
	}
	dist("bond: cost to the state", c.Bond)
	dist("direct delivery: cost to the state", c.Direct)
	dist("premium: bond less direct", c.Premium)
	t.Add("chance the bond is cheaper", unitFraction, num(c.Cheaper.P), num(c.Cheaper.SE), "", "", "", "", "")
	t.Add("chance of success", unitFraction, num(c.Success.P), num(c.Success.SE), "", "", "", "", "")
	t.Add("bond's cost given success", money, cash(c.CostSuccess), "", "", "", "", "", "")
	t.Add("bond's cost given failure", money, cash(c.CostFailure), "", "", "", "", "", "")
	t.Add("breakeven probability of success p*", unitFraction, num(c.Breakeven), "", "", "", "", "", "")
	return t
}

func exposureTable(ex []uncertainty.Exposure, month string) *report.T {
	t := &report.T{Name: "exposure", Title: "Budget exposure: each payer's outcome payments a fiscal year",
		Note:    "nominal (cash out of a budget); fiscal years start in " + month + ", labelled by the year they start in, and hold the periods that end in them; p95: the 95th percentile over the draws; max: the most in any draw; years in which a payer never pays are left out",
		Columns: []report.Column{{Name: "payer"}, {Name: "fiscal_year", Title: "fiscal year"}, moneyColumn("mean", ""), moneyColumn("se", ""), moneyColumn("p95", ""), moneyColumn("max", "")}}
	for _, x := range ex {
		t.Add(x.Payer, x.Label, cash(x.Mean), cash(x.SE), cash(x.P95), cash(x.Max))
	}
	return t
}

// exposureColours are the payers' pairs of colours: the mean dark, the
// 95th percentile light.
var exposureColours = [][2]color.Color{
	{color.RGBA{R: 0x2a, G: 0x8a, B: 0x3e, A: 0xff}, color.RGBA{R: 0xa6, G: 0xd8, B: 0x9b, A: 0xff}},
	{color.RGBA{R: 0x1f, G: 0x4e, B: 0x8c, A: 0xff}, color.RGBA{R: 0x9e, G: 0xc0, B: 0xe6, A: 0xff}},
	{color.RGBA{R: 0xd9, G: 0x6c, B: 0x1a, A: 0xff}, color.RGBA{R: 0xf5, G: 0xc2, B: 0x8f, A: 0xff}},
	{color.RGBA{R: 0x7b, G: 0x3f, B: 0x9e, A: 0xff}, color.RGBA{R: 0xcf, G: 0xb0, B: 0xe3, A: 0xff}},
}

// exposureChart draws each payer's mean and 95th percentile a fiscal
// year as bars side by side, the fiscal years along the axis.
func exposureChart(ex []uncertainty.Exposure, sim *uncertainty.Simulation, cur string) chart.Columns {
	a := sim.Appraisal
	var bars []chart.Series
	for _, payer := range a.Payers {
		mean, p95 := make([]float64, len(a.Labels)), make([]float64, len(a.Labels))
		any := false
		for _, x := range ex {
			if x.Payer == payer {
				y := slices.Index(a.Labels, x.Label)
				mean[y], p95[y] = x.Mean, x.P95
				any = true
			}
		}
		if any {
			// A payer's two bars in one hue, the 95th percentile lighter.
			c := exposureColours[len(bars)/2%len(exposureColours)]
			bars = append(bars, chart.Series{Label: payer + " mean", Values: mean, Color: c[0]}, chart.Series{Label: payer + " 95th percentile", Values: p95, Color: c[1]})
		}
	}
	y := "outcome payments, nominal"
	if cur != "" {
		y += " (" + cur + ")"
	}
	return chart.Columns{Title: fmt.Sprintf("Budget exposure by fiscal year: %d draws, seed %d", sim.Draws, sim.Seed), XLabel: "fiscal year", YLabel: y,
		Subtitle: "each payer's mean and 95th percentile a fiscal year", Categories: a.Labels, Bars: bars, Grouped: true}
}

func decisionsTable(v *uncertainty.VOI, st *study) *report.T {
	t := &report.T{Name: "decisions", Title: "Decisions: the state's net benefit",
		Note:    "real, PV, on the contract's measure of saving (saving_measure " + st.s.Settings.SavingMeasure.String() + "): bond = saving − the bond's cost, direct = saving − direct delivery's cost (direct delivery gets the same true effect, so the same saving), nothing = 0; best: the share of draws in which the decision is the best, what perfect information would choose; chosen: the best on current information (the highest mean)",
		Columns: []report.Column{{Name: "decision"}, moneyColumn("mean", ""), moneyColumn("se", ""), {Name: "best", Numeric: true, Title: "best %", Text: pct}, {Name: "best_se", Title: "best se %", Numeric: true, Text: pct}, {Name: "chosen"}}}
	for d, x := range v.Decisions {
		chosen := ""
		if d == v.Chosen {
			chosen = "yes"
		}
		t.Add(x.Name, cash(x.Mean), cash(x.SE), num(x.Best.P), num(x.Best.SE), chosen)
	}
	return t
}

func evpiTable(v *uncertainty.VOI) *report.T {
	t := &report.T{Name: "evpi", Title: "Value of information: what learning the parameters before signing is worth",
		Note:    "real, PV; EVPI: the mean over the draws of the best decision's net benefit less the chosen one's; partial EVPI of one parameter by binning (" + strconv.Itoa(v.Bins) + " bins of equal counts: small bins bias it upward), of a group (prefix.* or --evpi-group) by regression of each decision's net benefit on the group's parameters and their squares (blank with no more draws than 1 + 2 a parameter); se: Monte Carlo standard error",
		Columns: []report.Column{{Name: "information"}, {Name: "method"}, moneyColumn("evpi", ""), moneyColumn("se", ""), {Name: "parameters"}}}
	t.Add("all parameters (perfect information)", "draws", cash(v.EVPI), cash(v.SE), "")
	for _, p := range v.Partials {
		params := ""
		if p.Method == uncertainty.PartialRegression && !strings.HasSuffix(p.Name, ".*") {
			// A group by prefix is named by it; the user's are listed.
			params = strings.Join(p.Params, " ")
		}
		t.Add(p.Name, p.Method, cash(p.Value), "", params)
	}
	return t
}
