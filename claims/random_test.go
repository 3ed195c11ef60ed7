package claims

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// randomFolder makes a random claims folder: participants, a rate card
// with prerequisites, a price change, two payers, caps of every kind (some
// of them), and records with duplicates, unknown codes, pending statuses,
// missing evidence and dates out of the window.
func randomFolder(rng *rand.Rand, nPart, nRec int) map[string]string {
	var b strings.Builder
	b.WriteString("setting,value\nstart,2026-01-01\nend,2027-12-31\nperiod,quarter\ncurrency,GBP\npayer,dwp\n")
	if rng.IntN(2) == 0 {
		b.WriteString("rampup_until,2026-02-15\n")
	}
	if rng.IntN(2) == 0 {
		b.WriteString("deadline,2027-10-31\n")
	}
	f := map[string]string{ContractFile: b.String()}
	b.Reset()
	b.WriteString("id,start,cohort\n")
	starts := make([]Date, nPart)
	for i := range nPart {
		starts[i] = MakeDate(2026, 1, 1) + Date(rng.IntN(400))
		fmt.Fprintf(&b, "p%03d,%s,C%d\n", i, starts[i], 1+int(starts[i]-MakeDate(2026, 1, 1))/120)
	}
	f[ParticipantsFile] = b.String()
	price := func() string { return fmt.Sprintf("%d.%02d", 100+rng.IntN(2000), rng.IntN(100)) }
	f[RateCardFile] = "outcome,price,from,to,max_claims,prerequisite,window_months,deadline,cap_group\n" +
		"ENTRY," + price() + ",,2026-12-31,,,12,,EMP\n" +
		"ENTRY," + price() + ",2027-01-01,,,,,,\n" +
		"SUST," + price() + ",,,,ENTRY,18,,EMP\n" +
		"QUAL," + price() + ",,,3,,,2027-06-30,\n" +
		"WELL," + price() + ",,,2,QUAL SUST,,,EMP\n"
	f[PayersFile] = "outcome,payer,share\nSUST,dwp,0.7\nSUST,la,0.3\nWELL,la,1\n"
	caps := "kind,target,amount,count\nparticipant,EMP," + price() + ",\n"
	if rng.IntN(2) == 0 {
		caps += fmt.Sprintf("outcome,QUAL,,%d\n", 1+rng.IntN(nPart))
	}
	if rng.IntN(2) == 0 {
		caps += fmt.Sprintf("outcome,ENTRY,%d,\n", 500*nPart)
	}
	if rng.IntN(2) == 0 {
		caps += "payer,la," + price() + ",\n"
	}
	if rng.IntN(2) == 0 {
		caps += fmt.Sprintf("contract,,%d,\n", 1000*nPart)
	}
	f[CapsFile] = caps
	b.Reset()
	b.WriteString("participant,outcome,achieved,evidence,status,claimed\n")
	codes := []string{"ENTRY", "SUST", "QUAL", "WELL", "ENTRY", "SUST", "NOPE"}
	for range nRec {
		pi := rng.IntN(nPart + 1)
		pid := fmt.Sprintf("p%03d", pi)
		start := MakeDate(2026, 1, 1)
		if pi < nPart {
			start = starts[pi]
		} else {
			pid = "stranger"
		}
		d := start + Date(rng.IntN(800))
		if rng.IntN(8) == 0 {
			d = start + Date(rng.IntN(20)) // many on the same few days
		}
		ev := fmt.Sprintf("ev%d", rng.IntN(5))
		if rng.IntN(30) == 0 {
			ev = ""
		}
		st := "verified"
		if rng.IntN(20) == 0 {
			st = "pending"
		}
		claimed := ""
		if rng.IntN(3) == 0 {
			claimed = (d + Date(rng.IntN(90))).String()
		}
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s\n", pid, codes[rng.IntN(len(codes))], d, ev, st, claimed)
	}
	f[RecordsFile] = b.String()
	return f
}

