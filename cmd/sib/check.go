package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/claims"
	"github.com/sib-engine/sib/costing"
	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/internal/errprefix"
	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/outcomes"
	"github.com/sib-engine/sib/scenario"
	"github.com/sib-engine/sib/sib"
	"github.com/sib-engine/sib/uncertainty"
)

const checkHelp = `Usage: sib check [flags] <folder>...

Validates input folders without running them: a costing folder (ledger.csv),
an outcomes folder (metrics.csv), a scenario folder (scenario.csv) or an
uncertainty folder (uncertainty.csv), each recognised by that file, or all
of the kind --kind names. It reads every file with the checks "sib cost",
"sib outcomes" and "sib run" make (a scenario is also compiled, with the
costing and outcomes folders it names; a costing is reconciled; an
outcomes study is estimated, without a bootstrap), and prints one line per
folder: "ok" and what it holds, or "FAIL" and the first error, with its
file:line:column. The lines go to standard output when every folder is
valid, and all to standard error when one is not (nothing on standard
output, as with every command that fails). --format csv and --format json
write the table check (folder, kind, status, detail) when all are valid.

An uncertainty folder names a scenario's parameters, so it is checked
against the scenario folder given before it on the command line (the
nearest one): "sib check SCENARIO UNCERTAINTY". Without one it fails.

Exit status: 0 when every folder is valid, 1 when one is not (or is not a
folder), 2 for a usage error. Warnings (data-quality findings that do not
stop a run) go to standard error and do not fail the check.

Examples:
  sib check testdata/estonia/costing testdata/estonia/outcomes testdata/estonia/scenario testdata/estonia/uncertainty
  sib check testdata/preschool/scenario testdata/employment/scenario
  sib check --format csv testdata/estonia/scenario testdata/estonia/uncertainty
`

func folderKindNames() []string {
	var out []string
	for _, k := range folderSigns {
		out = append(out, k.kind)
	}
	return out
}

