package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// badFlagCases are malformed flag values, one or more for every command's
// flags: each is a usage error (exit 2) with a message of its own line,
// before any output.
var badFlagCases = [][]string{
	// Flags every command has.
	{"cost", "--format", "xml", "../../testdata/estonia/costing"},
	{"cost", "--limit", "rows", "../../testdata/estonia/costing"},
	{"cost", "--limit", "rows=abc", "../../testdata/estonia/costing"},
	{"cost", "--limit", "lines=1", "../../testdata/estonia/costing"},
	{"cost", "--no-such-flag", "../../testdata/estonia/costing"},
	// cost
	{"cost", "--year", "20x4", "../../testdata/estonia/costing"},
	{"cost", "--year", "-2024", "../../testdata/estonia/costing"},
	{"cost", "--price-base", "abc", "../../testdata/estonia/costing"},
	{"cost", "--price-base", "-1", "../../testdata/estonia/costing"},
	{"cost", "--avoid", "custody_day=abc", "../../testdata/estonia/costing"},
	{"cost", "--avoid", "custody_day=", "../../testdata/estonia/costing"},
	{"cost", "--avoid", "=10", "../../testdata/estonia/costing"},
	{"cost", "--avoid", "custody_day=abc%", "../../testdata/estonia/costing"},
	{"cost", "--avoid", "custody_day=NaN", "../../testdata/estonia/costing"},
	{"cost", "--table", "nope", "--format", "csv", "../../testdata/estonia/costing"},
	// outcomes
	{"outcomes", "--confidence", "abc", "../../testdata/estonia/outcomes"},
	{"outcomes", "--confidence", "1.5", "../../testdata/estonia/outcomes"},
	{"outcomes", "--bootstrap", "abc", "../../testdata/estonia/outcomes"},
	{"outcomes", "--bootstrap", "-5", "../../testdata/estonia/outcomes"},
	{"outcomes", "--bootstrap", "10", "--seed", "-1", "../../testdata/estonia/outcomes"},
	{"outcomes", "--bootstrap", "10", "--seed", "abc", "../../testdata/estonia/outcomes"},
	{"outcomes", "--workers", "-1", "../../testdata/estonia/outcomes"},
	{"outcomes", "--workers", "abc", "../../testdata/estonia/outcomes"},
	// power
	{"power", "--kind", "poisson", "--baseline", "0.4", "--n", "100"},
	{"power", "--direction", "up", "--baseline", "0.4", "--n", "100"},
	{"power", "--baseline", "abc", "--n", "100"},
	{"power", "--baseline", "0.4", "--n", "abc"},
	{"power", "--baseline", "0.4", "--n", "-100"},
	{"power", "--baseline", "0.4", "--n", "100", "--n2", "-5"},
	{"power", "--baseline", "0.4", "--effect", "0.1", "--n2-ratio", "0"},
	{"power", "--baseline", "0.4", "--effect", "abc"},
	{"power", "--baseline", "0.4", "--n", "100", "--confidence", "95"},
	{"power", "--baseline", "0.4", "--n", "100", "--power", "1.5"},
	{"power", "--kind", "continuous", "--sd", "-1", "--n", "100"},
	{"power", "--baseline", "0.4", "--n", "100", "--one-sided=maybe"},
	// run and params
	{"run", "--set", "x", estScenario},
	{"run", "--set", "outcome.reconvictions.effect=abc", estScenario},
	{"run", "--set", "outcome.reconvictions.effect=", estScenario},
	{"run", "--set", "a.b=1", estScenario},
	{"run", "--set", "outcome.reconvictions.effect=NaN", estScenario},
	{"run", "--set", "outcome.reconvictions.effect=Inf", estScenario},
	{"run", "--format", "yaml", estScenario},
	{"run", "--table", "summary", estScenario},
	{"params", "--format", "xml", estScenario},
	{"params", "--timing=sometimes", estScenario},
	{"outputs", "--format", "xml", estScenario},
	// the sensitivity commands
	{"tornado", "--output", "nope", estScenario, estUncertainty},
	{"tornado", "--set", "x", estScenario, estUncertainty},
	{"tornado", "--set", "outcome.reconvictions.effect=abc", estScenario, estUncertainty},
	{"tornado", "--plot", "t.gif", estScenario, estUncertainty},
	{"grid", "--x", "outcome.custody_days.effect", "--y", "cost.custody_day.unit_cost", "--x-range", "1", estScenario, estUncertainty},
	{"grid", "--x", "outcome.custody_days.effect", "--y", "cost.custody_day.unit_cost", "--x-range", "a,b", estScenario, estUncertainty},
	{"grid", "--x", "outcome.custody_days.effect", "--y", "cost.custody_day.unit_cost", "--x-range", "5,1", estScenario, estUncertainty},
	{"grid", "--x", "outcome.custody_days.effect", "--y", "cost.custody_day.unit_cost", "--x-range", "1,1", estScenario, estUncertainty},
	{"grid", "--x", "outcome.custody_days.effect", "--y", "cost.custody_day.unit_cost", "--y-range", "1,2,3", estScenario, estUncertainty},
	{"grid", "--x", "outcome.custody_days.effect", "--y", "cost.custody_day.unit_cost", "--steps", "abc", estScenario, estUncertainty},
	{"grid", "--x", "outcome.custody_days.effect", "--y", "cost.custody_day.unit_cost", "--steps", "1", estScenario, estUncertainty},
	{"grid", "--x", "outcome.custody_days.effect", "--y", "cost.custody_day.unit_cost", "--steps", "-3", estScenario, estUncertainty},
	{"grid", "--x", "outcome.custody_days.effect", "--y", "cost.custody_day.unit_cost", "--y-steps", "-2", estScenario, estUncertainty},
	{"grid", "--x", "outcome.custody_days.effect", "--y", "cost.custody_day.unit_cost", "--steps", "100000", estScenario, estUncertainty},
	{"grid", "--x", "nope", "--y", "cost.custody_day.unit_cost", estScenario, estUncertainty},
	{"grid", "--x", "outcome.custody_days.effect", "--y", "outcome.custody_days.effect", estScenario, estUncertainty},
	{"breakeven", "--param", "outcome.custody_days.effect", "--target", "abc", estScenario, estUncertainty},
	{"breakeven", "--param", "outcome.custody_days.effect", "--target", "", estScenario, estUncertainty},
	{"breakeven", "--param", "outcome.custody_days.effect", "--target", "NaN", estScenario, estUncertainty},
	{"breakeven", "--param", "outcome.custody_days.effect", "--range", "1", estScenario, estUncertainty},
	{"breakeven", "--param", "outcome.custody_days.effect", "--range", "x,2", estScenario, estUncertainty},
	{"breakeven", "--param", "outcome.custody_days.effect", "--range", "3,1", estScenario, estUncertainty},
	{"simulate", "--draws", "abc", estScenario, estUncertainty},
	{"simulate", "--draws", "-5", estScenario, estUncertainty},
	{"simulate", "--draws", "0", estScenario, estUncertainty},
	{"simulate", "--seed", "-1", estScenario, estUncertainty},
	{"simulate", "--seed", "abc", estScenario, estUncertainty},
	{"simulate", "--workers", "-1", estScenario, estUncertainty},
	{"simulate", "--workers", "x", estScenario, estUncertainty},
	{"simulate", "--hist", "h.bmp", estScenario, estUncertainty},
	{"simulate", "--cdf", "c", estScenario, estUncertainty},
	{"simulate", "--format", "csv", "--table", "nope", estScenario, estUncertainty},
	{"sobol", "--n", "abc", estScenario, estUncertainty},
	{"sobol", "--n", "0", estScenario, estUncertainty},
	{"sobol", "--n", "-8", estScenario, estUncertainty},
	{"sobol", "--boot", "-1", estScenario, estUncertainty},
	{"sobol", "--boot", "abc", estScenario, estUncertainty},
	{"sobol", "--seed", "-1", estScenario, estUncertainty},
	{"sobol", "--conf", "1", estScenario, estUncertainty},
	{"sobol", "--conf", "abc", estScenario, estUncertainty},
	{"sobol", "--estimator", "x", estScenario, estUncertainty},
	{"sobol", "--workers", "-2", estScenario, estUncertainty},
	{"sobol", "--random=often", estScenario, estUncertainty},
}

