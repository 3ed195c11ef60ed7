package main

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// cliCases run the CLI and compare its output with golden files
// testdata/golden/NAME.stdout and NAME.stderr; the exit code is part of the
// case. Paths are relative to this package's folder, where go test runs.
var cliCases = []struct {
	name string
	args []string
	code int
}{
	{"help", []string{"--help"}, exitOK},
	{"no-args", nil, exitUsage},
	{"unknown-command", []string{"frobnicate"}, exitUsage},
	{"cost-help", []string{"cost", "--help"}, exitOK},
	{"cost-estonia", []string{"cost", "../../testdata/estonia/costing"}, exitOK},
	{"cost-estonia-2024-avoid", []string{"cost", "--year", "2024", "--avoid", "custody_day=10%", "--avoid", "court_case=25", "--avoid", "special_school_day=2920", "../../testdata/estonia/costing"}, exitOK},
	{"cost-estonia-base-2022", []string{"cost", "--price-base", "2022", "--format", "csv", "../../testdata/estonia/costing"}, exitOK},
	{"cost-estonia-members-csv", []string{"cost", "--format", "csv", "--table", "members", "../../testdata/estonia/costing"}, exitOK},
	{"cost-estonia-json", []string{"cost", "--format", "json", "--year", "2024", "--avoid", "probation_month=600", "../../testdata/estonia/costing"}, exitOK},
	{"cost-avoided-csv", []string{"cost", "--format", "csv", "--table", "avoided_lines", "--avoid", "custody_day=3650", "../../testdata/estonia/costing"}, exitOK},
	// Usage errors: exit 2.
	{"cost-bad-format", []string{"cost", "--format", "xml", "../../testdata/estonia/costing"}, exitUsage},
	{"cost-bad-flag", []string{"cost", "--price-bsae", "2024", "../../testdata/estonia/costing"}, exitUsage},
	{"cost-no-folder", []string{"cost"}, exitUsage},
	{"cost-not-a-folder", []string{"cost", "testdata/nowhere"}, exitUsage},
	{"cost-bad-avoid", []string{"cost", "--avoid", "custody_day", "../../testdata/estonia/costing"}, exitUsage},
	{"cost-avoided-needs-avoid", []string{"cost", "--format", "csv", "--table", "avoided", "../../testdata/estonia/costing"}, exitUsage},
	{"cost-out-is-input", []string{"cost", "--out", "../../testdata/estonia/costing", "../../testdata/estonia/costing"}, exitUsage},
	{"cost-table-without-csv", []string{"cost", "--table", "members", "../../testdata/estonia/costing"}, exitUsage},
	// Data errors: exit 1 and nothing on stdout.
	{"cost-bad-amount", []string{"cost", "testdata/bad/amount"}, exitData},
	{"cost-bad-missing-deflator-year", []string{"cost", "testdata/bad/deflator"}, exitData},
	{"cost-bad-zero-units", []string{"cost", "testdata/bad/zero-units"}, exitData},
	{"cost-bad-price-base", []string{"cost", "--price-base", "2030", "../../testdata/estonia/costing"}, exitData},
	{"cost-reconciliation-csv", []string{"cost", "--format", "csv", "--table", "reconciliation", "../../testdata/estonia/costing"}, exitOK},
	{"cost-avoid-too-much", []string{"cost", "--avoid", "court_case=1000", "../../testdata/estonia/costing"}, exitData},
	{"cost-avoid-unknown-service", []string{"cost", "--avoid", "hospital_day=1", "../../testdata/estonia/costing"}, exitData},
	{"cost-bad-year", []string{"cost", "--year", "2019", "../../testdata/estonia/costing"}, exitData},
	{"cost-bad-misspelt-file", []string{"cost", "testdata/bad/misspelt"}, exitData},
	{"cost-bad-thousands-separator", []string{"cost", "testdata/bad/thousands"}, exitData},
	{"cost-warnings", []string{"cost", "--format", "csv", "--table", "reconciliation", "testdata/warn"}, exitOK},

	{"run-help", []string{"run", "--help"}, exitOK},
	{"params-help", []string{"params", "--help"}, exitOK},
	{"run-estonia", []string{"run", "../../testdata/estonia/scenario"}, exitOK},
	{"run-estonia-json", []string{"run", "--format", "json", "../../testdata/estonia/scenario"}, exitOK},
	{"run-estonia-tranches-csv", []string{"run", "--format", "csv", "--table", "tranches", "../../testdata/estonia/scenario"}, exitOK},
	{"run-preschool", []string{"run", "../../testdata/preschool/scenario"}, exitOK},
	{"run-employment", []string{"run", "../../testdata/employment/scenario"}, exitOK},
	{"run-small", []string{"run", "testdata/scenario-ok"}, exitOK},
	{"run-no-irr", []string{"run", "--set", "outcome.reconvictions.effect=0", "--set", "outcome.custody_days.effect=0", "--set", "outcome.school_dropout.effect=0", "../../testdata/estonia/scenario"}, exitOK},
	{"params-estonia", []string{"params", "../../testdata/estonia/scenario"}, exitOK},
	{"params-preschool-csv", []string{"params", "--format", "csv", "../../testdata/preschool/scenario"}, exitOK},
	{"run-bad-set-name", []string{"run", "--set", "outcome.reconviction.effect=0.1", "../../testdata/estonia/scenario"}, exitUsage},
	{"run-bad-set-range", []string{"run", "--set", "cohort.c1.take_up=1.5", "../../testdata/estonia/scenario"}, exitUsage},
	{"run-bad-table", []string{"run", "--format", "csv", "--table", "ledger", "../../testdata/estonia/scenario"}, exitUsage},
	{"run-no-folder", []string{"run"}, exitUsage},
	{"run-bad-unknown-setting", []string{"run", "testdata/bad/scenario-unknown-setting"}, exitData},
	{"run-bad-tiers", []string{"run", "testdata/bad/scenario-tiers"}, exitData},
	{"run-bad-share", []string{"run", "testdata/bad/scenario-share"}, exitData},
	{"run-bad-cap", []string{"run", "testdata/bad/scenario-cap"}, exitData},
	{"run-bad-priority", []string{"run", "testdata/bad/scenario-priority"}, exitData},
	{"run-bad-metric", []string{"run", "testdata/bad/scenario-metric"}, exitData},
	{"run-bad-dates", []string{"run", "testdata/bad/scenario-dates"}, exitData},
	{"run-bad-lag", []string{"run", "testdata/bad/scenario-lag"}, exitData},
	{"params-bad", []string{"params", "testdata/bad/scenario-tiers"}, exitData},

	{"outcomes-help", []string{"outcomes", "--help"}, exitOK},
	{"outcomes-estonia", []string{"outcomes", "../../testdata/estonia/outcomes"}, exitOK},
	{"outcomes-estonia-csv", []string{"outcomes", "--format", "csv", "../../testdata/estonia/outcomes"}, exitOK},
	{"outcomes-estonia-waterfall-csv", []string{"outcomes", "--format", "csv", "--table", "waterfall", "../../testdata/estonia/outcomes"}, exitOK},
	{"outcomes-estonia-json-90", []string{"outcomes", "--format", "json", "--confidence", "0.9", "../../testdata/estonia/outcomes"}, exitOK},
	{"outcomes-estonia-bootstrap", []string{"outcomes", "--format", "csv", "--bootstrap", "400", "--seed", "7", "--workers", "1", "../../testdata/estonia/outcomes"}, exitOK},
	{"outcomes-zero-events", []string{"outcomes", "--format", "csv", "../../testdata/reference/outcomes/cases/aggregates"}, exitOK},
	{"outcomes-bootstrap-aggregates", []string{"outcomes", "--bootstrap", "50", "--format", "csv", "../../testdata/reference/outcomes/cases/aggregates"}, exitOK},
	{"outcomes-bad-binary", []string{"outcomes", "testdata/bad/outcomes-binary"}, exitData},
	{"outcomes-bad-group", []string{"outcomes", "testdata/bad/outcomes-group"}, exitData},
	{"outcomes-bad-empty-group", []string{"outcomes", "testdata/bad/outcomes-empty-group"}, exitData},
	{"outcomes-bad-share", []string{"outcomes", "testdata/bad/outcomes-shares"}, exitData},
	{"outcomes-bad-confidence", []string{"outcomes", "--confidence", "95", "../../testdata/estonia/outcomes"}, exitUsage},
	{"outcomes-seed-without-bootstrap", []string{"outcomes", "--seed", "3", "../../testdata/estonia/outcomes"}, exitUsage},
	{"outcomes-no-folder", []string{"outcomes"}, exitUsage},

	{"power-help", []string{"power", "--help"}, exitOK},
	{"power-binary-mde", []string{"power", "--kind", "binary", "--baseline", "0.42", "--n", "200,400,800"}, exitOK},
	{"power-binary-n", []string{"power", "--kind", "binary", "--baseline", "0.42", "--effect", "0.05,0.10", "--power", "0.9"}, exitOK},
	{"power-continuous-ratio", []string{"power", "--kind", "continuous", "--direction", "higher", "--sd", "4000", "--effect", "1000", "--n2-ratio", "2", "--format", "json"}, exitOK},
	{"power-count-one-sided", []string{"power", "--kind", "count", "--baseline", "0.9", "--n", "300", "--n2", "600", "--one-sided", "--format", "csv"}, exitOK},
	{"power-missing-baseline", []string{"power", "--kind", "binary", "--n", "100"}, exitUsage},
	{"power-bad-baseline", []string{"power", "--kind", "binary", "--baseline", "1.5", "--n", "100"}, exitUsage},
	{"power-no-solution", []string{"power", "--kind", "binary", "--baseline", "0.02", "--n", "20"}, exitData},
	{"power-zero-power", []string{"power", "--kind", "binary", "--baseline", "0.42", "--n", "200", "--power", "0"}, exitUsage},
	{"power-effect-too-large", []string{"power", "--kind", "binary", "--baseline", "0.42", "--effect", "0.5"}, exitUsage},
	{"power-large-n", []string{"power", "--kind", "continuous", "--sd", "1", "--n", "1000000,10000000", "--format", "csv"}, exitOK},
}

