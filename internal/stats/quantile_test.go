package stats

import "testing"

// R 4.2: quantile(c(1, 2, 4, 8, 16), c(0, 0.1, 0.25, 0.5, 0.9, 1), type = 7)
// gives 1, 1.4, 2, 4, 12.8, 16.
func TestQuantile7(t *testing.T) {
	x := []float64{1, 2, 4, 8, 16}
	for _, c := range []struct{ p, want float64 }{{0, 1}, {0.1, 1.4}, {0.25, 2}, {0.5, 4}, {0.9, 12.8}, {1, 16}} {
		if got := Quantile7(x, c.p); got != c.want {
			t.Errorf("Quantile7(%v) = %v, want %v", c.p, got, c.want)
		}
	}
	if got := Quantile7([]float64{3}, 0.7); got != 3 {
		t.Errorf("one value: %v", got)
	}
}
