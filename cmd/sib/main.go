package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/internal/errprefix"
	"github.com/sib-engine/sib/internal/names"
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
		{"shapley", "Shapley effects: each parameter's share of the variance, correlations included", runShapley},
		{"check", "validate costing, outcomes, scenario and uncertainty folders without running", runCheck},
		{"compare", "two scenarios, or a scenario and --set variants, side by side with differences", runCompare},
		{"irr", "internal rate of return of periodic cash flows given as a list or CSV", runIRR},
		{"xirr", "internal rate of return of dated cash flows, with a day-count choice", runXIRR},
		{"npv", "net present value of periodic or dated cash flows at a rate", runNPV},
		{"mirr", "modified internal rate of return at a finance and a reinvestment rate", runMIRR},
		{"init", "write a small commented scenario folder to start from: ratecard, savings or tiered", runInit},
		{"claims", "validate a rate card's individual outcome records: claims, payments, caps", runClaims},
		{"schedules", "the published discount schedules a scenario can name (Green Book 2022, 2026)", runSchedules},
		{"report", "an offline, printable HTML page of a deal: figures, charts, chances, tornado", runHTMLReport},
		{"indigo", "export a deal as an INDIGO 4.1.0 project record (JSON) for the Government Outcomes Lab", runIndigo},
		{"convert", "an input folder to one .xlsx workbook, or a workbook back to a folder", runConvert},
		{"merge", "put together the shards of simulate or sobol --shard I/K into the single run's report", runMerge},
		{"match", "propensity-score matching of a comparison group: sizes, model, balance, weights", runMatch},
	}
}

