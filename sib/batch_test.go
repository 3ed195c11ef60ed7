package sib_test

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/sib-engine/sib/sib"
)

// TestBatchAgreement extends the float-vs-cents guard (TestAgreement) to
// the batched kernel: on every scenario the guard runs that the kernel
// takes (Batchable), over the guard's perturbed vectors, EvaluateBatch
// gives Evaluate's outputs within 1e-12 relative (IRR statuses and
// paybacks exactly), in blocks of 1, 7 and 64 lanes; Evaluate agrees with
// the ledger (TestAgreement), so the kernel does too. The scenarios it
// does not take are evaluated lane by lane and are checked the same way.
func TestBatchAgreement(t *testing.T) {
	kernel := 0
	for _, sc := range agreementScenarios(t) {
		ok, why := sc.m.Batchable()
		if ok {
			kernel++
		}
		t.Run(sc.name, func(t *testing.T) {
			h := fnv.New64a()
			h.Write([]byte(sc.name))
			rng := rand.New(rand.NewPCG(1, h.Sum64()))
			base := sc.s.Values()
			n := agreementCount(sc.s)
			if !ok {
				n = min(n, 20) // lane by lane: Evaluate itself
			}
			vs := make([][]float64, n)
			for i := range vs {
				vs[i] = agreementVector(sc.s, base, rng, i)
			}
			w := sc.m.NewWork()
			w.SkipAppraisal = true
			want := make([]sib.Outputs, n)
			wantErr := make([]error, n)
			for i, v := range vs {
				o, err := sc.m.Evaluate(v, w)
				if wantErr[i] = err; err == nil {
					want[i] = *o
					want[i].Tranches = append([]sib.Returns(nil), o.Tranches...)
				}
			}
			// −64: blocks of 64 with SkipPayback and SkipNPV, whose
			// paybacks are −2 and NPVs NaN (or Evaluate's, for a lane it
			// evaluates) and the rest as without them.
			for _, size := range []int{1, 7, 64, -64} {
				skip := size < 0
				size = max(size, -size)
				bt := sc.m.NewBatch(size)
				bt.SkipAppraisal, bt.SkipPayback, bt.SkipNPV = true, skip, skip
				for from := 0; from < n; from += size {
					to := min(from+size, n)
					got, err := sc.m.EvaluateBatch(vs[from:to], bt)
					if err != nil {
						le, isLane := err.(*sib.LaneError)
						if !isLane || wantErr[from+le.Lane] == nil || le.Err.Error() != wantErr[from+le.Lane].Error() {
							t.Fatalf("size %d, vector %d: %v", size, from, err)
						}
						continue
					}
					for l := range got {
						i := from + l
						if wantErr[i] != nil {
							t.Fatalf("size %d, vector %d: no error, want %v", size, i, wantErr[i])
						}
						if skip {
							g := &got[l]
							g.Tranches = append([]sib.Returns(nil), g.Tranches...)
							pbs := []*int{&g.StatePayback, &g.Investors.Payback}
							wpbs := []int{want[i].StatePayback, want[i].Investors.Payback}
							for k := range g.Tranches {
								pbs, wpbs = append(pbs, &g.Tranches[k].Payback), append(wpbs, want[i].Tranches[k].Payback)
							}
							for k, pb := range pbs {
								if *pb != -2 && *pb != wpbs[k] {
									t.Fatalf("SkipPayback, vector %d: payback %d is %d, want −2 or %d", i, k, *pb, wpbs[k])
								}
								if *pb == -2 && !ok {
									t.Fatalf("SkipPayback, vector %d: payback −2 from Evaluate", i)
								}
								*pb = wpbs[k]
							}
							// SkipNPV: NaN, or Evaluate's.
							npvs := []*float64{&g.Investors.NPV}
							wnpvs := []float64{want[i].Investors.NPV}
							for k := range g.Tranches {
								npvs, wnpvs = append(npvs, &g.Tranches[k].NPV), append(wnpvs, want[i].Tranches[k].NPV)
							}
							for k, v := range npvs {
								if !math.IsNaN(*v) && *v != wnpvs[k] {
									t.Fatalf("SkipNPV, vector %d: NPV %d is %v, want NaN or %v", i, k, *v, wnpvs[k])
								}
								*v = wnpvs[k]
							}
						}
						if d := outputsDiff(&got[l], &want[i]); d != "" {
							t.Fatalf("size %d, vector %d (batchable %v %s): %s", size, i, ok, why, d)
						}
					}
				}
			}
		})
	}
	if kernel < 5 {
		t.Errorf("only %d scenarios use the kernel", kernel)
	}
	t.Logf("%d scenarios use the batched kernel", kernel)
}

// outputsDiff describes the first output where a and b differ by more
// than 1e-12 relative (IRR statuses and paybacks exactly); "" when none.
func outputsDiff(a, b *sib.Outputs) string {
	type pair struct {
		name string
		x, y float64
	}
	ps := []pair{
		{"GrossPV", a.GrossPV, b.GrossPV}, {"CashablePV", a.CashablePV, b.CashablePV},
		{"PaymentsPV", a.PaymentsPV, b.PaymentsPV}, {"NetPV", a.NetPV, b.NetPV}, {"NetGrossPV", a.NetGrossPV, b.NetGrossPV},
		{"SavingsRatio", a.SavingsRatio, b.SavingsRatio}, {"DirectPV", a.DirectPV, b.DirectPV}, {"PremiumPV", a.PremiumPV, b.PremiumPV},
		{"StatePayback", float64(a.StatePayback), float64(b.StatePayback)},
		{"Gross", a.Gross, b.Gross}, {"Cashable", a.Cashable, b.Cashable}, {"Payments", a.Payments, b.Payments}, {"Unfunded", a.Unfunded, b.Unfunded},
		{"CommissionerRawPV", a.Appraisal.CommissionerRawPV, b.Appraisal.CommissionerRawPV},
	}
	ret := func(who string, x, y *sib.Returns) {
		ps = append(ps, pair{who + ".Drawn", x.Drawn, y.Drawn}, pair{who + ".Received", x.Received, y.Received},
			pair{who + ".Multiple", x.Multiple, y.Multiple}, pair{who + ".IRR", x.IRR.Rate, y.IRR.Rate},
			pair{who + ".IRR.Status", float64(x.IRR.Status), float64(y.IRR.Status)},
			pair{who + ".NPV", x.NPV, y.NPV}, pair{who + ".Payback", float64(x.Payback), float64(y.Payback)},
			pair{who + ".Committed", x.Committed, y.Committed}, pair{who + ".CommittedMultiple", x.CommittedMultiple, y.CommittedMultiple})
	}
	ret("Investors", &a.Investors, &b.Investors)
	if len(a.Tranches) != len(b.Tranches) {
		return "tranches"
	}
	for k := range a.Tranches {
		ret(fmt.Sprintf("Tranches[%d]", k), &a.Tranches[k], &b.Tranches[k])
	}
	for _, p := range ps {
		if math.IsNaN(p.x) || math.IsNaN(p.y) {
			if math.IsNaN(p.x) != math.IsNaN(p.y) {
				return fmt.Sprintf("%s: %v, want %v", p.name, p.x, p.y)
			}
			continue
		}
		if p.x != p.y && !(math.Abs(p.x-p.y) <= 1e-12*max(math.Abs(p.x), math.Abs(p.y))) {
			return fmt.Sprintf("%s: %v, want %v", p.name, p.x, p.y)
		}
	}
	return ""
}
