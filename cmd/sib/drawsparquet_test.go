package main

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sib-engine/sib/internal/parquetio"
)

// --draws-out FILE.parquet holds the CSV's columns and values (money to
// the cent, rates as fractions; every bit where the CSV has 10
// significant digits) and the provenance in its metadata.
func TestDrawsOutParquet(t *testing.T) {
	dir := t.TempDir()
	pq, cs := filepath.Join(dir, "d.parquet"), filepath.Join(dir, "d.csv")
	for _, out := range []string{pq, cs} {
		if code, _, stderr := runCLI("simulate", "--draws", "700", "--seed", "5", "--draws-out", out, estScenario, estUncertainty); code != exitOK {
			t.Fatalf("%s: %s", out, stderr)
		}
	}
	data, _ := os.ReadFile(pq)
	cols, meta, err := parquetio.Read(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(meta["sib.command"], "--draws-out "+pq) || meta["sib.seed"] != "5" || !strings.HasPrefix(meta["sib.inputs"], `["`) {
		t.Errorf("metadata %v", meta)
	}
	text, _ := os.ReadFile(cs)
	var body []string
	for _, l := range strings.SplitAfter(string(text), "\n") {
		if !strings.HasPrefix(l, "#") {
			body = append(body, l)
		}
	}
	recs, err := csv.NewReader(strings.NewReader(strings.Join(body, ""))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 701 || len(recs[0]) != len(cols) {
		t.Fatalf("%d rows of %d columns in CSV, %d columns in Parquet", len(recs), len(recs[0]), len(cols))
	}
	for k, c := range cols {
		if c.Name != recs[0][k] {
			t.Fatalf("column %d: %q in Parquet, %q in CSV", k, c.Name, recs[0][k])
		}
		for i := range 700 {
			var x float64
			if k == 0 {
				x = float64(c.Int64[i])
			} else {
				x = c.Float64[i]
			}
			cell := recs[i+1][k]
			if cell == "" {
				if !math.IsNaN(x) {
					t.Fatalf("%s, draw %d: %v in Parquet, empty in CSV", c.Name, i, x)
				}
				continue
			}
			y, err := strconv.ParseFloat(cell, 64)
			// Money: the CSV's decimal rounding and Parquet's cent
			// rounding of the same float agree to the cent.
			money := strings.HasPrefix(c.Name, "state.") || strings.HasPrefix(c.Name, "payments.")
			// The CSV has 10 significant digits, Parquet every bit.
			if err != nil || math.Abs(x-y) > 6e-10*math.Abs(y) && !(money && math.Abs(x-y) < 0.0051) {
				t.Fatalf("%s, draw %d: %v in Parquet, %q in CSV", c.Name, i, x, cell)
			}
		}
	}
}
