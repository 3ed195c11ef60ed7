package scenario_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sib-engine/sib/scenario"
)

func TestParseSavingMeasure(t *testing.T) {
	for _, m := range []scenario.SavingMeasure{scenario.CashableSaving, scenario.GrossSaving} {
		got, err := scenario.ParseSavingMeasure(m.String())
		require.NoError(t, err)
		assert.Equal(t, m, got)
	}
	got, err := scenario.ParseSavingMeasure(" Gross ")
	require.NoError(t, err)
	assert.Equal(t, scenario.GrossSaving, got, "case and spaces do not matter")
	_, err = scenario.ParseSavingMeasure("fiscal")
	assert.ErrorIs(t, err, scenario.ErrInput)
	assert.Equal(t, "SavingMeasure(7)", scenario.SavingMeasure(7).String())
}

// The flagship names the gross measure (its README says why); the other
// examples keep the default.
func TestSavingMeasureLoaded(t *testing.T) {
	for dir, want := range map[string]scenario.SavingMeasure{
		"../testdata/estonia/scenario":    scenario.GrossSaving,
		"../testdata/estonia/overpriced":  scenario.CashableSaving,
		"../testdata/preschool/scenario":  scenario.CashableSaving,
		"../testdata/employment/scenario": scenario.CashableSaving,
	} {
		s, err := scenario.Load(dir)
		require.NoError(t, err, dir)
		assert.Equal(t, want, s.Settings.SavingMeasure, dir)
	}
}
