package claims

import (
	"cmp"
	"slices"
	"sync"
)

// Without KeepClaims, the records that pass the checks a record can pass
// on its own are not kept one by one: each participant has a short list
// of (outcome, day, count) entries, and what can no longer change is
// counted and dropped as the records arrive. An outcome's claims are
// decided by the first day each prerequisite was achieved ("need"): a
// day before it is too early, and of the days on or after it the first
// MaxClaims distinct ones are paid, the rest are duplicates or over the
// maximum. More records can only make need earlier and add days, so a day
// after the MaxClaims-th distinct day on or after need is over the
// maximum for good: it is counted and dropped. What stays for an outcome
// is at most MaxClaims days on or after need, and the days before need
// (or every day while a prerequisite has no record), which may still be
// paid if an earlier prerequisite arrives. When the records come in the
// usual order (by participant and date, prerequisites first) that is at
// most the rate card's Σ MaxClaims days a participant; the list is
// compacted each time it would grow, so it holds at most twice what
// stays.

// stripes is the number of locks over the participants' lists; a lock
// covers runs of 64 participants, so that a chunk's records, usually in
// participant order, stay near each other in memory.
const stripes = 256

func stripe(p int32) int32 { return p >> 6 & (stripes - 1) }

// entry is a participant's records of one outcome on one day.
type entry struct {
	date Date
	out  uint16
	n    uint32 // records
}

// states are the participants' lists, shared by the workers.
type states struct {
	c       *Contract
	topoPos []int // by outcome: its position in c.topo
	mu      [stripes]sync.Mutex
	e       [][]entry // by participant
	pool    sync.Pool // *[]cand: the chunk's candidates
}

// firstRoom is the room each participant's list starts with, in one
// allocation for all.
const firstRoom = 4

func newStates(c *Contract) *states {
	st := &states{c: c, topoPos: make([]int, len(c.Outcomes)), e: make([][]entry, len(c.Participants))}
	for k, o := range c.topo {
		st.topoPos[o] = k
	}
	slab := make([]entry, firstRoom*len(c.Participants))
	for i := range st.e {
		st.e[i] = slab[i*firstRoom : i*firstRoom : (i+1)*firstRoom]
	}
	return st
}

// add files a chunk's candidates under their participants, a stripe at a
// time; what becomes final is counted in tallies (by outcome+1).
func (st *states) add(cands []cand, tallies []tally, qual []Date) {
	var count [stripes + 1]int32
	for _, k := range cands {
		count[stripe(k.part)+1]++
	}
	for i := range stripes {
		count[i+1] += count[i]
	}
	sorted := st.scratch(len(cands))
	next := count
	for _, k := range cands {
		s := stripe(k.part)
		(*sorted)[next[s]] = k
		next[s]++
	}
	for s := range stripes {
		if count[s] == count[s+1] {
			continue
		}
		st.mu[s].Lock()
		for _, k := range (*sorted)[count[s]:count[s+1]] {
			e := st.e[k.part]
			if len(e) == cap(e) && len(e) >= firstRoom {
				e = st.resolve(e, tallies, qual, false, k.part, nil)
			}
			st.e[k.part] = append(e, entry{date: k.date, out: k.out, n: 1})
		}
		st.mu[s].Unlock()
	}
	st.pool.Put(sorted)
}

// scratch returns a candidate buffer of length n from the pool; put
// returns one.
func (st *states) put(p *[]cand) { st.pool.Put(p) }

func (st *states) scratch(n int) *[]cand {
	if p, ok := st.pool.Get().(*[]cand); ok && cap(*p) >= n {
		*p = (*p)[:n]
		return p
	}
	s := make([]cand, n)
	return &s
}

// resolve sorts a participant's entries by outcome (prerequisites first)
// and day, merges those of one outcome and day, and decides them as
// validation.participant decides records. Not final, it drops and counts
// only the entries over an outcome's maximum and returns the rest. Final,
// it counts every rejection, appends the paid days to surv (as
// candidates of participant pi) and leaves in qual the first day each
// outcome was achieved.
func (st *states) resolve(e []entry, tallies []tally, qual []Date, final bool, pi int32, surv *[]cand) []entry {
	c := st.c
	slices.SortFunc(e, func(a, b entry) int {
		return cmp.Or(cmp.Compare(st.topoPos[a.out], st.topoPos[b.out]), cmp.Compare(a.date, b.date))
	})
	w := 0
	for _, x := range e {
		if w > 0 && e[w-1].out == x.out && e[w-1].date == x.date {
			e[w-1].n += x.n
			continue
		}
		e[w] = x
		w++
	}
	e = e[:w]
	for o := range qual {
		qual[o] = NoDate
	}
	count := func(x entry, r Reason) {
		t := &tallies[int(x.out)+1]
		t.n[r] += int64(x.n)
		t.claimed[r] += int64(x.n) * c.Outcomes[x.out].priceAt(x.date)
	}
	keep := e[:0]
	for i := 0; i < len(e); {
		o := int(e[i].out)
		j := i
		for j < len(e) && int(e[j].out) == o {
			j++
		}
		out := &c.Outcomes[o]
		need, missing := NoDate, false
		for _, p := range out.Prerequisites {
			q := qual[c.byOutcome[p]]
			if q == NoDate {
				missing = true
				break
			}
			need = max(need, q)
		}
		over := Duplicate
		if out.MaxClaims > 1 {
			over = MaxClaims
		}
		n := 0
		for _, x := range e[i:j] {
			switch {
			case missing:
				if final {
					count(x, PrerequisiteMissing)
				} else {
					keep = append(keep, x)
				}
			case x.date < need:
				if final {
					count(x, PrerequisiteLater)
				} else {
					keep = append(keep, x)
				}
			case out.MinAfterDays > 0 && x.date < need+Date(out.MinAfterDays):
				if final {
					count(x, TooSoon)
				} else {
					keep = append(keep, x)
				}
			case n >= out.MaxClaims:
				count(x, over)
			default:
				n++
				if qual[o] == NoDate {
					qual[o] = x.date
				}
				if !final {
					keep = append(keep, x)
					continue
				}
				*surv = append(*surv, cand{part: pi, date: x.date, out: x.out})
				if x.n > 1 {
					count(entry{date: x.date, out: x.out, n: x.n - 1}, Duplicate)
				}
			}
		}
		i = j
	}
	return keep
}
