package claims

import (
	"bufio"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The hand-off to a scenario: the payments by period and outcome add up to
// the payments by period and payer, period by period, and to what was
// paid; Through is the last period with a payment.
func TestOutcomePayments(t *testing.T) {
	res, err := Run("../testdata/youth-employment-claims", Options{})
	if err != nil {
		t.Fatal(err)
	}
	byPeriod := map[int]int64{}
	for _, p := range res.Payments {
		byPeriod[p.Period] += p.Cents
	}
	byOut := map[int]int64{}
	var total int64
	last := 0
	for _, p := range res.OutcomePayments {
		byOut[p.Period] += p.Cents
		total += p.Cents
		if p.Cents != 0 {
			last = p.Period
		}
	}
	if !reflect.DeepEqual(byPeriod, byOut) {
		t.Errorf("by period and payer %v, by period and outcome %v", byPeriod, byOut)
	}
	if total != res.Paid() || res.Through != last || last != 12 {
		t.Errorf("outcome payments total %d, paid %d; through %d, last paid period %d (want 12)", total, res.Paid(), res.Through, last)
	}
}

// AsOf is the run on the records claimed by that day: the same result as
// a records file (and paid.csv) cut to them (every record of the example is claimed the
// day it is achieved).
func TestAsOfIsACutFile(t *testing.T) {
	src := "../testdata/youth-employment-claims"
	asOf := MakeDate(2016, 12, 31)
	got, err := Run(src, Options{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range []string{"contract.csv", "participants.csv", "ratecard.csv", "payers.csv", "caps.csv"} {
		b, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	in, err := os.Open(filepath.Join(src, "records.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	var out strings.Builder
	sc := bufio.NewScanner(in)
	kept := int64(0)
	for n := 0; sc.Scan(); n++ {
		f := strings.Split(sc.Text(), ",")
		if n > 0 && f[2] > asOf.String() {
			continue
		}
		if n > 0 {
			kept++
		}
		out.WriteString(sc.Text() + "\n")
	}
	if err := os.WriteFile(filepath.Join(dir, "records.csv"), []byte(out.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	// The payments made by the day, too (date is paid.csv's first column).
	b, err := os.ReadFile(filepath.Join(src, PaidFile))
	if err != nil {
		t.Fatal(err)
	}
	var paid strings.Builder
	for n, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		if n == 0 || line[:10] <= asOf.String() {
			paid.WriteString(line + "\n")
		}
	}
	if err := os.WriteFile(filepath.Join(dir, PaidFile), []byte(paid.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	want, err := Run(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Records != kept || got.Later != 7556-kept {
		t.Errorf("records %d, later %d; the cut file keeps %d of 7556", got.Records, got.Later, kept)
	}
	if got.PaidLater == 0 {
		t.Errorf("no payment made after %s left out", asOf)
	}
	got.Later, got.PaidLater, got.PaidLaterCents = 0, 0, 0
	// The achievements are the cut file's; the denominators are those who
	// had started by the day (TestAsOfAchievement), every cohort here.
	for i, a := range got.Achievement {
		if w := want.Achievement[i]; a.Outcome != w.Outcome || a.Cohort != w.Cohort || a.Achieved != w.Achieved {
			t.Errorf("achievement %+v, the cut file's %+v", a, w)
		}
	}
	got.Achievement, want.Achievement = nil, nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("AsOf %s differs from the cut file: paid %d vs %d, through %d vs %d", asOf, got.Paid(), want.Paid(), got.Through, want.Through)
	}
	if got.Through != 7 {
		t.Errorf("through period %d, want 7 (2016-10-01 to 2016-12-31)", got.Through)
	}
}
