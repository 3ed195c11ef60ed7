package main

import (
	"cmp"
	"errors"
	"fmt"
	"github.com/sib-engine/sib/internal/names"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/internal/chart"
	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/uncertainty"
)

const gridHelp = `Usage: sib grid --x NAME --y NAME [flags] <scenario-folder> [uncertainty-folder]

Two-way sensitivity analysis: the output over a grid of values of two
parameters, the others at their base values. Each axis runs from LO to HI
given by --x-range and --y-range, or else from the parameter's low to high
in the uncertainty spec. In text the grid is a matrix (rows: y, columns:
x); CSV and JSON give one row per cell.

--plot draws a heatmap (.png or .svg): rates in %, the base case marked,
and a contour line where the output equals a level a reader looks for:
break-even (0) for money, the investors' hurdle rate for an IRR, 1 for a
ratio; --contour LEVEL sets another (a fraction for a rate), --contour none
draws none. A grid that never reaches the level is drawn in one side's
colours, and its note says so.

` + unitsHelp + `
Examples:
  sib grid --x outcome.reconvictions.effect --y term.reconviction_rate.price --y-range 4000,8000 testdata/estonia/scenario testdata/estonia/uncertainty
  sib grid --x outcome.reconvictions.effect --y term.reconviction_rate.price --y-range 4000,8000 --xlsx grid.xlsx testdata/estonia/scenario testdata/estonia/uncertainty
  sib grid --x outcome.reconvictions.effect --x-range 0,0.3 --y term.reconviction_rate.price --y-range 2000,5000 --steps 21 --output investors.irr --plot grid.png testdata/estonia/scenario
  sib grid --x outcome.reconvictions.effect --x-range 0,0.3 --y term.reconviction_rate.price --y-range 2000,5000 --output investors.irr --contour 0.1 --plot grid-10pc.svg testdata/estonia/scenario
`

// maxGridCells bounds the cells of a grid: a million runs of a deal take
// minutes, and the table is held in memory.
const maxGridCells = 1_000_000

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
	contour := fs.String("contour", "", "with --plot, draw the line where the output equals LEVEL (a fraction for a rate: 0.06 for 6%), or none (default: 0 for money, the hurdle rate for an IRR, 1 for a ratio)")
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
	if nx, ny := cmp.Or(*xSteps, *steps), cmp.Or(*ySteps, *steps); nx > maxGridCells/ny {
		// Checked before the work: the grid's table is held in memory.
		return usageError(stderr, "grid", "%d × %d values: expected at most %d cells in all (each one is a run of the deal)", nx, ny, maxGridCells)
	}
	level, code, done := contourFlag(*contour, stderr)
	if done {
		return code
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
		if _, ok := st.s.Param(name); !ok {
			return uncertainty.Axis{}, usageError(stderr, "grid", "--%s: unknown parameter %q%s (sib params lists them)", flag, name, names.Hint(st.s.Suggest(name))), true
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
		Meta: st.meta(report.Meta{Key: "output", Value: out.Name}, outputMeta("base_output", out, g.Base),
			report.Meta{Key: "x", Value: x.Name}, report.Meta{Key: "y", Value: y.Name})}
	long := &report.T{Name: "grid", Columns: []report.Column{{Name: "x", Numeric: true}, {Name: "y", Numeric: true}, {Name: "output", Numeric: true}}}
	for i, vy := range y.Values {
		for j, vx := range x.Values {
			long.Add(num(vx), num(vy), outputValue(out, g.At(i, j)))
		}
	}
	if *f.ff.format == report.Table {
		// A matrix: y down, x across; a workbook (--xlsx) has the table
		// of CSV, a row a point.
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
		show := *doc
		show.Tables = []*report.T{tab}
		st.show = &show
	}
	doc.Tables = append(doc.Tables, long)
	plots := map[string]chartWriter{}
	if *f.plot != "" {
		h := chart.Heatmap{Title: "Two-way sensitivity of " + out.Name, XLabel: x.Name, YLabel: y.Name, ZLabel: st.shortLabel(out),
			Subtitle: out.Name + ": " + out.Doc + "; " + st.paramNote("x: ", x.Name) + "; " + st.paramNote("y: ", y.Name),
			X:        x.Values, Y: y.Values, Z: g.Z, ZPercent: out.Unit == uncertainty.Rate,
			Base: &chart.Point{X: st.base[x.ID.Index()], Y: st.base[y.ID.Index()], Z: g.Base}}
		h.Contour, h.ContourLabel = st.contourOf(out, level)
		plots[*f.plot] = h
	}
	return st.finish(stdout, stderr, "grid", doc, *f.ff.format, "grid", nil, plots)
}

// contourFlag reads grid's --contour: nil for the default, a level, or
// none (a NaN).
func contourFlag(s string, stderr io.Writer) (*float64, int, bool) {
	switch s = strings.TrimSpace(s); s {
	case "":
		return nil, exitOK, false
	case "none":
		none := math.NaN()
		return &none, exitOK, false
	}
	v, err := csvio.ParseFloat(s, false)
	if err != nil {
		return nil, usageError(stderr, "grid", "--contour %s: %v (a number, or none)", s, err), true
	}
	return &v, exitOK, false
}

// contourOf returns the heatmap's contour level and its name: the level
// given by --contour, or by default the level a reader of the output
// looks for: break-even (0) for money, the hurdle rate for an IRR (the
// return investors require), 1 for a ratio (money back, savings equal to
// payments); none for periods.
func (st *study) contourOf(out uncertainty.Output, level *float64) (*float64, string) {
	if level != nil {
		if math.IsNaN(*level) {
			return nil, ""
		}
		return level, "target"
	}
	var v float64
	label := "break-even"
	switch out.Unit {
	case uncertainty.Money:
	case uncertainty.Ratio:
		v = 1
	case uncertainty.Rate:
		v, label = hurdle(st.s), "hurdle rate"
	default:
		return nil, ""
	}
	return &v, label
}
