package uncertainty

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
)

var writeShapleyDesigns = flag.Bool("shapley-designs", false, "write the Shapley reference designs to ../testdata/reference/shapley (then run gen.py there)")

const shapleyRef = "../testdata/reference/shapley"

// A shapleyModel is a test model on normal scores z: its inputs x = xs(z)
// and output f(x). The Python reference (testdata/reference/shapley/
// gen.py) computes f from the recorded x on its own.
type shapleyModel struct {
	name string
	d    int
	r    []float64 // normal-scale correlation, d×d
	xs   func(z, x []float64)
	f    func(x []float64) float64
}

// The linear Gaussian model Y = β1·X1 + β2·X2 + β3·X3 with Xi ~ N(0, σi²),
// X2 and X3 correlated ρ.
const (
	linB1, linB2, linB3 = 1.0, 1.0, 1.0
	linS1, linS2, linS3 = 1.0, 1.0, 2.0
	linRho              = 0.6
)

var shapleyModels = map[string]shapleyModel{
	"linear": {
		name: "linear", d: 3,
		r: []float64{1, 0, 0, 0, 1, linRho, 0, linRho, 1},
		xs: func(z, x []float64) {
			x[0], x[1], x[2] = linS1*z[0], linS2*z[1], linS3*z[2]
		},
		f: func(x []float64) float64 { return linB1*x[0] + linB2*x[1] + linB3*x[2] },
	},
	// Ishigami (a = 7, b = 0.1) with independent inputs uniform on [−π, π].
	"ishigami": {
		name: "ishigami", d: 3,
		r: []float64{1, 0, 0, 0, 1, 0, 0, 0, 1},
		xs: func(z, x []float64) {
			for i := range 3 {
				x[i] = -math.Pi + 2*math.Pi*phi(z[i])
			}
		},
		f: func(x []float64) float64 {
			return math.Sin(x[0]) + 7*math.Sin(x[1])*math.Sin(x[1]) + 0.1*math.Pow(x[2], 4)*math.Sin(x[0])
		},
	},
	// Y = X1 + X2·X3 + 0.5·X4, standard normal inputs, X1 … X3 correlated,
	// X4 independent.
	"correlated": {
		name: "correlated", d: 4,
		r: []float64{
			1, 0.4, -0.3, 0,
			0.4, 1, 0.2, 0,
			-0.3, 0.2, 1, 0,
			0, 0, 0, 1},
		xs: func(z, x []float64) { copy(x, z) },
		f:  func(x []float64) float64 { return x[0] + x[1]*x[2] + 0.5*x[3] },
	},
}

