package sib

import (
	"encoding/csv"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Paris for TestYearFractions on any machine
)

// Reference values marked "decimal" were computed independently in
// Python 3 with the decimal module at 50 digits: the NPV summed term by
// term as Σ f/(1+r)^t, and each root by 200 bisection steps in a bracket
// chosen by hand. They are quoted to 17 significant digits.

func ymd(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// Microsoft's documented XIRR and XNPV example.
var (
	msFlows = []float64{-10000, 2750, 4250, 3250, 2750}
	msDates = []time.Time{ymd("2008-01-01"), ymd("2008-03-01"), ymd("2008-10-30"), ymd("2009-02-15"), ymd("2009-04-01")}
)

func within(got, want, tol float64) bool {
	return got == want || math.Abs(got-want) <= tol
}

func TestXIRRMicrosoft(t *testing.T) {
	years := YearFractions(msDates, nil)
	// 0, 60, 303, 411, 456 days.
	wantYears := []float64{0, 60.0 / 365, 303.0 / 365, 411.0 / 365, 456.0 / 365}
	if !slices.Equal(years, wantYears) {
		t.Fatalf("YearFractions = %v, want %v", years, wantYears)
	}
	irr := SolveXIRR(msFlows, years)
	// decimal: 0.37336253351883151. Microsoft documents 0.373362535,
	// 1.5e-9 away: Excel's Newton iteration stops before full precision.
	if irr.Status != OK || irr.Roots != 1 || !within(irr.Rate, 0.37336253351883151, 1e-15) {
		t.Errorf("SolveXIRR = %+v, want 0.37336253351883151", irr)
	}
	if !within(irr.Rate, 0.373362535, 2e-9) {
		t.Errorf("SolveXIRR = %v, Microsoft: 0.373362535", irr.Rate)
	}
	// Microsoft: 2086.65; decimal: 2086.6476020315366.
	if got := XNPV(0.09, msFlows, years); !within(got, 2086.6476020315366, 1e-9) {
		t.Errorf("XNPV(0.09) = %v, want 2086.6476020315366", got)
	}
	if got := XNPV(irr.Rate, msFlows, years); !within(got, 0, 1e-10) {
		t.Errorf("XNPV(XIRR) = %v, want 0", got)
	}
}

func TestYearFractions(t *testing.T) {
	// A time of day and a daylight-saving change make no fraction of a day.
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	dates := []time.Time{
		time.Date(2024, 3, 30, 23, 0, 0, 0, paris),
		time.Date(2024, 3, 31, 1, 0, 0, 0, paris), // the clocks go forward at 2:00
		time.Date(2024, 4, 1, 0, 30, 0, 0, paris),
		time.Date(2023, 3, 30, 12, 0, 0, 0, time.UTC), // before the first: negative
	}
	out := make([]float64, 1, 10)
	got := YearFractions(dates, out)
	if want := []float64{0, 1.0 / 365, 2.0 / 365, -366.0 / 365}; !slices.Equal(got, want) {
		t.Errorf("YearFractions = %v, want %v", got, want)
	}
	if &got[0] != &out[0] {
		t.Error("YearFractions did not reuse out")
	}
	if got := YearFractions(nil, out); len(got) != 0 {
		t.Errorf("YearFractions(nil) = %v", got)
	}
}

func TestNPV(t *testing.T) {
	for _, tc := range []struct {
		rate  float64
		flows []float64
		want  float64
	}{
		{0.1, nil, 0},
		{0.1, []float64{-100}, -100},
		{-1, []float64{-100}, -100}, // flows[0] is not discounted, even at −100%
		{0.1, []float64{-100, 110}, 0},
		{0.1, []float64{-100, 0, 121}, 0},
		{0, []float64{1, 2, 3.5}, 6.5},
		{1, []float64{0, 0, 4}, 1},
		{-0.5, []float64{0, 0, 4}, 16},
		// decimal: 139.80724903787530.
		{0.005, annuity600, 139.80724903787530},
	} {
		if got := NPV(tc.rate, tc.flows); !within(got, tc.want, 1e-12*max(1, math.Abs(tc.want))) {
			t.Errorf("NPV(%v, %v) = %v, want %v", tc.rate, tc.flows, got, tc.want)
		}
	}
}

// annuity600 is 1000 invested and 6 a period back for 600 periods.
var annuity600 = func() []float64 {
	f := make([]float64, 601)
	f[0] = -1000
	for i := 1; i < len(f); i++ {
		f[i] = 6
	}
	return f
}()

func TestSolveIRR(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		name   string
		flows  []float64
		status Status
		rate   float64 // NaN when none
		roots  int
		other  float64 // NaN when none
	}{
		// By hand.
		{"one period", []float64{-100, 110}, OK, 0.1, 1, nan},
		{"two periods", []float64{-100, 0, 121}, OK, 0.1, 1, nan},
		{"leading and trailing zeros", []float64{0, 0, -100, 0, 121, 0, 0}, OK, 0.1, 1, nan},
		{"inflow first", []float64{100, -110}, OK, 0.1, 1, nan},
		{"zero IRR", []float64{-100, 40, 60}, OK, 0, 1, nan},
		{"near total loss", []float64{-1000, 0.001}, OK, -0.999999, 1, nan},
		{"500%", []float64{-100, 600}, OK, 5, 1, nan},
		{"600%", []float64{-1, 0, 49}, OK, 6, 1, nan},
		{"1e6 times over", []float64{-1, 1e6 + 1}, OK, 1e6, 1, nan},
		{"1e-9 above total loss", []float64{-1, 1e-9}, OK, -1 + 1e-9, 1, nan},
		// decimal: 3.5043409411691425.
		{"350%", []float64{-100, 300, 500, 800}, OK, 3.5043409411691425, 1, nan},
		// decimal: 0.0058149450849741215.
		{"600 periods", annuity600, OK, 0.0058149450849741215, 1, nan},
		// −1 + 5v − 6v² = −(1 − 2v)(1 − 3v): 100% and 200%.
		{"two roots", []float64{-1, 5, -6}, OK, 1, 2, 2},
		// −100 + 230v − 132v² = −(10 − 11v)(10 − 12v): 10% and 20%.
		{"two close roots", []float64{-100, 230, -132}, OK, 0.1, 2, 0.2},
		// 1 − 10v + 31v² − 30v³ = (1 − 2v)(1 − 3v)(1 − 5v).
		{"three roots", []float64{1, -10, 31, -30}, OK, 1, 3, 2},
		// −(1 − v)²: a double root at 0 that the grid meets exactly.
		{"double root", []float64{-1, 2, -1}, OK, 0, 1, nan},
		// −(1/3)(1 − 6v)²: a double root at 500%, met exactly at the
		// turning point (captured by fuzzing, with SolveXIRR, which
		// misses it: a double root is found only if rounding lets it).
		{"double root at 500%", []float64{-1.0 / 3, 4, -12, 0, 0}, OK, 5, 1, nan},
		// −1 + 2v − 2v²: negative everywhere.
		{"no root", []float64{-1, 2, -2}, NoRoot, nan, 0, nan},
		{"empty", nil, NoFlows, nan, 0, nan},
		{"zeros", []float64{0, 0}, NoFlows, nan, 0, nan},
		{"no outflow", []float64{100, 50}, NoOutflow, nan, 0, nan},
		{"total loss", []float64{-100}, TotalLoss, -1, 0, nan},
		{"total loss with zeros", []float64{-100, 0, -5, 0}, TotalLoss, -1, 0, nan},
		{"NaN", []float64{-100, nan, 120}, NotFinite, nan, 0, nan},
		{"Inf", []float64{-100, math.Inf(1)}, NotFinite, nan, 0, nan},
		{"overflow", []float64{-math.MaxFloat64, math.MaxFloat64}, NotFinite, nan, 0, nan},
	} {
		got := SolveIRR(tc.flows)
		if got.Status != tc.status || got.Roots != tc.roots ||
			!sameRate(got.Rate, tc.rate) || !sameRate(got.Other, tc.other) {
			t.Errorf("%s: SolveIRR(%v) = %+v, want %v %v roots=%d other=%v",
				tc.name, tc.flows, got, tc.status, tc.rate, tc.roots, tc.other)
		}
		if got.Exists() != (tc.status == OK || tc.status == TotalLoss) {
			t.Errorf("%s: Exists() = %v", tc.name, got.Exists())
		}
		if (got.Reason() == "") != (tc.status == OK) {
			t.Errorf("%s: Reason() = %q", tc.name, got.Reason())
		}
		if (got.Warning() == "") != (tc.roots < 2) {
			t.Errorf("%s: Warning() = %q", tc.name, got.Warning())
		}
	}
}

