package scenario_test

import (
	"testing"

	"github.com/sib-engine/sib/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLoadContractColumns reads capital.csv's maturity, protected,
// cap_rate and excess, and the waterfall setting (issue 14).
func TestLoadContractColumns(t *testing.T) {
	s, dir, err := loadWith(t, map[string]string{
		scenario.ScenarioFile: baseScenario + "waterfall,Interest_First,\n",
		scenario.CapitalFile: "tranche,investor,priority,commitment,coupon,cap,floor,guarantor,guarantee_limit,maturity,protected,cap_rate,excess,amortise\n" +
			"loan,bank,1,300000,0.05,,,foundation,100000,4,0.5,,no,2\n" +
			"equity,fund,2,150000,0.08,2,,,,,,0.13,yes,\n" +
			"other,fund,3,1000,,,,,,12,,,,12\n",
	})
	if err != nil {
		t.Fatal(rel(err, dir))
	}
	assert.Equal(t, scenario.InterestFirst, s.Settings.Waterfall)
	loan, equity, other := s.Tranches[0], s.Tranches[1], s.Tranches[2]
	assert.Equal(t, [3]int{4, 0, 12}, [3]int{loan.Maturity, equity.Maturity, other.Maturity})
	assert.Equal(t, [3]bool{true, false, false}, [3]bool{loan.NoExcess, equity.NoExcess, other.NoExcess})
	assert.Equal(t, [3]int{2, 0, 12}, [3]int{loan.Amortise, equity.Amortise, other.Amortise})
	assert.Equal(t, [3]int{3, 11, 11}, [3]int{loan.MaturityPeriod(12), equity.MaturityPeriod(12), other.MaturityPeriod(12)})
	assert.Zero(t, equity.Protected)
	assert.Zero(t, loan.CapRate)
	for name, want := range map[string]float64{"tranche.loan.protected": 0.5, "tranche.equity.cap_rate": 0.13} {
		id, ok := s.Param(name)
		require.True(t, ok, name)
		p := s.At(id)
		assert.Equal(t, want, p.Value, name)
		assert.NotEmpty(t, p.Doc, name)
	}
	id, _ := s.Param("tranche.equity.cap_rate")
	assert.Equal(t, [2]float64{-0.99, 10}, [2]float64{s.At(id).Min, s.At(id).Max})
	assert.ErrorIs(t, s.Set("tranche.loan.protected", 1.2), scenario.ErrRange)

	// Without the setting, the waterfall goes by tranche.
	s, _, err = loadWith(t, nil)
	require.NoError(t, err)
	assert.Equal(t, scenario.ByTranche, s.Settings.Waterfall)
}

// TestBuildContractColumns: Build names a tranche's protected share and
// rate cap as Load does, and takes its maturity, pure debt and the
// waterfall's order as they are.
func TestBuildContractColumns(t *testing.T) {
	var b scenario.Builder
	in := small(&b)
	in.Settings.Waterfall = scenario.InterestFirst
	in.Tranches[0].Maturity, in.Tranches[0].Amortise, in.Tranches[0].NoExcess = 4, 2, true
	in.Tranches[0].Protected, in.Tranches[0].CapRate, in.Tranches[0].Guarantor = b.Value(0.6), b.Value(0.15), "foundation"
	s, err := b.Build(*in)
	require.NoError(t, err)
	assert.Equal(t, scenario.InterestFirst, s.Settings.Waterfall)
	tr := s.Tranches[0]
	assert.Equal(t, [2]int{4, 2}, [2]int{tr.Maturity, tr.Amortise})
	assert.Equal(t, 3, tr.MaturityPeriod(s.Settings.Periods))
	assert.True(t, tr.NoExcess)
	for name, want := range map[string][3]float64{"tranche.t.protected": {0.6, 0, 1}, "tranche.t.cap_rate": {0.15, -0.99, 10}} {
		id, ok := s.Param(name)
		require.True(t, ok, name)
		p := s.At(id)
		assert.Equal(t, want, [3]float64{p.Value, p.Min, p.Max}, name)
	}
}
