package indigo_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/sib-engine/sib/internal/indigo"
	"github.com/sib-engine/sib/scenario"
)

// The small scenario (testdata/small/scenario), mapped by hand: one
// cohort of 100 entering 2026-01-01, yearly periods, effect 0.5 outcomes
// a person a year in years 1 and 2, price 800 EUR, lag 1; delivery 30000
// a year in years 1 and 2; one tranche "senior" of investor "inv",
// commitment 100000, coupon 0.10, sharing the excess.
//
//	outcomes a year   100 × 0.5 = 50, paid 50 × 800 = 40000 a year after:
//	                  in 2027 (period 2) and 2028 (period 3)
//	drawn             30000 at the end of 2026 and of 2027
//	2027              interest 10% × 30000 = 3000; principal 40000 − 3000 = 37000
//	2028              outstanding 60000 − 37000 = 23000; interest 2300;
//	                  principal 23000; excess 40000 − 2300 − 23000 = 14700
//	investment type   a coupon and the excess: Combination; its draws
//	                  "Debt and Equity"
//	service           periods 1-2: 2026-01-01 to 2027-12-31, 24 months
func TestSmallByHand(t *testing.T) {
	var p indigo.Project
	if err := json.Unmarshal(record(t, "../../testdata/small/scenario", indigo.Options{}), &p); err != nil {
		t.Fatal(err)
	}
	eq := func(what string, got any, want any) {
		t.Helper()
		if got != want {
			t.Errorf("%s: %v, want %v", what, got, want)
		}
	}
	eq("status", p.Status, "PUBLIC")
	eq("name", p.Name.Value, "small")
	eq("start", p.Dates.StartDateOfServiceProvision.Value, "2026-01-01")
	eq("service end", p.Dates.AnticipatedEndDateOfServiceProvision.Value, "2027-12-31")
	eq("duration", string(p.Dates.AnticipatedDurationOfServiceProvision.Value), "24")
	eq("completion", p.Dates.AnticipatedCompletionDate.Value, "2028-12-31")
	eq("commitment", string(p.OverallProjectFinance.TotalInvestmentCommitment.Amount.Exact.Value), "100000.00")
	eq("currency", p.OverallProjectFinance.TotalInvestmentCommitment.Currency.Value, "EUR")
	if p.OverallProjectFinance.MaximumPotentialOutcomePayment != nil {
		t.Error("a maximum outcome payment without any cap")
	}

	eq("investments", len(p.Investments), 1)
	inv := p.Investments[0]
	eq("investment id", inv.ID, "senior")
	eq("investor", inv.OrganisationID.Value, "inv")
	eq("investment type", inv.InvestmentType.Value, "Combination")
	eq("investment commitment", string(inv.InvestmentCommitment.Amount.Exact.Value), "100000.00")

	eq("metrics", len(p.OutcomeMetrics), 1)
	m := p.OutcomeMetrics[0]
	eq("metric id", m.ID, "m")
	eq("targeted", string(m.TargetedNumber.Value), "100")
	eq("unit type", m.UnitType.Value, "Individual")

	eq("pricings", len(p.OutcomePricings), 1)
	pr := p.OutcomePricings[0]
	eq("pricing metric", pr.OutcomeMetricID.Value, "m")
	eq("price", string(pr.PricePerUnit.Amount.Value), "800.00")
	eq("price description", pr.PriceDescription.Value, "800.00 EUR per outcome; paid on every outcome, without a threshold; paid 1 period after the outcome")

	eq("plans", len(p.OutcomePaymentPlans), 1)
	eq("plan id", p.OutcomePaymentPlans[0].ID.Value, "plan-pay")
	eq("plan start", p.OutcomePaymentPlans[0].Period.StartDate.Value, "2027-01-01")
	eq("plan end", p.OutcomePaymentPlans[0].Period.EndDate.Value, "2028-12-31")
	eq("planned payments", len(p.OutcomePayments), 2)
	for i, start := range []string{"2027-01-01", "2028-01-01"} {
		op := p.OutcomePayments[i]
		eq("payment plan", op.OutcomePaymentPlanID.Value, "plan-pay")
		eq("payment metric", op.OutcomeMetricID.Value, "m")
		eq("payment start", op.Period.StartDate.Value, start)
		eq("payer", op.PayerOrganisationID.Value, "pay")
		eq("recipient", op.RecipientOrganisationID.Value, indigo.Bond)
		eq("type", op.Type.Value, "Planned")
		eq("amount", string(op.Money.Amount.Value), "40000.00")
		eq("payment currency", op.Money.Currency.Value, "EUR")
	}

	want := []struct{ date, from, to, typ, amount string }{
		{"2026-12-31", "inv", "bond", "Debt and Equity", "30000.00"},
		{"2027-12-31", "pay", "bond", "Outcome Payment", "40000.00"},
		{"2027-12-31", "inv", "bond", "Debt and Equity", "30000.00"},
		{"2027-12-31", "bond", "inv", "Interest Payment", "3000.00"},
		{"2027-12-31", "bond", "inv", "Capital Repayment", "37000.00"},
		{"2028-12-31", "pay", "bond", "Outcome Payment", "40000.00"},
		{"2028-12-31", "bond", "inv", "Interest Payment", "2300.00"},
		{"2028-12-31", "bond", "inv", "Capital Repayment", "23000.00"},
		{"2028-12-31", "bond", "inv", "Other", "14700.00"},
	}
	eq("transactions", len(p.Transactions), len(want))
	for i, w := range want {
		if i >= len(p.Transactions) {
			break
		}
		tx := p.Transactions[i]
		got := struct{ date, from, to, typ, amount string }{tx.Date.Value, tx.SendingOrganisationID.Value, tx.ReceivingOrganisationID.Value, tx.TransactionType.Value, string(tx.Money.Amount.Value)}
		eq("transaction", got, w)
	}
}

