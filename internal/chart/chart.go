package chart

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"path/filepath"
	"strings"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Errors returned by Write and FormatOf, wrapped with context.
var (
	ErrFormat = errors.New("chart: unknown format")
	ErrNoData = errors.New("chart: no data")
	ErrLength = errors.New("chart: mismatched lengths")
	ErrValue  = errors.New("chart: invalid value")
)

// Default sizes. Tornado and IndexBars grow taller with the number of bars.
const (
	DefaultWidth  = 16 * vg.Centimeter
	DefaultHeight = 10 * vg.Centimeter

	// DPI is the resolution of PNG output: 16 cm are 945 pixels.
	DPI = 150
)

// FormatOf returns "png" or "svg" from the extension of path, in any case.
func FormatOf(path string) (string, error) {
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".png":
		return "png", nil
	case ".svg":
		return "svg", nil
	default:
		return "", fmt.Errorf("%w: %q: the file name must end in .png or .svg", ErrFormat, path)
	}
}

// Fonts: Liberation Sans, embedded in gonum/plot, so that PNG output does not
// depend on the fonts installed on the machine.
var (
	sans     = font.Font{Typeface: "Liberation", Variant: "Sans"}
	sansBold = font.Font{Typeface: "Liberation", Variant: "Sans", Weight: xfont.WeightBold}
)

const (
	titleSize = 13
	labelSize = 11
	tickSize  = 10
	noteSize  = 9
	smallSize = 8
)

// Colours.
var (
	black     = color.Black
	darkGrey  = color.RGBA{R: 0x33, G: 0x33, B: 0x33, A: 0xff}
	midGrey   = color.RGBA{R: 0x66, G: 0x66, B: 0x66, A: 0xff}
	gridGrey  = color.RGBA{R: 0xdd, G: 0xdd, B: 0xdd, A: 0xff}
	nanGrey   = color.RGBA{R: 0xa0, G: 0xa0, B: 0xa0, A: 0xff}
	blue      = color.RGBA{R: 0x3b, G: 0x75, B: 0xaf, A: 0xff}
	orange    = color.RGBA{R: 0xef, G: 0x86, B: 0x36, A: 0xff}
	lightBlue = color.RGBA{R: 0x9e, G: 0xc8, B: 0xe6, A: 0xff}
	darkBlue  = color.RGBA{R: 0x1f, G: 0x4e, B: 0x8c, A: 0xff}
	histFill  = color.RGBA{R: 0x5b, G: 0x8d, B: 0xc4, A: 0xff}
	// markColours are cycled through by Marks.
	markColours = []color.Color{
		color.RGBA{R: 0xc0, G: 0x1c, B: 0x28, A: 0xff},
		color.RGBA{A: 0xff},
		color.RGBA{R: 0x2a, G: 0x8a, B: 0x3e, A: 0xff},
		color.RGBA{R: 0x7b, G: 0x3f, B: 0x9e, A: 0xff},
		color.RGBA{R: 0xb3, G: 0x6b, B: 0x00, A: 0xff},
	}
)

func textStyle(f font.Font, size vg.Length, c color.Color) text.Style {
	return text.Style{
		Color:   c,
		Font:    font.From(f, size),
		XAlign:  draw.XLeft,
		YAlign:  draw.YBottom,
		Handler: plot.DefaultTextHandler,
	}
}

// size returns the canvas size: w or DefaultWidth, h or defH.
func size(w, h, defH vg.Length) (vg.Length, vg.Length, error) {
	if w < 0 || h < 0 || math.IsNaN(float64(w)) || math.IsNaN(float64(h)) {
		return 0, 0, fmt.Errorf("%w: negative size %v × %v", ErrValue, w, h)
	}
	if w == 0 {
		w = DefaultWidth
	}
	if h == 0 {
		h = defH
	}
	return w, h, nil
}

// barsHeight is the default height of a chart with n rows of rowH each.
func barsHeight(n int, rowH vg.Length) vg.Length {
	return max(DefaultHeight, 4*vg.Centimeter+vg.Length(n)*rowH)
}

