package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/sib-engine/sib/internal/workbook"
)

// TestDocFigures checks that every figure a README or doc quotes is what
// the tool prints, to the cent: the documentation cannot drift from the
// engine, in a tool that promises cents.
//
// A figure is a number with exactly two decimals, with or without
// thousands separators (1,642,179.77, 441081.48), whose integer part is not
// 0, or any two-decimal number followed by % (7.79%, 0.50%). Numbers on a
// line that is a sib command are the command's inputs and are not
// figures; two-decimal fractions without % (0.15, 0.95) are inputs (rates,
// shares, effects) and are not figures either. A figure is found when the
// same number appears in the output (stdout or stderr) of one of the
// file's commands, thousands separators and signs aside: the commands are
// those the file shows (as TestREADMECommands finds them) and those its
// figureDocs row adds. Numbers that are inputs or hand-worked
// intermediate values (a product written out by hand) are in the row's
// allowlist; an allowlist entry the file no longer quotes is an error too,
// so the list stays short.
//
// Every README.md at the top, every docs/*.md and testdata/*/README.md is
// checked; a file without a row in figureDocs against the commands it
// shows alone. The failure names the file and line, the figure, and lists
// the commands searched.
func TestDocFigures(t *testing.T) {
	var files []string
	for _, pattern := range []string{"README.md", "docs/*.md", "testdata/*/README.md"} {
		m, err := filepath.Glob(filepath.Join("../..", pattern))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	rows := map[string]figureDoc{}
	for _, d := range figureDocs {
		rows[d.file] = d
	}
	outputs := map[string]map[string]bool{} // by command line, shared by the files
	for _, path := range files {
		file := strings.TrimPrefix(filepath.ToSlash(path), "../../")
		d, ok := rows[file]
		if !ok {
			d = figureDoc{file: file} // checked against the commands it shows
		}
		delete(rows, file)
		body, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		cmds := docCommandLines(string(body))
		for _, c := range d.commands {
			if !slices.Contains(cmds, c) {
				cmds = append(cmds, c)
			}
		}
		printed := map[string]bool{}
		for _, c := range cmds {
			if outputs[c] == nil {
				outputs[c] = figureOutput(t, file, c)
			}
			for n := range outputs[c] {
				printed[n] = true
			}
		}
		allowed := map[string]bool{}
		for _, a := range d.allow {
			allowed[normalizeFigure(a)] = true
		}
		used := map[string]bool{}
		missing, found, allowlisted := 0, 0, 0
		for i, line := range strings.Split(string(body), "\n") {
			if isCommandLine(line) {
				continue
			}
			for _, f := range docFigures(line) {
				n := normalizeFigure(f)
				switch {
				case printed[n]:
					found++
				case allowed[n]:
					used[n] = true
					allowlisted++
				default:
					t.Errorf("%s:%d: %s is not printed by the %d commands searched (listed below), nor in the allowlist", file, i+1, f, len(cmds))
					missing++
				}
			}
		}
		t.Logf("%s: %d figures printed by its %d commands, %d allowlisted, %d missing", file, found, len(cmds), allowlisted, missing)
		if missing > 0 {
			t.Logf("%s: the commands searched (those the file shows and its figureDocs row's):\n\tsib %s", file, strings.Join(cmds, "\n\tsib "))
		}
		for _, a := range d.allow {
			if !used[normalizeFigure(a)] {
				t.Errorf("%s: allowlist entry %s is not quoted in the file, or is printed by a command after all: remove it", file, a)
			}
		}
	}
	for file := range rows {
		t.Errorf("figureDocs has a row for %s, which is not a README or doc (renamed or removed?)", file)
	}
}

// figureDoc is a markdown file with the commands whose output its figures
// come from (besides the commands it shows) and the numbers it quotes that
// no command prints: inputs and hand-worked intermediate values. Commands
// are as a user types them from the repository's root, without "sib".
type figureDoc struct {
	file     string
	commands []string
	allow    []string
}

// figureRE matches a decimal number, thousands separators allowed, and
// what follows it (a % makes it a rate; a . and a digit, a version).
var figureRE = regexp.MustCompile(`(\d{1,3}(?:,\d{3})+|\d+)\.(\d+)(\s?%|\.\d)?`)

// docFigures returns the figures on a line of markdown: two-decimal
// numbers whose integer part is not 0, and two-decimal numbers followed by
// %, as written (with their separators and %).
func docFigures(line string) []string {
	var out []string
	for _, m := range figureRE.FindAllStringSubmatchIndex(line, -1) {
		if m[0] > 0 {
			if c := line[m[0]-1]; c == '.' || c == '_' || c == '^' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
				continue // part of a longer number, a name (v1.26, 10^−2.00) or an exponent
			}
		}
		intPart, dec := line[m[2]:m[3]], line[m[4]:m[5]]
		suffix := ""
		if m[6] >= 0 {
			suffix = line[m[6]:m[7]]
		}
		if len(dec) != 2 || strings.HasPrefix(suffix, ".") {
			continue // not two decimals, or a version (1.26.1)
		}
		if rest := line[m[1]:]; len(rest) > 1 && (rest[0] == 'e' || rest[0] == 'E') && strings.ContainsRune("0123456789+-", rune(rest[1])) {
			continue // a mantissa (7.24e-77)
		}
		if intPart == "0" && suffix == "" {
			continue // a fraction: a rate, share or effect given as input
		}
		out = append(out, line[m[0]:m[1]])
	}
	return out
}

