package sobol

import (
	"fmt"
	"math/rand/v2"
)

// designStream is the PCG stream (second seed word) of the Random design.
const designStream = 0x736f626f6c2d4142 // "sobol-AB"

// Design is the Saltelli sampling design for K inputs with base sample
// size N: two independent N×K matrices A and B of points in (0, 1)^K, and
// for each input i the matrix A_B^(i), A with column i taken from B. It is
// read-only once made: Point is safe for concurrent use.
type Design struct {
	N, K int
	ab   []float64 // row j is (A_j, B_j): ab[j*2K : j*2K+K] = A_j, then B_j
	// groups are the column sets moved together (see WithGroups): block
	// 2+K+g is A with group g's columns taken from B.
	groups [][]int
	// part is true for a part of a design (see NewDesignRows), whose ab
	// holds the base rows [from, to) only.
	part     bool
	from, to int
}

// DesignOptions selects how A and B are drawn.
type DesignOptions struct {
	// Random draws A and B pseudo-randomly instead of from the Sobol'
	// sequence: row j of A, then row j of B, for j = 0 … N-1, from
	// math/rand/v2's PCG(Seed, 0x736f626f6c2d4142), each coordinate
	// (⌊u/2^11⌋ + 1/2)·2^-53 for a PCG output u, so in (0, 1), never 0 or 1.
	Random bool
	// Scramble draws A and B from the Owen-scrambled Sobol' sequence
	// (nested uniform scrambling, hash-based as in Burley 2020) seeded by
	// Seed: row j of A is the first K and row j of B the last K
	// coordinates of scrambled point j, for j = 0 … N-1 (point 0
	// included). It cannot be combined with Random.
	Scramble bool
	// Seed seeds the Random design or the scrambling; it is ignored
	// otherwise.
	Seed uint64
}

// NewDesign returns the design for k inputs with base sample size n. By
// default row j of A is the first k coordinates and row j of B the last k
// coordinates of point j+1 of the 2k-dimensional Sobol' sequence (point 0
// is skipped, see Sequence.Next); n a power of two balances the sequence
// best. It returns an error wrapping ErrInvalid unless n ≥ 2, k ≥ 1 and,
// without Random, 2k ≤ MaxDim() and n < 2^32.
func NewDesign(n, k int, opt DesignOptions) (*Design, error) {
	if n < 2 {
		return nil, fmt.Errorf("%w: base sample size %d < 2", ErrInvalid, n)
	}
	if k < 1 {
		return nil, fmt.Errorf("%w: %d inputs", ErrInvalid, k)
	}
	if n > maxRows/(k+2) {
		return nil, fmt.Errorf("%w: %d × (%d + 2) rows is too many", ErrInvalid, n, k)
	}
	if opt.Random && opt.Scramble {
		return nil, fmt.Errorf("%w: a design is either random or a scrambled sequence", ErrInvalid)
	}
	d := &Design{N: n, K: k, ab: make([]float64, 2*n*k)}
	if opt.Random {
		src := rand.NewPCG(opt.Seed, designStream)
		for i := range d.ab {
			d.ab[i] = (float64(src.Uint64()>>11) + 0.5) * 0x1p-53
		}
		return d, nil
	}
	if 2*k > maxDim {
		return nil, fmt.Errorf("%w: %d inputs need dimension %d > MaxDim() = %d; use DesignOptions.Random",
			ErrInvalid, k, 2*k, maxDim)
	}
	if uint64(n) > maxPoints {
		return nil, fmt.Errorf("%w: base sample size %d exceeds the sequence", ErrInvalid, n)
	}
	seq, err := NewSequence(2 * k)
	if err != nil {
		return nil, err
	}
	if opt.Scramble {
		scrambled(seq, n, opt.Seed, d.ab)
		return d, nil
	}
	for j := range n {
		seq.Next(d.ab[j*2*k : (j+1)*2*k])
	}
	return d, nil
}

// maxRows bounds N·(K+2) so that row numbers and storage sizes fit an int
// on every platform.
const maxRows = 1<<31 - 1

// Rows returns the number of model evaluations the design needs, N·(K+2).
func (d *Design) Rows() int { return d.N * (d.K + 2 + len(d.groups)) }

// Point sets u (of length K) to the inputs of row row. Rows are in
// evaluation order: [0, N) are A, [N, 2N) are B, and for i = 0 … K-1 rows
// [(2+i)N, (3+i)N) are A_B^(i): row (2+i)N + j is A_j with coordinate i
// replaced by B_j's. Point does not allocate and is safe for concurrent
// use. It panics if row is not in [0, Rows()) or len(u) is not K.
func (d *Design) Point(row int, u []float64) {
	if len(u) != d.K {
		panic(fmt.Sprintf("sobol: Point: len(u) = %d, want %d", len(u), d.K))
	}
	if row < 0 || row >= d.Rows() {
		panic(fmt.Sprintf("sobol: Point: row %d not in [0, %d)", row, d.Rows()))
	}
	block, j := row/d.N, row%d.N
	if d.part {
		if j < d.from || j >= d.to {
			panic(fmt.Sprintf("sobol: Point: row %d not in the part [%d, %d) of the design", row, d.from, d.to))
		}
		j -= d.from
	}
	r := d.ab[j*2*d.K : (j+1)*2*d.K]
	switch block {
	case 0:
		copy(u, r[:d.K])
	case 1:
		copy(u, r[d.K:])
	default:
		i := block - 2
		copy(u, r[:d.K])
		if i < d.K {
			u[i] = r[d.K+i]
			return
		}
		for _, c := range d.groups[i-d.K] {
			u[c] = r[d.K+c]
		}
	}
}
