package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/internal/errprefix"
)

// Exit statuses.
const (
	exitOK    = 0
	exitData  = 1
	exitUsage = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"cost", "target-group unit costs of today's state services", runCost},
		{"outcomes", "effects against a counterfactual baseline, with uncertainty and adjustments", runOutcomes},
		{"power", "minimum detectable effect and group size for a planned evaluation", runPower},
		{"run", "evaluate a deal: savings, outcome payments, the investor waterfall and returns", runRun},
		{"params", "list a scenario's parameters by their stable names", runParams},
		{"outputs", "list the outputs the sensitivity commands can follow", runOutputs},
		{"tornado", "one-way sensitivity: each parameter low to high, sorted by swing", runTornado},
		{"grid", "two-way sensitivity over two parameters, as a table and a heatmap", runGrid},
		{"breakeven", "the value of a parameter at which an output reaches a target", runBreakeven},
		{"simulate", "Monte Carlo over the uncertainty spec: distributions and chances", runSimulate},
		{"sobol", "first- and total-order Sobol' indices with bootstrap intervals", runSobol},
		{"check", "validate costing, outcomes, scenario and uncertainty folders without running", runCheck},
		{"compare", "two scenarios, or a scenario and --set variants, side by side with differences", runCompare},
		{"irr", "internal rate of return of periodic cash flows given as a list or CSV", runIRR},
		{"xirr", "internal rate of return of dated cash flows, with a day-count choice", runXIRR},
		{"npv", "net present value of periodic or dated cash flows at a rate", runNPV},
		{"mirr", "modified internal rate of return at a finance and a reinvestment rate", runMIRR},
		{"init", "write a small commented scenario folder to start from: ratecard, savings or tiered", runInit},
	}
}

const mainUsage = `sib: a social impact bond outcomes and savings engine

Usage:
  sib <command> [flags] <inputs>

Commands:
%s
Run "sib <command> --help" for a command's flags and an example.
Exit status: 0 ok, 1 error in the data or model, 2 usage error.
`

func usage(w io.Writer) {
	var b strings.Builder
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, mainUsage, b.String())
}

// run is main without the process: it returns the exit status.
func run(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "--help", "help":
		usage(stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "sib: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}

// parseFlags parses a command's flags. It returns done when the command
// should stop with status code (help was asked for, or the flags are wrong).
func parseFlags(fs *pflag.FlagSet, args []string, help string, stdout, stderr io.Writer) (code int, done bool) {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	err := fs.Parse(args)
	if errors.Is(err, pflag.ErrHelp) {
		fmt.Fprint(stdout, help)
		fmt.Fprintln(stdout, "\nFlags:")
		fmt.Fprint(stdout, fs.FlagUsages())
		return exitOK, true
	}
	if err != nil {
		fmt.Fprintf(stderr, "sib %s: %v\nRun \"sib %s --help\" for usage.\n", fs.Name(), err, fs.Name())
		return exitUsage, true
	}
	return exitOK, false
}

// usageError reports a usage error of a command.
func usageError(stderr io.Writer, cmd, format string, args ...any) int {
	fmt.Fprintf(stderr, "sib %s: %s\nRun \"sib %s --help\" for usage.\n", cmd, errprefix.Strip(fmt.Sprintf(format, args...)), cmd)
	return exitUsage
}

// dataError reports an error in the input data or model. The library's
// package prefixes ("costing: "), which tell a Go caller where an error
// came from, are dropped: here the command says so.
func dataError(stderr io.Writer, cmd string, err error) int {
	fmt.Fprintf(stderr, "sib %s: %s\n", cmd, errprefix.Strip(err.Error()))
	return exitData
}
