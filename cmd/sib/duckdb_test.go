package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sib-engine/sib/internal/csvio"
)

// The DuckDB recipe (docs/duckdb.md, docs/duckdb/aggregates.sql) turns a
// participant file into aggregates.csv. Each case pairs a participants
// folder with the aggregates folder that DuckDB made from it
// (testdata/duckdb/regen.sh): the same metrics.csv, cohorts.csv,
// adjustments.csv and decay.csv, and aggregates.csv in place of
// participants.csv.
var duckdbCases = []struct{ participants, aggregates string }{
	{"../../testdata/estonia/outcomes", "../../testdata/duckdb/estonia"},
	{"../../testdata/duckdb/mixed", "../../testdata/duckdb/mixed-aggregates"},
}

// duckdbFlags are the runs compared: every format and table, and another
// confidence level.
var duckdbFlags = [][]string{
	nil,
	{"--format", "csv"},
	{"--format", "csv", "--table", "waterfall"},
	{"--format", "json"},
	{"--confidence", "0.90", "--format", "csv"},
}

// TestDuckDBAggregates checks, without DuckDB, that sib outcomes on the
// aggregates DuckDB made prints what it prints on the participant records,
// byte for byte but for the folder named in the provenance lines: every
// method (comparison, historical, trend, fixed, did) and kind (binary,
// count, duration, continuous).
func TestDuckDBAggregates(t *testing.T) {
	for _, c := range duckdbCases {
		t.Run(filepath.Base(c.aggregates), func(t *testing.T) {
			duckdbCopies(t, c.participants, c.aggregates)
			duckdbCompare(t, c.participants, c.aggregates)
		})
	}
}

// TestDuckDBAggregatesBootstrap pins where the two differ: the bootstrap
// of a binary metric resamples from the totals and gives the same
// interval; count, duration and continuous metrics need the individual
// values, so from aggregates their bootstrap columns are empty, with a
// warning, and every other column is the same.
func TestDuckDBAggregatesBootstrap(t *testing.T) {
	for _, c := range duckdbCases {
		t.Run(filepath.Base(c.aggregates), func(t *testing.T) {
			args := []string{"outcomes", "--format", "csv", "--bootstrap", "200", "--seed", "7"}
			want, _ := runSib(t, exitOK, append(args, c.participants)...)
			got, stderr := runSib(t, exitOK, append(args, c.aggregates)...)
			wr, gr := duckdbCSV(t, want), duckdbCSV(t, got)
			if len(wr) != len(gr) {
				t.Fatalf("%d rows from aggregates, %d from participants", len(gr), len(wr))
			}
			binary, other := 0, 0
			for i := range wr {
				w, g := wr[i], gr[i]
				if i == 0 || w[2] == "binary" {
					binary++
					if strings.Join(w, ",") != strings.Join(g, ",") {
						t.Errorf("row %d differs:\nparticipants %v\naggregates   %v", i, w, g)
					}
					continue
				}
				other++
				n := len(w)
				if strings.Join(w[:n-2], ",") != strings.Join(g[:n-2], ",") || g[n-2] != "" || g[n-1] != "" || w[n-2] == "" {
					t.Errorf("row %d: want the same row with empty boot_low and boot_high from aggregates:\nparticipants %v\naggregates   %v", i, w, g)
				}
				if !strings.Contains(stderr, "metric "+w[0]+": no bootstrap interval") {
					t.Errorf("no warning for metric %s in\n%s", w[0], stderr)
				}
			}
			if binary < 2 || other < 1 {
				t.Errorf("%d binary rows, %d others: the case no longer covers both", binary, other)
			}
		})
	}
}

