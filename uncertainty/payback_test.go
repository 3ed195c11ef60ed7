package uncertainty

import (
	"context"
	"math"
	"strings"
	"testing"
)

// TestPaybackNeverIsMissing: a payback that never comes (sib's −1) is a
// missing value, counted under Missing and left out of the mean and the
// percentiles, not averaged as a period of −1. A new user's report: the
// Estonian investors' payback had mean 13.17, p5 −1 and missing 0, with
// 22% of the draws never paying back. Investors who never get their money
// back are those whose received is below drawn: the missing count must be
// the count of draws with investors.net < 0, and every payback present
// must be a period (≥ 0).
func TestPaybackNeverIsMissing(t *testing.T) {
	s, m, sp := loadEstonia(t)
	outs, err := ParseOutputs(s, "investors.payback,investors.net")
	if err != nil {
		t.Fatal(err)
	}
	sim, err := Simulate(context.Background(), m, s.Values(), sp, outs, SimOptions{Draws: 2000, Seed: 5, Workers: 2, Noise: true})
	if err != nil {
		t.Fatal(err)
	}
	losses := 0
	for i, net := range sim.Values[1] {
		pb := sim.Values[0][i]
		if net < 0 {
			losses++
			if !math.IsNaN(pb) {
				t.Fatalf("draw %d: net %v < 0 but payback %v", i, net, pb)
			}
		} else if !(pb >= 0) {
			t.Fatalf("draw %d: net %v ≥ 0 but payback %v", i, net, pb)
		}
	}
	sum := sim.Summaries[0]
	t.Logf("%d of 2000 draws never pay back", losses)
	if losses == 0 || sum.Missing != losses || sum.N != 2000-losses {
		t.Fatalf("payback: N %d, missing %d; %d draws lose money", sum.N, sum.Missing, losses)
	}
	if !(sum.Min >= 0 && sum.P5 >= 0) {
		t.Errorf("payback: min %v, p5 %v: a −1 for never is in the figures", sum.Min, sum.P5)
	}
}

// TestParseOutputsTwice: an output named twice is an error (simulate gave
// two identical rows, and a Parquet draws file failed late on a column
// named twice).
func TestParseOutputsTwice(t *testing.T) {
	s, _, _ := loadEstonia(t)
	if _, err := ParseOutputs(s, "investors.irr, state.net,investors.irr"); err == nil || !strings.Contains(err.Error(), `"investors.irr" given twice`) {
		t.Errorf("ParseOutputs: %v", err)
	}
}
