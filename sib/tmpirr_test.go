package sib

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"strconv"
	"testing"
)

func tmpFlows(tb testing.TB) [][]float64 {
	s, m := loadDir(tb, "../testdata/estonia/scenario")
	raw, err := os.ReadFile("/tmp/params.bin")
	if err != nil {
		tb.Skip()
	}
	n := len(s.Params)
	w := m.NewWork()
	var out [][]float64
	for i := 0; (i+1)*n*8 <= len(raw); i++ {
		p := make([]float64, n)
		for k := range p {
			p[k] = math.Float64frombits(binary.LittleEndian.Uint64(raw[(i*n+k)*8:]))
		}
		if _, err := m.Evaluate(p, w); err != nil {
			tb.Fatal(err)
		}
		out = append(out, append([]float64(nil), w.sum...))
	}
	return out
}

func BenchmarkTmpIRR(b *testing.B) {
	fl := tmpFlows(b)
	b.ResetTimer()
	i := 0
	for b.Loop() {
		sinkIRR = SolveIRR(fl[i%len(fl)])
		i++
	}
}

func TestTmpIRRPaths(t *testing.T) {
	fl := tmpFlows(t)
	var nchg [10]int
	scan := 0
	for _, f := range fl {
		st, first, last, changes, abs := classify(f)
		if st != OK {
			continue
		}
		nchg[min(changes, 9)]++
		g := f[first : last+1]
		lead, tail := g[0], g[len(g)-1]
		sh := shape{lead: lead, tail: tail, hi: bound(lead, abs-math.Abs(lead), 1), lo: -bound(tail, abs-math.Abs(tail), 1), changes: changes}
		ser := series{f: g, tmax: float64(len(g) - 1)}
		var rs roots
		if changes > 1 && !ser.partial(sh, &rs) {
			scan++
		}
	}
	t.Logf("changes %v scan %d of %d; example %v", nchg, scan, len(fl), fl[0])
}

func tmpSplit(fl [][]float64) (easy, hard [][]float64) {
	for _, f := range fl {
		st, first, last, changes, abs := classify(f)
		if st != OK {
			continue
		}
		g := f[first : last+1]
		lead, tail := g[0], g[len(g)-1]
		sh := shape{lead: lead, tail: tail, hi: bound(lead, abs-math.Abs(lead), 1), lo: -bound(tail, abs-math.Abs(tail), 1), changes: changes}
		ser := series{f: g, tmax: float64(len(g) - 1)}
		var rs roots
		if changes > 1 && !ser.partial(sh, &rs) {
			hard = append(hard, f)
		} else {
			easy = append(easy, f)
		}
	}
	return
}

func BenchmarkTmpIRREasy(b *testing.B) {
	fl, _ := tmpSplit(tmpFlows(b))
	b.ResetTimer()
	i := 0
	for b.Loop() {
		sinkIRR = SolveIRR(fl[i%len(fl)])
		i++
	}
}

func BenchmarkTmpIRRHard(b *testing.B) {
	_, fl := tmpSplit(tmpFlows(b))
	b.ResetTimer()
	i := 0
	for b.Loop() {
		sinkIRR = SolveIRR(fl[i%len(fl)])
		i++
	}
}

func TestTmpDumpRates(t *testing.T) {
	fl := tmpFlows(t)
	out, _ := os.Create(os.Getenv("RATES_OUT"))
	defer out.Close()
	for i, f := range fl {
		if i%10 != 0 {
			continue
		}
		r := SolveIRR(f)
		s := ""
		for _, x := range f {
			s += strconv.FormatFloat(x, 'g', -1, 64) + " "
		}
		fmt.Fprintf(out, "%s| %s %s %d\n", s, strconv.FormatFloat(r.Rate, 'g', -1, 64), strconv.FormatFloat(r.Other, 'g', -1, 64), r.Roots)
	}
}

func TestTmpDumpFlows(t *testing.T) {
	easy, hard := tmpSplit(tmpFlows(t))
	out, _ := os.Create("/tmp/estflows.csv")
	defer out.Close()
	fmt.Fprintln(out, "id,kind,flows")
	w := func(kind string, fl [][]float64, step, n int) {
		k := 0
		for i := 0; i < len(fl) && k < n; i += step {
			s := ""
			for j, x := range fl[i] {
				if j > 0 {
					s += " "
				}
				s += strconv.FormatFloat(x, 'g', -1, 64)
			}
			fmt.Fprintf(out, "%s_%03d,%s,%s\n", kind, k, kind, s)
			k++
		}
	}
	w("partial", easy, 97, 200)
	w("scan", hard, 3, 100)
}
