package claims

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

// genFiles is rulesCard over two years (2026-2027) with a cap on ENTRY
// and SUST13, a 12-month window and a minimum count of 16 (hours a week)
// on SUST13, QUAL claimable three times, a ramp-up to 2026-01-31 and a
// claims deadline.
func genFiles() map[string]string {
	f := rulesCard()
	f[ContractFile] = "setting,value\nstart,2026-01-01\nend,2027-12-31\ncurrency,GBP\npayer,dwp\nrampup_until,2026-01-31\ndeadline,2028-03-31\n"
	f[RateCardFile] = "outcome,name,price,prerequisite,min_after,window_months,cap_group,max_claims,evidence_types,min_count\n" +
		"ENTRY,job entry,1000,,,,EMP,,,\n" +
		"SUST13,13 weeks in work,1500,ENTRY,13w,12,EMP,,,16\n" +
		"QUAL,qualification,700,,,,,3,certificate awarding_letter,\n"
	f[CapsFile] = "kind,target,amount\nparticipant,EMP,2000\n"
	return f
}

func genContract(t testing.TB) *Contract {
	t.Helper()
	c, err := Load(folder(t, genFiles()), LoadOptions{RateCardOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func generate(t testing.TB, c *Contract, opt GenerateOptions) (parts, recs string, st *GenerateStats) {
	t.Helper()
	var p, r bytes.Buffer
	st, err := c.Generate(&p, &r, opt)
	if err != nil {
		t.Fatal(err)
	}
	return p.String(), r.String(), st
}

// validateGenerated validates generated records against the contract
// with the generated participants.
func validateGenerated(t testing.TB, c *Contract, parts, recs string) *Result {
	t.Helper()
	f := genFiles()
	f[ParticipantsFile] = parts
	return run(t, f, recs, Options{KeepClaims: true})
}

// Valid records pass every check but the caps; the same seed gives the
// same bytes, another seed others.
func TestGenerateValid(t *testing.T) {
	c := genContract(t)
	opt := GenerateOptions{Participants: 500, Seed: 7}
	p1, r1, st := generate(t, c, opt)
	p2, r2, _ := generate(t, c, opt)
	if p1 != p2 || r1 != r2 {
		t.Fatal("the same seed gave different files")
	}
	opt.Seed = 8
	if _, r3, _ := generate(t, c, opt); r3 == r1 {
		t.Fatal("another seed gave the same records")
	}
	if !strings.HasPrefix(r1, "participant,outcome,achieved,evidence,status,claimed,evidence_type,count\n") {
		t.Fatalf("header %q", r1[:strings.IndexByte(r1, '\n')])
	}
	if st.Participants != 500 || int(st.Records) != strings.Count(r1, "\n")-1 || len(st.Faults) != 0 {
		t.Fatalf("stats %+v", st)
	}
	res := validateGenerated(t, c, p1, r1)
	for _, r := range res.Reconciliation {
		if r.Records > 0 && r.Reason != Accepted && r.Reason != CapPartly && r.Reason != Cap {
			t.Errorf("%d records rejected as %s", r.Records, r.Reason)
		}
	}
	if res.Reconciliation[CapPartly].Records == 0 {
		t.Error("no participant met the cap: the test shows less than it should")
	}
	checkReconciliation(t, res)
}

// The achievement rate of an outcome with no prerequisite is its rate:
// ENTRY at 0.4 over 20,000 participants has a standard error of
// sqrt(0.4 × 0.6 / 20000) = 0.00346; SUST13 at 0.5 of those who achieved
// ENTRY (less: some have no 13 weeks left in their 12-month window or
// before the end), and QUAL at the default rate 0.3.
func TestGenerateRates(t *testing.T) {
	c := genContract(t)
	p, r, _ := generate(t, c, GenerateOptions{Participants: 20000, Seed: 1, Rates: map[string]float64{"ENTRY": 0.4, "SUST13": 0.5}})
	res := validateGenerated(t, c, p, r)
	ach := map[string][2]int64{}
	for _, a := range res.Achievement {
		x := ach[a.Outcome]
		ach[a.Outcome] = [2]int64{x[0] + a.Participants, x[1] + a.Achieved}
	}
	rate := func(o string) float64 { return float64(ach[o][1]) / float64(ach[o][0]) }
	if got, se := rate("ENTRY"), math.Sqrt(0.4*0.6/20000); math.Abs(got-0.4) > 3*se {
		t.Errorf("ENTRY rate %.4f, want 0.4 ± %.4f", got, 3*se)
	}
	if got, se := rate("QUAL"), math.Sqrt(0.3*0.7/20000); math.Abs(got-DefaultRate) > 3*se {
		t.Errorf("QUAL rate %.4f, want 0.3 ± %.4f", got, 3*se)
	}
	cond := float64(ach["SUST13"][1]) / float64(ach["ENTRY"][1])
	if cond > 0.5+0.03 || cond < 0.3 {
		t.Errorf("SUST13 given ENTRY %.4f, want a little under 0.5", cond)
	}
}

// With Invalid, a fraction of the records is made invalid, each for one
// reason; the reconciliation holds and every fault the rate card allows
// shows up as a rejection.
func TestGenerateInvalid(t *testing.T) {
	c := genContract(t)
	p, r, st := generate(t, c, GenerateOptions{Participants: 3000, Seed: 3, Invalid: 0.2})
	res := validateGenerated(t, c, p, r)
	checkReconciliation(t, res)
	var faults int64
	for _, f := range Faults {
		n := st.Faults[f]
		faults += n
		if n == 0 {
			t.Errorf("no record made invalid as %s", f)
			continue
		}
		if res.Reconciliation[f].Records == 0 {
			t.Errorf("%d records made invalid as %s, none rejected so", n, f)
		}
	}
	// About a fifth of the valid records: binomial, 3 standard errors.
	valid := float64(st.Records - st.Faults[Duplicate])
	if got := float64(faults) / valid; math.Abs(got-0.2) > 3*math.Sqrt(0.2*0.8/valid) {
		t.Errorf("%.4f of the records made invalid, want 0.2", got)
	}
}

// The template's header is what the validator reads: an empty template
// validates to nothing; the field documentation names every outcome,
// its rules and every reason.
func TestTemplate(t *testing.T) {
	c := genContract(t)
	var tpl, doc bytes.Buffer
	if err := c.WriteTemplate(&tpl); err != nil {
		t.Fatal(err)
	}
	if err := c.WriteFieldDoc(&doc); err != nil {
		t.Fatal(err)
	}
	if got := tpl.String(); got != "participant,outcome,achieved,evidence,status,claimed,evidence_type,count\n" {
		t.Errorf("template %q", got)
	}
	res, err := c.Validate(&tpl, RecordsFile, Options{})
	if err != nil || res.Records != 0 {
		t.Fatalf("the template does not validate: %v", err)
	}
	d := doc.String()
	for _, want := range []string{
		"| `SUST13` | 13 weeks in work | 1500.00 | once | ENTRY | 91 days after | 12 months from start | 2028-03-31 | EMP (2000.00 a participant) |  |",
		"| `QUAL` | qualification | 700.00 | up to 3 times |  |  |  | 2028-03-31 |  | certificate, awarding_letter |",
		"after the ramp-up, which ends 2026-01-31 (`ramp_up`)",
		"| `evidence_type` | when the outcome lists evidence types |",
		"| `count` | when the outcome has a minimum count |",
		"| evidence types | min count |",
		"EMP (2000.00 a participant) |  | 16 |",
	} {
		if !strings.Contains(d, want) {
			t.Errorf("the field documentation lacks %q", want)
		}
	}
	for _, r := range Reasons() {
		if !strings.Contains(d, "`"+r.String()+"`") {
			t.Errorf("the field documentation lacks the reason %s", r)
		}
	}
}

func TestGenerateBadOptions(t *testing.T) {
	c := genContract(t)
	for _, opt := range []GenerateOptions{{Participants: -1}, {Participants: 1, Invalid: 1.5},
		{Participants: 1, Rates: map[string]float64{"NOPE": 0.5}}, {Participants: 1, Rates: map[string]float64{"ENTRY": math.NaN()}}} {
		if _, err := c.Generate(&bytes.Buffer{}, &bytes.Buffer{}, opt); err == nil {
			t.Errorf("%+v: no error", opt)
		}
	}
	if _, err := c.ReadRates(strings.NewReader("outcome,rate\nENTRY,1.2\n"), "rates.csv"); err == nil || !strings.Contains(err.Error(), "rates.csv:2:2") {
		t.Errorf("ReadRates: %v", err)
	}
	rates, err := c.ReadRates(strings.NewReader("outcome,rate\nENTRY,0.25\nQUAL,1\n"), "rates.csv")
	if err != nil || rates["ENTRY"] != 0.25 || rates["QUAL"] != 1 {
		t.Errorf("ReadRates: %v %v", rates, err)
	}
}
