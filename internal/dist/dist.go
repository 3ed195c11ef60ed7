package dist

import (
	"fmt"
	"math"
	"strings"
)

// Dist is a probability distribution on the real line: a Kind and its
// arguments, with the constants its functions need computed once by New. It is
// an immutable value: copy it freely and use it from any number of
// goroutines. The zero Dist is fixed(value=0).
type Dist struct {
	kind   Kind
	args   [4]float64 // as given, defaults filled in
	lo, hi float64    // the support
	c      [8]float64 // per-kind constants; see New
}

// New returns the distribution of kind k with the given arguments, in the
// order of k.Params(). Every argument must be finite; the rules for each
// kind are in the package documentation. An invalid argument list gives an
// *ArgError, which wraps ErrArgs.
func New(k Kind, args ...float64) (Dist, error) {
	if k >= numKinds {
		return Dist{}, &ArgError{Index: -1, Err: fmt.Errorf("unknown distribution kind %d", k)}
	}
	info := kindInfo[k]
	if n := len(args); n < info.required || n > len(info.params) {
		want := itoa(info.required)
		if info.required < len(info.params) {
			want += " to " + itoa(len(info.params))
		}
		list := strings.Join(info.params[:info.required], ", ")
		if info.required < len(info.params) {
			list += "[, " + strings.Join(info.params[info.required:], ", ") + "]"
		}
		return Dist{}, &ArgError{Index: -1, Name: info.name,
			Err: fmt.Errorf("takes %s arguments (%s), got %d", want, list, n)}
	}
	for i, a := range args {
		if math.IsNaN(a) || math.IsInf(a, 0) {
			return Dist{}, argErr(k, i, "must be finite, got %s", num(a))
		}
	}
	d := Dist{kind: k}
	copy(d.args[:], args)
	if k == Beta {
		if len(args) < 3 {
			d.args[2] = 0
		}
		if len(args) < 4 {
			d.args[3] = 1
		}
	}
	var err error
	switch k {
	case Fixed:
		d.lo, d.hi = args[0], args[0]
	case Uniform:
		err = d.initUniform()
	case Triangular:
		err = d.initTriangular()
	case PERT:
		err = d.initPERT()
	case Normal:
		err = d.initNormal()
	case TruncNormal:
		err = d.initTruncNormal()
	case LogNormal:
		err = d.initLogNormal()
	case Beta:
		err = d.initBeta()
	case Gamma:
		err = d.initGamma()
	}
	if err != nil {
		return Dist{}, err
	}
	return d, nil
}

// checkRange checks that args i and j (a min and a max) make a non-empty
// interval whose width is finite.
func (d *Dist) checkRange(i, j int) error {
	lo, hi := d.args[i], d.args[j]
	if !(hi > lo) {
		return argErr(d.kind, j, "must be above min (%s), got %s", num(lo), num(hi))
	}
	if math.IsInf(hi-lo, 0) {
		return argErr(d.kind, j, "max - min must be finite, got [min, max] = [%s, %s]", num(lo), num(hi))
	}
	d.lo, d.hi = lo, hi
	return nil
}

// maxShape bounds the shape arguments of beta and gamma. Beyond it the
// incomplete beta and gamma functions lose accuracy, and the distribution is
// normal to within its own rounding anyway (use normal or truncnormal).
const maxShape = 1e8

// checkShape checks that argument i is positive and at most maxShape.
func (d *Dist) checkShape(i int) error {
	if err := d.checkPositive(i); err != nil {
		return err
	}
	if d.args[i] > maxShape {
		return argErr(d.kind, i, "must be at most %s, got %s", num(maxShape), num(d.args[i]))
	}
	return nil
}

// checkPositive checks that argument i is positive.
func (d *Dist) checkPositive(i int) error {
	if !(d.args[i] > 0) {
		return argErr(d.kind, i, "must be positive, got %s", num(d.args[i]))
	}
	return nil
}

// Kind returns the distribution's kind.
func (d Dist) Kind() Kind { return d.kind }

// Args returns the arguments as given to New, with defaults filled in for
// the optional ones: len(d.Args()) == len(d.Kind().Params()).
func (d Dist) Args() []float64 {
	return append([]float64(nil), d.args[:len(kindInfo[d.kind].params)]...)
}

