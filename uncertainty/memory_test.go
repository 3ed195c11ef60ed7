package uncertainty

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// leastBudget returns the least memory budget under which the model of
// s holds works Works and extra bytes, as CheckMemory reckons them.
func leastBudget(t *testing.T, s *scenario.Scenario, works int, extra int64) int64 {
	t.Helper()
	lo, hi := int64(1), int64(1)<<40
	for lo < hi {
		mid := lo + (hi-lo)/2
		if m, err := sib.CompileWith(s, sib.CompileOptions{MaxBytes: mid}); err == nil && m.CheckMemory("", works, extra) == nil {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// TestSimulateMemoryBudget: the Monte Carlo counts a Work per worker and
// its table of draws against the model's memory budget before it
// allocates (issue 12, defect 5): it runs fewer workers when the budget
// holds fewer, with the same results, and refuses a run that does not
// fit with one.
func TestSimulateMemoryBudget(t *testing.T) {
	s, m, sp := loadEstonia(t)
	outs, err := ParseOutputs(s, "investors.irr,state.net")
	if err != nil {
		t.Fatal(err)
	}
	const draws = 2000
	want, err := Simulate(context.Background(), m, s.Values(), sp, outs, SimOptions{Draws: draws, Seed: 7, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	table := int64(draws) * (8*2 + 1)
	// Room for the model, the table, one worker's Work and summary copy:
	// not for two.
	one := leastBudget(t, s, 1, table+draws*8)
	small, err := sib.CompileWith(s, sib.CompileOptions{MaxBytes: one})
	if err != nil {
		t.Fatal(err)
	}
	if w, err := fitWorkers(small, 4, draws, 2); err != nil || w != 1 {
		t.Errorf("fitWorkers: %d, %v; want 1 worker", w, err)
	}
	got, err := Simulate(context.Background(), small, s.Values(), sp, outs, SimOptions{Draws: draws, Seed: 7, Workers: 4})
	if err != nil {
		t.Fatal(err)
	}
	for k := range outs {
		for i := range draws {
			if a, b := got.Values[k][i], want.Values[k][i]; a != b && (a == a || b == b) {
				t.Fatalf("output %d, draw %d: %v under the budget, %v with one worker", k, i, a, b)
			}
		}
	}
	// Draws whose table alone is far above the budget: refused at once,
	// before the table is allocated.
	start := time.Now()
	_, err = Simulate(context.Background(), small, s.Values(), sp, outs, SimOptions{Draws: 1 << 40, Seed: 7})
	var me *sib.MemoryError
	if !errors.Is(err, sib.ErrMemory) || !errors.As(err, &me) {
		t.Fatalf("2^40 draws: %v, want ErrMemory", err)
	}
	if time.Since(start) > time.Second {
		t.Errorf("refused after %v", time.Since(start))
	}
	t.Log(err)
}