// TestDuckDBRecipe runs the recipe itself when DuckDB is here: the duckdb
// shell on PATH, or else Node.js with @duckdb/node-api under
// $SIB_DUCKDB_NODE_MODULES (default /tmp/duckdb-npm/node_modules; see
// testdata/duckdb/duckdb.mjs). It aggregates each case's participants
// afresh and compares sib outcomes on the result with the participant-level
// run, as TestDuckDBAggregates does for the committed files.
func TestDuckDBRecipe(t *testing.T) {
	runDuckDB := duckdbRunner(t)
	for _, c := range duckdbCases {
		t.Run(filepath.Base(c.aggregates), func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range []string{"metrics.csv", "cohorts.csv", "adjustments.csv", "decay.csv"} {
				if b, err := os.ReadFile(filepath.Join(c.participants, f)); err == nil {
					if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			p, err := filepath.Abs(c.participants)
			if err != nil {
				t.Fatal(err)
			}
			script := fmt.Sprintf(`CREATE VIEW participants AS FROM read_csv('%s', all_varchar = true);
CREATE VIEW metrics AS FROM read_csv('%s', all_varchar = true);
.read docs/duckdb/aggregates.sql
COPY aggregates TO '%s' (HEADER);
`, filepath.Join(p, "participants.csv"), filepath.Join(p, "metrics.csv"), filepath.Join(dir, "aggregates.csv"))
			runDuckDB(script)
			duckdbCompare(t, c.participants, dir)
		})
	}
	t.Run("plain-numbers", func(t *testing.T) {
		// sib_plain writes every double as a number sib reads: no
		// exponent, at most 30 digits, 16 or 17 significant digits.
		sql, err := os.ReadFile("../../docs/duckdb/aggregates.sql")
		duckdbMust(t, err)
		start := bytes.Index(sql, []byte("CREATE OR REPLACE TEMP MACRO sib_plain"))
		end := bytes.Index(sql[start:], []byte(";\n"))
		if start < 0 || end < 0 {
			t.Fatal("no sib_plain macro in aggregates.sql")
		}
		xs := []float64{0, 1, -1, 0.1, 123456.789, 99999999999999.98, 1e15, 1e16, -3.5e16, 1.2345678901234567e20,
			1e-4, 9.87654321e-5, 1.2345678901234567e-7, -1.2345678901234567e-13, 1e-20}
		var values []string
		for _, x := range xs {
			values = append(values, fmt.Sprintf("(%s::DOUBLE)", strconv.FormatFloat(x, 'g', -1, 64)))
		}
		out := filepath.Join(t.TempDir(), "plain.csv")
		runDuckDB(fmt.Sprintf("%s;\nCOPY (SELECT sib_plain(x) AS s FROM (VALUES %s) t(x)) TO '%s' (HEADER);\n",
			sql[start:start+end], strings.Join(values, ", "), out))
		b, err := os.ReadFile(out)
		duckdbMust(t, err)
		got := strings.Split(strings.TrimSpace(string(b)), "\n")[1:]
		if len(got) != len(xs) {
			t.Fatalf("%d numbers, want %d:\n%s", len(got), len(xs), b)
		}
		for i, s := range got {
			y, err := csvio.ParseFloat(s, false)
			tol := max(1e-15*math.Abs(xs[i]), 1e-28) // 17 significant digits, or 28 decimals
			if err != nil || math.Abs(y-xs[i]) > tol {
				t.Errorf("sib_plain(%g) = %q: read back as %g, %v", xs[i], s, y, err)
			}
		}
	})
	t.Run("checks", func(t *testing.T) {
		// The recipe stops where sib outcomes would stop on the participants.
		for _, tc := range []struct{ name, records, msg string }{
			{"duplicate", "A,treatment,1,2024,1\nA,treatment,1,2024,0\n", "participant A has 2 records for period 2024"},
			{"binary-2", "A,treatment,1,2024,2\nB,treatment,1,2024,1\n", "metric reoffend (binary), group treatment, cohort 1, period 2024: values other than 0 or 1: 1"},
			{"count-half", "A,treatment,1,2024,1,0.5\n", "metric arrests (count), group treatment, cohort 1, period 2024: values other than whole numbers from 0 to 10^9: 1"},
			{"count-negative", "A,treatment,1,2024,1,-1\n", "values other than whole numbers from 0 to 10^9: 1"},
			{"no-metric-column", "A,treatment,1,2024\n", "no column for metric reoffend"},
			{"unknown-column", "A,treatment,1,2024,1,0,x\n", "column extra is not a metric"},
			{"not-a-number", "A,treatment,1,2024,NA\n", "NA"},
			{"empty-id", " ,treatment,1,2024,1\n", "a record with an empty id"},
			{"nan", "A,treatment,1,2024,nan\n", "values other than 0 or 1"},
			{"blank-row", "A,treatment,1,2024,1\n,,,,\n", ""}, // passed over, as sib passes over it
			{"empty-group", "A,,1,2024,1\n", "an empty group label"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				dir := t.TempDir()
				header := "id,group,cohort,period,reoffend"
				switch {
				case strings.HasPrefix(tc.name, "count"):
					header += ",arrests"
				case tc.name == "no-metric-column":
					header = "id,group,cohort,period"
				case tc.name == "unknown-column":
					header += ",arrests,extra"
				}
				duckdbMust(t, os.WriteFile(filepath.Join(dir, "participants.csv"), []byte(header+"\n"+tc.records), 0o644))
				metrics := "metric,kind,direction,method,baseline\nreoffend,binary,lower,fixed,0.4\n"
				if strings.Contains(header, "arrests") {
					metrics += "arrests,count,lower,fixed,0.8\n"
				}
				duckdbMust(t, os.WriteFile(filepath.Join(dir, "metrics.csv"), []byte(metrics), 0o644))
				out, err := duckdbScript(t, fmt.Sprintf(`CREATE VIEW participants AS FROM read_csv('%[1]s/participants.csv', all_varchar = true);
CREATE VIEW metrics AS FROM read_csv('%[1]s/metrics.csv', all_varchar = true);
.read docs/duckdb/aggregates.sql
COPY aggregates TO '%[1]s/aggregates.csv' (HEADER);
`, dir))
				if tc.msg == "" {
					got, rerr := os.ReadFile(filepath.Join(dir, "aggregates.csv"))
					if want := "metric,group,cohort,period,n,events,sum,sum_sq,sd\nreoffend,treatment,1,2024,1,1,,,\n"; err != nil || rerr != nil || string(got) != want {
						t.Errorf("err %v, %v, output %q: want aggregates.csv\n%s", err, rerr, out, want)
					}
					return
				}
				if err == nil || !strings.Contains(out, tc.msg) {
					t.Errorf("err %v, output %q: want an error with %q", err, out, tc.msg)
				}
				if _, err := os.Stat(filepath.Join(dir, "aggregates.csv")); err == nil {
					t.Error("aggregates.csv written despite the error")
				}
			})
		}
	})
}

