package costing

import (
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// FuzzLoad feeds arbitrary files to the loaders and Compute. Nothing may
// panic; every error must carry a position or be a costing sentinel; and
// whatever costs successfully must reconcile to the cent, and its avoided
// costs must add up. Seeds: the good folder of the load tests, plus the
// corpus in testdata/fuzz/FuzzLoad.
func FuzzLoad(f *testing.F) {
	f.Add(goodFolder[LedgerFile], goodFolder[ActivityFile], goodFolder[PoolsFile], goodFolder[DriversFile], goodFolder[DeflatorFile])
	f.Add("service;agency;item;amount;price_year;behaviour;step_size\ns;a;i;1,5;2024;step;0,5\n",
		"service;year;units;target_units;members\ns;2024;3;1;7\n", "", "", "year;index\n2024;1\n")
	f.Fuzz(func(t *testing.T, ledger, activity, pools, drivers, deflator string) {
		m := &Model{}
		for _, in := range []struct {
			read func(r *strings.Reader, name string) error
			body string
			name string
		}{
			{func(r *strings.Reader, n string) error { return m.ReadDeflator(r, n) }, deflator, DeflatorFile},
			{func(r *strings.Reader, n string) error { return m.ReadActivity(r, n) }, activity, ActivityFile},
			{func(r *strings.Reader, n string) error { return m.ReadLedger(r, n) }, ledger, LedgerFile},
			{func(r *strings.Reader, n string) error { return m.ReadPools(r, n) }, pools, PoolsFile},
			{func(r *strings.Reader, n string) error { return m.ReadDrivers(r, n) }, drivers, DriversFile},
		} {
			if in.body == "" && (in.name == PoolsFile || in.name == DriversFile) {
				continue
			}
			if err := in.read(strings.NewReader(in.body), in.name); err != nil {
				checkErr(t, err)
				return
			}
		}
		res, err := Compute(m, Options{})
		if err != nil {
			checkErr(t, err)
			return
		}
		if !res.Total.Difference.IsZero() {
			t.Fatalf("does not reconcile: %+v", res.Total)
		}
		for _, y := range res.Years {
			if !y.Base.Equal(y.Target.Add(y.Other)) {
				t.Fatalf("year %d: base %s != target %s + other %s", y.Year, y.Base, y.Target, y.Other)
			}
		}
		for _, s := range res.Services {
			a, err := res.Avoid(s.Service, s.Year, s.Units.Div(decimal.NewFromInt(2)).Round(3))
			if err != nil {
				t.Fatalf("avoid half of %s/%d: %v", s.Service, s.Year, err)
			}
			if !a.Gross.Equal(a.Cashable.Add(a.NonCashable)) || a.Cashable.GreaterThan(a.Gross) || a.NonCashable.IsNegative() {
				t.Fatalf("avoid %s/%d: gross %s cashable %s non-cashable %s", s.Service, s.Year, a.Gross, a.Cashable, a.NonCashable)
			}
			// The short run frees no more than the long run: the variable
			// lines alone, every step kept; and its marginal cost is no
			// more than the long run's (step costs are not negative).
			if a.ShortRunCashable.IsNegative() || a.ShortRunCashable.GreaterThan(a.Cashable) {
				t.Fatalf("avoid %s/%d: short-run cashable %s outside [0, cashable %s]", s.Service, s.Year, a.ShortRunCashable, a.Cashable)
			}
			if s.ShortRunMarginal.GreaterThan(s.LongRunMarginal) || s.LongRunMarginal.GreaterThan(s.Average) {
				t.Fatalf("%s/%d: marginal costs out of order: short run %s, long run %s, average %s", s.Service, s.Year, s.ShortRunMarginal, s.LongRunMarginal, s.Average)
			}
		}
	})
}

func checkErr(t *testing.T, err error) {
	t.Helper()
	var pe *InputError
	if errors.As(err, &pe) {
		return
	}
	for _, s := range []error{ErrInput, ErrNoDeflator, ErrNoActivity, ErrNoMembers, ErrUnknown, ErrDuplicate} {
		if errors.Is(err, s) {
			return
		}
	}
	t.Fatalf("error is neither positioned nor a costing sentinel: %v", err)
}
