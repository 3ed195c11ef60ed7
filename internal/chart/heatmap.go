package chart

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Heatmap shows an output over a grid of two parameters, with a colour bar.
//
// Colours come from ColorBrewer's RdBu scheme: red below the reference
// level, blue above, white at it, with the same value distance giving the
// same colour distance on both sides. The reference is the Contour level
// if set, else 0. When every value lies on one side of it, the colours are
// one-sided: light to dark red (or blue) from the value nearest the
// reference to the farthest, none white; with a Contour, a note under the
// title says the level is not reached in range. Non-finite cells are grey.
type Heatmap struct {
	Title, XLabel, YLabel string
	ZLabel                string // the colour bar's label

	// Subtitle, if set, is a note under the title (what the output and
	// the parameters are); "; " separates lines where it is too long for
	// one.
	Subtitle string

	X, Y []float64 // grid values of the two parameters, strictly ascending

	// Z holds len(Y)*len(X) values, row-major: Z[i*len(X)+j] is the output
	// at (X[j], Y[i]).
	Z []float64

	// ZPercent shows Z, fractions, in % on the colour bar and in labels.
	ZPercent bool

	// Contour, if set, draws the line where Z equals *Contour (for example
	// 0, break-even, or an investors' hurdle rate), and marks that level
	// on the colour bar. ContourLabel names it in the legend and the note
	// ("break-even", "hurdle rate"); empty means "ZLabel = level" in the
	// legend and "contour" in the note.
	Contour      *float64
	ContourLabel string

	// Base, if set, marks the base case: a circle at (Base.X, Base.Y) and
	// a legend entry with the output there, Base.Z.
	Base *Point

	Width, Height vg.Length // zero means DefaultWidth, DefaultHeight
}

// Point is a point of a Heatmap's grid and the output there.
type Point struct{ X, Y, Z float64 }

// Write renders the chart to w in format "png" or "svg".
func (h Heatmap) Write(w io.Writer, format string) error {
	if len(h.X) == 0 || len(h.Y) == 0 {
		return fmt.Errorf("%w: heatmap %q: %d X and %d Y values", ErrNoData, h.Title, len(h.X), len(h.Y))
	}
	if len(h.Z) != len(h.X)*len(h.Y) {
		return fmt.Errorf("%w: heatmap %q: %d Z values for %d X × %d Y values (want %d)",
			ErrLength, h.Title, len(h.Z), len(h.X), len(h.Y), len(h.X)*len(h.Y))
	}
	for _, g := range []struct {
		name string
		vs   []float64
	}{{"X", h.X}, {"Y", h.Y}} {
		for i, v := range g.vs {
			if !isFinite(v) || i > 0 && v <= g.vs[i-1] {
				return fmt.Errorf("%w: heatmap %q: %s[%d] = %v: grid values must be finite and strictly ascending", ErrValue, h.Title, g.name, i, v)
			}
		}
	}
	if _, _, ok := rangeOf(h.Z...); !ok {
		return fmt.Errorf("%w: heatmap %q: all %d Z values are NaN or infinite", ErrNoData, h.Title, len(h.Z))
	}
	if h.Contour != nil && !isFinite(*h.Contour) {
		return fmt.Errorf("%w: heatmap %q: contour level %v", ErrValue, h.Title, *h.Contour)
	}
	if b := h.Base; b != nil && (!isFinite(b.X) || !isFinite(b.Y)) {
		return fmt.Errorf("%w: heatmap %q: base case at (%v, %v)", ErrValue, h.Title, b.X, b.Y)
	}
	width, height, err := size(h.Width, h.Height, DefaultHeight)
	if err != nil {
		return err
	}
	return render(w, format, "heatmap", width, height, h.draw)
}

// edges returns the cell boundaries of grid values g: midway between
// neighbours, and half a step beyond the ends (±0.5 for a single value).
func edges(g []float64) []float64 {
	e := make([]float64, len(g)+1)
	if len(g) == 1 {
		e[0], e[1] = g[0]-0.5, g[0]+0.5
		return e
	}
	for i := 1; i < len(g); i++ {
		e[i] = (g[i-1] + g[i]) / 2
	}
	e[0] = g[0] - (g[1]-g[0])/2
	e[len(g)] = g[len(g)-1] + (g[len(g)-1]-g[len(g)-2])/2
	return e
}

