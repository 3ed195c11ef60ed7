package main

import (
	"slices"
	"testing"
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
