package money

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"

	"github.com/shopspring/decimal"
)

var hundred = decimal.NewFromInt(100)

// ErrNoWeight is returned when an amount is to be split over weights that
// sum to zero.
var ErrNoWeight = errors.New("money: weights sum to zero")

// Decimal converts cents to an amount with two decimal places.
func Decimal(cents int64) decimal.Decimal { return decimal.New(cents, -2) }

// Cents converts an amount to cents, rounding half away from zero.
func Cents(d decimal.Decimal) int64 { return d.Mul(hundred).Round(0).IntPart() }

// Allocate splits total cents over non-negative weights in proportion,
// by the largest-remainder (Hamilton) method: each share is first rounded
// down, then the cents left over go one each to the shares with the largest
// remainders, ties to the lower index. The shares sum exactly to total, and
// the result depends only on the arguments. total must be non-negative.
//
// The arithmetic is exact: share i is total·w[i]/Σw computed as a decimal
// quotient with an exact remainder, so thirds and other repeating fractions
// are ranked correctly.
func Allocate(total int64, weights []decimal.Decimal) ([]int64, error) {
	if total < 0 {
		return nil, fmt.Errorf("money: negative total %d cents", total)
	}
	zero := true
	for i, w := range weights {
		switch w.Sign() {
		case -1:
			return nil, fmt.Errorf("money: negative weight %s at %d", w, i)
		case 1:
			zero = false
		}
	}
	out := make([]int64, len(weights))
	if total == 0 {
		return out, nil
	}
	if zero {
		return nil, ErrNoWeight
	}
	if w, ok := scaled(make([]int64, len(weights)), weights); ok {
		return allocateInts(total, w, out), nil
	}
	var sum decimal.Decimal
	for _, w := range weights {
		sum = sum.Add(w)
	}
	return allocateDecimal(total, weights, sum, out), nil
}

// allocateDecimal is Allocate in decimal arithmetic, for weights too large
// or too precise for machine integers.
func allocateDecimal(total int64, weights []decimal.Decimal, sum decimal.Decimal, out []int64) []int64 {
	t := decimal.NewFromInt(total)
	rem := make([]decimal.Decimal, len(weights))
	left := total
	for i, w := range weights {
		q, r := t.Mul(w).QuoRem(sum, 0)
		out[i] = q.IntPart()
		rem[i] = r
		left -= out[i]
	}
	distribute(out, left, func(a, b int) int { return rem[b].Cmp(rem[a]) })
	return out
}

// distribute gives the left cents one each to the shares that come first
// by byRemainder (largest remainder first), ties to the lower index.
func distribute(out []int64, left int64, byRemainder func(a, b int) int) {
	if left == 0 {
		return
	}
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, byRemainder)
	for _, i := range order[:left] {
		out[i]++
	}
}

// scaled returns the weights as integers on a common decimal scale (the
// weights times 10^k), in out, when they and their sum fit in 63 bits:
// then Allocate can work in machine integers, exactly, without allocating
// decimals.
func scaled(out []int64, ws []decimal.Decimal) ([]int64, bool) {
	minExp := int32(0)
	for _, w := range ws {
		minExp = min(minExp, w.Exponent())
	}
	var sum uint64
	for i, w := range ws {
		v, ok := scaleTo(w, minExp)
		if !ok {
			return nil, false
		}
		out[i] = v
		sum += uint64(v)
		if sum >= 1<<63 {
			return nil, false
		}
	}
	return out, true
}

// scaleTo returns w·10^(−exp) as an int64 when it fits in 18 digits.
func scaleTo(w decimal.Decimal, exp int32) (int64, bool) {
	shift := int(w.Exponent() - exp)
	if exp < -18 || w.NumDigits()+shift > 18 {
		return 0, false
	}
	v := w.CoefficientInt64()
	for ; shift > 0; shift-- {
		v *= 10
	}
	return v, true
}

// allocateInts is Allocate on integer weights with a 128-bit product:
// total·w[i] / Σw has a quotient ≤ total, so bits.Div64 cannot overflow.
func allocateInts(total int64, w []int64, out []int64) []int64 {
	var sum uint64
	for _, v := range w {
		sum += uint64(v)
	}
	rem := make([]uint64, len(w))
	left := total
	for i, v := range w {
		hi, lo := bits.Mul64(uint64(total), uint64(v))
		q, r := bits.Div64(hi, lo, sum)
		out[i], rem[i] = int64(q), r
		left -= int64(q)
	}
	distribute(out, left, func(a, b int) int { return cmp.Compare(rem[b], rem[a]) })
	return out
}

