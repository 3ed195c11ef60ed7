package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/internal/chart"
	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/uncertainty"
)

const gridHelp = `Usage: sib grid --x NAME --y NAME [flags] <scenario-folder> [uncertainty-folder]

Two-way sensitivity analysis: the output over a grid of values of two
parameters, the others at their base values. Each axis runs from LO to HI
given by --x-range and --y-range, or else from the parameter's low to high
in the uncertainty spec. In text the grid is a matrix (rows: y, columns:
x); CSV and JSON give one row per cell.

` + unitsHelp + `
Examples:
  sib grid --x outcome.reconvictions.effect --y term.reconviction_rate.price --y-range 4000,8000 testdata/estonia/scenario testdata/estonia/uncertainty
  sib grid --x outcome.custody_days.effect --x-range 0,9 --y cost.custody_day.unit_cost --y-range 250,450 --steps 21 --output investors.irr --plot grid.png testdata/estonia/scenario
`

func runGrid(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("grid", pflag.ContinueOnError)
	f := addSensitivityFlags(fs, "state.net", "the heatmap")
	xName := fs.String("x", "", "the parameter across (columns)")
	yName := fs.String("y", "", "the parameter down (rows)")
	xRange := fs.String("x-range", "", "LO,HI of x (default: its low and high in the spec)")
	yRange := fs.String("y-range", "", "LO,HI of y (default: its low and high in the spec)")
	steps := fs.Int("steps", 11, "values on each axis")
	xSteps := fs.Int("x-steps", 0, "values of x (default --steps)")
	ySteps := fs.Int("y-steps", 0, "values of y (default --steps)")
	if code, done := parseFlags(fs, args, gridHelp, stdout, stderr); done {
		return code
	}
	switch {
	case *xName == "" || *yName == "":
		return usageError(stderr, "grid", "--x and --y name the two parameters")
	case *xName == *yName:
		return usageError(stderr, "grid", "--x and --y are both %s: expected two parameters", *xName)
	case *steps < 2 || *xSteps == 1 || *ySteps == 1 || *xSteps < 0 || *ySteps < 0:
		return usageError(stderr, "grid", "--steps, --x-steps and --y-steps: expected at least 2 values on each axis")
	}
	st, code, done := prepare("grid", fs, f, false, stderr)
	if done {
		return code
	}
	out, code, done := st.oneOutput("grid", *f.output, stderr)
	if done {
		return code
	}
	axis := func(flag, name, rng string, n int) (uncertainty.Axis, int, bool) {
		if n == 0 {
			n = *steps
		}
		var lo, hi float64
		if rng != "" {
			var err error
			if lo, hi, err = parseRange(rng); err != nil {
				return uncertainty.Axis{}, usageError(stderr, "grid", "--%s-range %v", flag, err), true
			}
			if !(lo < hi) {
				return uncertainty.Axis{}, usageError(stderr, "grid", "--%s-range %s: expected LO < HI", flag, rng), true
			}
		} else if l, h, ok := st.specRange(name); ok {
			lo, hi = l, h
		} else {
			return uncertainty.Axis{}, usageError(stderr, "grid", "--%s %s: give --%s-range LO,HI (the parameter has no low and high in an uncertainty spec)", flag, name, flag), true
		}
		a, err := uncertainty.NewAxis(st.s, name, lo, hi, n)
		if err != nil {
			if errors.Is(err, uncertainty.ErrUnknown) || errors.Is(err, uncertainty.ErrRange) && rng != "" {
				return a, usageError(stderr, "grid", "--%s: %v", flag, err), true
			}
			return a, libError(stderr, "grid", fmt.Errorf("--%s: %w", flag, err)), true
		}
		return a, exitOK, false
	}
	x, code, done := axis("x", *xName, *xRange, *xSteps)
	if done {
		return code
	}
	y, code, done := axis("y", *yName, *yRange, *ySteps)
	if done {
		return code
	}
	g, err := uncertainty.Grid(st.m, st.base, x, y, out)
	if err != nil {
		return libError(stderr, "grid", err)
	}
	doc := &report.Doc{Title: "Two-way sensitivity: " + out.Doc,
		Meta: st.meta(report.Meta{Key: "output", Value: out.Name}, report.Meta{Key: "base_output", Value: outputValue(out, g.Base), Numeric: true},
			report.Meta{Key: "x", Value: x.Name}, report.Meta{Key: "y", Value: y.Name})}
	if *f.ff.format == report.Table {
		// A matrix: y down, x across.
		cols := []report.Column{{Name: y.Name + " \\ " + x.Name, Numeric: true, Text: sig4}}
		for j, v := range x.Values {
			c := outputColumn("x"+strconv.Itoa(j), sig4(num(v)), out)
			cols = append(cols, c)
		}
		tab := &report.T{Name: "grid", Title: fmt.Sprintf("%s by %s (rows) and %s (columns)", out.Name, y.Name, x.Name),
			Note: fmt.Sprintf("%s: %s; the other parameters at base", out.Name, unitNote(out)), Columns: cols}
		for i, vy := range y.Values {
			row := []string{num(vy)}
			for j := range x.Values {
				row = append(row, outputValue(out, g.At(i, j)))
			}
			tab.Add(row...)
		}
		doc.Tables = append(doc.Tables, tab)
	} else {
		tab := &report.T{Name: "grid", Columns: []report.Column{{Name: "x", Numeric: true}, {Name: "y", Numeric: true}, {Name: "output", Numeric: true}}}
		for i, vy := range y.Values {
			for j, vx := range x.Values {
				tab.Add(num(vx), num(vy), outputValue(out, g.At(i, j)))
			}
		}
		doc.Tables = append(doc.Tables, tab)
	}
	plots := map[string]chartWriter{}
	if *f.plot != "" {
		h := chart.Heatmap{Title: "Two-way sensitivity: " + out.Name, XLabel: x.Name, YLabel: y.Name, ZLabel: st.axisLabel(out),
			X: x.Values, Y: y.Values, Z: g.Z}
		if out.Unit == uncertainty.Money {
			zero := 0.0
			h.Contour = &zero
		}
		plots[*f.plot] = h
	}
	return st.finish(stdout, stderr, "grid", doc, *f.ff.format, "grid", nil, plots)
}
