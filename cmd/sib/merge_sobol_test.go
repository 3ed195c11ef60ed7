package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// estoniaSobol are the inputs of the merge tests.
var estoniaSobol = []string{"../../testdata/estonia/scenario", "../../testdata/estonia/uncertainty"}

// sobolShards runs sib sobol --shard i/k --shard-out for i = 1 … k with
// flags, and returns the files, in a shuffled order.
func sobolShards(t *testing.T, dir string, k int, rng *rand.Rand, flags ...string) []string {
	t.Helper()
	files := make([]string, k)
	for i := range k {
		files[i] = filepath.Join(dir, fmt.Sprintf("shard-%d-of-%d.json", i+1, k))
		args := append(append([]string{"--shard", fmt.Sprintf("%d/%d", i+1, k), "--shard-out", files[i], "--workers", fmt.Sprint(1 + i%2)}, flags...), estoniaSobol...)
		var stdout, stderr bytes.Buffer
		if code := runSobol(args, &stdout, &stderr); code != exitOK {
			t.Fatalf("shard %d/%d: exit %d: %s", i+1, k, code, stderr.String())
		}
		if stdout.Len() != 0 {
			t.Fatalf("shard %d/%d wrote to stdout: %s", i+1, k, stdout.String())
		}
		// One line, then the run's warnings (N not a power of two, the
		// correlations left out), which the merge gives again.
		first, rest, _ := strings.Cut(stderr.String(), "\n")
		if !strings.Contains(first, fmt.Sprintf("shard %d of %d", i+1, k)) || strings.Count(rest, "sib sobol: warning: ") != strings.Count(rest, "\n") {
			t.Fatalf("shard %d/%d: stderr %q, want one line and warnings", i+1, k, stderr.String())
		}
	}
	rng.Shuffle(k, func(i, j int) { files[i], files[j] = files[j], files[i] })
	return files
}

// TestMergeSobolIsTheSingleRun: sib merge of K = 1 … 7 shards in any
// order prints what sib sobol prints without --shard, byte for byte, in
// every format and table, with and without --group, --scramble owen and
// --random, and draws the same chart.
func TestMergeSobolIsTheSingleRun(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 3))
	dir := t.TempDir()
	for _, tc := range []struct {
		name    string
		flags   []string
		ks      []int
		reports [][]string // report flags, each a merge and a single run
	}{
		// N = 1100: 7 blocks of rows (segments of 275, 275 and 550 rows
		// cut in blocks of 256), so up to 7 non-empty shards.
		{"plain", []string{"--n", "1100", "--boot", "60"}, []int{1, 2, 3, 4, 5, 6, 7},
			[][]string{nil, {"--format", "csv", "--table", "convergence"}, {"--format", "json"}}},
		{"groups, owen", []string{"--n", "1100", "--boot", "40", "--seed", "7", "--scramble", "owen", "--conf", "0.9",
			"--group", "custody=outcome.custody_days.effect,outcome.custody_days.decay", "--estimator", "saltelli", "--set", "setting.inflation=0.03"},
			[]int{2, 7}, [][]string{nil, {"--format", "csv", "--table", "groups"}}},
		{"random", []string{"--n", "600", "--boot", "30", "--random", "--output", "investors.npv"}, []int{3, 5},
			[][]string{{"--format", "csv"}, {"--plot", "PLOT.svg"}}},
	} {
		for _, k := range tc.ks {
			sub := filepath.Join(dir, fmt.Sprintf("%s-%d", strings.ReplaceAll(tc.name, ", ", "-"), k))
			if err := os.Mkdir(sub, 0o755); err != nil {
				t.Fatal(err)
			}
			files := sobolShards(t, sub, k, rng, tc.flags...)
			for r, rep := range tc.reports {
				// One path for both, as the chart's path is in the command:
				// the single run's chart is moved away before the merge.
				plotMerged := filepath.Join(sub, fmt.Sprintf("chart-%d.svg", r))
				plotSingle := plotMerged
				withPlot := func(path string) []string {
					out := make([]string, len(rep))
					for i, a := range rep {
						out[i] = strings.ReplaceAll(a, "PLOT.svg", path)
					}
					return out
				}
				var want, wantErr bytes.Buffer
				if code := runSobol(append(append(append([]string{}, tc.flags...), withPlot(plotSingle)...), estoniaSobol...), &want, &wantErr); code != exitOK {
					t.Fatalf("%s: single run: exit %d: %s", tc.name, code, wantErr.String())
				}
				if strings.Contains(strings.Join(rep, " "), "--plot") {
					plotSingle = plotMerged + ".single"
					if err := os.Rename(plotMerged, plotSingle); err != nil {
						t.Fatal(err)
					}
				}
				var got, gotErr bytes.Buffer
				if code := runMergeSobol(append(withPlot(plotMerged), files...), &got, &gotErr); code != exitOK {
					t.Fatalf("%s, %d shards %v: merge: exit %d: %s", tc.name, k, rep, code, gotErr.String())
				}
				if !bytes.Equal(got.Bytes(), want.Bytes()) {
					t.Fatalf("%s, %d shards %v: merge differs from the single run:\n%s", tc.name, k, rep, lineDiff(want.String(), got.String()))
				}
				if strings.Contains(strings.Join(rep, " "), "--plot") {
					a, err1 := os.ReadFile(plotSingle)
					b, err2 := os.ReadFile(plotMerged)
					if err1 != nil || err2 != nil || !bytes.Equal(a, b) {
						t.Fatalf("%s: the merged chart differs from the single run's (%v, %v)", tc.name, err1, err2)
					}
				}
			}
		}
	}
}

