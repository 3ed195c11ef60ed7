// Package money holds the engine's cent arithmetic: amounts are int64 cents
// inside the engine and decimal.Decimal at its edges, and every split of an
// amount is done by the largest-remainder method so that no cent appears or
// disappears.
package money
