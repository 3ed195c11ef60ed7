// Package names suggests the nearest of a set of names for a misspelt one.
package names

import "strings"

// Suggest returns "; did you mean a or b?" naming the names closest to
// name by edit distance (at most 3 edits, at most 4 names), or "".
func Suggest(name string, names []string) string { return Hint(Closest(name, names)) }

// Closest returns the names closest to name by edit distance: those at
// the smallest distance, when it is at most 3 edits and they are at most
// 4 names; otherwise none.
func Closest(name string, names []string) []string {
	best, near := 4, []string(nil)
	for _, n := range names {
		switch d := Distance(name, n); {
		case d < best:
			best, near = d, []string{n}
		case d == best:
			near = append(near, n)
		}
	}
	if len(near) > 4 {
		return nil
	}
	return near
}

// Hint formats names as "; did you mean a or b?", or "" for none.
func Hint(near []string) string {
	if len(near) == 0 {
		return ""
	}
	return "; did you mean " + strings.Join(near, " or ") + "?"
}

// Distance is the Levenshtein distance between two names.
func Distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// DistanceOSA is the optimal string alignment distance between two names:
// the Levenshtein distance with a swap of two neighbouring letters
// counted as one edit ("cots" is one edit from "cost", not two).
func DistanceOSA(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+c)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
