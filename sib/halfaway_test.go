package sib

import (
	"testing"

	"github.com/shopspring/decimal"
)

// TestHalfAwayWholeLarge: from 2^49 cents (5.6e12 in currency) the float
// noise 4·ε·|y| reaches half a cent, and halfAway took every amount for a
// half: a commitment of 6000000000000 was drawn as 6000000000000.01.
func TestHalfAwayWholeLarge(t *testing.T) {
	for _, c := range []struct{ y, want float64 }{
		{1 << 49, 1 << 49},
		{6e14, 6e14},
		{-1e15, -1e15},
		{1e15 + 0.125, 1e15},
		{1e15 + 0.5, 1e15 + 1},
		{6e14 + 0.875, 6e14 + 1},
	} {
		if got := halfAway(c.y); got != c.want {
			t.Errorf("halfAway(%.17g) = %.17g, want %.17g", c.y, got, c.want)
		}
	}
	s, m := loadDir(t, "../testdata/small/scenario")
	v := s.Values()
	for _, name := range []string{"tranche.senior.commitment", "delivery.d.amount"} {
		id, ok := s.Param(name)
		if !ok {
			t.Fatal(name)
		}
		v[id.Index()] = 6e12
	}
	r, err := m.Run(v)
	if err != nil {
		t.Fatal(err)
	}
	drawn := decimal.Zero
	for _, row := range r.Tranches {
		drawn = drawn.Add(row.Drawn)
	}
	if !drawn.Equal(d("6000000000000")) {
		t.Errorf("drawn %s, want 6000000000000", drawn)
	}
}
