package chart

import (
	"math"
	"slices"
	"testing"
)

func TestAxisLabels(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want []string
	}{
		{[]float64{0, 0.25, 0.5}, []string{"0", "0.25", "0.50"}},
		{[]float64{0, 2500, 5000, 7500, 10000}, []string{"0", "2,500", "5,000", "7,500", "10,000"}},
		{[]float64{-250_000, 0, 250_000, 500_000}, []string{"-250k", "0", "250k", "500k"}},
		{[]float64{0.5e6, 1e6, 1.5e6, 2e6}, []string{"0.5M", "1.0M", "1.5M", "2.0M"}},
		{[]float64{-1e6, 0, 1e6}, []string{"-1M", "0", "1M"}},
		{[]float64{2.5e9, 5e9}, []string{"2.5bn", "5.0bn"}},
		{[]float64{0.001, 0.002}, []string{"0.001", "0.002"}},
	} {
		if got := axisLabels(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("axisLabels(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	for _, tc := range []struct {
		in   float64
		want string
	}{
		{0, "0"}, {0.125, "0.125"}, {0.05, "0.05"}, {0.0035, "0.0035"}, {1.5, "1.5"},
		{95, "95"}, {1500, "1,500"}, {12_345, "12,345"}, {99_999.7, "100,000"},
		{123_456, "123k"}, {999_999, "1M"}, {1_234_567, "1.23M"}, {-2_500_000, "-2.5M"},
		{3.21e9, "3.21bn"}, {4.5e12, "4,500bn"}, {1e-7, "1e-07"},
		{math.NaN(), "NaN"}, {math.Inf(-1), "-Inf"},
	} {
		if got := formatNumber(tc.in); got != tc.want {
			t.Errorf("formatNumber(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNiceTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		n      int
		want   []float64
	}{
		{0, 1, 5, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		{-130_000, 720_000, 6, []float64{0, 200_000, 400_000, 600_000}},
		{0.03, 0.97, 6, []float64{0.2, 0.4, 0.6, 0.8}},
		{3, 3, 6, []float64{3}},
	} {
		got := niceTicks(tc.lo, tc.hi, tc.n)
		if len(got) != len(tc.want) {
			t.Errorf("niceTicks(%v, %v, %d) = %v, want %v", tc.lo, tc.hi, tc.n, got, tc.want)
			continue
		}
		for i := range got {
			if math.Abs(got[i]-tc.want[i]) > 1e-12*math.Max(1, math.Abs(tc.want[i])) {
				t.Errorf("niceTicks(%v, %v, %d) = %v, want %v", tc.lo, tc.hi, tc.n, got, tc.want)
				break
			}
		}
	}
}
