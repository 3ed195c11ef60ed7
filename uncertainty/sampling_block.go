package uncertainty

// Batched sampling: a block of consecutive draws at once, parameter by
// parameter over the block's lanes (draw first+l is lane l), rather than
// draw by draw. Each lane has its own stream PCG(seed, first+l), used in
// the order draw uses it (the parameters outside the copula in spec
// order, then the copula's normals), so lane l holds exactly, bit for
// bit, what draw(first+l) gives: the block size changes nothing.
//
// How to call it (one drawState per worker, as for draw):
//
//	st := sm.newState()
//	ps := make([][]float64, 64) // each len(base): rows, base values in the unvaried slots
//	for first := from; first < to; first += 64 {
//		n := min(64, to-first)
//		sm.drawBlock(uint64(first), ps[:n], st)
//		// ps[l] is draw first+l
//	}
//
// or, in columns ([parameter][lane], for a kernel that evaluates a block
// of draws as structure of arrays):
//
//	cols := make([][]float64, len(base)) // each of length ≥ the block size
//	sm.fillCols(cols, 64)                // once: the base and fixed values
//	sm.drawCols(uint64(first), n, cols, st) // the drawn columns, lanes [0, n)
//
// Neither allocates once the state has served a block of that size.

// slot is one drawn parameter: where its value goes in the parameter
// vector and how it is drawn.
type slot struct {
	idx int      // index into the parameter vector
	inv *inverse // its quantile function (shared by equal distributions)
	byZ bool     // from a standard normal through inv's table, else a uniform through the quantile
}

// blockState is the per-lane state of a block: lane l's stream and its
// values, parameter by parameter.
type blockState struct {
	hi, lo []uint64  // lane l's PCG state, as in rand.PCG
	vals   []float64 // [slot][lane]: the drawn values, alone then copula members
	eps    []float64 // [member][lane]: the copula's independent normals
	lanes  int
	// rare is a lane's PCG on the ziggurat's rare paths, which take a
	// source: here rather than on the stack, where normalRare's type
	// parameter would make it escape.
	rare pcg
}

// grow makes room for n lanes; it allocates only when n is more lanes
// than the state has served before.
func (sm *sampler) grow(st *drawState, n int) *blockState {
	b := &st.blk
	if n <= b.lanes {
		return b
	}
	b.lanes = n
	b.hi, b.lo = make([]uint64, n), make([]uint64, n)
	b.vals = make([]float64, n*len(sm.slots))
	if sm.cop != nil {
		b.eps = make([]float64, n*len(sm.cop.members))
	}
	return b
}

// varied returns the indexes into the parameter vector of the values a
// draw sets at random, in the order drawCols fills them.
func (sm *sampler) varied() []int {
	idx := make([]int, len(sm.slots))
	for s := range sm.slots {
		idx[s] = sm.slots[s].idx
	}
	return idx
}

// fillCols sets lanes [0, n) of every column of cols (one per parameter
// of the vector, each of length ≥ n) to the base values, with the spec's
// fixed parameters at their values: what drawCols leaves alone. Call it
// once; drawCols then overwrites only the drawn columns.
func (sm *sampler) fillCols(cols [][]float64, n int) {
	for k, v := range sm.fixedBase {
		c := cols[k][:n]
		for l := range c {
			c[l] = v
		}
	}
}

// drawCols sets lanes [0, n) of the drawn columns of cols (cols[k] is
// parameter k of the vector, lane l is draw first+l) to draws first …
// first+n−1, bit for bit what draw gives. Other columns are not touched:
// see fillCols. It does not allocate once st has served n lanes.
func (sm *sampler) drawCols(first uint64, n int, cols [][]float64, st *drawState) {
	b := sm.drawLanes(first, n, st)
	for s := range sm.slots {
		copy(cols[sm.slots[s].idx][:n], b.vals[s*n:(s+1)*n])
	}
}

// drawBlock fills ps[l] (each a full parameter vector, as draw fills p)
// with draw first+l for every l: base values in the slots the spec does
// not vary, the fixed parameters at their values, the drawn ones bit for
// bit what draw(first+l) gives. It does not allocate once st has served
// a block of len(ps) lanes.
func (sm *sampler) drawBlock(first uint64, ps [][]float64, st *drawState) {
	n := len(ps)
	b := sm.drawLanes(first, n, st)
	if hasAVX && sm.fillRows(ps, b.vals[:len(sm.slots)*n]) {
		return
	}
	for _, p := range ps {
		copy(p, sm.fixedBase)
	}
	for s := range sm.slots {
		idx := sm.slots[s].idx
		v := b.vals[s*n : (s+1)*n]
		for l, p := range ps {
			p[idx] = v[l]
		}
	}
}

