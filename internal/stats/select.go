package stats

import (
	"math/bits"
	"slices"
)

// Quantiles7 sets out[i] to the ps[i]-quantile of vals, as Quantile7 would
// on vals sorted, but by selecting the order statistics it needs (and
// moving the values about in vals to do so) instead of sorting: linear
// time rather than n log n, which is most of a Monte Carlo summary's time
// once the draws are made. The values are the same as Quantile7's: order
// statistics do not depend on how they are found. vals must not be empty
// nor hold NaNs; ps are in [0, 1].
func Quantiles7(vals, ps, out []float64) {
	n := len(vals)
	// The order statistics wanted, in increasing order, each found in
	// the part of vals not yet settled.
	var buf [32]int
	ks := buf[:0]
	for _, p := range ps {
		i := int(float64(n-1) * p)
		ks = append(ks, i, min(i+1, n-1))
	}
	slices.Sort(ks)
	lo := 0
	for _, k := range ks {
		if k < lo {
			continue
		}
		selectK(vals[lo:], k-lo)
		lo = k + 1
	}
	for i, p := range ps {
		out[i] = Quantile7(vals, p)
	}
}

// selectK moves the k-th smallest of a to a[k], the smaller ones before
// it and the larger after: Hoare's partition around a median of three,
// which splits runs of equal values evenly, and a sort if the splits go
// badly too often (the introselect guard against quadratic time).
func selectK(a []float64, k int) {
	depth := 2 * bits.Len(uint(len(a)))
	for len(a) > 16 {
		if depth == 0 {
			slices.Sort(a)
			return
		}
		depth--
		m := len(a) / 2
		// Median of three at a[m].
		last := len(a) - 1
		if a[m] < a[0] {
			a[m], a[0] = a[0], a[m]
		}
		if a[last] < a[m] {
			a[last], a[m] = a[m], a[last]
			if a[m] < a[0] {
				a[m], a[0] = a[0], a[m]
			}
		}
		pivot := a[m]
		i, j := -1, len(a)
		for {
			for i++; a[i] < pivot; i++ {
			}
			for j--; a[j] > pivot; j-- {
			}
			if i >= j {
				break
			}
			a[i], a[j] = a[j], a[i]
		}
		// a[:j+1] ≤ pivot ≤ a[j+1:].
		if k <= j {
			a = a[:j+1]
		} else {
			a, k = a[j+1:], k-j-1
		}
	}
	slices.Sort(a)
}
