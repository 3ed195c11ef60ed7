package chart

import (
	"fmt"
	"image/color"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Columns shows values over categories (periods, agencies) as vertical
// bars, stacked (positive values up from 0, negative values down from it)
// or side by side, and as lines through the categories' centres.
type Columns struct {
	Title, XLabel, YLabel string

	// Subtitle, if set, is a note under the title (what the values are);
	// "; " separates lines where it is too long for one.
	Subtitle string

	// Categories label the x axis, in order; when they do not all fit,
	// every k-th is labelled.
	Categories []string

	// Bars and Lines hold one value per category each; a NaN leaves the
	// value out (a gap in a line).
	Bars, Lines []Series

	// Grouped draws the bars of a category side by side instead of
	// stacked.
	Grouped bool

	// Horizontal draws the categories down the y axis, from the top, and
	// the values across: for named categories (agencies), whose names
	// are then never cut or skipped. Lines are not drawn.
	Horizontal bool

	// Width and Height of the chart; zero means DefaultWidth and
	// DefaultHeight, or when Horizontal a height that grows by 0.8 cm a
	// category above 10 cm.
	Width, Height vg.Length
}

// Series is a named row of values of a Columns chart.
type Series struct {
	Label  string
	Values []float64
	Color  color.Color // nil: the package's series colours in order
}

// barColours and lineColours are the default colours of Columns series,
// in order.
var (
	green       = color.RGBA{R: 0x2a, G: 0x8a, B: 0x3e, A: 0xff}
	purple      = color.RGBA{R: 0x7b, G: 0x3f, B: 0x9e, A: 0xff}
	red         = color.RGBA{R: 0xc0, G: 0x1c, B: 0x28, A: 0xff}
	barColours  = []color.Color{green, color.RGBA{R: 0xa6, G: 0xd8, B: 0x9b, A: 0xff}, orange, darkBlue, purple, red, midGrey}
	lineColours = []color.Color{green, purple, orange, red, midGrey, darkBlue}
)

// Write renders the chart to w in format "png" or "svg".
func (cl Columns) Write(w io.Writer, format string) error {
	n := len(cl.Categories)
	if n == 0 || len(cl.Bars)+len(cl.Lines) == 0 {
		return fmt.Errorf("%w: columns %q: %d categories, %d series", ErrNoData, cl.Title, n, len(cl.Bars)+len(cl.Lines))
	}
	var all []float64
	for _, s := range append(append([]Series(nil), cl.Bars...), cl.Lines...) {
		if len(s.Values) != n {
			return fmt.Errorf("%w: columns %q: series %q has %d values for %d categories", ErrLength, cl.Title, s.Label, len(s.Values), n)
		}
		all = append(all, s.Values...)
	}
	if _, _, ok := rangeOf(all...); !ok {
		return fmt.Errorf("%w: columns %q: every value is NaN or infinite", ErrNoData, cl.Title)
	}
	defH := DefaultHeight
	if cl.Horizontal {
		defH = barsHeight(n, indexRow) // as Sobol' index bars: three bars a row
	}
	width, height, err := size(cl.Width, cl.Height, defH)
	if err != nil {
		return err
	}
	return render(w, format, "columns", width, height, cl.draw)
}

func colourOf(i int, s Series, pal []color.Color) color.Color {
	if s.Color != nil {
		return s.Color
	}
	return pal[i%len(pal)]
}

// extent returns the lowest and highest point drawn: stacked or single
// bars, lines, and 0.
func (cl Columns) extent() (lo, hi float64) {
	vs := []float64{0}
	for k := range cl.Categories {
		var pos, neg float64
		for _, s := range cl.Bars {
			v := s.Values[k]
			if !isFinite(v) {
				continue
			}
			if cl.Grouped {
				vs = append(vs, v)
			} else if v >= 0 {
				pos += v
			} else {
				neg += v
			}
		}
		vs = append(vs, pos, neg)
		for _, s := range cl.Lines {
			vs = append(vs, s.Values[k])
		}
	}
	lo, hi, _ = rangeOf(vs...)
	return lo, hi
}

func (cl Columns) draw(c draw.Canvas) {
	var legend []legendEntry
	styles := make([]draw.LineStyle, len(cl.Lines))
	for i, s := range cl.Bars {
		legend = append(legend, legendEntry{label: s.Label, fill: colourOf(i, s, barColours)})
	}
	for i, s := range cl.Lines {
		if cl.Horizontal {
			break
		}
		styles[i] = draw.LineStyle{Color: colourOf(i, s, lineColours), Width: vg.Points(1.8)}
		legend = append(legend, legendEntry{label: s.Label, line: &styles[i]})
	}
	c = header(c, cl.Title, cl.Subtitle, legend)

	if cl.Horizontal {
		cl.drawHorizontal(c)
		return
	}
	p := newPlot()
	p.X.Label.Text, p.Y.Label.Text = cl.XLabel, cl.YLabel
	n := len(cl.Categories)
	p.X.Min, p.X.Max = -0.5, float64(n)-0.5
	p.X.Padding = 0
	lo, hi := cl.extent()
	p.Y.Min, p.Y.Max = pad(lo, hi, 0.04)

	// Label every k-th category so that the labels keep apart.
	sty := textStyle(sans, tickSize, black)
	var widest vg.Length
	for _, cat := range cl.Categories {
		widest = max(widest, sty.Width(cat))
	}
	plotW := float64(c.Max.X-c.Min.X) * 0.85
	every := 1
	for float64(n)/float64(every)*float64(widest+8) > plotW && every < n {
		every = nextEvery(every)
	}
	var ticks []plot.Tick
	for k, cat := range cl.Categories {
		label := ""
		if (k+1)%every == 0 || every == 1 {
			label = cat
		}
		ticks = append(ticks, plot.Tick{Value: float64(k), Label: label})
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.Add(gridLines{y: true}, columnPlotter{cl: cl, styles: styles})
	drawPlot(p, c)
}

// drawHorizontal draws the chart with the categories down the y axis.
func (cl Columns) drawHorizontal(c draw.Canvas) {
	p := newPlot()
	p.X.Label.Text, p.Y.Label.Text = cl.YLabel, cl.XLabel
	n := len(cl.Categories)
	p.Y.Min, p.Y.Max = -0.5, float64(n)-0.5
	p.Y.Padding = 0
	lo, hi := cl.extent()
	p.X.Min, p.X.Max = pad(lo, hi, 0.04)
	ticks := make([]plot.Tick, n)
	for k, cat := range cl.Categories {
		ticks[k] = plot.Tick{Value: float64(n - 1 - k), Label: cat}
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	p.Y.Tick.Length = 0
	p.Add(gridLines{x: true}, columnPlotter{cl: cl})
	drawPlot(p, c)
}

// nextEvery steps 1, 2, 4, 5, 10, 20, 25, 50, ...: label steps that
// count periods in whole years of quarters or months where they can.
func nextEvery(k int) int {
	switch {
	case k < 2:
		return 2
	case k < 4:
		return 4
	case k < 5:
		return 5
	case k < 10:
		return 10
	}
	return k * 2
}

type columnPlotter struct {
	cl     Columns
	styles []draw.LineStyle
}

func (cp columnPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	cl := cp.cl
	trX, trY := p.Transforms(&c)
	const full = 0.8 // the width of a category's bars, in categories
	nb := len(cl.Bars)
	for k := range cl.Categories {
		var pos, neg float64
		for i, s := range cl.Bars {
			v := s.Values[k]
			if !isFinite(v) || v == 0 {
				continue
			}
			x0, x1 := float64(k)-full/2, float64(k)+full/2
			y0, y1 := 0.0, v
			switch {
			case cl.Grouped:
				w := full / float64(nb)
				x0 = float64(k) - full/2 + float64(i)*w
				x1 = x0 + w*0.92
			case v > 0:
				y0, y1 = pos, pos+v
				pos += v
			default:
				y0, y1 = neg, neg+v
				neg += v
			}
			if cl.Horizontal {
				// Category k at n-1-k, counted down from the top, its
				// first series uppermost.
				at := float64(len(cl.Categories) - 1 - k)
				fillRect(c, p, colourOf(i, s, barColours), y0, y1, at-(x1-float64(k)), at-(x0-float64(k)))
				continue
			}
			fillRect(c, p, colourOf(i, s, barColours), x0, x1, y0, y1)
		}
	}
	if cl.Horizontal {
		zero := trX(0)
		c.StrokeLine2(draw.LineStyle{Color: black, Width: vg.Points(0.8)}, zero, c.Min.Y, zero, c.Max.Y)
		return
	}
	zero := trY(0)
	c.StrokeLine2(draw.LineStyle{Color: black, Width: vg.Points(0.8)}, c.Min.X, zero, c.Max.X, zero)
	for i, s := range cl.Lines {
		var run []vg.Point
		flush := func() {
			if len(run) > 1 {
				c.StrokeLines(cp.styles[i], run)
			}
			if len(run) == 1 {
				c.DrawGlyph(draw.GlyphStyle{Color: cp.styles[i].Color, Radius: vg.Points(2), Shape: draw.CircleGlyph{}}, run[0])
			}
			run = nil
		}
		for k, v := range s.Values {
			if !isFinite(v) {
				flush()
				continue
			}
			run = append(run, vg.Point{X: trX(float64(k)), Y: trY(v)})
		}
		flush()
	}
}