// fillRows fills drawBlock's rows from vals with fillRowsAVX: the base
// copied in and the drawn values put in place. It reports whether it
// did: not for more than 64 drawn parameters, nor when a row is shorter
// than the base, which drawBlock's Go loops handle as they always have.
func (sm *sampler) fillRows(ps [][]float64, vals []float64) bool {
	var buf [64]int
	if len(sm.slots) > len(buf) {
		return false
	}
	fb := sm.fixedBase
	idx := buf[:len(sm.slots)]
	for s := range idx {
		idx[s] = sm.slots[s].idx
		if uint(idx[s]) >= uint(len(fb)) {
			return false
		}
	}
	for _, p := range ps {
		if len(p) < len(fb) {
			return false
		}
	}
	fillRowsAVX(ps, fb, vals, idx)
	return true
}

// drawLanes draws lanes [0, n) into the block state's vals, slot by slot.
func (sm *sampler) drawLanes(first uint64, n int, st *drawState) *blockState {
	b := sm.grow(st, n)
	hi, lo := b.hi[:n], b.lo[:n]
	for l := range hi {
		hi[l], lo[l] = sm.seed, sm.offset+first+uint64(l) // rand.PCG's Seed
	}
	na := len(sm.alone)
	for s := range na {
		sl := &sm.slots[s]
		v := b.vals[s*n : (s+1)*n]
		if sl.byZ {
			normals(v, hi, lo, &b.rare)
			sl.inv.atZs(v, v)
			continue
		}
		uniforms(v, hi, lo)
		sl.inv.d.Quantiles(v, v)
	}
	c := sm.cop
	if c == nil {
		return b
	}
	m := len(c.members)
	eps := b.eps[:m*n]
	// Member by member, each lane's normals following its alone
	// parameters in its own stream, in the order draw takes them.
	for a := range m {
		normals(eps[a*n:(a+1)*n], hi, lo, &b.rare)
	}
	for a := range m {
		v := b.vals[(na+a)*n : (na+a+1)*n]
		// z = Σ_j L_aj·ε_j, summed in j order as draw does.
		switch row := c.rows[a]; len(row) {
		case 0:
			clear(v)
		default:
			mulLanes(v, eps[row[0].j*n:(row[0].j+1)*n], row[0].r)
			for _, t := range row[1:] {
				addMulLanes(v, eps[t.j*n:(t.j+1)*n], t.r)
			}
		}
		sm.slots[na+a].inv.atZs(v, v)
	}
	return b
}

// mulLanes sets v[l] = 0 + r·e[l] for every l of v (a copula score's
// first term, added to 0 as draw's sum is), four lanes at a time where
// there is AVX.
func mulLanes(v, e []float64, r float64) {
	e = e[:len(v)]
	l := 0
	if hasAVX {
		l = len(v) &^ 3
		mulLanesAVX(v[:l], e[:l], r)
	}
	for ; l < len(v); l++ {
		v[l] = 0 + r*e[l]
	}
}

// addMulLanes adds r·e[l] to v[l] for every l of v, four lanes at a time
// where there is AVX.
func addMulLanes(v, e []float64, r float64) {
	e = e[:len(v)]
	l := 0
	if hasAVX {
		l = len(v) &^ 3
		addMulLanesAVX(v[:l], e[:l], r)
	}
	for ; l < len(v); l++ {
		v[l] += r * e[l]
	}
}

// atZs sets x[l] = t.atZ(z[l]) for every l of z, bit for bit; x and z may
// be the same slice. It does not allocate.
func (t *inverse) atZs(x, z []float64) {
	x = x[:len(z)]
	if t.q == nil {
		phis(x, z)
		t.d.Quantiles(x, x)
		return
	}
	// Four lanes at a time where there is AVX, the rest here: atZ's
	// arithmetic, the same operations in the same order, with the table's
	// constants held for the block.
	done := t.cubics4(x, z)
	x, z = x[done:], z[done:]
	q, last, inv, lo, hi := t.q, t.cells-2, t.inv, t.lo, t.hi
	for l, zl := range z {
		if !(zl >= -tableZ && zl <= tableZ) {
			x[l] = t.d.Quantile(phi(zl))
			continue
		}
		xx := (zl + tableZ) * inv
		i := min(max(int(xx), 1), last)
		s := xx - float64(i)
		q := q[i-1 : i+3 : i+3]
		a, b, c := s+1, s-1, s-2
		v := (-s*b*c*q[0] + 3*a*b*c*q[1] - 3*a*s*c*q[2] + a*s*b*q[3]) / 6
		if !(v > lo && v < hi) {
			v = min(max(v, lo), hi)
		}
		x[l] = v
	}
}
