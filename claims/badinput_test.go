package claims

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sib-engine/sib/internal/csvio"
)

// Bad input is an error with the file, line and column.
func TestBadInput(t *testing.T) {
	recs := recHeader + "A,ENTRY,2026-02-01,ev1,verified\n"
	cases := []struct {
		name, file, body, want string
	}{
		{"impossible date", RecordsFile, recHeader + "A,ENTRY,2026-02-30,ev1,verified\n", "records.csv:2:3: achieved: invalid date \"2026-02-30\": February 2026 has 28 days"},
		{"achieved before start", RecordsFile, recHeader + "A,ENTRY,2026-01-09,ev1,verified\n", "records.csv:2:3: achieved: achieved 2026-01-09, before participant \"A\" started (2026-01-10)"},
		{"unknown status", RecordsFile, recHeader + "A,ENTRY,2026-02-01,ev1,ok\n", "records.csv:2:5: status: status \"ok\": expected verified, pending, queried or withdrawn"},
		{"impossible start", ParticipantsFile, "id,start\nA,2026-13-01\n", "participants.csv:2:2: start: invalid date \"2026-13-01\": there is no month 13"},
		{"duplicate participant", ParticipantsFile, "id,start\nA,2026-01-10\nB,2026-01-10\nA,2026-02-10\n", "participants.csv:4:1: id: participant \"A\" given twice (also line 2)"},
		{"negative price", RateCardFile, "outcome,price\nENTRY,-5\n", "ratecard.csv:2:2: price: negative value -5: expected zero or more"},
		{"unknown prerequisite", RateCardFile, "outcome,price,prerequisite\nENTRY,5,START\n", "ratecard.csv:2:3: prerequisite: unknown prerequisite \"START\" of outcome \"ENTRY\": the rate card has ENTRY"},
		{"prerequisite cycle", RateCardFile, "outcome,price,prerequisite\nENTRY,5,\nA1,5,B1\nB1,5,A1 ENTRY\n", "ratecard.csv:3:3: prerequisite: a prerequisite cycle: A1 → B1 → A1 (each needs the next before it)"},
		{"cap group with no cap", RateCardFile, "outcome,price,cap_group\nENTRY,5,EMP\nQUAL,5,EDU\n", "ratecard.csv:3:3: cap_group: cap group \"EDU\" has no cap"},
		{"shares not summing to 1", PayersFile, "outcome,payer,share\nQUAL,dwp,0.5\nQUAL,la,0.4\n", "payers.csv:3:3: share: the payer shares of outcome \"QUAL\" sum to 0.9 (dwp 0.5 + la 0.4): they must sum to 1"},
		// At the share's own row, not the outcome's last (it said line 3, la's).
		{"share with 13 decimals", PayersFile, "outcome,payer,share\nQUAL,dwp,0.5000000000001\nQUAL,la,0.4999999999999\n", "payers.csv:2:3: share: the share 0.5000000000001 of payer \"dwp\" in outcome \"QUAL\" has more than 12 decimal places"},
		// Thirds in 12 decimals do not sum to 1: the message says how to write them.
		{"thirds", PayersFile, "outcome,payer,share\nQUAL,dwp,0.333333333333\nQUAL,la,0.333333333333\nQUAL,dfe,0.333333333333\n", "payers.csv:4:3: share: the payer shares of outcome \"QUAL\" sum to 0.999999999999 (dwp 0.333333333333 + la 0.333333333333 + dfe 0.333333333333): they must sum to 1; shares that cannot be written exactly in 12 decimals (thirds) need one share to take the remainder (0.333333333334)"},
		{"unknown cap kind", CapsFile, "kind,target,amount\nperson,EMP,5\n", "caps.csv:2:1: kind: unknown cap kind \"person\""},
		{"price gap", RateCardFile, "outcome,price,from,to\nENTRY,5,,2026-06-30\nENTRY,6,2026-07-02,\n", "ratecard.csv:3:3: from: outcome \"ENTRY\": this price starts 2026-07-02, but the one before ends 2026-06-30"},
		{"claimed before achieved", RecordsFile, "participant,outcome,achieved,evidence,claimed\nA,ENTRY,2026-02-01,ev1,2026-01-31\n", "records.csv:2:5: claimed: claimed 2026-01-31, before the outcome was achieved"},
		{"field count", RecordsFile, recHeader + "A,ENTRY,2026-02-01,ev1,verified,x\n", "records.csv:2:6: 6 fields, but the header has 5"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := base()
			f[RecordsFile] = recs
			f[tc.file] = tc.body
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

// The rule that decides which claim a cap cuts: by the day achieved, then
// the outcome's rate-card order, then the participant's id. QUAL may be
// paid twice in the whole contract. C achieves it on 2026-04-05, B and A
// on 2026-04-06: C is paid first (earlier day), then A (same day as B,
// but "A" < "B"); B's is cut.
func TestCapOrder(t *testing.T) {
	f := base()
	f[CapsFile] += "outcome,QUAL,,\n"
	f[CapsFile] = "kind,target,amount,count\nparticipant,EMP,2000,\noutcome,QUAL,,2\n"
	res := run(t, f, recHeader+
		"B,QUAL,2026-04-06,ev1,verified\n"+
		"A,QUAL,2026-04-06,ev2,verified\n"+
		"C,QUAL,2026-04-05,ev3,verified\n", Options{KeepClaims: true})
	wantClaim(t, res, 2, Cap, 0)
	wantClaim(t, res, 3, Accepted, 70000)
	wantClaim(t, res, 4, Accepted, 70000)
	if d := claimOf(t, res, 2).Detail; d != "outcome cap on QUAL of 2 claims reached: paid nothing of 700.00" {
		t.Errorf("detail %q", d)
	}
}

// Rejections found on the record alone, each with its reason.
func TestLocalRejections(t *testing.T) {
	f := base()
	f[ContractFile] += "rampup_until,2026-01-31\n"
	res := run(t, f, recHeader+
		"Z,ENTRY,2026-02-01,ev1,verified\n"+ // unknown participant
		"A,NOPE,2026-02-01,ev1,verified\n"+ // unknown outcome
		"A,ENTRY,2026-02-01,,verified\n"+ // no evidence
		"A,ENTRY,2026-02-01,ev1,pending\n"+ // not verified
		"A,ENTRY,2027-01-01,ev1,verified\n"+ // after the end
		"A,ENTRY,2026-01-20,ev1,verified\n"+ // ramp-up
		"A,ENTRY,2027-01-10,ev1,verified\n"+ // after the end (the window, 2026-01-10 + 12 months, also)
		"B,ENTRY,2026-12-31,ev1,verified\n"+ // in the window: last day 2027-01-31
		"B,ENTRY,2026-12-31,ev1,verified\n", // duplicate: identical, the first in the file is kept
		Options{KeepClaims: true})
	for line, r := range []Reason{2: UnknownParticipant, 3: UnknownOutcome, 4: NoEvidence, 5: NotVerified, 6: AfterEnd, 7: RampUp, 8: AfterEnd, 9: Accepted, 10: Duplicate} {
		if line >= 2 {
			wantClaim(t, res, line, r, map[bool]int64{true: 100000}[r == Accepted])
		}
	}
	checkReconciliation(t, res)
}

// The window: A started 2026-01-10; ENTRY has a 12-month window, so
// 2027-01-09 is its last day. The contract runs to 2027-06-30 here.
func TestWindowDay(t *testing.T) {
	f := base()
	f[ContractFile] = strings.Replace(f[ContractFile], "end,2026-12-31", "end,2027-06-30", 1)
	res := run(t, f, recHeader+
		"A,ENTRY,2027-01-09,ev1,verified\n"+
		"B,ENTRY,2027-02-01,ev1,verified\n", Options{KeepClaims: true}) // B started 2026-02-01: last day 2027-01-31
	wantClaim(t, res, 2, Accepted, 100000)
	wantClaim(t, res, 3, Window, 0)
}

// A window from a day the end month does not have runs to that month's
// last day, as docs/claims.md says ("from 31 January, one month ends on
// the last day of February"): from 2026-01-31 (D) one month includes
// 2026-02-28, from 2027-01-31 (E) thirteen months include 2028-02-29;
// the day after is out. It used to end a day earlier, on 02-27 and 02-28.
func TestWindowMonthEnd(t *testing.T) {
	f := base()
	f[ContractFile] = strings.Replace(f[ContractFile], "end,2026-12-31", "end,2028-12-31", 1)
	f[ParticipantsFile] += "D,2026-01-31,C1\nE,2027-01-31,C1\n"
	f[RateCardFile] += "ONE,one-month outcome,100,,1,\nLEAP,thirteen-month outcome,100,,13,\n"
	res := run(t, f, recHeader+
		"D,ONE,2026-02-28,ev1,verified\n"+
		"D,ONE,2026-03-01,ev2,verified\n"+
		"E,LEAP,2028-02-29,ev3,verified\n"+
		"E,LEAP,2028-03-01,ev4,verified\n", Options{KeepClaims: true})
	wantClaim(t, res, 2, Accepted, 10000)
	wantClaim(t, res, 3, Window, 0)
	wantClaim(t, res, 4, Accepted, 10000)
	wantClaim(t, res, 5, Window, 0)
	if d := claimOf(t, res, 3).Detail; !strings.HasSuffix(d, "(last day 2026-02-28)") {
		t.Errorf("detail %q, want the last day 2026-02-28", d)
	}
}

// TestShareTrailingZeros: a share's trailing zeros are not decimal
// places: 0.25000000000000 (14 written) is 0.25, as a spreadsheet
// exporting a fixed format writes it; it was refused.
func TestShareTrailingZeros(t *testing.T) {
	f := base()
	f[PayersFile] = "outcome,payer,share\nQUAL,dwp,0.25000000000000\nQUAL,la,0.750000000000000\n"
	res := run(t, f, recHeader+"A,QUAL,2026-02-01,ev1,verified\n", Options{KeepClaims: true})
	wantClaim(t, res, 2, Accepted, 70000)
}