func (h Heatmap) draw(c draw.Canvas) {
	zlo, zhi, _ := rangeOf(h.Z...)
	ref := 0.0
	if h.Contour != nil {
		ref = *h.Contour
	}
	pal := newPalette(ref, zlo, zhi)
	var lines [][]xy
	if h.Contour != nil {
		lines = contourLines(h.X, h.Y, h.Z, *h.Contour)
	}

	contourStyle := draw.LineStyle{Color: black, Width: vg.Points(1.5)}
	label := orDefault(h.ContourLabel, "contour")
	var legend []legendEntry
	if len(lines) > 0 {
		text := label + ": " + formatValue(*h.Contour, h.ZPercent)
		if h.ContourLabel == "" {
			text = orDefault(h.ZLabel, "output") + " = " + formatValue(*h.Contour, h.ZPercent)
		}
		legend = append(legend, legendEntry{label: text, line: &contourStyle})
	}
	if b := h.Base; b != nil {
		text := "base case"
		if isFinite(b.Z) {
			text += ": " + formatValue(b.Z, h.ZPercent)
		}
		if !h.inGrid(b.X, b.Y) {
			text += " (outside the grid)"
		}
		legend = append(legend, legendEntry{label: text, dot: true})
	}
	if slices.ContainsFunc(h.Z, func(v float64) bool { return !isFinite(v) }) {
		legend = append(legend, legendEntry{label: "no value", fill: nanGrey})
	}
	note := h.Subtitle
	if h.Contour != nil {
		switch lv := formatValue(*h.Contour, h.ZPercent); {
		case zhi < *h.Contour:
			note = notes(note, fmt.Sprintf("no %s in range: every value is below %s", label, lv))
		case zlo > *h.Contour:
			note = notes(note, fmt.Sprintf("no %s in range: every value is above %s", label, lv))
		}
	}
	c = header(c, h.Title, note, legend)

	// Colour bar on the right: its scale is the range of the values.
	blo, bhi := zlo, zhi
	if bhi <= blo {
		blo, bhi = pad(blo, bhi, 0)
	}
	bticks := tickerFor(6, h.ZPercent).Ticks(blo, bhi)
	tickSty := textStyle(sans, tickSize, black)
	tickSty.YAlign = draw.YCenter
	var labelW vg.Length
	for _, t := range bticks {
		labelW = max(labelW, tickSty.Width(t.Label))
	}
	zSty := textStyle(sans, labelSize, black)
	const (
		barGap = 14
		barW   = 14
		tickL  = 4
	)
	barArea := barGap + barW + tickL + 3 + labelW
	if h.ZLabel != "" {
		barArea += 6 + zSty.Height(h.ZLabel)
	}
	left := c
	left.Max.X -= barArea

	p := newPlot()
	p.X.Label.Text, p.Y.Label.Text = h.XLabel, h.YLabel
	xe, ye := edges(h.X), edges(h.Y)
	p.X.Min, p.X.Max = xe[0], xe[len(xe)-1]
	p.Y.Min, p.Y.Max = ye[0], ye[len(ye)-1]
	p.X.Padding, p.Y.Padding = 0, 0
	p.Add(heatCells{h: h, xe: xe, ye: ye, pal: pal})
	if len(lines) > 0 {
		p.Add(contourPlotter{lines: lines, sty: contourStyle})
	}
	if b := h.Base; b != nil && h.inGrid(b.X, b.Y) {
		p.Add(baseDot{x: b.X, y: b.Y})
	}
	drawPlot(p, left)
	dc := p.DataCanvas(left)

	// The bar, aligned with the data area.
	x0 := left.Max.X + barGap
	y0, y1 := dc.Min.Y, dc.Max.Y
	const steps = 128
	for k := range steps {
		a := y0 + (y1-y0)*vg.Length(k)/steps
		b := y0 + (y1-y0)*vg.Length(k+1)/steps
		if k+1 < steps {
			b += 0.5 // overlap to avoid anti-aliasing seams
		}
		v := blo + (bhi-blo)*(float64(k)+0.5)/steps
		c.FillPolygon(pal.at(v), []vg.Point{{X: x0, Y: a}, {X: x0 + barW, Y: a}, {X: x0 + barW, Y: b}, {X: x0, Y: b}})
	}
	frame := draw.LineStyle{Color: black, Width: vg.Points(0.5)}
	c.StrokeLines(frame, []vg.Point{{X: x0, Y: y0}, {X: x0 + barW, Y: y0}, {X: x0 + barW, Y: y1}, {X: x0, Y: y1}, {X: x0, Y: y0}})
	ypos := func(v float64) vg.Length { return y0 + (y1-y0)*vg.Length((v-blo)/(bhi-blo)) }
	for _, t := range bticks {
		y := ypos(t.Value)
		c.StrokeLine2(frame, x0+barW, y, x0+barW+tickL, y)
		c.FillText(tickSty, vg.Point{X: x0 + barW + tickL + 3, Y: y}, t.Label)
	}
	if h.Contour != nil && *h.Contour >= blo && *h.Contour <= bhi {
		y := ypos(*h.Contour)
		c.StrokeLine2(contourStyle, x0-3, y, x0+barW+3, y)
	}
	if h.ZLabel != "" {
		sty := zSty
		sty.Rotation = math.Pi / 2
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
		c.FillText(sty, vg.Point{X: c.Max.X, Y: (y0 + y1) / 2}, h.ZLabel)
	}
}

