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

// Tornado is a one-at-a-time sensitivity chart: one horizontal bar pair per
// parameter, from the base output to the output with the parameter at its
// low value (blue) and at its high value (orange).
type Tornado struct {
	Title  string
	Output string // the x-axis label, e.g. "state net saving PV (EUR)"

	// Subtitle, if set, is a note under the title (what the output is);
	// "; " separates lines where it is too long for one.
	Subtitle string

	// Percent shows the output (Base, Low, High), a fraction, in %:
	// 0.3172 is "31.72%". The parameters' values stay as given.
	Percent bool

	// Base is the output at base values; bars start from it and a vertical
	// line is drawn there.
	Base float64

	// Bars are drawn in order from the top; the caller sorts them (largest
	// swing first).
	Bars []TornadoBar

	// Width and Height of the chart; zero means DefaultWidth and a height
	// that grows with the number of bars.
	Width, Height vg.Length
}

// TornadoBar is one parameter of a Tornado.
type TornadoBar struct {
	Param     string  // the y-axis label
	Low, High float64 // the output with the parameter at its low / high value

	// LowValue and HighValue are the parameter's low and high values, drawn
	// as small labels at the bar ends; NaN leaves the label out.
	LowValue, HighValue float64
}

const tornadoRow = 0.55 * vg.Centimeter

// Write renders the chart to w in format "png" or "svg".
func (t Tornado) Write(w io.Writer, format string) error {
	if len(t.Bars) == 0 {
		return fmt.Errorf("%w: tornado %q has no bars", ErrNoData, t.Title)
	}
	if !isFinite(t.Base) {
		return fmt.Errorf("%w: tornado %q: base output is %v", ErrValue, t.Title, t.Base)
	}
	for i, b := range t.Bars {
		if !isFinite(b.Low) || !isFinite(b.High) {
			return fmt.Errorf("%w: tornado %q: bar %d (%s): output %v at low, %v at high", ErrValue, t.Title, i, b.Param, b.Low, b.High)
		}
	}
	width, height, err := size(t.Width, t.Height, barsHeight(len(t.Bars), tornadoRow))
	if err != nil {
		return err
	}
	return render(w, format, "tornado", width, height, t.draw)
}

func (t Tornado) draw(c draw.Canvas) {
	baseLine := draw.LineStyle{Color: black, Width: vg.Points(1.2)}
	c = header(c, t.Title, notes(t.Subtitle, "labels at the bar ends: the parameter's low and high values"), []legendEntry{
		{label: "parameter at its low value", fill: blue},
		{label: "parameter at its high value", fill: orange},
		{label: "base: " + formatValue(t.Base, t.Percent), line: &baseLine},
	})

	p := newPlot()
	p.X.Label.Text = t.Output
	p.X.Tick.Marker = tickerFor(6, t.Percent)
	n := len(t.Bars)
	ticks := make([]plot.Tick, n)
	vs := []float64{t.Base}
	for i, b := range t.Bars {
		ticks[i] = plot.Tick{Value: float64(n - 1 - i), Label: b.Param}
		vs = append(vs, b.Low, b.High)
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	p.Y.Tick.Length = 0
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
	p.Y.Padding = 0
	lo, hi, _ := rangeOf(vs...)
	p.X.Min, p.X.Max = pad(lo, hi, 0.02)
	p.Add(gridLines{x: true}, tornadoBars{t: t, base: baseLine})
	drawPlot(p, c)
}

// tornadoBars draws the bars, the base line and the value labels.
type tornadoBars struct {
	t    Tornado
	base draw.LineStyle
}

const (
	tornadoHalf = 0.36 // half the bar height in rows
	labelGap    = 3    // points between a bar end and its label
)

// sides returns, for bar b, the side (-1 left, +1 right of the base) of
// the low and the high bar; a zero-length bar goes opposite the other.
func (tb tornadoBars) sides(b TornadoBar) (lowSide, highSide float64) {
	base := tb.t.Base
	lowSide, highSide = sign(b.Low-base), sign(b.High-base)
	switch {
	case lowSide == 0 && highSide == 0:
		return -1, 1
	case lowSide == 0:
		return -highSide, highSide
	case highSide == 0:
		return lowSide, -lowSide
	}
	return lowSide, highSide
}

func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

func (tb tornadoBars) Plot(c draw.Canvas, p *plot.Plot) {
	n := len(tb.t.Bars)
	base := tb.t.Base
	trX, trY := p.Transforms(&c)
	sty := textStyle(sans, smallSize, darkGrey)
	sty.YAlign = draw.YCenter
	for i, b := range tb.t.Bars {
		y := float64(n - 1 - i)
		// The bar farther from the base first, so that both stay visible
		// when they lie on the same side.
		type end struct {
			v, label float64
			side     float64
			col      color.Color
		}
		lowSide, highSide := tb.sides(b)
		ends := []end{{b.Low, b.LowValue, lowSide, blue}, {b.High, b.HighValue, highSide, orange}}
		if math.Abs(b.Low-base) < math.Abs(b.High-base) {
			ends[0], ends[1] = ends[1], ends[0]
		}
		for _, e := range ends {
			fillRect(c, p, e.col, base, e.v, y-tornadoHalf, y+tornadoHalf)
		}
		for _, e := range ends {
			if !isFinite(e.label) {
				continue
			}
			s := sty
			x := trX(e.v) + vg.Length(e.side)*labelGap
			if e.side < 0 {
				s.XAlign = draw.XRight
			}
			c.FillText(s, vg.Point{X: x, Y: trY(y)}, formatNumber(e.label))
		}
	}
	x := trX(base)
	c.StrokeLine2(tb.base, x, c.Min.Y, x, c.Max.Y)
}

// GlyphBoxes reserves room for the value labels beyond the bar ends.
func (tb tornadoBars) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	n := len(tb.t.Bars)
	sty := textStyle(sans, smallSize, darkGrey)
	h := sty.Height("0")
	var boxes []plot.GlyphBox
	for i, b := range tb.t.Bars {
		lowSide, highSide := tb.sides(b)
		for _, e := range []struct{ v, label, side float64 }{{b.Low, b.LowValue, lowSide}, {b.High, b.HighValue, highSide}} {
			if !isFinite(e.label) {
				continue
			}
			w := sty.Width(formatNumber(e.label)) + labelGap
			r := vg.Rectangle{Min: vg.Point{X: 0, Y: -h / 2}, Max: vg.Point{X: w, Y: h / 2}}
			if e.side < 0 {
				r.Min.X, r.Max.X = -w, 0
			}
			boxes = append(boxes, plot.GlyphBox{X: p.X.Norm(e.v), Y: p.Y.Norm(float64(n - 1 - i)), Rectangle: r})
		}
	}
	return boxes
}
