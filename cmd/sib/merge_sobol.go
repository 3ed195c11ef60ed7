package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/uncertainty"
)

const mergeSobolHelp = `Usage: sib merge [flags] FILE...

Joins the shard files of one sib sobol run made with --shard I/K
--shard-out FILE (in any order, each shard once) and prints the report the
run without --shard prints, byte for byte: the indices, their Poisson(1)
bootstrap intervals and the convergence table come from sums that add
exactly across shards. The inputs the shards read must be where they were,
unchanged (their fingerprint is checked).

Examples:
  sib sobol --shard 1/2 --shard-out s1.json testdata/estonia/scenario testdata/estonia/uncertainty
  sib sobol --shard 2/2 --shard-out s2.json testdata/estonia/scenario testdata/estonia/uncertainty
  sib merge s1.json s2.json
  sib merge --format csv --table convergence s2.json s1.json
`

// mergeSobolFlags are sib merge's flags for Sobol' shards (sib merge
// --help lists them after the simulation shards' own).
func mergeSobolFlags() *pflag.FlagSet {
	fs := pflag.NewFlagSet("merge", pflag.ContinueOnError)
	fs.String("format", "table", "output format: table, csv or json")
	fs.String("table", "indices", "with --format csv, the table to write: indices, convergence or groups")
	fs.String("plot", "", "also draw the indices as a bar chart to FILE (.png or .svg)")
	fs.String("xlsx", "", "also write every table to FILE, an Excel workbook")
	fs.Int("workers", 0, "ignored: merging evaluates nothing")
	return fs
}

// runMergeSobol is sib merge for shards of sib sobol: it reads the shard
// files, checks they make one run, and prints that run's report with the
// report flags given here (--format, --table, --plot, --xlsx).
func runMergeSobol(args []string, stdout, stderr io.Writer) int {
	fs := mergeSobolFlags()
	if code, done := parseFlags(fs, args, mergeSobolHelp, stdout, stderr); done {
		return code
	}
	if fs.NArg() == 0 {
		return usageError(stderr, "merge", "expected shard files (sib sobol --shard I/K --shard-out FILE writes them)")
	}
	m, code := readSobolShards(fs.Args(), stderr)
	if m == nil {
		return code
	}
	// The report is made by sib sobol's own code from the inputs, read
	// again where the shards read them.
	for _, in := range m.inputs {
		if _, err := os.Stat(in); err != nil {
			fmt.Fprintf(stderr, "sib merge: %s: Sobol' shards are merged with their inputs, read again at the paths the shards were given, and %s is not here: run sib merge where the shards' inputs are (the same folder, or the same volume mounted at the same path)\n", m.files[0], in)
			return exitData
		}
	}
	run := slices.Clone(m.args[:slices.Index(m.args, "--")])
	for _, name := range sobolReportFlags {
		if fs.Changed(name) {
			run = append(run, "--"+name+"="+fs.Lookup(name).Value.String())
		}
	}
	run = append(run, m.args[slices.Index(m.args, "--"):]...)
	return sobolRun(run, stdout, stderr, m)
}

// sobolMerged is the shard files of one sib sobol run, checked.
type sobolMerged struct {
	files       []string // by shard number
	args        []string
	fingerprint string
	inputs      []string // the files and folders the shards read
	parts       []*uncertainty.SobolPart
}

// readSobolShards reads and checks the shard files; it returns nil and
// an exit status when they do not make one run, naming the file.
func readSobolShards(paths []string, stderr io.Writer) (*sobolMerged, int) {
	var m *sobolMerged
	var first string
	bad := func(path, format string, a ...any) (*sobolMerged, int) {
		fmt.Fprintf(stderr, "sib merge: %s: %s\n", path, fmt.Sprintf(format, a...))
		return nil, exitData
	}
	for _, path := range paths {
		info, err := os.Stat(path)
		if err != nil {
			return bad(path, "%v", strings.TrimPrefix(err.Error(), "stat "+path+": "))
		}
		if info.Size() > maxSobolShardBytes {
			return bad(path, "%d bytes: larger than a shard file can be", info.Size())
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return bad(path, "%v", err)
		}
		f, err := readSobolShard(data)
		if err != nil {
			return bad(path, "%v", err)
		}
		if m == nil {
			m = &sobolMerged{files: make([]string, f.Of), args: f.Args, fingerprint: f.Fingerprint, inputs: f.Inputs, parts: make([]*uncertainty.SobolPart, f.Of)}
			first = path
		}
		switch {
		case f.Of != len(m.files):
			return bad(path, "shard %d of %d, but %s is one of %d: shards of another split", f.Shard, f.Of, first, len(m.files))
		case !slices.Equal(f.Args, m.args):
			return bad(path, "a shard of another run than %s: %s", first, sobolArgsDiff(f.Args, m.args))
		case f.Fingerprint != m.fingerprint:
			return bad(path, "a shard of the same command as %s on other inputs: the files it read differ", first)
		case m.files[f.Shard-1] != "":
			return bad(path, "shard %d of %d again: %s is that shard", f.Shard, f.Of, m.files[f.Shard-1])
		}
		m.files[f.Shard-1] = path
		m.parts[f.Shard-1] = f.Sobol
	}
	var missing []string
	for i, f := range m.files {
		if f == "" {
			missing = append(missing, fmt.Sprint(i+1))
		}
	}
	if len(missing) > 0 {
		what := "shard %s of %d is missing"
		if len(missing) > 1 {
			what = "shards %s of %d are missing"
		}
		return bad(first, what+" (given %d of the %d shard files)", strings.Join(missing, ", "), len(m.files), len(m.files)-len(missing), len(m.files))
	}
	return m, exitOK
}

// sobolArgsDiff says how two shards' commands differ: the first flag or
// argument of one the other lacks.
func sobolArgsDiff(a, b []string) string {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return fmt.Sprintf("it has %s, not %s", x, strings.Join(sobolOtherValues(x, b), " "))
		}
	}
	for _, x := range b {
		if !slices.Contains(a, x) {
			return fmt.Sprintf("it lacks %s", x)
		}
	}
	return "its flags are in another order"
}

// sobolOtherValues returns b's values of the flag of x ("--seed=2": b's
// --seed=...), or "the default" when b does not set it.
func sobolOtherValues(x string, b []string) []string {
	name, _, ok := strings.Cut(x, "=")
	var out []string
	for _, y := range b {
		if n, _, _ := strings.Cut(y, "="); ok && n == name {
			out = append(out, y)
		}
	}
	if len(out) == 0 {
		return []string{"the default"}
	}
	return out
}

// result merges the shards' sums, after checking that the inputs are
// those the shards read.
func (m *sobolMerged) result(st *study, out uncertainty.Output) (*uncertainty.SobolResult, error) {
	fp, err := inputsFingerprint(st.inputs)
	if err != nil {
		return nil, err
	}
	if fp != m.fingerprint {
		return nil, fmt.Errorf("%s: the inputs (%s) have changed since the shards ran", m.files[0], strings.Join(st.inputs, ", "))
	}
	res, err := uncertainty.MergeSobol(out, m.parts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", strings.Join(m.files, ", "), err)
	}
	return res, nil
}
