package outcomes

import (
	"errors"
	"strings"
	"testing"

	"github.com/sib-engine/sib/internal/csvio"
)

// Found in review: participants.csv, read in parallel chunks, skipped the
// rows limit; with --bootstrap its values are kept, so the rows limit is
// what bounds that memory.
func TestParticipantsRowsLimit(t *testing.T) {
	_, err := Load("../testdata/estonia/outcomes", LoadOptions{Limits: csvio.Limits{Rows: 10}, chunkSize: 64})
	if !errors.Is(err, csvio.ErrLimit) || !strings.Contains(err.Error(), "participants.csv:12: over a limit: more than 10 records") {
		t.Fatalf("err = %v", err)
	}
}