// Share returns part's share of total cents in a two-way split of whole
// into part and whole − part by Allocate's rule (largest remainder, ties
// to part), which for two shares is total·part/whole rounded half up.
// It needs 0 ≤ part ≤ whole and whole > 0, and does not allocate when the
// numbers fit in machine integers.
func Share(total int64, part, whole decimal.Decimal) (int64, error) {
	bad := func() (int64, error) {
		return 0, fmt.Errorf("money: cannot take %s of %s of %d cents", part, whole, total)
	}
	if part.Sign() < 0 || whole.Sign() <= 0 || total < 0 {
		return bad()
	}
	exp := min(part.Exponent(), whole.Exponent(), 0)
	p, ok1 := scaleTo(part, exp)
	w, ok2 := scaleTo(whole, exp)
	if ok1 && ok2 {
		if p > w {
			return bad()
		}
		hi, lo := bits.Mul64(uint64(total), uint64(p))
		q, r := bits.Div64(hi, lo, uint64(w))
		if 2*r >= uint64(w) { // r < whole < 2^63: no overflow
			q++
		}
		return int64(q), nil
	}
	if part.GreaterThan(whole) {
		return bad()
	}
	q, r := decimal.NewFromInt(total).Mul(part).QuoRem(whole, 0)
	n := q.IntPart()
	if r.Sign() > 0 && r.Add(r).GreaterThanOrEqual(whole) {
		n++
	}
	return n, nil
}

// The engine's bounds on money, both here so that every package takes
// them from one place. They differ because the paths differ:
//
//   - MaxCents bounds an amount kept exactly in decimal and cents (the
//     costing ledger and its pools): 10^15 currency units, far beyond any
//     public budget, so that sums of many of them stay in int64.
//   - MaxFloat bounds an amount the engine works out in float64 and then
//     books in cents (the deal's payments, costs, returns and savings):
//     10^13 currency units, 10^15 cents, below 2^53 ≈ 9.007·10^15, so that
//     a float64 holds every whole cent up to it and ten thousand such
//     amounts still sum within int64. It is also the largest number the
//     CSV reader takes (13 digits before the point).
//
// An amount beyond its bound is ErrTooLarge, the engine's one overflow
// error, wrapped with what the amount is.
const (
	MaxCents = 100_000_000_000_000_000
	MaxFloat = 1e13
)

// ErrTooLarge is returned for an amount beyond MaxCents or MaxFloat.
var ErrTooLarge = errors.New("money: an amount is too large")

// RoundQuotients rounds the exact amounts nums[i]/den, in cents, to whole
// cents that sum to their correctly rounded total (half away from zero):
// each is rounded down, and the cents left over go one each to the
// amounts with the largest remainders, ties to the lower index. The
// arithmetic is exact. nums must be non-negative and den positive.
func RoundQuotients(nums []decimal.Decimal, den decimal.Decimal) ([]int64, error) {
	if den.Sign() <= 0 {
		return nil, fmt.Errorf("money: denominator %s is not positive", den)
	}
	maxQ := decimal.NewFromInt(MaxCents)
	out := make([]int64, len(nums))
	rem := make([]decimal.Decimal, len(nums))
	var sum decimal.Decimal
	var floors int64
	for i, n := range nums {
		if n.Sign() < 0 {
			return nil, fmt.Errorf("money: negative amount %s/%s at %d", n, den, i)
		}
		q, r := n.QuoRem(den, 0)
		if q.GreaterThan(maxQ) {
			return nil, fmt.Errorf("%w: %s cents", ErrTooLarge, q)
		}
		out[i], rem[i] = q.IntPart(), r
		floors += out[i]
		sum = sum.Add(n)
	}
	q, r := sum.QuoRem(den, 0)
	if q.GreaterThan(maxQ) {
		return nil, fmt.Errorf("%w: %s cents", ErrTooLarge, q)
	}
	total := q.IntPart()
	if r.Add(r).GreaterThanOrEqual(den) {
		total++
	}
	distribute(out, total-floors, func(a, b int) int { return rem[b].Cmp(rem[a]) })
	return out, nil
}

// Sum adds cents and reports overflow, which real ledgers never reach but
// hostile input can.
func Sum(a, b int64) (int64, bool) {
	s := a + b
	if (s > a) != (b > 0) {
		return s, false
	}
	return s, true
}

// SplitFloat splits total cents over non-negative weights w in proportion,
// by the largest-remainder method in float64, as the bond's ledger splits
// a capital call or excess cash over tranches: each share is rounded
// down, then the cents left over go one each to the shares of positive
// weight with the largest remainders, ties to the lower index. The shares
// sum exactly to total. Nothing is shared (out is all zero) when total is
// 0 or the weights sum to 0 or less. frac is scratch space as long as w,
// so that the split does not allocate.
func SplitFloat(total int64, w, frac []float64, out []int64) {
	sum := 0.0
	for _, x := range w {
		sum += x
	}
	clear(out)
	if sum <= 0 || total == 0 {
		return
	}
	left := total
	for i, x := range w {
		q := float64(total) * x / sum
		fl := math.Floor(q)
		out[i] = int64(fl)
		frac[i] = q - fl
		left -= out[i]
	}
	for ; left > 0; left-- {
		best := -1
		for i := range w {
			if w[i] > 0 && (best < 0 || frac[i] > frac[best]) {
				best = i
			}
		}
		out[best]++
		frac[best] = -1
	}
}
