package scenario_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/sib-engine/sib/scenario"
)

func TestFiscalYear(t *testing.T) {
	q := scenario.Settings{Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Months: scenario.Quarter, Periods: 8}
	// Calendar year (not given): quarters ending Mar, Jun, Sep, Dec 2026 are 2026.
	for t0, want := range []int{2026, 2026, 2026, 2026, 2027} {
		assert.Equal(t, want, q.FiscalYear(t0), "calendar year, period %d", t0+1)
	}
	assert.Equal(t, "2026", q.FiscalYearLabel(2026))
	// April: the quarter ending 31 March 2026 is in 2025/26, the next three in 2026/27,
	// and the one ending 31 March 2027 too.
	q.FiscalYearStart = 4
	for t0, want := range []int{2025, 2026, 2026, 2026, 2026, 2027} {
		assert.Equal(t, want, q.FiscalYear(t0), "April year, period %d", t0+1)
	}
	assert.Equal(t, "2025/26", q.FiscalYearLabel(2025))
	assert.Equal(t, "2099/00", q.FiscalYearLabel(2099))
	assert.Equal(t, time.April, q.FiscalMonth())
}
