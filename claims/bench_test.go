package claims

import (
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sib-engine/sib/internal/synth"
)

// BenchmarkRun10M validates 10 million outcome records of 1 million
// participants (the synthetic youth-engagement rate card), streamed on
// every core, and reports the throughput and the peak heap in use.
//
//	go test ./claims -run '^$' -bench Run10M -benchtime 3x
func BenchmarkRun10M(b *testing.B) {
	if testing.Short() {
		b.Skip("writes 10 million records")
	}
	dir := filepath.Join(b.TempDir(), "big")
	if err := synth.Claims(dir, 1_000_000, 10_000_000, 1); err != nil {
		b.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(dir, RecordsFile))
	if err != nil {
		b.Fatal(err)
	}
	c, err := Load(dir, LoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	b.ReportAllocs()
	runtime.GC()
	peak := peakHeap()
	b.ResetTimer()
	var res *Result
	for b.Loop() {
		f, err := os.Open(filepath.Join(dir, RecordsFile))
		if err != nil {
			b.Fatal(err)
		}
		res, err = c.Validate(f, RecordsFile, Options{})
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MiB")
	if res.Records < 10_000_000 {
		b.Fatalf("%d records", res.Records)
	}
	checkReconciliation(b, res)
}

// peakHeap samples the heap in use every 10 ms until stop is called, and
// returns the largest value seen.
func peakHeap() (stop func() uint64) {
	var max atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var m runtime.MemStats
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > max.Load() {
				max.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	return func() uint64 { close(done); wg.Wait(); return max.Load() }
}

// BenchmarkRun1M is BenchmarkRun10M at a tenth of the size.
func BenchmarkRun1M(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "big")
	if err := synth.Claims(dir, 100_000, 1_000_000, 1); err != nil {
		b.Fatal(err)
	}
	st, _ := os.Stat(filepath.Join(dir, RecordsFile))
	c, err := Load(dir, LoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	b.ReportAllocs()
	for b.Loop() {
		f, _ := os.Open(filepath.Join(dir, RecordsFile))
		if _, err := c.Validate(f, RecordsFile, Options{}); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}
