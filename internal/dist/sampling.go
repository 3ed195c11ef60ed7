package dist

import (
	"math"
	"math/bits"

	"github.com/sib-engine/sib/internal/vecmath"
)

// Quantiles sets x[i] = d.Quantile(p[i]) for every i of p, the same values
// bit for bit, for a block of draws at once: the choice of formula is made
// once for the block rather than once a value, and the closed forms run as
// one loop over the block. x and p may be the same slice. It does not
// allocate, and panics if len(x) < len(p).
func (d Dist) Quantiles(x, p []float64) {
	x = x[:len(p)]
	lo, hi := d.lo, d.hi
	switch d.kind {
	case Uniform:
		w := d.c[1]
		i := 0
		if hasAVX {
			// Four lanes at a time, 64 at most a call; the lanes it
			// leaves, and those after a multiple of four, below.
			for n4 := len(p) &^ 3; i < n4; i += 64 {
				j := min(i+64, n4)
				for out := uniformAVX(x[i:j], p[i:j], lo, w, hi); out != 0; out &= out - 1 {
					k := i + bits.TrailingZeros64(out)
					x[k] = d.uniformQuantile(p[k]) // p[k] kept: x[k] was set to it
				}
			}
			i = len(p) &^ 3
		}
		for ; i < len(p); i++ {
			x[i] = d.uniformQuantile(p[i])
		}
	case Triangular:
		d.triangularQuantiles(x, p)
	case Normal:
		d.normalQuantiles(x, p, false)
	case LogNormal:
		d.normalQuantiles(x, p, true)
	case TruncNormal:
		d.truncNormalQuantiles(x, p)
	default:
		for i, pi := range p {
			x[i] = d.Quantile(pi)
		}
	}
}

// uniformQuantile is Quantile for Uniform, as Quantiles works it out.
func (d Dist) uniformQuantile(p float64) float64 {
	if !(p > 0 && p < 1) {
		return d.Quantile(p)
	}
	return min(max(d.lo+p*d.c[1], d.lo), d.hi)
}

// normalQuantiles is Quantiles for Normal, and LogNormal with exp set:
// x[i] = m + s·normalQuantile(p[i]), or its exp, bit for bit.
//
// For the p a sampler gives, |p − 1/2| ≤ 0.425, normalQuantile's central
// range, 85 times in 100, and which lane is not is random: the branch on
// it is mispredicted often. So the central formula is worked out for every
// lane with no branch, the lanes outside its range listed as they go (by
// arithmetic too), and those redone by normalQuantile afterwards; then the
// scale and the exp for all. With AVX, normCentralAVX does the central
// formula four lanes at a time.
func (d Dist) normalQuantiles(x, p []float64, exp bool) {
	m, s := d.args[0], d.args[1]
	if exp {
		m, s = d.c[0], d.c[1]
	}
	var lanes [64]uint8
	var ps [64]float64 // the listed lanes' p: x may be p, overwritten below
	for from := 0; from < len(p); from += len(lanes) {
		pc := p[from:min(from+len(lanes), len(p))]
		xc := x[from : from+len(pc)]
		k, n4 := 0, 0
		if hasAVX {
			// Four lanes at a time, those up to a multiple of four; the
			// rest of the chunk below.
			n4 = len(pc) &^ 3
			for out := normCentralAVX(xc[:n4], pc[:n4], m, s); out != 0; out &= out - 1 {
				i := bits.TrailingZeros64(out)
				lanes[k], ps[k] = uint8(i), pc[i] // pc[i] kept: xc[i] was set to it
				k++
			}
		}
		for i := n4; i < len(pc); i++ {
			pi := pc[i]
			// normalQuantile's central range, as it works it out.
			dp := pi - 0.5
			z := 0.180625 - dp*dp
			z1 := ((((((qSA0*z+qSA1)*z+qSA2)*z+qSA3)*z+qSA4)*z+qSA5)*z+qSA6)*z + qSA7
			z2 := ((((((qSB0*z+qSB1)*z+qSB2)*z+qSB3)*z+qSB4)*z+qSB5)*z+qSB6)*z + qSB7
			xc[i] = m + s*(dp*z1/z2)
			lanes[k&63], ps[k&63] = uint8(i), pi
			if !(math.Abs(dp) <= 0.425) { // also NaN
				k++
			}
		}
		// The tails, scaled as they are set. A p outside (0, 1), or NaN,
		// is for Quantile, which has its own answers there: such lanes
		// are listed again, in place (never past the one being read), and
		// set after the exps.
		//
		// With AVX2 the listed lanes go through normQuantileAVX together,
		// in place in ps: those it does not flag are done, the others
		// keep their p for what follows.
		var done uint64 // bit j: listed lane j done
		if hasAVX2 && k > 0 {
			k4 := (k + 3) &^ 3
			for j := k; j < k4; j++ {
				ps[j] = 0.5
			}
			done = ^normQuantileAVX(ps[:k4], ps[:k4])
			for j, i := range lanes[:k] {
				if done>>j&1 != 0 {
					xc[i] = m + s*ps[j]
				}
			}
		}
		bad := 0
		for j, i := range lanes[:k] {
			if done>>j&1 != 0 {
				continue
			}
			if pi := ps[j]; pi > 0 && pi < 1 {
				xc[i] = m + s*normalQuantile(pi)
				continue
			}
			lanes[bad], ps[bad] = i, ps[j]
			bad++
		}
		if exp {
			vecmath.Exp(xc) // four lanes at a time where it can
		}
		for j, i := range lanes[:bad] {
			xc[i] = d.Quantile(ps[j])
		}
	}
}

