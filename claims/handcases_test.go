package claims

import (
	"testing"
)

const recHeader = "participant,outcome,achieved,evidence,status\n"

func wantClaim(t *testing.T, res *Result, line int, reason Reason, paid int64) {
	t.Helper()
	c := claimOf(t, res, line)
	if c.Reason != reason || c.Paid != paid {
		t.Errorf("line %d: got %s paid %d (%s), want %s paid %d", line, c.Reason, c.Paid, c.Detail, reason, paid)
	}
}

// Two participants under one cap of 2000.00 over ENTRY (1000.00) and
// SUST13 (1500.00). A achieves both: 1000.00 + 1500.00 = 2500.00 >
// 2000.00, so SUST13 is cut to 2000.00 − 1000.00 = 1000.00 (partly paid,
// 500.00 not paid). B achieves ENTRY only: 1000.00, under the cap.
func TestTwoParticipantsOneCap(t *testing.T) {
	res := run(t, base(), recHeader+
		"A,ENTRY,2026-02-01,ev1,verified\n"+
		"A,SUST13,2026-05-01,ev2,verified\n"+
		"B,ENTRY,2026-03-01,ev3,verified\n", Options{KeepClaims: true})
	wantClaim(t, res, 2, Accepted, 100000)
	wantClaim(t, res, 3, CapPartly, 100000)
	wantClaim(t, res, 4, Accepted, 100000)
	if got := claimOf(t, res, 3).Detail; got != "participant cap EMP of 2000.00 reached: paid 1000.00 of 1500.00" {
		t.Errorf("detail %q", got)
	}
	// Claimed 1000 + 1500 + 1000 = 3500.00; paid 3000.00.
	if res.Claimed() != 350000 || res.Paid() != 300000 {
		t.Errorf("claimed %d paid %d", res.Claimed(), res.Paid())
	}
	// Q1: A's and B's ENTRY, 2000.00; Q2: A's SUST13, 1000.00.
	for _, p := range res.Payments {
		want := map[int]int64{1: 200000, 2: 100000}[p.Period]
		if p.Cents != want {
			t.Errorf("period %d: %d, want %d", p.Period, p.Cents, want)
		}
	}
	var a, b ParticipantTotal
	for _, x := range res.Totals {
		switch x.Participant {
		case "A":
			a = x
		case "B":
			b = x
		}
	}
	if a.Paid != 200000 || a.Cap != 200000 || b.Paid != 100000 {
		t.Errorf("totals A %+v B %+v", a, b)
	}
}
