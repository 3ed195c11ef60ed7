package sib

import "math"

// The IRRs of a block of lanes. SolveIRR's solver for flows that change
// sign once (an investor's usual series: calls, then returns) is unique,
// then halfLine, then refine (polyRoot's safeguarded Newton steps in the
// polynomial's variable, then up to two Newton steps in u). irrBlock runs
// that solver on every lane at once as a state machine: each lane holds
// the solver's locals and, in each round, asks for one evaluation of its
// polynomial (horner's value, or poly's value and derivative); the round
// evaluates them all with the loop over the coefficients outside and the
// lanes inside, then moves each lane on by the scalar solver's own
// comparisons and updates. A lane's arithmetic is the scalar solver's,
// operation by operation and in the same order, so its IRR is SolveIRR's
// bit for bit. Lanes whose flows the scalar solver treats otherwise (no
// IRR, several sign changes, a bracket polyRoot gives up on) take the
// scalar solver itself.
//
// The lanes' polynomials differ in length; each is padded with zeros at
// the end that Horner's rule starts from, up to the longest: a chain
// that starts from 0 stays exactly 0 until it reaches the lane's first
// coefficient c, where it becomes 0·z + c = c, as the scalar chain starts
// (z is finite and nonnegative in every evaluation).

// irrStage is what a lane waits for.
type irrStage uint8

const (
	irrIdle   irrStage = iota // done, or not solved here
	irrS0                     // S(0): unique
	irrHalf                   // S(dir·h): halfLine's doubling steps
	irrPoly                   // P(z), P′(z): polyRoot's steps
	irrPolish                 // S(u), S′(u) at polyRoot's root: refine
	irrStep                   // S, S′ at refine's Newton step un
	irrScanA                  // S, S′ at the scan's first grid point
	irrScan                   // S, S′ at the end of the scan's cell
)

// The evaluations a lane asks for: horner's value or poly's value and
// derivative, on the flows forward (u ≥ 0, Horner in v = 1/(1+r)) or
// reversed (u < 0, in x = 1+r).
const (
	evValueF = iota
	evValueG
	evPolyF
	evPolyG
	evKinds
)

// irrLane is one lane's solver: the locals of unique, halfLine, polyRoot
// and refine.
type irrLane struct {
	stage irrStage
	ev    uint8 // the evaluation asked for
	rev   bool  // polyRoot's variable is x = 1+r
	m     int   // the polynomial's degree
	it    int   // polyRoot's steps
	k     int   // refine's Newton steps taken
	sh    shape
	f     []float64 // the flows from the first nonzero to the last

	// partial's: the sign changes of the running totals from the first
	// flow and from the last, their total, the roots found.
	partial   bool
	piv       float64 // the pivot (pivotOf)
	fwd, back int
	total     float64
	n         int
	us        [2]float64

	// scan's: the grid cell [ka, kb] (k its index, k1 the last), S and
	// S′ at its ends, the roots found.
	scanning     bool
	gk, gk1      int
	ka, sa0, da0 float64
	kb, sb0, db0 float64
	rs           roots

	s0, dir, end, h, prev, sprev float64 // halfLine

	// The flows' absolute sum, whether sh's bounds are worked out (exact),
	// halfLine's lower bound of end and whether end is worked out (half).
	abs      float64
	known    bool
	endLow   float64
	endKnown bool

	a, b, sa, sb         float64 // the bracket refined
	zl, zh, z, dx, dxOld float64 // polyRoot
	u, y, d, un          float64 // refine's Newton steps

	// halfLine's steps from the pivot 0 (halfValue): the step's index,
	// e^−h and e^−prev (NaN where not known), and whether they are the
	// bracket's ends in the polynomial's variable for refine (zKnown).
	hk        int
	eh, ePrev float64
	zKnown    bool
}

// irrBlock is the scratch space of the IRRs of a block of B lanes over P
// periods.
type irrBlock struct {
	B, P  int
	M     int       // the longest lane's degree
	sf    []float64 // the lanes' shapes (shapes)
	si    []int64
	fwd   []float64 // [lane·P + k] the flows from the first nonzero, padded with zeros
	rev   []float64 // [lane·P + k] the flows from the last nonzero backwards, padded
	ln    []irrLane
	arg   []float64 // [lane] the evaluation's variable
	scale []float64 // [lane] the factor of a derivative in u
	y, dy []float64 // [lane] the evaluation's results
	e, o  []float64 // [lane] horner's chains
	w     []float64 // [lane] the square of the variable
	lists [evKinds][]int32
	act   []int32 // the lanes still solving
	res   []IRR   // [lane]
	turns int     // lanes the scalar solver took for a turning point in a cell
}

