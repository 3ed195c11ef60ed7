package sobol

import "math"

// An exact sum of float64 values: Shewchuk's (1997) non-overlapping
// expansion, the algorithm of Python's math.fsum. The partials p hold the
// sum exactly (as long as nothing overflows), so adding the same values in
// any order and any grouping (sums of sums included, through addAll)
// leaves the same exact value, and round gives its correctly rounded
// float64 whatever the order: the property that lets shards of a design
// be merged bit for bit.
type exact []float64

// add adds x exactly. It allocates only when the expansion grows past its
// capacity, which a sum of values of like magnitudes rarely does.
func (p *exact) add(x float64) {
	ps := *p
	i := 0
	for _, y := range ps {
		if math.Abs(x) < math.Abs(y) {
			x, y = y, x
		}
		hi := x + y
		lo := y - (hi - x)
		if lo != 0 {
			ps[i] = lo
			i++
		}
		x = hi
	}
	*p = append(ps[:i], x)
}

// addAll adds every partial of q.
func (p *exact) addAll(q exact) {
	for _, x := range q {
		p.add(x)
	}
}

// round returns the sum rounded to the nearest float64, ties to even, as
// math.fsum does: the value depends on the exact sum only.
func (p exact) round() float64 {
	n := len(p)
	if n == 0 {
		return 0
	}
	n--
	hi := p[n]
	var lo float64
	for n > 0 {
		x := hi
		n--
		y := p[n]
		hi = x + y
		lo = y - (hi - x)
		if lo != 0 {
			break
		}
	}
	// Half-even rounding across partials: when the rest has the sign of
	// lo, hi + 2lo may be the nearer value.
	if n > 0 && (lo < 0 && p[n-1] < 0 || lo > 0 && p[n-1] > 0) {
		y := lo * 2
		x := hi + y
		if y == x-hi {
			hi = x
		}
	}
	return hi
}

// canonical returns the expansion of the same sum that depends on the sum
// only: its rounded value, then the rounded value of the rest, and so on
// (each term below half an ulp of the one before), so that equal sums are
// written the same whatever partials made them.
func (p exact) canonical() exact {
	rest := append(exact(nil), p...)
	var out exact
	for {
		h := rest.round()
		if h == 0 {
			return out
		}
		out = append(out, h)
		rest.add(-h)
	}
}
