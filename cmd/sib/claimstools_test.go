package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const youthClaims = "../../testdata/youth-employment-claims"

func runSib(t *testing.T, want int, args ...string) (stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	if code := run(args, nil, &o, &e); code != want {
		t.Fatalf("sib %s: exit %d, want %d: %s", strings.Join(args, " "), code, want, e.String())
	}
	return o.String(), e.String()
}

// --template writes records.csv and records-fields.md, the latter as its
// golden file; a second run replaces them (sib wrote them); a file sib
// did not write is never written over.
func TestClaimsTemplate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tpl")
	runSib(t, exitOK, "claims", "--template", youthClaims, dir)
	hdr, err := os.ReadFile(filepath.Join(dir, "records.csv"))
	if err != nil || string(hdr) != "participant,outcome,achieved,evidence,status,claimed\n" {
		t.Fatalf("records.csv %q, %v", hdr, err)
	}
	doc, err := os.ReadFile(filepath.Join(dir, "records-fields.md"))
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "golden", "claims-template.records-fields.md")
	if *update {
		if err := os.WriteFile(golden, doc, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(doc, want) {
		os.WriteFile(golden+".got", doc, 0o644)
		t.Errorf("records-fields.md differs from %s (got in %s.got)", golden, golden)
	}
	runSib(t, exitOK, "claims", "--template", youthClaims, dir)
	// Not over a file sib did not write.
	other := filepath.Join(t.TempDir(), "mine")
	os.MkdirAll(other, 0o755)
	os.WriteFile(filepath.Join(other, "records-fields.md"), []byte("my notes\n"), 0o644)
	_, stderr := runSib(t, exitData, "claims", "--template", youthClaims, other)
	if b, _ := os.ReadFile(filepath.Join(other, "records-fields.md")); string(b) != "my notes\n" {
		t.Errorf("wrote over a file sib did not write: %s", stderr)
	}
	if _, err := os.Stat(filepath.Join(other, "records.csv")); err == nil {
		t.Error("wrote records.csv though the run failed")
	}
	// Nor into the claims folder itself.
	runSib(t, exitData, "claims", "--template", youthClaims, youthClaims)
}

// --generate writes a claims folder that sib claims runs; the same seed
// gives the same files, with rates from a file and invalid records.
func TestClaimsGenerate(t *testing.T) {
	tmp := t.TempDir()
	rates := filepath.Join(tmp, "rates.csv")
	os.WriteFile(rates, []byte("outcome,rate\nATTITUDE,0.5\nEMPLOY,0.25\nSUSTAIN13,0.6\n"), 0o644)
	a, b := filepath.Join(tmp, "a"), filepath.Join(tmp, "b")
	args := []string{"claims", "--generate", "300", "--seed", "5", "--rates", rates, "--invalid", "0.1", youthClaims}
	_, stderr := runSib(t, exitOK, append(args, a)...)
	if !strings.Contains(stderr, "wrote 300 participants and") || !strings.Contains(stderr, "made invalid:") {
		t.Errorf("stderr %q", stderr)
	}
	runSib(t, exitOK, append(args, b)...)
	for _, f := range []string{"contract.csv", "ratecard.csv", "payers.csv", "caps.csv", "participants.csv", "records.csv"} {
		x, err1 := os.ReadFile(filepath.Join(a, f))
		y, err2 := os.ReadFile(filepath.Join(b, f))
		if err1 != nil || err2 != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs with one seed (%v %v)", f, err1, err2)
		}
	}
	// The folder records how it was made: the source folder and the seed
	// (stderr alone said so), and the ids are P and a number as wide as N's.
	prov, err := os.ReadFile(filepath.Join(a, "provenance.json"))
	for _, want := range []string{`"generated_from": "` + youthClaims + `"`, `"seed": 5,`, `"participants": 300,`, `"invalid": 0.1,`, `"rates": "` + rates + `"`} {
		if err != nil || !strings.Contains(string(prov), want) {
			t.Errorf("provenance.json lacks %s: %s %v", want, prov, err)
		}
	}
	if p, _ := os.ReadFile(filepath.Join(a, "participants.csv")); !strings.HasPrefix(string(p), "id,start\nP001,") {
		t.Errorf("participants.csv starts %.30q, want P001", p)
	}
	out, _ := runSib(t, exitOK, "claims", "--format", "csv", a)
	for _, reason := range []string{"accepted", "no_evidence", "not_verified", "unknown_participant", "duplicate"} {
		if !strings.Contains(out, "\n"+reason+",") {
			t.Errorf("no %s in the reconciliation of the generated records:\n%s", reason, out)
		}
	}
	// A rate file with an unknown outcome: a data error, with its position.
	os.WriteFile(rates, []byte("outcome,rate\nNOPE,0.5\n"), 0o644)
	_, stderr = runSib(t, exitData, "claims", "--generate", "3", "--rates", rates, youthClaims, filepath.Join(tmp, "c"))
	if !strings.Contains(stderr, "rates.csv:2:1") {
		t.Errorf("stderr %q", stderr)
	}
}

