package chart

import (
	"bytes"
	"errors"
	"flag"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// goldenCases are small charts pinned as SVG under testdata/NAME.svg.
func goldenCases() map[string]writer {
	zero := 0.0
	h := Heatmap{
		Title: "Net saving", XLabel: "effect", YLabel: "unit cost (EUR)", ZLabel: "net saving (EUR)",
		X: []float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, Y: []float64{100, 150, 200, 250, 300},
		Contour: &zero,
	}
	for _, y := range h.Y {
		for _, x := range h.X {
			h.Z = append(h.Z, 4e6*x*y/300-1e6)
		}
	}
	h.Z[7] = math.NaN()
	// Every IRR below a hurdle of 6%: one-sided reds, a note, the base
	// case marked.
	hurdle := 0.06
	loss := Heatmap{
		Title: "IRR", XLabel: "effect", YLabel: "price (EUR)", ZLabel: "IRR (% a year)", ZPercent: true,
		X: []float64{0.1, 0.2, 0.3}, Y: []float64{4000, 6000},
		Z:       []float64{-0.2, -0.1, 0.01, -0.05, 0.02, 0.05},
		Contour: &hurdle, ContourLabel: "hurdle rate", Base: &Point{X: 0.2, Y: 5000, Z: -0.04},
	}
	vs := skewed(300)
	return map[string]writer{
		"tornado": Tornado{
			Title: "Sensitivity", Output: "state net saving PV (EUR)", Base: 250_000,
			Bars: []TornadoBar{
				{"outcome.reconvictions.effect", -150_000, 700_000, 0.1, 0.3},
				{"cost.custody_day.unit_cost", 50_000, 420_000, 95, 180},
				{"discount.rate", 330_000, 190_000, 0.02, 0.05},
				{"cohort.size", 250_000, 260_000, math.NaN(), 600},
			},
		},
		"heatmap":          h,
		"heatmap_onesided": loss,
		"tornado_percent": Tornado{Title: "IRR", Output: "IRR a year (%)", Percent: true, Base: 0.3172,
			Bars: []TornadoBar{{"outcome.effect", -0.05, 0.4, 1, 8}, {"term.price", 0.25, 0.35, 4000, 6000}}},
		"columns": Columns{Title: "Payments and savings", Subtitle: "nominal", XLabel: "period", YLabel: "EUR",
			Categories: []string{"1", "2", "3", "4", "5"},
			Bars: []Series{{Label: "saving", Values: []float64{10, 20, 30, 25, math.NaN()}},
				{Label: "payments", Values: []float64{0, -5, -40, -20, -10}}},
			Lines: []Series{{Label: "net", Values: []float64{10, 15, -10, 5, math.NaN()}}}},
		"columns_horizontal": Columns{Title: "By agency", XLabel: "agency", YLabel: "EUR, PV", Grouped: true, Horizontal: true,
			Categories: []string{"courts", "ministry_of_justice", "all agencies"},
			Bars:       []Series{{Label: "saving", Values: []float64{100, 20, 120}}, {Label: "payments", Values: []float64{0, -300, -300}}}},
		"histogram":          Histogram{Title: "Net saving", XLabel: "net saving (EUR)", Values: vs, Marks: []Mark{{"break-even", 0}, {"mean", mean(vs)}}},
		"histogram_constant": Histogram{Title: "All equal", XLabel: "x", Values: []float64{5, 5, 5, math.NaN()}},
		"cdf":                CDF{Title: "Net saving", XLabel: "net saving (EUR)", Values: vs, Marks: []Mark{{"break-even", 0}, {"far away", 1e8}}},
		"oc": OC{Title: "Operating characteristic", XLabel: "true effect", Subtitle: "the chance that the measured effect passes",
			Curves: []Curve{{Label: "pooled", X: []float64{-0.1, 0, 0.1, 0.2}, P: []float64{0.01, 0.23, 0.79, 0.99}},
				{Label: "c1", X: []float64{-0.1, 0, 0.1, 0.2}, P: []float64{0.15, 0.36, 0.65, 0.87}}},
			Marks: []Mark{{"threshold", 0.0484}}},
		"indexbars": IndexBars{
			Title:  "Sobol' indices",
			Params: []string{"outcome.reconvictions.effect", "cost.custody_day.unit_cost", "discount.rate"},
			First:  []float64{0.52, 0.2, -0.01}, FirstLo: []float64{0.45, 0.15, -0.05}, FirstHi: []float64{0.6, 0.25, 0.03},
			Total: []float64{0.7, 0.28, 0.02}, TotalLo: []float64{0.62, math.NaN(), 0}, TotalHi: []float64{0.77, math.NaN(), 0.05},
		},
	}
}

func TestGolden(t *testing.T) {
	for name, c := range goldenCases() {
		t.Run(name, func(t *testing.T) {
			var got bytes.Buffer
			if err := c.Write(&got, "svg"); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", name+".svg")
			if *update {
				if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				gotPath := filepath.Join("testdata", name+".got.svg")
				if err := os.WriteFile(gotPath, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				t.Errorf("%s differs from %s; compare them and rerun with -update if the change is intended", gotPath, path)
			}
		})
	}
}

// TestDeterministic renders every chart twice, the big samples included.
func TestDeterministic(t *testing.T) {
	cases := goldenCases()
	cases["big tornado"] = sampleTornado()
	cases["big heatmap"] = sampleHeatmap()
	cases["big histogram"] = sampleHistogram(20_000)
	cases["big cdf"] = sampleCDF(20_000)
	cases["big indexbars"] = sampleIndexBars()
	for name, c := range cases {
		var a, b bytes.Buffer
		if err := c.Write(&a, "svg"); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := c.Write(&b, "svg"); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: two SVG renders differ", name)
		}
	}
}

func TestPNG(t *testing.T) {
	cases := goldenCases()
	cases["big tornado"] = sampleTornado()
	cases["big indexbars"] = sampleIndexBars()
	cases["small"] = Histogram{Values: []float64{1, 2, 3}, Width: 8 * 28.3464566929, Height: 5 * 28.3464566929}
	for name, c := range cases {
		var buf bytes.Buffer
		if err := c.Write(&buf, "PNG"); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		img, err := png.Decode(&buf)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b := img.Bounds()
		wantW := 945 // 16 cm at 150 dpi
		if name == "small" {
			wantW = 472 // 8 cm
		}
		if b.Dx() != wantW {
			t.Errorf("%s: width %d px, want %d", name, b.Dx(), wantW)
		}
		switch {
		case name == "small" && b.Dy() != 295:
			t.Errorf("%s: height %d px, want 295", name, b.Dy())
		case strings.HasPrefix(name, "big") && b.Dy() <= 591:
			t.Errorf("%s: height %d px, want more than the default 591 for 20 bars", name, b.Dy())
		}
		// Not blank: count non-white pixels.
		var ink int
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				if r, g, bl, _ := img.At(x, y).RGBA(); r < 0xf000 || g < 0xf000 || bl < 0xf000 {
					ink++
				}
			}
		}
		if frac := float64(ink) / float64(b.Dx()*b.Dy()); frac < 0.02 {
			t.Errorf("%s: only %.1f%% of pixels are not white", name, 100*frac)
		}
	}
}

