package sib

import (
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/sib-engine/sib/scenario"
)

// TestSavingsNeedNoClearing: the services' units rows and the agencies'
// savings rows hold NaN before each block, and the kernel's savings are
// still Evaluate's bit for bit: every row savings and outputs read is
// started by its first writer or cleared (planUnits, planSavings), in
// the bundled deals whose cohorts' and services' windows differ (with
// gaps between once-only outcomes) and whose agencies have lines in
// several services.
func TestSavingsNeedNoClearing(t *testing.T) {
	for _, name := range []string{"estonia", "preschool", "employment"} {
		s, err := scenario.Load(filepath.Join("..", "testdata", name, "scenario"))
		if err != nil {
			t.Fatal(err)
		}
		m, err := Compile(s)
		if err != nil {
			t.Fatal(err)
		}
		if ok, why := m.Batchable(); !ok {
			t.Fatalf("%s: not batchable: %s", name, why)
		}
		r := rand.New(rand.NewPCG(11, 12))
		base := s.Values()
		vs := make([][]float64, 48)
		for i := range vs {
			v := append([]float64(nil), base...)
			for k := range v {
				v[k] *= 1 + (r.Float64()-0.5)*0.2
			}
			vs[i] = v
		}
		w := m.NewWork()
		w.SkipAppraisal = true
		bt := m.NewBatch(16)
		bt.SkipAppraisal = true
		for from := 0; from < len(vs); from += 16 {
			for i := range bt.gross {
				bt.gross[i], bt.cash[i] = math.NaN(), math.NaN()
			}
			for i := range bt.units {
				bt.units[i] = math.NaN()
			}
			got, err := m.EvaluateBatch(vs[from:from+16], bt)
			if err != nil {
				t.Fatal(err)
			}
			for l := range got {
				want, err := m.Evaluate(vs[from+l], w)
				if err != nil {
					t.Fatal(err)
				}
				g := &got[l]
				for k, pair := range [][2]float64{{g.GrossPV, want.GrossPV}, {g.CashablePV, want.CashablePV}, {g.Gross, want.Gross}, {g.Cashable, want.Cashable}, {g.NetPV, want.NetPV}, {g.NetGrossPV, want.NetGrossPV}} {
					if math.Float64bits(pair[0]) != math.Float64bits(pair[1]) {
						t.Fatalf("%s, vector %d: output %d is %v, Evaluate's %v", name, from+l, k, pair[0], pair[1])
					}
				}
				if bt.over[l] || bt.odd[l] {
					t.Fatalf("%s, vector %d: evaluated by Evaluate", name, from+l)
				}
			}
		}
	}
}

// TestDiscountRowsFollowRates: the discount rows, filled only when the
// factors change (dfRows), are right in blocks whose lanes share a rate,
// after blocks whose lanes do not and after blocks at another rate: every
// present value is Evaluate's bit for bit, block after block.
func TestDiscountRowsFollowRates(t *testing.T) {
	s, m := compiled(t, filepath.Join("..", "testdata", "estonia", "scenario"))
	rate := s.Discount[0].Rate.Index()
	base := s.Values()
	const B = 8
	block := func(rates ...float64) [][]float64 {
		vs := make([][]float64, B)
		for l := range vs {
			vs[l] = append([]float64(nil), base...)
			vs[l][rate] = rates[l%len(rates)]
		}
		return vs
	}
	w := m.NewWork()
	w.SkipAppraisal = true
	bt := m.NewBatch(B)
	bt.SkipAppraisal = true
	for k, vs := range [][][]float64{
		block(0.035), block(0.035), block(0.02, 0.035, 0.05), block(0.035),
		block(0.05), block(0.05), block(0.05, 0.02), block(0.02), block(0.035),
	} {
		got, err := m.EvaluateBatch(vs, bt)
		if err != nil {
			t.Fatal(err)
		}
		for l := range got {
			want, err := m.Evaluate(vs[l], w)
			if err != nil {
				t.Fatal(err)
			}
			g := &got[l]
			for i, pair := range [][2]float64{{g.GrossPV, want.GrossPV}, {g.CashablePV, want.CashablePV}, {g.PaymentsPV, want.PaymentsPV}, {g.DirectPV, want.DirectPV}, {g.Appraisal.CommissionerRawPV, want.Appraisal.CommissionerRawPV}} {
				if math.Float64bits(pair[0]) != math.Float64bits(pair[1]) {
					t.Fatalf("block %d, lane %d: present value %d is %v, Evaluate's %v", k, l, i, pair[0], pair[1])
				}
			}
		}
	}
}
