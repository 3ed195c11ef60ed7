package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/outcomes"
)

// The matched comparison in sib outcomes' report: a metric estimated on
// a matching (weights.csv, or matching.csv and covariates.csv) says so in
// its method, and the effects table gains the matching's columns. A study
// without a matching prints exactly as before.

// matchedMethod is the method column of an effect.
func matchedMethod(e outcomes.Effect) string {
	if e.Matched {
		return "matched " + e.Method.String() + " (ATT)"
	}
	return e.Method.String()
}

// anyMatched reports whether an effect is on a matching.
func anyMatched(res *outcomes.Result) bool {
	for _, e := range res.Effects {
		if e.Matched {
			return true
		}
	}
	return false
}

// matchedColumns are the effects table's columns for a matching.
func matchedColumns() []report.Column {
	return []report.Column{
		{Name: "treated_all", Title: "treated all", Numeric: true},
		{Name: "matched_share", Title: "matched %", Numeric: true, Text: percent1},
		{Name: "matched_sets", Title: "sets", Numeric: true},
		{Name: "se_method", Title: "se method"},
	}
}

// matchedCells are an effect's cells in matchedColumns.
func matchedCells(e outcomes.Effect) []string {
	if !e.Matched {
		return []string{"", "", "", ""}
	}
	sets := ""
	if e.Clusters > 0 {
		sets = strconv.Itoa(e.Clusters)
	}
	return []string{strconv.FormatInt(e.TreatedAll, 10), num(float64(e.NTreatment) / float64(e.TreatedAll)), sets, e.SEMethod}
}

// matchedMeta describes the matching in the report's header: where the
// weights came from, how many treated were matched (in the first matched
// metric's pooled row) and the standard errors.
func matchedMeta(dir string, s *outcomes.Study, res *outcomes.Result) []report.Meta {
	m := s.Matching()
	if m == nil || !anyMatched(res) {
		return nil
	}
	source := outcomes.WeightsFile
	if _, err := os.Stat(filepath.Join(dir, outcomes.WeightsFile)); err != nil {
		source = outcomes.MatchingFile + " and " + outcomes.CovariatesFile
	}
	var pooled outcomes.Effect
	for _, e := range res.Effects {
		if e.Matched && e.Cohort == outcomes.PooledCohort {
			pooled = e
			break
		}
	}
	meta := []report.Meta{
		{Key: "matching", Value: fmt.Sprintf("the effect on the treated (ATT): group %s against its matches in group %s, weights from %s", m.Treatment, m.Pool, source)},
	}
	if m.Settings != "" {
		meta = append(meta, report.Meta{Key: "matching_settings", Value: m.Settings})
	}
	return append(meta,
		report.Meta{Key: "treated_matched", Value: fmt.Sprintf("%d of %d treatment values (metric %s, all cohorts)", pooled.NTreatment, pooled.TreatedAll, pooled.Metric)},
		report.Meta{Key: "se_method", Value: pooled.SEMethod + "; t intervals and p-values on the fit's residual degrees of freedom"},
	)
}
