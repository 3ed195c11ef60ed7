// Package chart renders the charts of the sensitivity and uncertainty
// commands — tornado, heatmap, histogram, empirical CDF and Sobol' index
// bars — and of a deal (Columns: bars and lines over periods or agencies)
// to PNG or SVG with gonum.org/v1/plot.
//
// Each chart is a plain struct of the data to draw; its Write(w, format)
// method renders it. Write never modifies its input (CDF sorts a copy).
//
// # Formats
//
// Format is "png" or "svg", in any case; FormatOf derives it from a file
// name. PNG is rendered at 150 dpi (DPI). SVG does not embed fonts, so it
// stays small; every text names Liberation Sans and then fonts of the same
// widths (Arimo, Arial, Helvetica, Nimbus Sans) and sans-serif, and
// carries its laid-out width (textLength), so that a viewer with none of
// them squeezes its own font into the layout rather than overlapping.
//
// # Sizes
//
// Width and Height fields are vg.Length (vg.Centimeter, vg.Inch, ...); zero
// means the default: 16 cm × 10 cm (945 × 591 pixels in PNG). Tornado and
// IndexBars grow taller by 0.55 cm and 0.8 cm per bar above 10 cm, so that
// 20 bars stay readable. Parameter names are never cut: the plot area
// shrinks to make room for the longest one.
//
// # Fonts and numbers
//
// All text is Liberation Sans (embedded in gonum/plot, so PNG output does not
// depend on the installed fonts): 13 pt bold titles, 11 pt axis labels, 10 pt
// tick labels and legends, 8 pt bar-end labels.
//
// Rates: a chart whose Percent (Heatmap: ZPercent) is set takes fractions
// and shows them in %: 31.72% for a single value, 30% on an axis.
//
// Numbers on an axis share one scale and one number of decimals, chosen
// from the largest tick: below 100,000 they are written in full with commas
// between thousands (2,500, 0.25); above, with a suffix: k for thousands
// (250k), M for millions (1.5M), bn for billions (2.25bn). Single numbers
// (bar-end labels, marks, the base value) use the same suffixes with three
// significant digits: 1.23M, 0.125, 12,345.
//
// # Colours
//
// Tornado bars are blue for the parameter at its low value and orange at its
// high value. The heatmap uses ColorBrewer's RdBu scheme: diverging (red
// below, white at, blue above) around the contour level, else 0, when the
// values straddle it; one-sided (light to dark red, or blue) when they do
// not, with a note that the contour level is not in range. Missing cells
// are grey; a ringed dot marks the base case.
// Index bars are light blue (first order) and dark blue (total order).
//
// # Long tails and large inputs
//
// Histogram and CDF ignore NaN and ±Inf values and say how many in the note
// under the title. When the values have long tails — a full range more than
// twice the span between the 0.1% and 99.9% quantiles — the x axis shows
// only that span and the note says how many values lie outside. Marks
// within half the data span of it widen the axis; farther marks are labelled
// with an arrow at the edge. The histogram bins by the Freedman–Diaconis
// rule (10 to 100 bins) with quantiles estimated from a systematic sample
// of 65,536 values. The CDF line is thinned to at most 2,000 steps, which
// keeps it within 1/2,000 of the exact curve and files small (about 60 kB
// of SVG for any n). A million values render in about 20 ms (histogram) and
// 130 ms (CDF, mostly sorting) on a 2-core machine.
//
// # Errors
//
// Write returns an error wrapping ErrFormat (unknown format), ErrNoData
// (nothing to draw: no bars, no finite value), ErrLength (mismatched slice
// lengths) or ErrValue (a NaN where a value is required, an unsorted grid, a
// negative size), with the chart's title and the offending field. Write
// does not panic: a panic in the drawing code is returned as an error.
//
// # Determinism and concurrency
//
// Output depends only on the input: the same chart renders to the same
// bytes (contour lines are traced in grid order rather than through
// gonum/plot's map-ordered Contour). Charts hold no shared state and may be
// rendered concurrently.
package chart
