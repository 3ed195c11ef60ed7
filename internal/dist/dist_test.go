package dist

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// openUniform returns a uniform draw in the open interval (0, 1), so that
// Quantile never sees 0 or 1 (the infinite ends of unbounded supports).
func openUniform(r *rand.Rand) float64 {
	return (float64(r.Uint64()>>11) + 0.5) / (1 << 53)
}

// TestSampleMoments draws 200,000 values by inverse transform (Quantile of a
// uniform) on a fixed seed and checks that the sample mean and variance lie
// within 4 standard errors of Mean and Variance. The standard errors are
// se(mean) = sqrt(σ²/n) and se(s²) = sqrt((m4 - s⁴)/n), where s² and m4 are
// the sample's second and fourth central moments (the large-n variance of the
// sample variance is (μ4 - σ⁴)/n).
func TestSampleMoments(t *testing.T) {
	if testing.Short() {
		t.Skip("11 million quantiles; skipped in -short mode")
	}
	const n = 200_000
	for _, r := range readRef(t, "moments.csv") {
		if r.name == "ln_wild" {
			// sd/mean = 10: the fourth moment is e^(16σ²) ≈ 1e32 times
			// the mean's fourth power, and 200,000 draws do not estimate it.
			continue
		}
		rng := rand.New(rand.NewPCG(1, 2))
		mean, variance := r.d.Mean(), r.d.Variance()
		xs := make([]float64, n)
		var sum float64 // of x - Mean(), so that fixed sums exactly to 0
		for i := range xs {
			xs[i] = r.d.Quantile(openUniform(rng))
			sum += xs[i] - mean
		}
		m := mean + sum/n
		var m2, m4 float64
		for _, x := range xs {
			d := (x - m) * (x - m)
			m2 += d
			m4 += d * d
		}
		m2 /= n
		m4 /= n
		seMean := math.Sqrt(variance / n)
		seVar := math.Sqrt(max(m4-m2*m2, 0) / n)
		if math.Abs(m-mean) > 4*seMean {
			t.Errorf("%s %v: sample mean %.10g, Mean %.10g, %.2f standard errors apart", r.name, r.d, m, mean, math.Abs(m-mean)/seMean)
		}
		if math.Abs(m2-variance) > 4*seVar {
			t.Errorf("%s %v: sample variance %.10g, Variance %.10g, %.2f standard errors apart", r.name, r.d, m2, variance, math.Abs(m2-variance)/seVar)
		}
	}
}

// TestCDFQuantileRoundTrip checks CDF(Quantile(p)) ≈ p on the reference
// distributions, to 1e-9 relative plus twice the step of the CDF across an
// ulp of x and of the offset either side: a quantile is a float64 (and for a
// shifted distribution the sum of the offset and a standardised value), and
// where the density is steep (x near 1 for beta(4, 0.2), a window far in a
// normal tail) the nearest float64 to the true quantile is that far from p.
func TestCDFQuantileRoundTrip(t *testing.T) {
	ps := []float64{1e-12, 1e-9, 1e-6, 1e-3, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1 - 1e-6}
	seen := map[string]bool{}
	for _, r := range readRef(t, "moments.csv") {
		if seen[r.name] || r.d.Kind() == Fixed {
			continue
		}
		seen[r.name] = true
		for _, p := range ps {
			x := r.d.Quantile(p)
			got := r.d.CDF(x)
			h := ulp(x) + ulp(offset(r.d))
			step := r.d.CDF(x+h) - r.d.CDF(x-h)
			tol := 1e-9*min(p, 1-p) + 2*step
			if x == 0 && p < 1e-6 { // underflowed below the smallest float64
				continue
			}
			if !(math.Abs(got-p) <= tol) {
				t.Errorf("%s %v: CDF(Quantile(%g)) = %.17g (x = %.17g)", r.name, r.d, p, got, x)
			}
		}
	}
}

