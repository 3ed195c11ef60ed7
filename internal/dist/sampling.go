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
		m, s := d.args[0], d.args[1]
		for i, pi := range p {
			if !(pi > 0 && pi < 1) {
				x[i] = d.Quantile(pi)
				continue
			}
			x[i] = m + s*normalQuantile(pi)
		}
	case LogNormal:
		m, s := d.c[0], d.c[1]
		for i, pi := range p {
			if !(pi > 0 && pi < 1) {
				x[i] = d.Quantile(pi)
				continue
			}
			x[i] = math.Exp(m + s*normalQuantile(pi))
		}
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
