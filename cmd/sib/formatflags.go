package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/internal/report"
)

// formatFlags are the flags that choose what a command writes to standard
// output: --format, and --table (the one table of --format csv) for a
// command with more than one table. (--out goes through reserveTables and
// emit.) Their checks are written here once; each returns the message of a
// usage error, or "".
type formatFlags struct {
	fs     *pflag.FlagSet
	format *string
	table  *string  // nil: no --table
	tables []string // the tables --table may name; nil: the command checks the name once it knows its tables (power)
	// choices names the tables in the --table error (default "one of a, b").
	choices string
	// everyTable: the other formats show every table, and the error for
	// --table without --format csv says so.
	everyTable bool
}

// addFormatFlags adds --format to fs.
func addFormatFlags(fs *pflag.FlagSet) *formatFlags {
	return &formatFlags{fs: fs, format: fs.String("format", report.Table, "output format: table, csv or json")}
}

// withTable adds --table with its default table and usage text; tables
// lists the names it may take.
func (f *formatFlags) withTable(def, usage string, tables []string) *formatFlags {
	f.table = f.fs.String("table", def, usage)
	f.tables = tables
	return f
}

// keyword lowers the case of a flag value that is one of sib's own names
// (a format, a table, a template, a kind of folder, a day count: CSV is
// csv, ACT/360 is act/360), in place, so that the checks and the command
// line in the provenance see it as sib writes it. Names from the data
// (parameters, outputs, services) keep their case: they are matched as
// written.
func keyword(s *string) {
	*s = strings.ToLower(strings.TrimSpace(*s))
}

// formatProblem checks --format.
func (f *formatFlags) formatProblem() string {
	keyword(f.format)
	if !report.ValidFormat(*f.format) {
		return fmt.Sprintf("--format %q: expected table, csv or json", *f.format)
	}
	return ""
}

// tableProblem checks that --table names one of the tables, and that it
// comes with --format csv.
func (f *formatFlags) tableProblem() string {
	if f.table == nil {
		return ""
	}
	keyword(f.table)
	if f.tables != nil && !slices.Contains(f.tables, *f.table) {
		choices := f.choices
		if choices == "" {
			choices = "one of " + strings.Join(f.tables, ", ")
		}
		return fmt.Sprintf("--table %q: expected %s", *f.table, choices)
	}
	if f.fs.Changed("table") && *f.table != "" && *f.format != report.CSV {
		msg := "--table chooses the one table of --format csv: add --format csv, or leave --table out"
		if f.everyTable {
			msg += fmt.Sprintf(" (--format %s shows every table)", *f.format)
		}
		return msg
	}
	return ""
}

// problem checks --format, then --table.
func (f *formatFlags) problem() string {
	if msg := f.formatProblem(); msg != "" {
		return msg
	}
	return f.tableProblem()
}
