package uncertainty

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestInverseTables checks the tabulated quantile functions against the
// exact ones at a million random probabilities, within the tolerance the
// tables are built to, and that the slow families get a table.
func TestInverseTables(t *testing.T) {
	cases := []struct {
		k    Kind
		args []float64
	}{
		{Beta, []float64{17, 3}},
		{Beta, []float64{0.5, 0.5}},
		{Beta, []float64{2, 5, 10, 20}},
		{PERT, []float64{0.1, 0.2, 0.4}},
		{PERT, []float64{220, 250, 300}},
		{PERT, []float64{0, 0, 1}},
		{Gamma, []float64{25, 51.39}},
		{Gamma, []float64{0.5, 2}},
		{Gamma, []float64{3, 1e-3}},
	}
	rng := rand.New(rand.NewPCG(1, 1))
	for _, c := range cases {
		d, err := NewDist(c.k, c.args...)
		if err != nil {
			t.Fatal(err)
		}
		inv := newInverse(d)
		t.Logf("%s: %d cells", d, inv.cells)
		if inv.q == nil {
			t.Errorf("%s: no table", d)
			continue
		}
		spread := d.Quantile(phi(tableZ)) - d.Quantile(phi(-tableZ))
		var worst float64
		for range 200_000 {
			z := rng.NormFloat64()
			worst = max(worst, math.Abs(inv.atZ(z)-d.Quantile(phi(z)))/spread)
			u := rng.Float64()
			if u == 0 {
				continue
			}
			worst = max(worst, math.Abs(inv.atU(u)-d.Quantile(u))/spread)
		}
		if worst > tableTol {
			t.Errorf("%s: error %.3g of the spread", d, worst)
		}
		t.Logf("%s: largest error %.3g of the spread", d, worst)
	}
}
