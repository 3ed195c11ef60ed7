package main

import (
	"fmt"
	"image/color"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/sib-engine/sib/internal/chart"
	"github.com/sib-engine/sib/internal/safeout"
	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// runCharts are the charts of sib run --plot, by name: the file names in
// a folder, or the suffixes of a name pattern.
var runCharts = []string{"cashflows", "cumulative", "agencies"}

// runPlotPaths returns the files of sib run --plot ARG: in a folder ARG,
// NAME.svg for each chart; for ARG a file name ending in .png or .svg,
// ARG with "-NAME" before the extension (deal.png: deal-cashflows.png).
func runPlotPaths(arg string) (paths []string, folder bool) {
	if _, err := chart.FormatOf(arg); err != nil {
		for _, n := range runCharts {
			paths = append(paths, filepath.Join(arg, n+".svg"))
		}
		return paths, true
	}
	ext := filepath.Ext(arg)
	for _, n := range runCharts {
		paths = append(paths, strings.TrimSuffix(arg, ext)+"-"+n+ext)
	}
	return paths, false
}

// reserveRunPlots reserves the files of sib run --plot before the work.
func reserveRunPlots(b *safeout.Batch, arg string) error {
	if arg == "" {
		return nil
	}
	paths, folder := runPlotPaths(arg)
	if folder {
		names := make([]string, len(paths))
		for i, p := range paths {
			names[i] = filepath.Base(p)
		}
		if err := b.Folder(arg, names, nil); err != nil {
			return fmt.Errorf("--plot: %w", err)
		}
		return nil
	}
	for _, p := range paths {
		if err := reserveFile(b, "plot", p); err != nil {
			return err
		}
	}
	return nil
}

// runPlots draws a deal's charts: outcome payments and savings by period,
// cumulative cash by party, and the state's net position by agency.
func runPlots(arg string, r *sib.Result) map[string]chartWriter {
	if arg == "" {
		return nil
	}
	paths, _ := runPlotPaths(arg)
	st := r.Scenario.Settings
	period := map[int]string{scenario.Month: "month", scenario.Quarter: "quarter", scenario.Year: "year"}[st.Months]
	n := len(r.Periods)
	cats := make([]string, n)
	for i, p := range r.Periods {
		cats[i] = strconv.Itoa(p.N)
	}
	f := func(d decimal.Decimal) float64 { return d.InexactFloat64() }
	sum := func(vs []float64, k int, d decimal.Decimal) {
		if k >= 1 && k <= n {
			vs[k-1] += f(d)
		}
	}

	// By period, nominal: what each period's budgets see.
	cashable, other, paid, net := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for _, sv := range r.Savings {
		sum(cashable, sv.Period, sv.CashableNominal)
		sum(other, sv.Period, sv.GrossNominal.Sub(sv.CashableNominal))
	}
	for _, pm := range r.Payments {
		sum(paid, pm.Period, pm.Paid.Neg())
	}
	// The commissioner's own costs outside the bond, which the state's net
	// saving subtracts (drawn only when the scenario has them).
	comm, less := make([]float64, n), ""
	for _, c := range r.Commissioner {
		sum(comm, c.Period, c.Nominal.Neg())
	}
	if len(r.Commissioner) > 0 {
		less = " − commissioner's costs"
	}
	for k := range net {
		net[k] = cashable[k] + paid[k] + comm[k]
	}
	xLabel := fmt.Sprintf("period (%s)", period)
	flows := chart.Columns{
		Title:    "Outcome payments and the state's savings by period",
		Subtitle: fmt.Sprintf("nominal (money of each period), %s; savings above 0, outcome payments below; line: cashable saving − payments%s", st.Currency, less),
		XLabel:   xLabel, YLabel: st.Currency + " a " + period + ", nominal", Categories: cats,
		Bars: []chart.Series{
			{Label: "cashable saving", Values: cashable},
			{Label: "non-cashable saving", Values: other},
			{Label: "outcome payments", Values: paid},
		},
		Lines: []chart.Series{{Label: "cashable saving − payments" + less, Values: net, Color: chartDarkBlue}},
	}
	if len(r.Commissioner) > 0 {
		flows.Bars = append(flows.Bars, chart.Series{Label: "commissioner's costs", Values: comm, Color: chartPurple})
	}

	// Cumulative cash by party: investors together, each party the bond
	// pays (or a guarantor) by name, and the state's cashable saving less
	// its payments.
	type line struct {
		label string
		vs    []float64
	}
	var lines []*line
	byName := map[string]*line{}
	get := func(label string) *line {
		if l, ok := byName[label]; ok {
			return l
		}
		l := &line{label: label, vs: make([]float64, n)}
		byName[label] = l
		lines = append(lines, l)
		return l
	}
	get("investors")
	for _, fl := range r.Flows {
		switch fl.Role {
		case sib.RoleInvestor:
			sum(get("investors").vs, fl.Period, fl.Flow)
		case sib.RoleTranche, sib.RolePayer:
		default:
			sum(get(fl.Party).vs, fl.Period, fl.Flow)
		}
	}
	state := get("the state (cashable saving − payments" + less + ")")
	copy(state.vs, net)
	// The gross measure too: many contracts are priced on it, and a
	// reader should not take the cashable line for the deal's test.
	gross := get("the state, gross (capacity freed counted)")
	for k := range gross.vs {
		gross.vs[k] = cashable[k] + other[k] + paid[k] + comm[k]
	}
	cum := chart.Columns{
		Title:    "Cumulative cash by party",
		Subtitle: fmt.Sprintf("running totals of each party's cash flows, nominal, %s: received less paid out; investors: all tranches; the state: saving (cashable, or gross) less outcome payments%s", st.Currency, strings.ReplaceAll(less, " − ", " and ")),
		XLabel:   xLabel, YLabel: st.Currency + ", cumulative, nominal", Categories: cats,
	}
	for _, l := range lines {
		var run float64
		vs := make([]float64, n)
		for k, v := range l.vs {
			run += v
			vs[k] = run
		}
		s := chart.Series{Label: l.label, Values: vs}
		switch l {
		case state:
			s.Color = chartDarkBlue // as the state's line by period
		case gross:
			s.Color = chartLightBlue
		}
		cum.Lines = append(cum.Lines, s)
	}

	// The state's net position by agency, present values.
	agencies := chart.Columns{
		Title:    "The state's net position by agency",
		Subtitle: fmt.Sprintf("present values in %d prices at the state's discount schedule, %s; net = cashable saving − outcome payments%s", st.PriceBase, st.Currency, less),
		XLabel:   "agency", YLabel: st.Currency + ", PV", Grouped: true, Horizontal: true,
		Bars: []chart.Series{{Label: "cashable saving"}, {Label: "outcome payments"}, {Label: "net", Color: chartDarkBlue}},
	}
	agencies.Bars[1].Color = chartOrange
	for _, v := range r.State {
		agencies.Categories = append(agencies.Categories, v.Agency)
		agencies.Bars[0].Values = append(agencies.Bars[0].Values, f(v.CashablePV))
		agencies.Bars[1].Values = append(agencies.Bars[1].Values, -f(v.PaymentsPV))
		agencies.Bars[2].Values = append(agencies.Bars[2].Values, f(v.NetPV))
	}
	if len(r.Commissioner) > 0 {
		// Between the payments and the net, as the state table has them.
		cs := chart.Series{Label: "commissioner's costs", Color: chartPurple}
		for _, v := range r.State {
			cs.Values = append(cs.Values, -f(v.CommissionerPV))
		}
		agencies.Bars = []chart.Series{agencies.Bars[0], agencies.Bars[1], cs, agencies.Bars[2]}
	}
	if st.SavingMeasure == scenario.GrossSaving {
		grossAgencies(&agencies, r, less)
	}
	charts := []chartWriter{flows, cum, agencies}
	out := map[string]chartWriter{}
	for i, p := range paths {
		out[p] = charts[i]
	}
	return out
}

// grossAgencies redraws the agencies chart of a contract on the gross
// measure (saving_measure gross): the gross saving beside the cashable,
// the payments, and the net on the contract's measure (gross − payments),
// in the dark blue of the net; the cashable net is the cashable bar less
// the payments, and sib run's state table gives it.
func grossAgencies(c *chart.Columns, r *sib.Result, less string) {
	f := func(d decimal.Decimal) float64 { return d.InexactFloat64() }
	st := r.Scenario.Settings
	c.Subtitle = fmt.Sprintf("present values in %d prices at the state's discount schedule, %s; net = gross saving − outcome payments%s, the contract's measure (saving_measure gross)", st.PriceBase, st.Currency, less)
	gross := chart.Series{Label: "gross saving", Color: chartLightGreen}
	net := chart.Series{Label: "net, gross (the contract's measure)", Color: chartDarkBlue}
	for _, v := range r.State {
		gross.Values = append(gross.Values, f(v.GrossPV))
		net.Values = append(net.Values, f(v.GrossPV.Sub(v.PaymentsPV).Sub(v.CommissionerPV)))
	}
	// gross, cashable, payments (and the commissioner's costs), net
	c.Bars = append([]chart.Series{gross}, c.Bars[:len(c.Bars)-1]...)
	c.Bars = append(c.Bars, net)
	c.Bars[1].Color = chartGreen
}

// The colours of the agencies chart: payments in the orange of the
// cash-flow chart, the net in dark blue.
var (
	chartOrange   = color.RGBA{R: 0xef, G: 0x86, B: 0x36, A: 0xff}
	chartDarkBlue = color.RGBA{R: 0x1f, G: 0x4e, B: 0x8c, A: 0xff}
	// The commissioner's own costs, apart from the payments and the net.
	chartPurple = color.RGBA{R: 0x8e, G: 0x6c, B: 0xb4, A: 0xff}
	// chartLightBlue is the state on the gross measure, beside its
	// cashable line in dark blue.
	chartLightBlue = color.RGBA{R: 0x5b, G: 0xa3, B: 0xdb, A: 0xff}
	// chartGreen and chartLightGreen are the cashable and the gross
	// saving of the agencies chart on the gross measure: the greens of
	// the cash-flow chart's cashable and non-cashable savings.
	chartGreen      = color.RGBA{R: 0x2a, G: 0x8a, B: 0x3e, A: 0xff}
	chartLightGreen = color.RGBA{R: 0xa6, G: 0xd8, B: 0x9b, A: 0xff}
)
