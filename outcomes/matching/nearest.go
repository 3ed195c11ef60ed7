package matching

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
)

// Errors Nearest returns, wrapped with the details.
var (
	ErrNoTreated       = errors.New("matching: no treated rows")
	ErrNoPool          = errors.New("matching: no pool rows")
	ErrRatio           = errors.New("matching: k (controls per treated unit) must be 1 to 10")
	ErrLengths         = errors.New("matching: distance, treated and strata lengths differ")
	ErrDistance        = errors.New("matching: distance is not a finite number")
	ErrCaliper         = errors.New("matching: caliper must be a finite number, 0 or more")
	ErrNoCommonSupport = errors.New("matching: no common support")
	// ErrNoMatch: no treated unit has a control (a caliper that drops
	// them all, or no control left in any stratum).
	ErrNoMatch = errors.New("matching: no treated unit has a match")
	ErrOption  = errors.New("matching: unknown option value")
	ErrTooMany = errors.New("matching: more rows than an int32 can index")
)

// maxRatio is the largest number of controls per treated unit.
const maxRatio = 10

// Nearest matches each treated row to its K nearest control rows on dist,
// within strata (nil: one stratum), under opt. It is MatchIt's method =
// "nearest" with a numeric distance: the same matched sets, weights and
// discarded rows (checked against MatchIt 4.5.1; two bugs of that release,
// fixed in 4.5.2, are not reproduced: on some builds it truncates distance
// differences to integers, and with k > 1 it checks a unit's earlier
// matches off by one; testdata/reference/nearest/reference.R).
//
// The rules, MatchIt's:
//
//   - Rows are sorted by (distance, row). A treated unit's nearest control
//     is the nearest available control before it in that order or the one
//     after it, whichever is closer in distance; on a tie the one before
//     (the lower distance). So among controls at the same distance the one
//     nearest the treated unit's row in that order wins: deterministic,
//     whatever the worker count.
//   - K > 1 is filled in rounds: every treated unit's first match (in
//     opt.Order), then every unit's second, and so on.
//   - Treated units pick in opt.Order: Largest (ties: lower row first),
//     Smallest (ties: lower row first) or DataOrder. With replacement the
//     order does not matter and MatchIt uses DataOrder; so does Nearest.
//   - Without replacement a control serves one treated unit; with it, any
//     number, but never the same unit twice.
//   - The caliper is opt.Caliper standard deviations (sd(), n-1) of the
//     distance over the rows not discarded, all strata together; a
//     control is within it when |d_t - d_c| <= caliper.
//   - Discard (common support) compares the distance with the other
//     group's range [min, max] over all rows: Treated drops treated units
//     outside the pool's range, Control drops pool units outside the
//     treated range, Both drops units of either group outside the
//     intersection of the two ranges.
//   - Strata: a control is matched only to treated units of its nnStratum.
//
// Matches.Treated lists the treated rows not discarded, in the order they
// picked; Controls[t] their matches nearest first; Unmatched counts those
// without any. Weights are MatchIt's (treated 1, controls 1/(matches of
// the treated unit) summed and then rescaled to sum to the number of
// matched controls). Subclass numbers the matched sets in the order of
// Treated (MatchIt numbers the same sets in another order); with
// replacement controls have none (0).
//
// The rows are sorted once (a parallel radix sort); then, without
// replacement, each match costs near-constant amortised time (union-find
// links past taken controls, leftwards and rightwards), so 10 million rows
// match 1:1 in about a second. Strata (and, with replacement, treated
// units) are matched in parallel; results do not depend on opt.Workers.
//
// Errors: ErrLengths, ErrRatio, ErrCaliper, ErrOption, ErrDistance (NaN
// or ±Inf), ErrNoTreated, ErrNoPool, ErrNoCommonSupport (discarding
// leaves no treated or no control row), ErrNoMatch (no treated unit has a
// match, e.g. a caliper that drops them all), ErrTooMany, or ctx's error.
func Nearest(ctx context.Context, dist []float64, treated []bool, strata []int32, opt Options) (*Matches, error) {
	n, err := checkNearest(dist, treated, strata, opt)
	if err != nil {
		return nil, err
	}
	if opt.Replace {
		// MatchIt sets m.order to "data" when a control can be reused.
		opt.Order = DataOrder
	}
	sup := commonSupport(dist, treated, opt.Discard)
	m := &Matches{Discarded: make([]bool, n)}
	var nt, nc, dt, dc int
	for i := range n {
		m.Discarded[i] = !sup.keeps(treated[i], dist[i])
		switch {
		case treated[i] && m.Discarded[i]:
			dt++
		case treated[i]:
			nt++
		case m.Discarded[i]:
			dc++
		default:
			nc++
		}
	}
	if nt == 0 {
		return nil, fmt.Errorf("%w: discard %q leaves no treated row (%d discarded)", ErrNoCommonSupport, opt.Discard, dt)
	}
	if nc == 0 {
		return nil, fmt.Errorf("%w: discard %q leaves no pool row (%d discarded)", ErrNoCommonSupport, opt.Discard, dc)
	}
	if dt+dc > 0 {
		m.Warnings = append(m.Warnings, fmt.Sprintf("common support (discard %s): %d treated and %d pool units discarded", opt.Discard, dt, dc))
	}
	caliper := math.Inf(1)
	if opt.Caliper > 0 {
		caliper = opt.Caliper * sdKept(dist, m.Discarded)
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	p := &nnProblem{
		dist: dist, treated: treated, discarded: m.Discarded,
		k: opt.K, replace: opt.Replace, order: opt.Order,
		caliper: caliper, supp: sup, workers: workers,
	}
	if err := p.run(ctx, strata); err != nil {
		return nil, err
	}
	if err := p.fill(m); err != nil {
		return nil, err
	}
	return m, nil
}

func checkNearest(dist []float64, treated []bool, strata []int32, opt Options) (int, error) {
	n := len(dist)
	if len(treated) != n || (strata != nil && len(strata) != n) {
		return 0, fmt.Errorf("%w: %d distances, %d treated flags, %d strata", ErrLengths, n, len(treated), len(strata))
	}
	if int64(n) > math.MaxInt32-1 {
		return 0, fmt.Errorf("%w: %d rows", ErrTooMany, n)
	}
	if opt.K < 1 || opt.K > maxRatio {
		return 0, fmt.Errorf("%w: got %d", ErrRatio, opt.K)
	}
	if math.IsNaN(opt.Caliper) || math.IsInf(opt.Caliper, 0) || opt.Caliper < 0 {
		return 0, fmt.Errorf("%w: got %v", ErrCaliper, opt.Caliper)
	}
	if opt.Order < Largest || opt.Order > DataOrder {
		return 0, fmt.Errorf("%w: order %d", ErrOption, opt.Order)
	}
	if opt.Discard < DiscardNone || opt.Discard > DiscardBoth {
		return 0, fmt.Errorf("%w: discard %d", ErrOption, opt.Discard)
	}
	var n1 int
	for i, d := range dist {
		if math.IsNaN(d) || math.IsInf(d, 0) {
			return 0, fmt.Errorf("%w: row %d has %v", ErrDistance, i+1, d)
		}
		if treated[i] {
			n1++
		}
	}
	if n1 == 0 {
		return 0, ErrNoTreated
	}
	if n1 == n {
		return 0, ErrNoPool
	}
	return n, nil
}

// nnSupport is the common-support rule as ranges of the distance kept,
// for the pool [0] and the treated [1].
type nnSupport struct{ lo, hi [2]float64 }

func (s *nnSupport) keeps(treated bool, d float64) bool {
	g := 0
	if treated {
		g = 1
	}
	return d >= s.lo[g] && d <= s.hi[g]
}

// commonSupport is MatchIt's discard() rule: with each group's range of
// the distance over all rows, Treated keeps the treated units within the
// pool's range, Control the pool units within the treated range, Both
// the units of either group within the intersection of the two.
func commonSupport(dist []float64, treated []bool, rule Discard) nnSupport {
	inf := math.Inf(1)
	all := nnSupport{lo: [2]float64{-inf, -inf}, hi: [2]float64{inf, inf}}
	if rule == DiscardNone {
		return all
	}
	lo := [2]float64{inf, inf}
	hi := [2]float64{-inf, -inf}
	for i, d := range dist {
		g := 0
		if treated[i] {
			g = 1
		}
		lo[g] = math.Min(lo[g], d)
		hi[g] = math.Max(hi[g], d)
	}
	s := all
	switch rule {
	case DiscardBoth:
		l, h := math.Max(lo[0], lo[1]), math.Min(hi[0], hi[1])
		s = nnSupport{lo: [2]float64{l, l}, hi: [2]float64{h, h}}
	case DiscardControl:
		s.lo[0], s.hi[0] = lo[1], hi[1]
	case DiscardTreated:
		s.lo[1], s.hi[1] = lo[0], hi[0]
	}
	return s
}

// sdKept is R's sd() of the distances of the rows not discarded: two
// passes, the mean corrected by the mean residual as R's cov.c does.
func sdKept(dist []float64, discarded []bool) float64 {
	var n int
	var s float64
	for i, d := range dist {
		if !discarded[i] {
			s += d
			n++
		}
	}
	if n < 2 {
		return 0
	}
	mean := s / float64(n)
	var r float64
	for i, d := range dist {
		if !discarded[i] {
			r += d - mean
		}
	}
	mean += r / float64(n)
	var ss float64
	for i, d := range dist {
		if !discarded[i] {
			ss += (d - mean) * (d - mean)
		}
	}
	return math.Sqrt(ss / float64(n-1))
}
