package chart

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
)

// Number formatting. Axis labels share one scale and one number of decimals
// per axis; the scale is chosen from the largest label:
//
//	below 100,000       plain, thousands grouped by commas: 25,000  0.25
//	100,000 to 999,999  k:  250k
//	1e6 to 999e6        M:  1.5M
//	1e9 and above       bn: 2.25bn
//
// Single values (bar-end labels, marks) use the same scales with three
// significant digits: 1.23M, 123k, 0.125, 12,345.

type scale struct {
	div    float64
	suffix string
}

func scaleFor(maxAbs float64) scale {
	switch {
	case maxAbs >= 1e9:
		return scale{1e9, "bn"}
	case maxAbs >= 1e6:
		return scale{1e6, "M"}
	case maxAbs >= 1e5:
		return scale{1e3, "k"}
	default:
		return scale{1, ""}
	}
}

// format formats v/s.div with d decimals, grouping thousands.
func (s scale) format(v float64, d int) string {
	x := v / s.div
	str := strconv.FormatFloat(x, 'f', d, 64)
	if strings.Trim(str, "-0.") == "" {
		return "0" // no "-0" or "0.00M"
	}
	return group(str) + s.suffix
}

// axisLabels formats tick values with one scale and the fewest decimals (at
// most 6) that represent every value exactly.
func axisLabels(vs []float64) []string {
	var maxAbs float64
	for _, v := range vs {
		maxAbs = math.Max(maxAbs, math.Abs(v))
	}
	s := scaleFor(maxAbs)
	d := 0
	for ; d < 6; d++ {
		exact := true
		for _, v := range vs {
			x := v / s.div * math.Pow10(d)
			if math.Abs(x-math.Round(x)) > 1e-6*math.Max(1, math.Abs(x)) {
				exact = false
				break
			}
		}
		if exact {
			break
		}
	}
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = s.format(v, d)
	}
	return out
}

// formatNumber formats a single value with three significant digits (but
// all the digits of an integer part below 100,000).
func formatNumber(v float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case v == 0:
		return "0"
	}
	a := math.Abs(v)
	if a < 1e-4 {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	s := scaleFor(a)
	x := a
	if s.div > 1 {
		// Round to three significant digits first: 999,999 is 1M, not 1,000k.
		x = roundSig(a/s.div, 3)
		if t := scaleFor(x * s.div); t != s {
			s = t
			x = roundSig(a/s.div, 3)
		}
	}
	d := max(0, 3-digitsBefore(x))
	str := strconv.FormatFloat(x, 'f', d, 64)
	if strings.Contains(str, ".") {
		str = strings.TrimRight(strings.TrimRight(str, "0"), ".")
	}
	if v < 0 {
		str = "-" + str
	}
	return group(str) + s.suffix
}

func roundSig(x float64, n int) float64 {
	if x == 0 {
		return 0
	}
	p := math.Pow10(n - digitsBefore(x))
	return math.Round(x*p) / p
}

// digitsBefore returns the number of digits before the decimal point of
// x > 0, or -k for x < 1 with k zeros after the point.
func digitsBefore(x float64) int {
	return int(math.Floor(math.Log10(x))) + 1
}

// group inserts commas between thousands in the integer part of a formatted
// number.
func group(s string) string {
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// ticker places about n labelled ticks at 1, 2, 2.5 or 5 times a power of
// ten, formatted by axisLabels.
type ticker struct{ n int }

func (t ticker) Ticks(lo, hi float64) []plot.Tick {
	vs := niceTicks(lo, hi, t.n)
	labels := axisLabels(vs)
	ticks := make([]plot.Tick, len(vs))
	for i, v := range vs {
		ticks[i] = plot.Tick{Value: v, Label: labels[i]}
	}
	return ticks
}

// niceTicks returns the multiples of a nice step in [lo, hi].
func niceTicks(lo, hi float64, n int) []float64 {
	if !isFinite(lo) || !isFinite(hi) || hi < lo {
		return nil
	}
	if hi == lo {
		return []float64{lo}
	}
	if !isFinite(hi - lo) {
		return []float64{lo, hi}
	}
	step := niceStep((hi - lo) / float64(max(n, 2)))
	first := math.Ceil(lo/step - 1e-9)
	last := math.Floor(hi/step + 1e-9)
	if last-first > 1000 { // cannot happen with a nice step; guard anyway
		return []float64{lo, hi}
	}
	var vs []float64
	for k := first; k <= last; k++ {
		v := k * step
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		vs = append(vs, v)
	}
	return vs
}

// niceStep returns the smallest of 1, 2, 2.5, 5 and 10 times a power of ten
// that is at least raw.
func niceStep(raw float64) float64 {
	mag := math.Pow10(int(math.Floor(math.Log10(raw))))
	for _, f := range []float64{1, 2, 2.5, 5} {
		if f*mag >= raw*(1-1e-9) {
			return f * mag
		}
	}
	return 10 * mag
}

// Percent values: a chart whose values are rates (an IRR, a share) takes
// them as fractions, 0.3172, and shows them in %: 31.72% for a single
// value (two decimals, as the text tables) and 30%, 35% on an axis.

// formatValue formats a single value: in % with two decimals when pct,
// else by formatNumber.
func formatValue(v float64, pct bool) string {
	if !pct || !isFinite(v) {
		return formatNumber(v)
	}
	s := strconv.FormatFloat(v*100, 'f', 2, 64)
	if strings.Trim(s, "-0.") == "" {
		s = "0.00" // no "-0.00%"
	}
	return group(s) + "%"
}

// pctTicker is ticker for an axis of fractions shown in %: the ticks sit
// at nice fractions (0.05) and are labelled in % (5).
type pctTicker struct{ n int }

func (t pctTicker) Ticks(lo, hi float64) []plot.Tick {
	vs := niceTicks(lo, hi, t.n)
	scaled := make([]float64, len(vs))
	for i, v := range vs {
		scaled[i] = v * 100
	}
	labels := axisLabels(scaled)
	ticks := make([]plot.Tick, len(vs))
	for i, v := range vs {
		ticks[i] = plot.Tick{Value: v, Label: labels[i] + "%"}
	}
	return ticks
}

// tickerFor returns the axis ticker with about n ticks.
func tickerFor(n int, pct bool) plot.Ticker {
	if pct {
		return pctTicker{n: n}
	}
	return ticker{n: n}
}
