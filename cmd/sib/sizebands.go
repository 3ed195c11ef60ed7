package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// sizedNote is what the terms table's note adds for terms whose tests read
// a threshold from a size schedule (threshold_bands.csv): the threshold
// each cohort and the pool were tested against, at their participants;
// "" when no term has one. Thresholds relative to the baseline are in %.
func sizedNote(m *sib.Model, s *scenario.Scenario) string {
	th := m.SizedThresholds(s.Values())
	if len(th) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("; thresholds by size (" + scenario.ThresholdBandsFile + ")")
	last := ""
	for _, x := range th {
		if x.Term != last {
			fmt.Fprintf(&b, ", term %s (schedule %s):", x.Term, x.Schedule)
			last = x.Term
		} else {
			b.WriteString(",")
		}
		who := "cohort " + x.Cohort
		if x.Cohort == "" {
			who = "pooled"
		}
		fmt.Fprintf(&b, " %s at %s participants %s", who, round2(x.Participants), sizedValue(s, x))
	}
	return b.String()
}

// sizedValue shows a threshold: in % of the baseline for a relative term,
// else in the metric's unit, without float noise.
func sizedValue(s *scenario.Scenario, x sib.SizedThreshold) string {
	for _, t := range s.Terms {
		if t.Name == x.Term && t.Relative {
			return strconv.FormatFloat(100*x.Threshold, 'f', 2, 64) + "% of the baseline"
		}
	}
	return strconv.FormatFloat(math.Round(x.Threshold*1e6)/1e6, 'f', -1, 64)
}

// round2 shows a number of participants to at most 2 decimals.
func round2(x float64) string { return strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64) }