// truncNormalQuantiles is Quantiles for TruncNormal, bit for bit.
//
// truncNormalQuantile takes Erfinv when |e| ≤ 1/2 and a normal quantile
// of a tail probability otherwise, and for a window about the mean which
// it is for a lane is random, so the branch is mispredicted often. As in
// normalQuantiles, Erfinv's central formula (erfinvCentral) is worked out
// for every lane with no branch, and the other lanes listed and redone.
// With AVX, truncCentralAVX does the first case four lanes at a time,
// listing also the lanes whose value is not strictly inside the support
// (which the clamp might change).
func (d Dist) truncNormalQuantiles(x, p []float64) {
	if _, ok := d.truncNarrow(); ok {
		for i, pi := range p {
			x[i] = d.Quantile(pi)
		}
		return
	}
	lo, hi := d.lo, d.hi
	m, s, c2, c3 := d.args[0], d.args[1], d.c[2], d.c[3]
	var lanes [64]uint8
	var ps [64]float64 // the listed lanes' p: x may be p, overwritten below
	for from := 0; from < len(p); from += len(lanes) {
		pc := p[from:min(from+len(lanes), len(p))]
		xc := x[from : from+len(pc)]
		k, n4 := 0, 0
		if hasAVX {
			// Four lanes at a time, those up to a multiple of four; the
			// rest of the chunk below.
			n4 = len(pc) &^ 3
			for out := truncCentralAVX(xc[:n4], pc[:n4], m, s, c2, c3, lo, hi); out != 0; out &= out - 1 {
				i := bits.TrailingZeros64(out)
				lanes[k], ps[k] = uint8(i), pc[i] // pc[i] kept: xc[i] was set to it
				k++
			}
		}
		for i := n4; i < len(pc); i++ {
			pi := pc[i]
			// truncNormalQuantile's first case, as it works it out.
			e := (1-pi)*c2 + pi*c3
			xc[i] = min(max(m+s*(math.Sqrt2*erfinvCentral(e)), lo), hi)
			lanes[k&63], ps[k&63] = uint8(i), pi
			// Listed: |e| > 1/2 or NaN, tested on e's bits with no branch
			// (unsigned bits of non-negative floats order as they do,
			// NaN's above all); p outside (0, 1), which a sampler never
			// gives, by a branch.
			out := 0
			if math.Float64bits(e)&^(1<<63) > 0x3fe0000000000000 {
				out = 1
			}
			if !(pi > 0 && pi < 1) {
				out = 1
			}
			k += out
		}
		if hasAVX2 {
			d.truncNormalTails(xc, lanes[:k], ps[:k])
			continue
		}
		for j, i := range lanes[:k] {
			if pi := ps[j]; pi > 0 && pi < 1 {
				xc[i] = min(max(d.truncNormalQuantile(pi), lo), hi)
			} else {
				xc[i] = d.Quantile(pi)
			}
		}
	}
}

