package chart

import (
	"fmt"
	"io"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// CDF shows the empirical cumulative distribution function of Values as a
// step line from 0 to 1.
type CDF struct {
	Title, XLabel string

	// Subtitle, if set, is a note under the title (what the values are);
	// "; " separates lines where it is too long for one.
	Subtitle string

	// Percent shows the values and marks, fractions, in %: 0.3172 is
	// "31.72%".
	Percent bool

	// Values in any order; they are copied before sorting. NaN and ±Inf
	// are ignored and counted in the note under the title.
	Values []float64

	// Marks are labelled vertical lines; each label also gives F at the
	// mark, the fraction of values at or below it.
	Marks []Mark

	Width, Height vg.Length // zero means DefaultWidth, DefaultHeight
}

// maxSteps bounds the steps of the drawn line: longer inputs are thinned
// so that F rises by at least 1/maxSteps between vertices, which puts the
// drawn line within 1/maxSteps of the exact one, invisible at any sensible
// size.
const maxSteps = 2000

// Write renders the chart to w in format "png" or "svg".
func (cd CDF) Write(w io.Writer, format string) error {
	s := make([]float64, 0, len(cd.Values))
	for _, v := range cd.Values {
		if isFinite(v) {
			s = append(s, v)
		}
	}
	if len(s) == 0 {
		return fmt.Errorf("%w: CDF %q: none of %d values is finite", ErrNoData, cd.Title, len(cd.Values))
	}
	if err := checkMarks("CDF", cd.Title, cd.Marks); err != nil {
		return err
	}
	width, height, err := size(cd.Width, cd.Height, DefaultHeight)
	if err != nil {
		return err
	}
	slices.Sort(s)
	d := cdfDrawing{cd: cd, sorted: s}
	return render(w, format, "CDF", width, height, d.draw)
}

type cdfDrawing struct {
	cd     CDF
	sorted []float64
}

// ecdfSteps returns the vertices of the step line of the ECDF of sorted s
// (drawn with horizontal-then-vertical steps), starting at (s[0], 0),
// thinned to at most maxSteps+2 vertices.
func ecdfSteps(s []float64) []xy {
	n := float64(len(s))
	pts := make([]xy, 0, min(len(s), maxSteps)+2)
	pts = append(pts, xy{s[0], 0})
	last := pts[0]
	for i, v := range s {
		// F jumps at the last of a run of equal values.
		if i+1 < len(s) && s[i+1] == v {
			continue
		}
		f := float64(i+1) / n
		if len(s) > maxSteps && i+1 < len(s) && f-last.Y < 1.0/maxSteps {
			continue
		}
		last = xy{v, f}
		pts = append(pts, last)
	}
	return pts
}

func (d cdfDrawing) draw(c draw.Canvas) {
	cd, s := d.cd, d.sorted
	note := "n = " + group(fmt.Sprint(len(s)))
	if skipped := len(cd.Values) - len(s); skipped > 0 {
		note += fmt.Sprintf("; %s NaN or infinite left out", values(skipped))
	}

	p := newPlot()
	p.X.Label.Text = cd.XLabel
	p.X.Tick.Marker = tickerFor(6, cd.Percent)
	p.Y.Label.Text = "cumulative probability"
	lo, hi := s[0], s[len(s)-1]
	qlo, qhi, cut := tailCut(s, lo, hi)
	if cut {
		lo, hi = qlo, qhi
		below := sort.Search(len(s), func(k int) bool { return s[k] >= qlo })
		above := len(s) - sort.Search(len(s), func(k int) bool { return s[k] > qhi })
		note += "; " + cutNote(below, above)
	}
	c = header(c, cd.Title, notes(cd.Subtitle, note), nil)
	lo, hi = xRangeWithMarks(lo, hi, cd.Marks)
	if hi <= lo {
		lo, hi = pad(lo, hi, 0)
	}
	p.X.Min, p.X.Max = lo, hi
	p.Y.Min, p.Y.Max = 0, 1
	p.Y.Tick.Marker = plot.ConstantTicks([]plot.Tick{{Value: 0, Label: "0"}, {Value: 0.25, Label: "0.25"}, {Value: 0.5, Label: "0.5"}, {Value: 0.75, Label: "0.75"}, {Value: 1, Label: "1"}})

	marks := markLines{marks: cd.Marks}
	fs := make([]float64, len(cd.Marks))
	for i, mk := range cd.Marks {
		// F(x) = #{v ≤ x} / n.
		fs[i] = float64(sort.Search(len(s), func(k int) bool { return s[k] > mk.X })) / float64(len(s))
		marks.text = append(marks.text, markText(mk, lo, hi, fmt.Sprintf(" (F = %.2f)", fs[i]), cd.Percent))
	}
	// Labels go where the curve is not: the curve is at or above F(x) to
	// the right of a mark and at or below it to the left, so a label goes
	// at the bottom right unless F(x) is small, then at the top left.
	marks.bottom = func(i int) bool { return fs[i] >= 0.15 }
	marks.left = true
	p.Add(gridLines{x: true, y: true}, stepLine{pts: ecdfSteps(s), lo: lo, hi: hi})
	if len(cd.Marks) > 0 {
		p.Add(marks)
	}
	drawPlot(p, c)
}

// stepLine draws the ECDF, extended flat to the edges of the x range.
type stepLine struct {
	pts    []xy
	lo, hi float64
}

func (sl stepLine) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	pts := make([]vg.Point, 0, 2*len(sl.pts)+2)
	pts = append(pts, vg.Point{X: trX(math.Min(sl.lo, sl.pts[0].X)), Y: trY(0)})
	prev := sl.pts[0]
	for _, q := range sl.pts {
		pts = append(pts, vg.Point{X: trX(q.X), Y: trY(prev.Y)}, vg.Point{X: trX(q.X), Y: trY(q.Y)})
		prev = q
	}
	pts = append(pts, vg.Point{X: trX(math.Max(sl.hi, prev.X)), Y: trY(1)})
	c.StrokeLines(draw.LineStyle{Color: darkBlue, Width: vg.Points(1.6)}, c.ClipLinesX(pts)...)
}