// checkResult is the check of one folder.
type checkResult struct {
	dir, kind string
	err       error
	detail    string
	warnings  []string
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("check", pflag.ContinueOnError)
	ff := addFormatFlags(fs)
	kind := fs.String("kind", "", "the kind of every folder: "+kindList()+" (default: recognised by its files)")
	limits := addLimitFlag(fs)
	if code, done := parseFlags(fs, args, checkHelp, stdout, stderr); done {
		return code
	}
	if msg := ff.problem(); msg != "" {
		return usageError(stderr, "check", "%s", msg)
	}
	keyword(kind)
	if *kind != "" && !slices.Contains(folderKindNames(), *kind) {
		return usageError(stderr, "check", "--kind %q: expected %s", *kind, kindList())
	}
	if fs.NArg() == 0 {
		return usageError(stderr, "check", "expected one or more folders")
	}
	lim, code, done := limitsOf(stderr, "check", *limits)
	if done {
		return code
	}
	var results []checkResult
	var last *scenario.Scenario // the last scenario checked, for an uncertainty folder after it
	lastDir := ""
	for i, dir := range fs.Args() {
		r := checkResult{dir: dir, kind: *kind}
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			r.err = fmt.Errorf("not a folder")
			results = append(results, r)
			continue
		}
		if r.kind == "" {
			r.kind = detectKind(dir)
		}
		switch r.kind {
		case "":
			r.err = fmt.Errorf("not an input folder: it has none of %s (or give --kind)", markerFiles())
			if found := signsIn(dir); len(found) > 1 {
				r.err = fmt.Errorf("it holds the files of more than one kind of folder, %s: give --kind, or keep each kind in a folder of its own", strings.Join(found, ", "))
			}
		case "costing":
			r.detail, r.warnings, r.err = checkCosting(dir, lim)
		case "outcomes":
			r.detail, r.warnings, r.err = checkOutcomes(dir, lim)
		case "scenario":
			var s *scenario.Scenario
			s, r.detail, r.warnings, r.err = checkScenario(dir, lim)
			last, lastDir = s, dir
		case claimsFolder:
			r.detail, r.err = checkClaims(dir, lim)
		case "uncertainty":
			switch {
			case lastDir == "":
				r.err = fmt.Errorf("an uncertainty folder is checked against a scenario: give the scenario folder before it (sib check SCENARIO %s)", dir)
				if msg := swappedCheck(*kind, dir, fs.Args()[i+1:]); msg != "" {
					r.err = errors.New(msg)
				}
			case last == nil:
				r.err = fmt.Errorf("not checked: the scenario before it, %s, has an error", lastDir)
			default:
				r.detail, r.err = checkUncertainty(dir, last, lastDir, lim)
			}
		}
		results = append(results, r)
	}
	code = exitOK
	t := &report.T{Name: "check", Title: "Checks",
		Columns: []report.Column{{Name: "folder"}, {Name: "kind"}, {Name: "status"}, {Name: "detail"}}}
	for _, r := range results {
		status, detail := "ok", r.detail
		if r.err != nil {
			status, detail, code = "FAIL", errprefix.Strip(r.err.Error()), exitData
		}
		t.Add(r.dir, r.kind, status, detail)
		for _, w := range r.warnings {
			fmt.Fprintf(stderr, "sib check: %s: warning: %s\n", r.dir, w)
		}
	}
	if *ff.format == report.Table || code != exitOK {
		// One line a folder. When one fails, every line is a diagnostic,
		// on standard error, and nothing reaches standard output: as with
		// every command, output there means success.
		w := stdout
		if code != exitOK {
			w = stderr
		}
		var b strings.Builder
		for _, r := range t.Rows {
			if r[2] == "ok" {
				fmt.Fprintf(&b, "ok    %s (%s: %s)\n", r[0], r[1], r[3])
			} else {
				fmt.Fprintf(&b, "FAIL  %s: %s\n", r[0], r[3])
			}
		}
		if _, err := io.WriteString(w, b.String()); err != nil {
			return dataError(stderr, "check", err)
		}
		return code
	}
	doc := withProvenance(&report.Doc{Title: "Checks", Meta: []report.Meta{{Key: "folders", Value: fmt.Sprint(len(results)), Numeric: true}}, Tables: []*report.T{t}}, fs, fs.Args(), nil)
	if err := report.Write(stdout, doc, *ff.format, "check"); err != nil {
		return dataError(stderr, "check", err)
	}
	return code
}

// swappedCheck explains an uncertainty folder given before the scenario
// folder that follows it, as sib simulate does, or returns "".
func swappedCheck(kind, unc string, after []string) string {
	if kind != "" {
		return ""
	}
	for _, d := range after {
		if detectKind(d) == scenarioFolder {
			return fmt.Sprintf("the folders look swapped: %s is an uncertainty folder and %s a scenario folder; give the scenario first: sib check %s %s", unc, d, d, unc)
		}
	}
	return ""
}

// detectKind recognises an input folder by its files (folderKind); ""
// when it has none, or those of two kinds.
func detectKind(dir string) string {
	kind, _ := folderKind(dir)
	return kind
}

// kindList names the kinds of folder: "scenario, costing, ... or claims".
func kindList() string {
	k := folderKindNames()
	return strings.Join(k[:len(k)-1], ", ") + " or " + k[len(k)-1]
}

// signsIn lists the files in dir that tell a kind of folder, with the
// kind: "scenario.csv (scenario)". An outcomes sign in a claims folder
// does not count (a claims folder has a participants.csv too).
func signsIn(dir string) []string {
	var out []string
	claims := false
	for _, k := range folderSigns {
		for _, f := range k.files {
			if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
				out = append(out, f+" ("+k.kind+")")
				claims = claims || k.kind == claimsFolder
				break
			}
		}
	}
	if claims {
		out = slices.DeleteFunc(out, func(s string) bool { return strings.HasSuffix(s, "("+outcomesFolder+")") })
	}
	return out
}

