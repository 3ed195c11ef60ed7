package main

import (
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/internal/report"
)

// Provenance: every report says how it was made, in its metadata (text
// header lines, "# key: value" CSV comments, JSON fields; see
// report.Doc.Meta), and every --out folder in provenance.json:
//
//	command  the command line, rebuilt from the flags that were set (in
//	         name order, each repeatable flag's values in their order) and
//	         the arguments
//	inputs   every folder or file read: a scenario's costing and outcomes
//	         folders too
//	set      each --set change, in order (commands that take --set)
//	version  sib's module version and commit, when the binary has them
//	         (go build and go install stamp them; go test does not)
//
// The seed and the number of draws are in the metadata of the commands
// that draw. The reports that show the state's present values (run, compare and
// the sensitivity commands) state their discounting too: the PV date, the
// convention and the rates (discountingMeta, sib.Model.Discounting).

// provenanceFile is the file --out writes beside the tables.
const provenanceFile = "provenance.json"

// provenance is the metadata that says how a report was made. sets is
// nil for a command without --set.
func provenance(fs *pflag.FlagSet, inputs []string, sets *[]string) []report.Meta {
	m := []report.Meta{{Key: "command", Value: commandLine(fs)}}
	m = append(m, report.Meta{Key: "inputs", List: append([]string{}, inputs...)})
	if sets != nil {
		m = append(m, report.Meta{Key: "set", List: append([]string{}, (*sets)...)})
	}
	if v := version(); v != "" {
		m = append(m, report.Meta{Key: "version", Value: v})
	}
	return m
}

// withProvenance puts the provenance first in a document's metadata.
func withProvenance(doc *report.Doc, fs *pflag.FlagSet, inputs []string, sets *[]string) *report.Doc {
	doc.Meta = append(provenance(fs, inputs, sets), doc.Meta...)
	return doc
}

// commandLine rebuilds a command line from a parsed flag set: the flags
// that were set, in name order, but --workers, which changes the speed and
// not the results (so a report is the same byte for byte whatever it is),
// then the arguments, each quoted for a
// POSIX shell when it needs to be.
func commandLine(fs *pflag.FlagSet) string {
	return renderCommand(fs.Name(), commandFlags(fs), fs.Args())
}

// commandFlags are the flags commandLine shows, each as its words (its
// --name first), in name order.
func commandFlags(fs *pflag.FlagSet) [][]string {
	var flags [][]string
	fs.Visit(func(f *pflag.Flag) {
		if f.Name == "workers" {
			return // speed only: the results do not depend on it
		}
		name := "--" + f.Name
		sv, slice := f.Value.(pflag.SliceValue)
		switch {
		case f.Value.Type() == "bool":
			if f.Value.String() == "true" {
				flags = append(flags, []string{name})
			} else {
				flags = append(flags, []string{name + "=false"})
			}
		case slice && f.Value.Type() == "stringArray":
			var words []string
			for _, v := range sv.GetSlice() {
				words = append(words, name, v)
			}
			flags = append(flags, words)
		case slice:
			vals := sv.GetSlice()
			if strings.HasPrefix(f.Value.Type(), "float") {
				for i, v := range vals { // pflag writes 300.000000
					if x, err := strconv.ParseFloat(v, 64); err == nil {
						vals[i] = strconv.FormatFloat(x, 'f', -1, 64)
					}
				}
			}
			flags = append(flags, []string{name, strings.Join(vals, ",")})
		default:
			flags = append(flags, []string{name, f.Value.String()})
		}
	})
	return flags
}

// renderCommand writes a command line from its flags' words and its
// arguments, each quoted for a POSIX shell when it needs to be.
func renderCommand(cmd string, flags [][]string, args []string) string {
	parts := []string{"sib", cmd}
	for _, f := range flags {
		parts = append(parts, f...)
	}
	// An argument that starts with "-" (a negative flow of "sib irr")
	// would read as a flag: "--" ends the flags, as the user typed it.
	if slices.ContainsFunc(args, func(a string) bool { return strings.HasPrefix(a, "-") }) {
		parts = append(parts, "--")
	}
	parts = append(parts, args...)
	for i, p := range parts {
		parts[i] = shellQuote(p)
	}
	return strings.Join(parts, " ")
}

// shellQuote quotes s for a POSIX shell unless it is made of characters
// that need none.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./=,:%+@-") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// version is sib's module version and VCS commit from the build
// information, or "" when the binary has neither (go test, go run).
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	var v []string
	if mv := bi.Main.Version; mv != "" && mv != "(devel)" {
		v = append(v, mv)
	}
	for _, s := range bi.Settings {
		switch {
		case s.Key == "vcs.revision":
			v = append(v, "commit "+s.Value)
		case s.Key == "vcs.modified" && s.Value == "true":
			v = append(v, "modified")
		}
	}
	return strings.Join(v, ", ")
}
