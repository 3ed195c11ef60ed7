package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/uncertainty"
)

const mergeHelp = `Usage: sib merge [flags] <shard-file>...

Puts together the shards of one run of sib simulate --shard I/K (or sib
sobol --shard I/K) and prints the report the run in one piece gives, byte
for byte: the same tables in the same format (--format, --table and
--xlsx go here, not to the shards). The files may be given in any order;
they must all come from one run (the same command, inputs, --set changes,
seed, draws and K), each shard once, none missing. A shard file names its
Parquet values file, which is read from the shard file's folder.

What is exact: counts and probabilities are integer sums; means and
standard deviations fold the moments of blocks of 4,096 draws in draw
order, as a single run does; percentiles come from every draw's values
(the Parquet files), or, with --sketch on the shards, from merged
DDSketches within the stated relative accuracy. The tables comparator,
exposure, decisions, evpi and ranks, and --hist, --cdf and --draws-out,
need every draw in one process: a shard refuses them. See docs/cluster.md.

Two shards of a run, and their merge (testdata/shards holds them):

  sib simulate --draws 5000 --noise=false --output investors.irr,state.net --shard 1/2 --shard-out estonia-1.json testdata/estonia/scenario testdata/estonia/uncertainty
  sib simulate --draws 5000 --noise=false --output investors.irr,state.net --shard 2/2 --shard-out estonia-2.json testdata/estonia/scenario testdata/estonia/uncertainty

Sobol' shards (sib sobol --shard I/K --shard-out FILE) merge the same
way, into the report sib sobol prints; then --table is indices,
convergence or groups, and --plot FILE draws the indices (see
docs/cluster.md).

Examples:
  sib merge testdata/shards/estonia-2.json testdata/shards/estonia-1.json
  sib merge --format csv --table chances testdata/shards/estonia-1.json testdata/shards/estonia-2.json
`

// mergeTables are the tables of a merged simulation.
var mergeTables = []string{"summary", "chances", "tests", "oc", "terms"}

func runMerge(args []string, stdout, stderr io.Writer) int {
	// The kind of run decides the flags: Sobol' shards have their own
	// tables and --plot.
	if f := firstFileArg(args); f != "" {
		if kind, _ := shardKind(f); kind == "sobol" {
			return runMergeSobol(args, stdout, stderr)
		}
	}
	if slices.ContainsFunc(args, func(a string) bool { return a == "--plot" || strings.HasPrefix(a, "--plot=") }) {
		return usageError(stderr, "merge", "--plot draws a Sobol' run's indices; a simulation's shards have no chart in sib merge (sib simulate --hist and --cdf need every draw in one process)")
	}
	fs := pflag.NewFlagSet("merge", pflag.ContinueOnError)
	ff := addFormatFlags(fs).withTable("summary", "with --format csv, the table to write: summary, chances, tests, oc or terms (the last three with measurement noise)", mergeTables)
	ff.choices = "summary, chances, tests, oc or terms"
	xlsx := addXlsxFlag(fs)
	if code, done := parseFlags(fs, args, mergeHelp, stdout, stderr); done {
		if code == exitOK { // --help: the flags above are for simulation shards
			fmt.Fprintln(stdout, "\nFlags with Sobol' shards instead:")
			fmt.Fprint(stdout, mergeSobolFlags().FlagUsages())
		}
		return code
	}
	if fs.NArg() == 0 {
		return usageError(stderr, "merge", "expected the shard files of a run")
	}
	if msg := ff.formatProblem(); msg != "" {
		return usageError(stderr, "merge", "%s", msg)
	}
	if msg := ff.tableProblem(); msg != "" {
		return usageError(stderr, "merge", "%s", msg)
	}
	files := fs.Args()
	shards := make([]*shardFile, len(files))
	for i, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			return dataError(stderr, "merge", err)
		}
		sf, err := decodeShard(data)
		if err != nil {
			return dataError(stderr, "merge", fmt.Errorf("%s:%w", path, err))
		}
		shards[i] = sf
	}
	if code, done := checkShards(stderr, files, shards); done {
		return code
	}
	s0 := shards[0]
	if t := *ff.table; !s0.Report.Noise && (t == "tests" || t == "oc" || t == "terms") {
		return usageError(stderr, "merge", "--table %s: the tests' tables need measurement noise, and the shards ran with --noise=false", t)
	}
	var parts []*uncertainty.Part
	for i, sf := range shards {
		p, err := partOf(sf, filepath.Dir(files[i]))
		if err != nil {
			return dataError(stderr, "merge", fmt.Errorf("%s: %w", files[i], err))
		}
		if p != nil {
			parts = append(parts, p)
		}
	}
	sim, err := uncertainty.Merge(parts)
	if err != nil {
		return dataError(stderr, "merge", err)
	}
	// The single run's command line: the shards' flags and the report's.
	flags := slices.Clone(s0.Flags)
	flags = append(flags, commandFlags(fs)...)
	slices.SortStableFunc(flags, func(a, b []string) int { return strings.Compare(flagName(a), flagName(b)) })
	meta := metaIn(s0.Meta)
	for i := range meta {
		if meta[i].Key == "command" {
			meta[i].Value = renderCommand("simulate", flags, s0.Args)
		}
	}
	r := s0.Report
	c := simContext{Title: r.Title, Currency: r.Currency, Gross: r.Gross, Meta: meta, Varied: r.Varied, Corr: r.Correlations, Sketch: r.Sketch}
	doc := simulateReportIn(c, sim, false)
	noiseReportIn(r.Currency, sim, r.Noise, doc)
	var show *report.Doc
	if *ff.format == report.Table {
		sh := *doc
		sh.Tables = slices.Clone(doc.Tables)
		sh.Tables[0] = simulateReportIn(c, sim, true).Tables[0]
		sh.Currency = r.Currency
		show = &sh
	}
	doc.Currency = r.Currency
	b := newBatch("merge", files...)
	if code, done := reserveXlsx(stderr, "merge", b, *xlsx); done {
		return code
	}
	return emit(stdout, stderr, "merge", output{doc: doc, show: show, format: *ff.format, table: *ff.table, xlsx: *xlsx, units: r.Units, warnings: s0.Notes, batch: b})
}

