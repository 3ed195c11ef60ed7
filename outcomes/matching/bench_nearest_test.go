package matching

import (
	"bufio"
	"context"
	"encoding/binary"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// benchDataDir, when set, makes TestWriteNearestBenchData write the
// benchmark's data for R (testdata/reference/nearest/bench/matchit.R).
var benchDataDir = flag.String("nearest.benchdata", "", "write the Nearest benchmark data to this folder")

// benchProblem is the benchmark's data: n1 treated and n0 pool rows with
// 10 standard normal covariates, the treated ones shifted by 0.2 each.
// Under that model P(treated | x) is exactly logistic, with linear logit
// log(n1/n0) + Σ 0.2 x_j - 10 * 0.02: the distance, as the propensity
// fit would give it. Treated rows are spread through the data.
func benchProblem(n1, n0 int, seed uint64) ([]float64, []bool) {
	const p, mu = 10, 0.2
	rng := rand.New(rand.NewPCG(seed, 20))
	n := n1 + n0
	dist := make([]float64, n)
	tr := make([]bool, n)
	// Every (n/n1)-th row is treated, give or take.
	step := float64(n) / float64(n1)
	for i := range n1 {
		tr[int(float64(i)*step)] = true
	}
	b0 := math.Log(float64(n1)/float64(n0)) - p*mu*mu/2
	for i := range n {
		var lp float64
		for range p {
			x := rng.NormFloat64()
			if tr[i] {
				x += mu
			}
			lp += mu * x
		}
		dist[i] = b0 + lp
	}
	return dist, tr
}

func benchmarkNearest(b *testing.B, n1, n0, k int) {
	dist, tr := benchProblem(n1, n0, 1)
	opt := Options{K: k, Caliper: 0.2}
	var m *Matches
	var err error
	b.ReportAllocs()
	for b.Loop() {
		m, err = Nearest(context.Background(), dist, tr, nil, opt)
		if err != nil {
			b.Fatal(err)
		}
	}
	var nc int
	for i, w := range m.Weights {
		if !tr[i] && w > 0 {
			nc++
		}
	}
	b.ReportMetric(float64(len(m.Treated)-m.Unmatched), "treated-matched")
	b.ReportMetric(float64(nc), "controls-matched")
}

// BenchmarkNearest is issue 20's benchmark: 10,000 treated against a pool
// of 1,000,000, k = 10, and 10 million rows (1,000,000 treated) 1:1, both
// without replacement with a caliper of 0.2 SD of the linear logit.
func BenchmarkNearest(b *testing.B) {
	b.Run("10k-1M-k10", func(b *testing.B) { benchmarkNearest(b, 10_000, 1_000_000, 10) })
	b.Run("1M-9M-k1", func(b *testing.B) { benchmarkNearest(b, 1_000_000, 9_000_000, 1) })
}

// TestWriteNearestBenchData writes the benchmark's two data sets for R:
// <name>.dist (float64, little-endian) and <name>.treat (one byte a row),
// and the matched counts Nearest finds, to compare with MatchIt's.
func TestWriteNearestBenchData(t *testing.T) {
	if *benchDataDir == "" {
		t.Skip("-nearest.benchdata not set")
	}
	for _, c := range []struct {
		name   string
		n1, n0 int
		k      int
	}{{"10k-1M", 10_000, 1_000_000, 10}, {"1M-9M", 1_000_000, 9_000_000, 1}} {
		dist, tr := benchProblem(c.n1, c.n0, 1)
		write := func(ext string, put func(w *bufio.Writer, i int)) {
			f, err := os.Create(filepath.Join(*benchDataDir, c.name+ext))
			if err != nil {
				t.Fatal(err)
			}
			w := bufio.NewWriter(f)
			for i := range dist {
				put(w, i)
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if err := f.Close(); err != nil {
				t.Fatal(err)
			}
		}
		write(".dist", func(w *bufio.Writer, i int) {
			var buf [8]byte
			binary.LittleEndian.PutUint64(buf[:], math.Float64bits(dist[i]))
			w.Write(buf[:])
		})
		write(".treat", func(w *bufio.Writer, i int) {
			if tr[i] {
				w.WriteByte(1)
			} else {
				w.WriteByte(0)
			}
		})
		m, err := Nearest(context.Background(), dist, tr, nil, Options{K: c.k, Caliper: 0.2})
		if err != nil {
			t.Fatal(err)
		}
		var nc int
		for i, w := range m.Weights {
			if !tr[i] && w > 0 {
				nc++
			}
		}
		fmt.Printf("%s: %d treated matched, %d controls matched, warnings %q\n", c.name, len(m.Treated)-m.Unmatched, nc, m.Warnings)
	}
}

// TestNearestBenchMatchIt compares Nearest with R MatchIt at a larger
// scale than the committed references: the first 100,000 rows of the
// 1M-9M benchmark data (about 10,000 treated), 1:1 with a caliper of 0.2
// SD, on the distances matchit.R gives MatchIt (times 1e6, rounded). It
// runs when -nearest.benchdata holds the data and R's match matrix
// (testdata/reference/nearest/bench/matchit.R, 5th argument).
func TestNearestBenchMatchIt(t *testing.T) {
	const rows = 100_000
	mmFile := filepath.Join(*benchDataDir, "1M-9M-100000-k1.mm")
	if *benchDataDir == "" {
		t.Skip("-nearest.benchdata not set")
	}
	raw, err := os.ReadFile(mmFile)
	if err != nil {
		t.Skip(err)
	}
	dist, tr := benchProblem(1_000_000, 9_000_000, 1)
	dist, tr = dist[:rows], tr[:rows]
	for i := range dist {
		dist[i] = math.Round(dist[i] * 1e6)
	}
	m, err := Nearest(context.Background(), dist, tr, nil, Options{K: 1, Caliper: 0.2})
	if err != nil {
		t.Fatal(err)
	}
	got := make(map[int32]int32)
	for i, row := range m.Treated {
		if len(m.Controls[i]) > 0 {
			got[row] = m.Controls[i][0]
		}
	}
	var t1, diff, matched int
	for i := range rows {
		if !tr[i] {
			continue
		}
		want := int32(binary.LittleEndian.Uint32(raw[4*t1:])) - 1
		t1++
		g, ok := got[int32(i)]
		if !ok {
			g = -1
		}
		if g >= 0 {
			matched++
		}
		if g != want {
			diff++
			if diff < 10 {
				t.Errorf("treated row %d: matched to %d, MatchIt %d", i, g, want)
			}
		}
	}
	if 4*t1 != len(raw) {
		t.Fatalf("%d treated, MatchIt's file has %d", t1, len(raw)/4)
	}
	t.Logf("%d treated, %d matched, %d differ from MatchIt", t1, matched, diff)
}
