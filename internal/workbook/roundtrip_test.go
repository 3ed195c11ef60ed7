package workbook

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// bundledFolders are the input folders shipped with the project.
var bundledFolders = []string{
	"estonia/costing", "estonia/outcomes", "estonia/scenario", "estonia/uncertainty", "estonia/overpriced",
	"preschool/scenario", "employment/scenario", "employment/outcomes", "small/scenario",
	"youth-employment-claims", "youth-employment-claims/scenario", "youth-employment-claims/scenario-2016-q4",
	"published/peterborough", "published/newpin", "published/nyc-able", "published/icrc", "published/mhep-enfield",
}

func csvFiles(t *testing.T, dir string) []CSVFile {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []CSVFile
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".csv") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, CSVFile{Name: e.Name(), Data: data})
	}
	return files
}

// TestRoundTripBundled: every bundled input folder, made a workbook and
// read back, gives the same CSV files byte for byte.
func TestRoundTripBundled(t *testing.T) {
	for _, d := range bundledFolders {
		dir := filepath.Join("..", "..", "testdata", d)
		if _, err := os.Stat(dir); err != nil {
			continue
		}
		t.Run(d, func(t *testing.T) {
			files := csvFiles(t, dir)
			if len(files) == 0 {
				t.Skip("no CSV files")
			}
			var buf bytes.Buffer
			if err := Write(&buf, files); err != nil {
				t.Fatal(err)
			}
			b, err := ReadFrom(&buf, "x.xlsx", Limits{})
			if err != nil {
				t.Fatal(err)
			}
			got := b.Files()
			if len(got) != len(files) {
				t.Fatalf("%d sheets, want %d", len(got), len(files))
			}
			for _, f := range files {
				if !RoundTrips(f.Data) {
					t.Errorf("%s: does not round-trip", f.Name)
					continue
				}
				if !bytes.Equal(got[f.Name], f.Data) {
					t.Errorf("%s: differs after the round trip:\n%s\nwant\n%s", f.Name, got[f.Name], f.Data)
				}
			}
		})
	}
}
