package uncertainty

import "slices"

// An Exposure is one payer's budget exposure in one fiscal year: what it
// pays in outcome payments that year, nominal (cash out of a budget),
// over the draws.
type Exposure struct {
	Payer string
	Year  int    // the calendar year the fiscal year starts in
	Label string // "2026", or "2026/27" for a fiscal year from another month
	// Mean with its Monte Carlo standard error, the 95th percentile (R's
	// type 7, as Summary's) and the most in any draw.
	Mean, SE, P95, Max float64
}

// Exposures returns each payer's exposure in each fiscal year in which
// it pays something in some draw, payers in their sorted order and years
// in order (SimOptions.Appraise). The fiscal year of a period is its last
// day's (scenario.Settings.FiscalYear).
func Exposures(sim *Simulation) ([]Exposure, error) {
	a := sim.Appraisal
	if a == nil {
		return nil, ErrNoAppraisal
	}
	var out []Exposure
	Y := len(a.Years)
	for k, payer := range a.Payers {
		for y := range Y {
			v := a.Paid[k*Y+y]
			if slices.Max(v) <= 0 {
				continue
			}
			s := summarise(Output{Unit: Money}, v)
			out = append(out, Exposure{Payer: payer, Year: a.Years[y], Label: a.Labels[y], Mean: s.Mean, SE: s.SE, P95: s.P95, Max: s.Max})
		}
	}
	return out, nil
}
