package claims

import (
	"reflect"
	"strings"
	"testing"
)

// With AsOf, the actuals cover exactly the payment periods over by that
// day (Through), a period with no payment an actual of 0, and the period
// the day falls in, not over, is Partial: its payments so far are left to
// the forecast. (A user's report: --as-of 2016-11-15 wrote quarter 7 as an
// actual with half its payments, and --as-of 2026-12-31 left out the
// complete quarters after the last payment.)
//
// base() runs 2026 in quarters (Q1 to 03-31, Q2 to 06-30, ...). By hand:
// Q1 pays A's ENTRY (1,000.00, 02-01) and B's QUAL (700.00, 03-15); Q2
// pays C's ENTRY (1,000.00, 04-20) and A's QUAL (700.00, 05-10): 2 claims,
// 1,700.00; Q3 and Q4 pay nothing.
func TestAsOfPeriods(t *testing.T) {
	recs := recHeader +
		"A,ENTRY,2026-02-01,ev1,verified\n" +
		"B,QUAL,2026-03-15,ev2,verified\n" +
		"C,ENTRY,2026-04-20,ev3,verified\n" +
		"A,QUAL,2026-05-10,ev4,verified\n"
	cases := []struct {
		asOf             Date
		through, partial int
		partialClaims    int64 // paid claims in the partial period
		partialCents     int64
		actuals          int64 // paid in periods 1 to through
	}{
		{MakeDate(2025, 12, 31), 0, 0, 0, 0, 0},          // before the contract
		{MakeDate(2026, 1, 1), 0, 1, 0, 0, 0},            // Q1 has begun
		{MakeDate(2026, 3, 31), 1, 0, 0, 0, 170000},      // Q1's last day: over
		{MakeDate(2026, 5, 15), 1, 2, 2, 170000, 170000}, // the report's case
		{MakeDate(2026, 6, 30), 2, 0, 0, 0, 340000},      // Q2 over
		{MakeDate(2026, 8, 1), 2, 3, 0, 0, 340000},       // Q3 so far: nothing
		{MakeDate(2026, 12, 31), 4, 0, 0, 0, 340000},     // Q3 and Q4 actuals of 0 (was through 2)
		{MakeDate(2027, 6, 30), 4, 0, 0, 0, 340000},      // after the end
	}
	for _, tc := range cases {
		t.Run(tc.asOf.String(), func(t *testing.T) {
			res := run(t, base(), recs, Options{AsOf: tc.asOf})
			if res.Through != tc.through || res.Partial != tc.partial {
				t.Errorf("through %d, partial %d; want %d, %d", res.Through, res.Partial, tc.through, tc.partial)
			}
			var n, c, act int64
			for _, p := range res.OutcomePayments {
				if p.Period == res.Partial {
					n, c = n+p.Claims, c+p.Cents
				}
				if p.Period <= res.Through {
					act += p.Cents
				}
			}
			if res.Partial == 0 {
				n, c = 0, 0
			}
			if n != tc.partialClaims || c != tc.partialCents || act != tc.actuals {
				t.Errorf("partial period: %d claims, %d cents; actuals %d cents; want %d, %d; %d", n, c, act, tc.partialClaims, tc.partialCents, tc.actuals)
			}
		})
	}
	// Without AsOf, Through is the last period with a payment (Q2).
	if res := run(t, base(), recs, Options{}); res.Through != 2 || res.Partial != 0 {
		t.Errorf("without AsOf: through %d, partial %d; want 2, 0", res.Through, res.Partial)
	}
}

// With AsOf, the achievement rates count only the participants who had
// started by that day: the others are not observed yet, not failures (a
// user's report: as of 2016-06-30 the cohorts starting in 2016-Q3 and Q4
// had rates of 0, and the rate over all cohorts counted them too). Open
// counts those who had not achieved the outcome and whose window (or,
// without one, the contract) was still open: they may achieve it yet (it
// counted those who had already achieved it too, whose part of the rate is
// final). They stay in the denominator: dropping
// them would leave an outcome without a window no rate at all until the
// contract ends; Open says when a rate is final (0) instead.
//
// base(): A (2026-01-10) and B (2026-02-01) in C1, C (2026-04-01) in C2;
// ENTRY has a 12-month window, QUAL none. A's ENTRY 02-01, B's QUAL 03-15,
// C's ENTRY 04-20. By hand:
//   - as of 2026-03-31: C has not started, so C2 has no rows (was 1
//     participant, rate 0); C1: ENTRY 1 of 2 (A), QUAL 1 of 2 (B); the
//     windows run to the contract's end (2026-12-31), so the one who has
//     not achieved each is open: B for ENTRY, A for QUAL.
//   - as of 2027-01-31, after the end: every window closed, Open 0; C2's
//     ENTRY 1 of 1.
//   - contract to 2027-06-30, as of 2027-01-20: A's ENTRY window closed on
//     2027-01-09, B's is open to 2027-01-31: C1's ENTRY Open 1; QUAL runs
//     to the contract's end, B has it: Open 1 (A); C's ENTRY window is open
//     (to 2027-03-31), but C has it: Open 0; C's QUAL: Open 1.
func TestAsOfAchievement(t *testing.T) {
	recs := recHeader +
		"A,ENTRY,2026-02-01,ev1,verified\n" +
		"B,QUAL,2026-03-15,ev2,verified\n" +
		"C,ENTRY,2026-04-20,ev3,verified\n"
	long := base()
	long[ContractFile] = strings.Replace(long[ContractFile], "end,2026-12-31", "end,2027-06-30", 1)
	cases := []struct {
		name  string
		files map[string]string
		asOf  Date
		want  []Achievement // the rows of ENTRY and QUAL
	}{
		{"C not started", base(), MakeDate(2026, 3, 31), []Achievement{
			{"ENTRY", "C1", 2, 1, 1}, {"QUAL", "C1", 2, 1, 1}}},
		{"after the end", base(), MakeDate(2027, 1, 31), []Achievement{
			{"ENTRY", "C1", 2, 1, 0}, {"ENTRY", "C2", 1, 1, 0}, {"QUAL", "C1", 2, 1, 0}, {"QUAL", "C2", 1, 0, 0}}},
		{"a window closed", long, MakeDate(2027, 1, 20), []Achievement{
			{"ENTRY", "C1", 2, 1, 1}, {"ENTRY", "C2", 1, 1, 0}, {"QUAL", "C1", 2, 1, 1}, {"QUAL", "C2", 1, 0, 1}}},
		{"without AsOf", base(), 0, []Achievement{
			{"ENTRY", "C1", 2, 1, 0}, {"ENTRY", "C2", 1, 1, 0}, {"QUAL", "C1", 2, 1, 0}, {"QUAL", "C2", 1, 0, 0}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := run(t, tc.files, recs, Options{AsOf: tc.asOf})
			var got []Achievement
			for _, a := range res.Achievement {
				if a.Outcome != "SUST13" {
					got = append(got, a)
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %v\nwant %v", got, tc.want)
			}
		})
	}
}
