package matching

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
)

// nnProblem is one Nearest call after validation: the rows, the rules,
// and (after run) the matches.
type nnProblem struct {
	dist               []float64
	treated, discarded []bool
	k                  int
	replace            bool
	order              Order
	caliper            float64 // in distance units; +Inf for none
	supp               nnSupport
	workers            int

	// ord lists the treated rows not discarded, in picking order; mm
	// holds their matches, k slots each (-1: none), nearest first.
	ord []int32
	mm  []int32
	// ins[t] is ord[t]'s place among its stratum's controls sorted by
	// (distance, row): the number of those before it.
	ins []int32
	// Treated units left without a control because the nearest one was
	// beyond the caliper, or because none was left.
	dropped, exhausted int
}

// nnStratum is one exact-matching cell: its controls (not discarded) sorted
// by (distance, row), and its treated units as indexes into ord, in
// picking order.
type nnStratum struct {
	ctrl  []int32
	cd    []float64
	treat []int32
	// Results, summed by run in stratum order.
	dropped, exhausted int
}

// run sorts, splits into strata and matches each stratum.
func (p *nnProblem) run(ctx context.Context, strata []int32) error {
	keys, sorted := nnSortByDistance(p.dist, p.treated, p.workers)
	cells, err := p.split(ctx, keys, sorted, strata)
	if err != nil {
		return err
	}
	p.mm = make([]int32, len(p.ord)*p.k)
	for i := range p.mm {
		p.mm[i] = -1
	}
	if err := p.matchAll(ctx, cells); err != nil {
		return err
	}
	for i := range cells {
		p.dropped += cells[i].dropped
		p.exhausted += cells[i].exhausted
	}
	return nil
}

// split walks the rows sorted by distance once, in memory order: each
// stratum's controls in that order, each treated unit's place among them;
// then it puts the treated units in picking order (p.ord, p.ins) and
// hands each stratum its own.
func (p *nnProblem) split(ctx context.Context, keys []uint64, sorted []uint32, strata []int32) ([]nnStratum, error) {
	n := len(p.dist)
	id, ns := nnDenseStrata(strata, n)
	cells := make([]nnStratum, ns)
	sid := func(row int32) int32 {
		if id == nil {
			return 0
		}
		return id[row]
	}
	// Count first so each slice is allocated once.
	nctrl := make([]int32, ns)
	ntreat := make([]int32, ns)
	var nt int
	for i := range n {
		switch {
		case p.discarded[i]:
		case p.treated[i]:
			ntreat[sid(int32(i))]++
			nt++
		default:
			nctrl[sid(int32(i))]++
		}
	}
	for s := range cells {
		cells[s].ctrl = make([]int32, 0, nctrl[s])
		cells[s].cd = make([]float64, 0, nctrl[s])
		cells[s].treat = make([]int32, 0, ntreat[s])
	}
	trow := make([]int32, 0, nt)
	tins := make([]int32, 0, nt)
	for j, v := range sorted {
		if j&0xffff == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		row, tr := int32(v&^nnTreatedBit), v&nnTreatedBit != 0
		d := nnKeyDistance(keys[j])
		if !p.supp.keeps(tr, d) {
			continue
		}
		c := &cells[sid(row)]
		if tr {
			trow = append(trow, row)
			tins = append(tins, int32(len(c.ctrl)))
		} else {
			c.ctrl = append(c.ctrl, row)
			c.cd = append(c.cd, d)
		}
	}
	p.ord, p.ins = nnPickOrder(trow, tins, p.dist, p.order)
	for t, row := range p.ord {
		c := &cells[sid(row)]
		c.treat = append(c.treat, int32(t))
	}
	return cells, nil
}

// nnPickOrder puts the treated units, given in (distance, row) order with
// their places, in the order they pick their controls (MatchIt's
// m.order): Smallest is that order; Largest is order(d, decreasing =
// TRUE), whose ties keep the row order; DataOrder is by row.
func nnPickOrder(rows, ins []int32, dist []float64, order Order) ([]int32, []int32) {
	switch order {
	case Largest:
		slices.Reverse(rows)
		slices.Reverse(ins)
		// Runs of equal distances back to row order.
		for i := 0; i < len(rows); {
			j := i + 1
			for j < len(rows) && dist[rows[j]] == dist[rows[i]] {
				j++
			}
			slices.Reverse(rows[i:j])
			slices.Reverse(ins[i:j])
			i = j
		}
	case DataOrder:
		perm := make([]int32, len(rows))
		for i := range perm {
			perm[i] = int32(i)
		}
		slices.SortFunc(perm, func(a, b int32) int { return cmp.Compare(rows[a], rows[b]) })
		r2 := make([]int32, len(rows))
		i2 := make([]int32, len(rows))
		for j, i := range perm {
			r2[j], i2[j] = rows[i], ins[i]
		}
		return r2, i2
	}
	return rows, ins
}

