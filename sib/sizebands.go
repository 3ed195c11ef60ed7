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

// entered is cohort c's participants as the projection counts them: its
// size × take-up, or 0 when it was due to enter after termination.
func (m *Model) entered(p byID, c int) float64 {
	if m.terminated && m.s.Cohorts[c].Period > m.end {
		return 0 // a cohort due to enter after termination never does
	}
	return m.participants(p, c)
}

// SizedThreshold is the threshold a term's test reads from a size
// schedule.
type SizedThreshold struct {
	Term     string
	Schedule string
	// Cohort is the tested cohort's name, or "" for the pooled test.
	Cohort       string
	Participants float64
	// Threshold is in the unit of the term's threshold_of: an effect, or
	// a share of the baseline (Term.Relative).
	Threshold float64
}

// SizedThresholds returns the thresholds the tests of the terms with a
// size schedule read at the values p (laid out as Scenario.Values): each
// cohort's, then the pooled test's, term by term; terms whose thresholds
// are numbers are left out. It allocates the result.
func (m *Model) SizedThresholds(p []float64) []SizedThreshold {
	bp := byID(make([]float64, 0, len(p)+1)).fill(p)
	pr := &projection{n: make([]float64, len(m.s.Cohorts))}
	for c := range pr.n {
		pr.n[c] = m.entered(bp, c)
	}
	var out []SizedThreshold
	for j := range m.s.Terms {
		tm := &m.s.Terms[j]
		if tm.ThresholdBands != 0 {
			name := m.s.SizeSchedules[tm.ThresholdBands.Index()].Name
			for c, co := range m.s.Cohorts {
				out = append(out, SizedThreshold{tm.Name, name, co.Name, pr.n[c], m.cohortThreshold(bp, pr, tm, c)})
			}
		}
		if tm.PooledBands != 0 {
			var n float64
			for _, x := range pr.n {
				n += x
			}
			name := m.s.SizeSchedules[tm.PooledBands.Index()].Name
			out = append(out, SizedThreshold{tm.Name, name, "", n, m.pooledThreshold(bp, pr, tm)})
		}
	}
	return out
}