// sameRate reports whether two rates agree to 1e-12 relative (absolute
// below 1), or are both NaN.
func sameRate(got, want float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return within(got, want, 1e-12*max(1, math.Abs(want)))
}

func TestIRRMessages(t *testing.T) {
	for _, tc := range []struct {
		flows           []float64
		reason, warning string
	}{
		{[]float64{-1, 5, -6}, "", "several IRRs: 100.0% and 200.0%; the flows change sign more than once"},
		{[]float64{1, -10, 31, -30}, "", "3 IRRs, among them 100.0% and 200.0%; the flows change sign more than once"},
		{[]float64{100, 50}, "no IRR: nothing was invested (no outflow)", ""},
		{[]float64{-100}, "total loss: nothing comes back, the IRR is −100%", ""},
		{[]float64{-1, 2, -2}, "no IRR: the net present value has no root above −100%", ""},
		{nil, "no IRR: there are no flows (or all are zero)", ""},
		{[]float64{math.NaN()}, "no IRR: a flow or a date is not a finite number", ""},
	} {
		r := SolveIRR(tc.flows)
		if r.Reason() != tc.reason || r.Warning() != tc.warning {
			t.Errorf("%v: Reason %q, Warning %q; want %q, %q", tc.flows, r.Reason(), r.Warning(), tc.reason, tc.warning)
		}
	}
}

