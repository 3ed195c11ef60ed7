package chart

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
)

func TestShapleyBars(t *testing.T) {
	sb := ShapleyBars{Title: "Shapley effects", Interval: "±2 standard errors", Params: []string{"effect", "unit cost", "flat"},
		Effect: []float64{0.8, -0.02, math.NaN()}, Lo: []float64{0.7, -0.1, math.NaN()}, Hi: []float64{0.9, 0.06, math.NaN()}}
	for _, format := range []string{"svg", "png"} {
		var a, b bytes.Buffer
		if err := sb.Write(&a, format); err != nil {
			t.Fatal(err)
		}
		if err := sb.Write(&b, format); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: not deterministic", format)
		}
		if format == "svg" && (!strings.Contains(a.String(), "standard errors") || !strings.Contains(a.String(), "unit cost")) {
			t.Errorf("svg lacks the legend or a parameter")
		}
	}
	var buf bytes.Buffer
	if err := (ShapleyBars{Title: "x"}).Write(&buf, "svg"); !errors.Is(err, ErrNoData) {
		t.Errorf("no parameters: %v", err)
	}
	if err := (ShapleyBars{Title: "x", Params: []string{"a"}, Effect: []float64{1}}).Write(&buf, "svg"); !errors.Is(err, ErrLength) {
		t.Errorf("short columns: %v", err)
	}
	nan := math.NaN()
	if err := (ShapleyBars{Title: "x", Params: []string{"a"}, Effect: []float64{nan}, Lo: []float64{nan}, Hi: []float64{nan}}).Write(&buf, "svg"); !errors.Is(err, ErrNoData) {
		t.Errorf("all NaN: %v", err)
	}
}
