package indigo_test

import (
	"fmt"

	"github.com/sib-engine/sib/internal/indigo"
	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// A deal's record: its investments and the transactions of its ledger.
func Example() {
	s, err := scenario.Load("../../testdata/small/scenario")
	if err != nil {
		panic(err)
	}
	m, err := sib.Compile(s)
	if err != nil {
		panic(err)
	}
	res, err := m.Run(s.Values())
	if err != nil {
		panic(err)
	}
	p, err := indigo.Build(res, indigo.Options{Status: indigo.Private})
	if err != nil {
		panic(err)
	}
	for _, inv := range p.Investments {
		fmt.Println(inv.ID, inv.OrganisationID.Value, inv.InvestmentType.Value, inv.InvestmentCommitment.Amount.Exact.Value, inv.InvestmentCommitment.Currency.Value)
	}
	for _, tx := range p.Transactions {
		fmt.Println(tx.Date.Value, tx.SendingOrganisationID.Value, "->", tx.ReceivingOrganisationID.Value, tx.TransactionType.Value, tx.Money.Amount.Value, tx.Status)
	}
	// Output:
	// senior inv Combination 100000.00 EUR
	// 2026-12-31 inv -> bond Debt and Equity 30000.00 PRIVATE
	// 2027-12-31 pay -> bond Outcome Payment 40000.00 PRIVATE
	// 2027-12-31 inv -> bond Debt and Equity 30000.00 PRIVATE
	// 2027-12-31 bond -> inv Interest Payment 3000.00 PRIVATE
	// 2027-12-31 bond -> inv Capital Repayment 37000.00 PRIVATE
	// 2028-12-31 pay -> bond Outcome Payment 40000.00 PRIVATE
	// 2028-12-31 bond -> inv Interest Payment 2300.00 PRIVATE
	// 2028-12-31 bond -> inv Capital Repayment 23000.00 PRIVATE
	// 2028-12-31 bond -> inv Other 14700.00 PRIVATE
}
