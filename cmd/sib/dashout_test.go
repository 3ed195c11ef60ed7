package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutDashMadeFolder: "--out -" made a folder named "-" (and
// "--plot -", "--weights -", "--shard-out -" a file or folder of that
// name). Every flag that names an output refuses "-" as a usage error,
// before anything is written, unless it takes "-" for standard output.
func TestOutDashMadeFolder(t *testing.T) {
	abs := func(p string) string {
		a, err := filepath.Abs(p)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	costing, sc, unc := abs("../../testdata/estonia/costing"), abs(estScenario), abs(estUncertainty)
	outcomesDir, matched, claimsDir := abs("../../testdata/estonia/outcomes"), abs("../../testdata/matched"), abs("../../testdata/youth-employment-claims")
	cases := [][]string{
		{"cost", "--out", "-", costing},
		{"outcomes", "--out", "-", outcomesDir},
		{"match", "--out", "-", matched},
		{"match", "--weights", "-", matched},
		{"match", "--plot", "-", matched},
		{"run", "--out", "-", sc},
		{"run", "--out=-", sc},
		{"run", "--plot", "-", sc},
		{"run", "--chance", "--plot", "-", sc},
		{"run", "--xlsx", "-", sc},
		{"claims", "--out", "-", claimsDir},
		{"report", "-o", "-", sc},
		{"tornado", "--plot", "-", sc, unc},
		{"simulate", "--hist", "-", sc, unc},
		{"simulate", "--shard", "1/2", "--shard-out", "-", sc, unc},
		{"sobol", "--shard", "1/2", "--shard-out", "-", sc, unc},
		// A new folder given as an argument.
		{"init", "--template", "ratecard", "-"},
		{"init", "--xlsx", "--template", "ratecard", "-"},
		{"convert", sc, "-"},
		{"claims", "--template", claimsDir, "-"},
		{"claims", "--generate", "10", claimsDir, "-"},
	}
	t.Chdir(t.TempDir())
	for _, args := range cases {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(args, nil, &stdout, &stderr)
			if code != exitUsage {
				t.Errorf("exit %d, want %d\nstderr: %s", code, exitUsage, stderr.String())
			}
			if !strings.Contains(stderr.String(), "not standard output") {
				t.Errorf("stderr does not say - is not standard output:\n%s", stderr.String())
			}
			if stdout.Len() > 0 {
				t.Errorf("stdout on a usage error:\n%s", stdout.String())
			}
			if ents, _ := os.ReadDir("."); len(ents) > 0 {
				t.Errorf("wrote %s", ents[0].Name())
				for _, e := range ents {
					os.RemoveAll(e.Name())
				}
			}
		})
	}
	// sib indigo --out - is standard output, as without --out.
	var stdout, stderr bytes.Buffer
	if code := run([]string{"indigo", "--out", "-", sc}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("indigo --out -: exit %d\n%s", code, stderr.String())
	}
	if !json.Valid(stdout.Bytes()) {
		t.Errorf("indigo --out -: stdout is not the JSON record:\n%.200s", stdout.String())
	}
	if ents, _ := os.ReadDir("."); len(ents) > 0 {
		t.Errorf("indigo --out - wrote %s", ents[0].Name())
	}
}
