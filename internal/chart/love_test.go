package chart

import (
	"bytes"
	"errors"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// loveCase is the Love plot pinned in testdata/love.svg: a matching that
// balanced every covariate but one, a NaN after value left out.
func loveCase() Love {
	return Love{Title: "Covariate balance", Subtitle: "pooled over cohorts 2024 and 2025; SMD divided by the treated group's SD",
		Names:  []string{"distance", "age", "prior_convictions", "sex_m", "offence_violent", "employed_before"},
		Before: []float64{0.62, -0.35, -0.48, 0.09, -0.12, 0.4},
		After:  []float64{0.01, 0.03, -0.05, 0, math.NaN(), 0.14}}
}

// TestLoveGolden pins the Love plot as SVG (go test -update rewrites it);
// the PNG is checked to decode.
func TestLoveGolden(t *testing.T) {
	var got bytes.Buffer
	if err := loveCase().Write(&got, "svg"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "love.svg")
	if *update {
		if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	} else {
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			gotPath := filepath.Join("testdata", "love.got.svg")
			_ = os.WriteFile(gotPath, got.Bytes(), 0o644)
			t.Errorf("%s differs from %s; compare them and rerun with -update if the change is intended", gotPath, path)
		}
	}
	for _, s := range []string{"all data (before matching)", "matched (after)", "threshold 0.1", "prior_convictions"} {
		if !strings.Contains(got.String(), s) {
			t.Errorf("svg lacks %q", s)
		}
	}
	var pb bytes.Buffer
	if err := loveCase().Write(&pb, "png"); err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(&pb); err != nil {
		t.Errorf("png: %v", err)
	}
}

// TestLoveOrder: rows from the top by absolute SMD before matching,
// largest first, NaN last, ties by name.
func TestLoveOrder(t *testing.T) {
	l := Love{Names: []string{"a", "b", "c", "d", "e"}, Before: []float64{0.1, -0.5, math.NaN(), 0.3, -0.1}, After: make([]float64, 5)}
	if got := l.order(); !slices.Equal(got, []int{1, 3, 0, 4, 2}) {
		t.Errorf("order %v", got)
	}
	if l.threshold() != 0.1 || (Love{Threshold: 0.25}).threshold() != 0.25 || !math.IsNaN((Love{Threshold: -1}).threshold()) {
		t.Error("threshold")
	}
}

func TestLoveErrors(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		l    Love
		want error
	}{
		{Love{}, ErrNoData},
		{Love{Names: []string{"a"}, Before: []float64{1}}, ErrLength},
		{Love{Names: []string{"a"}, Before: []float64{nan}, After: []float64{nan}}, ErrNoData},
		{Love{Names: []string{"a"}, Before: []float64{math.Inf(1)}, After: []float64{0}}, ErrValue},
		{Love{Names: []string{"a"}, Before: []float64{1}, After: []float64{0}, Threshold: nan}, ErrValue},
	} {
		if err := tc.l.Write(io.Discard, "svg"); !errors.Is(err, tc.want) {
			t.Errorf("%+v: got %v, want %v", tc.l, err, tc.want)
		}
	}
	// All zero: a chart still, with an axis to 0.1.
	if err := (Love{Names: []string{"a"}, Before: []float64{0}, After: []float64{0}, Threshold: -1}).Write(io.Discard, "svg"); err != nil {
		t.Errorf("zeros: %v", err)
	}
}
