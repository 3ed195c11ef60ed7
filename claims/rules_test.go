package claims

import (
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/sib-engine/sib/internal/csvio"
)

// rulesCard is a contract with the rules of rules.go: SUST13 at least
// 13 weeks (91 days) after ENTRY; QUAL evidenced by a certificate or an
// awarding body's letter; no caps.
func rulesCard() map[string]string {
	f := base()
	f[RateCardFile] = "outcome,name,price,prerequisite,min_after,evidence_types\n" +
		"ENTRY,job entry,1000,,,\n" +
		"SUST13,13 weeks in work,1500,ENTRY,13w,\n" +
		"QUAL,qualification,700,,,certificate awarding_letter\n"
	delete(f, CapsFile)
	return f
}

// min_after 13w from ENTRY on 2026-02-01: 91 days later is 2026-05-03
// (February 2026 has 28 days: 27 days to 02-28, 58 to 03-31, 88 to
// 04-30, 91 to 05-03). A's SUST13 on 05-02 is one day too soon; its
// second record on 05-03 is paid (1500.00). B's SUST13 on 2026-02-20 is
// before B's ENTRY on 03-01: prerequisite_later comes before too_soon.
// C has no ENTRY: prerequisite_missing.
func TestMinAfter(t *testing.T) {
	res := run(t, rulesCard(), recHeader+
		"A,ENTRY,2026-02-01,ev1,verified\n"+ // line 2
		"A,SUST13,2026-05-02,ev2,verified\n"+ // 3: too soon
		"A,SUST13,2026-05-03,ev3,verified\n"+ // 4: 91 days: paid
		"B,ENTRY,2026-03-01,ev4,verified\n"+ // 5
		"B,SUST13,2026-02-20,ev5,verified\n"+ // 6: prerequisite later
		"C,SUST13,2026-08-01,ev6,verified\n", // 7: prerequisite missing
		Options{KeepClaims: true})
	wantClaim(t, res, 2, Accepted, 100000)
	wantClaim(t, res, 3, TooSoon, 0)
	wantClaim(t, res, 4, Accepted, 150000)
	wantClaim(t, res, 5, Accepted, 100000)
	wantClaim(t, res, 6, PrerequisiteLater, 0)
	wantClaim(t, res, 7, PrerequisiteMissing, 0)
	if got, want := claimOf(t, res, 3).Detail, "prerequisites achieved on 2026-02-01: 13w not before 2026-05-03"; got != want {
		t.Errorf("detail %q, want %q", got, want)
	}
	// Claimed 1000 + 1500×2 + 1000 + 1500×2 = 8000.00; paid 3500.00;
	// too_soon 1 record of 1500.00.
	if res.Claimed() != 800000 || res.Paid() != 350000 {
		t.Errorf("claimed %d paid %d", res.Claimed(), res.Paid())
	}
	if r := res.Reconciliation[TooSoon]; r.Records != 1 || r.Claimed != 150000 {
		t.Errorf("too_soon %+v", r)
	}
	checkReconciliation(t, res)
}

// min_after counts from the last of several prerequisites: BOTH needs
// ENTRY (2026-02-01) and QUAL (2026-03-01), 30 days after the later:
// 2026-03-31 is the first day it pays; 03-30 is too soon.
func TestMinAfterLastPrerequisite(t *testing.T) {
	f := rulesCard()
	f[RateCardFile] = "outcome,price,prerequisite,min_after\nENTRY,1000,,\nQUAL,700,,\nBOTH,300,ENTRY QUAL,30\n"
	res := run(t, f, recHeader+
		"A,ENTRY,2026-02-01,e1,verified\n"+
		"A,QUAL,2026-03-01,e2,verified\n"+
		"A,BOTH,2026-03-30,e3,verified\n"+ // line 4: 29 days after QUAL
		"B,ENTRY,2026-02-01,e4,verified\n"+
		"B,QUAL,2026-03-01,e5,verified\n"+
		"B,BOTH,2026-03-31,e6,verified\n", // line 7: 30 days
		Options{KeepClaims: true})
	wantClaim(t, res, 4, TooSoon, 0)
	wantClaim(t, res, 7, Accepted, 30000)
}

