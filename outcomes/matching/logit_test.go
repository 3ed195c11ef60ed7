package matching

import (
	"context"
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
)

var nan = math.NaN()

// relClose reports whether got agrees with want to tol relative (or
// within 1e-13, for values that are 0 up to rounding); NaN agrees only
// with NaN.
func relClose(got, want, tol float64) bool {
	if math.IsNaN(want) || math.IsNaN(got) {
		return math.IsNaN(want) && math.IsNaN(got)
	}
	return math.Abs(got-want) <= tol*math.Abs(want) || math.Abs(got-want) <= 1e-13
}

// relErr is |got - want| / max(|want|, tiny).
func relErr(got, want float64) float64 {
	return math.Abs(got-want) / math.Max(math.Abs(want), 1e-300)
}

func fitRef(t testing.TB, kase string, workers int) (*Design, *Fit) {
	t.Helper()
	d := refData(t, kase)
	x, err := NewDesign(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	fit, err := FitLogit(context.Background(), x, d.Treated, FitOptions{Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	return x, fit
}

// TestFitLogitGLM checks coefficients, SEs, deviance, iterations and every
// row's score and linear predictor against R 4.2's glm(treat ~ ...,
// binomial) (reference.R), to 1e-9 relative for the coefficients, SEs and
// scores (the brief asks 1e-6). The "scaled" case has age in days and income in cents beside
// 0/1 indicators.
func TestFitLogitGLM(t *testing.T) {
	coefs := readRef(t, "glm_coef.csv")[1:]
	fits := readRef(t, "glm_fit.csv")[1:]
	rows := readRef(t, "glm_rows.csv")[1:]
	for _, kase := range []string{"main", "const", "separation", "scaled"} {
		t.Run(kase, func(t *testing.T) {
			_, fit := fitRef(t, kase, 0)
			// Measured: 2e-15 (main, const, scaled), 2e-12 (separation:
			// a diverging coefficient after 14 iterations).
			tol := 1e-9
			j := 0
			for _, r := range coefs {
				if r[0] != kase {
					continue
				}
				if fit.Names[j] != r[1] {
					t.Fatalf("column %d is %s, R has %s", j, fit.Names[j], r[1])
				}
				ctol := tol
				if c := refFloat(t, r[2]); !relClose(fit.Coef[j], c, ctol) || (math.IsNaN(c) != math.IsNaN(fit.Coef[j])) {
					t.Errorf("%s: coef %.17g, R %.17g (rel %.2g)", r[1], fit.Coef[j], c, relErr(fit.Coef[j], c))
				}
				if se := refFloat(t, r[3]); !relClose(fit.SE[j], se, ctol) {
					t.Errorf("%s: SE %.17g, R %.17g (rel %.2g)", r[1], fit.SE[j], se, relErr(fit.SE[j], se))
				}
				j++
			}
			if j != len(fit.Coef) {
				t.Fatalf("%d coefficients, R has %d", len(fit.Coef), j)
			}
			for _, r := range fits {
				if r[0] != kase {
					continue
				}
				if dev := refFloat(t, r[1]); relErr(fit.Deviance, dev) > 1e-9 {
					t.Errorf("deviance %.17g, R %.17g", fit.Deviance, dev)
				}
				if r[2] != strconv.Itoa(fit.Iter) || r[3] != "true" || !fit.Converged {
					t.Errorf("iterations %d converged %v; R %s %s", fit.Iter, fit.Converged, r[2], r[3])
				}
			}
			worst := 0.0
			i := 0
			for _, r := range rows {
				if r[0] != kase {
					continue
				}
				ps, lp := refFloat(t, r[2]), refFloat(t, r[3])
				if e := relErr(fit.Score[i], ps); e > worst {
					worst = e
				}
				if !relClose(fit.Logit[i], lp, tol) {
					t.Errorf("row %d: logit %.17g, R %.17g", i+1, fit.Logit[i], lp)
				}
				i++
			}
			if i != len(fit.Score) {
				t.Fatalf("%d rows, R has %d", len(fit.Score), i)
			}
			if worst > tol {
				t.Errorf("largest relative error of a score %.2g", worst)
			}
		})
	}
}

// TestFitLogitWarnings: what R says and what FitLogit says on the
// reference's bad cases. R's glm on "const" sets the constant column's
// coefficient to NA and says nothing; on "separation" (6 rows of a
// region "south", all treated) it converges in 14 iterations to a
// coefficient of 16.4 with an SE of 573 and says nothing either (the
// scores, 1 - 7.6e-8, are not "numerically 1").
func TestFitLogitWarnings(t *testing.T) {
	_, fit := fitRef(t, "main", 0)
	if len(fit.Warnings) != 0 {
		t.Errorf("main: warnings %q", fit.Warnings)
	}
	_, fit = fitRef(t, "const", 0)
	if len(fit.Warnings) != 1 || !strings.Contains(fit.Warnings[0], "collinear") || !strings.HasSuffix(fit.Warnings[0], ": const") {
		t.Errorf("const: warnings %q", fit.Warnings)
	}
	_, fit = fitRef(t, "separation", 0)
	if len(fit.Warnings) != 1 || !strings.Contains(fit.Warnings[0], "all 6 rows with regionsouth = 1 are treated") {
		t.Errorf("separation: warnings %q", fit.Warnings)
	}
}

// TestFitLogitSeparated: a covariate that splits the groups exactly. The
// IRLS diverges; R's glm stops when the deviance stops changing, with
// "fitted probabilities numerically 0 or 1 occurred".
func TestFitLogitSeparated(t *testing.T) {
	d := &Data{IDs: make([]string, 8), Treated: []bool{false, false, false, false, true, true, true, true},
		Columns: []Column{{Name: "age", Values: []float64{20, 22, 25, 27, 31, 33, 36, 40}}}}
	x, err := NewDesign(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	fit, err := FitLogit(context.Background(), x, d.Treated, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(fit.Warnings, "\n")
	if !strings.Contains(all, "numerically 0 or 1") || !strings.Contains(all, "every treated row has age above every pool row") {
		t.Errorf("warnings %q", fit.Warnings)
	}
	for i := range fit.Score {
		if math.IsNaN(fit.Score[i]) || math.IsNaN(fit.Logit[i]) || math.IsInf(fit.Logit[i], 0) {
			t.Errorf("row %d: score %v logit %v", i, fit.Score[i], fit.Logit[i])
		}
	}
}

func TestFitLogitErrors(t *testing.T) {
	x := &Design{Names: []string{"(Intercept)"}, Cols: [][]float64{{1, 1, 1}}, Of: []int{-1}}
	if _, err := FitLogit(context.Background(), x, []bool{true, true, true}, FitOptions{}); !errors.Is(err, ErrOneGroup) {
		t.Errorf("all treated: %v", err)
	}
	if _, err := FitLogit(context.Background(), x, []bool{false, false, false}, FitOptions{}); !errors.Is(err, ErrOneGroup) {
		t.Errorf("all pool: %v", err)
	}
	if _, err := FitLogit(context.Background(), x, []bool{true, false}, FitOptions{}); !errors.Is(err, ErrShape) {
		t.Errorf("shape: %v", err)
	}
	bad := &Design{Names: []string{"(Intercept)", "age"}, Cols: [][]float64{{1, 1, 1}, {1, math.Inf(1), 3}}, Of: []int{-1, 0}}
	if _, err := FitLogit(context.Background(), bad, []bool{true, false, true}, FitOptions{}); !errors.Is(err, ErrNotFinite) {
		t.Errorf("infinite value: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := FitLogit(ctx, x, []bool{true, false, true}, FitOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// TestFitLogitWorkers: the fit is bit-identical for any number of
// workers.
func TestFitLogitWorkers(t *testing.T) {
	d := bigData(3*fitChunk+123, 5, 1)
	x, err := NewDesign(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	var first *Fit
	for _, w := range []int{1, 2, 3, 7} {
		fit, err := FitLogit(context.Background(), x, d.Treated, FitOptions{Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = fit
			continue
		}
		for j := range fit.Coef {
			if fit.Coef[j] != first.Coef[j] || fit.SE[j] != first.SE[j] {
				t.Errorf("workers %d: coef %d differs", w, j)
			}
		}
		for i := range fit.Logit {
			if fit.Logit[i] != first.Logit[i] {
				t.Fatalf("workers %d: row %d differs", w, i)
			}
		}
	}
}

// TestFitLogitCollinear: a covariate that is a linear function of another
// is dropped as R's glm drops it (the later of the two: R's pivoting
// keeps the earlier column), and the other coefficients are the main
// case's (glm_coef.csv, main).
func TestFitLogitCollinear(t *testing.T) {
	d := refData(t, "main")
	age := d.Columns[0].Values
	twice := make([]float64, len(age))
	for i, v := range age {
		twice[i] = 2*v + 1
	}
	d.Columns = append(d.Columns, Column{Name: "age2", Values: twice})
	x, err := NewDesign(d, []string{"age", "female", "priors", "income", "offence", "region", "age2"})
	if err != nil {
		t.Fatal(err)
	}
	fit, err := FitLogit(context.Background(), x, d.Treated, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	j := 0
	for _, r := range readRef(t, "glm_coef.csv")[1:] {
		if r[0] != "main" {
			continue
		}
		if c := refFloat(t, r[2]); !relClose(fit.Coef[j], c, 1e-9) {
			t.Errorf("%s: %v, R %v", r[1], fit.Coef[j], c)
		}
		j++
	}
	if !math.IsNaN(fit.Coef[j]) || !math.IsNaN(fit.SE[j]) || len(fit.Warnings) != 1 || !strings.HasSuffix(fit.Warnings[0], ": age2") {
		t.Errorf("age2: %v %v, warnings %q", fit.Coef[j], fit.SE[j], fit.Warnings)
	}
}

// TestFitLogitNotConverged: stopped before convergence, the fit says so
// and is still finite.
func TestFitLogitNotConverged(t *testing.T) {
	d := refData(t, "main")
	x, err := NewDesign(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	fit, err := FitLogit(context.Background(), x, d.Treated, FitOptions{MaxIter: 2})
	if err != nil {
		t.Fatal(err)
	}
	if fit.Converged || fit.Iter != 2 || len(fit.Warnings) != 1 || !strings.Contains(fit.Warnings[0], "did not converge in 2 iterations") {
		t.Errorf("converged %v iter %d warnings %q", fit.Converged, fit.Iter, fit.Warnings)
	}
}
