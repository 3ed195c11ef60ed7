package sobol

import (
	"fmt"
	"math/rand/v2"
)

// NewDesignRows returns the part of NewDesign(n, k, opt) that holds the
// base rows [from, to) of A and B, and so of every A_B^(i): Point gives
// the same inputs as the whole design's for the rows (b·N + j, j in
// [from, to)) of the part, and panics for the others. The sequence jumps
// to row from (Sequence.Skip); the Random design draws and discards the
// 2k·from numbers before it. A shard of a design evaluates such a part.
// Errors are NewDesign's, or wrap ErrInvalid unless 0 ≤ from ≤ to ≤ n.
func NewDesignRows(n, k int, opt DesignOptions, from, to int) (*Design, error) {
	if from < 0 || from > to || to > n {
		return nil, fmt.Errorf("%w: rows [%d, %d) of a design of %d", ErrInvalid, from, to, n)
	}
	if from == 0 && to == n {
		return NewDesign(n, k, opt)
	}
	// NewDesign's checks, on a design of 2 rows, then those on n.
	if _, err := NewDesign(2, k, opt); err != nil {
		return nil, err
	}
	switch {
	case n < 2:
		return nil, fmt.Errorf("%w: base sample size %d < 2", ErrInvalid, n)
	case n > maxRows/(k+2):
		return nil, fmt.Errorf("%w: %d × (%d + 2) rows is too many", ErrInvalid, n, k)
	case !opt.Random && uint64(n) > maxPoints:
		return nil, fmt.Errorf("%w: base sample size %d exceeds the sequence", ErrInvalid, n)
	}
	d := &Design{N: n, K: k, ab: make([]float64, 2*(to-from)*k), part: true, from: from, to: to}
	if to == from {
		return d, nil
	}
	if opt.Random {
		src := rand.NewPCG(opt.Seed, designStream)
		for range 2 * k * from {
			src.Uint64()
		}
		for i := range d.ab {
			d.ab[i] = (float64(src.Uint64()>>11) + 0.5) * 0x1p-53
		}
		return d, nil
	}
	seq, err := NewSequence(2 * k)
	if err != nil {
		return nil, err
	}
	dim := 2 * k
	if opt.Scramble {
		// Row j is point j, scrambled: position the sequence on point
		// from, then step.
		seeds := owenSeeds(opt.Seed, dim)
		seq.Skip(from)
		for j := range to - from {
			if j > 0 {
				seq.Next(d.ab[j*dim : (j+1)*dim])
			}
			row := d.ab[j*dim : (j+1)*dim]
			for c := range dim {
				row[c] = (float64(owen(seq.x[c], seeds[c])) + 0.5) * 0x1p-32
			}
		}
		return d, nil
	}
	seq.Skip(from) // row j is point j+1
	for j := range to - from {
		seq.Next(d.ab[j*dim : (j+1)*dim])
	}
	return d, nil
}