// Evidence types: QUAL accepts certificate or awarding_letter, in any
// case; payslip and an empty type are rejected (evidence_type); ENTRY
// lists none, so any type passes; no evidence at all is no_evidence,
// checked first. Paid: 700 + 700 + 1000 = 2400.00.
func TestEvidenceTypes(t *testing.T) {
	res := run(t, rulesCard(), "participant,outcome,achieved,evidence,evidence_type\n"+
		"A,QUAL,2026-02-01,ev1,certificate\n"+ // line 2
		"B,QUAL,2026-03-01,ev2,CERTIFICATE\n"+ // 3
		"C,QUAL,2026-04-10,ev3,payslip\n"+ // 4
		"C,QUAL,2026-04-11,ev4,\n"+ // 5
		"C,QUAL,2026-04-12,,payslip\n"+ // 6
		"A,ENTRY,2026-02-02,ev6,\n", // 7
		Options{KeepClaims: true})
	wantClaim(t, res, 2, Accepted, 70000)
	wantClaim(t, res, 3, Accepted, 70000)
	wantClaim(t, res, 4, EvidenceType, 0)
	wantClaim(t, res, 5, EvidenceType, 0)
	wantClaim(t, res, 6, NoEvidence, 0)
	wantClaim(t, res, 7, Accepted, 100000)
	if got, want := claimOf(t, res, 4).Detail, `evidence type "payslip": QUAL accepts certificate, awarding_letter`; got != want {
		t.Errorf("detail %q, want %q", got, want)
	}
	if res.Paid() != 240000 {
		t.Errorf("paid %d", res.Paid())
	}
	checkReconciliation(t, res)
}

// Without the evidence_type column, an outcome with evidence types
// rejects every record: the type is required for it (a conditional
// field), and the template's header has the column.
func TestEvidenceTypeColumnMissing(t *testing.T) {
	res := run(t, rulesCard(), recHeader+"A,QUAL,2026-02-01,ev1,verified\n", Options{KeepClaims: true})
	wantClaim(t, res, 2, EvidenceType, 0)
}

// countCard is rulesCard with minimum counts: WORK16 (16 hours of work a
// week, after ENTRY) needs a count of 16, ATTEND (80% of sessions
// attended) a count of 0.8; ENTRY has none. SUST needs WORK16.
func countCard() map[string]string {
	f := rulesCard()
	f[RateCardFile] = "outcome,name,price,prerequisite,min_count\n" +
		"ENTRY,job entry,1000,,\n" +
		"WORK16,16 hours a week,1500,ENTRY,16\n" +
		"ATTEND,80% of sessions attended,700,,0.8\n" +
		"SUST,sustained,2000,WORK16,\n"
	return f
}

// Minimum counts, by hand. A's WORK16 count 16 equals the minimum: paid.
// B's ENTRY gives a count where none is asked: ignored. B's WORK16 15.5
// is below and an empty count is missing (below_minimum both); 20 is
// above: paid. C's ATTEND 0.79 is below, 0.80 equals 0.8: paid. C's
// WORK16 of 10, pending: below_minimum is checked before not_verified;
// with no evidence, no_evidence comes first. C's SUST needs WORK16, which
// C never achieved (rejected records achieve nothing): prerequisite_missing.
//
// Claimed: ENTRY 2 × 1000 + WORK16 6 × 1500 + ATTEND 2 × 700 + SUST 2000
// = 14,400.00. Paid: 1000 + 1500 + 1000 + 1500 + 700 = 5,700.00.
// below_minimum: lines 5, 6, 8 and 10, 1500 + 1500 + 700 + 1500 =
// 5,200.00.
func TestMinCount(t *testing.T) {
	recs := "participant,outcome,achieved,evidence,status,count\n" +
		"A,ENTRY,2026-02-01,e1,verified,\n" + // line 2
		"A,WORK16,2026-03-01,e2,verified,16\n" + // 3: equal: paid
		"B,ENTRY,2026-02-10,e3,verified,3\n" + // 4: no minimum: paid
		"B,WORK16,2026-03-01,e4,verified,15.5\n" + // 5: below
		"B,WORK16,2026-03-02,e5,verified,\n" + // 6: missing
		"B,WORK16,2026-03-03,e6,verified,20\n" + // 7: above: paid
		"C,ATTEND,2026-05-01,e7,verified,0.79\n" + // 8: below
		"C,ATTEND,2026-05-02,e8,verified,0.80\n" + // 9: equal: paid
		"C,WORK16,2026-05-03,e9,pending,10\n" + // 10: below, then pending
		"C,WORK16,2026-05-04,,verified,10\n" + // 11: no evidence first
		"C,SUST,2026-06-01,e11,verified,\n" // 12: WORK16 never achieved
	res := run(t, countCard(), recs, Options{KeepClaims: true})
	for line, want := range map[int]struct {
		r    Reason
		paid int64
	}{2: {Accepted, 100000}, 3: {Accepted, 150000}, 4: {Accepted, 100000}, 5: {BelowMinimum, 0}, 6: {BelowMinimum, 0},
		7: {Accepted, 150000}, 8: {BelowMinimum, 0}, 9: {Accepted, 70000}, 10: {BelowMinimum, 0}, 11: {NoEvidence, 0},
		12: {PrerequisiteMissing, 0}} {
		wantClaim(t, res, line, want.r, want.paid)
	}
	for line, want := range map[int]string{5: "count 15.5, below the minimum 16 of WORK16", 6: "no count: WORK16 needs at least 16",
		8: "count 0.79, below the minimum 0.8 of ATTEND"} {
		if got := claimOf(t, res, line).Detail; got != want {
			t.Errorf("line %d: detail %q, want %q", line, got, want)
		}
	}
	if res.Claimed() != 1440000 || res.Paid() != 570000 {
		t.Errorf("claimed %d paid %d, want 1440000 570000", res.Claimed(), res.Paid())
	}
	if r := res.Reconciliation[BelowMinimum]; r.Records != 4 || r.Claimed != 520000 {
		t.Errorf("below_minimum %+v, want 4 records claiming 520000", r)
	}
	if BelowMinimum.Text() != "rejected: below the minimum count" {
		t.Errorf("text %q", BelowMinimum.Text())
	}
	checkReconciliation(t, res)
	// The participants' lists (without the claims kept) see the rule too.
	lists := run(t, countCard(), recs, Options{Workers: 2, chunkSize: 64})
	if !reflect.DeepEqual(withoutClaims(res), lists) {
		t.Errorf("with and without the claims kept:\n%+v\n%+v", withoutClaims(res), lists)
	}
}

