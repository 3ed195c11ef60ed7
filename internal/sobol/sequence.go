package sobol

//go:generate /usr/bin/python3 ../../testdata/reference/sobol/gen.py

import (
	"fmt"
	"math/bits"
)

// seqBits is the number of bits in each coordinate: points are k/2^32.
const seqBits = 32

// maxPoints is the number of points a Sequence gives before it is
// exhausted: points 1 ... 2^32 - 1.
const maxPoints = 1<<seqBits - 1

// MaxDim returns the largest dimension NewSequence accepts: 1111, dimension
// 1 (van der Corput) and one dimension for each primitive polynomial of
// degree 1 to 13 in Joe & Kuo's list.
func MaxDim() int { return maxDim }

// Sequence is the unscrambled Sobol' sequence in Gray-code order with Joe &
// Kuo's (2008) direction numbers, point for point the same as
// scipy.stats.qmc.Sobol(dim, scramble=False) after its all-zero point 0.
//
// Coordinates are multiples of 2^-32 in (0, 1). A Sequence gives at most
// 2^32 - 1 points; Next panics after that. It is not safe for concurrent
// use; give each goroutine its own Sequence (and Skip to its share).
type Sequence struct {
	dim int
	i   uint64   // index of the last point given; 0 before the first Next
	v   []uint32 // direction numbers, v[j*dim+d] for bit j of dimension d
	x   []uint32 // point i, as integers
}

// NewSequence returns the dim-dimensional Sobol' sequence, positioned
// before point 1. It returns an error wrapping ErrInvalid unless
// 1 ≤ dim ≤ MaxDim().
func NewSequence(dim int) (*Sequence, error) {
	if dim < 1 || dim > maxDim {
		return nil, fmt.Errorf("%w: dimension %d not in [1, %d]", ErrInvalid, dim, maxDim)
	}
	s := &Sequence{
		dim: dim,
		v:   make([]uint32, seqBits*dim),
		x:   make([]uint32, dim),
	}
	var v [seqBits]uint32
	for d := range dim {
		directionNumbers(d, &v)
		for j := range seqBits {
			s.v[j*dim+d] = v[j]
		}
	}
	return s, nil
}

// directionNumbers sets v[j] = m_{j+1} · 2^(32-j-1) for dimension d, with
// m_j from Joe & Kuo's initial values and, beyond the degree s, the
// recurrence (Bratley & Fox 1988)
//
//	m_j = 2a_1 m_{j-1} ⊕ 4a_2 m_{j-2} ⊕ … ⊕ 2^(s-1) a_(s-1) m_(j-s+1) ⊕ 2^s m_(j-s) ⊕ m_(j-s),
//
// which in shifted form reads v_j = a_1 v_(j-1) ⊕ … ⊕ v_(j-s) ⊕ (v_(j-s) >> s).
func directionNumbers(d int, v *[seqBits]uint32) {
	if d == 0 {
		for j := range seqBits {
			v[j] = 1 << (seqBits - 1 - j)
		}
		return
	}
	s, a := int(dirS[d]), uint32(dirA[d])
	for j := range s {
		v[j] = uint32(dirM[d][j]) << (seqBits - 1 - j)
	}
	for j := s; j < seqBits; j++ {
		w := v[j-s] ^ v[j-s]>>s
		for k := 1; k < s; k++ {
			if a>>(s-1-k)&1 == 1 {
				w ^= v[j-k]
			}
		}
		v[j] = w
	}
}

// Dim returns the dimension of the sequence.
func (s *Sequence) Dim() int { return s.dim }

// Index returns the index of the point the last Next gave (0 before the
// first call, n after Skip(n) alone).
func (s *Sequence) Index() uint64 { return s.i }

// Next fills x with the next point of the sequence. The first call gives
// point 1, (1/2, 1/2, …): the all-zero point 0 is skipped, so every
// coordinate is in (0, 1). Next does not allocate. It panics if len(x) is
// not Dim() or the sequence is exhausted.
func (s *Sequence) Next(x []float64) {
	if len(x) != s.dim {
		panic(fmt.Sprintf("sobol: Next: len(x) = %d, want %d", len(x), s.dim))
	}
	if s.i >= maxPoints {
		panic("sobol: Next: sequence exhausted after 2^32-1 points")
	}
	s.i++
	// Gray-code order: point i differs from point i-1 in the direction
	// number of the lowest set bit of i.
	c := bits.TrailingZeros64(s.i)
	v := s.v[c*s.dim : (c+1)*s.dim]
	xs := s.x[:len(v)]
	x = x[:len(v)]
	for d, vd := range v {
		xs[d] ^= vd
		x[d] = float64(xs[d]) * 0x1p-32
	}
}

// Skip moves the sequence n points ahead, so that the next Next gives point
// Index()+n+1, in O(32·Dim()) time. It panics if n < 0 or the sequence
// would pass its last point.
func (s *Sequence) Skip(n int) {
	if n < 0 || uint64(n) > maxPoints-s.i {
		panic(fmt.Sprintf("sobol: Skip(%d) from point %d: out of range", n, s.i))
	}
	s.i += uint64(n)
	g := s.i ^ s.i>>1 // point i is the XOR of the direction numbers of gray(i)'s bits
	clear(s.x)
	for j := 0; g != 0; j, g = j+1, g>>1 {
		if g&1 == 1 {
			v := s.v[j*s.dim : (j+1)*s.dim]
			for d, vd := range v {
				s.x[d] ^= vd
			}
		}
	}
}

// Reset positions the sequence before point 1 again.
func (s *Sequence) Reset() {
	s.i = 0
	clear(s.x)
}
