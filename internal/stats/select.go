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
	ks = slices.Compact(ks)
	selectKs(vals, ks, 2*bits.Len(uint(n)))
	for i, p := range ps {
		out[i] = Quantile7(vals, p)
	}
}

// selectKs moves the ks-th smallest of a to a[k] for every k of ks
// (increasing), each with the smaller ones before it and the larger
// after: Hoare's partition around a median of three, then each side
// with the ks that fall in it, so that the values between two wanted
// order statistics are partitioned once, not again for each (a sort
// where the splits go badly too often: depth, the introselect guard
// against quadratic time).
func selectKs(a []float64, ks []int, depth int) {
	for len(ks) > 0 {
		if len(a) <= 16 || depth == 0 {
			slices.Sort(a)
			return
		}
		depth--
		j := partition(a)
		// a[:j+1] ≤ pivot ≤ a[j+1:]: the ks up to j go left.
		split, _ := slices.BinarySearch(ks, j+1)
		left, right := ks[:split], ks[split:]
		if len(left) > 0 && len(right) > 0 {
			selectKs(a[:j+1], left, depth)
		}
		if len(right) == 0 {
			a, ks = a[:j+1], left
			continue
		}
		for i := range right {
			right[i] -= j + 1
		}
		a, ks = a[j+1:], right
	}
}

// partition is Hoare's partition of a (more than 16 values) around the
// median of its first, middle and last: it returns j with a[:j+1] ≤ the
// pivot ≤ a[j+1:], which splits runs of equal values evenly.
func partition(a []float64) int {
	m := len(a) / 2
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
			return j
		}
		a[i], a[j] = a[j], a[i]
	}
}
