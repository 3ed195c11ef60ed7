package chart_test

import (
	"bytes"
	"fmt"
	"io"
	"math"

	"github.com/sib-engine/sib/internal/chart"
)

func ExampleFormatOf() {
	for _, p := range []string{"tornado.PNG", "out/cdf.svg", "chart.pdf"} {
		f, err := chart.FormatOf(p)
		fmt.Printf("%q %v\n", f, err)
	}
	// Output:
	// "png" <nil>
	// "svg" <nil>
	// "" chart: unknown format: "chart.pdf": the file name must end in .png or .svg
}

func ExampleTornado() {
	t := chart.Tornado{
		Title:  "Sensitivity of the state net saving",
		Output: "state net saving PV (EUR)",
		Base:   250_000,
		Bars: []chart.TornadoBar{ // largest swing first
			{Param: "outcome.reconvictions.effect", Low: -150_000, High: 700_000, LowValue: 0.1, HighValue: 0.3},
			{Param: "cost.custody_day.unit_cost", Low: 50_000, High: 420_000, LowValue: 95, HighValue: 180},
		},
	}
	var buf bytes.Buffer
	err := t.Write(&buf, "svg")
	fmt.Println(err, bytes.HasPrefix(buf.Bytes(), []byte("<?xml")))
	// Output: <nil> true
}

func ExampleHeatmap() {
	zero := 0.0
	h := chart.Heatmap{
		Title: "Net saving", XLabel: "effect", YLabel: "unit cost (EUR)", ZLabel: "net saving (EUR)",
		X:       []float64{0.1, 0.2, 0.3},
		Y:       []float64{100, 200},
		Z:       []float64{-300_000, -100_000, 100_000, -50_000, 250_000, math.NaN()}, // row y=100, then y=200
		Contour: &zero,                                                                // break-even line
	}
	fmt.Println(h.Write(io.Discard, "png"))
	h.Z = h.Z[:5]
	fmt.Println(h.Write(io.Discard, "png"))
	// Output:
	// <nil>
	// chart: mismatched lengths: heatmap "Net saving": 5 Z values for 3 X × 2 Y values (want 6)
}

func ExampleHistogram() {
	vs := []float64{-20_000, 5_000, 12_000, 30_000, 31_000, 45_000, 80_000, math.NaN()}
	h := chart.Histogram{
		Title: "State net saving", XLabel: "state net saving PV (EUR)",
		Values: vs,
		Marks:  []chart.Mark{{Label: "break-even", X: 0}, {Label: "mean", X: 26_143}},
	}
	var buf bytes.Buffer
	fmt.Println(h.Write(&buf, "svg"), bytes.Contains(buf.Bytes(), []byte("1 value NaN or infinite left out")))
	fmt.Println(chart.Histogram{Values: []float64{math.NaN()}}.Write(&buf, "svg"))
	// Output:
	// <nil> true
	// chart: no data: histogram "": none of 1 values is finite
}

func ExampleCDF() {
	c := chart.CDF{
		Title: "State net saving", XLabel: "state net saving PV (EUR)",
		Values: []float64{30_000, -20_000, 12_000, 5_000, 45_000},
		Marks:  []chart.Mark{{Label: "break-even", X: 0}},
	}
	var buf bytes.Buffer
	fmt.Println(c.Write(&buf, "svg"), bytes.Contains(buf.Bytes(), []byte("break-even: 0 (F = 0.20)")))
	// Output: <nil> true
}

func ExampleIndexBars() {
	nan := math.NaN()
	b := chart.IndexBars{
		Title:   "Sobol' indices",
		Params:  []string{"outcome.reconvictions.effect", "discount.rate"},
		First:   []float64{0.52, 0.03},
		FirstLo: []float64{0.45, nan}, // no whisker
		FirstHi: []float64{0.60, nan},
		Total:   []float64{0.70, 0.05},
		TotalLo: []float64{0.62, 0.01},
		TotalHi: []float64{0.77, 0.09},
	}
	fmt.Println(b.Write(io.Discard, "svg"))
	b.TotalHi = b.TotalHi[:1]
	fmt.Println(b.Write(io.Discard, "svg"))
	// Output:
	// <nil>
	// chart: mismatched lengths: index bars "Sobol' indices": 1 TotalHi values for 2 parameters
}
