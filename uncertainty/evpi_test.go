package uncertainty

import (
	"math"
	"math/rand/v2"
	"testing"
)

// normalAppraisal is an appraisal of n draws in which the bond's net
// benefit exceeds direct delivery's by x ~ N(mu, sigma²), both far above
// doing nothing: two decisions. Params are x itself and y, an
// independent N(0, 1) that decides nothing.
func normalAppraisal(n int, mu, sigma float64, seed uint64) *Appraisal {
	r := rand.New(rand.NewPCG(seed, 1))
	a := &Appraisal{Saving: make([]float64, n), BondCost: make([]float64, n), DirectCost: make([]float64, n), Success: make([]bool, n),
		Names: []string{"x", "y"}, Varies: []bool{true, true}, Params: [][]float64{make([]float64, n), make([]float64, n)}}
	for i := range n {
		x := mu + sigma*r.NormFloat64()
		a.Saving[i] = 1e7
		a.BondCost[i] = -x // NB_bond − NB_direct = x
		a.Params[0][i] = x
		a.Params[1][i] = r.NormFloat64()
	}
	return a
}

// TestEVPINormal: EVPI against its closed form for two decisions whose
// net benefits differ by D ~ N(μ, σ²): σ·φ(μ/σ) + μ·Φ(μ/σ) − max(μ, 0)
// (testdata/reference/evpi/gen.py, scipy 1.10: the closed form, checked
// there against quadrature and a Monte Carlo of 4 million draws), within
// 4 Monte Carlo standard errors. The partial EVPI of x, which is the whole
// uncertainty, is the EVPI: by regression exactly (the net benefits are
// linear in x), by binning within the loss of the one bin that straddles
// the switch; y's, which decides nothing, is near 0 (binning's upward
// bias, σ/√(n/bins)·φ(0) at most when the decisions are even).
func TestEVPINormal(t *testing.T) {
	const n = 100000
	for _, c := range []struct {
		name            string
		mu, sigma, want float64
	}{
		{"bond better on average", 10000, 50000, 15344.731793},
		{"direct better on average", -20000, 30000, 4533.589415},
		{"even", 0, 40000, 15957.691216},
	} {
		t.Run(c.name, func(t *testing.T) {
			sim := &Simulation{Draws: n, Appraisal: normalAppraisal(n, c.mu, c.sigma, 3)}
			v, err := EVPI(sim, EVPIOptions{Groups: []ParamGroup{{Name: "x alone", Params: []string{"x"}}, {Name: "y alone", Params: []string{"y"}}}})
			if err != nil {
				t.Fatal(err)
			}
			// The MC error of the EVPI also has the error of the chosen
			// decision's mean: σ/√n at most.
			tol := 4*v.SE + 4*c.sigma/math.Sqrt(n)
			if math.Abs(v.EVPI-c.want) > tol {
				t.Errorf("EVPI = %v ± %v, want %v", v.EVPI, v.SE, c.want)
			}
			wantChosen := 0
			if c.mu < 0 {
				wantChosen = 1
			}
			if (c.mu != 0 && v.Chosen != wantChosen) || v.Decisions[2].Best.Count != 0 {
				t.Errorf("chosen %d, want %d; nothing best in %d draws, want 0", v.Chosen, wantChosen, v.Decisions[2].Best.Count)
			}
			if p := v.Decisions[0].Best.P; math.Abs(p-normCDF(c.mu/c.sigma)) > 4*math.Sqrt(0.25/n) {
				t.Errorf("P(bond best) = %v, want Φ(μ/σ) = %v", p, normCDF(c.mu/c.sigma))
			}
			if v.Bins != 50 || len(v.Partials) != 4 {
				t.Fatalf("bins %d, partials %+v: want 50 bins, x and y by binning then the two groups", v.Bins, v.Partials)
			}
			px, py, gx, gy := v.Partials[0].Value, v.Partials[1].Value, v.Partials[2].Value, v.Partials[3].Value
			if math.Abs(gx-v.EVPI) > 1e-6*v.EVPI {
				t.Errorf("x by regression = %v, want the EVPI %v", gx, v.EVPI)
			}
			if px > v.EVPI+1e-6 || px < 0.98*v.EVPI {
				t.Errorf("x by binning = %v, want within 2%% below the EVPI %v", px, v.EVPI)
			}
			bias := c.sigma / math.Sqrt(n/50) * 0.3989
			if py > 1.5*bias || gy > 1.5*bias {
				t.Errorf("y (irrelevant): binning %v, regression %v; want at most 1.5 × %v", py, gy, bias)
			}
		})
	}
}

