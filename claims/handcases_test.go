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

// A prerequisite arriving after its dependant: A's SUST13 on 2026-03-01
// comes before A's ENTRY on 2026-04-01, so SUST13 is rejected
// (prerequisite_later) and ENTRY paid; a second SUST13 on 2026-06-01,
// after ENTRY, is paid, cut by the cap to 2000.00 − 1000.00 = 1000.00. C
// has a SUST13 and no ENTRY at all: prerequisite_missing.
func TestPrerequisiteLater(t *testing.T) {
	res := run(t, base(), recHeader+
		"A,SUST13,2026-03-01,ev1,verified\n"+
		"A,ENTRY,2026-04-01,ev2,verified\n"+
		"A,SUST13,2026-06-01,ev3,verified\n"+
		"C,SUST13,2026-06-01,ev4,verified\n", Options{KeepClaims: true})
	wantClaim(t, res, 2, PrerequisiteLater, 0)
	wantClaim(t, res, 3, Accepted, 100000)
	wantClaim(t, res, 4, CapPartly, 100000)
	wantClaim(t, res, 5, PrerequisiteMissing, 0)
}

// A claim on the deadline day and the day after: QUAL's deadline is
// 2026-06-30. A claimed on 2026-06-30 is paid 700.00; B claimed on
// 2026-07-01 is rejected (deadline). The contract's deadline, 2026-09-30,
// applies to the outcomes without one of their own: ENTRY claimed on
// 2026-10-01 is rejected.
func TestDeadlineDay(t *testing.T) {
	f := base()
	f[ContractFile] += "deadline,2026-09-30\n"
	f[RateCardFile] = "outcome,price,deadline\nENTRY,1000,\nQUAL,700,2026-06-30\n"
	f[CapsFile] = "kind,target,amount\n"
	res := run(t, f, "participant,outcome,achieved,evidence,claimed\n"+
		"A,QUAL,2026-06-01,ev1,2026-06-30\n"+
		"B,QUAL,2026-06-01,ev2,2026-07-01\n"+
		"A,ENTRY,2026-06-01,ev3,2026-10-01\n"+
		"B,ENTRY,2026-06-01,ev4,2026-09-30\n", Options{KeepClaims: true})
	wantClaim(t, res, 2, Accepted, 70000)
	wantClaim(t, res, 3, Deadline, 0)
	wantClaim(t, res, 4, Deadline, 0)
	wantClaim(t, res, 5, Accepted, 100000)
}

// A price change mid-contract: ENTRY pays 1000.00 to 2026-06-30 and
// 1200.00 from 2026-07-01, by the day achieved. A on 2026-06-30: 1000.00;
// B on 2026-07-01: 1200.00; the Q3 payment is 1200.00.
func TestPriceChange(t *testing.T) {
	f := base()
	f[RateCardFile] = "outcome,price,from,to\nENTRY,1000,,2026-06-30\nENTRY,1200,2026-07-01,\n"
	f[CapsFile] = "kind,target,amount\n"
	res := run(t, f, recHeader+
		"A,ENTRY,2026-06-30,ev1,verified\n"+
		"B,ENTRY,2026-07-01,ev2,verified\n", Options{KeepClaims: true})
	wantClaim(t, res, 2, Accepted, 100000)
	wantClaim(t, res, 3, Accepted, 120000)
	if p := res.Payments[2]; p.Period != 3 || p.Cents != 120000 {
		t.Errorf("Q3 payment %+v", p)
	}
}

// A payer split with a remainder cent: QUAL (1000.01) is paid half each
// by dwp and la. 100001 cents / 2 = 50000.5: each gets 50000, and the cent
// left over goes to the largest remainder; the remainders tie (0.5 each),
// so it goes to the first payer, dwp: 500.01 and 500.00. The Q1 payments
// say the same.
func TestPayerSplitRemainderCent(t *testing.T) {
	f := base()
	f[RateCardFile] = "outcome,price\nQUAL,1000.01\n"
	f[CapsFile] = "kind,target,amount\n"
	f[PayersFile] = "outcome,payer,share\nQUAL,dwp,0.5\nQUAL,la,0.5\n"
	res := run(t, f, recHeader+"A,QUAL,2026-02-01,ev1,verified\n", Options{KeepClaims: true})
	c := claimOf(t, res, 2)
	if len(c.Split) != 2 || c.Split[0] != 50001 || c.Split[1] != 50000 {
		t.Fatalf("split %v (payers %v), want [50001 50000]", c.Split, res.Payers)
	}
	if p := res.Payments[:2]; p[0].Payer != "dwp" || p[0].Cents != 50001 || p[1].Payer != "la" || p[1].Cents != 50000 {
		t.Errorf("Q1 payments %+v", p)
	}
}

// A contract that ends mid-quarter: base() but ending 2026-11-15, so its
// fourth quarter runs from 2026-10-01 to the end, 2026-11-15 (the
// payments table said 2026-12-31, past the contract, while the actuals
// cover said 2026-11-15). A's ENTRY on the last day is paid in it
// (1000.00); B's on the day after is after_end. The scenario's periods
// run their full length, so the actuals (OutcomePayments) keep
// 2026-12-31, which a scenario's actuals.csv must give.
func TestLastPeriodEndsAtContractEnd(t *testing.T) {
	f := base()
	f[ContractFile] = "setting,value\nstart,2026-01-01\nend,2026-11-15\nperiod,quarter\npayer,dwp\n"
	f[CapsFile] = "kind,target,amount\nparticipant,EMP,2000\n"
	res := run(t, f, recHeader+
		"A,ENTRY,2026-11-15,ev1,verified\n"+
		"B,ENTRY,2026-11-16,ev2,verified\n", Options{KeepClaims: true})
	wantClaim(t, res, 2, Accepted, 100000)
	wantClaim(t, res, 3, AfterEnd, 0)
	last := res.Payments[len(res.Payments)-1]
	if last.Period != 4 || last.Start != MakeDate(2026, 10, 1) || last.End != MakeDate(2026, 11, 15) || last.Cents != 100000 {
		t.Errorf("last payment %+v, want period 4 from 2026-10-01 to 2026-11-15, 100000", last)
	}
	if p := res.Payments[2]; p.End != MakeDate(2026, 9, 30) {
		t.Errorf("period 3 ends %s, want 2026-09-30", p.End)
	}
	op := res.OutcomePayments[len(res.OutcomePayments)-1]
	if op.Period != 4 || op.End != MakeDate(2026, 12, 31) {
		t.Errorf("last actual %+v, want period 4 to 2026-12-31 (the scenario's period)", op)
	}
}