// duckdbRunner returns a function that runs a duckdb script from the
// repository's root, or skips the test when no DuckDB is here.
func duckdbRunner(t *testing.T) func(script string) {
	t.Helper()
	duckdbScript(t, "SELECT 1;") // skips when absent
	return func(script string) {
		t.Helper()
		if out, err := duckdbScript(t, script); err != nil {
			t.Fatalf("duckdb: %v\n%s", err, out)
		}
	}
}

// duckdbScript runs script with the duckdb shell, or the Node.js stand-in,
// from the repository's root; it skips the test when neither is here.
func duckdbScript(t *testing.T, script string) (string, error) {
	t.Helper()
	var cmd *exec.Cmd
	if path, err := exec.LookPath("duckdb"); err == nil {
		cmd = exec.Command(path, "-bail")
	} else {
		modules := os.Getenv("SIB_DUCKDB_NODE_MODULES")
		if modules == "" {
			modules = "/tmp/duckdb-npm/node_modules"
		}
		node, err := exec.LookPath("node")
		if _, serr := os.Stat(filepath.Join(modules, "@duckdb", "node-api")); err != nil || serr != nil {
			t.Skip("no duckdb on PATH, nor node with @duckdb/node-api in $SIB_DUCKDB_NODE_MODULES (default /tmp/duckdb-npm/node_modules)")
		}
		cmd = exec.Command(node, "testdata/duckdb/duckdb.mjs")
		cmd.Env = append(os.Environ(), "SIB_DUCKDB_NODE_MODULES="+modules)
	}
	cmd.Dir = "../.."
	cmd.Stdin = strings.NewReader(script)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func duckdbMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// duckdbCompare runs sib outcomes on both folders with each of
// duckdbFlags and compares the output, the folder's name aside.
func duckdbCompare(t *testing.T, participants, aggregates string) {
	t.Helper()
	for _, flags := range duckdbFlags {
		args := append([]string{"outcomes"}, flags...)
		want, werr := runSib(t, exitOK, append(args, participants)...)
		got, gerr := runSib(t, exitOK, append(args, aggregates)...)
		got = strings.ReplaceAll(got, aggregates, participants)
		if got != want {
			t.Errorf("sib %s: aggregates give\n%s\nparticipants give\n%s", strings.Join(args, " "), got, want)
		}
		if gerr != werr {
			t.Errorf("sib %s: warnings differ:\naggregates:\n%s\nparticipants:\n%s", strings.Join(args, " "), gerr, werr)
		}
	}
}

// duckdbCopies checks that the aggregates folder has the participants
// folder's files but participants.csv, unchanged.
func duckdbCopies(t *testing.T, participants, aggregates string) {
	t.Helper()
	for _, f := range []string{"metrics.csv", "cohorts.csv", "adjustments.csv", "decay.csv"} {
		want, werr := os.ReadFile(filepath.Join(participants, f))
		got, gerr := os.ReadFile(filepath.Join(aggregates, f))
		switch {
		case os.IsNotExist(werr) && os.IsNotExist(gerr):
		case werr != nil || gerr != nil:
			t.Errorf("%s: %v; %v", f, werr, gerr)
		case !bytes.Equal(got, want):
			t.Errorf("%s differs from %s's: run sh testdata/duckdb/regen.sh", filepath.Join(aggregates, f), participants)
		}
	}
	if _, err := os.Stat(filepath.Join(aggregates, "participants.csv")); err == nil {
		t.Errorf("%s has participants.csv", aggregates)
	}
}

// duckdbCSV parses sib's CSV output, its # comment lines aside.
func duckdbCSV(t *testing.T, s string) [][]string {
	t.Helper()
	r := csv.NewReader(strings.NewReader(s))
	r.Comment = '#'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}
