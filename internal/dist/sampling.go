package dist

import "math"

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
		for i, pi := range p {
			if !(pi > 0 && pi < 1) {
				x[i] = d.Quantile(pi)
				continue
			}
			x[i] = min(max(lo+pi*w, lo), hi)
		}
	case Triangular:
		for i, pi := range p {
			if !(pi > 0 && pi < 1) {
				x[i] = d.Quantile(pi)
				continue
			}
			x[i] = min(max(d.triangularQuantile(pi), lo), hi)
		}
	case Normal:
		d.normalQuantiles(x, p, false)
	case LogNormal:
		d.normalQuantiles(x, p, true)
	case TruncNormal:
		for i, pi := range p {
			if !(pi > 0 && pi < 1) {
				x[i] = d.Quantile(pi)
				continue
			}
			x[i] = min(max(d.truncNormalQuantile(pi), lo), hi)
		}
	default:
		for i, pi := range p {
			x[i] = d.Quantile(pi)
		}
	}
}

// normalQuantiles is Quantiles for Normal, and LogNormal with exp set:
// x[i] = m + s·normalQuantile(p[i]), or its exp, bit for bit.
//
// For the p a sampler gives, |p − 1/2| ≤ 0.425, normalQuantile's central
// range, 85 times in 100, and which lane is not is random: the branch on
// it is mispredicted often. So the central formula is worked out for every
// lane with no branch, the lanes outside its range listed as they go (by
// arithmetic too), and those redone by normalQuantile afterwards; then the
// scale and the exp for all.
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
		k := 0
		for i, pi := range pc {
			// normalQuantile's central range, as it works it out.
			dp := pi - 0.5
			z := 0.180625 - dp*dp
			z1 := ((((((qSA0*z+qSA1)*z+qSA2)*z+qSA3)*z+qSA4)*z+qSA5)*z+qSA6)*z + qSA7
			z2 := ((((((qSB0*z+qSB1)*z+qSB2)*z+qSB3)*z+qSB4)*z+qSB5)*z+qSB6)*z + qSB7
			xc[i] = dp * z1 / z2
			lanes[k&63], ps[k&63] = uint8(i), pi
			if !(math.Abs(dp) <= 0.425) { // also NaN
				k++
			}
		}
		// The tails; p outside (0, 1), or NaN, which Quantile takes
		// instead, listed again (at most as far as the tails are gone
		// through) for after the scaling.
		bad := 0
		for j, i := range lanes[:k] {
			if pi := ps[j]; pi > 0 && pi < 1 {
				xc[i] = normalQuantile(pi)
				continue
			}
			lanes[bad], ps[bad] = i, ps[j]
			bad++
		}
		if exp {
			for i, q := range xc {
				xc[i] = math.Exp(m + s*q)
			}
		} else {
			for i, q := range xc {
				xc[i] = m + s*q
			}
		}
		for j, i := range lanes[:bad] {
			xc[i] = d.Quantile(ps[j])
		}
	}
}