func TestQuantileEnds(t *testing.T) {
	for _, r := range readRef(t, "moments.csv") {
		lo, hi := r.d.Support()
		if q := r.d.Quantile(0); q != lo {
			t.Errorf("%v: Quantile(0) = %g, support starts at %g", r.d, q, lo)
		}
		if q := r.d.Quantile(1); q != hi {
			t.Errorf("%v: Quantile(1) = %g, support ends at %g", r.d, q, hi)
		}
		for _, p := range []float64{-0.1, 1.1, math.NaN(), math.Inf(1)} {
			if q := r.d.Quantile(p); !math.IsNaN(q) {
				t.Errorf("%v: Quantile(%g) = %g, want NaN", r.d, p, q)
			}
		}
	}
}

func TestQuantileAllocs(t *testing.T) {
	for _, r := range readRef(t, "moments.csv") {
		var sink float64
		allocs := testing.AllocsPerRun(100, func() {
			sink += r.d.Quantile(0.3) + r.d.Quantile(1e-7) + r.d.Quantile(0.9)
		})
		if allocs != 0 {
			t.Errorf("%v: Quantile allocates %v times a call", r.d, allocs)
		}
	}
}

func TestParseKind(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Kind
		ok   bool
	}{
		{"fixed", Fixed, true},
		{" Uniform ", Uniform, true},
		{"TRIANGULAR", Triangular, true},
		{"pert", PERT, true},
		{"normal", Normal, true},
		{"truncnormal", TruncNormal, true},
		{"truncated_normal", TruncNormal, true},
		{"Truncated-Normal\t", TruncNormal, true},
		{"lognormal", LogNormal, true},
		{"log-normal", LogNormal, true},
		{"beta", Beta, true},
		{"gamma", Gamma, true},
		{"", 0, false},
		{"poisson", 0, false},
		{"log normal", 0, false},
	} {
		got, ok := ParseKind(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseKind(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	for k := range numKinds {
		if got, ok := ParseKind(k.String()); !ok || got != k {
			t.Errorf("ParseKind(%q) = %v, %v", k.String(), got, ok)
		}
		if r, n := k.Required(), len(k.Params()); r < 1 || r > n {
			t.Errorf("%v: Required() = %d with %d params", k, r, n)
		}
	}
	if s := Kind(200).String(); s != "Kind(200)" {
		t.Errorf("Kind(200).String() = %q", s)
	}
}

func TestStringArgs(t *testing.T) {
	for _, tc := range []struct {
		k    Kind
		args []float64
		want string
	}{
		{PERT, []float64{1, 2, 4}, "pert(min=1, mode=2, max=4)"},
		{Beta, []float64{2, 5}, "beta(alpha=2, beta=5, min=0, max=1)"},
		{Beta, []float64{2, 5, 0.5}, "beta(alpha=2, beta=5, min=0.5, max=1)"},
		{TruncNormal, []float64{0.05, 0.02, 0, 0.1}, "truncnormal(mean=0.05, sd=0.02, min=0, max=0.1)"},
		{Gamma, []float64{2.5, 1e6}, "gamma(shape=2.5, scale=1e+06)"},
		{Fixed, []float64{-3}, "fixed(value=-3)"},
	} {
		d, err := New(tc.k, tc.args...)
		if err != nil {
			t.Fatal(err)
		}
		if s := d.String(); s != tc.want {
			t.Errorf("String() = %q, want %q", s, tc.want)
		}
		args := d.Args()
		if len(args) != len(tc.k.Params()) {
			t.Errorf("%v: Args() = %v", d, args)
		}
		for i, a := range tc.args {
			if args[i] != a {
				t.Errorf("%v: Args() = %v, given %v", d, args, tc.args)
			}
		}
		if d.Kind() != tc.k {
			t.Errorf("%v: Kind() = %v", d, d.Kind())
		}
	}
}

func TestNewErrors(t *testing.T) {
	for _, tc := range []struct {
		k     Kind
		args  []float64
		index int
		msg   string
	}{
		{Fixed, nil, -1, "fixed: takes 1 arguments (value), got 0"},
		{PERT, []float64{1, 2}, -1, "pert: takes 3 arguments (min, mode, max), got 2"},
		{Beta, []float64{1, 2, 3, 4, 5}, -1, "beta: takes 2 to 4 arguments (alpha, beta[, min, max]), got 5"},
		{Kind(42), []float64{1}, -1, "unknown distribution kind 42"},
		{Fixed, []float64{math.NaN()}, 0, "value: must be finite, got NaN"},
		{Normal, []float64{0, math.Inf(1)}, 1, "sd: must be finite, got +Inf"},
		{Uniform, []float64{2, 1}, 1, "max: must be above min (2), got 1"},
		{Uniform, []float64{1, 1}, 1, "max: must be above min (1), got 1"},
		{Uniform, []float64{-1e308, 1e308}, 1, "max: max - min must be finite, got [min, max] = [-1e+308, 1e+308]"},
		{Triangular, []float64{1, 5, 3}, 1, "mode: must lie within [min, max] = [1, 3], got 5"},
		{Triangular, []float64{3, 2, 1}, 2, "max: must be above min (3), got 1"},
		{PERT, []float64{1, 0.5, 3}, 1, "mode: must lie within [min, max] = [1, 3], got 0.5"},
		{PERT, []float64{2, 2, 2}, 2, "max: must be above min (2), got 2"},
		{Normal, []float64{0, -1}, 1, "sd: must be positive, got -1"},
		{Normal, []float64{0, 0}, 1, "sd: must be positive, got 0"},
		{TruncNormal, []float64{0, 0, 0, 1}, 1, "sd: must be positive, got 0"},
		{TruncNormal, []float64{0, 1, 1, 0}, 3, "max: must be above min (1), got 0"},
		{TruncNormal, []float64{0, 1, 40, 41}, 2, "min: the normal(mean=0, sd=1) puts less than 1e-300 of its probability in [min, max] = [40, 41]"},
		{TruncNormal, []float64{0, 1, -41, -40}, 3, "max: the normal(mean=0, sd=1) puts less than 1e-300 of its probability in [min, max] = [-41, -40]"},
		{LogNormal, []float64{0, 1}, 0, "mean: must be positive, got 0"},
		{LogNormal, []float64{-2, 1}, 0, "mean: must be positive, got -2"},
		{LogNormal, []float64{1, 0}, 1, "sd: must be positive, got 0"},
		{Beta, []float64{0, 1}, 0, "alpha: must be positive, got 0"},
		{Beta, []float64{1, -0.5}, 1, "beta: must be positive, got -0.5"},
		{Beta, []float64{2, 5, 3}, 3, "max: must be above min (3), got 1"},
		{Beta, []float64{2, 5, 1, 1}, 3, "max: must be above min (1), got 1"},
		{Gamma, []float64{0, 1}, 0, "shape: must be positive, got 0"},
		{Gamma, []float64{2e8, 1}, 0, "shape: must be at most 1e+08, got 2e+08"},
		{Beta, []float64{1, 1.1111111111111112e+299}, 1, "beta: must be at most 1e+08, got 1.1111111111111112e+299"}, // captured by fuzzing
		{Gamma, []float64{1, -2}, 1, "scale: must be positive, got -2"},
	} {
		_, err := New(tc.k, tc.args...)
		if err == nil {
			t.Errorf("New(%v, %v) succeeded, want %q", tc.k, tc.args, tc.msg)
			continue
		}
		if err.Error() != tc.msg {
			t.Errorf("New(%v, %v) = %q, want %q", tc.k, tc.args, err, tc.msg)
		}
		var ae *ArgError
		if !errors.As(err, &ae) {
			t.Errorf("New(%v, %v): %T is not an *ArgError", tc.k, tc.args, err)
			continue
		}
		if ae.Index != tc.index {
			t.Errorf("New(%v, %v): Index = %d, want %d", tc.k, tc.args, ae.Index, tc.index)
		}
		if ae.Index >= 0 && ae.Name != tc.k.Params()[ae.Index] {
			t.Errorf("New(%v, %v): Name = %q, want %q", tc.k, tc.args, ae.Name, tc.k.Params()[ae.Index])
		}
		if !errors.Is(err, ErrArgs) {
			t.Errorf("New(%v, %v): error does not wrap ErrArgs", tc.k, tc.args)
		}
	}
}

// ulp returns the spacing of float64s at |v|.
func ulp(v float64) float64 {
	v = math.Abs(v)
	return math.Nextafter(v, math.Inf(1)) - v
}
