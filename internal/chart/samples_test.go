package chart

import (
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

var samples = flag.String("samples", "", "write sample PNG and SVG charts to this directory")

// sampleTornado has 20 bars with long parameter names.
func sampleTornado() Tornado {
	names := []string{
		"outcome.reconvictions.effect", "cost.custody_day.unit_cost", "outcome.employment.effect",
		"discount.rate", "cohort.size", "cost.court_case.unit_cost", "outcome.housing.effect",
		"payment.cap", "cost.probation_month.unit_cost", "outcome.reconvictions.baseline",
		"cost.police_arrest.unit_cost", "outcome.benefits.effect", "deadweight", "attribution",
		"drop_off.year2", "cost.hospital_bed_day.unit_cost", "outcome.employment.baseline",
		"inflation", "admin.overhead", "cost.legal_aid.unit_cost",
	}
	t := Tornado{Title: "Sensitivity of the state net saving", Output: "state net saving PV (EUR)", Base: 1_250_000}
	for i, n := range names {
		swing := 900_000 * math.Pow(0.82, float64(i))
		low, high := t.Base-swing*0.8, t.Base+swing*1.1
		if i%5 == 3 {
			low, high = high, low
		}
		if i == 7 { // both on the same side (non-monotone)
			low, high = t.Base-swing*0.3, t.Base-swing
		}
		t.Bars = append(t.Bars, TornadoBar{Param: n, Low: low, High: high, LowValue: 0.05 * float64(i+1), HighValue: 1500 * float64(i+1)})
	}
	return t
}

func sampleHeatmap() Heatmap {
	h := Heatmap{
		Title:  "State net saving by effect size and custody cost",
		XLabel: "outcome.reconvictions.effect", YLabel: "cost.custody_day.unit_cost (EUR)",
		ZLabel: "state net saving PV (EUR)",
	}
	for j := range 25 {
		h.X = append(h.X, 0.02*float64(j))
	}
	for i := range 25 {
		h.Y = append(h.Y, 100+10*float64(i))
	}
	for i := range h.Y {
		for j := range h.X {
			z := -1.5e6 + 9e6*h.X[j]*h.Y[i]/200 + 2e5*math.Sin(float64(i+j)/3)
			if i == 3 && j == 20 || i == 4 && j == 20 {
				z = math.NaN()
			}
			h.Z = append(h.Z, z)
		}
	}
	zero := 0.0
	h.Contour = &zero
	return h
}

// skewed returns n log-normal-ish money values, shifted to cross zero.
func skewed(n int) []float64 {
	r := rand.New(rand.NewPCG(1, 1))
	vs := make([]float64, n)
	for i := range vs {
		vs[i] = 400_000*math.Exp(0.8*r.NormFloat64()) - 300_000
	}
	return vs
}

func sampleHistogram(n int) Histogram {
	vs := skewed(n)
	vs[1] = math.NaN()
	return Histogram{
		Title: "State net saving, 100,000 Monte Carlo draws", XLabel: "state net saving PV (EUR)",
		Values: vs, Marks: []Mark{{"break-even", 0}, {"mean", mean(vs)}, {"median", median(vs)}},
	}
}

func sampleCDF(n int) CDF {
	vs := skewed(n)
	return CDF{
		Title: "State net saving, 100,000 Monte Carlo draws", XLabel: "state net saving PV (EUR)",
		Values: vs, Marks: []Mark{{"break-even", 0}, {"mean", mean(vs)}},
	}
}

func median(vs []float64) float64 {
	s := slices.DeleteFunc(slices.Clone(vs), math.IsNaN)
	slices.Sort(s)
	return s[len(s)/2]
}

func mean(vs []float64) float64 {
	var s float64
	var n int
	for _, v := range vs {
		if !math.IsNaN(v) {
			s += v
			n++
		}
	}
	return s / float64(n)
}

func sampleIndexBars() IndexBars {
	b := IndexBars{Title: "Sobol' indices of the state net saving"}
	t := sampleTornado()
	for i, bar := range t.Bars {
		f := 0.45 * math.Pow(0.7, float64(i))
		tot := f*1.3 + 0.01
		b.Params = append(b.Params, bar.Param)
		b.First = append(b.First, f)
		b.FirstLo = append(b.FirstLo, f-0.04)
		b.FirstHi = append(b.FirstHi, f+0.04)
		b.Total = append(b.Total, tot)
		b.TotalLo = append(b.TotalLo, tot-0.03)
		b.TotalHi = append(b.TotalHi, tot+0.05)
	}
	b.FirstLo[3], b.FirstHi[3] = math.NaN(), math.NaN()
	return b
}

type writer interface {
	Write(w io.Writer, format string) error
}

func TestSamples(t *testing.T) {
	if *samples == "" {
		t.Skip("no -samples directory")
	}
	cases := map[string]writer{
		"tornado":   sampleTornado(),
		"heatmap":   sampleHeatmap(),
		"histogram": sampleHistogram(100_000),
		"cdf":       sampleCDF(100_000),
		"indexbars": sampleIndexBars(),
	}
	for name, c := range goldenCases() {
		cases["golden_"+name] = c
	}
	for name, c := range cases {
		for _, f := range []string{"png", "svg"} {
			path := filepath.Join(*samples, name+"."+f)
			out, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := c.Write(out, f); err != nil {
				t.Errorf("%s: %v", path, err)
			}
			out.Close()
			fmt.Println(path)
		}
	}
}
