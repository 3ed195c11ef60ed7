package sib

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/sib-engine/sib/scenario"
)

// TestCapitalUsePaths: the paths Compile picks from the capital terms a
// deal uses (Model.capital) give what the code of every term gives, bit
// for bit, on both number types: each scenario of the repository is run
// as compiled and with every term's code on (no plain path, every room
// checked for maturity and a rate cap, every repayment for instalments).
func TestCapitalUsePaths(t *testing.T) {
	var dirs []string
	for _, root := range []string{filepath.Join("..", "testdata"), "testdata", filepath.Join("..", "cmd", "sib", "testdata")} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && d.Name() == scenario.ScenarioFile {
				dirs = append(dirs, filepath.Dir(path))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	plain, ran := 0, 0
	for _, dir := range dirs {
		s, err := scenario.Load(dir)
		if err != nil {
			continue // a fixture of an input error
		}
		m, err := Compile(s)
		if err != nil {
			continue
		}
		all := *m
		all.capital = capitalUse{early: true, amortise: true, rateCap: true, bounded: true, first: m.capital.first}
		v := s.Values()
		if got, want := evaluated(m, v), evaluated(&all, v); got != want {
			t.Errorf("%s: Evaluate on the compiled paths:\n%s\nwith every term's code:\n%s", dir, got, want)
		}
		if got, want := runOf(m, v), runOf(&all, v); got != want {
			t.Errorf("%s: Run on the compiled paths differs from Run with every term's code", dir)
		}
		ran++
		if m.capital.plain {
			plain++
		}
	}
	t.Logf("%d scenarios, %d of them plain", ran, plain)
	if ran < 10 || plain == 0 || plain == ran {
		t.Fatalf("%d scenarios run, %d of them plain: the test covers too little", ran, plain)
	}
}

// evaluated prints Evaluate's outputs (or its error) in full.
func evaluated(m *Model, v []float64) string {
	o, err := m.Evaluate(v, m.NewWork())
	if err != nil {
		return err.Error()
	}
	return fmt.Sprintf("%+v", *o)
}

// runOf prints Run's result (or its error) in full.
func runOf(m *Model, v []float64) string {
	r, err := m.Run(v)
	if err != nil {
		return err.Error()
	}
	r.Scenario = nil
	return fmt.Sprintf("%+v", *r)
}

// BenchmarkEvaluateScenarios is BenchmarkEvaluate on each bundled
// example, at its parameters' values: all three take the plain paths.
func BenchmarkEvaluateScenarios(b *testing.B) {
	for _, name := range []string{"estonia", "preschool", "employment"} {
		b.Run(name, func(b *testing.B) {
			s, m := loadDir(b, "../testdata/"+name+"/scenario")
			if !m.capital.plain {
				b.Fatalf("%s uses capital terms: not the plain path", name)
			}
			w := m.NewWork()
			p := s.Values()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := m.Evaluate(p, w); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
