package uncertainty

import (
	"context"
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"
)

// TestRankCorrelateHand: a case with ties worked by hand. x = 1, 2, 2, 3
// ranks 1, 2.5, 2.5, 4 (the tie shares ranks 2 and 3); y = 1, 3, 2, 4
// ranks 1, 3, 2, 4; the fifth draw's output is NaN and is left out.
// Centred on 2.5: x −1.5, 0, 0, 1.5 and y −1.5, 0.5, −0.5, 1.5; the sum
// of products is 4.5, the sums of squares 4.5 and 5, so
// ρ = 4.5/√(4.5·5) = 3/√10 = 0.9486832980505138. Fisher's z:
// atanh(3/√10) = 1.8184464592320668, se = 1/√(4−3) = 1, so the interval is
// tanh(1.8184 ∓ 1.96) = −0.14058…, 0.99896… (by hand with a calculator).
func TestRankCorrelateHand(t *testing.T) {
	x := [][]float64{{1, 2, 2, 3, 9}, {5, 5, 5, 5, 5}}
	y := []float64{1, 3, 2, 4, math.NaN()}
	rt, err := RankCorrelate(Output{Name: "y"}, []string{"x", "flat"}, x, y)
	if err != nil {
		t.Fatal(err)
	}
	if rt.N != 4 || rt.Missing != 1 {
		t.Fatalf("n %d missing %d, want 4 and 1", rt.N, rt.Missing)
	}
	r := rt.Rows[0]
	if r.Param != "x" || math.Abs(r.Rho-3/math.Sqrt(10)) > 1e-15 {
		t.Fatalf("row 0 %+v, want x with rho 3/√10", r)
	}
	if math.Abs(r.Lo-math.Tanh(math.Atanh(3/math.Sqrt(10))-z975)) > 1e-15 || math.Abs(r.Hi-math.Tanh(math.Atanh(3/math.Sqrt(10))+z975)) > 1e-15 {
		t.Fatalf("interval %v %v", r.Lo, r.Hi)
	}
	if math.Abs(r.Lo+0.14058) > 1e-5 || math.Abs(r.Hi-0.99896) > 1e-5 {
		t.Fatalf("interval %v %v, want about −0.14058, 0.99896", r.Lo, r.Hi)
	}
	// A parameter that does not vary has no correlation; nor any partial
	// (the matrix is singular); it sorts last.
	if f := rt.Rows[1]; f.Param != "flat" || !math.IsNaN(f.Rho) || !math.IsNaN(f.Partial) || !math.IsNaN(r.Partial) {
		t.Fatalf("rows %+v", rt.Rows)
	}
}

// TestRankCorrelateReference checks ρ, its interval and the PRCC against
// scipy.stats.spearmanr and a numpy regression of ranks
// (testdata/reference/rankcorr/gen.py), to 1e-12.
func TestRankCorrelateReference(t *testing.T) {
	data := readRefCSV(t, "testdata/reference/rankcorr/data.csv")
	want := readRefCSV(t, "testdata/reference/rankcorr/expected.csv")
	names := data[0][:4]
	x := make([][]float64, 4)
	var y []float64
	for _, row := range data[1:] {
		for j := range 4 {
			x[j] = append(x[j], refNum(t, row[j]))
		}
		y = append(y, refNum(t, row[4]))
	}
	rt, err := RankCorrelate(Output{Name: "y"}, names, x, y)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]RankCorr{}
	for _, r := range rt.Rows {
		byName[r.Param] = r
	}
	for _, w := range want[1:] {
		r := byName[w[0]]
		for _, c := range []struct {
			what      string
			got, want float64
		}{{"rho", r.Rho, refNum(t, w[1])}, {"lo", r.Lo, refNum(t, w[2])}, {"hi", r.Hi, refNum(t, w[3])}, {"prcc", r.Partial, refNum(t, w[4])}} {
			if math.Abs(c.got-c.want) > 1e-12 {
				t.Errorf("%s %s = %.17g, want %.17g", w[0], c.what, c.got, c.want)
			}
		}
		if strconv.Itoa(rt.N) != w[5] || strconv.Itoa(rt.Missing) != w[6] {
			t.Errorf("n %d missing %d, want %s %s", rt.N, rt.Missing, w[5], w[6])
		}
	}
	// Sorted by |rho|: x0, x2, x1, x3.
	for i, name := range []string{"x0", "x2", "x1", "x3"} {
		if rt.Rows[i].Param != name {
			t.Errorf("row %d is %s, want %s", i, rt.Rows[i].Param, name)
		}
	}
}

func readRefCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func refNum(t *testing.T, s string) float64 {
	t.Helper()
	if s == "nan" {
		return math.NaN()
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestRankCorrelateLengths(t *testing.T) {
	if _, err := RankCorrelate(Output{}, []string{"a"}, [][]float64{{1, 2}}, []float64{1, 2, 3}); err == nil {
		t.Fatal("no error for columns of unequal length")
	}
	if _, err := RankCorrelate(Output{}, []string{"a", "b"}, [][]float64{{1, 2}}, []float64{1, 2}); err == nil {
		t.Fatal("no error for names and columns of unequal count")
	}
}

// TestDrawColumnsEstonia: on the Estonian example the custody-days
// effect tops the correlation tornado of the state's net saving on the
// gross measure (the contract's, and simulate's first output by default;
// ρ ≈ 0.99 at 2,000 draws), and the table is the same with one worker and
// with four. (On the cashable measure, state.net, the reconvictions
// effect tops it instead: custody days freed are capacity, not cash.)
func TestDrawColumnsEstonia(t *testing.T) {
	s, m, sp := loadEstonia(t)
	base := s.Values()
	outs, err := ParseOutputs(s, "state.net_gross")
	if err != nil {
		t.Fatal(err)
	}
	var tables []*RankTable
	for _, w := range []int{1, 4} {
		dc := NewDrawColumns(sp, 2000)
		sim, err := Simulate(context.Background(), m, base, sp, outs, SimOptions{Draws: 2000, Seed: 1, Workers: w, Each: dc.Each})
		if err != nil {
			t.Fatal(err)
		}
		rt, err := RankCorrelate(outs[0], dc.Names, dc.Values, sim.Values[0])
		if err != nil {
			t.Fatal(err)
		}
		tables = append(tables, rt)
	}
	if got := tables[0].Rows[0].Param; got != "outcome.custody_days.effect" {
		t.Errorf("top of the tornado is %s, want outcome.custody_days.effect", got)
	}
	for i := range tables[0].Rows {
		a, b := tables[0].Rows[i], tables[1].Rows[i]
		if a != b {
			t.Errorf("row %d differs by workers: %+v vs %+v", i, a, b)
		}
	}
}

func BenchmarkDrawColumnsEach(b *testing.B) {
	dc := &DrawColumns{Names: []string{"a", "b"}, Values: [][]float64{make([]float64, 1024), make([]float64, 1024)}, index: []int{0, 2}}
	p := []float64{1, 2, 3}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_ = dc.Each(i&1023, p, nil)
	}
}
