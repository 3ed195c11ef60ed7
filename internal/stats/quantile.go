// Package stats holds the small statistics several packages share.
package stats

import "math"

// Quantile7 returns the p-quantile of sorted values by linear
// interpolation between order statistics at h = (n−1)p: R's quantile type
// 7, its default. sorted must not be empty.
func Quantile7(sorted []float64, p float64) float64 {
	h := float64(len(sorted)-1) * p
	lo := math.Floor(h)
	i := int(lo)
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (h-lo)*(sorted[i+1]-sorted[i])
}