// runShapley runs a test model through the core; record, if not nil,
// gets the inputs of every row.
func runShapley(t testing.TB, md shapleyModel, opt ShapleyOptions, workers int, record [][]float64) *shapleyCore {
	t.Helper()
	pl, err := newShapleyPlan(md.d, md.r, opt)
	if err != nil {
		t.Fatal(err)
	}
	xs := make([][]float64, workers)
	for i := range xs {
		xs[i] = make([]float64, md.d)
	}
	core, err := pl.run(context.Background(), workers, func(w, row int, z []float64) (float64, error) {
		md.xs(z, xs[w])
		if record != nil {
			record[row] = append([]float64(nil), xs[w]...)
		}
		return md.f(xs[w]), nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return core
}

// shapleyCase is a reference case: a model, the options, and what the
// Python port of R's estimator gives on the same evaluations.
type shapleyCase struct {
	Name   string      `json:"name"`
	Model  string      `json:"model"`
	Method string      `json:"method"`
	Seed   uint64      `json:"seed"`
	Perms  int         `json:"perms"`
	Nv     int         `json:"nv"`
	No     int         `json:"no"`
	Ni     int         `json:"ni"`
	R      [][]float64 `json:"r"`
	PermsX [][]int     `json:"permutations"` // 1-based, as R's
	X      [][]float64 `json:"x"`
}

var shapleyCases = []shapleyCase{
	{Name: "linear-exact", Model: "linear", Method: "exact", Seed: 1, Nv: 300, No: 10, Ni: 3},
	{Name: "linear-random", Model: "linear", Method: "random", Seed: 2, Perms: 30, Nv: 300, No: 3, Ni: 4},
	{Name: "ishigami-exact", Model: "ishigami", Method: "exact", Seed: 3, Nv: 300, No: 10, Ni: 3},
	{Name: "ishigami-random", Model: "ishigami", Method: "random", Seed: 4, Perms: 30, Nv: 300, No: 2, Ni: 3},
	{Name: "correlated-exact", Model: "correlated", Method: "exact", Seed: 5, Nv: 200, No: 3, Ni: 3},
	{Name: "correlated-random", Model: "correlated", Method: "random", Seed: 6, Perms: 40, Nv: 200, No: 2, Ni: 3},
}

func (c shapleyCase) options() ShapleyOptions {
	o := ShapleyOptions{Seed: c.Seed, Perms: c.Perms, Nv: c.Nv, No: c.No, Ni: c.Ni}
	if c.Method == "exact" {
		o.Method = ShapleyExact
	}
	return o
}

// shapleyExpected is what gen.py records for a case.
type shapleyExpected struct {
	Mean      float64  `json:"mean"`
	Variance  float64  `json:"variance"`
	Shapley   []jfloat `json:"shapley"`
	ShapleySE []jfloat `json:"shapley_se"`
	First     []jfloat `json:"first"`
	FirstSE   []jfloat `json:"first_se"`
	Total     []jfloat `json:"total"`
	TotalSE   []jfloat `json:"total_se"`
	Cond      []struct {
		Given []int       `json:"given"` // 0-based inputs
		Free  []int       `json:"free"`
		A     [][]float64 `json:"a"`
		Cov   [][]float64 `json:"cov"`
	} `json:"cond"`
}

// TestShapleyReference checks the estimator against a Python port of R's
// sensitivity package (tell.shapleyPermEx and tell.shapleyPermRand, read
// from its source, version 1.30): gen.py reads the design this code
// draws (the inputs of every evaluation and the permutations), computes
// the model on them itself and estimates the effects; the two agree to
// 1e-12. It also checks the conditional laws against numpy's.
func TestShapleyReference(t *testing.T) {
	for _, c := range shapleyCases {
		t.Run(c.Name, func(t *testing.T) {
			md := shapleyModels[c.Model]
			opt := c.options()
			pl, err := newShapleyPlan(md.d, md.r, opt)
			if err != nil {
				t.Fatal(err)
			}
			x := make([][]float64, pl.rows)
			got := runShapley(t, md, opt, 2, x)
			design := filepath.Join(shapleyRef, c.Name+".design.json")
			if *writeShapleyDesigns {
				c.R = nil
				for i := range md.d {
					c.R = append(c.R, md.r[i*md.d:(i+1)*md.d])
				}
				for p := range pl.m {
					row := make([]int, md.d)
					for j := range row {
						row[j] = pl.perms[p*md.d+j] + 1
					}
					c.PermsX = append(c.PermsX, row)
				}
				c.X = x
				b, err := json.Marshal(c)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(design, append(b, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var rec shapleyCase
			readJSON(t, design, &rec)
			if len(rec.X) != len(x) {
				t.Fatalf("design: %d rows recorded, %d drawn", len(rec.X), len(x))
			}
			for i := range x {
				for j := range x[i] {
					if x[i][j] != rec.X[i][j] {
						t.Fatalf("design row %d input %d: drew %v, recorded %v", i, j, x[i][j], rec.X[i][j])
					}
				}
			}
			var want shapleyExpected
			readJSON(t, filepath.Join(shapleyRef, c.Name+".expected.json"), &want)
			rel := func(what string, g, w float64) {
				t.Helper()
				if !(math.Abs(g-w) <= 1e-12*math.Abs(w)) {
					t.Errorf("%s: got %.17g, gen.py %.17g", what, g, w)
				}
			}
			abs := func(what string, g, w float64) {
				t.Helper()
				if math.IsNaN(w) != math.IsNaN(g) || !math.IsNaN(w) && !(math.Abs(g-w) <= 1e-12) {
					t.Errorf("%s: got %.17g, gen.py %.17g", what, g, w)
				}
			}
			rel("mean", got.mean, want.Mean)
			rel("variance", got.variance, want.Variance)
			for i, e := range got.effects {
				abs("shapley", e.Shapley, float64(want.Shapley[i]))
				abs("shapley se", e.ShapleySE, float64(want.ShapleySE[i]))
				abs("first", e.First, float64(want.First[i]))
				abs("first se", e.FirstSE, float64(want.FirstSE[i]))
				abs("total", e.Total, float64(want.Total[i]))
				abs("total se", e.TotalSE, float64(want.TotalSE[i]))
			}
			checkCond(t, pl, md, want)
		})
	}
}

// checkCond compares the conditional laws of the plan with numpy's:
// E[Zf | Zg = z] = A·z and the covariance Lf·Lfᵀ.
func checkCond(t *testing.T, pl *shapleyPlan, md shapleyModel, want shapleyExpected) {
	t.Helper()
	n := 0
	for _, w := range want.Cond {
		c := pl.compOf[w.Free[0]]
		comp := &pl.comps[c]
		var mask uint64
		for _, a := range w.Given {
			mask |= 1 << pl.at[a]
		}
		cp, ok := comp.cond[mask]
		if !ok {
			if cp, _ = newCondPlan(md.r, md.d, comp.members, mask); cp == nil {
				t.Fatalf("no plan for given %v", w.Given)
			}
		}
		n++
		nf, ng := len(cp.free), len(cp.given)
		for i := range nf {
			for j := range ng {
				if d := math.Abs(cp.a[i*ng+j] - w.A[i][j]); d > 1e-12 {
					t.Errorf("given %v: A[%d][%d] = %v, numpy %v", w.Given, i, j, cp.a[i*ng+j], w.A[i][j])
				}
			}
			for j := range nf {
				var s float64
				for k := range nf {
					s += cp.lf[i*nf+k] * cp.lf[j*nf+k]
				}
				if d := math.Abs(s - w.Cov[i][j]); d > 1e-12 {
					t.Errorf("given %v: cov[%d][%d] = %v, numpy %v", w.Given, i, j, s, w.Cov[i][j])
				}
			}
		}
	}
	if md.name == "correlated" && n == 0 {
		t.Error("no conditional laws checked")
	}
}

// jfloat is a number of gen.py's output, where null is NaN (R's NaN,
// from the square root of a negative difference or an empty average).
type jfloat float64

func (f *jfloat) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*f = jfloat(math.NaN())
		return nil
	}
	return json.Unmarshal(b, (*float64)(f))
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// The analytic Shapley effects of the linear Gaussian model Y = Σ βi·Xi,
// X1 independent, X2 and X3 correlated ρ (Iooss and Prieur 2019, section
// 3.1), derived here. With ci = βi·σi: V = c1² + c2² + c3² + 2ρ·c2·c3.
// X1 is independent of the rest and enters linearly, so every coalition
// gains c1² from it: Sh1 = c1². For X2 and X3, a two-player game with
// v(S) = Var(E[Y | XS]): E[Y | X2] = β2·X2 + β3·ρ(σ3/σ2)·X2, so
// v({2}) = (c2 + ρ·c3)², v({3}) = (c3 + ρ·c2)², v({2,3}) = c2² + c3² +
// 2ρ·c2·c3; Sh2 = ½·v({2}) + ½·(v({2,3}) − v({3}))
// = ½·[c2² + 2ρc2c3 + ρ²c3² + c2² + c3² + 2ρc2c3 − c3² − 2ρc2c3 − ρ²c2²]
// = c2²·(1 − ρ²/2) + ρ²·c3²/2 + ρ·c2·c3, and Sh3 likewise with 2 and 3
// swapped: the formula of Iooss and Prieur. The full first-order index of
// X2 is v({2})/V; its independent total E[Var(Y | X1, X3)]/V =
// c2²·(1 − ρ²)/V (the variance of X2 given X3 is σ2²·(1 − ρ²)).
// With β = (1, 1, 1), σ = (1, 1, 2), ρ = 0.6: V = 8.4, Sh = (1, 2.74,
// 4.66), first = (1, 4.84, 6.76)/V, total = (1, 0.64, 2.56)/V.
func linearAnalytic() (sh, first, total []float64) {
	c1, c2, c3 := linB1*linS1, linB2*linS2, linB3*linS3
	r := linRho
	v := c1*c1 + c2*c2 + c3*c3 + 2*r*c2*c3
	sh = []float64{c1 * c1 / v, (c2*c2*(1-r*r/2) + r*r*c3*c3/2 + r*c2*c3) / v, (c3*c3*(1-r*r/2) + r*r*c2*c2/2 + r*c2*c3) / v}
	first = []float64{c1 * c1 / v, (c2 + r*c3) * (c2 + r*c3) / v, (c3 + r*c2) * (c3 + r*c2) / v}
	total = []float64{c1 * c1 / v, c2 * c2 * (1 - r*r) / v, c3 * c3 * (1 - r*r) / v}
	return
}

// ishigamiAnalytic gives the Shapley effects of Ishigami's function with
// independent inputs (a = 7, b = 0.1): with V1 = ½(1 + bπ⁴/5)², V2 = a²/8
// and V13 = 8b²π⁸/225 its only interaction (Sobol' and Levitan 1999),
// Sh1 = V1 + V13/2, Sh2 = V2, Sh3 = V13/2 (an interaction is shared
// equally by its members); first = (V1, V2, 0)/V and total = (V1 + V13,
// V2, V13)/V.
func ishigamiAnalytic() (sh, first, total []float64) {
	a, b, p4 := 7.0, 0.1, math.Pow(math.Pi, 4)
	v1 := 0.5 * (1 + b*p4/5) * (1 + b*p4/5)
	v2 := a * a / 8
	v13 := 8 * b * b * p4 * p4 / 225
	v := v1 + v2 + v13
	return []float64{(v1 + v13/2) / v, v2 / v, v13 / 2 / v}, []float64{v1 / v, v2 / v, 0}, []float64{(v1 + v13) / v, v2 / v, v13 / v}
}

// TestShapleyAnalytic checks that the random method reaches the analytic
// effects within its standard errors (4 of them, plus the error of the Nv
// sample's variance, which R's standard errors leave out) at large costs.
func TestShapleyAnalytic(t *testing.T) {
	if testing.Short() {
		t.Skip("large designs")
	}
	for _, c := range []struct {
		model string
		want  func() (sh, first, total []float64)
	}{{"linear", linearAnalytic}, {"ishigami", ishigamiAnalytic}} {
		t.Run(c.model, func(t *testing.T) {
			const nv = 200000
			got := runShapley(t, shapleyModels[c.model], ShapleyOptions{Perms: 20000, Nv: nv, No: 1, Ni: 3, Seed: 11}, 2, nil)
			sh, first, total := c.want()
			vtol := 4 * math.Sqrt(2.0/nv) // relative error of Var(Y), for a normal-ish Y
			check := func(what string, i int, g, se, w float64) {
				t.Helper()
				tol := 4*se + vtol*math.Abs(w)
				if !(math.Abs(g-w) <= tol) {
					t.Errorf("%s of X%d: %.4f ± %.4f, analytic %.4f", what, i+1, g, se, w)
				}
				t.Logf("%s of X%d: %.4f ± %.4f, analytic %.4f", what, i+1, g, se, w)
			}
			var sum float64
			for i, e := range got.effects {
				check("Shapley", i, e.Shapley, e.ShapleySE, sh[i])
				check("first", i, e.First, e.FirstSE, first[i])
				check("total", i, e.Total, e.TotalSE, total[i])
				sum += e.Shapley
			}
			if math.Abs(sum-1) > 1e-12 {
				t.Errorf("the effects sum to %.17g", sum)
			}
		})
	}
}

// TestShapleyExactRandom checks that the exact and random methods agree
// in the limit, on the correlated model, with each other and with the
// model's closed-form effects, and that either's effects sum to 1 (the
// terms of a permutation add up to Var(Y)).
func TestShapleyExactRandom(t *testing.T) {
	if testing.Short() {
		t.Skip("large designs")
	}
	md := shapleyModels["correlated"]
	ex := runShapley(t, md, ShapleyOptions{Method: ShapleyExact, Nv: 200000, No: 3000, Ni: 3, Seed: 21}, 2, nil)
	rd := runShapley(t, md, ShapleyOptions{Perms: 40000, Nv: 200000, No: 1, Ni: 3, Seed: 22}, 2, nil)
	vtol := 4 * math.Sqrt(2.0/200000) * 2
	for _, r := range []*shapleyCore{ex, rd} {
		var sum float64
		for _, e := range r.effects {
			sum += e.Shapley
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Errorf("the effects sum to %.17g", sum)
		}
	}
	// Both against the closed form gen.py derives for this model (the
	// game v(S) = Var(E[Y | XS]) of a quadratic form in Gaussian inputs).
	var an struct {
		Variance              float64
		Shapley, First, Total []float64
	}
	readJSON(t, filepath.Join(shapleyRef, "correlated.analytic.json"), &an)
	for _, r := range []*shapleyCore{ex, rd} {
		if math.Abs(r.variance-an.Variance) > 4*math.Sqrt(2.0/200000)*an.Variance*2 {
			t.Errorf("variance %v, analytic %v", r.variance, an.Variance)
		}
		for i, e := range r.effects {
			for _, q := range []struct {
				what     string
				g, se, w float64
			}{{"Shapley", e.Shapley, e.ShapleySE, an.Shapley[i]}, {"first", e.First, e.FirstSE, an.First[i]}, {"total", e.Total, e.TotalSE, an.Total[i]}} {
				if tol := 4*q.se + vtol*math.Abs(q.w); !(math.Abs(q.g-q.w) <= tol) {
					t.Errorf("%s of X%d: %.4f ± %.4f, analytic %.4f", q.what, i+1, q.g, q.se, q.w)
				}
			}
		}
	}
	for i := range ex.effects {
		e, r := ex.effects[i], rd.effects[i]
		for _, q := range []struct {
			what         string
			a, sa, b, sb float64
		}{
			{"Shapley", e.Shapley, e.ShapleySE, r.Shapley, r.ShapleySE},
			{"first", e.First, e.FirstSE, r.First, r.FirstSE},
			{"total", e.Total, e.TotalSE, r.Total, r.TotalSE},
		} {
			tol := 4*math.Hypot(q.sa, q.sb) + vtol*math.Abs(q.a)
			t.Logf("%s of X%d: exact %.4f ± %.4f, random %.4f ± %.4f", q.what, i+1, q.a, q.sa, q.b, q.sb)
			if !(math.Abs(q.a-q.b) <= tol) {
				t.Errorf("%s of X%d: exact %.4f ± %.4f, random %.4f ± %.4f", q.what, i+1, q.a, q.sa, q.b, q.sb)
			}
		}
	}
}

// TestShapleyWorkers checks that the result does not depend on the
// number of workers.
func TestShapleyWorkers(t *testing.T) {
	md := shapleyModels["correlated"]
	opt := ShapleyOptions{Perms: 300, Nv: 3000, No: 2, Ni: 3, Seed: 9}
	one := runShapley(t, md, opt, 1, nil)
	for _, w := range []int{2, 3, 7} {
		got := runShapley(t, md, opt, w, nil)
		if got.mean != one.mean || got.variance != one.variance {
			t.Fatalf("%d workers: mean/variance differ", w)
		}
		for i := range got.effects {
			if fmt.Sprint(got.effects[i]) != fmt.Sprint(one.effects[i]) {
				t.Errorf("%d workers: effect %d = %+v, one worker %+v", w, i, got.effects[i], one.effects[i])
			}
		}
	}
}

// TestShapleySamplerAllocs checks that drawing a row allocates nothing.
func TestShapleySamplerAllocs(t *testing.T) {
	md := shapleyModels["correlated"]
	pl, err := newShapleyPlan(md.d, md.r, ShapleyOptions{Perms: 10, Nv: 10, No: 2, Ni: 3, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	st := pl.newState()
	plans := make([]*condPlan, len(pl.comps))
	free := make([]bool, pl.d)
	b := 0
	allocs := testing.AllocsPerRun(100, func() {
		pl.draw(b%pl.nv, st)
		pl.given(b%pl.blocks, st, plans, free)
		pl.conditional(st, plans, free)
		b++
	})
	if allocs != 0 {
		t.Errorf("%v allocations a row", allocs)
	}
}

// TestShapleyOptions checks the refusals.
func TestShapleyOptions(t *testing.T) {
	r := []float64{1, 0, 0, 1}
	for _, c := range []struct {
		d   int
		opt ShapleyOptions
	}{
		{1, ShapleyOptions{Perms: 1, Nv: 2, No: 1, Ni: 2}},
		{2, ShapleyOptions{Perms: 1, Nv: 1, No: 1, Ni: 2}},
		{2, ShapleyOptions{Perms: 1, Nv: 2, No: 0, Ni: 2}},
		{2, ShapleyOptions{Perms: 1, Nv: 2, No: 1, Ni: 1}},
		{2, ShapleyOptions{Perms: 0, Nv: 2, No: 1, Ni: 2}},
		{2, ShapleyOptions{Perms: 1 << 30, Nv: 2, No: 1 << 20, Ni: 1 << 20}},
	} {
		rr := r
		if c.d == 1 {
			rr = []float64{1}
		}
		if _, err := newShapleyPlan(c.d, rr, c.opt); err == nil {
			t.Errorf("d %d %+v: no error", c.d, c.opt)
		}
	}
	r9 := make([]float64, 81)
	for i := range 9 {
		r9[i*9+i] = 1
	}
	if _, err := newShapleyPlan(9, r9, ShapleyOptions{Method: ShapleyExact, Nv: 2, No: 1, Ni: 2}); err == nil {
		t.Error("exact with 9 inputs: no error")
	}
}
