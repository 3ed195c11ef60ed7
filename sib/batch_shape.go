package sib

import "math"

// The shapes of a block's flows for the batched IRR (irrBlock.solve):
// what classify and runningChanges work out on each lane's column, taken
// for all the lanes at once from the rows, with the loop over the
// periods inside a group of lanes and no copy of a column. Lanes go four
// at a time in AVX2 assembly where the processor has it; each lane's
// results are the scalar functions' bit for bit (TestShapes).
//
// A lane's sums run over all P periods, not only from its first nonzero
// flow to its last: a running total that starts at +0 stays +0 through
// zeros (+0 + −0 is +0), and x + ±0 is x, so the extra terms change
// nothing. A sign change of the running totals is counted against the
// last total taken at a nonzero flow, which starts as the first flow
// (lead from the first, tail from the last): the first total is that
// flow exactly.

// Rows of a block's shapes: fo's ([k·B + lane]) and io's.
const (
	shAbs   = iota // Σ|f|: classify's abs
	shLead         // the first nonzero flow
	shTail         // the last nonzero flow
	shTotal        // Σ f, from the first flow
	shFloats
)

const (
	shFirst   = iota // the first nonzero flow's period, −1 if none
	shLast           // the last's
	shChanges        // the sign changes of the nonzero flows
	shFwd            // the sign changes of the running totals from the first flow
	shBack           // from the last
	shBad            // nonzero when a flow is not finite
	shUnsure         // nonzero when a running total is within 1e-12·abs of 0
	shInts
)

// shapes works out the shapes of the columns of x (P rows of B lanes,
// [t·B + lane]) into fo and io.
func shapes(x []float64, B, P int, fo []float64, io []int64) {
	if P == 0 {
		for l := range B {
			shapeLane(x, B, P, l, fo, io)
		}
		return
	}
	x, fo, io = x[:B*P], fo[:shFloats*B], io[:shInts*B]
	k := 0
	if useAsm && asmWidth == 8 {
		k = B &^ 3
		if k > 0 {
			shapesAVX2(x, B, P, k, fo, io)
		}
	}
	for l := k; l < B; l++ {
		shapeLane(x, B, P, l, fo, io)
	}
}

// shapeLane is shapes for lane l.
func shapeLane(x []float64, B, P, l int, fo []float64, io []int64) {
	var abs, lead, tail float64
	first, last, changes := int64(-1), int64(-1), int64(0)
	bad := false
	for t := range P {
		f := x[t*B+l]
		if f-f != 0 {
			bad = true
		}
		abs += math.Abs(f)
		if f != 0 {
			if first >= 0 && differ(f, tail) {
				changes++
			}
			if first < 0 {
				first, lead = int64(t), f
			}
			last, tail = int64(t), f
		}
	}
	eps := 1e-12 * abs
	var a1, a2 float64
	s1, s2 := lead, tail
	var fwd, back int64
	unsure := false
	for t := range P {
		f1, f2 := x[t*B+l], x[(P-1-t)*B+l]
		a1 += f1
		a2 += f2
		if f1 != 0 {
			unsure = unsure || math.Abs(a1) <= eps
			if differ(a1, s1) {
				fwd++
			}
			s1 = a1
		}
		if f2 != 0 {
			unsure = unsure || math.Abs(a2) <= eps
			if differ(a2, s2) {
				back++
			}
			s2 = a2
		}
	}
	fo[shAbs*B+l], fo[shLead*B+l], fo[shTail*B+l], fo[shTotal*B+l] = abs, lead, tail, a1
	io[shFirst*B+l], io[shLast*B+l], io[shChanges*B+l] = first, last, changes
	io[shFwd*B+l], io[shBack*B+l] = fwd, back
	io[shBad*B+l], io[shUnsure*B+l] = mask(bad), mask(unsure)
}

// differ reports whether a and b have different sign bits.
func differ(a, b float64) bool { return (math.Float64bits(a)^math.Float64bits(b))>>63 != 0 }

// mask is −1 for true, as the assembly's lane masks, and 0 for false.
func mask(b bool) int64 {
	if b {
		return -1
	}
	return 0
}

// laneShape reads lane l's shape from fo and io: periodicShape's status
// and shape but for its bounds (lo and hi are left 0: see bounds), the
// flows' span [first, last], the absolute sum, and runningChanges's
// counts.
func laneShape(B, l int, fo []float64, io []int64) (st Status, first, last int, sh shape, abs float64, fwd, back int, total float64, ok bool) {
	abs, lead, tail := fo[shAbs*B+l], fo[shLead*B+l], fo[shTail*B+l]
	changes := int(io[shChanges*B+l])
	switch {
	case io[shBad*B+l] != 0 || math.IsInf(abs, 0):
		return NotFinite, 0, 0, shape{}, 0, 0, 0, 0, false
	case io[shFirst*B+l] < 0:
		return NoFlows, 0, 0, shape{}, 0, 0, 0, 0, false
	case changes == 0 && lead > 0:
		return NoOutflow, 0, 0, shape{}, 0, 0, 0, 0, false
	case changes == 0:
		return TotalLoss, 0, 0, shape{}, 0, 0, 0, 0, false
	}
	sh = shape{lead: lead, tail: tail, changes: changes}
	ok = io[shUnsure*B+l] == 0
	if ok {
		fwd, back = int(io[shFwd*B+l]), int(io[shBack*B+l])
	}
	return OK, int(io[shFirst*B+l]), int(io[shLast*B+l]), sh, abs, fwd, back, fo[shTotal*B+l], ok
}

// bounds sets sh's lo and hi, as periodicShape does, from the flows'
// absolute sum.
func (sh *shape) bounds(abs float64) {
	sh.hi = bound(sh.lead, abs-math.Abs(sh.lead), 1)
	sh.lo = -bound(sh.tail, abs-math.Abs(sh.tail), 1)
}

// boundBelow is a lower bound of bound(l, r, 1) that takes no logarithm,
// and whether it is bound itself: halfLine's steps need bound only once
// they reach it, which most never do. For q = r/|l| = f·2^e (f in
// [0.5, 1)), log q ≥ (e−1)·ln 2, and 0.69314 < ln 2 leaves room for
// math.Log's rounding.
func boundBelow(l, r float64) (float64, bool) {
	if l == 0 || r <= 0 {
		return bound(l, r, 1), true
	}
	q := r / math.Abs(l)
	if math.IsInf(q, 1) {
		return bound(l, r, 1), true
	}
	_, e := math.Frexp(q)
	return max(0, float64(e-1)*0.69314), false
}