// normalizeFigure drops thousands separators and a trailing %.
func normalizeFigure(f string) string {
	f = strings.TrimSuffix(strings.TrimSpace(f), "%")
	return strings.ReplaceAll(strings.TrimSpace(f), ",", "")
}

// outputNumberREs: plain numbers (a CSV's commas are separators) and
// numbers with thousands separators (text that groups digits).
var outputNumberREs = []*regexp.Regexp{
	regexp.MustCompile(`\d+(?:\.\d+)?`),
	regexp.MustCompile(`\d{1,3}(?:,\d{3})+(?:\.\d+)?`),
}

// figureOutput runs sib with the arguments of command line c (paths from
// the repository's root; files it would write go to a temporary folder)
// and returns the set of numbers in its stdout and stderr, normalised.
func figureOutput(t *testing.T, file, c string) map[string]bool {
	t.Helper()
	args := sandboxArgs(t, strings.Fields(c))
	var stdout, stderr bytes.Buffer
	if code := run(args, nil, &stdout, &stderr); code != exitOK {
		t.Errorf("%s: sib %s exits %d: %s", file, c, code, stderr.String())
	}
	set := map[string]bool{}
	// The run time on stderr ("5000 draws in 1.10 s") changes from run to
	// run: a figure that matched it would pass, or an allowlist entry fail,
	// by chance.
	errs := runTimeRE.ReplaceAll(stderr.Bytes(), nil)
	for _, b := range [][]byte{stdout.Bytes(), errs} {
		for _, re := range outputNumberREs {
			for _, n := range re.FindAll(b, -1) {
				set[normalizeFigure(string(n))] = true
			}
		}
	}
	return set
}

// runTimeRE matches the run time simulate and sobol print on stderr.
var runTimeRE = regexp.MustCompile(`(?m) in [0-9.]+ s$`)

// isCommandLine reports whether a line of markdown is a sib command (its
// numbers are inputs).
func isCommandLine(line string) bool {
	return strings.HasPrefix(strings.TrimSpace(line), "sib ")
}

