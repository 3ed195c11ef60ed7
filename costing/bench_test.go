package costing

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/sib-engine/sib/internal/synth"
)

// benchInput holds a synthetic costing folder in memory.
type benchInput struct{ ledger, activity, pools, deflator []byte }

func makeBenchInput(b *testing.B, rows, services int) benchInput {
	b.Helper()
	var in benchInput
	var buf bytes.Buffer
	if err := synth.Ledger(&buf, rows, services, 1); err != nil {
		b.Fatal(err)
	}
	in.ledger = bytes.Clone(buf.Bytes())
	buf.Reset()
	if err := synth.Activity(&buf, services); err != nil {
		b.Fatal(err)
	}
	in.activity = bytes.Clone(buf.Bytes())
	buf.Reset()
	if err := synth.Pools(&buf); err != nil {
		b.Fatal(err)
	}
	in.pools = bytes.Clone(buf.Bytes())
	in.deflator = []byte("year,index\n2023,96.4\n2024,100\n")
	return in
}

func (in benchInput) cost(b *testing.B) *Result {
	m := &Model{}
	for _, f := range []struct {
		read func([]byte) error
		data []byte
	}{
		{func(p []byte) error { return m.ReadDeflator(bytes.NewReader(p), "deflator.csv") }, in.deflator},
		{func(p []byte) error { return m.ReadActivity(bytes.NewReader(p), "activity.csv") }, in.activity},
		{func(p []byte) error { return m.ReadLedger(bytes.NewReader(p), "ledger.csv") }, in.ledger},
		{func(p []byte) error { return m.ReadPools(bytes.NewReader(p), "pools.csv") }, in.pools},
	} {
		if err := f.read(f.data); err != nil {
			b.Fatal(err)
		}
	}
	res, err := Compute(m, Options{PriceBase: 2024})
	if err != nil {
		b.Fatal(err)
	}
	return res
}

// BenchmarkCost1M loads and costs a 1,000,000-line ledger over 10,000
// services: the whole of sib cost but the printing.
func BenchmarkCost1M(b *testing.B) {
	in := makeBenchInput(b, 1_000_000, 10_000)
	b.SetBytes(int64(len(in.ledger)))
	b.ReportAllocs()
	var peak uint64
	for b.Loop() {
		res := in.cost(b)
		if !res.Total.Difference.IsZero() {
			b.Fatal("does not reconcile")
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
	}
	b.ReportMetric(float64(1_000_000*b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(peak)/(1<<20), "heapMB")
}

// BenchmarkReadLedger1M is the streaming load alone.
func BenchmarkReadLedger1M(b *testing.B) {
	in := makeBenchInput(b, 1_000_000, 10_000)
	b.SetBytes(int64(len(in.ledger)))
	b.ReportAllocs()
	for b.Loop() {
		m := &Model{}
		if err := m.ReadLedger(bytes.NewReader(in.ledger), "ledger.csv"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkComputeExample costs the bundled Estonian example.
func BenchmarkComputeExample(b *testing.B) {
	m, err := Load("../testdata/estonia/costing")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compute(m, Options{PriceBase: 2024}); err != nil {
			b.Fatal(err)
		}
	}
}