func newIRRBlock(B, P int) *irrBlock {
	f := make([]float64, 2*B*P+(9+shFloats)*B)
	ib := &irrBlock{B: B, P: P, ln: make([]irrLane, B), res: make([]IRR, B)}
	take := func(n int) []float64 {
		x := f[:n:n]
		f = f[n:]
		return x
	}
	ib.fwd, ib.rev, ib.sf = take(B*P), take(B*P), take(shFloats*B)
	ib.si = make([]int64, shInts*B)
	ib.arg, ib.scale, ib.y, ib.dy = take(B), take(B), take(B), take(B)
	ib.e, ib.o, ib.w = take(B), take(B), take(B)
	for k := range ib.lists {
		ib.lists[k] = make([]int32, 0, B)
	}
	ib.act = make([]int32, 0, B)
	return ib
}

// solve works out, for each lane l with use[l], the IRR of the flows in
// rows of x ([period·B + lane]) into res[l], as m.returns does:
// annualise(solvePeriodic(flows, roots{perYear: m.ppy}), m.ppy).
func (ib *irrBlock) solve(m *Model, x []float64, use []bool) {
	B, P := ib.B, ib.P
	M := 0
	act := ib.act[:0]
	shapes(x, B, P, ib.sf, ib.si)
	for l := range B {
		lk := &ib.ln[l]
		lk.stage = irrIdle
		if !use[l] {
			continue
		}
		st, first, last, sh, abs, fwd, back, total, ok := laneShape(B, l, ib.sf, ib.si)
		switch {
		case st != OK:
			ib.res[l] = annualise(noIRR(st), m.ppy)
		case sh.changes == 1 && (sh.lead > 0) == (sh.tail > 0):
			ib.res[l] = annualise(noIRR(NoRoot), m.ppy)
		default:
			// The flows from the first nonzero to the last, from the
			// rows straight into the lane's forward table.
			f := ib.fwd[l*P:][:last-first+1]
			for k := range f {
				f[k] = x[(first+k)*B+l]
			}
			lk.f, lk.sh, lk.m, lk.abs, lk.known = f, sh, len(f)-1, abs, false
			lk.partial, lk.scanning, lk.piv = sh.changes != 1, false, 0
			M = max(M, lk.m)
			if lk.partial && !lk.partialOK(f, fwd, back, total, ok) {
				lk.startScan(ib, l, m)
			} else {
				lk.stage = irrS0
				lk.value(lk.piv, ib, l)
			}
			act = append(act, int32(l))
		}
	}
	switch len(act) {
	case 0:
		return
	case 1:
		// One lane: the rounds would only add their overhead.
		l := act[0]
		ib.res[l] = annualise(solvePeriodic(ib.ln[l].f, roots{perYear: m.ppy}), m.ppy)
		ib.ln[l].stage = irrIdle
		return
	}
	ib.M = M
	for _, l32 := range act {
		l := int(l32)
		lk := &ib.ln[l]
		fwd, rev := ib.fwd[l*P:][:M+1], ib.rev[l*P:][:M+1]
		clear(fwd[lk.m+1:]) // lk.f is fwd's start
		for k, x := range lk.f {
			rev[lk.m-k] = x
		}
		clear(rev[lk.m+1:])
	}
	// The lanes still active (act), in order, each round.
	for len(act) > 0 {
		for k := range ib.lists {
			ib.lists[k] = ib.lists[k][:0]
		}
		for _, l := range act {
			ev := ib.ln[l].ev
			ib.lists[ev] = append(ib.lists[ev], l)
		}
		ib.value(ib.fwd, ib.lists[evValueF])
		ib.value(ib.rev, ib.lists[evValueG])
		ib.poly(ib.fwd, ib.lists[evPolyF])
		ib.poly(ib.rev, ib.lists[evPolyG])
		n := 0
		for _, l := range act {
			if ib.ln[l].step(ib, int(l), m) {
				act[n] = l
				n++
			}
		}
		act = act[:n]
	}
}

