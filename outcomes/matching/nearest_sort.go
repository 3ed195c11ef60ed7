package matching

import (
	"math"
	"slices"
	"sync"
)

// sortByDistance returns the rows sorted by (distance, row), as R's
// sort.list and order() (stable) sort them: an LSD radix sort of the
// distances' bits, 16 bits a pass, counted and scattered in parallel
// chunks whose order is fixed, so the result does not depend on the
// worker count.
func sortByDistance(dist []float64, workers int) []int32 {
	n := len(dist)
	keys := make([]uint64, n)
	idx := make([]int32, n)
	var or, and uint64 = 0, math.MaxUint64
	for i, d := range dist {
		if d == 0 {
			d = 0 // -0 and +0 are equal, as in R
		}
		b := math.Float64bits(d)
		if b>>63 == 1 {
			b = ^b
		} else {
			b |= 1 << 63
		}
		keys[i] = b
		idx[i] = int32(i)
		or |= b
		and &= b
	}
	if n < 1<<12 {
		slices.SortStableFunc(idx, func(a, b int32) int {
			ka, kb := keys[a], keys[b]
			switch {
			case ka < kb:
				return -1
			case ka > kb:
				return 1
			}
			return 0
		})
		return idx
	}
	keys2 := make([]uint64, n)
	idx2 := make([]int32, n)
	chunks := max(1, min(workers, n>>16))
	size := (n + chunks - 1) / chunks
	counts := make([][1 << 16]int32, chunks)
	for shift := uint(0); shift < 64; shift += 16 {
		if (or^and)>>shift&0xffff == 0 {
			continue // every key has the same digit here
		}
		parallel(chunks, func(c int) {
			cnt := &counts[c]
			*cnt = [1 << 16]int32{}
			for _, k := range keys[c*size : min(n, (c+1)*size)] {
				cnt[k>>shift&0xffff]++
			}
		})
		// Offsets: digit by digit, chunk by chunk, so equal digits keep
		// their order.
		var sum int32
		for d := range 1 << 16 {
			for c := range chunks {
				v := counts[c][d]
				counts[c][d] = sum
				sum += v
			}
		}
		parallel(chunks, func(c int) {
			cnt := &counts[c]
			lo, hi := c*size, min(n, (c+1)*size)
			for i := lo; i < hi; i++ {
				k := keys[i]
				at := cnt[k>>shift&0xffff]
				cnt[k>>shift&0xffff]++
				keys2[at] = k
				idx2[at] = idx[i]
			}
		})
		keys, keys2 = keys2, keys
		idx, idx2 = idx2, idx
	}
	return idx
}

// parallel runs f(0..n-1), each on its own goroutine.
func parallel(n int, f func(int)) {
	if n == 1 {
		f(0)
		return
	}
	var wg sync.WaitGroup
	for c := range n {
		wg.Go(func() { f(c) })
	}
	wg.Wait()
}

// pickOrder lists the treated rows not discarded in the order they pick
// their controls (MatchIt's m.order): Largest is order(d, decreasing =
// TRUE), whose ties keep the row order; Smallest is order(d).
func pickOrder(sorted []int32, dist []float64, treated, discarded []bool, order Order) []int32 {
	var ord []int32
	if order == DataOrder {
		for i := range treated {
			if treated[i] && !discarded[i] {
				ord = append(ord, int32(i))
			}
		}
		return ord
	}
	for _, row := range sorted {
		if treated[row] && !discarded[row] {
			ord = append(ord, row)
		}
	}
	if order == Largest {
		slices.Reverse(ord)
		// Runs of equal distances back to row order.
		for i := 0; i < len(ord); {
			j := i + 1
			for j < len(ord) && dist[ord[j]] == dist[ord[i]] {
				j++
			}
			slices.Reverse(ord[i:j])
			i = j
		}
	}
	return ord
}

func sortInt32(s []int32) { slices.Sort(s) }
