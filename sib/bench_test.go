package sib

import "testing"

// BenchmarkEvaluate is one full evaluation of the Estonian example on the
// float path, the call a Monte Carlo makes once a draw: outcomes, savings,
// payments, the waterfall, and IRR, XIRR and NPV for every tranche and
// all investors.
func BenchmarkEvaluate(b *testing.B) {
	s, m := loadDir(b, "../testdata/estonia/scenario")
	w := m.NewWork()
	p := s.Values()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Evaluate(p, w); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRun is the same evaluation in the ledger, with every table.
func BenchmarkRun(b *testing.B) {
	s, m := loadDir(b, "../testdata/estonia/scenario")
	p := s.Values()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Run(p); err != nil {
			b.Fatal(err)
		}
	}
}

func TestEvaluateDoesNotAllocate(t *testing.T) {
	s, m := loadDir(t, "../testdata/estonia/scenario")
	w := m.NewWork()
	p := s.Values()
	if n := testing.AllocsPerRun(20, func() { m.Evaluate(p, w) }); n != 0 {
		t.Errorf("Evaluate allocates %v times a call", n)
	}
}

// BenchmarkEvaluateInvestorsIRR leaves out the tranches' IRRs, as a Monte
// Carlo of all investors' IRR does.
func BenchmarkEvaluateInvestorsIRR(b *testing.B) {
	s, m := loadDir(b, "../testdata/estonia/scenario")
	w := m.NewWork()
	w.SkipTrancheIRR = true
	p := s.Values()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Evaluate(p, w); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluateParallel is BenchmarkEvaluate on every core, one Work
// each.
func BenchmarkEvaluateParallel(b *testing.B) {
	s, m := loadDir(b, "../testdata/estonia/scenario")
	p := s.Values()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		w := m.NewWork()
		for pb.Next() {
			if _, err := m.Evaluate(p, w); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
