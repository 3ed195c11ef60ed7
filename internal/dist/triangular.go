package dist

import "math"

// Triangular constants: c[1] = max - min, c[3] = (mode - min)/(max - min),
// c[4] = (max - mode)/(max - min).
func (d *Dist) initTriangular() error {
	if err := d.checkRange(0, 2); err != nil {
		return err
	}
	mode := d.args[1]
	if !(mode >= d.lo && mode <= d.hi) {
		return argErr(d.kind, 1, "must lie within [min, max] = [%s, %s], got %s", num(d.lo), num(d.hi), num(mode))
	}
	w := d.hi - d.lo
	d.c[1], d.c[2] = w, w
	d.c[3] = (mode - d.lo) / w
	d.c[4] = (d.hi - mode) / w
	return nil
}

// triangularQuantile inverts the CDF in whichever of its two forms (from min
// or from max) avoids cancellation: near min the distance from min is
// computed, near max the distance from max.
func (d *Dist) triangularQuantile(p float64) float64 {
	w, f, g := d.c[1], d.c[3], d.c[4]
	if p < f {
		s := math.Sqrt(p * f)
		if p <= 0.5 {
			return d.lo + w*s
		}
		// 1 - p f = g + (1-p) f, exactly in reals.
		return d.hi - w*(g+(1-p)*f)/(1+s)
	}
	u := 1 - p
	s := math.Sqrt(u * g)
	if p >= 0.5 {
		return d.hi - w*s
	}
	// 1 - (1-p) g = f + p g.
	return d.lo + w*(f+p*g)/(1+s)
}

func (d *Dist) triangularCDF(x float64) float64 {
	w := d.c[1]
	if x <= d.args[1] {
		t := (x - d.lo) / w
		return t * t / d.c[3]
	}
	if s := (x - d.lo) / w; s < 0.5 {
		// 1 - (1-s)²/g without cancelling, for a mode near min.
		return (s*(2-s) - d.c[3]) / d.c[4]
	}
	t := (d.hi - x) / w
	return 1 - t*t/d.c[4]
}
