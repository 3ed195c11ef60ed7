// Package sib will evaluate a whole social impact bond: the state's
// savings (from package costing's unit costs and package outcomes'
// effects), the outcome payments under the contract's payment terms, the
// investor waterfall and each party's returns: steps 3 to 5 of the
// calculation chain in docs/domain.md.
//
// It has no code yet; it is specified by the project's deal-engine issue.
package sib