func TestFormatOf(t *testing.T) {
	for _, tc := range []struct{ path, want string }{
		{"out/tornado.png", "png"}, {"a.PNG", "png"}, {"x.Svg", "svg"}, {"/tmp/a.b.svg", "svg"},
	} {
		got, err := FormatOf(tc.path)
		if err != nil || got != tc.want {
			t.Errorf("FormatOf(%q) = %q, %v; want %q", tc.path, got, err, tc.want)
		}
	}
	for _, p := range []string{"chart.pdf", "chart", "png", "dir.png/chart.jpeg"} {
		_, err := FormatOf(p)
		if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), ".svg") {
			t.Errorf("FormatOf(%q): error %v; want ErrFormat naming the path and the extensions", p, err)
		}
	}
}

func TestErrors(t *testing.T) {
	nan := math.NaN()
	okBars := IndexBars{Params: []string{"a"}, First: []float64{0.1}, FirstLo: []float64{0}, FirstHi: []float64{0.2}, Total: []float64{0.2}, TotalLo: []float64{0.1}, TotalHi: []float64{0.3}}
	short := okBars
	short.TotalHi = nil
	allNaN := okBars
	allNaN.First, allNaN.Total = []float64{nan}, []float64{nan}
	inf := math.Inf(1)
	for _, tc := range []struct {
		name   string
		c      writer
		format string
		want   error
		text   string
	}{
		{"unknown format", Histogram{Values: []float64{1}}, "pdf", ErrFormat, `"pdf"`},
		{"empty format", Histogram{Values: []float64{1}}, "", ErrFormat, `""`},
		{"tornado no bars", Tornado{Title: "T"}, "svg", ErrNoData, "no bars"},
		{"tornado NaN base", Tornado{Base: nan, Bars: []TornadoBar{{Param: "a"}}}, "svg", ErrValue, "base"},
		{"tornado NaN output", Tornado{Bars: []TornadoBar{{Param: "a.b", Low: nan}}}, "svg", ErrValue, "a.b"},
		{"negative size", Tornado{Bars: []TornadoBar{{Param: "a"}}, Width: -1}, "svg", ErrValue, "size"},
		{"heatmap empty", Heatmap{}, "svg", ErrNoData, "0 X"},
		{"heatmap lengths", Heatmap{X: []float64{1, 2}, Y: []float64{1, 2}, Z: []float64{1, 2, 3}}, "svg", ErrLength, "3 Z values"},
		{"heatmap all NaN", Heatmap{X: []float64{1}, Y: []float64{1}, Z: []float64{nan}}, "svg", ErrNoData, "NaN"},
		{"heatmap descending", Heatmap{X: []float64{2, 1}, Y: []float64{1}, Z: []float64{1, 2}}, "svg", ErrValue, "X[1]"},
		{"heatmap NaN grid", Heatmap{X: []float64{1}, Y: []float64{nan}, Z: []float64{1}}, "svg", ErrValue, "Y[0]"},
		{"heatmap NaN contour", Heatmap{X: []float64{1}, Y: []float64{1}, Z: []float64{1}, Contour: &nan}, "svg", ErrValue, "contour"},
		{"histogram empty", Histogram{}, "svg", ErrNoData, "none of 0"},
		{"histogram all NaN", Histogram{Values: []float64{nan, nan, inf}}, "png", ErrNoData, "none of 3"},
		{"histogram negative bins", Histogram{Values: []float64{1}, Bins: -2}, "svg", ErrValue, "bins"},
		{"histogram NaN mark", Histogram{Values: []float64{1}, Marks: []Mark{{"m", nan}}}, "svg", ErrValue, `"m"`},
		{"cdf empty", CDF{}, "svg", ErrNoData, "none of 0"},
		{"cdf all NaN", CDF{Values: []float64{nan}}, "svg", ErrNoData, "none of 1"},
		{"cdf Inf mark", CDF{Values: []float64{1}, Marks: []Mark{{"m", inf}}}, "svg", ErrValue, `"m"`},
		{"index bars empty", IndexBars{}, "svg", ErrNoData, "no parameters"},
		{"index bars lengths", short, "svg", ErrLength, "0 TotalHi values for 1 parameters"},
		{"index bars all NaN", allNaN, "svg", ErrNoData, "NaN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := tc.c.Write(&buf, tc.format)
			if !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.text) {
				t.Errorf("error %q does not mention %q", err, tc.text)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes despite the error", buf.Len())
			}
		})
	}
}

