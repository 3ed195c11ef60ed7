package scenario

import (
	"errors"
	"strings"
	"testing"

	"github.com/sib-engine/sib/internal/csvio"
)

// A file of a million cohorts over 2,400 months took seconds and 450 MB
// to read before the model's memory check refused it; the loader now
// counts the rows first. The Estonian scenario has 4 cohorts over 24
// quarters: a budget of 3 × 24 × 8 bytes holds 3 of them, so the fourth
// (line 5 of cohorts.csv) is refused.
func TestCohortsOverMemoryBudget(t *testing.T) {
	_, err := LoadWith("../testdata/estonia/scenario", LoadOptions{Limits: csvio.Limits{MemoryBytes: 3 * 24 * 8}})
	if !errors.Is(err, csvio.ErrLimit) || !strings.Contains(err.Error(), "cohorts.csv:5:1: cohort: over a limit: more than 3 cohorts × 24 periods") {
		t.Fatalf("err = %v", err)
	}
	if _, err := LoadWith("../testdata/estonia/scenario", LoadOptions{Limits: csvio.Limits{MemoryBytes: 4 * 24 * 8}}); err != nil {
		t.Fatalf("4 cohorts within the budget: %v", err)
	}
}