// lineDiff shows the first lines where two texts differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)) && b.Len() < 2000; i++ {
		var x, y string
		if i < len(w) {
			x = w[i]
		}
		if i < len(g) {
			y = g[i]
		}
		if x != y {
			fmt.Fprintf(&b, "line %d:\n- %s\n+ %s\n", i+1, x, y)
		}
	}
	return b.String()
}

// TestMergeSobolErrors: shards that do not make one run are refused with
// exit 1, nothing on stdout, and the message names the file.
func TestMergeSobolErrors(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 1))
	base := []string{"--n", "600", "--boot", "10"}
	mk := func(name string, k int, flags ...string) []string {
		sub := filepath.Join(dir, name)
		if err := os.Mkdir(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		files := sobolShards(t, sub, k, rng, append(append([]string{}, base...), flags...)...)
		// In shard order.
		for i := range files {
			files[i] = filepath.Join(sub, fmt.Sprintf("shard-%d-of-%d.json", i+1, k))
		}
		return files
	}
	two := mk("two", 2)
	three := mk("three", 3)
	seed := mk("seed", 2, "--seed", "2")
	n := mk("n", 2, "--n", "512")
	set := mk("set", 2, "--set", "setting.inflation=0.03")
	est := mk("est", 2, "--estimator", "saltelli")
	out := mk("out", 2, "--output", "investors.npv")
	grp := mk("grp", 2, "--group", "g=outcome.custody_days.effect,outcome.custody_days.decay")
	garbage := filepath.Join(dir, "garbage.json")
	if err := os.WriteFile(garbage, []byte(`{"format":"sib-shard","version":1,"kind":"sobol","shard":1,"of":2}`), 0o644); err != nil {
		t.Fatal(err)
	}
	simulate := filepath.Join(dir, "simulate.json")
	if err := os.WriteFile(simulate, []byte(`{"format":"sib-shard","version":1,"kind":"simulate","shard":1,"of":2}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		files []string
		want  string
	}{
		{"missing", two[:1], two[0] + ": shard 2 of 2 is missing"},
		{"twice", []string{two[0], two[1], two[0]}, two[0] + ": shard 1 of 2 again"},
		{"other split", []string{two[0], three[1]}, three[1] + ": shard 2 of 3, but"},
		{"other seed", []string{two[0], seed[1]}, seed[1] + ": a shard of another run than " + two[0] + ": it has --seed=2, not the default"},
		{"other n", []string{n[0], two[1]}, two[1] + ": a shard of another run than " + n[0] + ": it has --n=600, not --n=512"},
		{"other set", []string{two[0], set[1]}, set[1] + ": a shard of another run than " + two[0] + ": it has --set=setting.inflation=0.03"},
		{"other estimator", []string{est[0], two[1]}, two[1] + ": a shard of another run"},
		{"other output", []string{two[0], out[1]}, out[1] + ": a shard of another run"},
		{"other groups", []string{grp[0], two[1]}, two[1] + ": a shard of another run"},
		{"not JSON", []string{two[0], "merge_sobol.go"}, "merge_sobol.go: not a shard file"},
		{"no sums", []string{garbage}, garbage + ": no command to merge"},
		{"a simulate shard", []string{simulate}, simulate + ": a shard of sib simulate, not of sib sobol"},
		{"no file", []string{filepath.Join(dir, "nowhere.json")}, "nowhere.json: no such file"},
	} {
		var stdout, stderr bytes.Buffer
		code := runMergeSobol(tc.files, &stdout, &stderr)
		if code != exitData || stdout.Len() != 0 || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 1 and %q", tc.name, code, stdout.String(), stderr.String(), tc.want)
		}
	}
	// The inputs changed since the shards ran.
	unc := filepath.Join(dir, "uncertainty")
	copyDir(t, estoniaSobol[1], unc, func(_ string, b []byte) []byte { return b })
	var stderr bytes.Buffer
	var files []string
	for i := 1; i <= 2; i++ {
		f := filepath.Join(dir, fmt.Sprintf("moved-%d.json", i))
		files = append(files, f)
		if code := runSobol([]string{"--n", "64", "--boot", "5", "--shard", fmt.Sprintf("%d/2", i), "--shard-out", f, estoniaSobol[0], unc}, &bytes.Buffer{}, &stderr); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
	}
	if err := os.WriteFile(filepath.Join(unc, "notes.txt"), []byte("changed"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout bytes.Buffer
	stderr.Reset()
	if code := runMergeSobol(files, &stdout, &stderr); code != exitData || stdout.Len() != 0 || !strings.Contains(stderr.String(), "have changed since the shards ran") {
		t.Errorf("changed inputs: exit %d, stderr %q", code, stderr.String())
	}
	// The merge's own errors are sib merge's, not the sib sobol's it
	// runs to make the report.
	stdout.Reset()
	stderr.Reset()
	if code := runMergeSobol(append([]string{"--format", "xml"}, two...), &stdout, &stderr); code != exitUsage || !strings.HasPrefix(stderr.String(), "sib merge: ") {
		t.Errorf("--format xml: exit %d, stderr %q; want exit 2 and sib merge:", code, stderr.String())
	}
}

// TestSobolShardUsage: --shard's usage errors.
func TestSobolShardUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--shard", "1/2"}, "--shard I/K and --shard-out FILE go together"},
		{[]string{"--shard-out", "x.json"}, "--shard I/K and --shard-out FILE go together"},
		{[]string{"--shard", "0/2", "--shard-out", "x.json"}, `--shard "0/2": expected I/K`},
		{[]string{"--shard", "3/2", "--shard-out", "x.json"}, `--shard "3/2": expected I/K`},
		{[]string{"--shard", "two", "--shard-out", "x.json"}, `--shard "two": expected I/K`},
		{[]string{"--shard", "1/2", "--shard-out", "x.json", "--format", "csv"}, "--format: a shard writes no report; give --format to sib merge"},
		{[]string{"--shard", "1/2", "--shard-out", "x.json", "--plot", "x.svg"}, "--plot: a shard writes no report"},
	} {
		var stdout, stderr bytes.Buffer
		code := runSobol(append(tc.args, estoniaSobol...), &stdout, &stderr)
		if code != exitUsage || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%v: exit %d, stderr %q, want 2 and %q", tc.args, code, stderr.String(), tc.want)
		}
	}
	var stdout, stderr bytes.Buffer
	if code := runMergeSobol(nil, &stdout, &stderr); code != exitUsage {
		t.Errorf("merge without files: exit %d", code)
	}
}

// Sobol' shards are merged with their inputs, read again where the shards
// read them: without them, a data error that says so, and nothing on
// standard output.
func TestMergeSobolNeedsInputs(t *testing.T) {
	root := t.TempDir()
	deal := filepath.Join(root, "deal")
	if err := os.CopyFS(deal, os.DirFS("../../testdata/estonia")); err != nil {
		t.Fatal(err)
	}
	var files []string
	for i := 1; i <= 2; i++ {
		f := filepath.Join(root, fmt.Sprintf("s%d.json", i))
		if code, _, stderr := runCLI("sobol", "--n", "64", "--boot", "10", "--shard", fmt.Sprintf("%d/2", i), "--shard-out", f, deal+"/scenario", deal+"/uncertainty"); code != exitOK {
			t.Fatalf("shard %d: exit %d: %s", i, code, stderr)
		}
		files = append(files, f)
	}
	if err := os.RemoveAll(deal); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(append([]string{"merge"}, files...)...)
	if code != exitData || stdout != "" || !strings.Contains(stderr, "Sobol' shards are merged with their inputs") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}