func TestSolveXIRR(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		name         string
		flows, years []float64
		status       Status
		rate         float64
		roots        int
	}{
		{"a year", []float64{-100, 110}, []float64{0, 1}, OK, 0.1, 1},
		{"half a year", []float64{-100, 121}, []float64{0, 0.5}, OK, 0.21 * (2 + 0.21), 1},
		{"out of order", []float64{121, -100}, []float64{2, 0}, OK, 0.1, 1},
		{"late start", []float64{-100, 0, 110}, []float64{3, 3.5, 4}, OK, 0.1, 1},
		// Two flows on the first day that cancel: the count of sign
		// changes proves nothing and the grid is scanned.
		{"cancelling first day", []float64{-50, 50, -100, 110}, []float64{0, 0, 0, 1}, OK, 0.1, 1},
		// (1+r)^−0.25 = 1e−6 near total loss: a rate of 1e−24 − 1 rounds
		// to −1, but the status is OK.
		{"near total loss in a quarter", []float64{-1e6, 1}, []float64{0, 0.25}, OK, -1, 1},
		{"a day later, 2x", []float64{-1, 2}, []float64{0, 1.0 / 365}, OK, math.Pow(2, 365) - 1, 1},
		// 8^365 overflows float64.
		{"a day later, 8x", []float64{-1, 8}, []float64{0, 1.0 / 365}, OK, math.Inf(1), 1},
		{"a split second later", []float64{-1, 8}, []float64{0, 1e-300}, NoRoot, nan, 0},
		{"one date", []float64{-100, 110}, []float64{1, 1}, NoRoot, nan, 0},
		{"one date, cancelling", []float64{-100, 100}, []float64{1, 1}, NoRoot, nan, 0},
		{"two roots", []float64{-1, 5, -6}, []float64{0, 1, 2}, OK, 1, 2},
		{"NaN year", []float64{-1, 5}, []float64{0, nan}, NotFinite, nan, 0},
		{"total loss", []float64{-1, 0}, []float64{0, 1}, TotalLoss, -1, 0},
	} {
		got := SolveXIRR(tc.flows, tc.years)
		if got.Status != tc.status || got.Roots != tc.roots || !sameRate(got.Rate, tc.rate) {
			t.Errorf("%s: SolveXIRR = %+v, want %v %v roots=%d", tc.name, got, tc.status, tc.rate, tc.roots)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("SolveXIRR with more years than flows did not panic")
		}
	}()
	SolveXIRR([]float64{-1, 2}, []float64{0, 1, 2})
}

func TestMultiple(t *testing.T) {
	for _, tc := range []struct {
		flows []float64
		want  float64
	}{
		{[]float64{-100, 30, 90}, 1.2},
		{[]float64{-100, 50, -100, 250}, 1.5},
		{[]float64{-100}, 0},
		{[]float64{-100, 0}, 0},
		{[]float64{100}, math.NaN()},
		{nil, math.NaN()},
		{[]float64{-100, math.NaN()}, math.NaN()},
	} {
		if got := Multiple(tc.flows); !sameRate(got, tc.want) {
			t.Errorf("Multiple(%v) = %v, want %v", tc.flows, got, tc.want)
		}
	}
}

func TestPayback(t *testing.T) {
	for _, tc := range []struct {
		flows []float64
		want  int
	}{
		{[]float64{-100, 50, 60}, 2},
		{[]float64{-100, 100}, 1}, // even is paid back
		{[]float64{-100, 50, 60, -20}, -1},
		{[]float64{-100, 150, -100, 60}, 3},
		{[]float64{0, -100, 0, 200, 0}, 3},
		{[]float64{100, -50}, 1}, // already ahead at the outflow
		{[]float64{100, 50}, -1}, // nothing invested
		{[]float64{-100}, -1},
		{nil, -1},
		{[]float64{-100, math.NaN(), 200}, -1},
	} {
		if got := Payback(tc.flows); got != tc.want {
			t.Errorf("Payback(%v) = %d, want %d", tc.flows, got, tc.want)
		}
	}
}

// irrRoots and xirrRoots list every root found, for the tests.
func irrRoots(flows []float64) []float64 {
	all := []float64{}
	solveIRR(flows, &all)
	return all
}

func xirrRoots(flows, years []float64) []float64 {
	all := []float64{}
	solveXIRR(flows, years, &all)
	return all
}

func TestRoots(t *testing.T) {
	// (1 − 2v)(1 − 3v)(1 − 5v) in increasing u: 100%, 200%, 400%.
	if got := irrRoots([]float64{1, -10, 31, -30}); !slices.EqualFunc(got, []float64{1, 2, 4}, sameRate) {
		t.Errorf("roots = %v, want [1 2 4]", got)
	}
	// Roots 1e-4 apart, closer than the grid: found at a turning point.
	// −(1 − 1.1v)(1 − 1.1001v) = −1 + 2.2001v − 1.21011v². decimal, with
	// the coefficients as rounded to float64: 0.10000000000079936 and
	// 0.10009999999920058. S′ there is about 1e-4, so rounding of 1e-16 in
	// S moves the roots by about 1e-12.
	got := irrRoots([]float64{-1, 2.2001, -1.21011})
	if want := []float64{0.10000000000079936, 0.10009999999920058}; !slices.EqualFunc(got, want, func(a, b float64) bool { return within(a, b, 1e-11) }) {
		t.Errorf("close roots = %v, want %v", got, want)
	}
	// Roots at −90% and 900%, far out on each side.
	// −(1 − 0.1v)(1 − 10v) = −1 + 10.1v − v².
	if got := irrRoots([]float64{-1, 10.1, -1}); !slices.EqualFunc(got, []float64{-0.9, 9}, sameRate) {
		t.Errorf("far roots = %v, want [-0.9 9]", got)
	}
	// The same, dated and out of order.
	if got := xirrRoots([]float64{-1, -1, 10.1}, []float64{2, 0, 1}); !slices.EqualFunc(got, []float64{-0.9, 9}, sameRate) {
		t.Errorf("far dated roots = %v, want [-0.9 9]", got)
	}
}

