package scenario_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/sib-engine/sib/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLoadBadFees: the loader refuses bad subordinated fees, commitment
// fees and distribution policies at the cell (file:line:column).
func TestLoadBadFees(t *testing.T) {
	const base = "../cmd/sib/testdata/scenario-ok-fees"
	scen, err := os.ReadFile(filepath.Join(base, "scenario.csv"))
	require.NoError(t, err)
	noDist := string(scen[:len(scen)-len("distribute,at_maturity\n")])
	for _, tc := range []struct {
		name, file, body, want string
	}{
		{"rank", "fees.csv", "fee,party,basis,amount,rank\nx,p,per_period,10,junior\n", `fees.csv:2:5: rank: invalid input "junior": expected senior or subordinated`},
		{"when", "fees.csv", "fee,party,basis,amount,rank,when\nx,p,per_period,10,subordinated,later\n", `fees.csv:2:6: when: invalid input "later": expected always or repaid`},
		{"when without rank", "fees.csv", "fee,party,basis,amount,when\nx,p,per_period,10,repaid\n", "fees.csv:2:5: when: invalid input: a fee paid once the investors are repaid ranks below them"},
		{"rank in delivery", "delivery.csv", "item,party,basis,amount,rank\nd,p,per_period,10,subordinated\n", `delivery.csv:1:5: unknown column "rank"`},
		{"commitment fee range", "capital.csv", "tranche,investor,priority,commitment,commitment_fee\ns,i,1,100,1.5\n", "capital.csv:2:5: commitment_fee: value out of range"},
		{"distribute word", "scenario.csv", noDist + "distribute,monthly\n", `scenario.csv:11:2: value: invalid input "monthly": expected every_period, at_maturity or periods`},
		{"distribute period", "scenario.csv", noDist + "distribute,2;9\n", "scenario.csv:11:2: value: value out of range: 9 is outside [1, 3]"},
		{"distribute order", "scenario.csv", noDist + "distribute,2;1\n", "scenario.csv:11:2: value: out of order: period 1 is not after period 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			require.NoError(t, os.CopyFS(dir, os.DirFS(base)))
			require.NoError(t, os.WriteFile(filepath.Join(dir, tc.file), []byte(tc.body), 0o644))
			_, err := scenario.Load(dir)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// TestLoadFees reads the columns and the setting.
func TestLoadFees(t *testing.T) {
	s, err := scenario.Load("../cmd/sib/testdata/scenario-ok-fees")
	require.NoError(t, err)
	assert.Equal(t, scenario.AtMaturity, s.Settings.Distribute)
	assert.True(t, s.Fees[0].Subordinated && s.Fees[0].OnceRepaid)
	id, ok := s.Param("tranche.senior.commitment_fee")
	require.True(t, ok)
	assert.Equal(t, id, s.Tranches[0].CommitmentFee)
	assert.Zero(t, s.Tranches[1].CommitmentFee)
}
