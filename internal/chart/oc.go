package chart

import (
	"fmt"
	"image/color"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// OC is an operating characteristic: for each test, the probability
// that it passes (0 to 1) against the true effect, as lines through the
// points of a grid; Marks are labelled vertical lines (the threshold).
type OC struct {
	Title, XLabel string
	// Subtitle, if set, is a note under the title.
	Subtitle string
	// Percent shows the x values and marks, fractions, in %.
	Percent bool
	Curves  []Curve
	Marks   []Mark

	Width, Height vg.Length // zero means DefaultWidth, DefaultHeight
}

// A Curve is one line of an OC chart: P[i] at X[i], X increasing.
type Curve struct {
	Label string
	X, P  []float64
}

// ocColours are the curves' colours, cycled.
var ocColours = []color.Color{darkBlue, orange, color.RGBA{R: 0x2a, G: 0x8a, B: 0x3e, A: 0xff}, color.RGBA{R: 0x7b, G: 0x3f, B: 0x9e, A: 0xff}, midGrey, lightBlue}

// Write renders the chart to w in format "png" or "svg".
func (oc OC) Write(w io.Writer, format string) error {
	lo, hi, ok := 0.0, 0.0, false
	for _, c := range oc.Curves {
		if len(c.X) != len(c.P) {
			return fmt.Errorf("%w: OC %q: curve %q has %d x and %d probabilities", ErrValue, oc.Title, c.Label, len(c.X), len(c.P))
		}
		for i, x := range c.X {
			if !isFinite(x) || !isFinite(c.P[i]) {
				return fmt.Errorf("%w: OC %q: curve %q: point (%v, %v)", ErrValue, oc.Title, c.Label, x, c.P[i])
			}
			if !ok {
				lo, hi, ok = x, x, true
			}
			lo, hi = min(lo, x), max(hi, x)
		}
	}
	if !ok {
		return fmt.Errorf("%w: OC %q: no points", ErrNoData, oc.Title)
	}
	if err := checkMarks("OC", oc.Title, oc.Marks); err != nil {
		return err
	}
	width, height, err := size(oc.Width, oc.Height, DefaultHeight)
	if err != nil {
		return err
	}
	return render(w, format, "OC", width, height, func(c draw.Canvas) { oc.draw(c, lo, hi) })
}

func (oc OC) draw(c draw.Canvas, lo, hi float64) {
	var legend []legendEntry
	for i, cv := range oc.Curves {
		ls := draw.LineStyle{Color: ocColours[i%len(ocColours)], Width: vg.Points(1.6)}
		legend = append(legend, legendEntry{label: cv.Label, line: &ls})
	}
	c = header(c, oc.Title, oc.Subtitle, legend)
	p := newPlot()
	p.X.Label.Text = oc.XLabel
	p.X.Tick.Marker = tickerFor(6, oc.Percent)
	p.Y.Label.Text = "probability the test passes"
	lo, hi = xRangeWithMarks(lo, hi, oc.Marks)
	if hi <= lo {
		lo, hi = pad(lo, hi, 0)
	}
	p.X.Min, p.X.Max = lo, hi
	p.Y.Min, p.Y.Max = 0, 1
	p.Y.Tick.Marker = plot.ConstantTicks([]plot.Tick{{Value: 0, Label: "0"}, {Value: 0.25, Label: "0.25"}, {Value: 0.5, Label: "0.5"}, {Value: 0.75, Label: "0.75"}, {Value: 1, Label: "1"}})
	p.Add(gridLines{x: true, y: true}, ocLines{curves: oc.Curves})
	if len(oc.Marks) > 0 {
		marks := markLines{marks: oc.Marks, bottom: func(int) bool { return false }, left: true}
		for _, mk := range oc.Marks {
			marks.text = append(marks.text, markText(mk, lo, hi, "", oc.Percent))
		}
		p.Add(marks)
	}
	drawPlot(p, c)
}

type ocLines struct{ curves []Curve }

func (l ocLines) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i, cv := range l.curves {
		pts := make([]vg.Point, len(cv.X))
		for k := range cv.X {
			pts[k] = vg.Point{X: trX(cv.X[k]), Y: trY(cv.P[k])}
		}
		c.StrokeLines(draw.LineStyle{Color: ocColours[i%len(ocColours)], Width: vg.Points(1.6)}, c.ClipLinesX(pts)...)
	}
}