// partialOK reports whether series.partial may find the roots of f: its
// running totals at a pivot change sign at most once each way. It keeps
// the pivot and the counts, and narrows the lane's bounds as
// series.partial does.
func (lk *irrLane) partialOK(f []float64, fwd, back int, total float64, ok bool) bool {
	if ok && (fwd > 1 || back > 1) {
		lk.exact() // pivotFrom reads and narrows the bounds
	}
	lk.piv, lk.fwd, lk.back, lk.total, ok = pivotFrom(f, &lk.sh, fwd, back, total, ok)
	return ok
}

// value asks for S(u): horner.
func (lk *irrLane) value(u float64, ib *irrBlock, l int) {
	if u >= 0 {
		v := 1.0
		if u != 0 {
			v = math.Exp(-u)
		}
		lk.ev, ib.arg[l] = evValueF, v
		return
	}
	lk.ev, ib.arg[l] = evValueG, math.Exp(u)
}

// both asks for S(u) and S′(u): horner2.
func (lk *irrLane) both(u float64, ib *irrBlock, l int) {
	if u >= 0 {
		v := math.Exp(-u)
		lk.ev, ib.arg[l], ib.scale[l] = evPolyF, v, -v
		return
	}
	x := math.Exp(u)
	lk.ev, ib.arg[l], ib.scale[l] = evPolyG, x, x
}

// gridExp is exp(−|u|) at each point u of the scan's grid: the
// variable of horner2 there, worked out once.
var gridExp = func() (e [gridCells + 1]float64) {
	for k, u := range grid {
		if u >= 0 {
			e[k] = math.Exp(-u)
		} else {
			e[k] = math.Exp(u)
		}
	}
	return e
}()

// bothGrid is both at grid point k.
func (lk *irrLane) bothGrid(k int, ib *irrBlock, l int) {
	z := gridExp[k]
	if grid[k] >= 0 {
		lk.ev, ib.arg[l], ib.scale[l] = evPolyF, z, -z
		return
	}
	lk.ev, ib.arg[l], ib.scale[l] = evPolyG, z, z
}

// poly asks for P(z) and P′(z): series.poly.
func (lk *irrLane) poly(ib *irrBlock, l int) {
	lk.ev, ib.arg[l], ib.scale[l] = evPolyF, lk.z, 1
	if lk.rev {
		lk.ev = evPolyG
	}
}

