package chart

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Mark is a labelled vertical line on a Histogram or CDF.
type Mark struct {
	Label string
	X     float64
}

// markLines draws marks as dashed vertical lines with labels beside them,
// stacked in rows so that labels do not overlap. Marks outside the x range
// are shown as an arrow label at the nearer edge.
type markLines struct {
	marks []Mark
	text  []string // label of each mark
	// bottom puts mark i's label at the bottom of the plot (else the top).
	bottom func(i int) bool
	// left prefers the left side of the line for labels at the top.
	left bool
}

const markRowGap = 2

func markStyle(i int) (draw.LineStyle, color.Color) {
	col := markColours[i%len(markColours)]
	return draw.LineStyle{Color: col, Width: vg.Points(1.3), Dashes: []vg.Length{vg.Points(5), vg.Points(3)}}, col
}

type placed struct {
	x0, x1 vg.Length // label extent
	row    int
	align  draw.XAlignment
	ax     vg.Length // anchor x
}

// layout places the labels on canvas c for plot p: each label goes to the
// right of its line (to the left when it would overflow), in the first row
// (from the top, or from the bottom) where it does not overlap another.
func (m markLines) layout(c draw.Canvas, p *plot.Plot) []placed {
	sty := textStyle(sans, tickSize, black)
	out := make([]placed, len(m.marks))
	order := make([]int, len(m.marks))
	for i := range order {
		order[i] = i
	}
	// Place in x order so that rows fill left to right.
	for a := 1; a < len(order); a++ {
		for b := a; b > 0 && m.marks[order[b]].X < m.marks[order[b-1]].X; b-- {
			order[b], order[b-1] = order[b-1], order[b]
		}
	}
	type span struct{ x0, x1 vg.Length }
	rows := map[bool][][]span{}
	for _, i := range order {
		w := sty.Width(m.text[i])
		x := c.X(p.X.Norm(m.marks[i].X))
		var pl placed
		switch {
		case m.marks[i].X < p.X.Min:
			pl = placed{x0: c.Min.X + 2, x1: c.Min.X + 2 + w, align: draw.XLeft, ax: c.Min.X + 2}
		case m.marks[i].X > p.X.Max:
			pl = placed{x0: c.Max.X - 2 - w, x1: c.Max.X - 2, align: draw.XRight, ax: c.Max.X - 2}
		default:
			b := m.bottom != nil && m.bottom(i)
			right := placed{x0: x + 4, x1: x + 4 + w, align: draw.XLeft, ax: x + 4}
			left := placed{x0: x - 4 - w, x1: x - 4, align: draw.XRight, ax: x - 4}
			switch {
			case m.left && !b && left.x0 >= c.Min.X || right.x1 > c.Max.X:
				pl = left
			default:
				pl = right
			}
		}
		b := m.bottom != nil && m.bottom(i)
		r := 0
		for ; r < len(rows[b]); r++ {
			free := true
			for _, s := range rows[b][r] {
				if pl.x0 < s.x1+6 && s.x0 < pl.x1+6 {
					free = false
					break
				}
			}
			if free {
				break
			}
		}
		if r == len(rows[b]) {
			rows[b] = append(rows[b], nil)
		}
		rows[b][r] = append(rows[b][r], span{pl.x0, pl.x1})
		pl.row = r
		out[i] = pl
	}
	return out
}

// rows returns the number of label rows at the top.
func (m markLines) topRows(c draw.Canvas, p *plot.Plot) int {
	n := 0
	for i, pl := range m.layout(c, p) {
		if m.bottom == nil || !m.bottom(i) {
			n = max(n, pl.row+1)
		}
	}
	return n
}

func markRowHeight() vg.Length {
	return textStyle(sans, tickSize, black).Height("Mg") + markRowGap
}

func (m markLines) Plot(c draw.Canvas, p *plot.Plot) {
	pls := m.layout(c, p)
	rowH := markRowHeight()
	for i, mk := range m.marks {
		line, _ := markStyle(i)
		if mk.X >= p.X.Min && mk.X <= p.X.Max {
			x := c.X(p.X.Norm(mk.X))
			c.StrokeLine2(line, x, c.Min.Y, x, c.Max.Y)
		}
	}
	for i := range m.marks {
		_, col := markStyle(i)
		pl := pls[i]
		sty := textStyle(sans, tickSize, col)
		sty.XAlign = pl.align
		var y vg.Length
		if m.bottom != nil && m.bottom(i) {
			sty.YAlign = draw.YBottom
			y = c.Min.Y + 3 + vg.Length(pl.row)*rowH
		} else {
			sty.YAlign = draw.YTop
			y = c.Max.Y - 2 - vg.Length(pl.row)*rowH
		}
		// A nearly opaque white box keeps the label readable over data and
		// over the other marks' dashed lines.
		top, bot := y, y-rowH+markRowGap
		if sty.YAlign == draw.YBottom {
			top, bot = y+rowH-markRowGap, y
		}
		c.FillPolygon(color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xf4}, []vg.Point{
			{X: pl.x0 - 2, Y: bot}, {X: pl.x1 + 2, Y: bot}, {X: pl.x1 + 2, Y: top}, {X: pl.x0 - 2, Y: top},
		})
		c.FillText(sty, vg.Point{X: pl.ax, Y: y}, m.text[i])
	}
}

// markText returns the label of mark mk with its value, and an arrow when it
// lies outside [lo, hi].
func markText(mk Mark, lo, hi float64, extra string, pct bool) string {
	s := mk.Label + ": " + formatValue(mk.X, pct) + extra
	switch {
	case mk.X < lo:
		s = "← " + s
	case mk.X > hi:
		s += " →"
	}
	return s
}

// xRangeWithMarks widens the data range [lo, hi] to include marks that lie
// within half its span of it; farther marks are drawn as edge labels.
func xRangeWithMarks(lo, hi float64, marks []Mark) (float64, float64) {
	span := hi - lo
	if span <= 0 {
		span = math.Max(math.Abs(lo), 1)
	}
	for _, mk := range marks {
		if mk.X >= lo-span/2 && mk.X <= hi+span/2 {
			lo, hi = math.Min(lo, mk.X), math.Max(hi, mk.X)
		}
	}
	return lo, hi
}
