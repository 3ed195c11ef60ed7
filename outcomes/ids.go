package outcomes

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"sync"
)

// A participant has one record per measurement period: a second one
// would count the person twice. Holding ten million ids to check that
// would defeat streaming, so each record leaves only a 64-bit hash of its
// (id, period), 8 bytes, spread over idParts partitions by the hash's top
// bits; at the end each partition goes into a hash set of its own, in
// parallel, and a hash met twice is a duplicate. Only then, and only for those hashes,
// is the file read again to name the lines (and to rule out the
// one-in-a-million chance that two different ids share a hash).

const idParts = 64

// idHashes are a chunk's hashes, partitioned: partition p is
// h[off[p]:off[p+1]].
type idHashes struct {
	h   []uint64
	off [idParts + 1]int
}

// partition orders the hashes by partition (a counting sort on the top
// bits), in a slice of exactly their number: 8 bytes a record, no more.
func (x *idHashes) partition() {
	var n [idParts]int
	for _, h := range x.h {
		n[h>>58]++
	}
	for p := range idParts {
		x.off[p+1] = x.off[p] + n[p]
	}
	out := make([]uint64, len(x.h))
	next := x.off
	for _, h := range x.h {
		out[next[h>>58]] = h
		next[h>>58]++
	}
	x.h = out
}

// idHash hashes a record's id and period (FNV-1a).
func idHash(id []byte, period int) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range id {
		h ^= uint64(c)
		h *= 1099511628211
	}
	for range 4 {
		h ^= uint64(period & 0xff)
		h *= 1099511628211
		period >>= 8
	}
	return h
}

// duplicateHashes returns the hashes that occur more than once among the
// chunks' partitioned hashes, in increasing order.
func duplicateHashes(ids []idHashes, workers int) []uint64 {
	var mu sync.Mutex
	var dups []uint64
	parts := make(chan int, idParts)
	for p := range idParts {
		parts <- p
	}
	close(parts)
	var wg sync.WaitGroup
	for range max(1, workers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var table, found []uint64
			defer func() {
				mu.Lock()
				dups = append(dups, found...)
				mu.Unlock()
			}()
			for p := range parts {
				// An open-addressing set of the partition's hashes, half
				// full at most: faster than sorting them.
				n := 0
				for _, c := range ids {
					n += c.off[p+1] - c.off[p]
				}
				size := 16
				for size < 2*n {
					size *= 2
				}
				if cap(table) < size {
					table = make([]uint64, size)
				}
				table = table[:size]
				clear(table)
				mask := uint64(size - 1)
				zero := 0 // the hash 0 marks an empty slot, so it is counted apart
				for _, c := range ids {
					for _, h := range c.h[c.off[p]:c.off[p+1]] {
						if h == 0 {
							if zero++; zero == 2 {
								found = append(found, h)
							}
							continue
						}
						i := h & mask
						for table[i] != 0 && table[i] != h {
							i = (i + 1) & mask
						}
						if table[i] == h {
							found = append(found, h) // a third record adds it again; Compact below
							continue
						}
						table[i] = h
					}
				}
			}
		}()
	}
	wg.Wait()
	slices.Sort(dups)
	return slices.Compact(dups)
}

// duplicateError reads the file again to find the first record whose
// (id, period) repeats an earlier one, among the records with the given
// hashes (sorted). It returns nil when the hashes were collisions of
// different ids.
func (p *participantParser) duplicateError(r io.Reader, hashes []uint64) error {
	rs, ok := r.(io.Seeker)
	if !ok {
		return &InputError{File: p.name, Err: fmt.Errorf("%w: a participant has two records in the same period (the input cannot be read again to say where)", ErrInput)}
	}
	if _, err := rs.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("outcomes: %s: %w", p.name, err)
	}
	cr := csv.NewReader(r)
	cr.Comma = rune(p.delim)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	if _, err := cr.Read(); err != nil { // the header
		return nil
	}
	type key struct {
		id     string
		period int
	}
	seen := map[key]int{}
	for {
		rec, err := cr.Read()
		if err != nil {
			return nil // the file was read once already: no new errors here
		}
		id := string(bytes.TrimSpace([]byte(rec[p.idx[pID]])))
		period, err := parsePeriod(string(bytes.TrimSpace([]byte(rec[p.idx[pPeriod]]))))
		if _, dup := slices.BinarySearch(hashes, idHash([]byte(id), period)); err != nil || !dup {
			continue
		}
		line, _ := cr.FieldPos(p.idx[pID])
		k := key{id, period}
		if first, ok := seen[k]; ok {
			return &InputError{File: p.name, Line: line, Column: p.idx[pID] + 1, Field: "id",
				Err: fmt.Errorf("%w: participant %q has a second record for period %d (the first is on line %d): one record per participant and measurement period, or the participant is counted twice", ErrInput, id, period, first)}
		}
		seen[k] = line
	}
}
