package chart

import (
	"fmt"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// RankBars is a correlation tornado: for each parameter a horizontal bar
// of its rank correlation with an output (light blue, above, with its
// confidence-interval whisker) and, where given, its partial rank
// correlation (dark blue, below), on an axis from −1 to 1.
type RankBars struct {
	Title string
	// XLabel is the axis' label; empty means "rank correlation".
	XLabel string
	// Subtitle, if set, is a note under the title; "; " separates lines
	// where it is too long for one.
	Subtitle string

	// Params are drawn in order from the top (the caller sorts them).
	Params []string
	// Rho and its interval Lo, Hi, one per parameter; Partial (nil, or
	// one per parameter) the partial rank correlations. A NaN leaves its
	// bar or whisker out.
	Rho, Lo, Hi, Partial []float64

	// Width and Height of the chart; zero means DefaultWidth and a height
	// that grows with the number of parameters.
	Width, Height vg.Length
}

// Write renders the chart to w in format "png" or "svg".
func (rb RankBars) Write(w io.Writer, format string) error {
	n := len(rb.Params)
	if n == 0 {
		return fmt.Errorf("%w: rank bars %q have no parameters", ErrNoData, rb.Title)
	}
	for _, f := range []struct {
		name string
		vs   []float64
	}{{"Rho", rb.Rho}, {"Lo", rb.Lo}, {"Hi", rb.Hi}} {
		if len(f.vs) != n {
			return fmt.Errorf("%w: rank bars %q: %d %s values for %d parameters", ErrLength, rb.Title, len(f.vs), f.name, n)
		}
	}
	if rb.Partial != nil && len(rb.Partial) != n {
		return fmt.Errorf("%w: rank bars %q: %d Partial values for %d parameters", ErrLength, rb.Title, len(rb.Partial), n)
	}
	if _, _, ok := rangeOf(rb.Rho...); !ok {
		return fmt.Errorf("%w: rank bars %q: every correlation is NaN", ErrNoData, rb.Title)
	}
	width, height, err := size(rb.Width, rb.Height, barsHeight(n, indexRow))
	if err != nil {
		return err
	}
	return render(w, format, "rank bars", width, height, rb.draw)
}

func (rb RankBars) draw(c draw.Canvas) {
	legend := []legendEntry{{label: "Spearman rank correlation", fill: lightBlue}}
	if rb.Partial != nil {
		legend = append(legend, legendEntry{label: "partial rank correlation", fill: darkBlue})
	}
	legend = append(legend, legendEntry{label: "95% interval", line: &whisker, bar: true})
	c = header(c, rb.Title, rb.Subtitle, legend)

	p := newPlot()
	p.X.Label.Text = orDefault(rb.XLabel, "rank correlation")
	paramAxis(p, rb.Params)
	var xt []plot.Tick
	for _, v := range []struct {
		x float64
		l string
	}{{-1, "−1"}, {-0.5, "−0.5"}, {0, "0"}, {0.5, "0.5"}, {1, "1"}} {
		xt = append(xt, plot.Tick{Value: v.x, Label: v.l})
	}
	p.X.Tick.Marker = plot.ConstantTicks(xt)
	p.X.Min, p.X.Max = -1.03, 1.03
	p.Add(gridLines{x: true}, rankPlotter{rb})
	drawPlot(p, c)
}

type rankPlotter struct{ rb RankBars }

func (rp rankPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	rb := rp.rb
	n := len(rb.Params)
	trX, trY := p.Transforms(&c)
	half := 0.19 // half a bar's height, in rows
	if rb.Partial == nil {
		half = 0.3
	}
	for i := range rb.Params {
		y := float64(n - 1 - i)
		yRho := y
		if rb.Partial != nil {
			yRho = y + half
		}
		bars := []struct {
			v, lo, hi, y float64
			col          color.Color
		}{{rb.Rho[i], rb.Lo[i], rb.Hi[i], yRho, lightBlue}}
		if rb.Partial != nil {
			bars = append(bars, struct {
				v, lo, hi, y float64
				col          color.Color
			}{rb.Partial[i], math.NaN(), math.NaN(), y - half, darkBlue})
		}
		for _, b := range bars {
			if isFinite(b.v) {
				fillRect(c, p, b.col, 0, b.v, b.y-half*0.9, b.y+half*0.9)
			}
			if isFinite(b.lo) && isFinite(b.hi) {
				yc := trY(b.y)
				capH := trY(b.y+half*0.5) - yc
				x0, x1 := trX(b.lo), trX(b.hi)
				c.StrokeLine2(whisker, x0, yc, x1, yc)
				c.StrokeLine2(whisker, x0, yc-capH, x0, yc+capH)
				c.StrokeLine2(whisker, x1, yc-capH, x1, yc+capH)
			}
		}
	}
	x := trX(0)
	c.StrokeLine2(draw.LineStyle{Color: black, Width: vg.Points(0.8)}, x, c.Min.Y, x, c.Max.Y)
}