// step moves lane l on with the evaluation it asked for, and reports
// whether it asked for another.
func (lk *irrLane) step(ib *irrBlock, l int, m *Model) bool {
	y := ib.y[l]
	switch lk.stage {
	case irrS0:
		lk.s0 = y
		if lk.partial {
			if y == 0 || (y > 0) != (lk.total > 0) {
				return lk.scan(ib, l, m)
			}
			lk.n = 0
			switch {
			case lk.back == 1:
				lk.half(ib, l, -1)
			case lk.fwd == 1:
				lk.half(ib, l, 1)
			default:
				return lk.finish(ib, l, m, 0, false)
			}
			return true
		}
		// unique
		if y == 0 {
			return lk.finish(ib, l, m, 0, true)
		}
		if (y > 0) == (lk.sh.lead > 0) {
			lk.half(ib, l, -1)
		} else {
			lk.half(ib, l, 1)
		}
		return true
	case irrHalf: // halfLine
		switch {
		case y == 0:
			return lk.found(ib, l, m, lk.piv+lk.dir*lk.h)
		case (y > 0) != (lk.s0 > 0):
			// From the pivot 0, the bracket's ends in the polynomial's
			// variable are e^−h and e^−prev, known (halfValue).
			lk.zKnown = lk.piv == 0 && !math.IsNaN(lk.eh) && !math.IsNaN(lk.ePrev)
			if lk.dir > 0 {
				return lk.refine(ib, l, m, lk.piv+lk.prev, lk.piv+lk.h, lk.sprev, y)
			}
			return lk.refine(ib, l, m, lk.piv-lk.h, lk.piv-lk.prev, y, lk.sprev)
		case lk.endKnown && lk.h == lk.end:
			if lk.partial {
				return lk.scan(ib, l, m)
			}
			return lk.finish(ib, l, m, 0, false)
		}
		lk.prev, lk.sprev = lk.h, y
		lk.h *= 2
		lk.clip()
		lk.ePrev = lk.eh
		lk.hk++
		lk.halfValue(ib, l)
		return true
	case irrPoly: // polyRoot's loop
		dy := ib.dy[l]
		if y == 0 {
			return lk.polyDone(ib, l, m)
		}
		z := lk.z
		if y < 0 {
			lk.zl = z
		} else {
			lk.zh = z
		}
		zl, zh := lk.zl, lk.zh
		if ((z-zh)*dy-y)*((z-zl)*dy-y) > 0 || math.Abs(2*y) > math.Abs(lk.dxOld*dy) {
			lk.dxOld, lk.dx = lk.dx, 0.5*(zh-zl)
			z = zl + lk.dx
		} else {
			lk.dxOld, lk.dx = lk.dx, y/dy
			z -= lk.dx
		}
		lk.z = z
		if math.Abs(lk.dx) <= 1e-14*z {
			return lk.polyDone(ib, l, m)
		}
		if lk.it++; lk.it == 100 {
			return lk.scalar(ib, l, m)
		}
		lk.poly(ib, l)
		return true
	case irrPolish: // refine, after polyRoot
		lk.y, lk.d = y, ib.dy[l]
		return lk.newton(ib, l, m)
	case irrScanA:
		lk.sa0, lk.da0 = y, ib.dy[l]
		return lk.scanNext(ib, l, m, false)
	case irrScan:
		lk.sb0, lk.db0 = y, ib.dy[l]
		return lk.cell(ib, l, m)
	case irrStep:
		yn, dn := y, ib.dy[l]
		if !(math.Abs(yn) < math.Abs(lk.y)) {
			return lk.found(ib, l, m, lk.u)
		}
		lk.u, lk.y, lk.d = lk.un, yn, dn
		if lk.k++; lk.k == 2 {
			return lk.found(ib, l, m, lk.u)
		}
		return lk.newton(ib, l, m)
	}
	return false
}

// half starts halfLine(dir, end, s0) from the pivot, end the distance
// to the bound on side dir. Until a step reaches endLow, a lower bound of
// end that takes no logarithm (boundBelow), end itself is not needed: the
// bounds are worked out then (most roots are bracketed long before).
func (lk *irrLane) half(ib *irrBlock, l int, dir float64) {
	lk.dir, lk.endKnown = dir, false
	if lk.known {
		lk.setEnd()
	} else {
		// The pivot is 0: pivots elsewhere need the bounds (partialOK).
		x := lk.sh.lead
		if dir < 0 {
			x = lk.sh.tail
		}
		if low, exact := boundBelow(x, lk.abs-math.Abs(x)); exact {
			lk.setEnd()
		} else {
			lk.endLow = min(low+1, 1e4)
		}
	}
	lk.prev, lk.sprev = 0.0, lk.s0
	lk.h = halfStep
	lk.clip()
	lk.stage = irrHalf
	lk.ePrev, lk.hk = 1, 0 // e^−0
	lk.halfValue(ib, l)
}

// setEnd works out halfLine's end: min(bound's distance + 1, 1e4).
func (lk *irrLane) setEnd() {
	lk.exact()
	e := lk.sh.hi - lk.piv
	if lk.dir < 0 {
		e = lk.piv - lk.sh.lo
	}
	lk.end, lk.endKnown = min(e+1, 1e4), true
}

// clip is halfLine's h = min(h, end), with end worked out once h reaches
// its lower bound: below it, min would give h.
func (lk *irrLane) clip() {
	if !lk.endKnown && lk.h >= lk.endLow {
		lk.setEnd()
	}
	if lk.endKnown {
		lk.h = min(lk.h, lk.end)
	}
}

// exact sets the lane's bounds (periodicShape's lo and hi), once.
func (lk *irrLane) exact() {
	if !lk.known {
		lk.sh.bounds(lk.abs)
		lk.known = true
	}
}

// halfSteps is halfLine's steps halfStep·2^k that stay below its largest
// end (1e4 + 1), and halfExp their e^−h, as math.Exp gives them: from the
// pivot 0, S at ±h is S in e^−h (value), and a bracket's ends in the
// polynomial's variable are e^−h of two steps (refine), so a lane doubling
// from 0 needs no exponential.
const halfSteps = 18