// shuffled returns the records file with its records in another order.
func shuffled(rng *rand.Rand, records string) string {
	lines := strings.Split(strings.TrimSuffix(records, "\n"), "\n")
	body := lines[1:]
	rng.Shuffle(len(body), func(i, j int) { body[i], body[j] = body[j], body[i] })
	return lines[0] + "\n" + strings.Join(body, "\n") + "\n"
}

// canonical is a result without the line numbers, which a shuffle moves.
func canonical(r *Result) *Result {
	c := *r
	c.Claims = slices.Clone(r.Claims)
	for i := range c.Claims {
		c.Claims[i].Line = 0
	}
	return &c
}

// The same records in any order, read by any number of workers in chunks
// of any size, give the same claims, payments and totals.
func TestOrderIndependence(t *testing.T) {
	for seed := range uint64(30) {
		rng := rand.New(rand.NewPCG(seed, 7))
		f := randomFolder(rng, 12+rng.IntN(30), 50+rng.IntN(300))
		dir := folder(t, f)
		want, err := Run(dir, Options{KeepClaims: true, Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		checkReconciliation(t, want)
		for k := range 3 {
			f[RecordsFile] = shuffled(rng, f[RecordsFile])
			got, err := Run(folder(t, f), Options{KeepClaims: true, Workers: 1 + k, chunkSize: 64 << k})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(canonical(want), canonical(got)) {
				t.Fatalf("seed %d, shuffle %d: results differ\n%s", seed, k, firstDiff(canonical(want), canonical(got)))
			}
		}
	}
}

func firstDiff(a, b *Result) string {
	for i := range min(len(a.Claims), len(b.Claims)) {
		if !reflect.DeepEqual(a.Claims[i], b.Claims[i]) {
			return fmt.Sprintf("claim %d:\n%+v\n%+v", i, a.Claims[i], b.Claims[i])
		}
	}
	return fmt.Sprintf("%+v\n%+v", a.Reconciliation, b.Reconciliation)
}

// checkReconciliation checks that claimed = paid + not paid, to the cent,
// in every way the result sums it.
func checkReconciliation(t testing.TB, r *Result) {
	t.Helper()
	var claimed, paid, payments, byOutcome, byOutcomePaid, records int64
	for _, x := range r.Reconciliation {
		claimed += x.Claimed
		paid += x.Paid
		records += x.Records
		if x.Paid > x.Claimed || (!x.Reason.Paid() && x.Paid != 0) {
			t.Fatalf("reason %s: paid %d of %d", x.Reason, x.Paid, x.Claimed)
		}
	}
	for _, p := range r.Payments {
		payments += p.Cents
	}
	for _, o := range r.ByOutcome {
		byOutcome += o.Claimed
		byOutcomePaid += o.PaidCents
	}
	if records != r.Records || paid != payments || claimed != byOutcome || paid != byOutcomePaid {
		t.Fatalf("records %d of %d; paid %d, payments %d, by outcome %d; claimed %d, by outcome %d", records, r.Records, paid, payments, byOutcomePaid, claimed, byOutcome)
	}
	if r.Claims != nil {
		var c, p int64
		for _, cl := range r.Claims {
			c += cl.Claimed
			p += cl.Paid
			var s int64
			for _, x := range cl.Split {
				s += x
			}
			if s != cl.Paid && (cl.Paid != 0 || s != 0) {
				t.Fatalf("claim %+v: split %d", cl, s)
			}
		}
		if c != claimed || p != paid || int64(len(r.Claims)) != r.Records {
			t.Fatalf("claims: claimed %d paid %d, %d claims; reconciliation %d %d, %d records", c, p, len(r.Claims), claimed, paid, r.Records)
		}
	}
}

// The reconciliation holds on random inputs, with and without the claim
// list kept.
func TestReconciliationRandom(t *testing.T) {
	for seed := range uint64(100) {
		rng := rand.New(rand.NewPCG(seed, 11))
		f := randomFolder(rng, 5+rng.IntN(50), rng.IntN(400))
		for _, keep := range []bool{true, false} {
			r, err := Run(folder(t, f), Options{KeepClaims: keep, Workers: 2, chunkSize: 256})
			if err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
			checkReconciliation(t, r)
		}
	}
}