func normCDF(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }

// TestEVPIToy: the toy deal of TestComparatorToy, valued on the cashable
// saving of 6000 an outcome: 600000·e. Net benefits: bond 6e5·e −
// 2e6·e·1{e ≥ 0.05}, direct 6e5·e − 105000, nothing 0; their means
// −45000, −75000 and 0: on current information, do nothing. Perfect
// information takes the bond when e < 0.05 (its net benefit 6e5·e > 0,
// as it pays nothing) and nothing otherwise: EVPI = E[6e5·e·1{e < 0.05}]
// = 6e5 · 0.5 · 0.025 = 7500 (gen.py by quadrature). The effect is the
// only uncertain parameter: its partial EVPI by binning with a bin a draw
// is the EVPI exactly; with 50 bins, less at most what the bin that
// straddles e = 0.05 loses: its share of the draws (1/50) times the net
// benefit it gives up there (6e5 · 0.05 = 30000), 600.
func TestEVPIToy(t *testing.T) {
	const n = 20000
	sim := simulateToy(t, "scenario", n, 0)
	v, err := EVPI(sim, EVPIOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if v.Chosen != 2 {
		t.Errorf("chosen %s, want nothing", v.Decisions[v.Chosen].Name)
	}
	for d, want := range []float64{-45000, -75000, 0} {
		// bond's SD: 6e5·e on failure, −1.4e6·e on success: about 60000.
		if got := v.Decisions[d].Mean; math.Abs(got-want) > 4*60000/math.Sqrt(n) {
			t.Errorf("%s: mean net benefit %v, want %v", v.Decisions[d].Name, got, want)
		}
	}
	if math.Abs(v.EVPI-7500) > 4*v.SE {
		t.Errorf("EVPI = %v ± %v, want 7500", v.EVPI, v.SE)
	}
	if p := v.Partials[0]; p.Name != "outcome.jobs.effect" || p.Value > v.EVPI+1e-9 || p.Value < v.EVPI-600 {
		t.Errorf("partial %+v, want the effect's, at most 600 below the EVPI %v", p, v.EVPI)
	}
	all, err := EVPI(sim, EVPIOptions{Bins: n})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(all.Partials[0].Value-all.EVPI) > 1e-9*all.EVPI {
		t.Errorf("a bin a draw: partial %v, want the EVPI %v", all.Partials[0].Value, all.EVPI)
	}
}

// TestEVPIGroups: the groups by name prefix, and the user's checked.
func TestEVPIGroups(t *testing.T) {
	a := &Appraisal{Names: []string{"outcome.a.effect", "outcome.a.decay", "outcome.b.effect", "cost.x", "setting.discount_rate"},
		Varies: []bool{true, true, true, true, false}}
	gs, err := evpiGroups(a, []ParamGroup{{Name: "mine", Params: []string{"cost.x", "outcome.b.effect"}}})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, g := range gs {
		names = append(names, g.Name)
	}
	want := []string{"outcome.*", "outcome.a.*", "mine"}
	if len(names) != len(want) {
		t.Fatalf("groups %v, want %v", names, want)
	}
	for i := range want {
		if names[i] != want[i] {
			t.Fatalf("groups %v, want %v", names, want)
		}
	}
	if _, err := evpiGroups(a, []ParamGroup{{Name: "bad", Params: []string{"nope"}}}); err == nil {
		t.Error("a group naming no parameter: no error")
	}
}

// TestEVPIFewDraws: a group's regression with no more draws than terms
// gives no value (NaN), not an error; binning still does.
func TestEVPIFewDraws(t *testing.T) {
	sim := &Simulation{Draws: 4, Appraisal: normalAppraisal(4, 0, 1, 1)}
	v, err := EVPI(sim, EVPIOptions{Groups: []ParamGroup{{Name: "both", Params: []string{"x", "y"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if p := v.Partials[2]; p.Name != "both" || !math.IsNaN(p.Value) {
		t.Errorf("%+v: want NaN (4 draws, 5 terms)", p)
	}
	if math.IsNaN(v.Partials[0].Value) || math.IsNaN(v.EVPI) {
		t.Errorf("binning %v, EVPI %v: want numbers", v.Partials[0].Value, v.EVPI)
	}
}