// shardKind peeks at a shard file's kind; "" when it cannot tell.
func shardKind(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	var head struct {
		Kind string `json:"kind"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return "", err
	}
	return head.Kind, nil
}

// checkShards checks that the shards are of one run, each once, none
// missing, naming the file at fault.
func checkShards(stderr io.Writer, files []string, shards []*shardFile) (int, bool) {
	s0 := shards[0]
	id := func(sf *shardFile) []byte {
		x := *sf
		// What may differ between the shards of a run.
		x.Shard, x.Command, x.First, x.Count, x.Values, x.Out, x.Events, x.Tests, x.Terms, x.Measured = 0, "", 0, 0, "", nil, [4]int{}, nil, nil, false
		x.ValuesSHA256, x.Fingerprint = "", ""
		x.Meta = slices.Clone(x.Meta)
		for i := range x.Meta {
			if x.Meta[i].Key == "command" {
				x.Meta[i].Value = "" // the shard's own
			}
		}
		b, _ := json.Marshal(x)
		return b
	}
	want := id(s0)
	seen := make(map[int]string, len(shards))
	for i, sf := range shards {
		if sf.Fingerprint != s0.Fingerprint {
			return dataError(stderr, "merge", fmt.Errorf("%s: %w: a shard of the same command as %s on other inputs: the files it read differ (they changed between the shards' runs?)", files[i], errShard, files[0])), true
		}
		if got := id(sf); !bytes.Equal(got, want) {
			return dataError(stderr, "merge", fmt.Errorf("%s: %w: %s (%s)", files[i], errShard, runDiff(s0, sf, files[0]), s0.Command)), true
		}
		if prev, dup := seen[sf.Shard]; dup {
			return dataError(stderr, "merge", fmt.Errorf("%s: shard %d/%d again: %s holds it already", files[i], sf.Shard, sf.Of, prev)), true
		}
		seen[sf.Shard] = files[i]
	}
	var missing []string
	for i := 1; i <= s0.Of; i++ {
		if _, ok := seen[i]; !ok {
			missing = append(missing, strconv.Itoa(i))
		}
	}
	if len(missing) > 0 {
		return dataError(stderr, "merge", fmt.Errorf("shard %s of %d missing: given %d of the %d shard files of %s", strings.Join(missing, ", "), s0.Of, len(shards), s0.Of, renderCommand("simulate", s0.Flags, s0.Args))), true
	}
	return exitOK, false
}

// runDiff says what differs between shard b's run and shard a's, read
// from file fa.
func runDiff(a, b *shardFile, fa string) string {
	switch {
	case !slices.EqualFunc(a.Flags, b.Flags, slices.Equal):
		return fmt.Sprintf("its flags differ from %s's: %s", fa, flagsDiff(a.Flags, b.Flags))
	case !slices.Equal(a.Args, b.Args):
		return fmt.Sprintf("its folders (%s) differ from %s's (%s): give the shards of one run the same command, folders written the same way", strings.Join(b.Args, " "), fa, strings.Join(a.Args, " "))
	case a.Of != b.Of:
		return fmt.Sprintf("its K (%d shards) differs from %s's (%d)", b.Of, fa, a.Of)
	case a.Draws != b.Draws || a.Seed != b.Seed:
		return fmt.Sprintf("its draws (%d, seed %d) differ from %s's (%d, seed %d)", b.Draws, b.Seed, fa, a.Draws, a.Seed)
	}
	return fmt.Sprintf("its run (its inputs, version or report) differs from %s's", fa)
}

// flagsDiff says how shard b's flags differ from shard a's, flag by flag:
// "--seed 1 here, not given there". A flag spelled out at its default
// differs too: the shards of a run are given the same command.
func flagsDiff(a, b [][]string) string {
	words := func(fl [][]string) map[string]string {
		m := map[string]string{}
		for _, f := range fl {
			m[flagName(f)] = strings.Join(f, " ")
		}
		return m
	}
	wa, wb := words(a), words(b)
	var out []string
	for _, n := range slices.Sorted(maps.Keys(wb)) {
		if wa[n] != wb[n] {
			there := "not given there"
			if w, ok := wa[n]; ok {
				there = "there " + w
			}
			out = append(out, wb[n]+" here, "+there)
		}
	}
	for _, n := range slices.Sorted(maps.Keys(wa)) {
		if _, ok := wb[n]; !ok {
			out = append(out, "--"+n+" not given here, there "+wa[n])
		}
	}
	return strings.Join(out, "; ")
}

// firstFileArg returns the first argument that is not a flag nor a flag's
// value ("" if none), so that merge can tell the kind of shard before it
// parses the flags, which depend on it.
func firstFileArg(args []string) string {
	takesValue := map[string]bool{"--format": true, "--table": true, "--xlsx": true, "--plot": true, "--workers": true}
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			if i+1 < len(args) {
				return args[i+1]
			}
			return ""
		case strings.HasPrefix(a, "-"):
			if takesValue[a] {
				i++
			}
		default:
			return a
		}
	}
	return ""
}
