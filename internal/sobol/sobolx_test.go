package sobol

import (
	"strings"
	"testing"
)

func TestPowersOfTwo(t *testing.T) {
	for _, c := range []struct{ n, lo, hi int }{
		{1, 1, 1}, {2, 2, 2}, {3, 2, 4}, {64, 64, 64}, {100, 64, 128}, {1000, 512, 1024}, {1024, 1024, 1024}, {1025, 1024, 2048},
	} {
		lo, hi := PowersOfTwo(c.n)
		if lo != c.lo || hi != c.hi {
			t.Errorf("PowersOfTwo(%d) = %d, %d; want %d, %d", c.n, lo, hi, c.lo, c.hi)
		}
	}
	if w := BalanceWarning(1024); w != "" {
		t.Errorf("BalanceWarning(1024) = %q, want none", w)
	}
	if w := BalanceWarning(1000); !strings.Contains(w, "N = 512 or 1024") {
		t.Errorf("BalanceWarning(1000) = %q, want it to name 512 and 1024", w)
	}
}
