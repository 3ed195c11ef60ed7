package sib_test

import "testing"

// TestAgreementCoversActuals keeps the guard over a fixture with actuals
// (outcome payments already made): sib/testdata/agreement-actuals, whose
// actuals exceed a payer's period cap and count against the deal's total
// cap, and cmd/sib/testdata/scenario-ok-actuals, under a cap group.
func TestAgreementCoversActuals(t *testing.T) {
	n := 0
	for _, sc := range agreementScenarios(t) {
		if len(sc.s.Actuals) > 0 {
			n++
		}
	}
	if n < 2 {
		t.Errorf("the agreement guard runs %d scenarios with actuals, want at least 2", n)
	}
}