// TestNPVAtIRR is a property test: NPV at the IRR is 0, to rounding in
// the flows' absolute sum, for random series of many shapes, and the
// dated solver agrees with the periodic one on whole years.
func TestNPVAtIRR(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	years := make([]float64, 600)
	for i := range years {
		years[i] = float64(i)
	}
	for trial := range 2000 {
		n := 2 + rng.IntN(60)
		if trial%100 == 0 {
			n = 600
		}
		flows := make([]float64, n)
		for i := range flows {
			switch rng.IntN(4) {
			case 0:
				flows[i] = 0
			case 1:
				flows[i] = -rng.ExpFloat64() * math.Pow(10, float64(rng.IntN(7)))
			default:
				flows[i] = rng.ExpFloat64() * math.Pow(10, float64(rng.IntN(4)))
			}
		}
		var abs float64
		for _, f := range flows {
			abs += math.Abs(f)
		}
		irr := SolveIRR(flows)
		xirr := SolveXIRR(flows, years[:n])
		if irr.Status != xirr.Status || irr.Roots != xirr.Roots || !sameRateTol(irr.Rate, xirr.Rate, 1e-9) {
			t.Errorf("flows %v: SolveIRR %+v, SolveXIRR %+v", flows, irr, xirr)
		}
		if irr.Status != OK {
			continue
		}
		for _, r := range irrRoots(flows) {
			// For r < 0, NPV·(1+r)^(n−1): the same roots without the
			// overflow of (1+r)^−i near −100%.
			npv := NPV(r, flows)
			if r < 0 {
				npv = 0
				for i, f := range flows {
					npv += f * math.Pow(1+r, float64(n-1-i))
				}
			}
			if !(math.Abs(npv) <= 1e-12*abs) {
				t.Errorf("flows %v: NPV(%v) = %v", flows, r, npv)
			}
		}
	}
}

// TestRootsComplete checks that the roots found are all there are, on
// random short series that change sign several times, against a count of
// the sign changes of NPV·(1+r)^(n−1), evaluated term by term, on a
// uniform grid of step 0.004 in log(1+r) from −20 to 20: finer than the
// solver's everywhere.
func TestRootsComplete(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	hist := map[int]int{}
	for range 1000 {
		n := 3 + rng.IntN(6)
		flows := make([]float64, n)
		for i := range flows {
			flows[i] = math.Round(rng.NormFloat64()*1000) / 10
		}
		count := 0
		var prev float64
		for k := range 10001 {
			u := -20 + 40*float64(k)/10000
			var y float64
			for i, f := range flows {
				y += f * math.Exp(float64(n-1-i)*u)
			}
			if y != 0 && prev != 0 && (y > 0) != (prev > 0) {
				count++
			}
			if y != 0 {
				prev = y
			}
		}
		got := irrRoots(flows)
		if len(got) != count {
			t.Errorf("flows %v: roots %v, %d sign changes on a fine grid", flows, got, count)
		}
		hist[count]++
	}
	t.Logf("series by number of roots: %v", hist)
}

// FuzzSolveIRR checks that any five flows give a status that fits their
// signs, roots that zero NPV·(1+r)^4 (or ·1 for r ≥ 0), and the same
// answer dated at whole years.
func FuzzSolveIRR(f *testing.F) {
	f.Add(-100.0, 230.0, -132.0, 0.0, 0.0)
	f.Add(-1.0, 5.0, -6.0, 0.0, 0.0)
	f.Add(-1000.0, 0.0, 0.0, 0.0, 0.001)
	f.Add(1.0, -10.0, 31.0, -30.0, 0.0)
	f.Add(-1e300, 1e300, 1e-300, -1e-300, 5.0)
	f.Fuzz(func(t *testing.T, a, b, c, d, e float64) {
		flows := []float64{a, b, c, d, e}
		irr := SolveIRR(flows)
		pos, neg, finite := false, false, true
		var abs float64
		for _, x := range flows {
			pos, neg = pos || x > 0, neg || x < 0
			finite = finite && !math.IsNaN(x) && !math.IsInf(x, 0)
			abs += math.Abs(x)
		}
		switch {
		case !finite || math.IsInf(abs, 0):
			if irr.Status != NotFinite {
				t.Fatalf("%v: %+v, want NotFinite", flows, irr)
			}
			return
		case !pos && !neg:
			if irr.Status != NoFlows {
				t.Fatalf("%v: %+v", flows, irr)
			}
		case !neg:
			if irr.Status != NoOutflow {
				t.Fatalf("%v: %+v", flows, irr)
			}
		case !pos:
			if irr.Status != TotalLoss || irr.Rate != -1 {
				t.Fatalf("%v: %+v", flows, irr)
			}
		case irr.Status != OK && irr.Status != NoRoot:
			t.Fatalf("%v: %+v", flows, irr)
		}
		// A double root, where the NPV touches 0 without crossing it, is
		// found only if rounding makes it reach 0: the two may differ.
		xirr := SolveXIRR(flows, []float64{0, 1, 2, 3, 4})
		if xirr.Status != irr.Status && !touches(flows, irr.Rate) && !touches(flows, xirr.Rate) {
			t.Fatalf("%v: SolveIRR %+v, SolveXIRR %+v", flows, irr, xirr)
		}
		for _, r := range irrRoots(flows) {
			var y, scale float64
			for i, x := range flows {
				p := -float64(i)
				if r < 0 {
					p += 4
				}
				z := x * math.Pow(1+r, p)
				y += z
				scale += math.Abs(z)
			}
			// A root near −100% is checked through 1+r, which keeps
			// only a few of its digits there.
			if r > -0.9999 && !(math.Abs(y) <= 1e-9*scale) {
				t.Fatalf("%v: root %v leaves NPV %v of %v", flows, r, y, scale)
			}
		}
	})
}

// touches reports whether the NPV of flows has the same sign just below
// and just above r: a double root.
func touches(flows []float64, r float64) bool {
	if math.IsNaN(r) {
		return false
	}
	d := 1e-6 * (1 + r)
	a, b := NPV(r-d, flows), NPV(r+d, flows)
	return (a > 0) == (b > 0)
}

func sameRateTol(got, want, tol float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return within(got, want, tol*max(1, math.Abs(want)))
}