// On a rate card with a minimum count (claims-rules: SUST6 needs 20 of 26
// weeks housed), the template has the count column and documents it, and
// the generator writes counts: valid ones pass, and below_minimum is
// among the faults it makes.
func TestClaimsMinCountTemplateGenerate(t *testing.T) {
	const rules = "testdata/claims-rules"
	tmp := t.TempDir()
	tpl := filepath.Join(tmp, "tpl")
	runSib(t, exitOK, "claims", "--template", rules, tpl)
	hdr, err := os.ReadFile(filepath.Join(tpl, "records.csv"))
	if err != nil || string(hdr) != "participant,outcome,achieved,evidence,status,claimed,evidence_type,count\n" {
		t.Fatalf("records.csv %q, %v", hdr, err)
	}
	doc, _ := os.ReadFile(filepath.Join(tpl, "records-fields.md"))
	for _, want := range []string{"| `count` | when the outcome has a minimum count |", "| evidence types | min count |", "landlord_letter | 20 |", "`below_minimum`"} {
		if !strings.Contains(string(doc), want) {
			t.Errorf("records-fields.md lacks %q", want)
		}
	}
	valid := filepath.Join(tmp, "valid")
	runSib(t, exitOK, "claims", "--generate", "400", "--seed", "2", "--rates", writeRates(t, tmp), rules, valid)
	out, _ := runSib(t, exitOK, "claims", "--format", "csv", "--table", "claims", valid)
	if !strings.Contains(out, ",SUST6,") || strings.Contains(out, "below_minimum") {
		t.Errorf("valid generated records: SUST6 missing or rejected below the minimum")
	}
	bad := filepath.Join(tmp, "bad")
	_, stderr := runSib(t, exitOK, "claims", "--generate", "400", "--seed", "2", "--rates", writeRates(t, tmp), "--invalid", "0.5", rules, bad)
	if !strings.Contains(stderr, "below_minimum") {
		t.Errorf("no record made invalid as below_minimum: %s", stderr)
	}
	out, _ = runSib(t, exitOK, "claims", "--format", "csv", bad)
	if !strings.Contains(out, "\nbelow_minimum,") {
		t.Errorf("no below_minimum in the reconciliation of the generated records:\n%s", out)
	}
}

// writeRates writes achievement rates high enough that many reach SUST6.
func writeRates(t *testing.T, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "rates.csv")
	if err := os.WriteFile(p, []byte("outcome,rate\nENTRY,0.9\nSUST3,0.9\nSUST6,0.9\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// A second --generate into a folder from a source without payers.csv
// and caps.csv removes the ones the first copied from another source:
// left behind, they were read with the new rate card, and the generated
// records were paid by the first source's payers.
func TestClaimsGenerateRemovesStaleCopies(t *testing.T) {
	tmp := t.TempDir()
	src := filepath.Join(tmp, "src")
	os.MkdirAll(src, 0o755)
	for _, f := range []string{"contract.csv", "ratecard.csv"} {
		b, err := os.ReadFile(filepath.Join(youthClaims, f))
		if err != nil {
			t.Fatal(err)
		}
		if f == "ratecard.csv" {
			b = bytes.ReplaceAll(b, []byte(",YP,"), []byte(",,")) // no cap group: no caps.csv needed
		}
		os.WriteFile(filepath.Join(src, f), b, 0o644)
	}
	out := filepath.Join(tmp, "gen")
	runSib(t, exitOK, "claims", "--generate", "20", youthClaims, out)
	runSib(t, exitOK, "claims", "--generate", "20", src, out)
	for _, f := range []string{"payers.csv", "caps.csv"} {
		if _, err := os.Stat(filepath.Join(out, f)); err == nil {
			t.Errorf("%s of the first source is still in the folder generated from the second", f)
		}
	}
	runSib(t, exitOK, "claims", out)
	// One the user changed since is kept, with a warning.
	out2 := filepath.Join(tmp, "gen2")
	runSib(t, exitOK, "claims", "--generate", "20", youthClaims, out2)
	os.WriteFile(filepath.Join(out2, "caps.csv"), []byte("kind,target,amount,count\n"), 0o644)
	if _, stderr := runSib(t, exitOK, "claims", "--generate", "20", src, out2); !strings.Contains(stderr, "caps.csv") {
		t.Errorf("no warning about the changed caps.csv: %q", stderr)
	}
	if _, err := os.Stat(filepath.Join(out2, "caps.csv")); err != nil {
		t.Errorf("the changed caps.csv was removed: %v", err)
	}
}

// --generate does not copy paid.csv (the youth example has one): payments
// made against real claims say nothing of synthetic ones. A paid.csv the
// user put in the generated folder makes it a claims folder of theirs
// (an input): --generate refuses to write into it, and the file is kept.
func TestClaimsGenerateLeavesPaidOut(t *testing.T) {
	if _, err := os.Stat(filepath.Join(youthClaims, "paid.csv")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "gen")
	runSib(t, exitOK, "claims", "--generate", "20", youthClaims, out)
	if _, err := os.Stat(filepath.Join(out, "paid.csv")); err == nil {
		t.Errorf("paid.csv was copied into the generated folder")
	}
	runSib(t, exitOK, "claims", "--generate", "20", "--seed", "2", youthClaims, out) // sib's own files: replaced
	mine := []byte("date,payer,amount\n2016-01-10,dwp,100\n")
	os.WriteFile(filepath.Join(out, "paid.csv"), mine, 0o644)
	_, stderr := runSib(t, exitData, "claims", "--generate", "20", "--seed", "3", youthClaims, out)
	if !strings.Contains(stderr, "an input folder (it holds paid.csv)") {
		t.Errorf("refused for another reason: %q", stderr)
	}
	if b, err := os.ReadFile(filepath.Join(out, "paid.csv")); err != nil || !bytes.Equal(b, mine) {
		t.Errorf("the user's paid.csv was changed: %q, %v", b, err)
	}
}
