package claims

import "bytes"

// denseIDs finds a participant by id without hashing when the ids are
// what case-management systems usually issue: one prefix and a number of
// one width ("YP0000001"), the numbers within a range not much wider than
// their count. Otherwise it is empty and lookups go to the map.
type denseIDs struct {
	prefix []byte
	width  int     // of the whole id
	base   int64   // the smallest number
	index  []int32 // by number − base: the participant, or −1
}

// newDenseIDs indexes the ids when they have that form.
func newDenseIDs(ps []Participant) denseIDs {
	if len(ps) < 64 {
		return denseIDs{}
	}
	id0 := ps[0].ID
	n := len(id0)
	for n > 0 && id0[n-1] >= '0' && id0[n-1] <= '9' {
		n--
	}
	digits := len(id0) - n
	if digits == 0 || digits > 15 {
		return denseIDs{}
	}
	d := denseIDs{prefix: []byte(id0[:n]), width: len(id0)}
	nums := make([]int64, len(ps))
	lo, hi := int64(1<<62), int64(-1)
	for i, p := range ps {
		x, ok := d.number([]byte(p.ID))
		if !ok {
			return denseIDs{}
		}
		nums[i] = x
		lo, hi = min(lo, x), max(hi, x)
	}
	if hi-lo >= 4*int64(len(ps))+1024 {
		return denseIDs{}
	}
	d.base = lo
	d.index = make([]int32, hi-lo+1)
	for i := range d.index {
		d.index[i] = -1
	}
	for i, x := range nums {
		d.index[x-lo] = int32(i)
	}
	return d
}

// number reads the id's number when it has the prefix and width.
func (d *denseIDs) number(id []byte) (int64, bool) {
	if len(id) != d.width || !bytes.HasPrefix(id, d.prefix) {
		return 0, false
	}
	var x int64
	for _, c := range id[len(d.prefix):] {
		if c < '0' || c > '9' {
			return 0, false
		}
		x = x*10 + int64(c-'0')
	}
	return x, true
}

// lookup returns the participant of id and whether there is one; known
// is false when there is no dense index (ask the map). With one, an id
// without the form is no participant's.
func (d *denseIDs) lookup(id []byte) (pi int32, ok, known bool) {
	if d.index == nil {
		return 0, false, false
	}
	x, form := d.number(id)
	if !form {
		return 0, false, true
	}
	if x < d.base || x-d.base >= int64(len(d.index)) {
		return 0, false, true
	}
	pi = d.index[x-d.base]
	return pi, pi >= 0, true
}

// participant returns the index of the participant with id.
func (c *Contract) participant(id []byte) (int32, bool) {
	if pi, ok, known := c.ids.lookup(id); known {
		return pi, ok
	}
	pi, ok := c.byID[string(id)]
	return pi, ok
}
