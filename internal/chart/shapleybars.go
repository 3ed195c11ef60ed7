package chart

import (
	"fmt"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ShapleyBars shows Shapley effects: for each parameter a horizontal bar
// of its share of the output's variance with its interval's whisker, on
// the parameter axis of the index and rank-correlation bars.
type ShapleyBars struct {
	Title string
	// XLabel is the axis' label; empty means "Shapley effect (share of
	// the variance)".
	XLabel string
	// Subtitle, if set, is a note under the title; "; " separates lines
	// where it is too long for one.
	Subtitle string
	// Interval names the whiskers in the legend; empty means "interval".
	Interval string

	// Params are drawn in order from the top (the caller sorts them).
	Params []string
	// Effect and its interval Lo, Hi, one per parameter. A NaN leaves
	// its bar or whisker out.
	Effect, Lo, Hi []float64

	// Width and Height of the chart; zero means DefaultWidth and a height
	// that grows with the number of parameters.
	Width, Height vg.Length
}

// Write renders the chart to w in format "png" or "svg".
func (sb ShapleyBars) Write(w io.Writer, format string) error {
	n := len(sb.Params)
	if n == 0 {
		return fmt.Errorf("%w: Shapley bars %q have no parameters", ErrNoData, sb.Title)
	}
	for _, f := range []struct {
		name string
		vs   []float64
	}{{"Effect", sb.Effect}, {"Lo", sb.Lo}, {"Hi", sb.Hi}} {
		if len(f.vs) != n {
			return fmt.Errorf("%w: Shapley bars %q: %d %s values for %d parameters", ErrLength, sb.Title, len(f.vs), f.name, n)
		}
	}
	if _, _, ok := rangeOf(sb.Effect...); !ok {
		return fmt.Errorf("%w: Shapley bars %q: every effect is NaN", ErrNoData, sb.Title)
	}
	width, height, err := size(sb.Width, sb.Height, barsHeight(n, indexRow))
	if err != nil {
		return err
	}
	return render(w, format, "Shapley bars", width, height, sb.draw)
}

func (sb ShapleyBars) draw(c draw.Canvas) {
	legend := []legendEntry{{label: "Shapley effect", fill: darkBlue},
		{label: orDefault(sb.Interval, "interval"), line: &whisker, bar: true}}
	c = header(c, sb.Title, sb.Subtitle, legend)

	p := newPlot()
	p.X.Label.Text = orDefault(sb.XLabel, "Shapley effect (share of the variance)")
	paramAxis(p, sb.Params)
	lo, hi, _ := rangeOf(append(append(append([]float64{0}, sb.Effect...), sb.Lo...), sb.Hi...)...)
	d := (hi - lo) * 0.03
	p.X.Min, p.X.Max = lo, hi+d
	if lo < 0 {
		p.X.Min -= d
	}
	p.Add(gridLines{x: true}, shapleyPlotter{sb})
	drawPlot(p, c)
}

type shapleyPlotter struct{ sb ShapleyBars }

func (sp shapleyPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	sb := sp.sb
	n := len(sb.Params)
	trX, _ := p.Transforms(&c)
	const half = 0.3 // half a bar's height, in rows
	for i := range sb.Params {
		y := float64(n - 1 - i)
		intervalBar(c, p, darkBlue, sb.Effect[i], sb.Lo[i], sb.Hi[i], y, half)
	}
	x := trX(0)
	c.StrokeLine2(draw.LineStyle{Color: black, Width: vg.Points(0.8)}, x, c.Min.Y, x, c.Max.Y)
}