// InvestmentType: excess = no is a loan; the excess without a coupon,
// equity; both, a combination.
func TestInvestmentType(t *testing.T) {
	v := []float64{0.05, 0}
	for _, c := range []struct {
		tr   scenario.Tranche
		want string
	}{
		{scenario.Tranche{NoExcess: true, Coupon: 1}, indigo.Debt},
		{scenario.Tranche{NoExcess: true}, indigo.Debt},
		{scenario.Tranche{}, indigo.Equity},
		{scenario.Tranche{Coupon: 2}, indigo.Equity},
		{scenario.Tranche{Coupon: 1}, indigo.Combination},
	} {
		if got := indigo.InvestmentType(&c.tr, v); got != c.want {
			t.Errorf("%+v: %s, want %s", c.tr, got, c.want)
		}
	}
}

func TestBadStatus(t *testing.T) {
	if _, err := indigo.Build(nil, indigo.Options{Status: "SANDBOX"}); err == nil {
		t.Error("status SANDBOX accepted")
	}
}

// Payments that actuals.csv gives are of type Actual, the rest Planned:
// the Actual ones add up to the file's payments (4387600.00 for the
// youth-employment contract re-forecast after 2016 Q4: 45 payments, split
// between co-payers).
func TestActualsTyped(t *testing.T) {
	var p indigo.Project
	if err := json.Unmarshal(record(t, "../../testdata/youth-employment-claims/scenario-2016-q4", indigo.Options{}), &p); err != nil {
		t.Fatal(err)
	}
	actual, planned := decimal.Zero, 0
	for _, op := range p.OutcomePayments {
		switch op.Type.Value {
		case "Actual":
			actual = actual.Add(decimal.RequireFromString(string(op.Money.Amount.Value)))
		case "Planned":
			planned++
		default:
			t.Errorf("type %q", op.Type.Value)
		}
	}
	if got := actual.StringFixed(2); got != "4387600.00" {
		t.Errorf("actual payments %s, want 4387600.00", got)
	}
	if planned == 0 {
		t.Error("no planned payments after the actuals")
	}
}