func markerFiles() string {
	var out []string
	for _, k := range folderSigns {
		out = append(out, strings.Join(k.files, " or ")+" ("+k.kind+")")
	}
	return strings.Join(out, ", ")
}

// plural counts things: "1 cohort", "2 cohorts"; "agency" makes
// "agencies".
func plural(n int, one string) string {
	if n == 1 {
		return "1 " + one
	}
	if strings.HasSuffix(one, "cy") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(one, "y"))
	}
	return fmt.Sprintf("%d %ss", n, one)
}

func checkCosting(dir string, lim csvio.Limits) (string, []string, error) {
	m, err := costing.LoadWith(dir, costing.LoadOptions{Limits: lim})
	if err != nil {
		return "", nil, err
	}
	res, err := costing.Compute(m, costing.Options{})
	if err != nil {
		return "", nil, err
	}
	services := map[string]bool{}
	for _, s := range res.Services {
		services[s.Service] = true
	}
	agencies := map[string]bool{}
	for _, a := range res.Agencies {
		agencies[a.Agency] = true
	}
	years := ""
	if n := len(res.Years); n > 0 {
		years = fmt.Sprintf(", years %d-%d", res.Years[0].Year, res.Years[n-1].Year)
	}
	return fmt.Sprintf("%s, %s%s, price base %d", plural(len(services), "service"), plural(len(agencies), "agency"), years, res.PriceBase), res.Warnings, nil
}

func checkOutcomes(dir string, lim csvio.Limits) (string, []string, error) {
	study, err := outcomes.Load(dir, outcomes.LoadOptions{Limits: lim})
	if err != nil {
		return "", nil, err
	}
	res, err := outcomes.Estimate(context.Background(), study, outcomes.Options{})
	if err != nil {
		return "", nil, err
	}
	cohorts := map[string]bool{}
	for _, e := range res.Effects {
		if e.Cohort != outcomes.PooledCohort {
			cohorts[e.Cohort] = true
		}
	}
	return fmt.Sprintf("%s, %s", plural(len(study.Metrics), "metric"), plural(len(cohorts), "cohort")), res.Warnings, nil
}

func checkScenario(dir string, lim csvio.Limits) (*scenario.Scenario, string, []string, error) {
	s, err := scenario.LoadWith(dir, scenario.LoadOptions{Limits: lim})
	if err != nil {
		return nil, "", nil, err
	}
	if _, err := sib.CompileWith(s, sib.CompileOptions{MaxBytes: lim.MemoryBytes}); err != nil {
		return nil, "", nil, err
	}
	period := map[int]string{scenario.Month: "month", scenario.Quarter: "quarter", scenario.Year: "year"}[s.Settings.Months]
	detail := fmt.Sprintf("%s, %s, %s, %s, %s", plural(len(s.Cohorts), "cohort"), plural(len(s.Terms), "term"),
		plural(len(s.Tranches), "tranche"), plural(s.Settings.Periods, period), paramCount(s.Params))
	return s, detail, s.Warnings, nil
}

func checkUncertainty(dir string, s *scenario.Scenario, scenarioDir string, lim csvio.Limits) (string, error) {
	sp, err := uncertainty.LoadWith(dir, s, lim)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s, %s, against %s", plural(len(sp.Params), "uncertain parameter"), plural(len(sp.Corr), "correlation"), scenarioDir), nil
}

// checkClaims validates a claims folder: its contract and its records.
func checkClaims(dir string, lim csvio.Limits) (string, error) {
	res, err := claims.Run(dir, claims.Options{Limits: lim})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s, %s paid of %s claimed", plural(int(res.Records), "record"), cents(res.Paid()), cents(res.Claimed())), nil
}

// paramCount says how many parameters a scenario has, the timing ones
// apart, as sib params and sib params --timing list them.
func paramCount(ps []scenario.Param) string {
	timing := 0
	for _, p := range ps {
		if p.Int {
			timing++
		}
	}
	if timing == 0 {
		return plural(len(ps), "parameter")
	}
	return fmt.Sprintf("%s and %d timing", plural(len(ps)-timing, "parameter"), timing)
}