var halfExp = func() (e [halfSteps]float64) {
	for k := range e {
		e[k] = math.Exp(-halfStep * float64(int(1)<<k))
	}
	return e
}()

// halfValue asks for S at the pivot ± h (value), with e^−h from halfExp
// when the pivot is 0 and h is the step halfStep·2^hk, not cut to end.
func (lk *irrLane) halfValue(ib *irrBlock, l int) {
	u := lk.piv + lk.dir*lk.h
	if lk.piv != 0 || lk.hk >= halfSteps || lk.h != halfStep*float64(int(1)<<lk.hk) {
		lk.eh = math.NaN()
		lk.value(u, ib, l)
		return
	}
	// value's variable: e^−u for u > 0, e^u for u < 0; both e^−h.
	lk.eh = halfExp[lk.hk]
	lk.ev, ib.arg[l] = evValueF, lk.eh
	if u < 0 {
		lk.ev = evValueG
	}
}

// found is halfLine's root u: unique's, or one of partial's, which goes
// on to the other side when it has a root there.
func (lk *irrLane) found(ib *irrBlock, l int, m *Model, u float64) bool {
	if lk.scanning {
		lk.rs.add(u)
		return lk.scanNext(ib, l, m, true)
	}
	if !lk.partial {
		return lk.finish(ib, l, m, u, true)
	}
	lk.us[lk.n] = u
	lk.n++
	if lk.n == 1 && lk.back == 1 && lk.fwd == 1 {
		lk.half(ib, l, 1)
		return true
	}
	rs := roots{perYear: m.ppy}
	for _, u := range lk.us[:lk.n] {
		rs.add(u)
	}
	ib.res[l] = annualise(rs.irr(), m.ppy)
	lk.stage = irrIdle
	return false
}

// scan starts the grid scan where partial gives up.
func (lk *irrLane) scan(ib *irrBlock, l int, m *Model) bool {
	lk.startScan(ib, l, m)
	return true
}

// startScan is series.scan's set-up: the grid cells that meet [lo, hi],
// and S, S′ at the first one's start.
func (lk *irrLane) startScan(ib *irrBlock, l int, m *Model) {
	lk.exact()
	sh := &lk.sh
	k0, k1 := 0, gridCells
	for k0 < gridCells && grid[k0+1] < sh.lo {
		k0++
	}
	for k1 > k0+1 && grid[k1-1] > sh.hi {
		k1--
	}
	lk.scanning = true
	lk.rs = roots{perYear: m.ppy}
	lk.gk, lk.gk1 = k0, k1
	lk.ka = grid[k0]
	lk.stage = irrScanA
	lk.bothGrid(k0, ib, l)
}

// scanNext moves the scan to the next cell (after the one just looked
// at, if next) and asks for S and S′ at its end, or ends the scan.
func (lk *irrLane) scanNext(ib *irrBlock, l int, m *Model, next bool) bool {
	if next {
		lk.ka, lk.sa0, lk.da0 = lk.kb, lk.sb0, lk.db0
		lk.gk++
	}
	changes := lk.sh.changes
	if lk.gk >= lk.gk1 || (changes > 0 && lk.rs.n >= changes) {
		if lk.sa0 == 0 && (changes <= 0 || lk.rs.n < changes) {
			lk.rs.add(lk.ka)
		}
		ib.res[l] = annualise(lk.rs.irr(), m.ppy)
		lk.stage = irrIdle
		return false
	}
	lk.kb = grid[lk.gk+1]
	lk.stage = irrScan
	lk.bothGrid(lk.gk+1, ib, l)
	return true
}

// cell is series.scan's look at a cell, with S and S′ at its end.
func (lk *irrLane) cell(ib *irrBlock, l int, m *Model) bool {
	a, b, sa, sb, da := lk.ka, lk.kb, lk.sa0, lk.sb0, lk.da0
	dbl := lk.db0
	if b == 0 {
		dbl += float64(lk.m) * sb // span: the series starts at time 0
	}
	switch {
	case sa == 0:
		lk.rs.add(a)
	case sb == 0:
	case (sa > 0) != (sb > 0):
		return lk.refine(ib, l, m, a, b, sa, sb)
	case (sa > 0 && da < 0 && dbl > 0) || (sa < 0 && da > 0 && dbl < 0):
		// A turning point inside the cell: the scalar solver.
		ib.turns++
		ib.res[l] = annualise(solvePeriodic(lk.f, roots{perYear: m.ppy}), m.ppy)
		lk.stage = irrIdle
		return false
	}
	return lk.scanNext(ib, l, m, true)
}