func TestCLI(t *testing.T) {
	for _, tc := range cliCases {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tc.args, strings.NewReader(""), &stdout, &stderr)
			if code != tc.code {
				t.Errorf("exit code %d, want %d\nstderr: %s", code, tc.code, stderr.String())
			}
			if tc.code == exitData && stdout.Len() > 0 {
				t.Errorf("partial output on a data error:\n%s", stdout.String())
			}
			golden(t, tc.name+".stdout", stdout.Bytes())
			golden(t, tc.name+".stderr", stderr.Bytes())
		})
	}
}

// golden compares got with testdata/golden/name, or rewrites it with
// -update. On a mismatch it writes name.got beside it and shows a diff.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	gotPath := strings.TrimSuffix(path, filepath.Ext(path)) + ".got-" + strings.TrimPrefix(filepath.Ext(path), ".")
	_ = os.WriteFile(gotPath, got, 0o644)
	diff, _ := exec.Command("diff", "-u", path, gotPath).CombinedOutput()
	t.Errorf("%s differs from the golden file (got written to %s):\n%s", name, gotPath, diff)
}

// TestREADMECommands runs the sib commands shown in README.md and the
// docs so that the documentation cannot drift from the CLI.
func TestREADMECommands(t *testing.T) {
	for _, doc := range []string{"../../README.md", "../../docs/costing.md", "../../docs/outcomes.md", "../../docs/scenario.md"} {
		body, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, line := range strings.Split(string(body), "\n") {
			line = strings.TrimSpace(line)
			if !strings.HasPrefix(line, "sib ") || strings.Contains(line, "<") || strings.HasSuffix(strings.Fields(line)[1], ":") {
				continue // not a command, a usage line, or a message ("sib cost: ...")
			}
			if i := strings.Index(line, " >"); i >= 0 {
				line = line[:i] // drop a redirection
			}
			args := strings.Fields(line)[1:]
			for i, a := range args {
				switch {
				case strings.HasPrefix(a, "testdata/"):
					args[i] = "../../" + a
				case a == "--out" && i+1 < len(args):
					args[i+1] = t.TempDir() // not into the repository
				}
			}
			var stdout, stderr bytes.Buffer
			if code := run(args, nil, &stdout, &stderr); code != exitOK {
				t.Errorf("%s: %q exits %d: %s", doc, line, code, stderr.String())
			}
			n++
		}
		if n == 0 {
			t.Errorf("%s shows no sib command", doc)
		}
	}
}

