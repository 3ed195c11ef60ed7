// Package indigo writes a deal as a project record of INDIGO 4.1.0, the
// impact bond data standard of the Government Outcomes Lab (University
// of Oxford): the planned figures of a scenario's run (sib.Model.Run).
//
// # What a record holds
//
// Build maps a run to a Project: the name and key dates; the overall
// finance (the tranches' total commitment, the deal's cap on payments);
// an investment a tranche (investor, commitment, Debt, Equity or
// Combination: see InvestmentType); an outcome metric a metric (its
// definition and unit, the participants, the terms' thresholds); an
// outcome pricing a payment term (the price per outcome or the tier
// schedule, caps, lag); an outcome payment plan a payer and its planned
// outcome payments by period and term; and the transactions of the
// bond's ledger: capital drawn, outcome payments, interest, principal,
// excess, guarantee top-ups, commitment fees and residual distributions,
// each dated the last day of its period.
//
// Every leaf is {"value": ..., "status": ...}, the status one of Public,
// Private and Disputed (the schema's enumeration for leaves); money is an
// amount with two decimals, with the scenario's currency beside it.
// Organisation ids are the scenario's names (payers, investors, parties)
// and Bond for the bond itself: INDIGO's own organisation ids are given
// by the Government Outcomes Lab when a record is submitted.
//
// The record is valid against the standard's JSON Schema
// (testdata/reference/indigo/project.json, release 4.1.0, unchanged); the
// package's tests check every bundled scenario's record with
// github.com/santhosh-tekuri/jsonschema/v6. docs/indigo.md maps every
// field to its source, and says what is left empty and why.
package indigo
