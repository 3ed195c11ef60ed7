package scenario_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/sib-engine/sib/scenario"
)

// TestParamID: the zero ParamID is none; a non-zero one reads the value
// vector one place lower, and Index says where.
func TestParamID(t *testing.T) {
	v := []float64{10, 20, 30}
	var none scenario.ParamID
	assert.Equal(t, 7.0, none.Or(v, 7))
	id := scenario.ParamID(2)
	assert.Equal(t, 1, id.Index())
	assert.Equal(t, 20.0, id.In(v))
	assert.Equal(t, 20.0, id.Or(v, 7))
	assert.PanicsWithValue(t, "scenario: Index of the zero ParamID, which refers to no parameter", func() { none.Index() })
	assert.Panics(t, func() { none.In(v) })

	s, _, err := loadWith(t, nil)
	assert.NoError(t, err)
	_, ok := s.Param("cohort.c2.take_up")
	assert.False(t, ok, "not given: no parameter")
	size, ok := s.Param("cohort.c2.size")
	assert.True(t, ok)
	assert.Equal(t, size, s.Cohorts[1].Size)
	assert.Equal(t, 120.0, size.In(s.Values()))
	assert.Equal(t, 1.0, s.Cohorts[1].TakeUp.Or(s.Values(), 1))
	assert.False(t, math.IsNaN(s.At(size).Value))
}