// truncNormalTails sets xc[lanes[j]] for the lanes truncNormalQuantiles
// listed (ps[j] their p), as truncNormalQuantile and the clamp, or
// Quantile, give them: those in truncNormalQuantile's second and third
// cases, a normal quantile of a tail probability, with the quantiles
// worked out together by normQuantileAVX; the rest one by one.
func (d Dist) truncNormalTails(xc []float64, lanes []uint8, ps []float64) {
	lo, hi := d.lo, d.hi
	var (
		arg   [64]float64 // the normal quantiles' probabilities
		which [64]uint8   // their lanes' j
		neg   uint64      // bit t: the quantile negated (the second case)
		t     int
	)
	for j, i := range lanes {
		pi := ps[j]
		if !(pi > 0 && pi < 1) {
			xc[i] = d.Quantile(pi)
			continue
		}
		// truncNormalQuantile's choice, as it makes it.
		u := 1 - pi
		switch e := u*d.c[2] + pi*d.c[3]; {
		case math.Abs(e) <= 0.5:
			xc[i] = min(max(d.truncNormalQuantile(pi), lo), hi)
			continue
		case e > 0:
			arg[t] = u*d.c[4] + pi*d.c[5]
			neg |= 1 << t
		default:
			arg[t] = u*d.c[6] + pi*d.c[7]
		}
		which[t] = uint8(j)
		t++
	}
	n := t
	t4 := (n + 3) &^ 3
	for t := n; t < t4; t++ {
		arg[t] = 0.5
	}
	out := normQuantileAVX(arg[:t4], arg[:t4])
	m, s := d.args[0], d.args[1]
	for t, j := range which[:n] {
		i := lanes[j]
		if out>>t&1 != 0 { // for normalQuantile, which has its own answers there
			xc[i] = min(max(d.truncNormalQuantile(ps[j]), lo), hi)
			continue
		}
		z := arg[t]
		if neg>>t&1 != 0 {
			z = -z
		}
		xc[i] = min(max(m+s*z, lo), hi)
	}
}

// triangularQuantiles is Quantiles for Triangular, bit for bit.
//
// triangularQuantile branches on p < f (the mode's place), random for a
// sampler's p. Its two common cases, lo + w·√(p·f) for p below both f and
// 1/2 and hi − w·√((1−p)·g) for p above both, are one formula with lo or
// hi, p·f or (1−p)·g and the sign chosen by a mask, worked out for every
// lane with no branch (hi − t being hi + (−t) exactly); the lanes between
// f and 1/2 are listed and redone.
func (d Dist) triangularQuantiles(x, p []float64) {
	lo, hi := d.lo, d.hi
	w, f, g := d.c[1], d.c[3], d.c[4]
	var lanes [64]uint8
	var ps [64]float64 // the listed lanes' p: x may be p, overwritten below
	for from := 0; from < len(p); from += len(lanes) {
		pc := p[from:min(from+len(lanes), len(p))]
		xc := x[from : from+len(pc)]
		k, n4 := 0, 0
		if hasAVX {
			// Four lanes at a time, those up to a multiple of four; the
			// rest of the chunk below.
			n4 = len(pc) &^ 3
			for out := triCentralAVX(xc[:n4], pc[:n4], lo, hi, w, f, g); out != 0; out &= out - 1 {
				i := bits.TrailingZeros64(out)
				lanes[k], ps[k] = uint8(i), pc[i] // pc[i] kept: xc[i] was set to it
				k++
			}
		}
		for i := n4; i < len(pc); i++ {
			pi := pc[i]
			var below uint64 // all ones when p < f: from lo, else from hi
			if pi < f {
				below = 1<<64 - 1
			}
			arg := math.Float64frombits(math.Float64bits(pi*f)&below | math.Float64bits((1-pi)*g)&^below)
			ws := w * math.Sqrt(arg)
			base := math.Float64frombits(math.Float64bits(lo)&below | math.Float64bits(hi)&^below)
			xc[i] = min(max(base+math.Float64frombits(math.Float64bits(ws)^(^below&(1<<63))), lo), hi)
			lanes[k&63], ps[k&63] = uint8(i), pi
			// Listed: p on the other side of 1/2 from the side of f it is
			// (or NaN); p outside (0, 1), which a sampler never gives,
			// by a branch.
			half := 0 // bit 1: p ≤ 1/2, as lo's case needs; bit 2: p ≥ 1/2, as hi's
			if pi <= 0.5 {
				half = 1
			}
			if pi >= 0.5 {
				half |= 2
			}
			out := 0
			if half&(2-int(below&1)) == 0 {
				out = 1
			}
			if !(pi > 0 && pi < 1) {
				out = 1
			}
			k += out
		}
		for j, i := range lanes[:k] {
			if pi := ps[j]; pi > 0 && pi < 1 {
				xc[i] = min(max(d.triangularQuantile(pi), lo), hi)
			} else {
				xc[i] = d.Quantile(pi)
			}
		}
	}
}
