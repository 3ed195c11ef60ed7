package chart

import (
	"fmt"
	"image/color"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// IndexBars shows Sobol' sensitivity indices: for each parameter a
// first-order bar (light blue, above) and a total-order bar (dark blue,
// below), each with a confidence-interval whisker.
type IndexBars struct {
	Title  string
	XLabel string // empty means "Sobol' index"

	// Subtitle, if set, is a note under the title (what the output is);
	// "; " separates lines where it is too long for one.
	Subtitle string

	// Params are drawn in order from the top.
	Params []string

	// First-order and total-order indices with their interval bounds, one
	// per parameter. A NaN index leaves its bar out; a NaN bound leaves
	// the whisker out.
	First, FirstLo, FirstHi []float64
	Total, TotalLo, TotalHi []float64

	// Width and Height of the chart; zero means DefaultWidth and a height
	// that grows with the number of parameters.
	Width, Height vg.Length
}

const indexRow = 0.8 * vg.Centimeter

// Write renders the chart to w in format "png" or "svg".
func (ib IndexBars) Write(w io.Writer, format string) error {
	n := len(ib.Params)
	if n == 0 {
		return fmt.Errorf("%w: index bars %q have no parameters", ErrNoData, ib.Title)
	}
	for _, f := range []struct {
		name string
		vs   []float64
	}{
		{"First", ib.First}, {"FirstLo", ib.FirstLo}, {"FirstHi", ib.FirstHi},
		{"Total", ib.Total}, {"TotalLo", ib.TotalLo}, {"TotalHi", ib.TotalHi},
	} {
		if len(f.vs) != n {
			return fmt.Errorf("%w: index bars %q: %d %s values for %d parameters", ErrLength, ib.Title, len(f.vs), f.name, n)
		}
	}
	if _, _, ok := rangeOf(append(append([]float64(nil), ib.First...), ib.Total...)...); !ok {
		return fmt.Errorf("%w: index bars %q: every index is NaN", ErrNoData, ib.Title)
	}
	width, height, err := size(ib.Width, ib.Height, barsHeight(n, indexRow))
	if err != nil {
		return err
	}
	return render(w, format, "index bars", width, height, ib.draw)
}

var whisker = draw.LineStyle{Color: black, Width: vg.Points(1)}

func (ib IndexBars) draw(c draw.Canvas) {
	legend := []legendEntry{
		{label: "first order", fill: lightBlue},
		{label: "total order", fill: darkBlue},
	}
	if ib.hasWhiskers() {
		legend = append(legend, legendEntry{label: "confidence interval", line: &whisker, bar: true})
	}
	c = header(c, ib.Title, ib.Subtitle, legend)

	p := newPlot()
	p.X.Label.Text = orDefault(ib.XLabel, "Sobol' index")
	paramAxis(p, ib.Params)
	var vs []float64
	for _, s := range [][]float64{ib.First, ib.FirstLo, ib.FirstHi, ib.Total, ib.TotalLo, ib.TotalHi} {
		vs = append(vs, s...)
	}
	lo, hi, _ := rangeOf(append(vs, 0)...)
	d := (hi - lo) * 0.03
	p.X.Min, p.X.Max = lo, hi+d
	if lo < 0 {
		p.X.Min -= d // room for the whisker caps
	}
	p.Add(gridLines{x: true}, indexPlotter{ib})
	drawPlot(p, c)
}

func (ib IndexBars) hasWhiskers() bool {
	for i := range ib.Params {
		if isFinite(ib.FirstLo[i]) && isFinite(ib.FirstHi[i]) || isFinite(ib.TotalLo[i]) && isFinite(ib.TotalHi[i]) {
			return true
		}
	}
	return false
}

type indexPlotter struct{ ib IndexBars }

func (ip indexPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	ib := ip.ib
	n := len(ib.Params)
	trX, _ := p.Transforms(&c)
	const half = 0.19 // half a bar's height, in rows
	for i := range ib.Params {
		y := float64(n - 1 - i)
		for _, b := range []struct {
			v, lo, hi, y float64
			col          color.Color
		}{
			{ib.First[i], ib.FirstLo[i], ib.FirstHi[i], y + half, lightBlue},
			{ib.Total[i], ib.TotalLo[i], ib.TotalHi[i], y - half, darkBlue},
		} {
			intervalBar(c, p, b.col, b.v, b.lo, b.hi, b.y, half)
		}
	}
	x := trX(0)
	c.StrokeLine2(draw.LineStyle{Color: black, Width: vg.Points(0.8)}, x, c.Min.Y, x, c.Max.Y)
}

// intervalBar draws a bar from 0 to v centred on row y, 2·half·0.9 rows
// high, and a whisker from lo to hi with caps half as high; a value that
// is not finite is left out.
func intervalBar(c draw.Canvas, p *plot.Plot, col color.Color, v, lo, hi, y, half float64) {
	if isFinite(v) {
		fillRect(c, p, col, 0, v, y-half*0.9, y+half*0.9)
	}
	if isFinite(lo) && isFinite(hi) {
		trX, trY := p.Transforms(&c)
		yc := trY(y)
		capH := trY(y+half*0.5) - yc
		x0, x1 := trX(lo), trX(hi)
		c.StrokeLine2(whisker, x0, yc, x1, yc)
		c.StrokeLine2(whisker, x0, yc-capH, x0, yc+capH)
		c.StrokeLine2(whisker, x1, yc-capH, x1, yc+capH)
	}
}

// paramAxis lays the parameters' names down the y axis, the first at the
// top, one bar row each: the axis of the index and rank-correlation bars.
func paramAxis(p *plot.Plot, names []string) {
	n := len(names)
	ticks := make([]plot.Tick, n)
	for i, name := range names {
		ticks[i] = plot.Tick{Value: float64(n - 1 - i), Label: name}
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	p.Y.Tick.Length = 0
	p.Y.Min, p.Y.Max = -0.55, float64(n)-0.45
	p.Y.Padding = 0
}
