package sib_test

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/sib-engine/sib/sib"
)

// TestBatchIRRAgreement holds the IRRs of EvaluateBatch (solved for the
// block's lanes together) to Evaluate's bit for bit, not within
// TestBatchAgreement's tolerance: the investors' and every tranche's, on
// the float-vs-cents guard's scenarios the kernel takes and their
// perturbed vectors, in blocks of 1, 7 and 64.
func TestBatchIRRAgreement(t *testing.T) {
	lanes := 0
	for _, sc := range agreementScenarios(t) {
		if ok, _ := sc.m.Batchable(); !ok {
			continue
		}
		h := fnv.New64a()
		h.Write([]byte(sc.name))
		rng := rand.New(rand.NewPCG(2, h.Sum64()))
		base := sc.s.Values()
		n := agreementCount(sc.s)
		vs := make([][]float64, n)
		for i := range vs {
			vs[i] = agreementVector(sc.s, base, rng, i)
		}
		w := sc.m.NewWork()
		w.SkipAppraisal = true
		want := make([]sib.Outputs, n)
		bad := make([]bool, n)
		for i, v := range vs {
			o, err := sc.m.Evaluate(v, w)
			if bad[i] = err != nil; !bad[i] {
				want[i] = *o
				want[i].Tranches = append([]sib.Returns(nil), o.Tranches...)
			}
		}
		same := func(a, b sib.IRR) bool {
			return math.Float64bits(a.Rate) == math.Float64bits(b.Rate) && a.Status == b.Status &&
				a.Roots == b.Roots && math.Float64bits(a.Other) == math.Float64bits(b.Other)
		}
		for _, size := range []int{1, 7, 64} {
			bt := sc.m.NewBatch(size)
			bt.SkipAppraisal = true
			for from := 0; from < n; from += size {
				to := min(from+size, n)
				got, err := sc.m.EvaluateBatch(vs[from:to], bt)
				if err != nil {
					continue // TestBatchAgreement checks errors
				}
				for l := range got {
					i := from + l
					if bad[i] {
						continue
					}
					who := []string{"Investors"}
					g, w := []sib.IRR{got[l].Investors.IRR}, []sib.IRR{want[i].Investors.IRR}
					for k := range got[l].Tranches {
						who = append(who, fmt.Sprintf("Tranches[%d]", k))
						g, w = append(g, got[l].Tranches[k].IRR), append(w, want[i].Tranches[k].IRR)
					}
					for j := range g {
						if !same(g[j], w[j]) {
							t.Fatalf("%s, size %d, vector %d: %s.IRR %+v, want %+v", sc.name, size, i, who[j], g[j], w[j])
						}
					}
					lanes++
				}
			}
		}
	}
	if lanes < 1000 {
		t.Errorf("only %d lanes compared", lanes)
	}
	t.Logf("%d lanes' IRRs bit-identical", lanes)
}