// TestBadFlagValues: every malformed flag value is a usage error: exit 2,
// nothing on stdout, and on stderr the message on one line ("sib CMD:
// ...") and the pointer to --help.
func TestBadFlagValues(t *testing.T) {
	for _, args := range badFlagCases {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(args, nil, &stdout, &stderr)
			if code != exitUsage {
				t.Errorf("exit %d, want %d\nstderr: %s", code, exitUsage, stderr.String())
			}
			if stdout.Len() > 0 {
				t.Errorf("stdout on a usage error:\n%s", stdout.String())
			}
			lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
			want := `Run "sib ` + args[0] + ` --help" for usage.`
			if len(lines) != 2 || !strings.HasPrefix(lines[0], "sib "+args[0]+": ") || lines[1] != want {
				t.Errorf("stderr is not one message and the pointer to --help:\n%s", stderr.String())
			}
		})
	}
}

// TestVersionText: the version names the module's version and the commit
// the go command recorded, its time and whether the checkout had changes.
func TestVersionText(t *testing.T) {
	bi := &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "github.com/sib-engine/sib", Version: "v0.3.0"},
		Settings: []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "225ce2b1577032455ab3a1b81d55000e0d21098c"},
			{Key: "vcs.time", Value: "2026-03-01T10:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	want := "sib v0.3.0\nmodule: github.com/sib-engine/sib\ncommit: 225ce2b1577032455ab3a1b81d55000e0d21098c (2026-03-01T10:00:00Z), with changes not committed\ngo: go1.26.0\n"
	if got := versionText(bi, true); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// Built from a checkout without VCS stamping (go test, -buildvcs=false).
	bi = &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "github.com/sib-engine/sib", Version: "(devel)"}}
	want = "sib (devel)\nmodule: github.com/sib-engine/sib\ncommit: unknown (not built from a git checkout, or with -buildvcs=false)\ngo: go1.26.0\n"
	if got := versionText(bi, true); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := versionText(nil, false); !strings.Contains(got, "no build information") {
		t.Errorf("without build information: %q", got)
	}
	for _, args := range [][]string{{"--version"}, {"version"}} {
		var stdout, stderr bytes.Buffer
		if code := run(args, nil, &stdout, &stderr); code != exitOK || !strings.HasPrefix(stdout.String(), "sib ") || stderr.Len() > 0 {
			t.Errorf("sib %s: exit %d, stdout %q, stderr %q", args[0], code, stdout.String(), stderr.String())
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"version", "x"}, nil, &stdout, &stderr); code != exitUsage {
		t.Errorf("sib version x: exit %d, want %d", code, exitUsage)
	}
}

