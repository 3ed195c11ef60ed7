package sib

import (
	"math"

	"github.com/sib-engine/sib/internal/vecmath"
)

// The IRRs of a block of lanes. SolveIRR's solver for flows that change
// sign once (an investor's usual series: calls, then returns) is unique,
// then halfLine, then refine (polyRoot's safeguarded Newton steps in the
// polynomial's variable, then up to two Newton steps in u). irrBlock runs
// that solver on every lane at once as a state machine: each lane holds
// the solver's locals and, in each round, asks for one evaluation of its
// polynomial (horner's value, or poly's value and derivative); the round
// works out the exponentials the lanes asked for together, evaluates the
// polynomials four lanes at a time from tables in rows (the lanes inside
// a row, the coefficients one row after another), then moves each lane
// on by the scalar solver's own comparisons and updates. A lane's
// arithmetic is the scalar solver's, operation by operation and in the
// same order, so its IRR is SolveIRR's bit for bit. Lanes whose flows the
// scalar solver treats otherwise (a bracket polyRoot gives up on, a
// turning point in a grid cell) take the scalar solver itself.
//
// The lanes' polynomials differ in length; each is padded with zeros at
// the end that Horner's rule starts from, up to the longest rounded up to
// even: a chain that starts from ±0 stays ±0 until it reaches the lane's
// first coefficient c, where it becomes ±0·z + c = c, as the scalar chain
// starts (z is finite and positive in every evaluation).

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
	f     []float64 // the flows from the first nonzero to the last (flows)
	first int       // the first nonzero flow's period

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
	B, P int
	W    int       // B rounded up to a multiple of 4: the tables' rows
	M    int       // the longest lane's degree, rounded up to even
	x    []float64 // the rows solved ([period·B + lane])
	sf   []float64 // the lanes' shapes (shapes)
	si   []int64
	fwd  []float64 // [lane·P + k] a lane's flows from the first nonzero (irrLane.flows)
	// The polynomials in rows, [k·W + lane] for k = 0 … M: the flows
	// from the first nonzero (ft) and from the last backwards (gt),
	// padded with zeros.
	ft, gt []float64
	ln     []irrLane
	// The evaluations' inputs: the variable (arg), the factor of a
	// derivative in u (scale) and the table (sel: all bits for gt), each
	// a row of lt; and results: poly's value and derivative (y, dy) and
	// value's (yv), each a row of ot.
	lt, ot           []float64
	arg, scale, sel  []float64
	y, dy, yv        []float64
	gflag            []uint8   // [group of 4 lanes] the kinds of evaluation asked for
	expL             []int32   // the lanes that ask for an exponential (askExp)
	expX             []float64 // their arguments, then their exponentials
	expKind          []uint8   // [lane]
	groupsV, groupsP []int32   // the groups asking for value and for poly
	act              []int32   // the lanes still solving
	res              []IRR     // [lane]
	turns            int       // lanes the scalar solver took for a turning point in a cell
}

func newIRRBlock(B, P int) *irrBlock {
	W := (B + 3) &^ 3
	f := make([]float64, B*P+2*(P+1)*W+6*W+shFloats*B)
	ib := &irrBlock{B: B, P: P, W: W, ln: make([]irrLane, B), res: make([]IRR, B)}
	take := func(n int) []float64 {
		x := f[:n:n]
		f = f[n:]
		return x
	}
	ib.fwd, ib.ft, ib.gt, ib.sf = take(B*P), take((P+1)*W), take((P+1)*W), take(shFloats*B)
	ib.lt, ib.ot = take(3*W), take(3*W)
	ib.arg, ib.scale, ib.sel = ib.lt[:W], ib.lt[W:2*W], ib.lt[2*W:]
	ib.y, ib.dy, ib.yv = ib.ot[:W], ib.ot[W:2*W], ib.ot[2*W:]
	ib.si = make([]int64, shInts*B)
	ib.gflag = make([]uint8, W/4)
	ib.groupsV, ib.groupsP = make([]int32, 0, W/4), make([]int32, 0, W/4)
	ib.act = make([]int32, 0, B)
	ib.expL, ib.expX, ib.expKind = make([]int32, 0, B), make([]float64, B), make([]uint8, B)
	return ib
}

