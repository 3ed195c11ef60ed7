package main

import (
	"bytes"
	"errors"
	"slices"
	"testing"

	"github.com/sib-engine/sib/internal/csvio"
)

// A misspelt command gets a suggestion only within max(1, len/3) edits;
// a word that is no command's misspelling gets the list of commands.
func TestNearCommands(t *testing.T) {
	cases := map[string][]string{
		"runn":     {"run"},
		"rn":       {"run"},
		"simualte": {"simulate"},
		"tornado":  {"tornado"},
		"cots":     {"cost"}, // a swap is one edit
		"csot":     {"cost"},
		"ocst":     {"cost"},
		"cst":      {"cost"},
		"rnu":      {"run"},
		"tornda":   {"tornado"},
		"grids":    {"grid"},
		"sim":      nil,
		"nosuch":   nil, // was "cost"
		"xyz":      nil,
		"r":        nil,
		"irrr":     {"irr"},
	}
	for in, want := range cases {
		if got := nearCommands(in); !slices.Equal(got, want) {
			t.Errorf("nearCommands(%q) = %q, want %q", in, got, want)
		}
	}
}

// setsError blames the --set changes (exit 2) only when the scenario
// without them is valid; without changes, or when the files are at fault
// too, an error is the data's (exit 1).
func TestSetsError(t *testing.T) {
	err := errors.New("value out of range: x")
	cases := []struct {
		dir  string
		sets []string
		want int
	}{
		{"testdata/scenario-ok-ptiming", []string{"term.bands.to=2"}, exitUsage},
		{"testdata/scenario-ok-ptiming", nil, exitData},
		{"testdata/bad/scenario-cap", []string{"term.t.price=1"}, exitData}, // the files have an error of their own
	}
	for _, c := range cases {
		var stderr bytes.Buffer
		if got := setsError(&stderr, "run", c.dir, c.sets, csvio.Limits{}, true, err); got != c.want {
			t.Errorf("setsError(%s, %q) = %d, want %d (%s)", c.dir, c.sets, got, c.want, stderr.String())
		}
	}
}
