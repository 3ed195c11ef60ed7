package chart

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
)

func TestRankBars(t *testing.T) {
	rb := RankBars{Title: "Correlation tornado", Params: []string{"effect", "unit cost", "flat"},
		Rho: []float64{0.9, -0.3, math.NaN()}, Lo: []float64{0.88, -0.35, math.NaN()}, Hi: []float64{0.92, -0.25, math.NaN()},
		Partial: []float64{0.95, -0.5, math.NaN()}}
	for _, format := range []string{"svg", "png"} {
		var a, b bytes.Buffer
		if err := rb.Write(&a, format); err != nil {
			t.Fatal(err)
		}
		if err := rb.Write(&b, format); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: not deterministic", format)
		}
		if format == "svg" && (!strings.Contains(a.String(), "partial rank correlation") || !strings.Contains(a.String(), "unit cost")) {
			t.Errorf("svg lacks the legend or a parameter")
		}
	}
	rb.Partial = nil
	var buf bytes.Buffer
	if err := rb.Write(&buf, "svg"); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "partial rank correlation") {
		t.Error("a legend for partial correlations that are not drawn")
	}
	if err := (RankBars{Title: "x"}).Write(&buf, "svg"); !errors.Is(err, ErrNoData) {
		t.Errorf("no parameters: %v", err)
	}
	if err := (RankBars{Title: "x", Params: []string{"a"}, Rho: []float64{1}}).Write(&buf, "svg"); !errors.Is(err, ErrLength) {
		t.Errorf("short columns: %v", err)
	}
	nan := math.NaN()
	if err := (RankBars{Title: "x", Params: []string{"a"}, Rho: []float64{nan}, Lo: []float64{nan}, Hi: []float64{nan}}).Write(&buf, "svg"); !errors.Is(err, ErrNoData) {
		t.Errorf("all NaN: %v", err)
	}
}