// TestCostOut checks that --out writes every table as CSV, the same as
// --format csv --table NAME prints.
func TestCostOut(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tables")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"cost", "--out", dir, "--avoid", "court_case=25", "../../testdata/estonia/costing"}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, name := range costTables {
		got, err := os.ReadFile(filepath.Join(dir, name+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		run([]string{"cost", "--format", "csv", "--table", name, "--avoid", "court_case=25", "../../testdata/estonia/costing"}, nil, &want, &stderr)
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s.csv differs from --format csv --table %s", name, name)
		}
	}
}

// TestCostOutStale: a second run without --avoid removes the avoided
// tables of a first run with it, so the folder only holds this run's tables.
func TestCostOutStale(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	run([]string{"cost", "--out", dir, "--avoid", "court_case=25", "../../testdata/estonia/costing"}, nil, &stdout, &stderr)
	if _, err := os.Stat(filepath.Join(dir, "avoided.csv")); err != nil {
		t.Fatal(err)
	}
	if code := run([]string{"cost", "--out", dir, "../../testdata/estonia/costing"}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, name := range []string{"avoided.csv", "avoided_lines.csv"} {
		if _, err := os.Stat(filepath.Join(dir, name)); !os.IsNotExist(err) {
			t.Errorf("%s of the first run is still there", name)
		}
	}
}

// TestMainBinary builds the command and runs it once as a process, to
// check the exit status reaches the shell.
func TestMainBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	bin := filepath.Join(t.TempDir(), "sib")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	err := exec.Command(bin, "cost", "testdata/bad/amount").Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != exitData {
		t.Errorf("exit status %v, want %d", err, exitData)
	}
}

