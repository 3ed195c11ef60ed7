package outcomes

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
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

// rereader can read participants.csv again from where the first read
// began, to name the lines of a duplicate.
type rereader struct {
	r     io.ReadSeeker
	start int64
}

// newRereader records where r is, if it can be read again.
func newRereader(r io.Reader) *rereader {
	rs, ok := r.(io.ReadSeeker)
	if !ok {
		return nil
	}
	start, err := rs.Seek(0, io.SeekCurrent) // fails on a pipe, though it is an *os.File
	if err != nil {
		return nil
	}
	return &rereader{rs, start}
}

// record is what the re-read needs of a record.
type idRecord struct {
	line      int
	id, group string
	period    int
	hash      uint64
}

// scan reads the records again, after the header, calling f until it
// returns false. It fails when the file no longer reads as it did.
func (p *participantParser) scan(rr *rereader, f func(idRecord) bool) error {
	if _, err := rr.r.Seek(rr.start, io.SeekStart); err != nil {
		return err
	}
	br := bufio.NewReader(rr.r)
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.Comma = rune(p.delim)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true
	if _, err := cr.Read(); err != nil { // the header
		return err
	}
	need := max(p.idx[pID], p.idx[pGroup], p.idx[pPeriod]) + 1
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if emptyRecord(rec) {
			continue // passed over by the first read too
		}
		if len(rec) < need {
			return errors.New("a record changed since the first read")
		}
		id := strings.TrimSpace(rec[p.idx[pID]])
		period, err := parsePeriod(strings.TrimSpace(rec[p.idx[pPeriod]]))
		if err != nil {
			return errors.New("a record changed since the first read")
		}
		line, _ := cr.FieldPos(p.idx[pID])
		if !f(idRecord{line, id, strings.TrimSpace(rec[p.idx[pGroup]]), period, idHash([]byte(id), period)}) {
			return nil
		}
	}
}

// duplicateError names the first record, in file order, whose (id,
// period) repeats an earlier record's, among the records whose hashes are
// in dups (sorted). It reads the file again: once to find the first
// record whose hash was met before (a bit per duplicate hash, not a map
// of ids, so a file of duplicates costs no memory), once to find that
// hash's first record and compare the ids, which differ only when two ids
// share a hash; then that hash is set aside and the search goes on.
func (p *participantParser) duplicateError(rr *rereader, dups []uint64) error {
	generic := &InputError{File: p.name, Err: fmt.Errorf("%w: a participant has two records in the same period (the input cannot be read again to say where)", ErrInput)}
	if rr == nil {
		return generic
	}
	for len(dups) > 0 {
		seen := make([]bool, len(dups))
		var second idRecord
		found := false
		err := p.scan(rr, func(r idRecord) bool {
			i, ok := slices.BinarySearch(dups, r.hash)
			if !ok {
				return true
			}
			if seen[i] {
				second, found = r, true
				return false
			}
			seen[i] = true
			return true
		})
		if err != nil {
			return generic
		}
		if !found {
			return nil
		}
		var first idRecord
		if err := p.scan(rr, func(r idRecord) bool {
			first = r
			return r.hash != second.hash
		}); err != nil {
			return generic
		}
		if first.id == second.id && first.period == second.period {
			err := fmt.Errorf("%w: participant %q has a second record for period %d (the first is on line %d): one record per participant and measurement period, or the participant is counted twice", ErrInput, second.id, second.period, first.line)
			if first.group != second.group {
				err = fmt.Errorf("%w: participant %q is in group %s here and in group %s on line %d, both for period %d: a participant belongs to one group (if the groups' ids come from different registers, make them distinct, such as T1 and C1)", ErrInput, second.id, second.group, first.group, first.line, second.period)
			}
			return &InputError{File: p.name, Line: second.line, Column: p.idx[pID] + 1, Field: "id", Err: err}
		}
		// Two ids with one hash: not a duplicate.
		i, _ := slices.BinarySearch(dups, second.hash)
		dups = slices.Delete(slices.Clone(dups), i, i+1)
	}
	return nil
}

// emptyRecord reports whether every field of rec is blank.
func emptyRecord(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}
