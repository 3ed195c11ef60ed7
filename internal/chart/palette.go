package chart

import (
	"image/color"
	"math"
)

// rdBu is ColorBrewer's 11-class RdBu diverging scheme (Cynthia Brewer,
// colorbrewer2.org), red for low values, white in the middle, blue for high.
var rdBu = []color.RGBA{
	{0x67, 0x00, 0x1f, 0xff}, {0xb2, 0x18, 0x2b, 0xff}, {0xd6, 0x60, 0x4d, 0xff},
	{0xf4, 0xa5, 0x82, 0xff}, {0xfd, 0xdb, 0xc7, 0xff}, {0xf7, 0xf7, 0xf7, 0xff},
	{0xd1, 0xe5, 0xf0, 0xff}, {0x92, 0xc5, 0xde, 0xff}, {0x43, 0x93, 0xc3, 0xff},
	{0x21, 0x66, 0xac, 0xff}, {0x05, 0x30, 0x61, 0xff},
}

// palette maps a value to a colour.
type palette interface{ at(v float64) color.Color }

// newPalette returns the heatmap's colours for values in [lo, hi] around
// the reference level ref: diverging from white at ref when the values
// straddle it, else one-sided (see sequential).
func newPalette(ref, lo, hi float64) palette {
	switch {
	case lo >= ref && hi > ref:
		return sequential{lo: lo, hi: hi, from: 6, to: len(rdBu) - 1}
	case hi <= ref && lo < ref:
		return sequential{lo: hi, hi: lo, from: 4, to: 0}
	}
	return newDiverging(ref, lo, hi)
}

// sequential maps [lo, hi] (lo may be above hi) to the rdBu colours from
// index from to index to: one side of the scheme, from the light colour
// next to white to the darkest, so that no value looks like the level.
type sequential struct {
	lo, hi   float64
	from, to int
}

func (s sequential) at(v float64) color.Color {
	t := 0.0
	if s.hi != s.lo {
		t = (v - s.lo) / (s.hi - s.lo)
	}
	if math.IsNaN(t) {
		t = 0
	}
	t = math.Max(0, math.Min(1, t))
	x := float64(s.from) + t*float64(s.to-s.from)
	return mixAt(x)
}

// mixAt interpolates rdBu at the fractional index x.
func mixAt(x float64) color.Color {
	i := min(int(x), len(rdBu)-2)
	f := x - float64(i)
	a, b := rdBu[i], rdBu[i+1]
	mix := func(p, q uint8) uint8 { return uint8(math.Round(float64(p) + f*(float64(q)-float64(p)))) }
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
}

// diverging maps values to rdBu with centre at white and equal colour
// distance for equal value distance on both sides: the range is
// [centre-half, centre+half].
type diverging struct{ centre, half float64 }

// newDiverging centres the palette on centre and makes it wide enough for
// [lo, hi].
func newDiverging(centre, lo, hi float64) diverging {
	half := math.Max(centre-lo, hi-centre)
	if !(half > 0) {
		half = 1
	}
	return diverging{centre, half}
}

// at returns the colour of v (clamped to the range).
func (d diverging) at(v float64) color.Color {
	t := 0.5 + (v-d.centre)/d.half/2
	if math.IsNaN(t) {
		t = 0.5
	}
	t = math.Max(0, math.Min(1, t))
	return mixAt(t * float64(len(rdBu)-1))
}