// TestDegenerate renders inputs at the edges: no panic, no error.
func TestDegenerate(t *testing.T) {
	one := 1.0
	for name, c := range map[string]writer{
		"tornado zero swing":       Tornado{Base: 0, Bars: []TornadoBar{{Param: "a"}}},
		"heatmap 1×1":              Heatmap{X: []float64{1}, Y: []float64{1}, Z: []float64{3}, Contour: &one},
		"heatmap constant":         Heatmap{X: []float64{1, 2}, Y: []float64{1, 2}, Z: []float64{3, 3, 3, 3}, Contour: &one},
		"heatmap huge":             Heatmap{X: []float64{-1e300, 1e300}, Y: []float64{1, 2}, Z: []float64{-1e308, 1e308, 0, math.NaN()}},
		"histogram one value":      Histogram{Values: []float64{0}},
		"histogram many bins":      Histogram{Values: []float64{1, 2}, Bins: 5000},
		"histogram marks only far": Histogram{Values: []float64{1, 2, 3}, Marks: []Mark{{"low", -1e9}, {"high", 1e9}, {"", 2}}},
		"cdf one value":            CDF{Values: []float64{7}, Marks: []Mark{{"m", 7}}},
		"cdf ties":                 CDF{Values: []float64{1, 1, 1, 2, 2, 3}},
		"index bars negative":      IndexBars{Params: []string{"a", "b"}, First: []float64{-0.2, math.NaN()}, FirstLo: []float64{-0.5, 1}, FirstHi: []float64{0, math.NaN()}, Total: []float64{-0.1, 0}, TotalLo: []float64{math.NaN(), 0}, TotalHi: []float64{0, 0}},
	} {
		for _, f := range []string{"svg", "png"} {
			if err := c.Write(&bytes.Buffer{}, f); err != nil {
				t.Errorf("%s %s: %v", name, f, err)
			}
		}
	}
}

func TestHistogramKeepsValues(t *testing.T) {
	vs := []float64{3, 1, math.NaN(), 2}
	if err := (Histogram{Values: vs}).Write(&bytes.Buffer{}, "svg"); err != nil {
		t.Fatal(err)
	}
	if err := (CDF{Values: vs}).Write(&bytes.Buffer{}, "svg"); err != nil {
		t.Fatal(err)
	}
	if vs[0] != 3 || vs[1] != 1 || !math.IsNaN(vs[2]) || vs[3] != 2 {
		t.Errorf("caller's values changed: %v", vs)
	}
}