// render draws a chart of size w × h in the given format to out. Panics in
// the drawing code (gonum/plot panics on some degenerate input) become
// errors.
func render(out io.Writer, format, kind string, w, h vg.Length, drawFn func(draw.Canvas)) (err error) {
	var cw vg.CanvasWriterTo
	switch strings.ToLower(format) {
	case "svg":
		cw = vgsvg.New(w, h)
	case "png":
		cw = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(DPI))}
	default:
		return fmt.Errorf("%w %q: want \"png\" or \"svg\"", ErrFormat, format)
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("chart: %s: drawing failed: %v", kind, r)
		}
	}()
	c := draw.New(cw)
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	drawFn(draw.Crop(c, margin, -margin, margin, -margin))
	var buf bytes.Buffer
	if _, err := cw.WriteTo(&buf); err != nil {
		return fmt.Errorf("chart: %s: %w", kind, err)
	}
	b := buf.Bytes()
	if _, ok := cw.(*vgsvg.Canvas); ok {
		b = fixFonts(b)
	}
	if _, err := out.Write(b); err != nil {
		return fmt.Errorf("chart: %s: %w", kind, err)
	}
	return nil
}

func vgLength(pt float64) vg.Length { return vg.Length(pt) }

const margin = 8 * vg.Millimeter / 2

// newPlot returns a plot with the package's fonts and number ticker; the
// title is drawn by header instead.
func newPlot() *plot.Plot {
	p := plot.New()
	p.BackgroundColor = nil
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sans, labelSize)
		a.Label.Padding = 4
		a.Tick.Label.Font = font.From(sans, tickSize)
		a.Tick.Length = 4
		a.Tick.Marker = ticker{n: 6}
	}
	p.Y.Tick.Marker = ticker{n: 5}
	return p
}

// legendEntry is a swatch and its label in the legend row under the title.
type legendEntry struct {
	label string
	fill  color.Color     // a filled box, or
	line  *draw.LineStyle // a short line,
	bar   bool            // drawn as an error bar ├─┤ when line is set
	dot   bool            // the base-case marker of a heatmap
}

// header draws the title, an optional note line and an optional legend row
// at the top of c, and returns the canvas left below them.
func header(c draw.Canvas, title, note string, legend []legendEntry) draw.Canvas {
	y := c.Max.Y
	if title != "" {
		sty := textStyle(sansBold, titleSize, black)
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
		c.FillText(sty, vg.Point{X: c.Center().X, Y: y}, title)
		y -= sty.Height(title) + 3
	}
	if note != "" {
		sty := textStyle(sans, noteSize, midGrey)
		note = wrap(sty, note, c.Max.X-c.Min.X)
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
		c.FillText(sty, vg.Point{X: c.Center().X, Y: y}, note)
		y -= sty.Height(note) + 3
	}
	if len(legend) > 0 {
		y -= 2
		y = legendRow(c, y, legend)
	}
	c.Max.Y = y - 6
	return c
}

// legendRow draws entries centred on one line (wrapping to more lines when
// they do not fit) with top at y, and returns the y below them.
func legendRow(c draw.Canvas, y vg.Length, entries []legendEntry) vg.Length {
	sty := textStyle(sans, tickSize, darkGrey)
	sty.YAlign = draw.YCenter
	const (
		sw  = 14 // swatch width
		gap = 5  // swatch to label
		sep = 18 // between entries
	)
	h := sty.Height("Mg")
	widths := make([]vg.Length, len(entries))
	for i, e := range entries {
		widths[i] = sw + gap + sty.Width(e.label)
	}
	avail := c.Max.X - c.Min.X
	for start := 0; start < len(entries); {
		end, total := start, vg.Length(0)
		for end < len(entries) {
			w := widths[end]
			if end > start {
				w += sep
			}
			if end > start && total+w > avail {
				break
			}
			total += w
			end++
		}
		x := c.Center().X - total/2
		yc := y - h/2
		for i := start; i < end; i++ {
			e := entries[i]
			switch {
			case e.fill != nil:
				c.FillPolygon(e.fill, []vg.Point{{X: x, Y: yc - 4}, {X: x + sw, Y: yc - 4}, {X: x + sw, Y: yc + 4}, {X: x, Y: yc + 4}})
			case e.line != nil && e.bar:
				c.StrokeLine2(*e.line, x+1, yc, x+sw-1, yc)
				c.StrokeLine2(*e.line, x+1, yc-3, x+1, yc+3)
				c.StrokeLine2(*e.line, x+sw-1, yc-3, x+sw-1, yc+3)
			case e.line != nil:
				c.StrokeLine2(*e.line, x, yc, x+sw, yc)
			case e.dot:
				drawDot(c, vg.Point{X: x + sw/2, Y: yc})
			}
			c.FillText(sty, vg.Point{X: x + sw + gap, Y: yc}, e.label)
			x += widths[i] + sep
		}
		y -= h + 2
		start = end
	}
	return y
}

