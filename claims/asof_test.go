package claims

import "testing"

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