// TestOutcomesOut checks that --out writes both tables as CSV, the same as
// --format csv --table would.
func TestOutcomesOut(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"outcomes", "--out", dir, "../../testdata/estonia/outcomes"}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, name := range outcomesTables {
		got, err := os.ReadFile(filepath.Join(dir, name+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		run([]string{"outcomes", "--format", "csv", "--table", name, "../../testdata/estonia/outcomes"}, nil, &want, &stderr)
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s.csv differs from --format csv --table %s", name, name)
		}
	}
}

// TestOutcomesWorkers: the output is the same byte for byte whatever
// --workers, with and without the bootstrap.
func TestOutcomesWorkers(t *testing.T) {
	for _, extra := range [][]string{nil, {"--bootstrap", "200", "--seed", "5"}} {
		var first []byte
		for _, w := range []string{"1", "2", "7"} {
			var stdout, stderr bytes.Buffer
			args := append([]string{"outcomes", "--format", "csv", "--workers", w}, extra...)
			if code := run(append(args, "../../testdata/estonia/outcomes"), nil, &stdout, &stderr); code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			if first == nil {
				first = stdout.Bytes()
			} else if !bytes.Equal(first, stdout.Bytes()) {
				t.Errorf("--workers %s %v: output differs from --workers 1", w, extra)
			}
		}
	}
}