// nnDenseStrata numbers the strata 0..ns-1 in increasing order of their
// values; nil strata are one stratum.
func nnDenseStrata(strata []int32, n int) ([]int32, int) {
	if strata == nil {
		return nil, 1
	}
	lo, hi := int64(math.MaxInt32), int64(math.MinInt32)
	for _, v := range strata {
		lo = min(lo, int64(v))
		hi = max(hi, int64(v))
	}
	id := make([]int32, n)
	if hi-lo <= int64(n) {
		// Few distinct values in a small range: a table.
		tab := make([]int32, hi-lo+1)
		for i := range tab {
			tab[i] = -1
		}
		for _, v := range strata {
			tab[int64(v)-lo] = 0
		}
		var ns int32
		for i := range tab {
			if tab[i] == 0 {
				tab[i] = ns
				ns++
			}
		}
		for i, v := range strata {
			id[i] = tab[int64(v)-lo]
		}
		return id, int(ns)
	}
	vals := make(map[int32]int32)
	for _, v := range strata {
		vals[v] = 0
	}
	keys := make([]int32, 0, len(vals))
	for v := range vals {
		keys = append(keys, v)
	}
	slices.Sort(keys)
	for i, v := range keys {
		vals[v] = int32(i)
	}
	for i, v := range strata {
		id[i] = vals[v]
	}
	return id, len(keys)
}

// matchAll matches the strata, several at a time: they share no rows, so
// the result does not depend on the worker count. With replacement a
// single stratum's treated units are independent too and are split
// among the workers.
func (p *nnProblem) matchAll(ctx context.Context, cells []nnStratum) error {
	type job struct{ s, lo, hi int }
	var jobs []job
	for s := range cells {
		nt := len(cells[s].treat)
		if nt == 0 {
			continue
		}
		step := nt
		if p.replace && p.workers > 1 {
			step = max(4096, (nt+4*p.workers-1)/(4*p.workers))
		}
		for lo := 0; lo < nt; lo += step {
			jobs = append(jobs, job{s, lo, min(nt, lo+step)})
		}
	}
	res := make([][2]int, len(jobs)) // dropped, exhausted per job
	errs := make([]error, len(jobs))
	do := func(j int) {
		c := &cells[jobs[j].s]
		if p.replace {
			res[j], errs[j] = p.matchReplace(ctx, c, jobs[j].lo, jobs[j].hi)
		} else {
			res[j], errs[j] = p.matchGreedy(ctx, c)
		}
	}
	if p.workers <= 1 || len(jobs) <= 1 {
		for j := range jobs {
			do(j)
		}
	} else {
		next := make(chan int)
		var wg sync.WaitGroup
		for range min(p.workers, len(jobs)) {
			wg.Go(func() {
				for j := range next {
					do(j)
				}
			})
		}
		for j := range jobs {
			next <- j
		}
		close(next)
		wg.Wait()
	}
	for j := range jobs {
		if errs[j] != nil {
			return errs[j]
		}
		cells[jobs[j].s].dropped += res[j][0]
		cells[jobs[j].s].exhausted += res[j][1]
	}
	return nil
}

// matchGreedy is matching without replacement in one stratum: in rounds,
// each treated unit in picking order takes the nearest control still
// free. Free controls are found in O(α(n)) by two union-find arrays over
// the sorted controls that skip taken ones, one leftwards and one
// rightwards.
func (p *nnProblem) matchGreedy(ctx context.Context, c *nnStratum) ([2]int, error) {
	var out [2]int
	m := int32(len(c.ctrl))
	// right[i]: the first free control at or after i (m: none).
	// left[i+1]: the last free control at or before i (0 stands for -1).
	right := make([]int32, m+1)
	left := make([]int32, m+1)
	for i := range right {
		right[i] = int32(i)
		left[i] = int32(i)
	}
	free := m
	k := p.k
	for r := range k {
		for step, t := range c.treat {
			if step&0xfff == 0 && ctx.Err() != nil {
				return out, ctx.Err()
			}
			slot := int(t) * k
			if r > 0 && p.mm[slot+r-1] < 0 {
				// No match in the last round: fewer free controls now.
				continue
			}
			if free == 0 {
				if r == 0 {
					out[1]++
				}
				continue
			}
			ins := p.ins[t]
			dt := p.dist[p.ord[t]]
			lo := nnFind(left, ins) - 1
			hi := nnFind(right, ins)
			if hi == m {
				hi = -1
			}
			pick, reason := p.choose(c.cd, dt, lo, hi)
			if pick < 0 {
				if r == 0 {
					out[reason]++
				}
				continue
			}
			p.mm[slot+r] = c.ctrl[pick]
			right[pick] = pick + 1
			left[pick+1] = pick
			free--
		}
	}
	return out, nil
}

