package uncertainty_test

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
	"github.com/sib-engine/sib/uncertainty"
)

// TestNumpyReference evaluates the Estonian deal on recorded Monte Carlo
// parameter vectors and compares the engine's float path, as `sib simulate
// --noise=false` runs it, with an independent numpy model's outputs on the
// same vectors (testdata/reference/numpy: model.py, written from the docs,
// recorded by `model.py --check draws.csv --record check.csv`), draw by draw,
// within 1e-9 relative. A draw where one side has no IRR must have none on the
// other side either.
func TestNumpyReference(t *testing.T) {
	f, err := os.Open("../testdata/reference/numpy/check.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	s, err := scenario.Load("../testdata/estonia/scenario")
	if err != nil {
		t.Fatal(err)
	}
	m, err := sib.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	header := recs[0]
	var params []scenario.ParamID
	var paramCols []int
	outs := map[string]uncertainty.Output{}
	numpyCol := map[string]int{}
	for j, h := range header {
		switch {
		case h == "draw" || strings.HasPrefix(h, "engine."):
		case strings.HasPrefix(h, "numpy."):
			name := strings.TrimPrefix(h, "numpy.")
			o, err := uncertainty.ParseOutput(s, name)
			if err != nil {
				t.Fatal(err)
			}
			outs[name], numpyCol[name] = o, j
		default:
			id, ok := s.Param(h)
			if !ok {
				t.Fatalf("check.csv: column %q is not a parameter of the scenario", h)
			}
			params, paramCols = append(params, id), append(paramCols, j)
		}
	}
	if len(outs) != 2 || len(params) == 0 {
		t.Fatalf("check.csv: header %v: want parameters and numpy.investors.irr, numpy.state.net", header)
	}
	base := s.Values()
	vals := make([]float64, len(base))
	w := m.NewWork()
	w.SkipTrancheIRR = true
	var noIRR, totalLoss int
	worst := map[string]float64{}
	for i, rec := range recs[1:] {
		copy(vals, base)
		for k, id := range params {
			v, err := strconv.ParseFloat(rec[paramCols[k]], 64)
			if err != nil {
				t.Fatalf("check.csv:%d: %v", i+2, err)
			}
			vals[id.Index()] = v
		}
		o, err := m.Evaluate(vals, w)
		if err != nil {
			t.Fatalf("check.csv:%d: draw %s: %v", i+2, rec[0], err)
		}
		for name, out := range outs {
			got := out.Value(o)
			cell := rec[numpyCol[name]]
			if cell == "" {
				if !math.IsNaN(got) {
					t.Errorf("draw %s: %s: engine %v, numpy has none", rec[0], name, got)
				}
				noIRR++
				continue
			}
			want, err := strconv.ParseFloat(cell, 64)
			if err != nil {
				t.Fatalf("check.csv:%d: %v", i+2, err)
			}
			if want == -1 {
				totalLoss++
			}
			d := math.Abs(got-want) / math.Max(math.Abs(want), 1e-300)
			worst[name] = math.Max(worst[name], d)
			if math.IsNaN(got) || d > 1e-9 {
				t.Errorf("draw %s: %s: engine %.17g, numpy %.17g (relative %.3g)", rec[0], name, got, want, d)
			}
		}
	}
	t.Logf("%d draws (%d without an IRR, %d total losses); largest relative difference: investors.irr %.3g, state.net %.3g",
		len(recs)-1, noIRR, totalLoss, worst["investors.irr"], worst["state.net"])
}