// gridLines draws light lines at the major ticks of the x and/or y axis
// behind the data.
type gridLines struct{ x, y bool }

func (g gridLines) Plot(c draw.Canvas, p *plot.Plot) {
	sty := draw.LineStyle{Color: gridGrey, Width: vg.Points(0.6)}
	if g.x {
		for _, t := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
			if t.IsMinor() || t.Value < p.X.Min || t.Value > p.X.Max {
				continue
			}
			x := c.X(p.X.Norm(t.Value))
			c.StrokeLine2(sty, x, c.Min.Y, x, c.Max.Y)
		}
	}
	if g.y {
		for _, t := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
			if t.IsMinor() || t.Value < p.Y.Min || t.Value > p.Y.Max {
				continue
			}
			y := c.Y(p.Y.Norm(t.Value))
			c.StrokeLine2(sty, c.Min.X, y, c.Max.X, y)
		}
	}
}

// rect fills the data rectangle [x0, x1] × [y0, y1].
func fillRect(c draw.Canvas, p *plot.Plot, col color.Color, x0, x1, y0, y1 float64) {
	trX, trY := p.Transforms(&c)
	a, b := trX(x0), trX(x1)
	d, e := trY(y0), trY(y1)
	c.FillPolygon(col, []vg.Point{{X: a, Y: d}, {X: b, Y: d}, {X: b, Y: e}, {X: a, Y: e}})
}

// rangeOf returns the smallest and largest finite values in vs, and false if
// there are none.
func rangeOf(vs ...float64) (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range vs {
		if isFinite(v) {
			lo, hi = min(lo, v), max(hi, v)
			ok = true
		}
	}
	return lo, hi, ok
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// pad widens [lo, hi] by frac of its span on each side, or to a unit-ish
// interval when it is a single point.
func pad(lo, hi, frac float64) (float64, float64) {
	if hi <= lo {
		d := math.Max(math.Abs(lo)*0.1, 1)
		return lo - d, hi + d
	}
	d := (hi - lo) * frac
	return lo - d, hi + d
}

// notes joins the non-empty notes with "; ", where header wraps them.
func notes(ns ...string) string {
	var out []string
	for _, n := range ns {
		if n != "" {
			out = append(out, n)
		}
	}
	return strings.Join(out, "; ")
}

// wrap breaks s into lines at "; " so that each fits in width w.
func wrap(sty text.Style, s string, w vg.Length) string {
	parts := strings.Split(s, "; ")
	var lines []string
	cur := parts[0]
	for _, p := range parts[1:] {
		if sty.Width(cur+"; "+p) > w {
			lines = append(lines, cur+";")
			cur = p
			continue
		}
		cur += "; " + p
	}
	return strings.Join(append(lines, cur), "\n")
}

// drawPlot draws p on c, its axis labels first broken at spaces into lines
// that fit (a long output name ran off both sides of a histogram).
func drawPlot(p *plot.Plot, c draw.Canvas) {
	p.X.Label.Text = fitWords(p.X.Label.TextStyle, p.X.Label.Text, (c.Max.X-c.Min.X)*0.95)
	p.Y.Label.Text = fitWords(p.Y.Label.TextStyle, p.Y.Label.Text, (c.Max.Y-c.Min.Y)*0.95)
	p.Draw(c)
}

// fitWords breaks s at spaces into lines no wider than w (a word wider
// than w has a line of its own); s as it is when it fits.
func fitWords(sty text.Style, s string, w vg.Length) string {
	if s == "" || strings.Contains(s, "\n") || sty.Width(s) <= w {
		return s
	}
	words := strings.Fields(s)
	if len(words) == 0 {
		return s
	}
	var lines []string
	cur := words[0]
	for _, wd := range words[1:] {
		if sty.Width(cur+" "+wd) > w {
			lines = append(lines, cur)
			cur = wd
			continue
		}
		cur += " " + wd
	}
	return strings.Join(append(lines, cur), "\n")
}