// inGrid reports whether (x, y) lies within the grid's cells.
func (h Heatmap) inGrid(x, y float64) bool {
	xe, ye := edges(h.X), edges(h.Y)
	return x >= xe[0] && x <= xe[len(xe)-1] && y >= ye[0] && y <= ye[len(ye)-1]
}

// baseDot marks the base case: a white circle with a black ring, visible
// on any colour.
type baseDot struct{ x, y float64 }

func (b baseDot) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	drawDot(c, vg.Point{X: trX(b.x), Y: trY(b.y)})
}

func drawDot(c draw.Canvas, at vg.Point) {
	c.DrawGlyph(draw.GlyphStyle{Color: color.White, Radius: vg.Points(4.2), Shape: draw.CircleGlyph{}}, at)
	c.DrawGlyph(draw.GlyphStyle{Color: black, Radius: vg.Points(4.2), Shape: draw.RingGlyph{}}, at)
	c.DrawGlyph(draw.GlyphStyle{Color: black, Radius: vg.Points(1.2), Shape: draw.CircleGlyph{}}, at)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// heatCells fills the grid cells.
type heatCells struct {
	h      Heatmap
	xe, ye []float64
	pal    palette
}

func (hc heatCells) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	nx, ny := len(hc.h.X), len(hc.h.Y)
	for i := range ny {
		for j := range nx {
			v := hc.h.Z[i*nx+j]
			var col color.Color = nanGrey
			if isFinite(v) {
				col = hc.pal.at(v)
			}
			a, b := trX(hc.xe[j]), trX(hc.xe[j+1])
			d, e := trY(hc.ye[i]), trY(hc.ye[i+1])
			// Overlap the next cell slightly to avoid anti-aliasing seams.
			if j+1 < nx {
				b += 0.4
			}
			if i+1 < ny {
				e += 0.4
			}
			c.FillPolygon(col, []vg.Point{{X: a, Y: d}, {X: b, Y: d}, {X: b, Y: e}, {X: a, Y: e}})
		}
	}
}

// contourPlotter strokes polylines given in data coordinates.
type contourPlotter struct {
	lines [][]xy
	sty   draw.LineStyle
}

func (cp contourPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, l := range cp.lines {
		pts := make([]vg.Point, len(l))
		for i, q := range l {
			pts[i] = vg.Point{X: trX(q.X), Y: trY(q.Y)}
		}
		c.StrokeLines(cp.sty, pts)
	}
}