// refine starts series.refine on [a, b]: polyRoot's set-up.
func (lk *irrLane) refine(ib *irrBlock, l int, m *Model, a, b, sa, sb float64) bool {
	lk.a, lk.b, lk.sa, lk.sb = a, b, sa, sb
	known := lk.zKnown
	lk.zKnown = false
	if a < 0 && b > 0 {
		return lk.scalar(ib, l, m)
	}
	lk.rev = b <= 0
	var zl, zh, fl, fh float64
	switch {
	case known:
		// halfLine's bracket from 0: e^−h at one end and e^−prev at the
		// other, whichever side, as the exponentials below give them.
		zl, zh, fl, fh = lk.eh, lk.ePrev, sb, sa
		if lk.rev {
			fl, fh = sa, sb
		}
	case lk.rev:
		zl, zh, fl, fh = math.Exp(a), math.Exp(b), sa, sb
	default:
		zl, zh, fl, fh = math.Exp(-b), math.Exp(-a), sb, sa
	}
	if !(zl > 1e-300) || !(zh > zl) {
		return lk.scalar(ib, l, m)
	}
	lk.z = zl + (zh-zl)*min(max(fl/(fl-fh), 0.01), 0.99)
	if fl > 0 {
		zl, zh = zh, zl
	}
	lk.zl, lk.zh = zl, zh
	lk.dxOld = math.Abs(zh - zl)
	lk.dx = lk.dxOld
	lk.it = 0
	lk.stage = irrPoly
	lk.poly(ib, l)
	return true
}

// polyDone is polyRoot's end when it converged: then refine's Newton
// steps in u.
func (lk *irrLane) polyDone(ib *irrBlock, l int, m *Model) bool {
	u := math.Log(lk.z)
	if !lk.rev {
		u = -u
	}
	lk.u = min(max(u, lk.a), lk.b)
	lk.k = 0
	lk.stage = irrPolish
	lk.both(lk.u, ib, l)
	return true
}

// newton is an iteration of refine's Newton steps, up to its evaluation.
func (lk *irrLane) newton(ib *irrBlock, l int, m *Model) bool {
	if lk.y == 0 || lk.d == 0 {
		return lk.found(ib, l, m, lk.u)
	}
	un := lk.u - lk.y/lk.d
	if un == lk.u || !(un >= lk.a && un <= lk.b) {
		return lk.found(ib, l, m, lk.u)
	}
	lk.un = un
	lk.stage = irrStep
	lk.both(un, ib, l)
	return true
}

// scalar finishes the lane with series.refine itself, where polyRoot
// gives up and Brent's method takes over.
func (lk *irrLane) scalar(ib *irrBlock, l int, m *Model) bool {
	s := series{f: lk.f, tmax: float64(lk.m)}
	return lk.found(ib, l, m, s.refine(lk.a, lk.b, lk.sa, lk.sb))
}

// finish records the lane's IRR: the root u if ok, else none.
func (lk *irrLane) finish(ib *irrBlock, l int, m *Model, u float64, ok bool) bool {
	rs := roots{perYear: m.ppy}
	if ok {
		rs.add(u)
	}
	ib.res[l] = annualise(rs.irr(), m.ppy)
	lk.stage = irrIdle
	return false
}