const mainUsage = `sib: a social impact bond outcomes and savings engine

Usage:
  sib <command> [flags] <inputs>

Commands:
%s
Run "sib <command> --help" (or "sib help <command>") for a command's flags
and an example, and "sib --version" for the version and commit of this build.
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
	case "-h", "--help":
		usage(stdout)
		return exitOK
	case "help":
		// sib help CMD is sib CMD --help.
		if len(args) == 1 {
			usage(stdout)
			return exitOK
		}
		if len(args) > 2 {
			fmt.Fprintf(stderr, "sib help: expected one command, got %d arguments\nRun \"sib --help\" for the commands.\n", len(args)-1)
			return exitUsage
		}
		if c, ok := commandNamed(args[1]); ok {
			return c.run([]string{"--help"}, stdout, stderr)
		}
		return unknownCommand(stderr, args[1])
	case "--version", "version":
		if len(args) > 1 {
			fmt.Fprintf(stderr, "sib: %s takes no arguments\n", args[0])
			return exitUsage
		}
		bi, ok := debug.ReadBuildInfo()
		fmt.Fprint(stdout, versionText(bi, ok))
		return exitOK
	}
	if c, ok := commandNamed(args[0]); ok {
		return runWithWorkbooks(c, args[1:], stdout, stderr)
	}
	return unknownCommand(stderr, args[0])
}

// commandNamed returns the command called name.
func commandNamed(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// unknownCommand reports a command that does not exist: with the nearest
// names when it looks misspelt ("runn"), else with the list of commands.
func unknownCommand(stderr io.Writer, name string) int {
	if near := nearCommands(name); len(near) > 0 {
		q := make([]string, len(near))
		for i, n := range near {
			q[i] = strconv.Quote(n)
		}
		fmt.Fprintf(stderr, "sib: unknown command %q; did you mean %s?\nRun \"sib --help\" for the commands.\n", name, strings.Join(q, " or "))
		return exitUsage
	}
	fmt.Fprintf(stderr, "sib: unknown command %q\n\n", name)
	usage(stderr)
	return exitUsage
}

// nearCommands returns the commands a misspelt name is likely to mean:
// the nearest by edit distance (a swap of two neighbouring letters is one
// edit), and only within max(1, len(name)/3) edits, so that "runn" and
// "cots" get a suggestion and "nosuch" gets the list of commands.
func nearCommands(name string) []string {
	best, near := max(1, len(name)/3)+1, []string(nil)
	for _, c := range commands() {
		switch d := names.DistanceOSA(name, c.name); {
		case d < best:
			best, near = d, []string{c.name}
		case d == best:
			near = append(near, c.name)
		}
	}
	if len(name) < 2 {
		return nil
	}
	return near
}

// versionText describes the build: the main module's version ("(devel)"
// when built from a checkout without a version), and the commit it was
// built from, with its time and whether the checkout had changes not
// committed (the go command records them when it builds in a git
// checkout; not under go test, nor with -buildvcs=false).
func versionText(bi *debug.BuildInfo, ok bool) string {
	if !ok || bi == nil {
		return "sib: no build information (built without module support)\n"
	}
	version, path := cmp.Or(bi.Main.Version, "(devel)"), cmp.Or(bi.Main.Path, "github.com/sib-engine/sib")
	setting := map[string]string{}
	for _, s := range bi.Settings {
		setting[s.Key] = s.Value
	}
	commit := "unknown (not built from a git checkout, or with -buildvcs=false)"
	if rev := setting["vcs.revision"]; rev != "" {
		commit = rev
		if t := setting["vcs.time"]; t != "" {
			commit += " (" + t + ")"
		}
		if setting["vcs.modified"] == "true" {
			commit += ", with changes not committed"
		}
	}
	return fmt.Sprintf("sib %s\nmodule: %s\ncommit: %s\ngo: %s\n", version, path, commit, cmp.Or(bi.GoVersion, runtime.Version()))
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
		msg := err.Error()
		if name, ok := strings.CutPrefix(msg, "unknown flag: --"); ok {
			msg += flagHint(fs, name)
		}
		msg += amountHint(fs, args)
		fmt.Fprintf(stderr, "sib %s: %s\nRun \"sib %s --help\" for usage.\n", fs.Name(), msg, fs.Name())
		return exitUsage, true
	}
	if msg := dashProblem(fs); msg != "" {
		return usageError(stderr, fs.Name(), "%s", msg), true
	}
	return exitOK, false
}

// flowsCommands take amounts as arguments, which may be negative.
var flowsCommands = []string{"irr", "xirr", "npv", "mirr"}

// amountHint explains a flag error of a cash-flow command caused by a
// negative amount read as a flag ("sib irr -100 60 60"): amounts go after
// "--". It returns "" for other commands and errors.
func amountHint(fs *pflag.FlagSet, args []string) string {
	cmd := fs.Name()
	if !slices.Contains(flowsCommands, cmd) {
		return ""
	}
	for i, a := range args {
		if a == "--" {
			return ""
		}
		if !strings.HasPrefix(a, "-") || isFlag(a) || (i > 0 && takesValue(fs, args[i-1])) {
			continue // not a number, or a flag's value (--rate -0.05)
		}
		fix := "sib " + cmd + " [flags] -- <amount>..."
		if !slices.ContainsFunc(args[i:], isFlag) {
			fix = strings.Join(append(append([]string{"sib", cmd}, args[:i]...), append([]string{"--"}, args[i:]...)...), " ")
		}
		return fmt.Sprintf("\n%s is an amount, not a flag: give the amounts last, after \"--\": %s", a, fix)
	}
	return ""
}

// isFlag reports whether a command-line argument is a flag: it starts
// with "-" and is not a number.
func isFlag(a string) bool {
	first, _, _ := strings.Cut(a, ",")
	_, err := strconv.ParseFloat(first, 64)
	return strings.HasPrefix(a, "-") && err != nil
}

// takesValue reports whether a is a flag of fs that takes the next
// argument as its value ("--rate", not "--rate=0.05" nor a bool flag).
func takesValue(fs *pflag.FlagSet, a string) bool {
	name, ok := strings.CutPrefix(a, "--")
	if !ok || strings.Contains(name, "=") {
		return false
	}
	f := fs.Lookup(name)
	return f != nil && f.Value.Type() != "bool"
}

// flagHint suggests the flags of fs nearest to a misspelt one
// ("; did you mean --price-base?"), or "".
func flagHint(fs *pflag.FlagSet, name string) string {
	name, _, _ = strings.Cut(name, "=")
	var all []string
	fs.VisitAll(func(f *pflag.Flag) { all = append(all, f.Name) })
	all = append(all, "help")
	near := names.Closest(name, all)
	if len(near) == 0 || len(name) < 3 {
		return ""
	}
	for i, n := range near {
		near[i] = "--" + n
	}
	return names.Hint(near)
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