// TestHelpCommand: sib help CMD prints what sib CMD --help prints, for
// every command.
func TestHelpCommand(t *testing.T) {
	for _, c := range commands() {
		var a, b, errs bytes.Buffer
		ca := run([]string{"help", c.name}, nil, &a, &errs)
		cb := run([]string{c.name, "--help"}, nil, &b, &errs)
		if ca != exitOK || cb != exitOK || a.String() != b.String() || a.Len() == 0 {
			t.Errorf("sib help %s (exit %d) differs from sib %s --help (exit %d)", c.name, ca, c.name, cb)
		}
	}
}

// TestMisspelt: a misspelt command or flag is a usage error that names
// the nearest ones.
func TestMisspelt(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"runn"}, `sib: unknown command "runn"; did you mean "run"?`},
		{[]string{"simulat"}, `sib: unknown command "simulat"; did you mean "simulate"?`},
		{[]string{"help", "tornadoo"}, `sib: unknown command "tornadoo"; did you mean "tornado"?`},
		{[]string{"cots"}, `sib: unknown command "cots"; did you mean "cost"?`},
		{[]string{"cost", "--price-bsae", "2024", "x"}, "sib cost: unknown flag: --price-bsae; did you mean --price-base?"},
		{[]string{"simulate", "--draw", "10", "x", "y"}, "sib simulate: unknown flag: --draw; did you mean --draws?"},
		{[]string{"run", "--hlep"}, "sib run: unknown flag: --hlep; did you mean --help?"},
	}
	for _, tc := range cases {
		var stdout, stderr bytes.Buffer
		code := run(tc.args, nil, &stdout, &stderr)
		first, _, _ := strings.Cut(stderr.String(), "\n")
		if code != exitUsage || first != tc.want {
			t.Errorf("%v: exit %d, first line %q; want exit %d, %q", tc.args, code, first, exitUsage, tc.want)
		}
	}
}

// TestParticipantsEmptyRows: participants.csv, read by its own parallel
// reader, passes over rows of separators alone as csvio does, with a
// note, and the results are those of the file without them.
func TestParticipantsEmptyRows(t *testing.T) {
	const src = "../../testdata/estonia/outcomes"
	dir := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == "participants.csv" {
			lines := strings.SplitAfter(string(b), "\n")
			// One in the middle, a short one, and two at the end.
			b = []byte(strings.Join(lines[:100], "") + ",,,,,,,\n" + strings.Join(lines[100:], "") + ",,\n,,,,,,,\n")
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var want, got, stderr bytes.Buffer
	if code := run([]string{"outcomes", "--format", "csv", "--table", "effects", src}, nil, &want, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	stderr.Reset()
	if code := run([]string{"outcomes", "--format", "csv", "--table", "effects", "--workers", "2", dir}, nil, &got, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	// The provenance comments name the folders, which differ.
	if uncommented(got.String()) != uncommented(want.String()) {
		t.Errorf("the effects differ from the file's without empty rows:\n%s\nwant\n%s", got.String(), want.String())
	}
	note := "sib outcomes: note: " + filepath.Join(dir, "participants.csv") + ": skipped 3 empty rows: separators with no values\n"
	if !strings.Contains(stderr.String(), note) {
		t.Errorf("stderr %q does not say %q", stderr.String(), note)
	}
}

// uncommented drops a CSV report's "#" provenance lines.
func uncommented(s string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(s, "\n") {
		if !strings.HasPrefix(l, "#") {
			b.WriteString(l)
		}
	}
	return b.String()
}