// docCommandLines returns the sib commands a markdown file shows, as
// TestREADMECommands finds them, without "sib" and any redirection.
func docCommandLines(body string) []string {
	var out []string
	for _, line := range strings.Split(body, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "sib ") || strings.Contains(line, "<") || strings.HasSuffix(strings.Fields(line)[1], ":") {
			continue
		}
		if i := strings.Index(line, " >"); i >= 0 {
			line = line[:i]
		}
		line = strings.Join(strings.Fields(line)[1:], " ")
		if !slices.Contains(out, line) {
			out = append(out, line)
		}
	}
	return out
}

// TestDocFiguresExtract pins what counts as a figure.
func TestDocFiguresExtract(t *testing.T) {
	for _, tc := range []struct {
		line string
		want []string
	}{
		{"| state: net saving PV | 1,642,179.77 EUR |", []string{"1,642,179.77"}},
		{"1.6293 / 7.79% a year / 265,803.04 EUR", []string{"7.79%", "265,803.04"}},
		{"split (441081.48), at 0.50 % and 0.95", []string{"441081.48", "0.50 %"}},
		{"Go 1.26.1, v1.24, 1.035^−10 = 0.688271, 10^2.50, 7.24e-77", nil},
		{"a fraction 0.15, a multiple 1.25", []string{"1.25"}},
	} {
		if got := docFigures(tc.line); !slices.Equal(got, tc.want) {
			t.Errorf("docFigures(%q) = %q, want %q", tc.line, got, tc.want)
		}
	}
	if got := fmt.Sprint(normalizeFigure("1,642,179.77"), " ", normalizeFigure("7.79 %")); got != "1642179.77 7.79" {
		t.Errorf("normalizeFigure: %s", got)
	}
}