// solve works out, for each lane l with use[l], the IRR of the flows in
// rows of x ([period·B + lane]) into res[l], as m.returns does:
// annualise(solvePeriodic(flows, roots{perYear: m.ppy}), m.ppy).
func (ib *irrBlock) solve(m *Model, x []float64, use []bool) {
	B, P, W := ib.B, ib.P, ib.W
	M := 0
	act := ib.act[:0]
	ib.x = x
	ib.expL = ib.expL[:0] // none left by a block that ended with one lane
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
			lk.f, lk.first, lk.sh, lk.m, lk.abs, lk.known = nil, first, sh, last-first, abs, false
			lk.partial, lk.scanning, lk.piv = sh.changes != 1, false, 0
			M = max(M, lk.m)
			if lk.partial && !lk.partialOK(ib, l, fwd, back, total, ok) {
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
		l := int(act[0])
		ib.res[l] = annualise(solvePeriodic(ib.ln[l].flows(ib, l), roots{perYear: m.ppy}), m.ppy)
		ib.ln[l].stage = irrIdle
		return
	}
	// The tables up to an even degree: value's chains then start from
	// a pair of coefficients (a zero row on top, for an odd one).
	M = (M + 1) &^ 1
	ib.M = M
	// Most lanes' flows start and end in the same periods (first0,
	// last0: the first lane's): the tables' rows are then the rows of x
	// from first0 on and from last0 back, copied whole, since a lane's
	// flows are 0 before its first and after its last; the other lanes
	// are filled one by one over them.
	first0 := ib.ln[act[0]].first
	last0 := first0 + ib.ln[act[0]].m
	for k := 0; k <= M; k++ {
		ft, gt := ib.ft[k*W:k*W+B], ib.gt[k*W:k*W+B]
		if t := first0 + k; t < P {
			copy(ft, x[t*B:(t+1)*B])
		} else {
			clear(ft)
		}
		if t := last0 - k; t >= 0 {
			copy(gt, x[t*B:(t+1)*B])
		} else {
			clear(gt)
		}
	}
	for _, l32 := range act {
		l := int(l32)
		lk := &ib.ln[l]
		if lk.first != first0 {
			for k := 0; k <= lk.m; k++ {
				ib.ft[k*W+l] = x[(lk.first+k)*B+l]
			}
			for k := lk.m + 1; k <= M; k++ {
				ib.ft[k*W+l] = 0
			}
		}
		if lk.first+lk.m != last0 {
			for k := 0; k <= lk.m; k++ {
				ib.gt[k*W+l] = x[(lk.first+lk.m-k)*B+l]
			}
			for k := lk.m + 1; k <= M; k++ {
				ib.gt[k*W+l] = 0
			}
		}
	}
	// The lanes still active (act), in order, each round: the groups of
	// four lanes that ask for each kind of evaluation, evaluated four
	// lanes at a time, then each lane's step.
	all := math.Float64frombits(^uint64(0))
	for len(act) > 0 {
		ib.flushExp()
		clear(ib.gflag)
		gv, gp := ib.groupsV[:0], ib.groupsP[:0]
		for _, l := range act {
			ev := ib.ln[l].ev
			ib.sel[l] = 0
			if ev == evValueG || ev == evPolyG {
				ib.sel[l] = all
			}
			g := l >> 2
			switch {
			case ev <= evValueG && ib.gflag[g]&1 == 0:
				ib.gflag[g] |= 1
				gv = append(gv, g)
			case ev >= evPolyF && ib.gflag[g]&2 == 0:
				ib.gflag[g] |= 2
				gp = append(gp, g)
			}
		}
		ib.evaluate(gv, gp)
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

// flows returns lane l's flows from the first nonzero to the last, made
// from the rows when first asked for: the pivots, the scan and the
// scalar solver need them, most lanes not.
func (lk *irrLane) flows(ib *irrBlock, l int) []float64 {
	if lk.f == nil {
		f := ib.fwd[l*ib.P:][:lk.m+1]
		for k := range f {
			f[k] = ib.x[(lk.first+k)*ib.B+l]
		}
		lk.f = f
	}
	return lk.f
}

// partialOK reports whether series.partial may find the roots of f: its
// running totals at a pivot change sign at most once each way. It keeps
// the pivot and the counts, and narrows the lane's bounds as
// series.partial does.
func (lk *irrLane) partialOK(ib *irrBlock, l, fwd, back int, total float64, ok bool) bool {
	if !ok || (fwd <= 1 && back <= 1) {
		lk.piv, lk.fwd, lk.back, lk.total = 0, fwd, back, total // pivotFrom's
		return ok
	}
	lk.exact() // pivotFrom reads and narrows the bounds
	lk.piv, lk.fwd, lk.back, lk.total, ok = pivotFrom(lk.flows(ib, l), &lk.sh, fwd, back, total, ok)
	return ok
}

// value asks for S(u): horner.
func (lk *irrLane) value(u float64, ib *irrBlock, l int) {
	switch {
	case u == 0:
		lk.ev, ib.arg[l] = evValueF, 1
	case u > 0:
		lk.ev = evValueF
		ib.askExp(l, -u, expArg)
	default:
		lk.ev = evValueG
		ib.askExp(l, u, expArg)
	}
}

// both asks for S(u) and S′(u): horner2.
func (lk *irrLane) both(u float64, ib *irrBlock, l int) {
	if u >= 0 {
		lk.ev = evPolyF
		ib.askExp(l, -u, expBothF)
		return
	}
	lk.ev = evPolyG
	ib.askExp(l, u, expBothG)
}

// What a lane does with the exponential it asks for (askExp): its
// variable (value), and with it the factor of a derivative in u, −v for
// v = e^−u (u ≥ 0) and x for x = e^u (u < 0).
const (
	expArg = iota
	expBothF
	expBothG
)

// askExp asks for e^a as lane l's variable, what to do with it (kind):
// the lanes' exponentials are worked out together (flushExp), before the
// round evaluates them, four at a time (vecmath.Exp), as math.Exp.
func (ib *irrBlock) askExp(l int, a float64, kind uint8) {
	ib.expX[len(ib.expL)] = a
	ib.expL = append(ib.expL, int32(l))
	ib.expKind[l] = kind
}

// flushExp works out the exponentials asked for and sets the lanes'
// variables and factors from them.
func (ib *irrBlock) flushExp() {
	n := len(ib.expL)
	if n == 0 {
		return
	}
	vecmath.Exp(ib.expX[:n])
	for i, l := range ib.expL {
		e := ib.expX[i]
		ib.arg[l] = e
		switch ib.expKind[l] {
		case expBothF:
			ib.scale[l] = -e
		case expBothG:
			ib.scale[l] = e
		}
	}
	ib.expL = ib.expL[:0]
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
	if lk.ev <= evValueG {
		y = ib.yv[l]
	}
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
		ib.res[l] = annualise(solvePeriodic(lk.flows(ib, l), roots{perYear: m.ppy}), m.ppy)
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
	s := series{f: lk.flows(ib, l), tmax: float64(lk.m)}
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

// evaluate works out the evaluations the lanes of the groups gv (value:
// horner) and gp (poly: series.poly, and horner2 with scale) ask for, on
// the tables padded to degree M, four lanes at a time. A lane's
// arithmetic is value1's or poly1's, operation by operation: a chain
// that starts in the padding stays +0 until the lane's first coefficient
// (the variable is finite and positive). The other lanes of a group are
// evaluated too, on whatever their inputs hold; their results are not
// read.
func (ib *irrBlock) evaluate(gv, gp []int32) {
	if useAsm && asmWidth == 8 {
		if len(gv) > 0 {
			irrValueAVX2(ib.ft, ib.gt, ib.W, ib.M, gv, ib.lt, ib.ot)
		}
		if len(gp) > 0 {
			irrPolyAVX2(ib.ft, ib.gt, ib.W, ib.M, gp, ib.lt, ib.ot)
		}
		return
	}
	for _, g := range gv {
		for l := int(g) * 4; l < int(g)*4+4; l++ {
			ib.value1(l)
		}
	}
	for _, g := range gp {
		for l := int(g) * 4; l < int(g)*4+4; l++ {
			ib.poly1(l)
		}
	}
}

// coef is lane l's coefficient k, from its table (sel).
func (ib *irrBlock) coef(l, k int) float64 {
	if math.Float64bits(ib.sel[l]) != 0 {
		return ib.gt[k*ib.W+l]
	}
	return ib.ft[k*ib.W+l]
}

// value1 is horner for lane l: two chains, the even and the odd
// coefficients, in w = arg², from degree M (even).
func (ib *irrBlock) value1(l int) {
	M := ib.M
	v := ib.arg[l]
	w := v * v
	e, o := ib.coef(l, M), 0.0
	for i := M - 2; i >= 0; i -= 2 {
		e = e*w + ib.coef(l, i)
		o = o*w + ib.coef(l, i+1)
	}
	ib.yv[l] = e + v*o
}

// poly1 is series.poly for lane l, from degree M, its derivative times
// scale.
func (ib *irrBlock) poly1(l int) {
	M := ib.M
	z := ib.arg[l]
	y, d := ib.coef(l, M), 0.0
	for i := M - 1; i >= 0; i-- {
		d = d*z + y
		y = y*z + ib.coef(l, i)
	}
	ib.y[l], ib.dy[l] = y, ib.scale[l]*d
}
