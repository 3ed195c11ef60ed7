package chart

import (
	"io"
	"testing"
)

func BenchmarkHistogram1e6(b *testing.B) {
	h := Histogram{Title: "t", XLabel: "x", Values: skewed(1_000_000), Marks: []Mark{{"break-even", 0}}}
	for _, f := range []string{"svg", "png"} {
		b.Run(f, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := h.Write(io.Discard, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkCDF1e6(b *testing.B) {
	c := CDF{Title: "t", XLabel: "x", Values: skewed(1_000_000), Marks: []Mark{{"break-even", 0}}}
	for _, f := range []string{"svg", "png"} {
		b.Run(f, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := c.Write(io.Discard, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