// figureDocs: the READMEs and docs with commands beyond those they show,
// or numbers no command prints. Keep the allowlists to inputs and
// hand-worked values, each with its reason.
var figureDocs = []figureDoc{
	{file: "README.md",
		allow: []string{
			"4756.04", // a reconviction's gross value: the sum of four printed unit costs, worked in testdata/estonia/README.md
		}},
	{file: "docs/commands.md",
		commands: []string{
			// The templates' headline figures, run where sib init copies them from.
			"run cmd/sib/templates/ratecard",
			"run cmd/sib/templates/savings",
			"run cmd/sib/templates/tiered",
			"xirr --day-count act/365f cmd/sib/testdata/flows/dated.csv",
			"xirr --day-count act/360 cmd/sib/testdata/flows/dated.csv",
			"xirr --day-count 30/360 cmd/sib/testdata/flows/dated.csv",
		},
		allow: []string{
			"4.16", // ISDA 2006 section 4.16, the day counts' definitions
		}},
	{file: "docs/costing.md",
		allow: []string{
			"1234.56", // how to write a number in a CSV file
		}},
	{file: "docs/indigo.md",
		commands: []string{
			"indigo testdata/published/mhep-enfield", // its maximum potential outcome payment
		}},
	{file: "docs/outcomes.md",
		allow: []string{
			"1.03", // a benchmark's time in seconds
		}},
	{file: "docs/promises.md",
		allow: []string{
			"12.50", // how sib formats a negative amount (-12.50)
		}},
	{file: "docs/scenario.md",
		commands: []string{
			"run cmd/sib/testdata/scenario-ok", // the day-count example
			"run --format json testdata/preschool/scenario",
			// The worked examples on the test scenarios, each named in its paragraph.
			"run cmd/sib/testdata/scenario-ok-fees",
			"run --format json cmd/sib/testdata/scenario-ok-fees",
			"run --format json cmd/sib/testdata/scenario-ok-payers",
			"run --format json cmd/sib/testdata/scenario-ok-switch",
			"run --format json cmd/sib/testdata/scenario-ok-coupons",
			"run cmd/sib/testdata/scenario-ok-timing",
			"run --set term.t.lag=3 cmd/sib/testdata/scenario-ok-timing",
			"run --set outcome.m.to=4 cmd/sib/testdata/scenario-ok-timing",
			"run --set term.t.lag=4 --set tranche.senior.maturity=6 cmd/sib/testdata/scenario-ok-timing",
		},
		allow: []string{
			"4.16",  // ISDA 2006 section 4.16, the day counts' definitions
			"1.55",  // the Peterborough example's reconvictions a person, an input
			"1.03",  // the Green Book example: 1.03^−1, a rate written out
			"30.25", // the Green Book example: a quarterly period ending 30.25 years from start
			// The preschool worked example's hand-worked steps: the senior's
			// target return period by period, the investors' balance at 5%.
			"32,652.97", "67,340.33", "99,993.30", "100,799.19",
			"2,840,704.47", "358,737.91", "376,674.81",
			// The preschool example with switch = when_earned (a column, not
			// a --set parameter): its payments of periods 11 and 12, by a run
			// of a copy of the folder.
			"529,640.65", "529,428.79",
			"5.25",     // the relative example's input effect (0.02625 = 5.25% of 0.5) and its outcomes 200 × 0.02625
			"99237.05", // the fees example's year 3 distributions summed by hand
			"10000.53", // the payers example's t2 due a year by hand, 50 × 200.0106, before it is split between payers
			"12.15%",   // Newpin's published year-3 coupon (an input from testdata/published)
			// The switch example's hand-worked payment steps.
			"1.05",
			// The coupons example's year 5 coupon, unpaid at the horizon: no
			// table prints an amount never paid.
			"38528.64",
		}},
	{file: "docs/uncertainty.md",
		commands: []string{
			"cost testdata/estonia/costing", // the unit costs the worked example quotes
			"tornado --output state.net testdata/estonia/scenario testdata/estonia/uncertainty", // float path against the ledger
			"run testdata/estonia/scenario",
		},
		allow: []string{
			"4756.04", // a reconviction's gross value: the sum of four printed unit costs (testdata/estonia/README.md)
			"1329.62", // its cashable value, the same sum of the cashable parts
		}},
	{file: "testdata/estonia/README.md",
		// Its commands are quoted in the text, not on lines of their own.
		commands: []string{
			"run testdata/estonia/scenario",
			"run testdata/estonia/overpriced",
			"outcomes testdata/estonia/outcomes",
			"cost --year 2024 --avoid police_case=1 --avoid prosecution_case=0.8 --avoid court_case=0.6 --avoid probation_month=3 testdata/estonia/costing",
			"cost --year 2024 --avoid custody_day=1 testdata/estonia/costing",
			"cost --year 2024 --avoid special_school_day=60 --avoid child_protection_case=0.3 testdata/estonia/costing",
			"simulate --draws 10000 --seed 1 --output state.net_gross testdata/estonia/scenario testdata/estonia/uncertainty",
			"simulate --draws 10000 --seed 1 testdata/estonia/scenario testdata/estonia/uncertainty",
			"power --kind count --baseline 0.97 --n 450",
		},
		allow: []string{
			"4756.04",  // sums of printed unit costs, worked in the file's prices table
			"1329.62",  //
			"13950.96", //
			"9486.65",  // 13950.96 × 0.85 × 0.80, worked in the same table
			"1.18",     // inputs of values.csv's conversions (1.31, UK prices 2015/16 to 2024, is printed by sib simulate too): euros per pound,
			"21.36",    // and the annuity factor of 40 years at 3.5%
		}},
	{file: "testdata/employment/README.md",
		commands: []string{
			"run --format json testdata/employment/scenario",
		},
		allow: []string{
			"57.83", // the first payment by hand: months in work, 120 × 1.9276268 / 4
		}},
	{file: "testdata/preschool/README.md",
		commands: []string{
			"run --format json testdata/preschool/scenario",
		},
		allow: []string{
			"358,737.91", "376,674.81", "1.05", // the investors' balance at 5% by hand (the split payment)
			"8.92%", // the investors' IRR with switch = when_earned, by a run of a copy of the folder
		}},
	{file: "testdata/published/README.md",
		allow: []string{
			// Published deals' terms and returns, from their sources (the
			// inputs of testdata/published, not outputs of sib).
			"1.07", "36.47", "12.15%", "7.25", "8.39%", "1.65",
		}},
}

