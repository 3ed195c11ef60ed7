package main

import (
	"bytes"
	"testing"
)

// TestFormatFlags pins the usage errors of --format and --table in every
// command that has them, and which error comes first when there are two.
func TestFormatFlags(t *testing.T) {
	const (
		costing  = "../../testdata/estonia/costing"
		outcomes = "../../testdata/estonia/outcomes"
		csvOnly  = "--table chooses the one table of --format csv: add --format csv, or leave --table out"
	)
	badFormat := func(cmd string) string {
		return "sib " + cmd + `: --format "xml": expected table, csv or json` + "\nRun \"sib " + cmd + " --help\" for usage.\n"
	}
	msg := func(cmd, m string) string {
		return "sib " + cmd + ": " + m + "\nRun \"sib " + cmd + " --help\" for usage.\n"
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"cost", "--format", "xml", costing}, badFormat("cost")},
		{[]string{"cost", "--format", "xml", "--table", "nope", costing}, badFormat("cost")},
		{[]string{"cost", "--format", "csv", "--table", "nope", costing}, msg("cost", `--table "nope": expected one of units, members, reconciliation, avoided, avoided_lines`)},
		{[]string{"cost", "--format", "json", "--table", "members", costing}, msg("cost", csvOnly+" (--format json shows every table)")},
		{[]string{"outcomes", "--format", "xml", outcomes}, badFormat("outcomes")},
		{[]string{"outcomes", "--table", "nope", outcomes}, msg("outcomes", `--table "nope": expected one of effects, waterfall`)},
		{[]string{"outcomes", "--table", "waterfall", outcomes}, msg("outcomes", csvOnly+" (--format table shows every table)")},
		{[]string{"run", "--format", "xml", estScenario}, badFormat("run")},
		{[]string{"run", "--table", "nope", estScenario}, msg("run", `--table "nope": expected one of summary, state, terms, tranches, parties, cash, periods, savings, payments, costs, tranche_flows, flows, appraisal, chance, oc, expected`)},
		{[]string{"run", "--table", "cash", estScenario}, msg("run", csvOnly)},
		{[]string{"params", "--format", "xml", estScenario}, badFormat("params")},
		{[]string{"outputs", "--format", "xml", estScenario}, badFormat("outputs")},
		{[]string{"power", "--format", "xml", "--kind", "binary", "--baseline", "0.3", "--n", "100"}, badFormat("power")},
		{[]string{"power", "--table", "mde", "--kind", "binary", "--baseline", "0.3", "--n", "100"}, msg("power", csvOnly)},
		// power checks --table without --format csv after the design flags.
		{[]string{"power", "--table", "mde", "--kind", "binary", "--n", "100"}, msg("power", "a binary metric needs --baseline")},
		{[]string{"power", "--format", "csv", "--table", "sample_size", "--kind", "binary", "--baseline", "0.3", "--n", "100"}, msg("power", `--table "sample_size": expected one of the tables asked for (mde with --n, sample_size with --effect)`)},
		{[]string{"tornado", "--format", "xml", estScenario, estUncertainty}, badFormat("tornado")},
		{[]string{"grid", "--format", "xml", "--x", "outcome.custody_days.effect", "--y", "cost.custody_day.unit_cost", estScenario}, badFormat("grid")},
		{[]string{"breakeven", "--format", "xml", "--param", "outcome.custody_days.effect", estScenario}, badFormat("breakeven")},
		{[]string{"sobol", "--format", "xml", estScenario, estUncertainty}, badFormat("sobol")},
		{[]string{"simulate", "--format", "xml", estScenario, estUncertainty}, badFormat("simulate")},
		{[]string{"simulate", "--table", "chances", estScenario, estUncertainty}, msg("simulate", csvOnly)},
		// simulate checks --table before --format.
		{[]string{"simulate", "--format", "xml", "--table", "nope", estScenario, estUncertainty}, msg("simulate", `--table "nope": expected summary, chances, tests, oc, terms, comparator, exposure, decisions, evpi or ranks`)},
	} {
		var stdout, stderr bytes.Buffer
		code := run(c.args, nil, &stdout, &stderr)
		if code != exitUsage || stdout.Len() != 0 || stderr.String() != c.want {
			t.Errorf("%q: exit %d, stdout %q, stderr\n%s\nwant exit %d and stderr\n%s", c.args, code, stdout.String(), stderr.String(), exitUsage, c.want)
		}
	}
}
