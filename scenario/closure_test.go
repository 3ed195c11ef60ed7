package scenario_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sib-engine/sib/scenario"
)

// TestBuilderClosureLag: a Builder names Settings.ClosureLag as Load names
// the closure_lag setting, with the same range.
func TestBuilderClosureLag(t *testing.T) {
	var b scenario.Builder
	sc := small(&b)
	sc.Settings.ClosureLag = b.Value(0.5)
	s, err := b.Build(*sc)
	require.NoError(t, err)
	id, ok := s.Param("setting.closure_lag")
	require.True(t, ok)
	assert.Equal(t, id, s.Settings.ClosureLag)
	p := s.At(id)
	assert.Equal(t, [3]float64{0.5, 0, 100}, [3]float64{p.Value, p.Min, p.Max})
	assert.Equal(t, "Settings.closure_lag", p.Source)

	var b2 scenario.Builder
	sc = small(&b2)
	sc.Settings.ClosureLag = b2.Value(-1)
	_, err = b2.Build(*sc)
	require.ErrorIs(t, err, scenario.ErrRange)
	assert.Contains(t, err.Error(), "setting.closure_lag")
}
