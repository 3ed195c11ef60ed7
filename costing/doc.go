// Package costing computes what today's state services cost per member of
// a target group: the first step of a social impact bond's business case,
// since the state can only save what it now spends.
//
// From a cost ledger (service, agency, cost item, amount, year, cost
// behaviour), activity data (units delivered in total and to the target
// group, and the group's size), shared cost pools with their allocation
// drivers, and a deflator, Compute gives the cost per service unit
// (average, fully loaded; short-run marginal, variable costs only; and
// long-run marginal, variable and step costs), the cost per target-group
// member per year by service and by agency, and a reconciliation that
// accounts for every cent. Result.Avoid values a fall in demand: the gross
// saving, the cashable part under the variable, step and fixed cost rules
// (the long run, once capacity adjusts) beside the short-run cashable part
// (variable costs only), and the agency whose budget it lands in.
//
// The method, the input files and their columns are documented in
// docs/costing.md.
//
// # Money
//
// Amounts are in the ledger's currency (the examples use euros), as
// decimal.Decimal values with two decimal places, in the prices of
// Options.PriceBase. Internally they are int64 cents. Every split of an
// amount (deflation of a year's total, pool allocation, the target group's
// share, avoided cost over lines) uses the largest-remainder method with
// exact arithmetic, so parts always add up to the whole and the result does
// not depend on anything but the input. Rates (per unit, per member) are
// rounded half away from zero to RatePlaces decimal places.
//
// # Errors
//
// Input errors are *InputError values that print as
// "ledger.csv:12:4: amount: invalid number ..." and wrap one of the
// package's sentinel errors (ErrDuplicate, ErrNoActivity, ...) or a csvio
// sentinel, so they can be tested with errors.Is. Errors found when files
// are compared with each other (costs on a service with no units, a year
// missing from the deflator) point at the row at fault; a name one file
// takes from another and the other does not define (a misspelt driver or
// service) is such an error, and offers the nearest defined name. Names
// that are defined but look mistyped (agencies differing only in letter
// case) are Result.Warnings. Nothing in the package panics on input.
//
// # Performance
//
// Loaders stream: a ledger is reduced to one running total per service,
// agency, year, behaviour and step size as it is read, plus a 64-bit key per
// line to detect duplicates, so memory grows with the number of services,
// not with the file. A 1,000,000-line ledger over 10,000 services loads and
// costs in under a second (BenchmarkCost1M).
//
// # Concurrency
//
// A Model must not be changed while Compute reads it. A Result is
// read-only after Compute returns and safe for concurrent use.
package costing
