package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The fixture testdata/scenario-ok-gross, by hand: 100 participants, 0.5
// outcomes a year each in years 1 and 2 (100 outcomes), each avoiding 2
// units of a service at 1000 of which 30% is cashable; 800 an outcome;
// no inflation or discounting. Gross saving 100 × 2 × 1000 = 200000,
// cashable 60000, payments 80000: net 120000 on the gross measure,
// −20000 on the cashable; ratios 200000 / 80000 = 2.5 and 0.75. The
// contract names the gross measure (saving_measure gross).
const grossFixture = "testdata/scenario-ok-gross"

// TestSavingMeasureSummary: the summary gives both measures, the
// contract's first and marked as such, with its own ratio.
func TestSavingMeasureSummary(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"run", "--format", "csv", grossFixture}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	r := csv.NewReader(&stdout)
	r.Comment = '#'
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var items []string
	values, notes := map[string]string{}, map[string]string{}
	for _, row := range rows[1:] {
		items = append(items, row[0])
		values[row[0]], notes[row[0]] = row[1], row[3]
	}
	for item, want := range map[string]string{
		"state: net saving PV, gross":             "120000.00",
		"state: net saving PV":                    "-20000.00",
		"state: savings-to-payments ratio, gross": "2.5",
		"state: savings-to-payments ratio":        "0.75",
	} {
		if values[item] != want {
			t.Errorf("%s = %q, want %s", item, values[item], want)
		}
	}
	var marked []string
	for _, it := range items {
		if strings.Contains(notes[it], "the contract's measure") {
			marked = append(marked, it)
		}
	}
	if want := []string{"state: net saving PV, gross", "state: savings-to-payments ratio, gross"}; strings.Join(marked, "|") != strings.Join(want, "|") {
		t.Errorf("rows marked as the contract's measure: %q, want %q", marked, want)
	}
	if g, c := indexOf(items, "state: net saving PV, gross"), indexOf(items, "state: net saving PV"); g < 0 || c < 0 || g > c {
		t.Errorf("the contract's measure comes first: gross at %d, cashable at %d", g, c)
	}
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

// TestSavingMeasureDefaultOutput: without --output, the sensitivity
// commands follow the state's net saving on the contract's measure; on
// the cashable default, state.net as before.
func TestSavingMeasureDefaultOutput(t *testing.T) {
	spec := "testdata/spec-file/gross-spec.csv"
	cashable := filepath.Join(t.TempDir(), "cashable")
	copyDir(t, grossFixture, cashable, func(name string, b []byte) []byte {
		if name == "scenario.csv" {
			return bytes.Replace(b, []byte("saving_measure,gross"), []byte("saving_measure,cashable"), 1)
		}
		return b
	})
	for _, c := range []struct {
		dir, want, base string
	}{
		{grossFixture, "state.net_gross", "120000.00"},
		{cashable, "state.net", "-20000.00"},
	} {
		for _, args := range [][]string{
			{"tornado", "--format", "json", c.dir, spec},
			{"grid", "--format", "json", "--x", "outcome.m.effect", "--x-range", "0,1", "--y", "term.t.price", "--y-range", "0,1000", "--steps", "2", c.dir},
			{"breakeven", "--format", "json", "--param", "term.t.price", "--range", "0,5000", c.dir},
			{"sobol", "--format", "json", "--n", "64", c.dir, spec},
			{"simulate", "--format", "json", "--draws", "10", c.dir, spec},
		} {
			var stdout, stderr bytes.Buffer
			if code := run(args, nil, &stdout, &stderr); code != exitOK {
				t.Fatalf("%v: exit %d: %s", args, code, stderr.String())
			}
			out := stdout.String()
			if args[0] == "simulate" {
				// The first output of the summary is the contract's measure.
				if i, j := strings.Index(out, `"`+c.want+`"`), strings.Index(out, `"payments.total"`); i < 0 || i > j {
					t.Errorf("%v: %s is not the first output:\n%s", args, c.want, out)
				}
				continue
			}
			if !strings.Contains(out, `"output": "`+c.want+`"`) {
				t.Errorf("%v: output is not %s:\n%s", args, c.want, out)
			}
			if args[0] == "tornado" && !strings.Contains(out, `"base_output": `+c.base) {
				t.Errorf("%v: base output is not %s:\n%s", args, c.base, out)
			}
		}
	}
}

// copyDir copies the files of folder from into to, through edit.
func copyDir(t *testing.T, from, to string, edit func(name string, b []byte) []byte) {
	t.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), edit(e.Name(), b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRunPlotGross: on the gross measure the agencies chart draws the
// gross saving and the net on it beside the cashable saving and the
// payments (golden run-plot-gross-agencies.svg).
func TestRunPlotGross(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "charts")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"run", "--plot", dir, grossFixture}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	b, err := os.ReadFile(filepath.Join(dir, "agencies.svg"))
	if err != nil {
		t.Fatal(err)
	}
	for _, label := range []string{"gross saving", "cashable saving", "outcome payments", "net, gross (the contract"} {
		if !bytes.Contains(b, []byte(label)) {
			t.Errorf("the agencies chart has no %q", label)
		}
	}
	golden(t, "run-plot-gross-agencies.svg", bytes.ReplaceAll(b, []byte(dir), []byte("TMP")))
}
