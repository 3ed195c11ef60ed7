package chart

import (
	"fmt"
	"io"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/sib-engine/sib/internal/stats"
)

// Histogram shows the distribution of Values as counts in equal-width bins.
type Histogram struct {
	Title, XLabel string

	// Subtitle, if set, is a note under the title (what the values are);
	// "; " separates lines where it is too long for one.
	Subtitle string

	// Percent shows the values and marks, fractions, in %: 0.3172 is
	// "31.72%".
	Percent bool

	// Values are read, never modified; NaN and ±Inf are ignored and counted
	// in the note under the title.
	Values []float64

	// Bins is the number of bins; 0 chooses it by the Freedman–Diaconis
	// rule, kept within [10, 100]. Long tails cut the axis: see the package
	// documentation.
	Bins int

	// Marks are labelled vertical lines, e.g. {"break-even", 0}.
	Marks []Mark

	Width, Height vg.Length // zero means DefaultWidth, DefaultHeight
}

// Write renders the chart to w in format "png" or "svg".
func (h Histogram) Write(w io.Writer, format string) error {
	lo, hi, n := finiteRange(h.Values)
	if n == 0 {
		return fmt.Errorf("%w: histogram %q: none of %d values is finite", ErrNoData, h.Title, len(h.Values))
	}
	if h.Bins < 0 {
		return fmt.Errorf("%w: histogram %q: %d bins", ErrValue, h.Title, h.Bins)
	}
	if err := checkMarks("histogram", h.Title, h.Marks); err != nil {
		return err
	}
	width, height, err := size(h.Width, h.Height, DefaultHeight)
	if err != nil {
		return err
	}
	sample := sortedSample(h.Values, n)
	hd := histDrawing{h: h, lo: lo, hi: hi, n: n}
	if qlo, qhi, ok := tailCut(sample, lo, hi); ok {
		hd.lo, hd.hi, hd.cut = qlo, qhi, true
	}
	bins := h.Bins
	if hd.hi == hd.lo {
		// All values equal: one narrow bar in the middle of the axis.
		bins = 1
		hd.vlo, hd.vhi = pad(lo, hi, 0)
		d := (hd.vhi - hd.vlo) / 20
		hd.lo, hd.hi = lo-d, hi+d
	} else if bins == 0 {
		bins = fdBins(sample, hd.lo, hd.hi, n)
	}
	hd.counts = make([]float64, bins)
	bw := (hd.hi - hd.lo) / float64(bins)
	for _, v := range h.Values {
		switch {
		case !isFinite(v):
		case v < hd.lo:
			hd.below++
		case v > hd.hi:
			hd.above++
		default:
			k := int((v - hd.lo) / bw)
			hd.counts[min(k, bins-1)]++
		}
	}
	return render(w, format, "histogram", width, height, hd.draw)
}

func checkMarks(kind, title string, marks []Mark) error {
	for _, m := range marks {
		if !isFinite(m.X) {
			return fmt.Errorf("%w: %s %q: mark %q at %v", ErrValue, kind, title, m.Label, m.X)
		}
	}
	return nil
}

// finiteRange returns the range and the number of finite values.
func finiteRange(vs []float64) (lo, hi float64, n int) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range vs {
		if isFinite(v) {
			lo, hi = min(lo, v), max(hi, v)
			n++
		}
	}
	return lo, hi, n
}

// sortedSample returns the finite values of vs sorted, or above 65,536 of
// them a systematic sample of about 65,536, which keeps the work O(n) and
// deterministic; bin counts and axis cuts need no more precision.
func sortedSample(vs []float64, n int) []float64 {
	const maxSample = 1 << 16
	step := max(1, n/maxSample)
	sample := make([]float64, 0, min(n, maxSample+1))
	k := 0
	for _, v := range vs {
		if isFinite(v) {
			if k%step == 0 {
				sample = append(sample, v)
			}
			k++
		}
	}
	slices.Sort(sample)
	return sample
}

// tailCut reports whether the values, sorted (or a sorted sample of them)
// in s with full range [lo, hi], have long tails: a range more than twice
// the span between their 0.1% and 99.9% quantiles, which it returns.
func tailCut(s []float64, lo, hi float64) (qlo, qhi float64, ok bool) {
	qlo, qhi = stats.Quantile7(s, 0.001), stats.Quantile7(s, 0.999)
	return qlo, qhi, qhi > qlo && hi-lo > 2*(qhi-qlo)
}