// TestXNPVWholeYears is a metamorphic test: XNPV at years 0, 1, 2, …
// equals NPV, and both equal the plain sum at rate 0.
func TestXNPVWholeYears(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	for range 500 {
		n := 1 + rng.IntN(100)
		flows := make([]float64, n)
		years := make([]float64, n)
		var sum, abs float64
		for i := range flows {
			flows[i] = rng.NormFloat64() * 1000
			years[i] = float64(i)
			sum += flows[i]
			abs += math.Abs(flows[i])
		}
		rate := math.Expm1(rng.NormFloat64() * 0.3)
		npv, xnpv := NPV(rate, flows), XNPV(rate, flows, years)
		scale := 0.0
		for i, f := range flows {
			scale += math.Abs(f) * math.Pow(1+rate, -float64(i))
		}
		if !within(npv, xnpv, 1e-12*scale) {
			t.Errorf("rate %v: NPV %v, XNPV %v", rate, npv, xnpv)
		}
		if a, b := NPV(0, flows), XNPV(0, flows, years); !within(a, sum, 1e-12*abs) || !within(b, sum, 1e-12*abs) {
			t.Errorf("rate 0: NPV %v, XNPV %v, sum %v", a, b, sum)
		}
	}
}

// TestSolveAllocs pins the performance contract: no allocation.
func TestSolveAllocs(t *testing.T) {
	years := YearFractions(msDates, nil)
	twice := []float64{-1, 5, -6}
	for name, f := range map[string]func(){
		"SolveIRR":       func() { SolveIRR(sibFlows) },
		"SolveIRR twice": func() { SolveIRR(twice) },
		"SolveXIRR":      func() { SolveXIRR(msFlows, years) },
		"SolveXIRR scan": func() { SolveXIRR(twice, []float64{0, 1, 2}) },
		"NPV":            func() { NPV(0.1, sibFlows) },
		"XNPV":           func() { XNPV(0.1, msFlows, years) },
		"YearFractions":  func() { YearFractions(msDates, years) },
	} {
		if n := testing.AllocsPerRun(100, f); n != 0 {
			t.Errorf("%s: %v allocations a call", name, n)
		}
	}
}

// sibFlows is a typical investor's series in a SIB, quarterly over ten
// years: four tranches invested, two years of nothing, outcome payments,
// and the capital back at the end. decimal: IRR 0.0089602774231175511.
var sibFlows = func() []float64 {
	f := make([]float64, 40)
	for i := range f {
		switch {
		case i < 4:
			f[i] = -250000
		case i >= 10:
			f[i] = 30000
		}
	}
	f[39] = 400000
	return f
}()

func TestSIBFlows(t *testing.T) {
	if got := SolveIRR(sibFlows); got.Status != OK || !sameRate(got.Rate, 0.0089602774231175511) {
		t.Errorf("SolveIRR = %+v, want 0.0089602774231175511", got)
	}
}

// refSeries is a series from testdata/reference/returns.
type refSeries struct {
	id, kind, note string
	flows, years   []float64
	rate           float64
	npv            float64
	irr            float64 // NaN when Calc failed
	calcErr        string
	guessIRR       float64 // Calc's IRR from another guess when it failed with the default; else NaN
}

// readRef returns the records of a file under testdata/reference (its
// path there given by parts), header first, after checking the header is
// header, so that a change of layout cannot silently misread a column.
func readRef(t *testing.T, header string, parts ...string) [][]string {
	t.Helper()
	name := filepath.Join(append([]string{"..", "testdata", "reference"}, parts...)...)
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(rows) < 2 {
		t.Fatalf("%s: no rows", name)
	}
	if h := strings.Join(rows[0], ","); h != header {
		t.Fatalf("%s: header %q, want %q", name, h, header)
	}
	return rows
}

