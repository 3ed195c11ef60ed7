package uncertainty

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/sib-engine/sib/scenario"
)

// TestUnfundedIsNotUnpaid: one name, one meaning (issue 12, defect 11).
// The terms table's "unpaid" is payments released after the horizon;
// the output for the delivery costs and fees no cash could pay is
// costs.unfunded, the cash table's "unfunded", and it equals that
// column's total. The former name payments.unpaid points to it.
func TestUnfundedIsNotUnpaid(t *testing.T) {
	s, m, _ := loadEstonia(t)
	out, err := ParseOutput(s, "costs.unfunded")
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range Outputs(s) {
		if strings.HasSuffix(o.Name, ".unpaid") {
			t.Errorf("output %s (%s): unpaid is the terms table's word for payments released after the horizon", o.Name, o.Doc)
		}
	}
	_, err = ParseOutput(s, "payments.unpaid")
	if err == nil || !strings.Contains(err.Error(), "it is now costs.unfunded") {
		t.Errorf("payments.unpaid: error %v, want one naming costs.unfunded", err)
	}
	// Commitments too small for the delivery costs: some go unfunded.
	p := s.Values()
	for _, tr := range s.Tranches {
		p[tr.Commitment.Index()] = 1000
	}
	r, err := m.Run(p)
	if err != nil {
		t.Fatal(err)
	}
	var cash decimal.Decimal
	for _, c := range r.Cash {
		cash = cash.Add(c.Unfunded)
	}
	got := out.Value(&r.Outputs)
	if cash.Sign() <= 0 || !decimal.NewFromFloat(got).Round(2).Equal(cash) {
		t.Errorf("costs.unfunded = %.2f, the cash table's unfunded column adds up to %s (want equal and above 0)", got, cash.StringFixed(2))
	}
	o, err := m.Evaluate(p, m.NewWork())
	if err != nil {
		t.Fatal(err)
	}
	// The ledger rounds each period's unfunded amount to the cent, the fast
	// path does not: they agree within a cent a period.
	if v := out.Value(o); decimal.NewFromFloat(v).Round(2).Sub(cash).Abs().GreaterThan(decimal.New(int64(len(r.Cash)), -2)) {
		t.Errorf("Evaluate: costs.unfunded = %.2f, the ledger %s", v, cash.StringFixed(2))
	}
}

// TestStateNetFollowsTheMeasure: the default output is the state's net
// saving on the measure the contract names, and it is an output.
func TestStateNetFollowsTheMeasure(t *testing.T) {
	s, _, _ := loadEstonia(t)
	for m, want := range map[scenario.SavingMeasure]string{scenario.CashableSaving: "state.net", scenario.GrossSaving: "state.net_gross"} {
		s.Settings.SavingMeasure = m
		if got := StateNet(s); got != want {
			t.Errorf("%s: StateNet = %s, want %s", m, got, want)
		}
		if _, err := ParseOutput(s, StateNet(s)); err != nil {
			t.Error(err)
		}
	}
}
