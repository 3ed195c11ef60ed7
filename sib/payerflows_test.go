package sib_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// TestPaidByMatchesTheLedger: what Work.PaidBy gives each payer a period
// on the fast path is what the ledger's payment rows give it, within a
// cent a row (the ledger rounds each payer's part to the cent), with
// co-payers and payer caps (mhep-enfield, agreement-actuals) and without
// (estonia); and it does not allocate.
func TestPaidByMatchesTheLedger(t *testing.T) {
	for _, dir := range []string{"../testdata/estonia/scenario", "../testdata/published/mhep-enfield", "testdata/agreement-actuals"} {
		t.Run(dir, func(t *testing.T) {
			s, err := scenario.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			m, err := sib.Compile(s)
			if err != nil {
				t.Fatal(err)
			}
			p := s.Values()
			r, err := m.Run(p)
			if err != nil {
				t.Fatal(err)
			}
			w := m.NewWork()
			if _, err := m.Evaluate(p, w); err != nil {
				t.Fatal(err)
			}
			P := s.Settings.Periods
			payers := m.Payers()
			if len(payers) == 0 {
				t.Fatal("no payers")
			}
			var total decimal.Decimal
			for k, payer := range payers {
				want := make([]decimal.Decimal, P)
				rows := make([]int, P)
				for _, row := range r.Payments {
					if row.Payer == payer {
						want[row.Period-1] = want[row.Period-1].Add(row.Paid)
						total = total.Add(row.Paid)
						rows[row.Period-1]++
					}
				}
				got := make([]float64, P)
				w.PaidBy(k, got)
				for tt := range P {
					diff := decimal.NewFromFloat(got[tt]).Sub(want[tt]).Abs()
					if diff.GreaterThan(decimal.New(int64(rows[tt]), -2)) {
						t.Errorf("%s, period %d: PaidBy %.4f, the ledger %s", payer, tt+1, got[tt], want[tt].StringFixed(2))
					}
				}
			}
			if total.Sign() <= 0 || len(r.Payments) == 0 {
				t.Fatalf("nothing paid: the test tests nothing")
			}
			row := make([]float64, P)
			if a := testing.AllocsPerRun(10, func() { w.PaidBy(len(payers)-1, row) }); a != 0 {
				t.Errorf("PaidBy allocates %v times", a)
			}
		})
	}
}
