package claims

import (
	"bytes"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/sib-engine/sib/internal/csvio"
)

// FuzzLoad feeds arbitrary rate cards and caps to the loader and the
// validator: no panic; an error is positioned; a success reconciles.
func FuzzLoad(f *testing.F) {
	b := base()
	f.Add([]byte(b[RateCardFile]), []byte(b[CapsFile]), []byte("outcome,payer,share\nQUAL,dwp,0.5\nQUAL,la,0.5\n"))
	f.Add([]byte("outcome,price,from,to,prerequisite\nENTRY,5,,2026-06-30,\nENTRY,6,2026-07-01,,\nX,1,,,ENTRY\n"), []byte("kind,target,amount,count\noutcome,X,,1\ncontract,,7\n"), []byte("outcome,payer,share\n"))
	// The rules' columns: min_after (days, weeks, none) and evidence_types.
	f.Add([]byte("outcome,price,prerequisite,min_after,evidence_types\nENTRY,1,,,a b\nSUST13,2,ENTRY,13w,\nX,3,SUST13,1d,c\n"), []byte(b[CapsFile]), []byte(""))
	f.Add([]byte("outcome,price,from,to,prerequisite,min_after\nENTRY,1,,,,\nX,1,,2026-06-30,ENTRY,91\nX,2,2026-07-01,,,91\n"), []byte(""), []byte(""))
	// min_count: whole, decimal, repeated on a later price row, malformed.
	f.Add([]byte("outcome,price,from,to,prerequisite,min_count\nENTRY,1,,,,16\nX,1,,2026-06-30,ENTRY,0.8\nX,2,2026-07-01,,,0.8\nQUAL,1,,,,-1\n"), []byte(""), []byte(""))
	f.Fuzz(func(t *testing.T, rate, caps, payers []byte) {
		dir := t.TempDir()
		fb := base()
		fb[RateCardFile], fb[CapsFile], fb[PayersFile] = string(rate), string(caps), string(payers)
		fb[RecordsFile] = recHeader + "A,ENTRY,2026-02-01,ev1,verified\nB,X,2026-03-01,ev,verified\nC,QUAL,2026-05-01,e,verified\nA,SUST13,2026-03-01,e,verified\n"
		for n, body := range fb {
			if err := os.WriteFile(filepath.Join(dir, n), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		res, err := Run(dir, Options{KeepClaims: true})
		if err != nil {
			var ce *csvio.Error
			if !errors.As(err, &ce) {
				t.Fatalf("not positioned: %v", err)
			}
			return
		}
		checkReconciliation(t, res)
	})
}

// FuzzValidate feeds arbitrary records to the validator against a fixed
// contract with caps of every kind: no panic, the same result for one
// worker and for two with small chunks, with and without the claims kept,
// and the reconciliation holds.
func FuzzValidate(f *testing.F) {
	f.Add([]byte(recHeader + "A,ENTRY,2026-02-01,ev1,verified\nA,SUST13,2026-05-01,ev2,verified\nB,ENTRY,2026-03-01,ev3,verified\n"))
	f.Add([]byte("participant;outcome;achieved;evidence;claimed\nA;QUAL;2026-02-01;\"e;1\";2026-02-02\nZ;NOPE;2026-02-01;;\n;;;;\n"))
	f.Add([]byte(recHeader + "B,QUAL,2026-04-06,ev1,verified\nA,QUAL,2026-04-06,ev2,pending\nC,QUAL,2026-04-05,ev3,verified\n"))
	f.Add([]byte("participant,outcome,achieved,evidence,evidence_type\nA,QUAL,2026-02-01,e1,certificate\nA,QUAL,2026-02-02,e2,payslip\nA,SUST13,2026-02-03,e3,\n"))
	// Counts against HOURS' minimum of 16: equal, above, below, missing,
	// a decimal, and malformed.
	f.Add([]byte("participant,outcome,achieved,evidence,count\nA,ENTRY,2026-02-01,e1,\nA,HOURS,2026-03-01,e2,16\nB,ENTRY,2026-03-01,e3,2\nB,HOURS,2026-04-01,e4,15.999999\nB,HOURS,2026-04-02,e5,\nB,HOURS,2026-04-03,e6,16.5\n"))
	f.Add([]byte("participant,outcome,achieved,evidence,count\nA,HOURS,2026-03-01,e2,-16\n"))
	fb := base()
	// HOURS (16 hours of work a week) has a minimum count and needs ENTRY.
	fb[RateCardFile] = "outcome,name,price,prerequisite,window_months,cap_group,min_count\n" +
		"ENTRY,job entry,1000,,12,EMP,\n" +
		"SUST13,13 weeks in work,1500,ENTRY,12,EMP,\n" +
		"QUAL,qualification,700,,,,\n" +
		"HOURS,16 hours a week,400,ENTRY,,EMP,16\n"
	fb[CapsFile] = "kind,target,amount,count\nparticipant,EMP,2000,\noutcome,QUAL,,2\npayer,dwp,2500,\ncontract,,6000,\n"
	fb[RecordsFile] = recHeader
	c, err := Load(folder(f, fb), LoadOptions{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, records []byte) {
		one, err1 := c.Validate(bytes.NewReader(records), "records.csv", Options{KeepClaims: true, Workers: 1})
		two, err2 := c.Validate(bytes.NewReader(records), "records.csv", Options{KeepClaims: true, Workers: 2, chunkSize: 16})
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("workers disagree: %v / %v", err1, err2)
		}
		if err1 != nil {
			return
		}
		checkReconciliation(t, one)
		if one.Paid() != two.Paid() || one.Claimed() != two.Claimed() || len(one.Claims) != len(two.Claims) {
			t.Fatalf("workers disagree: paid %d/%d claimed %d/%d", one.Paid(), two.Paid(), one.Claimed(), two.Claimed())
		}
		lists, err := c.Validate(bytes.NewReader(records), "records.csv", Options{Workers: 2, chunkSize: 16})
		if err != nil {
			t.Fatalf("without the claims kept: %v", err)
		}
		if !reflect.DeepEqual(withoutClaims(one), lists) {
			t.Fatalf("with and without the claims kept:\n%+v\n%+v", withoutClaims(one), lists)
		}
	})
}

// FuzzLoadContract feeds arbitrary contract settings and participants to
// the loader and the validator: no panic; an error is positioned; a
// success reconciles, and gives the same totals with and without the
// claims kept (the two keep different state).
func FuzzLoadContract(f *testing.F) {
	b := base()
	f.Add([]byte(b[ContractFile]), []byte(b[ParticipantsFile]))
	f.Add([]byte("setting,value\nstart,2026-01-01\nend,2026-06-30\nperiod,month\nrampup_until,2026-01-31\ndeadline,2026-07-31\n"),
		[]byte("id;start;attr_school\nA;2026-01-10;S1\nB;2026-02-30;S2\n"))
	f.Add([]byte("setting,value\nstart,2026-01-01\nend,2027-12-31\nperiod,year\npayer,la\n"),
		[]byte("id,start,cohort\nA,2026-01-10,\nA,2026-01-11,\n\"C\",\"2026-04-01 00:00:00\",C2\n"))
	f.Fuzz(func(t *testing.T, contract, participants []byte) {
		fb := base()
		fb[ContractFile], fb[ParticipantsFile] = string(contract), string(participants)
		fb[RecordsFile] = recHeader + "A,ENTRY,2026-02-01,ev1,verified\nB,SUST13,2026-03-01,ev,verified\nC,QUAL,2026-05-01,e,verified\nA,SUST13,2026-03-01,e,verified\nB,ENTRY,2026-04-01,e,verified\nA,ENTRY,2026-02-01,ev2,verified\n"
		dir := folder(t, fb)
		kept, err := Run(dir, Options{KeepClaims: true})
		if err != nil {
			var ce *csvio.Error
			if !errors.As(err, &ce) {
				t.Fatalf("not positioned: %v", err)
			}
			return
		}
		checkReconciliation(t, kept)
		lists, err := Run(dir, Options{Workers: 2, chunkSize: 16})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(withoutClaims(kept), lists) {
			t.Fatalf("with and without the claims kept:\n%+v\n%+v", withoutClaims(kept), lists)
		}
	})
}

// FuzzPaid feeds arbitrary paid.csv files to the loader and the owed
// table: no panic; an error is positioned; a success has, for each payer,
// paid equal to its payments dated by the as-of day, due equal to what
// the periods over booked, and its periods' paid parts each between 0
// and the period's amount, summing to what it paid (net, at least 0) up
// to what is due. The seeds under testdata/fuzz/FuzzPaid add a recovery,
// a decimal comma and an unknown payer.
func FuzzPaid(f *testing.F) {
	f.Add([]byte(owedPaid), int64(0))
	f.Add([]byte("date,payer,amount,reference\n2026-04-15,dwp,1700,A\n2026-04-15,la,-5.5,B\n2026-12-31,la,250.01,\n"), int64(20633))
	f.Add([]byte("payer;amount;date\ndwp;1,5;2026-07-01\n"), int64(20500))
	fb := base()
	fb[PayersFile] = "outcome,payer,share\nENTRY,dwp,0.75\nENTRY,la,0.25\n"
	fb[RecordsFile] = owedRecords
	f.Fuzz(func(t *testing.T, paid []byte, asOf int64) {
		files := maps.Clone(fb)
		files[PaidFile] = string(paid)
		dir := folder(t, files)
		day := Date(asOf % 40000)
		c, err := Load(dir, LoadOptions{})
		if err != nil {
			var ce *csvio.Error
			if !errors.As(err, &ce) {
				t.Fatalf("not positioned: %v", err)
			}
			return
		}
		res, err := Run(dir, Options{AsOf: day})
		if err != nil {
			t.Fatal(err)
		}
		checkReconciliation(t, res)
		for _, o := range res.Owed {
			var paid, due, alloc int64
			for _, m := range c.Paid {
				if m.Payer == o.Payer && (day == 0 || m.Date <= day) {
					paid += m.Cents
				}
			}
			for _, p := range res.Payments {
				if p.Payer != o.Payer {
					continue
				}
				if p.Period <= res.Through {
					due += p.Cents
				}
				if p.Paid < 0 || p.Paid > p.Cents || p.Paid != 0 && p.Period > res.Through {
					t.Fatalf("period %d, %s: paid %d of %d (through %d)", p.Period, p.Payer, p.Paid, p.Cents, res.Through)
				}
				alloc += p.Paid
			}
			if o.Paid != paid || o.Due != due || alloc != min(max(paid, 0), due) {
				t.Fatalf("%+v: paid %d, due %d, allocated %d", o, paid, due, alloc)
			}
		}
	})
}
