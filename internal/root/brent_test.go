package root

import (
	"errors"
	"math"
	"testing"
)

func TestBrent(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func(float64) float64
		a, b float64
		want float64
	}{
		// Roots known in closed form.
		{"sqrt2", func(x float64) float64 { return x*x - 2 }, 0, 2, math.Sqrt2},
		{"cos", math.Cos, 1, 2, math.Pi / 2},
		{"cubic", func(x float64) float64 { return (x - 1) * (x - 1) * (x - 1) }, -3, 4, 1},
		{"exp", func(x float64) float64 { return math.Exp(x) - 10 }, 0, 10, math.Log(10)},
		{"flat then steep", func(x float64) float64 { return math.Pow(x, 9) - 1e-9 }, 0, 1, 0.1},
		{"endpoint", func(x float64) float64 { return x - 3 }, 3, 5, 3},
	} {
		got, err := Brent(tc.f, tc.a, tc.b, 1e-14)
		if err != nil || math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: got %v, %v; want %v", tc.name, got, err, tc.want)
		}
	}
}

func TestBrentErrors(t *testing.T) {
	if _, err := Brent(func(x float64) float64 { return x*x + 1 }, -1, 1, 1e-12); !errors.Is(err, ErrNoBracket) {
		t.Errorf("no sign change: %v", err)
	}
	if _, err := Brent(func(x float64) float64 { return math.Log(x) }, -1, 2, 1e-12); !errors.Is(err, ErrNotFinite) {
		t.Errorf("NaN at an end: %v", err)
	}
}
