// Package sib evaluates a whole social impact bond: what the state saves,
// what it pays for outcomes, how the bond's cash flows through the
// investors' tranches, and each party's returns. These are steps 3 to 5 of
// the calculation chain in docs/domain.md. Unit costs come from package
// costing and effects from package outcomes, or are given directly.
//
// # Scenario, parameters, model
//
// A deal is a scenario.Scenario, read from a folder of CSV files
// (scenario.Load; docs/scenario.md documents every file and column) or
// built in Go code (scenario.Builder). Every numeric input is a
// scenario.Param with a stable name such as outcome.reconviction.effect
// or cost.custody_day.unit_cost, and the structure refers to parameters
// by scenario.ParamID, so a sensitivity analysis can change any input by
// changing one number in the vector that Scenario.Values returns.
//
// Compile turns a scenario into a Model. A Model can be evaluated in two
// ways, which share one implementation of the payment terms and the
// waterfall:
//
//   - Model.Evaluate is the fast path for sensitivity analysis and Monte
//     Carlo. It runs in float64, and after Model.NewWork it does not
//     allocate. It returns the headline Outputs: the state's present values,
//     and each tranche's IRR, multiple and NPV.
//   - Model.Run is the ledger. It runs in int64 cents, rounding where a
//     contract rounds: each term's payment in a period, each cost, each
//     accrual of a target return. It splits capital calls and excess cash
//     over tranches by largest remainder. It checks that the bond's cash
//     account balances to the cent in every period. Every table comes back
//     as decimal.Decimal.
//
// # The calculation
//
//  1. Outcomes. Participants are size × take-up. A metric's effect (an
//     improvement per participant) accrues per participant-year over a
//     window of periods after entry, or once at the window's end. It decays
//     by a share a year. The effect is the contract's, measured against the
//     comparison group: payments price, count and test it.
//
//  2. Savings. Each outcome of the appraisal (the measured outcomes times
//     (1 − deadweight) × (1 − displacement) × attribution, all of them when
//     the metric gives none) avoids units of state services. The units are
//     valued at the service's unit cost in the price base and split into
//     cost lines by agency. The cashable part follows costing's rules:
//     variable costs fall with every unit, step costs only by whole steps
//     of capacity, and fixed costs not at all. With a closure lag
//     (scenario.Settings.ClosureLag, in years, counted in whole periods L
//     rounded up) a step line releases in period t only the steps the
//     fall reached in each of periods t−L to t, as a budget holder
//     closes a class or a bed unit after a sustained fall; a released
//     step stays released only while the fall holds, and Result.HeldBack
//     says what the lag holds back. An inflation setting gives
//     nominal amounts, and a discount schedule with rates by year band
//     gives present values at the start, each period's flows discounted
//     from its end or, with the Green Book's year-0 convention, from the
//     whole years before it (scenario.DiscountTiming). Model.Discounting
//     states the date, the convention and the rates; every report that
//     shows a present value prints it.
//
//  3. Payments. Terms are combinable per metric:
//     - a rate card, claimable once per participant or repeatedly, with a
//     cap per participant;
//     - a share of the measured savings, which can switch to another
//     share once investors are repaid with interest;
//     - a tiered schedule, as steps or interpolated.
//
//     Cohort and pooled thresholds hold payments back until a test is met;
//     a later pooled test pays what a cohort test held back. Payments are
//     made after a measurement lag, and are capped per period and in total,
//     by term and for the whole deal.
//
//  4. The bond. Delivery costs and fees are paid from outcome payments
//     (when scenario.csv sets recycle) or from capital called pro
//     rata from the tranches' undrawn commitments. What is left goes down
//     the tranches in priority order: each tranche's target return, then
//     its principal (or every target return before any principal), then
//     any excess pro rata, to the tranches that share in it, within caps
//     (a multiple, or a return a year). What no tranche can take goes to
//     the residual party. When a tranche matures (at the end, unless given
//     earlier), a guarantee tops it up to its floor or its protected
//     principal, and it takes nothing after.
//
//  5. Returns and the state's view. For each tranche and party: cash
//     flows, IRR and XIRR (SolveIRR, SolveXIRR: every root is bracketed and
//     refined, a missing IRR comes with a reason, and several roots with a
//     warning), the money multiple, NPV at the hurdle rate and payback. For
//     the state, by agency: gross and cashable savings, payments and the
//     net saving, which show the wrong pocket. It also compares the deal
//     with commissioning the same delivery directly.
//
// # Measured effects
//
// A contract tests and pays the effect measured against its comparison
// group; the state saves on the true one. By default they are the same.
// Work.Measure, a MeasureFunc, draws the measured effects of each
// evaluation from the true ones (package uncertainty's measurement
// noise): the terms' thresholds, tier schedules, priced outcomes, cap
// groups and measured savings read them, the avoided units and savings
// the true effects. After Evaluate, Work.Measured, TrueEffect, Passes,
// TruePasses, TestAt and TermPaid report what the contract read and paid.
// With Measure nil every result is what it was without the hook.
//
// # Appraisal
//
// Outputs.Appraisal (appraisal.go, docs/appraisal.md) values the deal as
// a Treasury appraisal does, on both paths: present values by category,
// fiscal (cashable and non-cashable savings, by agency), economic and
// social (values.csv, by beneficiary, timed as the metric's outcomes net
// of additionality, as savings are), before and after the optimism bias
// of each item's confidence grade (a value reduced, a commissioner's cost
// raised); the commissioner's own costs outside the bond, which the
// state's net saving subtracts by agency; the Green Book benefit-cost
// ratio, social benefit over the net public cost (outcome payments +
// commissioner's costs − cashable savings), with the payments a transfer
// when the investors are domestic (NaN when the net public cost is not
// positive), the NPSV and the GMCA returns. Model.Discounting says how
// the present values are taken. Everything is in the price base,
// discounted as the state's figures; the values and the commissioner's
// costs are float64 on both paths (estimates, as savings are), the
// ledger rounding the commissioner's costs to the cent by agency and
// period. Evaluate computes it without allocating.
//
// # Batched evaluation
//
// Model.EvaluateBatch evaluates a block of parameter vectors (lanes) in
// one pass, for Monte Carlo and Sobol' designs: Model.NewBatch(B) makes
// the tables of blocks of up to B lanes (package uncertainty uses 128),
// after which it does not allocate. The tables are structure-of-arrays,
// row r of a table holding lane l at [r·B + l], and every loop runs over
// periods, cohorts, terms and tranches outside and over the lanes
// inside: outcomes, avoided units and savings; each term's earnings,
// participant caps, tests (held and released by blends on lanes), lags
// and caps; costs, capital calls, target returns, the waterfall over the
// tranches (min and max on lanes), share switches and guarantees; the
// state's sums. A lane's arithmetic is Evaluate's, operation by
// operation and in the same order, so that its outputs are Evaluate's
// (TestBatchAgreement and uncertainty's TestBatchAgreesWithEvaluate hold
// them within 1e-12 relative on every bundled example and on the
// float-vs-cents guard's scenarios, for blocks of 1, 7 and 64 lanes;
// they are bit-identical there). The IRRs are solved for the lanes
// together by SolveIRR's own method, step for step: each lane keeps the
// solver's state (the bracketing half-lines, the grid scan, the
// safeguarded Newton steps, the last Newton steps in log(1+r)) and each
// round evaluates every lane's polynomial with the lanes inside, so a
// lane's IRR is SolveIRR's bit for bit (TestBatchIRRBitIdentical,
// TestBatchIRRAgreement); a lane the solver would send to Brent's
// method, or with a turning point inside a grid cell, is solved by
// SolveIRR itself. The block's shapes (classify's sign changes and the
// running totals' counts) are worked out from the rows four lanes at a
// time, the polynomials evaluated four lanes at a time from tables in
// rows (a lane's flows and their reverse), the exponentials of a round
// together (internal/vecmath, math.Exp bit for bit), and a lane's
// bounds (two logarithms) only when a step reaches a lower bound that
// takes none.
//
// Outputs nobody asked for are not worked out: Batch and Work have
// SkipTrancheIRR, SkipInvestorsIRR and SkipAppraisal (which keeps only
// the appraisal's CommissionerRawPV, which the state's net figures
// subtract), and Batch has SkipPayback and SkipNPV (the paybacks are
// then −2, the NPVs at the hurdle NaN). The
// lane loops that most of a block's time goes to run in amd64 assembly,
// AVX2 where the processor has it, with the Go loop's rounding and
// order (batch_lanes.go; TestLaneOps checks each against its Go loop
// bit for bit): products and sums of rows, a term's claims and caps,
// the waterfall's call of capital, accrual and target returns, each
// tranche's net flows and the period's present values; a branch on a
// lane becomes a mask and a blend. What depends on parameters a run rarely varies (the
// discount factors, the hurdle, the tranches' coupon growth) is worked
// out once for the values it has, not per lane.
//
// Model.Batchable says whether the kernel takes a deal, and if not, the
// first mechanism it does not have: co-payers or payer caps, cap groups,
// actual payments, early termination, coupon ranges, tranche maturities
// before the horizon, amortisation, rate caps, the interest-first
// waterfall, distributions at set periods, commitment fees,
// subordinated fees, deal caps, a closure lag, periodic terms, terms on
// costs, tier schedules of deal totals and thresholds by size band.
// Such a deal, a block without SkipAppraisal, and a lane the kernel
// cannot vouch for (an amount past the ledger's bound, a period cap
// below zero put in the vector by code) are evaluated lane by lane with
// Evaluate: the same outputs at the scalar path's speed. An error is a
// *LaneError naming the first lane that has one.
//
// With Batch.Measure (measurement noise) the kernel draws each lane's
// measured effects as Evaluate does, calling Batch.Before(l) first so
// that the caller can seek lane l's stream: the terms test, tier and
// price the measured effects, the state's units come from the true
// outcomes. Batch.Lane then reads a lane's tests and payments as Work's
// Passes, TruePasses, TrueEffect and TermPaid do, and Batch.After sees
// the Work of a lane evaluated by Evaluate.
//
// The kernel's commonest row operations (dst += x·y and dst += x; the
// agencies' sums; earn's payment of positive amounts; the step lines'
// cashable savings; a tranche's target return and principal in the
// waterfall) run in assembly on amd64: AVX2 where the processor has it
// (golang.org/x/sys/cpu), else SSE2, and in Go elsewhere and for the
// lanes past the last whole group (and everywhere with the build tag
// noasm). The services' units and the agencies' savings rows are not
// cleared: the first metric, cohort or line to write a row starts it
// (+0 + x, what clearing it and adding gave), in an order planned once
// per Model, and outputs reads only the rows written. Likewise a row the
// same in every block is not worked out again: the discount factors while
// the rates do not change, the delivery costs' rows no block writes
// (left out of the waterfall's sums, to which +0 adds nothing), a
// participants' cost while the cohorts in its window are the same; and
// what every cohort of a term reads (a tier schedule's points, a test's
// baseline) is read from the lanes' vectors once. The packed operations are IEEE 754's
// element by element, rounded as the scalar ones, with no fused
// multiply-add, and Go's min and max are built from VMINPD and VMAXPD as
// the compiler builds them (a NaN wins; min(−0, +0) is −0), so each
// lane's result is the Go loop's bit for bit (TestLaneOps,
// TestLaneOpsAsm) and the batch's outputs stay Evaluate's. That holds
// for the default GOAMD64 (v1, v2): built for v3, the compiler may fuse
// the Go code's multiply-adds, which the assembly does not, and the two
// paths then agree within rounding rather than bit for bit.
//
// # Errors
//
// Compile refuses a scenario whose values break the rules between
// parameters (scenario.Scenario.CheckValues). Input errors are package
// scenario's; nothing panics on input. A Work made by one Model and
// given to another is a programmer's error, and panics.
//
// An amount too large for the ledger (over 10 trillion, money.MaxFloat)
// is ErrTooLarge, wrapped with the amount (a term's payment in a period, a
// cost, a tranche's return, an agency's saving in a period) and the
// parameters behind it, each with the file:line:column it was read from.
// Evaluate and Run refuse the same vectors with the same message: a
// saving is held to the bound as a payment is, though only the ledger
// shows it in cents. ErrTooLarge is the costing ledger's overflow error
// too (one value, so errors.Is finds it from either).
//
// # Memory
//
// CompileWith estimates the memory of the model and of one evaluation
// from the scenario's sizes (cohorts × periods × metrics above all: 24
// bytes a cell) and refuses, with a *MemoryError wrapping ErrMemory,
// a scenario above the budget, CompileOptions.MaxBytes (DefaultMaxBytes, 8
// GiB, for Compile), before it allocates; Run checks its tables the same
// way. Model.CheckMemory lets a caller that runs several Works check
// them too.
//
// # Concurrency
//
// A Scenario must not change while a Model compiled from it is in use. A
// Model is read-only and safe for concurrent use; each goroutine needs its
// own Work. Results do not depend on anything but the parameter values.
package sib
