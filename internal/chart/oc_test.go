package chart

import (
	"errors"
	"io"
	"math"
	"testing"
)

// TestOCErrors: an OC chart refuses curves whose lengths differ,
// non-finite points, and no points at all.
func TestOCErrors(t *testing.T) {
	for _, tc := range []struct {
		oc   OC
		want error
	}{
		{OC{Curves: []Curve{{X: []float64{0, 1}, P: []float64{0.5}}}}, ErrValue},
		{OC{Curves: []Curve{{X: []float64{0, math.NaN()}, P: []float64{0.5, 0.6}}}}, ErrValue},
		{OC{Curves: []Curve{{}}}, ErrNoData},
		{OC{Curves: []Curve{{X: []float64{0}, P: []float64{1}}}, Marks: []Mark{{"m", math.Inf(1)}}}, ErrValue},
	} {
		if err := tc.oc.Write(io.Discard, "svg"); !errors.Is(err, tc.want) {
			t.Errorf("%+v: got %v, want %v", tc.oc, err, tc.want)
		}
	}
	one := OC{Title: "one point", Curves: []Curve{{Label: "c", X: []float64{0.1}, P: []float64{0.5}}}}
	if err := one.Write(io.Discard, "png"); err != nil {
		t.Errorf("one point: %v", err)
	}
}
