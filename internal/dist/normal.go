package dist

import "math"

// minMass is the least normal probability a truncnormal window may hold.
const minMass = 1e-300

// normalCDF is Φ(z), accurate relative to itself in the lower tail.
func normalCDF(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }

// normalUpper is 1 - Φ(z), accurate relative to itself in the upper tail.
func normalUpper(z float64) float64 { return 0.5 * math.Erfc(z/math.Sqrt2) }

func normalPDF(z float64) float64 { return math.Exp(-z*z/2) / math.Sqrt(2*math.Pi) }

func (d *Dist) initNormal() error {
	if err := d.checkPositive(1); err != nil {
		return err
	}
	d.lo, d.hi = math.Inf(-1), math.Inf(1)
	return nil
}

// LogNormal constants: c[0] = μ and c[1] = σ of log X.
func (d *Dist) initLogNormal() error {
	if err := d.checkPositive(0); err != nil {
		return err
	}
	if err := d.checkPositive(1); err != nil {
		return err
	}
	m, s := d.args[0], d.args[1]
	s2 := math.Log1p((s / m) * (s / m))
	if lr := math.Log(s) - math.Log(m); lr > 100 {
		s2 = 2 * lr // log1p(r²) = 2 ln r + O(r⁻²), and r² may overflow
	}
	d.c[0] = math.Log(m) - s2/2
	d.c[1] = math.Sqrt(s2)
	d.lo, d.hi = 0, math.Inf(1)
	return nil
}

// TruncNormal constants, for the standardised window [α, β]:
// c[0] = α, c[1] = β, c[2] = erf(α/√2), c[3] = erf(β/√2),
// c[4] = 1-Φ(α), c[5] = 1-Φ(β), c[6] = Φ(α), c[7] = Φ(β).
func (d *Dist) initTruncNormal() error {
	if err := d.checkPositive(1); err != nil {
		return err
	}
	if err := d.checkRange(2, 3); err != nil {
		return err
	}
	m, s := d.args[0], d.args[1]
	a, b := (d.lo-m)/s, (d.hi-m)/s
	d.c = [8]float64{a, b,
		math.Erf(a / math.Sqrt2), math.Erf(b / math.Sqrt2),
		normalUpper(a), normalUpper(b),
		normalCDF(a), normalCDF(b)}
	if z := d.truncNormalMass(b); !(z >= minMass) {
		i := 2
		if b <= 0 {
			i = 3
		}
		return argErr(d.kind, i, "the normal(mean=%s, sd=%s) puts less than %s of its probability in [min, max] = [%s, %s]",
			num(m), num(s), num(minMass), num(d.lo), num(d.hi))
	}
	return nil
}

// truncNormalMass returns Φ(z) - Φ(α) for the standardised z ≥ α, choosing
// the form that does not cancel: upper-tail probabilities when α is well above
// the mean, lower-tail ones when z is well below it, erf near the middle.
func (d *Dist) truncNormalMass(z float64) float64 {
	switch {
	case d.c[0] >= 0.5:
		return d.c[4] - normalUpper(z)
	case z <= -0.5:
		return normalCDF(z) - d.c[6]
	}
	return 0.5 * (math.Erf(z/math.Sqrt2) - d.c[2])
}

func (d *Dist) truncNormalCDF(x float64) float64 {
	if k, ok := d.truncNarrow(); ok {
		return narrowCDF(k, (x-d.lo)/(d.hi-d.lo))
	}
	z := (x - d.args[0]) / d.args[1]
	return d.truncNormalMass(z) / d.truncNormalMass(d.c[1])
}

// truncNormalQuantile solves Φ(z) = (1-p)Φ(α) + pΦ(β) in one of three
// equivalent forms: with erf when the target is near the middle, and with
// the lower or upper tail probability (a sum of two positive terms, so
// accurate even for a window far out in a tail) otherwise. A narrow window
// (narrowWidth) has its own closed form.
func (d *Dist) truncNormalQuantile(p float64) float64 {
	if k, ok := d.truncNarrow(); ok {
		return d.lo + (d.hi-d.lo)*narrowFraction(k, p)
	}
	u := 1 - p
	var z float64
	switch e := u*d.c[2] + p*d.c[3]; {
	case math.Abs(e) <= 0.5:
		z = math.Sqrt2 * math.Erfinv(e)
	case e > 0:
		z = -normalQuantile(u*d.c[4] + p*d.c[5])
	default:
		z = normalQuantile(u*d.c[6] + p*d.c[7])
	}
	return d.args[0] + d.args[1]*z
}

