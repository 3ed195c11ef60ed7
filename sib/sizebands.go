package sib

import "github.com/sib-engine/sib/scenario"

// Thresholds that scale with the participants tested (a term's threshold
// or pooled_threshold that names a size schedule of threshold_bands.csv):
// the float and the cents paths both test effects in float64 through
// these, so they read the same threshold.

// cohortThreshold is term tm's cohort test threshold for cohort c: the
// number, or the size schedule read at the cohort's participants.
func (m *Model) cohortThreshold(p byID, pr *projection, tm *scenario.Term, c int) float64 {
	if tm.ThresholdBands == 0 {
		return p[tm.Threshold]
	}
	return m.sizedThreshold(p, tm.ThresholdBands, pr.n[c])
}

// pooledThreshold is term tm's pooled test threshold: the number, or the
// size schedule read at the participants of all cohorts together (those
// the pooled effect weighs).
func (m *Model) pooledThreshold(p byID, pr *projection, tm *scenario.Term) float64 {
	if tm.PooledBands == 0 {
		return p[tm.PooledThreshold]
	}
	var n float64
	for _, x := range pr.n {
		n += x
	}
	return m.sizedThreshold(p, tm.PooledBands, n)
}

// sizedThreshold reads size schedule id at n participants, with the
// thresholds of p (scenario.SizeSchedule.ThresholdAt on the engine's
// vector): linear between points, the first point's below the first
// size, the last point's above the last.
func (m *Model) sizedThreshold(p byID, id scenario.SizeScheduleID, n float64) float64 {
	sc := &m.s.SizeSchedules[id.Index()]
	i, w := sc.Segment(n)
	x := p[sc.Threshold[i]]
	if w != 0 {
		x += w * (p[sc.Threshold[i+1]] - x)
	}
	return x
}
