package main

import (
	"io"

	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
)

// An error that only the --set changes cause is a usage error (exit 2),
// whichever check finds it: applySets checks each value's own range, and
// the rules that tie values together (a window's end after its start, a
// once-per-participant share at most 1) are checked when the model is
// compiled. compileSets and setsError tell the two apart by trying the
// scenario without the changes.

// compileSets compiles a scenario that --set changed (loaded from dir
// under lim). When it fails, the error is the changes' (exit 2) or the
// data's (exit 1): see setsError.
func compileSets(stderr io.Writer, cmd, dir string, s *scenario.Scenario, sets []string, lim csvio.Limits) (m *sib.Model, code int, done bool) {
	m, err := sib.CompileWith(s, sib.CompileOptions{MaxBytes: lim.MemoryBytes})
	if err != nil {
		return nil, setsError(stderr, cmd, dir, sets, lim, false, err), true
	}
	return m, exitOK, false
}

// setsError reports err, an error of the scenario in dir with the --set
// changes sets: a usage error with the same message when the scenario
// without them compiles (and, with run, runs), else a data error.
func setsError(stderr io.Writer, cmd, dir string, sets []string, lim csvio.Limits, run bool, err error) int {
	if len(sets) > 0 && validWithoutSets(dir, lim, run) {
		return usageError(stderr, cmd, "%s", err)
	}
	return dataError(stderr, cmd, err)
}

// validWithoutSets reports whether the scenario in dir, as its files have
// it, compiles (and, with run, runs).
func validWithoutSets(dir string, lim csvio.Limits, run bool) bool {
	lim.Notes = nil // noted once, by the first load
	s, err := scenario.LoadWith(dir, scenario.LoadOptions{Limits: lim})
	if err != nil {
		return false
	}
	m, err := sib.CompileWith(s, sib.CompileOptions{MaxBytes: lim.MemoryBytes})
	if err != nil {
		return false
	}
	if run {
		_, err = m.Run(s.Values())
	}
	return err == nil
}
