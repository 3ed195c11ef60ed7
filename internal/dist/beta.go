package dist

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// Beta and PERT constants: c[1] = max - min, c[2] = α, c[3] = β,
// c[4] = ln Γ(α+β) - ln Γ(α) - ln Γ(β) (minus the log of the beta function),
// c[5] = I_{1/2}(α, β), the probability below the middle of the range.
func (d *Dist) initBeta() error {
	if err := d.checkShapes(); err != nil {
		return err
	}
	if err := d.checkRange(2, 3); err != nil {
		return err
	}
	d.setBeta(d.args[0], d.args[1])
	return nil
}

// checkShapes checks the first two arguments: beta's two shapes, or
// gamma's shape and scale.
func (d *Dist) checkShapes() error {
	if err := d.checkShape(0); err != nil {
		return err
	}
	if d.kind == Gamma {
		return d.checkPositive(1) // the scale
	}
	return d.checkShape(1)
}

// initPERT sets up the beta distribution on [min, max] with
// α = 1 + 4(mode-min)/(max-min) and β = 1 + 4(max-mode)/(max-min).
func (d *Dist) initPERT() error {
	if err := d.initTriangular(); err != nil { // the same checks
		return err
	}
	d.setBeta(1+4*d.c[3], 1+4*d.c[4])
	return nil
}

func (d *Dist) setBeta(a, b float64) {
	d.c[1] = d.hi - d.lo
	d.c[2], d.c[3] = a, b
	d.c[4] = -lnBeta(a, b)
	d.c[5] = mathext.RegIncBeta(a, b, 0.5)
}

// lnBeta returns ln B(a, b).
func lnBeta(a, b float64) float64 {
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	return la + lb - lab
}

// betaCDF is the regularised incomplete beta function I_x(a, b).
func betaCDF(a, b, x float64) float64 { return mathext.RegIncBeta(a, b, x) }

// betaQuantile returns x in [0, 1] with I_x(a, b) = p for 0 < p < 1; lnc is
// -ln B(a, b) and half is I_{1/2}(a, b). It solves for x when the root is
// below 1/2 and for 1-x, by I_x(a, b) = 1 - I_{1-x}(b, a), when it is above,
// so that the unknown keeps its full relative precision (a quantile of
// beta(0.01, 12000) near 1e-30 is not 1 minus a number near 1).
func betaQuantile(a, b, lnc, half, p float64) float64 {
	if p > half {
		return 1 - betaLower(b, a, lnc, 1-p)
	}
	return betaLower(a, b, lnc, p)
}

// betaLower solves I_x(a, b) = p for a root x ≤ 1/2 by Halley's method from the
// starting point of Numerical Recipes (3rd ed., §6.14.1): a normal
// approximation when a, b ≥ 1, else the leading terms of the series at either
// end. Each step costs one I_x and one density evaluation; three or four steps
// are usual.
func betaLower(a, b, lnc, p float64) float64 {
	var x float64
	if a >= 1 && b >= 1 {
		t := math.Sqrt(-2 * math.Log(min(p, 1-p)))
		z := t - (2.30753+t*0.27061)/(1+t*(0.99229+t*0.04481)) // z ≈ -Φ⁻¹(p)
		if p > 0.5 {
			z = -z
		}
		al := (z*z - 3) / 6
		h := 2 / (1/(2*a-1) + 1/(2*b-1))
		w := z*math.Sqrt(al+h)/h - (1/(2*b-1)-1/(2*a-1))*(al+5.0/6-2/(3*h))
		x = a / (a + b*math.Exp(2*w))
	} else {
		lna, lnb := math.Log(a/(a+b)), math.Log(b/(a+b))
		t, u := math.Exp(a*lna)/a, math.Exp(b*lnb)/b
		w := t + u
		if p < t/w {
			x = math.Exp((math.Log(a*w) + math.Log(p)) / a)
		} else {
			x = 1 - math.Exp((math.Log(b*w)+math.Log1p(-p))/b)
		}
	}
	if !(x > 0 && x < 1) { // the start underflowed or was rounded to 1
		x = min(max(x, math.SmallestNonzeroFloat64), 1-0x1p-53)
	}
	a1, b1 := a-1, b-1
	lo, hi := 0.0, 1.0 // bracket of the root, narrowed as the sign is learnt
	for range 40 {
		f := mathext.RegIncBeta(a, b, x) - p
		if f == 0 {
			return x
		}
		if f < 0 {
			lo = x
		} else {
			hi = x
		}
		dens := math.Exp(a1*math.Log(x) + b1*math.Log1p(-x) + lnc)
		step := halley(f/dens, a1/x-b1/(1-x))
		next := x - step
		if math.Abs(step) <= tolStep*x && next > 0 && next < 1 {
			return next // the error is now of order step², below an ulp
		}
		if !(next > lo && next < hi) { // outside the bracket (or NaN): bisect
			next = lo + (hi-lo)/2
			if lo == 0 && hi < 1 {
				next = hi / 2 // tiny roots: halve geometrically
			}
		}
		x = next
	}
	return x
}
