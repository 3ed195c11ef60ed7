package claims

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sib-engine/sib/internal/synth"
)

// BenchmarkRun10M validates 10 million outcome records of 1 million
// participants (the synthetic youth-engagement rate card), streamed on
// every core, and reports the throughput, the peak heap in use (sampled,
// garbage not yet collected included), the heap the contract alone takes
// (participants, indexes) and the CPU time per run (on a shared machine
// steadier than the wall clock: MB/s per core is bytes over CPU seconds).
//
//	go test ./claims -run '^$' -bench Run10M -benchtime 3x
func BenchmarkRun10M(b *testing.B) {
	if testing.Short() {
		b.Skip("writes 10 million records")
	}
	benchRun(b, 1_000_000, 10_000_000)
}

// BenchmarkRecordsPerParticipant validates 200,000 participants' records,
// 5 and 20 each: without KeepClaims the memory follows the participants,
// not the records.
//
//	go test ./claims -run '^$' -bench RecordsPerParticipant -benchtime 3x
func BenchmarkRecordsPerParticipant(b *testing.B) {
	if testing.Short() {
		b.Skip("writes millions of records")
	}
	for _, n := range []int{1_000_000, 4_000_000} {
		b.Run(strconv.Itoa(n/200_000), func(b *testing.B) { benchRun(b, 200_000, n) })
	}
}

func benchRun(b *testing.B, participants, records int) {
	dir := filepath.Join(b.TempDir(), "big")
	if err := synth.Claims(dir, participants, records, 1); err != nil {
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
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	contract := ms.HeapInuse
	peak := peakHeap()
	cpu := cpuSeconds()
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
	b.ReportMetric((cpuSeconds()-cpu)/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(contract)/(1<<20), "contract-heap-MiB")
	if res.Records < int64(records) {
		b.Fatalf("%d records", res.Records)
	}
	checkReconciliation(b, res)
}

// peakHeap samples the heap in use (as MemStats.HeapInuse: objects and
// free space in spans in use) every 10 ms until stop is called, and
// returns the largest value seen. runtime/metrics reads it without
// stopping the world, as ReadMemStats would.
func peakHeap() (stop func() uint64) {
	var max atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/unused:bytes"}}
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			if in := s[0].Value.Uint64() + s[1].Value.Uint64(); in > max.Load() {
				max.Store(in)
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