// String returns the distribution in the form
// "pert(min=1, mode=2, max=4)", arguments in the shortest decimal form that
// reads back as the same float64.
func (d Dist) String() string {
	var b strings.Builder
	b.WriteString(d.kind.String())
	b.WriteByte('(')
	for i, name := range kindInfo[d.kind].params {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(name)
		b.WriteByte('=')
		b.WriteString(num(d.args[i]))
	}
	b.WriteByte(')')
	return b.String()
}

// Support returns the smallest interval [lo, hi] that holds all of the
// probability; lo may be -Inf and hi +Inf. For fixed, lo == hi == value.
func (d Dist) Support() (lo, hi float64) { return d.lo, d.hi }

// Quantile returns the inverse of the CDF at p: the smallest x with
// CDF(x) >= p. Quantile(0) and Quantile(1) are the ends of the support
// (possibly infinite), and p outside [0, 1] (or NaN) gives NaN. It does not
// allocate, so it may be used in a Monte Carlo inner loop with p a uniform
// draw (inverse transform sampling).
func (d Dist) Quantile(p float64) float64 {
	if !(p > 0 && p < 1) {
		switch {
		case p == 0:
			return d.lo
		case p == 1:
			return d.hi
		}
		return math.NaN()
	}
	var x float64
	switch d.kind {
	case Fixed:
		return d.lo
	case Uniform:
		x = d.lo + p*d.c[1]
	case Triangular:
		x = d.triangularQuantile(p)
	case PERT, Beta:
		x = d.lo + d.c[1]*betaQuantile(d.c[2], d.c[3], d.c[4], d.c[5], p)
	case Normal:
		return d.args[0] + d.args[1]*normalQuantile(p)
	case TruncNormal:
		x = d.truncNormalQuantile(p)
	case LogNormal:
		return math.Exp(d.c[0] + d.c[1]*normalQuantile(p))
	case Gamma:
		return d.args[1] * gammaQuantile(d.args[0], d.c[0], p)
	}
	return min(max(x, d.lo), d.hi)
}

// CDF returns the probability that the variable is at most x.
func (d Dist) CDF(x float64) float64 {
	switch {
	case math.IsNaN(x):
		return math.NaN()
	case x < d.lo:
		return 0
	case x >= d.hi:
		return 1
	}
	var f float64
	switch d.kind {
	case Uniform:
		f = (x - d.lo) / d.c[1]
	case Triangular:
		f = d.triangularCDF(x)
	case PERT, Beta:
		f = betaCDF(d.c[2], d.c[3], (x-d.lo)/d.c[1])
	case Normal:
		f = normalCDF((x - d.args[0]) / d.args[1])
	case TruncNormal:
		f = d.truncNormalCDF(x)
	case LogNormal:
		if x <= 0 {
			return 0
		}
		f = normalCDF((math.Log(x) - d.c[0]) / d.c[1])
	case Gamma:
		f = gammaCDF(d.args[0], x/d.args[1])
	}
	return min(max(f, 0), 1)
}

// Mean returns the expected value. It lies within the support.
func (d Dist) Mean() float64 {
	var m float64
	switch d.kind {
	case Fixed:
		return d.lo
	case Uniform:
		m = d.lo + d.c[1]/2
	case Triangular:
		m = d.lo/3 + d.args[1]/3 + d.hi/3
	case PERT, Beta:
		m = d.lo + d.c[1]*(d.c[2]/(d.c[2]+d.c[3]))
	case Normal, LogNormal:
		return d.args[0]
	case TruncNormal:
		m, _ = d.truncNormalMoments()
	case Gamma:
		return d.args[0] * d.args[1]
	}
	return min(max(m, d.lo), d.hi)
}

// Variance returns the variance (+Inf if it overflows).
func (d Dist) Variance() float64 {
	switch d.kind {
	case Uniform:
		return d.c[1] * d.c[1] / 12
	case Triangular:
		f := d.c[3]
		return d.c[2] * d.c[2] * (f*f + d.c[4]) / 18
	case PERT, Beta:
		a, b, w := d.c[2], d.c[3], d.c[1]
		s := a + b
		return w * w * (a / s) * (b / s) / (s + 1)
	case Normal, LogNormal:
		return d.args[1] * d.args[1]
	case TruncNormal:
		_, v := d.truncNormalMoments()
		return v
	case Gamma:
		return d.args[0] * d.args[1] * d.args[1]
	}
	return 0
}

func (d *Dist) initUniform() error {
	if err := d.checkRange(0, 1); err != nil {
		return err
	}
	d.c[1] = d.hi - d.lo
	return nil
}