// Without the count column, an outcome with a minimum count rejects every
// record (the count is required for it: a conditional field); the others
// pay.
func TestCountColumnMissing(t *testing.T) {
	res := run(t, countCard(), recHeader+"A,ENTRY,2026-02-01,e1,verified\nA,WORK16,2026-03-01,e2,verified\n", Options{KeepClaims: true})
	wantClaim(t, res, 2, Accepted, 100000)
	wantClaim(t, res, 3, BelowMinimum, 0)
}

// Malformed counts refuse the file with their position, whatever the
// outcome; so do malformed minimum counts in the rate card.
func TestCountBadInput(t *testing.T) {
	for _, tc := range []struct{ count, want string }{
		{"abc", `records.csv:3:6: count: count "abc": expected a number of 0 or more`},
		{"-3", `records.csv:3:6: count: count "-3"`},
		{"1e3", `records.csv:3:6: count: count "1e3"`},
		{".5", `records.csv:3:6: count: count ".5"`},
		{"5.", `records.csv:3:6: count: count "5."`},
		{"16,5", `records.csv:3:7: 7 fields, but the header has 6`},
		{"1.1234567", `records.csv:3:6: count: count "1.1234567"`},
		{"1234567890123", `records.csv:3:6: count: count "1234567890123"`},
	} {
		f := countCard()
		f[RecordsFile] = "participant,outcome,achieved,evidence,status,count\nA,ENTRY,2026-02-01,e1,verified,\nA,ENTRY,2026-02-02,e2,verified," + tc.count + "\n"
		dir := folder(t, f)
		_, err := Run(dir, Options{})
		var ce *csvio.Error
		if !errors.As(err, &ce) {
			t.Fatalf("%q: got %v, want a positioned error", tc.count, err)
		}
		if got := strings.TrimPrefix(err.Error(), dir+string(filepath.Separator)); !strings.Contains(got, tc.want) {
			t.Errorf("%q: got  %s\nwant %s", tc.count, got, tc.want)
		}
	}
}

// The ramp-up ends 2026-01-31: ENTRY achieved that day is not paid
// (ramp_up); the next day it is. The contract's start is 2026-01-01.
func TestRampUpBoundary(t *testing.T) {
	f := rulesCard()
	f[ContractFile] += "rampup_until,2026-01-31\n"
	res := run(t, f, recHeader+
		"A,ENTRY,2026-01-31,e1,verified\n"+
		"A,ENTRY,2026-02-01,e2,verified\n", Options{KeepClaims: true})
	wantClaim(t, res, 2, RampUp, 0)
	wantClaim(t, res, 3, Accepted, 100000)
}