// truncNormalMoments returns the mean and variance. With rα = φ(α)/Z and
// rβ = φ(β)/Z, where Z is the mass in the window, the standardised mean is
// rα - rβ and the variance 1 + α rα - β rβ - (rα - rβ)². For a window above
// the mean, rα and rβ come from Mills' ratio R(x) = (1-Φ(x))/φ(x), which
// stays accurate where φ and 1-Φ underflow or lose digits; a window below the
// mean is mirrored.
func (d *Dist) truncNormalMoments() (mean, variance float64) {
	if w := (d.hi - d.lo) / d.args[1]; w <= momentsWidth {
		return d.narrowMoments(w)
	}
	a, b := d.c[0], d.c[1]
	sign := 1.0
	if b <= -0.5 {
		a, b, sign = -b, -a, -1
	}
	var ra, rb float64
	if a >= 0.5 {
		// Z/φ(α) = R(α) - R(β) φ(β)/φ(α).
		e := math.Exp(-(b - a) * (b + a) / 2)
		ra = 1 / (millsRatio(a) - millsRatio(b)*e)
		if e > 0 {
			rb = ra * e
		}
	} else {
		z := d.truncNormalMass(b)
		ra, rb = normalPDF(a)/z, normalPDF(b)/z
	}
	m := ra - rb
	v := 1 + a*ra - m*m
	if rb != 0 {
		v -= b * rb
	}
	s := d.args[1]
	return d.args[0] + sign*s*m, max(v, 0) * s * s
}

// millsRatio returns (1-Φ(x))/φ(x) for x ≥ 0.5, by Laplace's continued
// fraction 1/(x+1/(x+2/(x+3/(x+...)))) for large x.
func millsRatio(x float64) float64 {
	if math.IsInf(x, 1) {
		return 0
	}
	if x < 6 {
		return normalUpper(x) / normalPDF(x)
	}
	t := x
	for k := 200.0; k >= 1; k-- {
		t = x + k/t
	}
	return 1 / t
}

// narrowWidth is the widest standardised truncnormal window (β - α) taken as
// narrow. In a window of width w the log density is linear in z to within
// w²/8, so the density is exp(-k s) on s = (z - α)/w ∈ [0, 1], k = w(α+β)/2,
// with a relative error below w²/8; the general formulas instead lose about
// ε/w of the probability to cancellation (Φ(β) - Φ(α) of two near numbers)
// and round z to about ε|z| in a window a few ε wide, so their quantiles can
// go backwards. The two errors are equal near w = 1.2e-5.
const narrowWidth = 1e-5

// truncNarrow reports whether the window is narrow and, if so, its slope k.
// The mass check in initTruncNormal keeps |α| below about 38, so |k| < 4e-4.
func (d *Dist) truncNarrow() (k float64, ok bool) {
	s := d.args[1]
	w := (d.hi - d.lo) / s
	if !(w <= narrowWidth) {
		return 0, false
	}
	mid := (d.lo/2 + d.hi/2 - d.args[0]) / s
	return w * mid, true
}

// narrowFraction returns the s ∈ [0, 1] below which exp(-k s) on [0, 1]
// has probability p: s = -log1p(p·expm1(-k))/k, p itself as k → 0.
func narrowFraction(k, p float64) float64 {
	if math.Abs(k) < 1e-200 {
		return p
	}
	return min(max(-math.Log1p(p*math.Expm1(-k))/k, 0), 1)
}

// narrowCDF is narrowFraction's inverse: the probability below s.
func narrowCDF(k, s float64) float64 {
	if math.Abs(k) < 1e-200 {
		return s
	}
	return math.Expm1(-k*s) / math.Expm1(-k)
}

// momentsWidth is the widest standardised window (β - α) whose moments
// come from quadrature (narrowMoments). The general formulas subtract
// terms of order |α|/w to leave a variance of w²/12, losing about
// 12ε|α|/w³ of it: a quarter at w = 3e-5, 1e-9 at w = 0.05.
const momentsWidth = 0.05

// narrowMoments returns the mean and variance of the truncnormal on a
// window w = β - α standard deviations wide (at most momentsWidth), by
// 8-point Gauss–Legendre quadrature of the density in the window,
// exp(-(α w s + w² s²/2)) for s ∈ [0, 1] (the normal's, divided by φ(α)):
// an entire function whose 16th derivative is below (|α|w + w²)^16, so
// the rule's error is below 1e-18 for |α| ≤ 38. Two passes: the mean, then
// the squares about it, so nothing cancels.
func (d *Dist) narrowMoments(w float64) (mean, variance float64) {
	// Nodes and weights on [-1, 1], the positive half (numpy's leggauss).
	nodes := [4]float64{0.18343464249564978, 0.525532409916329, 0.7966664774136267, 0.9602898564975362}
	weights := [4]float64{0.36268378337836177, 0.31370664587788705, 0.22238103445337434, 0.10122853629037669}
	a := d.c[0]
	var s, f [8]float64
	var z, m float64
	for i := range 4 {
		for j, x := range [2]float64{-nodes[i], nodes[i]} {
			k := 2*i + j
			s[k] = (1 + x) / 2
			f[k] = weights[i] * math.Exp(-(a*w*s[k] + w*w*s[k]*s[k]/2))
			z += f[k]
			m += f[k] * s[k]
		}
	}
	m /= z
	var v float64
	for k := range s {
		v += f[k] * (s[k] - m) * (s[k] - m)
	}
	width := d.hi - d.lo
	return d.lo + width*m, v / z * width * width
}