// find is union-find with path halving: follow the links to a root.
func nnFind(link []int32, i int32) int32 {
	for link[i] != i {
		link[i] = link[link[i]]
		i = link[i]
	}
	return i
}

// choose picks between the nearest control below (lo) and above (hi),
// -1 for none, as MatchIt does: each side only within the caliper, and
// the lower one when the two are equally far. It returns the pick, or
// -1 and why: 0 the caliper, 1 no control at all.
func (p *nnProblem) choose(cd []float64, dt float64, lo, hi int32) (int32, int) {
	if lo < 0 && hi < 0 {
		return -1, 1
	}
	var dl, dh float64
	if lo >= 0 {
		if dl = math.Abs(dt - cd[lo]); dl > p.caliper {
			lo = -1
		}
	}
	if hi >= 0 {
		if dh = math.Abs(dt - cd[hi]); dh > p.caliper {
			hi = -1
		}
	}
	switch {
	case lo >= 0 && hi >= 0:
		if dl <= dh {
			return lo, 0
		}
		return hi, 0
	case lo >= 0:
		return lo, 0
	case hi >= 0:
		return hi, 0
	}
	return -1, 0
}

// matchReplace is matching with replacement for treated units lo..hi of
// a stratum: each takes its K nearest controls, merging outwards from its
// place in the sorted controls. Units are independent.
func (p *nnProblem) matchReplace(ctx context.Context, c *nnStratum, lo, hi int) ([2]int, error) {
	var out [2]int
	for step, t := range c.treat[lo:hi] {
		if step&0xfff == 0 && ctx.Err() != nil {
			return out, ctx.Err()
		}
		ins := p.ins[t]
		dt := p.dist[p.ord[t]]
		l, h := ins-1, ins
		slot := int(t) * p.k
		for r := range p.k {
			ll, hh := l, h
			if hh >= int32(len(c.ctrl)) {
				hh = -1
			}
			pick, reason := p.choose(c.cd, dt, ll, hh)
			if pick < 0 {
				if r == 0 {
					out[reason]++
				}
				break
			}
			p.mm[slot+r] = c.ctrl[pick]
			if pick == l {
				l--
			} else {
				h++
			}
		}
	}
	return out, nil
}

// fill sets the Matches from mm: Treated, Controls, weights, subclasses
// and warnings. The weights are summed in picking order, one pass, so
// they do not depend on the worker count.
func (p *nnProblem) fill(m *Matches) error {
	n := len(p.dist)
	k := p.k
	m.Treated = p.ord
	m.Controls = make([][]int32, len(p.ord))
	m.Weights = make([]float64, n)
	m.Subclass = make([]int32, n)
	var set int32
	var short int
	for t, row := range p.ord {
		got := 0
		for got < k && p.mm[t*k+got] >= 0 {
			got++
		}
		m.Controls[t] = p.mm[t*k : t*k+got : t*k+got]
		if got == 0 {
			m.Unmatched++
			continue
		}
		if got < k {
			short++
		}
		set++
		m.Weights[row] = 1
		m.Subclass[row] = set
		for _, c := range m.Controls[t] {
			m.Weights[c] += 1 / float64(got)
			if !p.replace {
				m.Subclass[c] = set
			}
		}
	}
	if set == 0 {
		return fmt.Errorf("%w: %d treated units, %d beyond the caliper, %d without any control left: widen the caliper or leave it empty", ErrNoMatch, len(p.ord), p.dropped, p.exhausted)
	}
	// MatchIt rescales the control weights to sum to the number of
	// controls matched.
	var sum float64
	var used int
	for i, w := range m.Weights {
		if !p.treated[i] && w > 0 {
			sum += w
			used++
		}
	}
	for i, w := range m.Weights {
		if !p.treated[i] && w > 0 {
			m.Weights[i] = w * float64(used) / sum
		}
	}
	if p.dropped > 0 {
		m.Warnings = append(m.Warnings, fmt.Sprintf("%d of %d treated units have no control within the caliper and are dropped", p.dropped, len(p.ord)))
	}
	if p.exhausted > 0 {
		m.Warnings = append(m.Warnings, fmt.Sprintf("%d of %d treated units are unmatched: no control left in the pool (or their nnStratum)", p.exhausted, len(p.ord)))
	}
	if short > 0 {
		m.Warnings = append(m.Warnings, fmt.Sprintf("%d of %d matched treated units have fewer than %d controls", short, int(set), k))
	}
	return nil
}