// The Estonian record's money adds up to what sib run prints (state
// table: payments by agency; tranches table: received by tranche), the
// figures testdata/reference/indigo/check.py also finds with Python.
func TestEstoniaTotals(t *testing.T) {
	var p indigo.Project
	if err := json.Unmarshal(record(t, "../../testdata/estonia/scenario", indigo.Options{}), &p); err != nil {
		t.Fatal(err)
	}
	sum := map[string]decimal.Decimal{}
	add := func(k string, n json.Number) { sum[k] = sum[k].Add(decimal.RequireFromString(string(n))) }
	for _, op := range p.OutcomePayments {
		add("paid by "+op.PayerOrganisationID.Value, op.Money.Amount.Value)
	}
	for _, tx := range p.Transactions {
		switch {
		case tx.ReceivingOrganisationID.Value == indigo.Bond && tx.InvestmentID != nil:
			add("drawn "+tx.InvestmentID.Value, tx.Money.Amount.Value)
		case tx.InvestmentID != nil:
			add("received "+tx.InvestmentID.Value, tx.Money.Amount.Value)
		default:
			add(tx.TransactionType.Value, tx.Money.Amount.Value)
		}
	}
	for k, want := range map[string]string{
		"paid by education":           "110657.76",
		"paid by ministry_of_justice": "564109.78",
		"Outcome Payment":             "674767.54",
		"drawn senior":                "287118.54",
		"received senior":             "324112.37",
		"drawn junior":                "127608.21",
		"received junior":             "259227.76",
	} {
		if got := sum[k].StringFixed(2); got != want {
			t.Errorf("%s: %s, want %s", k, got, want)
		}
	}
}

// TestRateCapNoted: an investment's notes give its cap as a rate a year
// (cap_rate), as they give a cap as a multiple; Peterborough's 13% was
// left out.
func TestRateCapNoted(t *testing.T) {
	var p indigo.Project
	if err := json.Unmarshal(record(t, "../../testdata/published/peterborough", indigo.Options{}), &p); err != nil {
		t.Fatal(err)
	}
	want := "tranche trusts, priority 1; return capped at 0.13 a year; modelled: drawn 4000000.00, received 4254176.00"
	if got := p.Investments[0].Notes; got != want {
		t.Errorf("notes %q, want %q", got, want)
	}
}

// TestPayerCapsNoMaximum: MHEP Enfield has no cap of its own, but each of
// its payers caps what it pays (payer_caps.csv: 260,689 from the Life
// Chances Fund and 360,000 from Enfield): the record had no maximum
// potential outcome payment, where the payers can pay 620,689 at most.
func TestPayerCapsNoMaximum(t *testing.T) {
	var p indigo.Project
	if err := json.Unmarshal(record(t, "../../testdata/published/mhep-enfield", indigo.Options{}), &p); err != nil {
		t.Fatal(err)
	}
	m := p.OverallProjectFinance.MaximumPotentialOutcomePayment
	if m == nil {
		t.Fatal("no maximum_potential_outcome_payment_v2")
	}
	if got := string(m.Amount.Value); got != "620689.00" {
		t.Errorf("maximum %s, want 620689.00", got)
	}
	if got := m.Currency.Value; got != "GBP" {
		t.Errorf("currency %s, want GBP", got)
	}
}

// TestCapGroupsDescribed: a rate card's cap per participant over a group
// of its terms (cap_groups.csv) and a term's prerequisite were left out
// of the pricings' descriptions, which read as if each outcome were paid
// in full.
func TestCapGroupsDescribed(t *testing.T) {
	var p indigo.Project
	if err := json.Unmarshal(record(t, "../../testdata/youth-employment-claims/scenario", indigo.Options{}), &p); err != nil {
		t.Fatal(err)
	}
	group := "cap group YP: at most 8000.00 GBP per participant over the outcomes of terms ATTITUDE, BEHAVIOUR, ATTEND, ENTRY_QUAL, NQF1, NQF2, EMPLOY, SUSTAIN13, SUSTAIN26 together"
	for _, pr := range p.OutcomePricings {
		if d := pr.PriceDescription.Value; !strings.Contains(d, "claimable once a participant; ") || !strings.Contains(d, group) {
			t.Errorf("%s: %q does not give the cap group", pr.OutcomeMetricID.Value, d)
		}
	}
	if d := p.OutcomePricings[5].PriceDescription.Value; !strings.Contains(d, "only after term NQF1") {
		t.Errorf("NQF2: %q does not give its prerequisite NQF1", d)
	}
}
