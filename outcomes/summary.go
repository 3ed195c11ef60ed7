package outcomes

import "math"

// Summary holds the sufficient statistics of one cell of values: the
// participants of one group and cohort measured in one period. Every
// estimator works from summaries, so participant records and group totals
// give the same results.
type Summary struct {
	N    int64   // values
	Mean float64 // their mean
	M2   float64 // the sum of squared deviations from the mean
	// Events is the sum of the values of a binary or count metric, kept
	// exactly for the exact tests.
	Events int64
	// Exposure is the person-time at risk of a count metric (N when the
	// data gives none).
	Exposure float64
	// VarAssumed marks a count summary whose M2 was not measured: group
	// totals without sum_sq or sd, whose variance is taken to equal the
	// mean (Poisson). Such a cell has no dispersion.
	VarAssumed bool
}

// Var returns the sample variance (divisor N − 1), or 0 for fewer than two
// values.
func (s Summary) Var() float64 {
	if s.N < 2 {
		return 0
	}
	return s.M2 / float64(s.N-1)
}

// Sum returns the sum of the values.
func (s Summary) Sum() float64 { return s.Mean * float64(s.N) }

// Merge combines two summaries (Chan, Golub and LeVeque's pairwise update).
func (s Summary) Merge(o Summary) Summary {
	if o.N == 0 {
		return s
	}
	if s.N == 0 {
		return o
	}
	n := s.N + o.N
	d := o.Mean - s.Mean
	fs, fo, fn := float64(s.N), float64(o.N), float64(n)
	return Summary{
		N:        n,
		Mean:     s.Mean + d*fo/fn,
		M2:       s.M2 + o.M2 + d*d*fs*fo/fn,
		Events:   s.Events + o.Events,
		Exposure: s.Exposure + o.Exposure,
		// One cell without a measured variance leaves the merge without one.
		VarAssumed: s.VarAssumed || o.VarAssumed,
	}
}

// SummaryOf returns the summary of values (for tests and small data).
func SummaryOf(values ...float64) Summary {
	var acc accumulator
	for _, x := range values {
		acc.add(x)
	}
	return acc.summary()
}

// countSummary returns the summary of n binary or count values summing to
// events with the given sum of squares, computed exactly where it can be.
func countSummary(n, events int64, sumSq float64, exposure float64) Summary {
	fn := float64(n)
	mean := float64(events) / fn
	m2 := sumSq - float64(events)*mean
	if m2 < 0 {
		m2 = 0
	}
	return Summary{N: n, Mean: mean, M2: m2, Events: events, Exposure: exposure}
}

// maxCount bounds a count per participant, so that the exact sum of
// events cannot overflow.
const maxCount = 1e9

// accumulator sums values shifted by the first one, which keeps the
// variance accurate when the values are large and close together
// (earnings of 30,000 ± 100) without a division per value.
type accumulator struct {
	n          int64
	shift      float64
	s1, s2     float64
	events     int64 // sum of the whole values, exact
	nonInteger int64 // values that are not whole
}

func (a *accumulator) add(x float64) {
	if a.n == 0 {
		a.shift = x
	}
	a.n++
	d := x - a.shift
	a.s1 += d
	a.s2 += d * d
	if x == math.Trunc(x) && math.Abs(x) <= maxCount {
		a.events += int64(x) // exact; 10^9 rows of 10^9 do not overflow
	} else {
		a.nonInteger++
	}
}

func (a *accumulator) summary() Summary {
	if a.n == 0 {
		return Summary{}
	}
	fn := float64(a.n)
	m2 := a.s2 - a.s1*a.s1/fn
	if m2 < 0 {
		m2 = 0
	}
	s := Summary{N: a.n, Mean: a.shift + a.s1/fn, M2: m2, Exposure: fn}
	if a.nonInteger == 0 {
		s.Events = a.events
		s.Mean = float64(a.events) / fn
	}
	return s
}
