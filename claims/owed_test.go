package claims

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sib-engine/sib/internal/csvio"
)

// owedRecords: base() runs 2026 in quarters, paid by dwp alone (no
// payers.csv). By hand, at the rate card's prices (ENTRY 1000.00, QUAL
// 700.00; A's two outcomes are under the EMP cap of 2000.00):
//
//	Q1: A's ENTRY (02-01) 1000.00 + B's QUAL (03-15) 700.00 = 1700.00
//	Q2: C's ENTRY (04-20) 1000.00 + A's QUAL (05-10) 700.00 = 1700.00
//	Q3: C's QUAL (08-01) 700.00
//	Q4: nothing
const owedRecords = recHeader +
	"A,ENTRY,2026-02-01,ev1,verified\n" +
	"B,QUAL,2026-03-15,ev2,verified\n" +
	"C,ENTRY,2026-04-20,ev3,verified\n" +
	"A,QUAL,2026-05-10,ev4,verified\n" +
	"C,QUAL,2026-08-01,ev5,verified\n"

// owedPaid: dwp pays Q1 in full in arrears, part of Q2 late, recovers
// 100.00 (a clawback), then pays 1,400.00 in October.
const owedPaid = "date,payer,amount,reference,note\n" +
	"2026-04-15,dwp,1700.00,INV-Q1,Q1 in arrears\n" +
	"2026-07-20,dwp,1000,INV-Q2a,part of Q2\n" +
	"2026-08-10,dwp,-100.00,REC-1,a clawback\n" +
	"2026-10-15,dwp,1400.00,INV-Q2b,\n"

// What is owed as of a day: due is what the claims booked for the
// quarters over by the day, paid the payments made by then, and each
// quarter over takes the payments oldest first.
func TestOwed(t *testing.T) {
	cases := []struct {
		name              string
		asOf              Date
		paid              string // paid.csv, owedPaid when ""
		due, paidC, next  int64
		later, laterCents int64
		byPeriod          []int64 // each quarter's Paid, to Through
	}{
		// Q1 over: due 1700.00; paid 1700.00 (04-15); owed 0. Q2 so far
		// (C's ENTRY and A's QUAL) 1700.00 is due next; three payments
		// later, 1000 − 100 + 1400 = 2300.00.
		{"in Q2", MakeDate(2026, 5, 15), "", 170000, 170000, 170000, 3, 230000, []int64{170000}},
		// Q1 and Q2 over: due 3400.00; paid 1700 + 1000 − 100 = 2600.00;
		// owed 800.00. Q1 takes 1700.00, Q2 the 900.00 left. Q3 so far:
		// C's QUAL, 700.00. One payment later, 1400.00.
		{"in Q3", MakeDate(2026, 8, 31), "", 340000, 260000, 70000, 1, 140000, []int64{170000, 90000}},
		// Every quarter over: due 4100.00; paid 2600 + 1400 = 4000.00;
		// owed 100.00: Q1 1700.00 and Q2 1700.00 paid, Q3 600.00 of
		// 700.00, Q4 (nothing booked) 0.
		{"year end", MakeDate(2026, 12, 31), "", 410000, 400000, 0, 0, 0, []int64{170000, 170000, 60000, 0}},
		// Without an as-of day: the quarters to the last with a payment
		// (Q3), and every payment.
		{"no as-of", 0, "", 410000, 400000, 0, 0, 0, []int64{170000, 170000, 60000}},
		// 250.00 more in January 2027: paid 4250.00, owed −150.00
		// (overpaid); Q3 is paid in full, the 150.00 over goes to none.
		{"overpaid", 0, owedPaid + "2027-01-20,dwp,250,,\n", 410000, 425000, 0, 0, 0, []int64{170000, 170000, 70000}},
		// A net recovery (−100.00) goes to no quarter: owed 4100 + 100.
		{"net recovery", 0, "date,payer,amount\n2026-08-10,dwp,-100.00\n", 410000, -10000, 0, 0, 0, []int64{0, 0, 0}},
		// A header alone: nothing paid yet.
		{"nothing paid", MakeDate(2026, 6, 30), "date;payer;amount\n", 340000, 0, 0, 0, 0, []int64{0, 0}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := base()
			f[PaidFile] = owedPaid
			if tc.paid != "" {
				f[PaidFile] = tc.paid
			}
			res := run(t, f, owedRecords, Options{AsOf: tc.asOf})
			if !res.PaidGiven || len(res.Owed) != 1 || res.Owed[0].Payer != "dwp" {
				t.Fatalf("owed %+v, paid given %v", res.Owed, res.PaidGiven)
			}
			o := res.Owed[0]
			if o.Due != tc.due || o.Paid != tc.paidC || o.DueNext != tc.next || o.Balance() != tc.due-tc.paidC {
				t.Errorf("due %d paid %d next %d balance %d; want %d, %d, %d", o.Due, o.Paid, o.DueNext, o.Balance(), tc.due, tc.paidC, tc.next)
			}
			if res.PaidLater != tc.later || res.PaidLaterCents != tc.laterCents {
				t.Errorf("later %d (%d cents), want %d (%d)", res.PaidLater, res.PaidLaterCents, tc.later, tc.laterCents)
			}
			if res.Through != len(tc.byPeriod) {
				t.Fatalf("through %d, want %d", res.Through, len(tc.byPeriod))
			}
			for _, p := range res.Payments {
				want := int64(0)
				if p.Period <= len(tc.byPeriod) {
					want = tc.byPeriod[p.Period-1]
				}
				if p.Paid != want {
					t.Errorf("period %d paid %d, want %d", p.Period, p.Paid, want)
				}
			}
		})
	}
}

