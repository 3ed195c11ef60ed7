// Package claims runs a rate card as providers and commissioners run it:
// from individual outcome records to validated claims, payments by period
// and payer, and achievement rates, with caps per participant, per
// outcome, per payer and period, and for the contract. Records are
// streamed on every core. Without Options.KeepClaims memory grows with
// the participants, not the records: each participant keeps a list of
// (outcome, day, count) entries, and what can no longer change is counted
// and dropped as the records arrive; the list holds at most about twice
// the rate card's total of max_claims when each prerequisite's records
// come before its dependants' (the usual order: by participant and date),
// and otherwise also the days of a dependant that may still be paid once
// an earlier prerequisite arrives (at most one per day of the contract).
// With KeepClaims every record's decision is kept.
//
// # Inputs
//
// A claims folder holds contract.csv, participants.csv, ratecard.csv,
// optionally payers.csv, caps.csv and paid.csv (the payments the payers
// have made), and records.csv; docs/claims.md documents every column. Load reads all but the records into a
// Contract, which is plain data a program can also build; Validate reads
// the records against it; Run does both.
//
// # Decisions
//
// Each record becomes a Claim with a Reason: Accepted (paid in full),
// CapPartly (paid in part), or a rejection. The checks a record can fail
// on its own come first, in this order: unknown participant, unknown
// outcome, no evidence, a wrong evidence type, a count below the rate
// card's min_count (or none), not verified, achieved after the contract's
// end, in the ramp-up, after the window from the participant's start,
// claimed after the deadline.
// Then, per participant and outcome in date order, prerequisites
// (missing, achieved later, or less than the rate card's min_after
// before), duplicates and the maximum number of claims. Last, the caps.
//
// # Templates and synthetic records
//
// From the rate card alone (LoadOptions.RateCardOnly), WriteTemplate
// writes the header of records.csv, WriteFieldDoc the documentation of
// every field and rule, and Generate draws participants and records from
// achievement rates, some made invalid on purpose; participant i draws
// from its own stream of (seed, i), so the output depends on the seed and
// the options alone.
//
// # Order
//
// Results do not depend on the order of the records nor on the number of
// workers. Within a participant's records of one outcome, the earlier day
// wins, then the evidence reference's hash, then the line (only identical
// records are told apart by it). Caps cut claims in this order: by the day
// achieved, then the outcome's rate-card order, then the participant's id
// (byte order), then the evidence hash, then the line. A claim that
// meets a cap is paid what is left (CapPartly) or nothing (Cap).
//
// # Money
//
// Amounts are int64 cents. A claim is worth the rate card's price on the
// day achieved; it is paid in the payment period of that day; its payers'
// parts are split by the largest remainder (internal/money), so they sum
// to it exactly. The reconciliation holds to the cent: what the records
// claimed equals what was paid plus what was not, reason by reason. The
// records may claim at most money.MaxCents in all, so that every total is
// exact in int64; more is an ErrInput error naming records.csv.
//
// # As of a day
//
// Options.AsOf runs the records claimed by the end of a day. The actuals
// (Result.Through) are then the payment periods over by that day, a
// period with no payment an actual of 0; the period the day falls in is
// Result.Partial, left to a forecast. The achievement rates count only the
// participants who had started by the day, and Achievement.Open those
// who had not achieved the outcome and whose window was still open.
//
// # What is owed
//
// Result.Owed says, payer by payer, what the claims booked for the
// payment periods over (Result.Through), what the payer paid by the
// as-of day (Contract.Paid, from paid.csv; a payment dated later is left
// out, and counted in Result.PaidLater), and the balance, Due − Paid:
// negative when overpaid. A payer's payments, recoveries netted, go to its
// periods over oldest first, each taking at most what it booked
// (Payment.Paid); what is left over is overpaid. All in exact cents.
//
// # Errors
//
// Malformed input (an impossible date, a record achieved before its
// participant started, an unknown code in the rate card or caps, a cap
// group with no cap, a prerequisite cycle, a negative price, payer shares
// not summing to 1, a participant given twice) is a *csvio.Error with the
// file, line and column, wrapping ErrInput or ErrDate. A .csv file in the
// folder that is not a claims file is a *csvio.Error naming it, wrapping
// ErrUnknown (and ErrInput): usually a misspelt name whose data would be
// left out. Rejections are not errors.
//
// # Concurrency
//
// A Contract is read-only once prepared: any number of Validate calls may
// share it. The package has no mutable state of its own.
package claims
