package uncertainty

import "math"

// BlockDraws is the number of draws in a block of the Monte Carlo's
// running sums. A mean and a standard deviation over the draws are taken
// block by block, and a shard of a run (SimOptions.First) starts on a
// block boundary, so that a run cut in shards gives the same figures, to
// the last bit, as the run in one piece.
const BlockDraws = 4096

// Moments are the count, mean and sum of squared deviations about the
// mean (M2) of the finite values of one block of draws.
//
// The rule, the same for a whole run and for shards merged: each block of
// BlockDraws draws (draws [b·BlockDraws, (b+1)·BlockDraws) of the run; the
// last block may be shorter) gives its count n, its mean (the sum in draw
// order over n) and M2 by the corrected two-pass formula (Σd² − (Σd)²/n,
// d the deviations from the block's mean, Björck 1996); the blocks are
// then combined left to right in block order, (((b0 ⊕ b1) ⊕ b2) ⊕ …), by
// the parallel update of Chan, Golub and LeVeque (1979):
//
//	n = na + nb,  δ = mean_b − mean_a,
//	mean = mean_a + δ·nb/n,  M2 = M2a + M2b + δ²·na·nb/n.
//
// Blocks without a value (every draw missing) are skipped. The standard
// deviation is √(M2/(n−1)).
type Moments struct {
	N        int
	Mean, M2 float64
}

// blockMoments returns the moments of the finite values of v.
func blockMoments(v []float64) Moments {
	var m Moments
	var sum float64
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			continue
		}
		m.N++
		sum += x
	}
	if m.N == 0 {
		return m
	}
	m.Mean = sum / float64(m.N)
	var ss, c float64
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			continue
		}
		d := x - m.Mean
		ss += d * d
		c += d
	}
	// The corrected two-pass formula: c is the rounding in the mean.
	m.M2 = max(0, ss-c*c/float64(m.N))
	return m
}

// blocksOf returns the moments of each block of v, whose first value is
// a draw on a block boundary.
func blocksOf(v []float64) []Moments {
	bs := make([]Moments, 0, (len(v)+BlockDraws-1)/BlockDraws)
	for from := 0; from < len(v); from += BlockDraws {
		bs = append(bs, blockMoments(v[from:min(from+BlockDraws, len(v))]))
	}
	return bs
}

// combine is Chan, Golub and LeVeque's update: the moments of a and b
// together.
func combine(a, b Moments) Moments {
	switch {
	case b.N == 0:
		return a
	case a.N == 0:
		return b
	}
	n := a.N + b.N
	d := b.Mean - a.Mean
	fn, fa, fb := float64(n), float64(a.N), float64(b.N)
	return Moments{N: n, Mean: a.Mean + d*fb/fn, M2: a.M2 + b.M2 + d*d*fa*fb/fn}
}

// foldMoments combines blocks left to right, in block order.
func foldMoments(bs []Moments) Moments {
	var m Moments
	for _, b := range bs {
		m = combine(m, b)
	}
	return m
}

// meanSD returns the mean, standard deviation and Monte Carlo standard
// error of the mean of folded moments; NaN where they do not exist.
func (m Moments) meanSD() (mean, sd, se float64) {
	nan := math.NaN()
	if m.N == 0 {
		return nan, nan, nan
	}
	if m.N == 1 {
		return m.Mean, nan, nan
	}
	sd = math.Sqrt(m.M2 / float64(m.N-1))
	return m.Mean, sd, sd / math.Sqrt(float64(m.N))
}
