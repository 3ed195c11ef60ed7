package sib

import "testing"

// TestCapRoundsDown: a tranche's cap on receipts, a multiple of the capital
// drawn, is rounded down to the cent in the ledger, so that a capped
// tranche never receives more than its cap. The employment example's
// investors drew 752794.63 under a cap of 1.25: the cap is 940993.2875,
// and they received 940993.29 (multiple 1.250000003); now 940993.28, the
// cent left going to the residual party.
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
