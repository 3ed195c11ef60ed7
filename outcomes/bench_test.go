package outcomes

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/sib-engine/sib/internal/synth"
)

var benchFiles = struct {
	sync.Mutex
	m map[int][]byte
}{m: map[int][]byte{}}

// participantsFile returns a synthetic participants.csv of rows records,
// made once per test binary.
func participantsFile(b *testing.B, rows int) []byte {
	benchFiles.Lock()
	defer benchFiles.Unlock()
	if f, ok := benchFiles.m[rows]; ok {
		return f
	}
	var buf bytes.Buffer
	if err := synth.Participants(&buf, rows, 1); err != nil {
		b.Fatal(err)
	}
	benchFiles.m[rows] = buf.Bytes()
	return buf.Bytes()
}

func streamAndEstimate(b *testing.B, data []byte, workers int) *Result {
	s := &Study{}
	if err := s.ReadMetrics(strings.NewReader(synth.OutcomesMetrics), MetricsFile); err != nil {
		b.Fatal(err)
	}
	if err := s.ReadParticipants(bytes.NewReader(data), ParticipantsFile, LoadOptions{Workers: workers}); err != nil {
		b.Fatal(err)
	}
	res, err := Estimate(context.Background(), s, Options{})
	if err != nil {
		b.Fatal(err)
	}
	return res
}

// BenchmarkParticipants10M streams a 10-million-row participants file and
// estimates the effects of its four metrics in five cohorts.
func BenchmarkParticipants10M(b *testing.B) { benchParticipants(b, 10_000_000) }

// BenchmarkParticipants1M is the same at a tenth of the size.
func BenchmarkParticipants1M(b *testing.B) { benchParticipants(b, 1_000_000) }

func benchParticipants(b *testing.B, rows int) {
	data := participantsFile(b, rows)
	for _, w := range []int{1, runtime.GOMAXPROCS(0)} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				streamAndEstimate(b, data, w)
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkEstimate times the estimates alone, from summaries.
func BenchmarkEstimate(b *testing.B) {
	s := &Study{}
	if err := s.ReadMetrics(strings.NewReader(synth.OutcomesMetrics), MetricsFile); err != nil {
		b.Fatal(err)
	}
	if err := s.ReadParticipants(bytes.NewReader(participantsFile(b, 10_000)), ParticipantsFile, LoadOptions{}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Estimate(context.Background(), s, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
