package matching

import (
	"cmp"
	"math"
	"slices"
	"sync"
)

// nnSortByDistance sorts the rows by (distance, row), as R's sort.list and
// order() (stable) sort them: an LSD radix sort of the distances' bits,
// 16 bits a pass, counted and scattered in parallel chunks whose order is
// fixed, so the result does not depend on the worker count. It returns
// the sorted keys (nnKey of each distance) and rows, each row with
// nnTreatedBit set for a treated row, so that the walks that follow read
// memory in order.
func nnSortByDistance(dist []float64, treated []bool, workers int) ([]uint64, []uint32) {
	n := len(dist)
	keys := make([]uint64, n)
	idx := make([]uint32, n)
	var or, and uint64 = 0, math.MaxUint64
	for i, d := range dist {
		b := nnKey(d)
		keys[i] = b
		idx[i] = uint32(i)
		if treated[i] {
			idx[i] |= nnTreatedBit
		}
		or |= b
		and &= b
	}
	if n < 1<<12 {
		p := make([]int, n)
		for i := range p {
			p[i] = i
		}
		slices.SortStableFunc(p, func(a, b int) int { return cmp.Compare(keys[a], keys[b]) })
		k2 := make([]uint64, n)
		i2 := make([]uint32, n)
		for j, i := range p {
			k2[j], i2[j] = keys[i], idx[i]
		}
		return k2, i2
	}
	keys2 := make([]uint64, n)
	idx2 := make([]uint32, n)
	chunks := max(1, min(workers, n>>16))
	size := (n + chunks - 1) / chunks
	counts := make([][1 << 16]int32, chunks)
	for shift := uint(0); shift < 64; shift += 16 {
		if (or^and)>>shift&0xffff == 0 {
			continue // every key has the same digit here
		}
		nnParallel(chunks, func(c int) {
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
		nnParallel(chunks, func(c int) {
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
	return keys, idx
}

// nnTreatedBit marks a treated row in a sorted row number.
const nnTreatedBit = 1 << 31

// nnKey maps a distance to a uint64 that sorts as the distance does
// (-0 and +0 alike, as in R); nnKeyDistance maps it back.
func nnKey(d float64) uint64 {
	if d == 0 {
		d = 0
	}
	b := math.Float64bits(d)
	if b>>63 == 1 {
		return ^b
	}
	return b | 1<<63
}

func nnKeyDistance(k uint64) float64 {
	if k>>63 == 1 {
		return math.Float64frombits(k &^ (1 << 63))
	}
	return math.Float64frombits(^k)
}

// parallel runs f(0..n-1), each on its own goroutine.
func nnParallel(n int, f func(int)) {
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
