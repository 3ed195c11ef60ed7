package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/internal/indigo"
	"github.com/sib-engine/sib/scenario"
)

const indigoHelp = `Usage: sib indigo [flags] <scenario-folder>

Writes the deal as a project record of INDIGO 4.1.0, the impact bond data
standard of the Government Outcomes Lab: its outcome metrics, outcome
pricings (the payment terms), outcome payment plans and the planned outcome
payments by period and payer, the investments (the tranches) and the
transactions (capital drawn, outcome payments, interest, principal, excess
and residual distributions), as the run models them. Every leaf is
{"value": ..., "status": ...}; money is an amount with two decimals and the
scenario's currency. The record is valid against the standard's JSON
Schema; docs/indigo.md maps every field to its source.

The organisation ids are the scenario's names (payers, investors,
parties) and "bond" for the bond itself: replace them with INDIGO
organisation ids when submitting. The project's notes say how the record
was made (command, inputs, --set changes, version).

JSON goes to stdout (also with --out -), or with --out FILE to that file
(written atomically, never over an input or a file sib did not write).

Examples:
  sib indigo testdata/estonia/scenario
  sib indigo --out estonia-indigo.json testdata/estonia/scenario
  sib indigo --status PRIVATE --set outcome.reconvictions.effect=0.05 testdata/estonia/scenario
`

func runIndigo(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("indigo", pflag.ContinueOnError)
	outFile := fs.String("out", "", "write the record to FILE instead of stdout (- is stdout)")
	status := fs.String("status", indigo.Public, "every value's status: PUBLIC, PRIVATE or DISPUTED")
	sets := fs.StringArray("set", nil, "change a parameter, NAME=VALUE (repeatable; sib params lists the names)")
	limits := addLimitFlag(fs)
	if code, done := parseFlags(fs, args, indigoHelp, stdout, stderr); done {
		return code
	}
	if *outFile == "-" {
		*outFile = "" // standard output, as without --out
	}
	switch *status {
	case indigo.Public, indigo.Private, indigo.Disputed:
	default:
		return usageError(stderr, "indigo", "--status %s: expected PUBLIC, PRIVATE or DISPUTED", *status)
	}
	if fs.NArg() != 1 {
		return usageError(stderr, "indigo", "expected one scenario folder, got %s", plural(fs.NArg(), "argument"))
	}
	dir := fs.Arg(0)
	if code, done := inputFolder(stderr, "indigo", dir, scenarioFolder); done {
		return code
	}
	lim, code, done := limitsOf(stderr, "indigo", *limits)
	if done {
		return code
	}
	s, err := scenario.LoadWith(dir, scenario.LoadOptions{Limits: lim})
	if err != nil {
		return dataError(stderr, "indigo", err)
	}
	noteLockFiles(lim.Notes, scenarioInputs(dir, s)...)
	if code, done := applySets(stderr, "indigo", s, *sets); done {
		return code
	}
	out := newBatch("indigo", scenarioInputs(dir, s)...)
	defer out.Abort()
	if err := reserveFile(out, "out", *outFile); err != nil {
		return dataError(stderr, "indigo", err)
	}
	m, code, done := compileSets(stderr, "indigo", dir, s, *sets, lim)
	if done {
		return code
	}
	res, err := m.Run(s.Values())
	if err != nil {
		return setsError(stderr, "indigo", dir, *sets, lim, true, err)
	}
	rec, err := indigo.Build(res, indigo.Options{Status: *status, Notes: indigoNotes(fs, scenarioInputs(dir, s), sets, len(s.Actuals) > 0)})
	if err != nil {
		return dataError(stderr, "indigo", err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rec); err != nil {
		return dataError(stderr, "indigo", err)
	}
	if *outFile != "" {
		if err := out.Put(*outFile, buf.Bytes()); err != nil {
			return dataError(stderr, "indigo", fmt.Errorf("--out: %w", err))
		}
	}
	if err := out.Commit(); err != nil {
		return dataError(stderr, "indigo", err)
	}
	printNotes(stderr, "indigo", lim.Notes)
	for _, w := range out.Warnings() {
		fmt.Fprintf(stderr, "sib indigo: warning: %s\n", w)
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "sib indigo: warning: %s\n", w)
	}
	if *outFile != "" {
		fmt.Fprintf(stderr, "sib indigo: wrote %s\n", *outFile)
		return exitOK
	}
	if _, err := stdout.Write(buf.Bytes()); err != nil {
		return dataError(stderr, "indigo", err)
	}
	return exitOK
}

// indigoNotes is the record's provenance, for the project's notes: the
// record has no other place for it.
func indigoNotes(fs *pflag.FlagSet, inputs []string, sets *[]string, actuals bool) string {
	parts := []string{"Planned figures modelled by sib, not reported results"}
	if actuals {
		parts[0] = "Figures modelled by sib: planned, but for the outcome payments of type Actual (actuals.csv)"
	}
	for _, m := range provenance(fs, inputs, sets) {
		v := m.Value
		if m.List != nil {
			if len(m.List) == 0 {
				continue
			}
			v = strings.Join(m.List, ", ")
		}
		parts = append(parts, m.Key+": "+v)
	}
	return strings.Join(parts, "; ") + "."
}
