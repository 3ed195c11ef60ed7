package claims

import "testing"

func TestBundledExample(t *testing.T) {
	res, err := Run("../testdata/youth-employment-claims", Options{KeepClaims: true})
	if err != nil {
		t.Fatal(err)
	}
	checkReconciliation(t, res)
	for _, r := range res.Reconciliation {
		t.Logf("%-20s %6d %12d %12d", r.Reason, r.Records, r.Claimed, r.Paid)
	}
}
