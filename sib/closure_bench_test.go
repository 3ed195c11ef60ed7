package sib

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkEvaluateClosureLag is BenchmarkEvaluate with a closure lag of
// a year (four quarters) on the Estonian example's step lines: each step
// line looks back four periods in every period with units avoided.
func BenchmarkEvaluateClosureLag(b *testing.B) {
	src := filepath.Join("..", "testdata", "estonia", "scenario")
	dir := b.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range entries {
		body, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			b.Fatal(err)
		}
		if e.Name() == "scenario.csv" {
			abs, _ := filepath.Abs(filepath.Join(src, ".."))
			s := strings.ReplaceAll(string(body), ",../", ","+abs+"/")
			body = []byte(s + "closure_lag,1,a year\n")
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), body, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	s, m := loadDir(b, dir)
	if _, ok := s.Param("setting.closure_lag"); !ok {
		b.Fatal("no closure lag")
	}
	w := m.NewWork()
	p := s.Values()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Evaluate(p, w); err != nil {
			b.Fatal(err)
		}
	}
}
