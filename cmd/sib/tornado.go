package main

import (
	"fmt"
	"io"
	"strconv"

	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/internal/chart"
	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/uncertainty"
)

const tornadoHelp = `Usage: sib tornado [flags] <scenario-folder> <uncertainty-folder>

One-way sensitivity analysis: moves each parameter of the uncertainty spec
from its low to its high value, the others at their base values, and sorts
the parameters by how far the output swings. The low and high come from the
spec's low and high columns, or else the distribution's 10th and 90th
percentiles. The uncertainty folder holds uncertainty.csv (and optionally
correlations.csv, not used here); a spec file may be given instead. See
docs/uncertainty.md.

` + unitsHelp + `
Examples:
  sib tornado testdata/estonia/scenario testdata/estonia/uncertainty
  sib tornado --output investors.irr --plot tornado.svg testdata/estonia/scenario testdata/estonia/uncertainty
  sib tornado --xlsx tornado.xlsx testdata/estonia/scenario testdata/estonia/uncertainty
`

func runTornado(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("tornado", pflag.ContinueOnError)
	f := addSensitivityFlags(fs, "state.net", "the tornado chart")
	if code, done := parseFlags(fs, args, tornadoHelp, stdout, stderr); done {
		return code
	}
	st, code, done := prepare("tornado", fs, f, true, stderr)
	if done {
		return code
	}
	out, code, done := st.oneOutput("tornado", *f.output, stderr)
	if done {
		return code
	}
	t, err := uncertainty.OneWay(st.m, st.base, st.spec, out)
	if err != nil {
		return libError(stderr, "tornado", err)
	}
	tab, bars := tornadoTable(out, t)
	doc := &report.Doc{Title: "Tornado: " + out.Doc,
		Meta: st.meta(report.Meta{Key: "output", Value: out.Name}, outputMeta("base_output", out, t.Base),
			report.Meta{Key: "parameters", Value: strconv.Itoa(len(t.Bars)), Numeric: true}),
		Tables: []*report.T{tab}}
	plots := map[string]chartWriter{}
	if *f.plot != "" {
		plots[*f.plot] = chart.Tornado{Title: "One-way sensitivity of " + out.Name, Output: st.axisLabel(out), Base: t.Base, Bars: bars,
			Percent: out.Unit == uncertainty.Rate}
	}
	return st.finish(stdout, stderr, "tornado", doc, *f.ff.format, "tornado", nil, plots)
}

// tornadoTable is the table of a one-way analysis and the bars of its
// chart.
func tornadoTable(out uncertainty.Output, t *uncertainty.Tornado) (*report.T, []chart.TornadoBar) {
	tab := &report.T{Name: "tornado", Title: "One-way sensitivity of " + out.Name,
		Note: fmt.Sprintf("%s: %s; each parameter from low to high, the others at base; by swing, largest first", out.Name, unitNote(out)),
		Columns: []report.Column{{Name: "rank", Numeric: true}, {Name: "param"}, {Name: "base", Numeric: true, Text: sig4},
			{Name: "low", Numeric: true, Text: sig4}, {Name: "high", Numeric: true, Text: sig4},
			outputColumn("output_low", "output at low", out), outputColumn("output_high", "output at high", out),
			outputColumn("swing", "swing", out), {Name: "note"}}}
	var bars []chart.TornadoBar
	for i, b := range t.Bars {
		note := ""
		switch lo, hi := b.OutLow != b.OutLow, b.OutHigh != b.OutHigh; {
		case lo && hi:
			note = "the output does not exist at either end"
		case lo:
			note = "the output does not exist at the low end"
		case hi:
			note = "the output does not exist at the high end"
		}
		tab.Add(strconv.Itoa(i+1), b.Param, num(b.Base), num(b.Low), num(b.High), outputValue(out, b.OutLow), outputValue(out, b.OutHigh), outputValue(out, b.Swing), note)
		bars = append(bars, chart.TornadoBar{Param: b.Param, Low: b.OutLow, High: b.OutHigh, LowValue: b.Low, HighValue: b.High})
	}
	return tab, bars
}
