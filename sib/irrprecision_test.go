package sib

import (
	"cmp"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestIRRPrecision checks SolveIRR against an exact reference of every real
// root above −100% of 300 investor cash-flow series from a Monte Carlo run
// of the Estonian example (testdata/reference/irrprecision: flows.csv, and
// roots.csv from gen.py, which isolates the roots with exact rational
// arithmetic and gives them to 25 digits with their conditioning).
//
// The tolerance. The solver finds u = log(1+r) as a zero of S, the NPV's
// polynomial in v = 1/(1+r) (or in 1+r for r < 0, which has the same
// roots and relative conditioning). Evaluated in floating point, a
// polynomial of degree m by Horner's rule is exact for terms f_i·v^i
// perturbed by relative errors of at most γ_2m ≈ 2m·2⁻⁵³ = m·ε (ε = 2⁻⁵²),
// so its computed zero is the exact zero of S with terms perturbed that
// much: it sits within m·ε·cond of the true u, in absolute terms, where
// cond = Σ|f_i|v^i / |v·P′(v)| is roots.csv's conditioning. Rounding v
// (or 1+r) itself moves u by another ε or so, whatever cond is. Then the
// result goes through a few roundings that are relative to u, about
// 5·ε·|u| in all: Rate = expm1(u) rounded (≤ 1 ulp of r, up to 1.5 ulp of
// u for |r| < ½), log1p(Rate) here (≤ 1 ulp), and the reference's own u,
// the 25-digit rate rounded to a double before log1p or log (≤ 2 ulp).
// Hence
//
//	|u − u_ref| ≤ ε·(m·cond + 2) + 5·ε·|u_ref|.
//
// The term in cond is absolute, not relative to u: S's rounding errors do
// not shrink as the root approaches 0 (u ≈ r), so near r = 0 only an
// absolute accuracy is possible in double precision. The bound is a
// worst case (Horner's errors mostly cancel); the test logs the largest
// error observed in units of ε·cond (absolute, the bounded quantity), of
// ε·|u| and ε·cond·|u| (relative, which the bound does not limit near
// r = 0) and of the tolerance.
func TestIRRPrecision(t *testing.T) {
	const eps = 0x1p-52
	flowRows := readRef(t, "id,kind,flows", "irrprecision", "flows.csv")[1:]
	rootRows := readRef(t, "id,roots,rates,conditioning", "irrprecision", "roots.csv")[1:]
	if len(flowRows) != len(rootRows) {
		t.Fatalf("flows.csv has %d series, roots.csv %d", len(flowRows), len(rootRows))
	}
	var (
		worstCond, worstRel, worstCU, worstTol      float64
		worstCondID, worstRelID, worstCUID, worstID string
		checked                                     int
	)
	for k, fr := range flowRows {
		rr := rootRows[k]
		id, kind := fr[0], fr[1]
		if rr[0] != id {
			t.Fatalf("row %d: flows.csv has %s, roots.csv %s", k+1, id, rr[0])
		}
		flows := irrPrecFloats(t, id, fr[2])
		n, err := strconv.Atoi(rr[1])
		if err != nil {
			t.Fatalf("%s: roots %q: %v", id, rr[1], err)
		}
		var rates, conds []string
		if n > 0 {
			rates, conds = strings.Split(rr[2], " "), strings.Split(rr[3], " ")
		}
		if len(rates) != n || len(conds) != n {
			t.Fatalf("%s: %d roots but %d rates and %d conditionings", id, n, len(rates), len(conds))
		}
		type ref struct {
			r, u, cond float64
		}
		refs := make([]ref, n)
		for i := range refs {
			c, err := strconv.ParseFloat(conds[i], 64)
			if err != nil {
				t.Fatalf("%s: conditioning %q: %v", id, conds[i], err)
			}
			r, u := irrPrecRate(t, id, rates[i])
			refs[i] = ref{r, u, c}
		}
		// The order in which SolveIRR reports them: by |r|.
		slices.SortStableFunc(refs, func(a, b ref) int {
			return cmp.Compare(math.Abs(a.r), math.Abs(b.r))
		})

		got := SolveIRR(flows)
		if n == 0 {
			if got.Status == OK {
				t.Errorf("%s (%s): Status OK with Rate %.17g (%d roots), want none: the NPV has no root above −100%%",
					id, kind, got.Rate, got.Roots)
			}
			continue
		}
		if got.Status != OK {
			t.Errorf("%s (%s): Status %v, want OK with %d root(s), the closest to 0 at %.17g",
				id, kind, got.Status, n, refs[0].r)
			continue
		}
		if got.Roots != n {
			t.Errorf("%s (%s): Roots %d, want %d (reference rates %s)", id, kind, got.Roots, n, rr[2])
		}
		// Degree of the polynomial: flows without the zeros at either end.
		first := slices.IndexFunc(flows, func(f float64) bool { return f != 0 })
		last := len(flows) - 1
		for flows[last] == 0 {
			last--
		}
		m := float64(last - first)

		check := func(what string, r float64, want ref) {
			u := math.Log1p(r)
			e := math.Abs(u - want.u)
			tol := eps*(m*want.cond+2) + 5*eps*math.Abs(want.u)
			checked++
			if x := e / (eps * want.cond); x > worstCond {
				worstCond, worstCondID = x, id
			}
			if x := e / (eps * math.Abs(want.u)); x > worstRel {
				worstRel, worstRelID = x, id
			}
			if x := e / (eps * want.cond * math.Abs(want.u)); x > worstCU {
				worstCU, worstCUID = x, id
			}
			if x := e / tol; x > worstTol {
				worstTol, worstID = x, id
			}
			if !(e <= tol) {
				t.Errorf("%s (%s): %s %.17g, want %.17g: |Δu| = %.3g = %.1f ε·cond (cond %.3g, u %.17g), tolerance %.3g",
					id, kind, what, r, want.r, e, e/(eps*want.cond), want.cond, want.u, tol)
			}
		}
		check("Rate", got.Rate, refs[0])
		switch {
		case n >= 2:
			check("Other", got.Other, refs[1])
		case !math.IsNaN(got.Other):
			t.Errorf("%s (%s): Other %.17g, want NaN for a single root", id, kind, got.Other)
		}
	}
	t.Logf("%d series, %d roots checked; largest |Δu|: %.2f ε·cond (%s), %.2f ε·|u| (%s), %.2f ε·cond·|u| (%s), %.3f of the tolerance (%s)",
		len(flowRows), checked, worstCond, worstCondID, worstRel, worstRelID, worstCU, worstCUID, worstTol, worstID)
}

func irrPrecFloats(t *testing.T, id, s string) []float64 {
	t.Helper()
	fields := strings.Split(s, " ")
	out := make([]float64, len(fields))
	for i, f := range fields {
		x, err := strconv.ParseFloat(f, 64)
		if err != nil {
			t.Fatalf("%s: flow %d: %v", id, i, err)
		}
		out[i] = x
	}
	return out
}

// irrPrecRate parses a reference rate given to 25 digits and returns it
// rounded to a double, and u = log(1+r) to within 2 ulp: by log1p of the
// rounded rate for |r| < ½ (where |r/((1+r)·u)| ≤ 1.45 keeps the rate's
// rounding error relative in u), and otherwise by log of 1+r formed
// exactly from the 25 digits before rounding (|u| ≥ 0.4 there).
func irrPrecRate(t *testing.T, id, s string) (r, u float64) {
	t.Helper()
	x, _, err := big.ParseFloat(s, 10, 256, big.ToNearestEven)
	if err != nil {
		t.Fatalf("%s: rate %q: %v", id, s, err)
	}
	r, _ = x.Float64()
	if math.Abs(r) < 0.5 {
		return r, math.Log1p(r)
	}
	w, _ := new(big.Float).SetPrec(256).Add(x, big.NewFloat(1)).Float64()
	if !(w > 0) {
		panic(fmt.Sprintf("%s: rate %s at or below −100%%", id, s))
	}
	return r, math.Log(w)
}