// value is horner for the lanes: two chains, the even and the odd
// coefficients, in w = arg², padded to degree M. The lanes go four at a
// time (the last four repeated to fill the group), their chains in
// registers: eight independent chains a coefficient pair. A lane's
// coefficients are contiguous ([lane·P + k]): a group reads four short
// runs, with no bounds checks in the loop.
func (ib *irrBlock) value(tab []float64, lanes []int32) {
	B, M, P := ib.B, ib.M, ib.P
	arg, y := ib.arg[:B], ib.y[:B]
	for j := 0; j < len(lanes); j += 4 {
		if j == len(lanes)-1 {
			ib.value1(tab, lanes[j])
			break
		}
		l0, l1, l2, l3 := quad(lanes, j)
		n := M + 1
		c0, c1, c2, c3 := tab[int(l0)*P:][:n], tab[int(l1)*P:][:n], tab[int(l2)*P:][:n], tab[int(l3)*P:][:n]
		v0, v1, v2, v3 := arg[l0], arg[l1], arg[l2], arg[l3]
		w0, w1, w2, w3 := v0*v0, v1*v1, v2*v2, v3*v3
		i := M &^ 1
		e0, e1, e2, e3 := c0[i], c1[i], c2[i], c3[i]
		var o0, o1, o2, o3 float64
		if i < M {
			o0, o1, o2, o3 = c0[M], c1[M], c2[M], c3[M]
		}
		for i -= 2; i >= 0; i -= 2 {
			e0 = e0*w0 + c0[i]
			o0 = o0*w0 + c0[i+1]
			e1 = e1*w1 + c1[i]
			o1 = o1*w1 + c1[i+1]
			e2 = e2*w2 + c2[i]
			o2 = o2*w2 + c2[i+1]
			e3 = e3*w3 + c3[i]
			o3 = o3*w3 + c3[i+1]
		}
		y[l0], y[l1], y[l2], y[l3] = e0+v0*o0, e1+v1*o1, e2+v2*o2, e3+v3*o3
	}
}

// poly is series.poly (and horner2, with scale) for the lanes, padded to
// degree M, four lanes at a time as value.
func (ib *irrBlock) poly(tab []float64, lanes []int32) {
	B, M, P := ib.B, ib.M, ib.P
	y, dy, z, scale := ib.y[:B], ib.dy[:B], ib.arg[:B], ib.scale[:B]
	for j := 0; j < len(lanes); j += 4 {
		if j == len(lanes)-1 {
			ib.poly1(tab, lanes[j])
			break
		}
		l0, l1, l2, l3 := quad(lanes, j)
		c0, c1, c2, c3 := tab[int(l0)*P:][:M], tab[int(l1)*P:][:M], tab[int(l2)*P:][:M], tab[int(l3)*P:][:M]
		z0, z1, z2, z3 := z[l0], z[l1], z[l2], z[l3]
		y0, y1, y2, y3 := tab[int(l0)*P+M], tab[int(l1)*P+M], tab[int(l2)*P+M], tab[int(l3)*P+M]
		var d0, d1, d2, d3 float64
		for i := len(c0) - 1; i >= 0; i-- {
			d0 = d0*z0 + y0
			y0 = y0*z0 + c0[i]
			d1 = d1*z1 + y1
			y1 = y1*z1 + c1[i]
			d2 = d2*z2 + y2
			y2 = y2*z2 + c2[i]
			d3 = d3*z3 + y3
			y3 = y3*z3 + c3[i]
		}
		y[l0], y[l1], y[l2], y[l3] = y0, y1, y2, y3
		dy[l0], dy[l1], dy[l2], dy[l3] = scale[l0]*d0, scale[l1]*d1, scale[l2]*d2, scale[l3]*d3
	}
}

// value1 is value for one lane.
func (ib *irrBlock) value1(tab []float64, l int32) {
	M := ib.M
	c := tab[int(l)*ib.P:][:M+1]
	v := ib.arg[l]
	w := v * v
	i := M &^ 1
	e, o := c[i], 0.0
	if i < M {
		o = c[M]
	}
	for i -= 2; i >= 0; i -= 2 {
		e = e*w + c[i]
		o = o*w + c[i+1]
	}
	ib.y[l] = e + v*o
}

// poly1 is poly for one lane.
func (ib *irrBlock) poly1(tab []float64, l int32) {
	M := ib.M
	c := tab[int(l)*ib.P:][:M+1]
	z := ib.arg[l]
	y, d := c[M], 0.0
	for i := M - 1; i >= 0; i-- {
		d = d*z + y
		y = y*z + c[i]
	}
	ib.y[l], ib.dy[l] = y, ib.scale[l]*d
}

// quad returns the four lanes from lanes[j], the last repeated when
// fewer are left: a repeated lane is worked out twice, the same way.
func quad(lanes []int32, j int) (l0, l1, l2, l3 int32) {
	n := len(lanes) - 1
	return lanes[j], lanes[min(j+1, n)], lanes[min(j+2, n)], lanes[min(j+3, n)]
}
