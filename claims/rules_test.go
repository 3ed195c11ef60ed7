package claims

import (
	"errors"
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