func refFloat(t *testing.T, s string) float64 {
	t.Helper()
	if s == "" {
		return math.NaN()
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func loadReference(t *testing.T) []*refSeries {
	byID := map[string]*refSeries{}
	var order []*refSeries
	rows := readRef(t, "id,kind,i,date,value", "returns", "series.csv")
	var dates []time.Time
	flush := func() {
		if len(order) > 0 && order[len(order)-1].kind == "dated" {
			order[len(order)-1].years = YearFractions(dates, nil)
		}
		dates = dates[:0]
	}
	for _, r := range rows[1:] {
		s := byID[r[0]]
		if s == nil {
			flush()
			s = &refSeries{id: r[0], kind: r[1]}
			byID[r[0]] = s
			order = append(order, s)
		}
		if i, err := strconv.Atoi(r[2]); err != nil || i != len(s.flows) {
			t.Fatalf("series.csv: %s: flow %q out of order", s.id, r[2])
		}
		s.flows = append(s.flows, refFloat(t, r[4]))
		if s.kind == "dated" {
			d, err := time.Parse(time.DateOnly, r[3])
			if err != nil {
				t.Fatal(err)
			}
			dates = append(dates, d)
		}
	}
	flush()
	rows = readRef(t, "id,rate,note", "returns", "rates.csv")
	for _, r := range rows[1:] {
		byID[r[0]].note = r[2]
	}
	rows = readRef(t, "id,kind,n,rate,npv,irr,calc_error", "returns", "expected.csv")
	for _, r := range rows[1:] {
		s := byID[r[0]]
		if s == nil || s.kind != r[1] || r[2] != strconv.Itoa(len(s.flows)) {
			t.Fatalf("expected.csv: %s does not match series.csv", r[0])
		}
		s.rate, s.npv, s.irr, s.calcErr = refFloat(t, r[3]), refFloat(t, r[4]), refFloat(t, r[5]), r[6]
		s.guessIRR = math.NaN()
	}
	rows = readRef(t, "id,kind,guess,irr", "returns", "expected_guess.csv")
	for _, r := range rows[1:] {
		byID[r[0]].guessIRR = refFloat(t, r[3])
	}
	return order
}

// TestReturnsLibreOffice compares NPV, XNPV, IRR and XIRR with LibreOffice
// Calc 7.4 on the 266 series of testdata/reference/returns (see its
// README): NPV within 1e-9 of both Σ|f|/(1+r)^t and Σ|f| (or of 1);
// IRR within 1e-9. Where the flows have several IRRs, Calc's
// must be one of ours. Where Calc failed, ours must zero the NPV, and
// equal Calc's from another guess if one converged.
func TestReturnsLibreOffice(t *testing.T) {
	const tol = 1e-9
	var maxNPV, maxNPV1, maxIRR, maxGuess float64
	var worstNPV, worstIRR string
	for _, s := range loadReference(t) {
		var npv, scale float64
		var irr IRR
		var all []float64
		if s.kind == "dated" {
			npv = XNPV(s.rate, s.flows, s.years)
			irr, all = SolveXIRR(s.flows, s.years), xirrRoots(s.flows, s.years)
		} else {
			npv = NPV(s.rate, s.flows)
			irr, all = SolveIRR(s.flows), irrRoots(s.flows)
		}
		var abs float64
		for i, f := range s.flows {
			scale += math.Abs(f) * math.Pow(1+s.rate, -refTime(s, i))
			abs += math.Abs(f)
		}
		// Relative to the terms, discounted, and to the flows.
		d := math.Abs(npv-s.npv) / max(1, scale)
		d1 := math.Abs(npv-s.npv) / max(1, abs)
		if !(d <= tol && d1 <= tol) {
			t.Errorf("%s (%s): NPV %v, Calc %v", s.id, s.note, npv, s.npv)
		}
		if d > maxNPV {
			maxNPV, worstNPV = d, s.id
		}
		maxNPV1 = max(maxNPV1, d1)
		if len(all) != irr.Roots {
			t.Errorf("%s: %d roots listed, %d counted", s.id, len(all), irr.Roots)
		}
		// nearest is the distance from x to the closest of our roots.
		nearest := func(x float64) float64 {
			d := math.Inf(1)
			for _, r := range all {
				d = min(d, math.Abs(r-x))
			}
			return d
		}
		switch {
		case !math.IsNaN(s.irr):
			d := nearest(s.irr)
			if irr.Roots == 1 {
				d = math.Abs(irr.Rate - s.irr)
			}
			if !(d <= tol) {
				t.Errorf("%s (%s): IRR %+v (roots %v), Calc %v", s.id, s.note, irr, all, s.irr)
			} else if d > maxIRR {
				maxIRR, worstIRR = d, s.id
			}
			if irr.Roots > 1 {
				t.Logf("%s (%s): IRRs %v, Calc %v", s.id, s.note, all, s.irr)
			}
		case !math.IsNaN(s.guessIRR):
			if d := nearest(s.guessIRR); !(d <= tol) {
				t.Errorf("%s (%s): IRR %+v (roots %v), Calc with a guess %v", s.id, s.note, irr, all, s.guessIRR)
			} else {
				maxGuess = max(maxGuess, d)
			}
		default:
			// Calc found nothing: either do we, or ours zero the NPV.
			for _, r := range all {
				if y, sc := scaledNPV(s, r); !(math.Abs(y) <= tol*sc) {
					t.Errorf("%s (%s): IRR %v, where the NPV is %v of %v", s.id, s.note, r, y, sc)
				}
			}
			t.Logf("%s (%s): Calc %s; ours %v %s", s.id, s.note, s.calcErr, irr.Status, irr.Reason())
		}
	}
	t.Logf("largest differences from Calc: NPV %.2g of the discounted terms (%s), %.2g of the flows; IRR %.2g (%s), IRR with a guess %.2g",
		maxNPV, worstNPV, maxNPV1, maxIRR, worstIRR, maxGuess)
}

// t0 is the time of flow i in periods or years.
func refTime(s *refSeries, i int) float64 {
	if s.years != nil {
		return s.years[i]
	}
	return float64(i)
}

// scaledNPV returns Σ f·(1+r)^(T−t), the NPV times (1+r)^T, with T the
// last time when r < 0 and 0 otherwise, so that it stays finite near
// −100%, and the absolute sum of its terms.
func scaledNPV(s *refSeries, r float64) (y, scale float64) {
	var last float64
	if r < 0 {
		last = refTime(s, len(s.flows)-1)
	}
	for i, f := range s.flows {
		z := f * math.Pow(1+r, last-refTime(s, i))
		y += z
		scale += math.Abs(z)
	}
	return y, scale
}

// TestPartialSumsAgreeWithScan checks the shortcut for periodic flows whose
// running totals change sign at most once from each end, at 0 or at a
// pivot, against the grid scan it spares: the same number of roots and
// the same rates; where it gives up, the scan of the bounds it narrowed
// finds what the scan of the whole grid finds. The series
// are SIB-shaped (calls, returns, a recycled call, returns again), so most
// change sign three or more times.
func TestPartialSumsAgreeWithScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	taken, skipped, narrowed := 0, 0, 0
	for range 5000 {
		n := 4 + rng.IntN(40)
		flows := make([]float64, n)
		for i := range flows {
			x := rng.ExpFloat64() * 1000
			if rng.Float64() < 0.35 {
				x = -x
			}
			if rng.Float64() < 0.2 {
				x = 0
			}
			flows[i] = math.Round(x*100) / 100
		}
		st, first, last, changes, abs := classify(flows)
		if st != OK || changes < 2 {
			continue
		}
		f := flows[first : last+1]
		sh := shape{
			lead: f[0], tail: f[len(f)-1],
			hi:      bound(f[0], abs-math.Abs(f[0]), 1),
			lo:      -bound(f[len(f)-1], abs-math.Abs(f[len(f)-1]), 1),
			changes: changes,
		}
		ser := series{f: f, tmax: float64(len(f) - 1)}
		var quick roots
		all := sh // the grid's bounds before partial narrows them
		want := ser.scan(all, roots{})
		var got IRR
		if ser.partial(&sh, &quick) {
			taken++
			got = quick.irr()
		} else {
			// The scan of the bounds partial narrowed finds the same.
			skipped++
			got = ser.scan(sh, roots{})
			if sh.lo < all.lo || sh.hi > all.hi {
				t.Fatalf("flows %v: bounds [%v, %v] widened to [%v, %v]", flows, all.lo, all.hi, sh.lo, sh.hi)
			}
			if sh.lo > all.lo || sh.hi < all.hi {
				narrowed++
			}
		}
		if got.Status != want.Status || got.Roots != want.Roots ||
			!sameRateTol(got.Rate, want.Rate, 1e-11) || !sameRateTol(got.Other, want.Other, 1e-11) {
			t.Fatalf("flows %v: running totals give %+v, the grid %+v", flows, got, want)
		}
	}
	if taken < 500 {
		t.Errorf("only %d series took the shortcut (%d did not)", taken, skipped)
	}
	t.Logf("%d series took the shortcut, %d went to the grid (%d of them on narrower bounds)", taken, skipped, narrowed)
}

// TestPartialPivot: a heavy loss's flows (calls, a little back, then the
// intermediary's fee called again each quarter: the Estonian deal's worst
// draws) have two or three sign changes of their running totals from the
// last flow, so partial at 0 gives up; at a pivot below 0 they have at
// most one a side, and the roots it finds are the grid scan's.
func TestPartialPivot(t *testing.T) {
	for _, flows := range [][]float64{
		{-47369, -31812, -54864, -54864, -53896, -31588, -54629, -32828, -33109, -12604, -2000, 20480, -2000, 70, -2000, 23, -2000, -97, -2000, 86},
		{-46989, -30862, -54992, -54992, -58434, -13643, -61259, -13035, -37806, 9852, -1999, 51669, -2000, -2000, -2000, -2000, -2000, -2000, -2000, -2000},
		{-48057, -32550, -58074, -58074, -61356, -38132, -62502, -38157, -35963, -10541, -2000, 23421, -2000, -2000, -2000, -2000, -2000, -2000, -1999, -2000},
	} {
		st, f, sh := periodicShape(flows)
		if st != OK {
			t.Fatalf("%v: %v", flows, st)
		}
		if _, fwd, back, _, ok := pivotOf(f, &shape{lo: -1e9, hi: 1e9}); !ok || fwd > 1 || back > 1 {
			t.Fatalf("%v: no pivot (%d, %d, %v)", flows, fwd, back, ok)
		}
		if fwd, back, _, _ := runningChanges(f); back < 2 {
			t.Fatalf("%v: %d, %d changes at 0: not a case for a pivot", flows, fwd, back)
		}
		ser := series{f: f, tmax: float64(len(f) - 1)}
		var quick roots
		if !ser.partial(&sh, &quick) {
			t.Fatalf("%v: partial gave up", flows)
		}
		got, want := quick.irr(), ser.scan(sh, roots{})
		if got.Status != want.Status || got.Roots != want.Roots ||
			!sameRateTol(got.Rate, want.Rate, 1e-13) || !sameRateTol(got.Other, want.Other, 1e-13) {
			t.Fatalf("flows %v: the pivot gives %+v, the grid %+v", flows, got, want)
		}
	}
}

// TestPartialNarrows: flows that nearly touch 0 near u = −0.26 (a heavy
// loss with no IRR) have no pivot: their changes go from (0, 2) to (2, 2)
// to (2, 0). The pivots tried narrow the scan to about −0.27 … −0.25,
// which finds no root, as the whole grid does.
func TestPartialNarrows(t *testing.T) {
	flows := []float64{-45654, -29756, -53007, -53007, -56513, -8242, -57489, -5036, -34389, 18264, -2000, 52592, -1999, -2000, -2000, -2000, -2000, -2000, -2000, -2000}
	st, f, sh := periodicShape(flows)
	if st != OK {
		t.Fatal(st)
	}
	all := sh
	ser := series{f: f, tmax: float64(len(f) - 1)}
	var rs roots
	if ser.partial(&sh, &rs) {
		t.Fatalf("a pivot found: %+v", rs.irr())
	}
	if !(sh.lo >= -0.27 && sh.hi <= -0.25 && sh.lo < sh.hi) {
		t.Errorf("bounds [%v, %v], want within [−0.27, −0.25]", sh.lo, sh.hi)
	}
	got, want := ser.scan(sh, roots{}), ser.scan(all, roots{})
	if got.Status != NoRoot || want.Status != NoRoot {
		t.Errorf("narrowed scan %+v, whole grid %+v: want no root", got, want)
	}
}

// TestPivotLongSeries: a series so long that a pivot's weights
// e^(±u0·t) would overflow (found by a review: 0·Inf made the tolerance
// NaN, the counts short with ok, and the root above 0 was narrowed away:
// NoRoot). No pivot is tried for it; the grid scan finds the root, and
// reversed, its mirror.
func TestPivotLongSeries(t *testing.T) {
	const n = 15000
	f := make([]float64, n)
	f[0] = -100
	f[n-3], f[n-2], f[n-1] = 150, -40, 15
	r := make([]float64, n)
	for i, x := range f {
		r[n-1-i] = x
	}
	for _, flows := range [][]float64{f, r} {
		_, ff, sh := periodicShape(flows)
		ser := series{f: ff, tmax: float64(len(ff) - 1)}
		want := ser.scan(sh, roots{})
		got := SolveIRR(flows)
		if want.Status != OK || got.Status != want.Status || !sameRateTol(got.Rate, want.Rate, 1e-9) {
			t.Errorf("SolveIRR %+v, the whole grid %+v", got, want)
		}
	}
	// A pivot whose weights leave the float range gives no counts.
	g := make([]float64, 2000)
	g[0], g[1999], g[1998] = -100, 150, -40
	if _, _, _, ok := scaledChanges(g, -0.8); ok {
		t.Errorf("scaledChanges at −0.8 over 2,000 periods: counts, want none (e^1600 overflows)")
	}
}

// FuzzPartialPivot: a SIB-shaped series (calls, a return, then fees
// called, some returns among them) built from the fuzzer's numbers, its
// roots by partial's pivots (or, where they give up, by the scan of the
// bounds they narrowed) against the scan of the whole grid; and the
// block solver against SolveIRR, bit for bit.
func FuzzPartialPivot(f *testing.F) {
	f.Add(uint8(20), -45654.0, 18264.0, 52592.0, -2000.0, uint8(3))
	f.Add(uint8(20), -47369.0, 20480.0, 70.0, -2000.0, uint8(0))
	f.Add(uint8(24), -100.0, 50.0, 80.0, -10.0, uint8(7))
	f.Add(uint8(40), -1e6, 1e3, 2e6, -5e3, uint8(1))
	f.Add(uint8('<'), -100.0, 300.0, -32.0, 0.0, uint8('O')) // −100, 200, −32: roots at ±0.8246
	f.Fuzz(func(t *testing.T, n uint8, call, back, big, fee float64, mix uint8) {
		for _, x := range []float64{call, back, big, fee} {
			if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > 1e12 {
				return
			}
		}
		m := 4 + int(n)%60
		flows := make([]float64, m)
		for i := range flows {
			switch {
			case i < m/3:
				flows[i] = call * (1 + 0.1*float64(i%3))
			case i == m/2:
				flows[i] = big
			case (i+int(mix))%4 == 0:
				flows[i] = back * float64(1+i%5) / 3
			default:
				flows[i] = fee
			}
		}
		st, ff, sh := periodicShape(flows)
		if st != OK || sh.changes < 2 {
			return
		}
		ser := series{f: ff, tmax: float64(len(ff) - 1)}
		want := ser.scan(sh, roots{})
		var rs roots
		c := sh
		got := want
		if ser.partial(&c, &rs) {
			got = rs.irr()
		} else {
			got = ser.scan(c, roots{})
		}
		// A root the NPV only touches is found or not by rounding.
		if (got.Status != want.Status || got.Roots != want.Roots) && !touches(flows, got.Rate) && !touches(flows, want.Rate) {
			t.Fatalf("%v: partial %+v, the whole grid %+v", flows, got, want)
		}
		// Two roots as near 0 as each other (±r) are chosen between by
		// rounding: either is right.
		tie := got.Roots == 2 && sameRateTol(got.Rate, want.Other, 1e-9) && sameRateTol(got.Other, want.Rate, 1e-9) &&
			math.Abs(math.Abs(got.Rate)-math.Abs(want.Rate)) <= 1e-9*math.Abs(want.Rate)
		if got.Status == OK && want.Status == OK && got.Roots == want.Roots && !sameRateTol(got.Rate, want.Rate, 1e-9) && !tie {
			t.Fatalf("%v: partial %+v, the whole grid %+v", flows, got, want)
		}
		// The block solver: SolveIRR's result bit for bit.
		ib := newIRRBlock(2, m)
		x := make([]float64, 2*m)
		for i, v := range flows {
			x[2*i], x[2*i+1] = v, v
		}
		md := &Model{ppy: 4}
		ib.solve(md, x, []bool{true, true})
		w := annualise(solvePeriodic(flows, roots{perYear: 4}), 4)
		for l := range 2 {
			g := ib.res[l]
			if math.Float64bits(g.Rate) != math.Float64bits(w.Rate) || g.Status != w.Status || g.Roots != w.Roots {
				t.Fatalf("%v: block %+v, SolveIRR %+v", flows, g, w)
			}
		}
	})
}

// TestSolveIRRHugeRates: roots far below the top of their bracket in
// 1/(1+r), where Newton's method on the polynomial would need hundreds of
// halvings, are found all the same (found by a review: 100 steps were not
// enough and a wrong rate came back). The flows −a, 0, …, 0, b have the
// one root (1+r)^n = b/a.
func TestSolveIRRHugeRates(t *testing.T) {
	for _, c := range []struct {
		flows []float64
		want  float64 // 1+r
	}{
		{[]float64{-1e-209, 0, 1}, math.Pow(10, 104.5)},
		{[]float64{-1, 0, 0, 1e142}, math.Pow(10, 142.0/3)},
		{[]float64{-1, 0, 0, 0, 0, 1e232}, math.Pow(10, 232.0/5)},
	} {
		got := SolveIRR(c.flows)
		if got.Status != OK || got.Roots != 1 || math.Abs(1+got.Rate-c.want) > 1e-12*c.want {
			t.Errorf("%v: %+v, want 1+r = %.15g", c.flows, got, c.want)
		}
	}
}
