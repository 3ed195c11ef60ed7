// Package money holds the engine's cent arithmetic: amounts are int64 cents
// inside the engine and decimal.Decimal at its edges, and every split of an
// amount is done by the largest-remainder method so that no cent appears or
// disappears.
package money

import (
	"errors"
	"fmt"
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
	var sum decimal.Decimal
	for i, w := range weights {
		if w.Sign() < 0 {
			return nil, fmt.Errorf("money: negative weight %s at %d", w, i)
		}
		sum = sum.Add(w)
	}
	out := make([]int64, len(weights))
	if total == 0 {
		return out, nil
	}
	if sum.Sign() == 0 {
		return nil, ErrNoWeight
	}
	t := decimal.NewFromInt(total)
	rem := make([]decimal.Decimal, len(weights))
	left := total
	for i, w := range weights {
		q, r := t.Mul(w).QuoRem(sum, 0)
		out[i] = q.IntPart()
		rem[i] = r
		left -= out[i]
	}
	if left == 0 {
		return out, nil
	}
	order := make([]int, len(weights))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return rem[b].Cmp(rem[a]) })
	for _, i := range order[:left] {
		out[i]++
	}
	return out, nil
}

// Round rounds exact non-negative amounts given in cents to whole cents so
// that they sum to their correctly rounded total (half away from zero): each
// is rounded down, and the cents left over go one each to the amounts with
// the largest fractional parts, ties to the lower index.
func Round(exactCents []decimal.Decimal) ([]int64, error) {
	var sum decimal.Decimal
	out := make([]int64, len(exactCents))
	frac := make([]decimal.Decimal, len(exactCents))
	var floors int64
	for i, e := range exactCents {
		if e.Sign() < 0 {
			return nil, fmt.Errorf("money: negative amount %s at %d", e, i)
		}
		sum = sum.Add(e)
		f := e.Floor()
		out[i] = f.IntPart()
		frac[i] = e.Sub(f)
		floors += out[i]
	}
	left := sum.Round(0).IntPart() - floors
	order := make([]int, len(exactCents))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return frac[b].Cmp(frac[a]) })
	for _, i := range order[:left] {
		out[i]++
	}
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
