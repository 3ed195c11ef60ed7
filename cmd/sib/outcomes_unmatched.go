package main

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/outcomes"
)

// unmatchedMeta says, under --unmatched, which of the folder's matching
// files were ignored, so that the naive comparison is not taken for the
// matched one.
func unmatchedMeta(dir string) []report.Meta {
	var ignored []string
	for _, n := range []string{outcomes.WeightsFile, outcomes.MatchingFile, outcomes.CovariatesFile} {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			ignored = append(ignored, n)
		}
	}
	if len(ignored) == 0 {
		return nil
	}
	return []report.Meta{{Key: "matching", Value: "ignored (--unmatched: " + strings.Join(ignored, ", ") + "): the plain comparison of the groups, before matching"}}
}