// sandboxArgs rewrites the arguments of a command a doc shows so that it
// runs from cmd/sib and writes nothing into the repository: input paths
// from the top folder, output files and folders (and the new folder of
// sib init) into temporary folders.
func sandboxArgs(t *testing.T, args []string) []string {
	t.Helper()
	for i, a := range args {
		switch {
		case strings.HasPrefix(a, "testdata/") || strings.HasPrefix(a, "cmd/"):
			args[i] = "../../" + a
		case i > 0 && args[0] == "report" && (args[i-1] == "--out" || args[i-1] == "-o"):
			args[i] = filepath.Join(t.TempDir(), filepath.Base(a)) // the page
		case i > 0 && args[i-1] == "--out" && args[0] == "indigo": // a file
			args[i] = filepath.Join(t.TempDir(), filepath.Base(a))
		case i > 0 && args[i-1] == "--out":
			args[i] = t.TempDir()
		case i > 0 && (slices.Contains([]string{"--plot", "--hist", "--cdf", "--draws-out", "--exposure-plot", "--rank-plot", "--weights"}, args[i-1]) || args[i-1] == "--xlsx" && args[0] != "init"): // init --xlsx is a switch
			args[i] = filepath.Join(t.TempDir(), filepath.Base(a))
		case i > 0 && args[i-1] == "--shard-out", args[0] == "merge" && strings.HasSuffix(a, ".json"):
			args[i] = filepath.Join(docWorkbooks(t), filepath.Base(a)) // shards, and their merge
		case args[0] == "convert" && i == len(args)-1:
			args[i] = filepath.Join(docWorkbooks(t), filepath.Base(a)) // what the docs convert to
		case workbook.IsWorkbook(a) && !strings.HasPrefix(a, "../../"):
			args[i] = docWorkbook(t, filepath.Base(a)) // a workbook the docs made
		case args[0] == "init" && i == len(args)-1:
			args[i] = filepath.Join(t.TempDir(), a) // the new folder
		case args[0] == "claims" && (slices.Contains(args, "--template") || slices.Contains(args, "--generate")) && i == len(args)-1:
			args[i] = filepath.Join(t.TempDir(), a) // the new folder
		}
	}
	return args
}

// docWorkbooks is the folder in which the docs' "sib convert" commands
// write, and from which their later commands read the workbooks.
var docWorkbookDirs sync.Map

func docWorkbooks(t *testing.T) string {
	if dir, ok := docWorkbookDirs.Load(t); ok {
		return dir.(string)
	}
	dir := t.TempDir()
	docWorkbookDirs.Store(t, dir)
	return dir
}

// docWorkbook is the path of a workbook the docs read: one an earlier
// command converted, or else, when it is named after one of the Estonian
// example's folders (scenario.xlsx), that folder and its fellows
// converted now, so that an example stands alone.
func docWorkbook(t *testing.T, name string) string {
	dir := docWorkbooks(t)
	p := filepath.Join(dir, name)
	if _, err := os.Stat(p); err == nil {
		return p
	}
	est := filepath.Join("..", "..", "testdata", "estonia")
	if _, err := os.Stat(filepath.Join(est, strings.TrimSuffix(name, ".xlsx"))); err != nil {
		return p
	}
	for _, d := range []string{"costing", "outcomes", "scenario", "uncertainty"} {
		if _, err := os.Stat(filepath.Join(dir, d+".xlsx")); err == nil {
			continue
		}
		var stdout, stderr bytes.Buffer
		if code := run([]string{"convert", filepath.Join(est, d), filepath.Join(dir, d+".xlsx")}, nil, &stdout, &stderr); code != exitOK {
			t.Fatalf("convert %s: %s", d, stderr.String())
		}
	}
	return p
}
