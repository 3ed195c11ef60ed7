package dist

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// Gamma constants: c[0] = ln Γ(shape).
func (d *Dist) initGamma() error {
	if err := d.checkShapes(); err != nil {
		return err
	}
	d.c[0], _ = math.Lgamma(d.args[0])
	d.lo, d.hi = 0, math.Inf(1)
	return nil
}

// gammaCDF is the regularised lower incomplete gamma function P(a, x).
func gammaCDF(a, x float64) float64 { return mathext.GammaIncReg(a, x) }

// gammaQuantile returns x ≥ 0 with P(a, x) = p for 0 < p < 1; lga is
// ln Γ(a). It takes Halley steps from the start of Numerical Recipes (3rd
// ed., §6.14.2): Wilson and Hilferty's cube-root normal approximation for
// a > 1, else the leading terms at either end. Above the median it solves
// Q(a, x) = 1-p with the complemented function, so that upper quantiles are
// as accurate as lower ones.
func gammaQuantile(a, lga, p float64) float64 {
	upper := p > 0.5
	q := 1 - p
	var x float64
	if a > 1 {
		pp := min(p, q)
		t := math.Sqrt(-2 * math.Log(pp))
		z := (2.30753+t*0.27061)/(1+t*(0.99229+t*0.04481)) - t // z ≈ Φ⁻¹(pp)
		if upper {
			z = -z
		}
		x = max(1e-3, a*math.Pow(1-1/(9*a)+z/(3*math.Sqrt(a)), 3))
	} else {
		t := 1 - a*(0.253+a*0.12)
		if p < t {
			x = math.Exp(math.Log(p/t) / a)
		} else {
			x = 1 - math.Log(q/(1-t))
		}
	}
	if x == 0 {
		return 0 // below the smallest float64
	}
	a1 := a - 1
	lo, hi := 0.0, math.Inf(1)
	for range 40 {
		var f float64
		if upper {
			f = q - mathext.GammaIncRegComp(a, x)
		} else {
			f = mathext.GammaIncReg(a, x) - p
		}
		if f == 0 {
			return x
		}
		if f < 0 {
			lo = x
		} else {
			hi = x
		}
		dens := math.Exp(a1*math.Log(x) - x - lga)
		step := halley(f/dens, a1/x-1)
		next := x - step
		if math.Abs(step) <= tolStep*x && next > 0 {
			return next // the error is now of order step², below an ulp
		}
		if !(next > lo && next < hi) { // outside the bracket (or NaN)
			switch {
			case math.IsInf(hi, 1):
				next = 2 * x
			case lo == 0:
				next = hi / 2
			default:
				next = lo + (hi-lo)/2
			}
		}
		x = next
	}
	return x
}

// tolStep ends the Halley iterations of the beta and gamma quantiles: a step
// below this fraction of x leaves an error of order its square (or cube).
const tolStep = 1e-9

// halley returns Halley's step for a CDF root: u = f/f' is Newton's step and
// c the derivative of the log of the density. Far from the root, where the
// correction 1 - u c/2 would shrink or reverse the step, it falls back to
// Newton's step.
func halley(u, c float64) float64 {
	if h := u * c; math.Abs(h) < 1 {
		return u / (1 - 0.5*h)
	}
	return u
}