func TestRulesBadInput(t *testing.T) {
	cases := []struct {
		name, rate, want string
		line, col        int
	}{
		{"min_after unit", "outcome,price,prerequisite,min_after\nA,1,,\nB,1,A,13x\n", `min_after "13x"`, 3, 4},
		{"min_after zero", "outcome,price,prerequisite,min_after\nA,1,,\nB,1,A,0\n", `min_after "0"`, 3, 4},
		{"min_after no prerequisite", "outcome,price,prerequisite,min_after\nA,1,,\nB,1,,13w\n", `has min_after 13w but no prerequisite`, 3, 4},
		{"evidence type twice", "outcome,price,evidence_types\nA,1,x y x\n", `evidence type "x" given twice`, 2, 3},
		{"min_count not a number", "outcome,price,min_count\nA,1,\nB,1,many\n", `min_count "many": expected a number above 0`, 3, 3},
		{"min_count negative", "outcome,price,min_count\nA,1,-16\n", `min_count "-16"`, 2, 3},
		{"min_count zero", "outcome,price,min_count\nA,1,0\n", `min_count "0"`, 2, 3},
		{"later row other min_count", "outcome,price,from,to,min_count\nA,1,,2026-06-30,16\nA,2,2026-07-01,,15\n", `another min_count on line 2`, 3, 5},
		{"later row other min_after", "outcome,price,from,to,prerequisite,min_after\nA,1,,,,\nB,1,,2026-06-30,A,10\nB,2,2026-07-01,,,11\n", `another min_after on line 3`, 4, 6},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := rulesCard()
			f[RateCardFile] = tc.rate
			f[RecordsFile] = recHeader
			_, err := Run(folder(t, f), Options{})
			var ce *csvio.Error
			if !errors.As(err, &ce) || !errors.Is(err, ErrInput) {
				t.Fatalf("got %v, want a positioned input error", err)
			}
			if ce.Line != tc.line || ce.Column != tc.col || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v (line %d column %d), want %q at %d:%d", err, ce.Line, ce.Column, tc.want, tc.line, tc.col)
			}
		})
	}
}

func TestParseMinAfter(t *testing.T) {
	for in, want := range map[string]int{"91": 91, "91d": 91, "13w": 91, " 2W ": 14, "1": 1} {
		got, err := ParseMinAfter(in)
		if err != nil || got != want {
			t.Errorf("ParseMinAfter(%q) = %d, %v; want %d", in, got, err, want)
		}
		if back, _ := ParseMinAfter(FormatMinAfter(got)); back != got {
			t.Errorf("FormatMinAfter(%d) = %q does not read back", got, FormatMinAfter(got))
		}
	}
	for _, in := range []string{"", "w", "-1", "1.5w", "13m", "5218w"} {
		if _, err := ParseMinAfter(in); err == nil {
			t.Errorf("ParseMinAfter(%q): no error", in)
		}
	}
}

// FuzzMinAfter: what ParseMinAfter reads, FormatMinAfter writes back to
// the same number of days; nothing panics.
func FuzzMinAfter(f *testing.F) {
	for _, s := range []string{"91", "13w", "30d", "0", "-1w", "5218w", " 2W "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseMinAfter(s)
		if err != nil {
			return
		}
		if back, err := ParseMinAfter(FormatMinAfter(n)); err != nil || back != n {
			t.Fatalf("%q: %d days, written %q, read back %d (%v)", s, n, FormatMinAfter(n), back, err)
		}
	})
}

// FuzzGenerate: any seed and invalid fraction give records that validate
// against the contract they were drawn from, with the reconciliation
// holding.
func FuzzGenerate(f *testing.F) {
	f.Add(uint64(1), 0.0, 20)
	f.Add(uint64(99), 0.5, 50)
	f.Add(uint64(7), 1.0, 5)
	c := genContract(f)
	f.Fuzz(func(t *testing.T, seed uint64, invalid float64, n int) {
		if n < 0 || n > 200 || !(invalid >= 0 && invalid <= 1) {
			return
		}
		p, r, st := generate(t, c, GenerateOptions{Participants: n, Seed: seed, Invalid: invalid})
		res := validateGenerated(t, c, p, r)
		if res.Records != st.Records {
			t.Fatalf("%d records written, %d read", st.Records, res.Records)
		}
		checkReconciliation(t, res)
	})
}
