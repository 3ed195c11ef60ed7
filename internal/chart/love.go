package chart

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Love is a Love plot, the balance chart of a matching: for each
// covariate (and the distance) its absolute standardised mean difference
// before matching (an open circle) and after (a filled circle), one row
// each, sorted by the value before matching, largest at the top, with a
// dashed line at the threshold of good balance.
type Love struct {
	Title string
	// Subtitle, if set, is a note under the title (which cohort, how the
	// SMD is standardised); "; " separates lines.
	Subtitle string
	// XLabel is the axis' label; empty means "absolute standardised mean
	// difference".
	XLabel string

	// Names, and the SMDs before and after matching, one per name; the
	// sign is dropped. A NaN leaves its marker out.
	Names         []string
	Before, After []float64

	// Threshold is the dashed line; 0 means 0.1, the usual threshold,
	// and a negative value draws none.
	Threshold float64

	// Width and Height of the chart; zero means DefaultWidth and a height
	// that grows with the number of rows.
	Width, Height vg.Length
}

// loveRow is the height of a row of a Love plot.
const loveRow = 0.55 * vg.Centimeter

// Write renders the chart to w in format "png" or "svg".
func (l Love) Write(w io.Writer, format string) error {
	n := len(l.Names)
	if n == 0 {
		return fmt.Errorf("%w: Love plot %q has no covariates", ErrNoData, l.Title)
	}
	if len(l.Before) != n || len(l.After) != n {
		return fmt.Errorf("%w: Love plot %q: %d before and %d after values for %d covariates", ErrLength, l.Title, len(l.Before), len(l.After), n)
	}
	if math.IsNaN(l.Threshold) || math.IsInf(l.Threshold, 0) {
		return fmt.Errorf("%w: Love plot %q: threshold %v", ErrValue, l.Title, l.Threshold)
	}
	for _, v := range slices.Concat(l.Before, l.After) {
		if math.IsInf(v, 0) {
			return fmt.Errorf("%w: Love plot %q: an infinite SMD", ErrValue, l.Title)
		}
	}
	if _, _, ok := rangeOf(slices.Concat(l.Before, l.After)...); !ok {
		return fmt.Errorf("%w: Love plot %q: every SMD is NaN", ErrNoData, l.Title)
	}
	width, height, err := size(l.Width, l.Height, barsHeight(n, loveRow))
	if err != nil {
		return err
	}
	return render(w, format, "Love plot", width, height, l.draw)
}

// threshold is the dashed line's position, or NaN for none.
func (l Love) threshold() float64 {
	switch {
	case l.Threshold == 0:
		return 0.1
	case l.Threshold < 0:
		return math.NaN()
	}
	return l.Threshold
}

// order returns the rows from the top: by absolute SMD before matching,
// largest first (NaN last), then by name for ties.
func (l Love) order() []int {
	idx := make([]int, len(l.Names))
	for i := range idx {
		idx[i] = i
	}
	key := func(i int) float64 {
		if v := math.Abs(l.Before[i]); !math.IsNaN(v) {
			return v
		}
		return -1
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		if c := cmp.Compare(key(b), key(a)); c != 0 {
			return c
		}
		return cmp.Compare(l.Names[a], l.Names[b])
	})
	return idx
}

var (
	loveBefore = draw.GlyphStyle{Color: darkGrey, Radius: vg.Points(3.2), Shape: draw.RingGlyph{}}
	loveAfter  = draw.GlyphStyle{Color: darkBlue, Radius: vg.Points(3.2), Shape: draw.CircleGlyph{}}
	loveLine   = draw.LineStyle{Color: markColours[0], Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
)

func (l Love) draw(c draw.Canvas) {
	c = header(c, l.Title, l.Subtitle, nil)
	thr := l.threshold()
	c = l.legend(c, thr)
	order := l.order()
	names := make([]string, len(order))
	for k, i := range order {
		names[k] = l.Names[i]
	}
	p := newPlot()
	p.X.Label.Text = orDefault(l.XLabel, "absolute standardised mean difference")
	paramAxis(p, names)
	_, hi, _ := rangeOf(slices.Concat(absAll(l.Before), absAll(l.After), []float64{thr})...)
	if !(hi > 0) {
		hi = 0.1
	}
	p.X.Min, p.X.Max = 0, hi*1.08
	p.Add(gridLines{x: true}, lovePlotter{l: l, order: order, thr: thr})
	drawPlot(p, c)
}

// legend draws the legend row under the header: the two markers and the
// threshold line.
func (l Love) legend(c draw.Canvas, thr float64) draw.Canvas {
	sty := textStyle(sans, tickSize, darkGrey)
	sty.YAlign = draw.YCenter
	type entry struct {
		label string
		glyph *draw.GlyphStyle
	}
	entries := []entry{{"all data (before matching)", &loveBefore}, {"matched (after)", &loveAfter}}
	if !math.IsNaN(thr) {
		entries = append(entries, entry{"threshold " + strconv.FormatFloat(thr, 'g', -1, 64), nil})
	}
	const sw, gap, sep = 14, 5, 18
	var total vg.Length
	for i, e := range entries {
		total += sw + gap + sty.Width(e.label)
		if i > 0 {
			total += sep
		}
	}
	h := sty.Height("Mg")
	y := c.Max.Y - 2 - h/2
	x := c.Center().X - total/2
	for _, e := range entries {
		if e.glyph != nil {
			c.DrawGlyph(*e.glyph, vg.Point{X: x + sw/2, Y: y})
		} else {
			c.StrokeLine2(loveLine, x, y, x+sw, y)
		}
		c.FillText(sty, vg.Point{X: x + sw + gap, Y: y}, e.label)
		x += sw + gap + sty.Width(e.label) + sep
	}
	c.Max.Y = y - h/2 - 8
	return c
}

func absAll(vs []float64) []float64 {
	out := make([]float64, len(vs))
	for i, v := range vs {
		out[i] = math.Abs(v)
	}
	return out
}

type lovePlotter struct {
	l     Love
	order []int
	thr   float64
}

func (lp lovePlotter) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	n := len(lp.order)
	if !math.IsNaN(lp.thr) {
		x := trX(lp.thr)
		c.StrokeLine2(loveLine, x, c.Min.Y, x, c.Max.Y)
	}
	for k, i := range lp.order {
		y := trY(float64(n - 1 - k))
		b, a := math.Abs(lp.l.Before[i]), math.Abs(lp.l.After[i])
		if !math.IsNaN(b) && !math.IsNaN(a) {
			c.StrokeLine2(draw.LineStyle{Color: gridGrey, Width: vg.Points(1)}, trX(b), y, trX(a), y)
		}
		if !math.IsNaN(b) {
			c.DrawGlyph(loveBefore, vg.Point{X: trX(b), Y: y})
		}
		if !math.IsNaN(a) {
			c.DrawGlyph(loveAfter, vg.Point{X: trX(a), Y: y})
		}
	}
}
