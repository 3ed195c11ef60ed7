package sib

import (
	"strconv"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/sib-engine/sib/scenario"
)

// TestCapRoundsDown: a tranche's cap on receipts, a multiple of the capital
// drawn, is rounded down to the cent in the ledger, so that a capped
// tranche never receives more than its cap (TestDownLargeAmounts has the
// rounding's cases). The employment example's investors reach their cap
// of 1.25.
func TestCapRoundsDown(t *testing.T) {
	s, m := loadDir(t, "../testdata/employment/scenario")
	r, err := m.Run(s.Values())
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for k, tr := range s.Tranches {
		if tr.Cap == 0 {
			continue
		}
		got := r.Outputs.Tranches[k]
		limit := s.Values()[tr.Cap.Index()] * got.Drawn
		if got.Received > limit+1e-9 {
			t.Errorf("%s: received %.2f, over its cap of %.4f", tr.Name, got.Received, limit)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no capped tranche")
	}
}

// TestDownLargeAmounts: down snaps to the whole cent a product is within
// float noise of, relative to its size: 1.1 × 300000009.40 is
// 330000010.33999997 in float64, and its floor lost a cent (the review's
// brute force); an amount a real fraction of a cent over stays floored.
func TestDownLargeAmounts(t *testing.T) {
	b := &book[int64]{cents: true}
	for _, c := range []struct {
		x    float64
		want int64
	}{
		{1.1 * 300000009.40, 33000001034},
		{1.2 * 1000000000.10, 120000000012},
		{1.25 * 752794.63, 94099328},
		{940993.2875, 94099328},
		{0.0199999, 1},
	} {
		if got := b.down(c.x); got != c.want {
			t.Errorf("down(%.17g) = %d, want %d", c.x, got, c.want)
		}
	}
}

// TestFloorRoundsUp: a guarantee's floor, a multiple of the capital
// drawn, is rounded up to the cent in the ledger, the mirror of the cap's
// round-down, so that the guarantor never leaves the tranche a fraction
// of a cent short. The hand scenario's senior draws 60000; a floor of
// 1.00000004 promises 60000.0024, which the ledger pays as 60000.01 in
// all (the nearest cent, 60000.00, is under it). A protected share rounds
// up too: 0.33333334 × 60000 = 20000.0004 is 20000.01 of principal.
func TestFloorRoundsUp(t *testing.T) {
	for _, c := range []struct {
		terms, cols string
		want        string // received in all (floor) or principal repaid (protected)
		principal   bool
	}{
		{",floor", ",1.00000004", "60000.01", false},
		{",protected", ",0.33333334", "20000.01", true},
	} {
		capital := "tranche,investor,priority,commitment,coupon,guarantor" + c.terms + "\nsenior,inv,1,100000,0.10,g" + c.cols + "\n"
		r := runHand(t, map[string]string{scenario.MetricsFile: lowEffect, scenario.CapitalFile: capital})
		var got decimal.Decimal
		topup := false
		for _, row := range r.Tranches {
			topup = topup || !row.Guarantee.IsZero()
			if c.principal {
				got = got.Add(row.Principal).Add(row.Guarantee)
			} else {
				got = got.Add(row.Return).Add(row.Principal).Add(row.Excess).Add(row.Guarantee)
			}
		}
		if !topup {
			t.Fatalf("%s: no top-up; the test needs one", c.terms)
		}
		if !got.Equal(d(c.want)) {
			t.Errorf("%s %s: received %s, want %s", c.terms, c.cols, got, c.want)
		}
	}
}

// TestHalfCentsRoundAway: the ledger rounds a half cent away from zero,
// and an amount within float noise of a half cent is that half cent, as
// the contract's decimal arithmetic (and a spreadsheet's ROUND) makes it.
// The employment example's programme team costs 15000 a quarter in 2025
// prices; in 2027, at 2.5% inflation a year, that is 15000 × 1.025² =
// 15759.375 exactly, 15759.38 (float64 has 15759.374999999998, which
// rounded to 15759.37).
func TestHalfCentsRoundAway(t *testing.T) {
	for _, c := range []struct{ y, want float64 }{
		{1575937.4999999998, 1575938},
		{38882812.499999993, 38882813}, // Newpin's coupon, 388828.125
		{-250.49999999999997, -251},
		{2.5, 3},
		{2.4999, 2},
		{2.5001, 3},
		{1575937.4999, 1575937}, // a real fraction under the half
	} {
		if got := halfAway(c.y); got != c.want {
			t.Errorf("halfAway(%.17g) = %v, want %v", c.y, got, c.want)
		}
	}
	s, m := loadDir(t, "../testdata/employment/scenario")
	r, err := m.Run(s.Values())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range r.Costs {
		if c.Item == "programme_team" && c.Period >= 5 {
			n++
			if !c.Due.Equal(d("15759.38")) {
				t.Errorf("period %d: programme_team %s, want 15759.38", c.Period, c.Due)
			}
		}
	}
	if n == 0 {
		t.Fatal("no programme_team cost in 2027")
	}
}

// TestHalfCentsReference: the ledger's delivery costs against
// testdata/reference/halfcent/costs.csv, which Python's Decimal worked out
// from the docs alone (costs.py): amount × the price index, rounded half
// away from zero; 5 of its 24 costs are exactly half a cent.
func TestHalfCentsReference(t *testing.T) {
	rows := readRef(t, "scenario,period,item,exact,due", "halfcent", "costs.csv")
	runs := map[string]*Result{}
	for _, row := range rows[1:] {
		name, item, want := row[0], row[2], d(row[4])
		period, _ := strconv.Atoi(row[1])
		r := runs[name]
		if r == nil {
			s, m := loadDir(t, "../testdata/"+name+"/scenario")
			var err error
			if r, err = m.Run(s.Values()); err != nil {
				t.Fatal(err)
			}
			runs[name] = r
		}
		found := false
		for _, c := range r.Costs {
			if c.Item == item && c.Period == period {
				found = true
				if !c.Due.Equal(want) {
					t.Errorf("%s period %d %s: due %s, want %s (exactly %s)", name, period, item, c.Due, want, row[3])
				}
			}
		}
		if !found {
			t.Errorf("%s period %d %s: no cost", name, period, item)
		}
	}
	if len(rows) != 25 {
		t.Errorf("%d reference costs, want 24", len(rows)-1)
	}
}