// Several payers: ENTRY is paid 3/4 by dwp and 1/4 by la, QUAL by the
// contract's payer (dwp). As of 2026-06-30 (Q1 and Q2 over):
//
//	dwp due: Q1 750.00 + 700.00, Q2 750.00 + 700.00 = 2900.00; paid 1450.00: owed 1450.00
//	la  due: Q1 250.00, Q2 250.00 = 500.00; paid 600.00: overpaid 100.00
//
// la's 600.00 pays Q1's 250.00 and Q2's 250.00; 100.00 is left over.
func TestOwedPayers(t *testing.T) {
	f := base()
	f[PayersFile] = "outcome,payer,share\nENTRY,dwp,0.75\nENTRY,la,0.25\n"
	f[PaidFile] = "payer,amount,date\ndwp,1450,2026-04-30\nla,600,2026-05-02\n"
	res := run(t, f, owedRecords, Options{AsOf: MakeDate(2026, 6, 30)})
	want := []Owed{{Payer: "dwp", Due: 290000, Paid: 145000, DueNext: 0}, {Payer: "la", Due: 50000, Paid: 60000}}
	if len(res.Owed) != 2 || res.Owed[0] != want[0] || res.Owed[1] != want[1] {
		t.Fatalf("owed %+v, want %+v", res.Owed, want)
	}
	if b := res.Owed[1].Balance(); b != -10000 {
		t.Errorf("la's balance %d, want -10000 (overpaid)", b)
	}
	for _, p := range res.Payments[:4] { // Q1 and Q2, dwp then la
		want := map[string]int64{"1dwp": 145000, "1la": 25000, "2dwp": 0, "2la": 25000}[strings.Join([]string{string(rune('0' + p.Period)), p.Payer}, "")]
		if p.Paid != want {
			t.Errorf("period %d %s paid %d, want %d", p.Period, p.Payer, p.Paid, want)
		}
	}
}

// Without paid.csv nothing is known to be paid: Owed still says what is
// due, and PaidGiven is false.
func TestOwedWithoutPaid(t *testing.T) {
	res := run(t, base(), owedRecords, Options{})
	if res.PaidGiven || len(res.Owed) != 1 || res.Owed[0].Due != 410000 || res.Owed[0].Paid != 0 {
		t.Errorf("owed %+v, paid given %v", res.Owed, res.PaidGiven)
	}
}

// A bad paid.csv is refused with its position.
func TestBadPaid(t *testing.T) {
	cases := []struct{ name, body, want string }{
		{"unknown payer", "date,payer,amount\n2026-04-15,dwp,5\n2026-04-16,DWP,5\n", `paid.csv:3:2: payer: unknown payer "DWP": the payers are dwp`},
		{"three decimals", "date,payer,amount\n2026-04-15,dwp,1700.005\n", `paid.csv:2:3: amount: invalid number "1700.005": more than 2 decimal places`},
		{"three decimals negative", "date,payer,amount\n2026-04-15,dwp,-1.005\n", `paid.csv:2:3: amount: invalid number "-1.005": more than 2 decimal places`},
		{"bad date", "date,payer,amount\n2026-04-31,dwp,5\n", `paid.csv:2:1: date: invalid date "2026-04-31": April 2026 has 30 days`},
		{"no payer", "date;amount;payer\n2026-04-15;5;\n", "paid.csv:2:3: payer: empty value"},
		{"no amount", "date,payer,amount\n2026-04-15,dwp,\n", "paid.csv:2:3: amount: empty value"},
		{"missing column", "date,amount\n2026-04-15,5\n", `paid.csv:1: missing column "payer"`},
		{"unknown column", "date,payer,amount,invoice\n2026-04-15,dwp,5,I1\n", `paid.csv:1:4: unknown column "invoice"`},
		// 101 amounts of ±9,999,999,999,999.99: 10^17 cents less 101,
		// over the limit of 10^17 in all (100 are not), whatever the signs.
		{"over the limit", "date,payer,amount\n" + strings.Repeat("2026-04-15,dwp,9999999999999.99\n2026-04-15,dwp,-9999999999999.99\n", 51), "paid.csv:102:3: amount: the payments made are more than the engine's limit of 1000000000000000.00 in all"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := base()
			f[RecordsFile] = owedRecords
			f[PaidFile] = tc.body
			dir := folder(t, f)
			_, err := Run(dir, Options{})
			var ce *csvio.Error
			if !errors.As(err, &ce) {
				t.Fatalf("got %v, want a *csvio.Error", err)
			}
			got := strings.TrimPrefix(err.Error(), dir+string(filepath.Separator))
			if !strings.Contains(got, tc.want) {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// A contract built in code is checked as paid.csv is.
func TestPaidBuiltInCode(t *testing.T) {
	c, err := Load(folder(t, base()), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c.Paid = []PaymentMade{{Date: MakeDate(2026, 4, 1), Payer: "la", Cents: 5}}
	if err := c.Prepare(); !errors.Is(err, ErrInput) || !strings.Contains(err.Error(), `unknown payer "la"`) {
		t.Errorf("got %v", err)
	}
}