// fdBins returns the Freedman–Diaconis number of bins over [lo, hi]:
// width 2·IQR·n^(-1/3), kept within [10, 100]; Sturges' rule when the IQR
// is 0 (most values equal). s is sorted.
func fdBins(s []float64, lo, hi float64, n int) int {
	iqr := stats.Quantile7(s, 0.75) - stats.Quantile7(s, 0.25)
	b := math.Ceil(math.Log2(float64(n))) + 1
	if iqr > 0 {
		b = math.Ceil((hi - lo) * math.Cbrt(float64(n)) / (2 * iqr))
	}
	return int(min(max(b, 10), 100))
}

type histDrawing struct {
	h      Histogram
	lo, hi float64
	counts []float64
	n      int // finite values
	// below and above count the values outside [lo, hi]; cut says
	// whether the axis was cut at the 0.1% and 99.9% quantiles.
	below, above int
	cut          bool
	// vlo and vhi, when different, are the x range to show.
	vlo, vhi float64
}

func (hd histDrawing) draw(c draw.Canvas) {
	h := hd.h
	bw := (hd.hi - hd.lo) / float64(len(hd.counts))
	note := fmt.Sprintf("n = %s, %d bins of width %s", group(fmt.Sprint(hd.n)), len(hd.counts), formatValue(bw, h.Percent))
	if hd.vlo < hd.vhi {
		note = fmt.Sprintf("n = %s, all equal", group(fmt.Sprint(hd.n)))
	}
	if hd.cut {
		note += "; " + cutNote(hd.below, hd.above)
	}
	if skipped := len(h.Values) - hd.n; skipped > 0 {
		note += fmt.Sprintf("; %s NaN or infinite left out", values(skipped))
	}
	c = header(c, h.Title, notes(h.Subtitle, note), nil)

	p := newPlot()
	p.X.Label.Text = h.XLabel
	p.X.Tick.Marker = tickerFor(6, h.Percent)
	p.Y.Label.Text = "count"
	xlo, xhi := hd.lo, hd.hi
	if hd.vlo < hd.vhi {
		xlo, xhi = hd.vlo, hd.vhi
	}
	xlo, xhi = xRangeWithMarks(xlo, xhi, h.Marks)
	p.X.Min, p.X.Max = xlo, xhi
	p.Y.Padding = 0
	maxCount := slices.Max(hd.counts)
	p.Y.Min, p.Y.Max = 0, maxCount*1.04
	marks := markLines{marks: h.Marks}
	for _, mk := range h.Marks {
		marks.text = append(marks.text, markText(mk, xlo, xhi, "", h.Percent))
	}
	p.Add(gridLines{y: true}, histBars{hd: hd})
	if len(h.Marks) > 0 {
		p.Add(marks)
		// Headroom above the bars for the rows of mark labels.
		dc := p.DataCanvas(c)
		rows := marks.topRows(dc, p)
		frac := float64(vg.Length(rows)*markRowHeight()+4) / float64(dc.Max.Y-dc.Min.Y)
		p.Y.Max = maxCount * 1.02 / math.Max(0.4, 1-frac)
	}
	drawPlot(p, c)
}

type histBars struct{ hd histDrawing }

func (hb histBars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	hd := hb.hd
	bw := (hd.hi - hd.lo) / float64(len(hd.counts))
	edge := draw.LineStyle{Color: darkBlue, Width: vg.Points(0.4)}
	for k, n := range hd.counts {
		if n == 0 {
			continue
		}
		x0, x1 := trX(hd.lo+float64(k)*bw), trX(hd.lo+float64(k+1)*bw)
		y0, y1 := trY(0), trY(n)
		pts := []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
		c.FillPolygon(histFill, pts)
		c.StrokeLines(edge, append(pts, pts[0]))
	}
}

// values returns "1 value" or "n values", n with thousands grouped.
func values(n int) string {
	if n == 1 {
		return "1 value"
	}
	return group(fmt.Sprint(n)) + " values"
}

func cutNote(below, above int) string {
	return fmt.Sprintf("long tails: the axis ends at the 0.1%% and 99.9%% quantiles (%s values below, %s above)",
		group(fmt.Sprint(below)), group(fmt.Sprint(above)))
}
