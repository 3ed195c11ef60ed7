package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs sib with args and returns its exit code and outputs.
func runCLI(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(args, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// runShards runs the K shards of a simulate run (args without --shard)
// into dir and returns the shard files in a shuffled order.
func runShards(t *testing.T, dir string, k int, rng *rand.Rand, args []string) []string {
	t.Helper()
	var files []string
	for i := 1; i <= k; i++ {
		f := filepath.Join(dir, fmt.Sprintf("shard-%d-of-%d.json", i, k))
		a := append([]string{"simulate", "--shard", fmt.Sprintf("%d/%d", i, k), "--shard-out", f}, args...)
		code, stdout, stderr := runCLI(a...)
		if code != exitOK || stdout != "" || strings.Count(stderr, "\n") != 1 {
			t.Fatalf("shard %d/%d: exit %d, stdout %q, stderr %q", i, k, code, stdout, stderr)
		}
		files = append(files, f)
	}
	rng.Shuffle(len(files), func(i, j int) { files[i], files[j] = files[j], files[i] })
	return files
}

// sib merge of K = 1 … 7 shards, given in a shuffled order, prints what
// the single run prints, byte for byte, in text, CSV and JSON: with
// measurement noise and without, with exact percentiles and with the
// sketch. 2·4096 + 100 draws make three blocks, so that K > 3 has empty
// shards.
func TestMergeEqualsSingleRunCLI(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 3))
	base := []string{"--draws", "8292", "--seed", "11"}
	for _, c := range []struct {
		name  string
		flags []string
		ks    []int
	}{
		{"noise", nil, []int{1, 2, 3, 4, 5, 6, 7}},
		{"no-noise-sketch", []string{"--noise=false", "--sketch", "ddsketch:0.02"}, []int{1, 2, 3, 4, 5, 6, 7}},
		{"noise-sketch-set", []string{"--sketch", "ddsketch", "--set", "setting.discount_rate=0.05", "--output", "investors.irr,state.net"}, []int{2, 5}},
	} {
		args := append(append(append([]string{}, base...), c.flags...), estScenario, estUncertainty)
		for _, k := range c.ks {
			files := runShards(t, t.TempDir(), k, rng, args)
			for _, format := range [][]string{nil, {"--format", "csv"}, {"--format", "json"}, {"--format", "csv", "--table", "chances"}} {
				sc, want, _ := runCLI(append(append([]string{"simulate"}, format...), args...)...)
				mc, got, stderr := runCLI(append(append([]string{"merge"}, format...), files...)...)
				if sc != exitOK || mc != exitOK {
					t.Fatalf("%s, K=%d, %v: exit %d and %d: %s", c.name, k, format, sc, mc, stderr)
				}
				if got != want {
					t.Errorf("%s, K=%d, %v: merge differs from the single run:\n%s", c.name, k, format, firstDiff(want, got))
				}
			}
		}
	}
}

// firstDiff shows the first line where two outputs differ.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range min(len(w), len(g)) {
		if w[i] != g[i] {
			return fmt.Sprintf("line %d:\nwant %s\n got %s", i+1, w[i], g[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d lines", len(w), len(g))
}

// sib merge refuses, naming the file, a missing shard, a shard given
// twice, a shard of another run, and a damaged shard or values file;
// nothing reaches standard output.
func TestMergeRefuses(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 1))
	args := []string{"--draws", "5000", "--noise=false", estScenario, estUncertainty}
	files := runShards(t, dir, 2, rng, args)
	a, b := filepath.Join(dir, "shard-1-of-2.json"), filepath.Join(dir, "shard-2-of-2.json")
	other := runShards(t, t.TempDir(), 2, rng, append([]string{"--seed", "2"}, args...))
	bad := filepath.Join(dir, "bad.json")
	data, _ := os.ReadFile(a)
	if err := os.WriteFile(bad, bytes.Replace(data, []byte(`"of": 2`), []byte(`"of": "two"`), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	// A flag without words, which the flags' comparison named by its
	// first word (a panic, caught by hand).
	noWords := filepath.Join(dir, "no-words.json")
	if err := os.WriteFile(noWords, bytes.Replace(data, []byte(`"--noise=false"`), nil, 1), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		files []string
		want  string
	}{
		{"missing", []string{b}, "shard 1 of 2 missing"},
		{"duplicate", []string{a, b, a}, a + ": shard 1/2 again"},
		{"other run", []string{files[0], other[0]}, other[0] + ": not a shard file of this run"},
		{"damaged", []string{bad, b}, bad + ":6:"},
		{"flag without words", []string{noWords, b}, noWords + ": not a shard file of this run: flag 2: [] is not a flag's words"},
	} {
		code, stdout, stderr := runCLI(append([]string{"merge"}, c.files...)...)
		if code != exitData || stdout != "" || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 1 and %q", c.name, code, stdout, stderr, c.want)
		}
	}
	// A values file cut short.
	pq := strings.TrimSuffix(b, ".json") + ".parquet"
	data, _ = os.ReadFile(pq)
	if err := os.WriteFile(pq, data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI("merge", a, b); code != exitData || !strings.Contains(stderr, pq) {
		t.Errorf("values file cut short: exit %d, %q", code, stderr)
	}
}

// A shard refuses, as a usage error, what needs every draw in one
// process, and the report's flags, which go to sib merge.
func TestShardRefusesFlags(t *testing.T) {
	out := filepath.Join(t.TempDir(), "s.json")
	for _, flags := range [][]string{{"--hist", "h.svg"}, {"--rank-tornado"}, {"--evpi"}, {"--format", "csv"}, {"--xlsx", "x.xlsx"}, {"--draws-out", "d.csv"}} {
		args := append(append([]string{"simulate", "--draws", "100", "--shard", "1/2", "--shard-out", out}, flags...), estScenario, estUncertainty)
		if code, stdout, stderr := runCLI(args...); code != exitUsage || stdout != "" || !strings.Contains(stderr, flags[0]) {
			t.Errorf("%v: exit %d, %q", flags, code, stderr)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a refused shard wrote its file")
	}
}

// A shard file named .parquet is refused, exit 2, nothing written: it would
// hold the shard's JSON, and its values would go to NAME.parquet.parquet.
func TestShardOutParquetName(t *testing.T) {
	dir := t.TempDir()
	for _, cmd := range []string{"simulate", "sobol"} {
		out := filepath.Join(dir, "s.parquet")
		args := []string{cmd, "--shard", "1/2", "--shard-out", out, estScenario, estUncertainty}
		if cmd == "simulate" {
			args = append([]string{cmd, "--draws", "100"}, args[1:]...)
		}
		if code, _, stderr := runCLI(args...); code != exitUsage || !strings.Contains(stderr, "give it a .json name") {
			t.Errorf("%s: exit %d, %q", cmd, code, stderr)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("a refused shard wrote %v", ents)
	}
}

// The shard files are read by DuckDB, where it is installed.
func TestShardValuesDuckDB(t *testing.T) {
	duck, err := exec.LookPath("duckdb")
	if err != nil {
		t.Skip("duckdb is not installed")
	}
	dir := t.TempDir()
	runShards(t, dir, 2, rand.New(rand.NewPCG(1, 1)), []string{"--draws", "5000", estScenario, estUncertainty})
	out, err := exec.Command(duck, "-csv", "-noheader", "-c", fmt.Sprintf("select count(*), min(draw), max(draw) from read_parquet('%s/*.parquet')", dir)).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "5000,0,4999" {
		t.Errorf("duckdb: %v: %s", err, out)
	}
}

// DuckDB (through its Node.js package, where SIB_DUCKDB_NODE names a
// folder with node_modules/@duckdb/node-api) reads the shards' values
// files and a --draws-out Parquet file: the draws, the mean IRR, the
// missing IRRs and the median state saving agree with sib merge's JSON.
// The script is testdata/reference/shards/duckdb_check.mjs.
func TestShardValuesDuckDBNode(t *testing.T) {
	mods := os.Getenv("SIB_DUCKDB_NODE")
	node, err := exec.LookPath("node")
	if mods == "" || err != nil {
		t.Skip("SIB_DUCKDB_NODE (a folder with node_modules/@duckdb/node-api) or node is missing")
	}
	dir := t.TempDir()
	args := []string{"--draws", "9000", "--seed", "7", estScenario, estUncertainty}
	var files []string
	for i := 1; i <= 3; i++ {
		f := filepath.Join(dir, fmt.Sprint(i), "shard.json")
		if err := os.Mkdir(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if code, _, stderr := runCLI(append([]string{"simulate", "--shard", fmt.Sprintf("%d/3", i), "--shard-out", f}, args...)...); code != exitOK {
			t.Fatal(stderr)
		}
		files = append(files, f)
	}
	if code, _, stderr := runCLI("simulate", "--draws", "2000", "--seed", "7", "--noise=false", "--draws-out", filepath.Join(dir, "draws.parquet"), estScenario, estUncertainty); code != exitOK {
		t.Fatal(stderr)
	}
	_, merged, _ := runCLI(append([]string{"merge", "--format", "json"}, files...)...)
	var rep struct {
		Summary []struct {
			Output  string
			Mean    float64
			P50     float64
			N       int
			Missing int
		}
	}
	if err := json.Unmarshal([]byte(merged), &rep); err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	script, _ := os.ReadFile("../../testdata/reference/shards/duckdb_check.mjs")
	if err := os.WriteFile(filepath.Join(work, "check.mjs"), script, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(mods, "node_modules"), filepath.Join(work, "node_modules")); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "check.mjs", dir)
	cmd.Dir = work
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	var got struct {
		Shards struct {
			N, Lo, Hi     int
			DistinctDraws int     `json:"distinct_draws"`
			MeanIRR       float64 `json:"mean_irr"`
			MissingIRR    int     `json:"missing_irr"`
			P50State      float64 `json:"p50_state"`
		}
		DrawsOutRows int    `json:"draws_out_rows"`
		DrawsOutSeed string `json:"draws_out_seed"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	byName := map[string]int{}
	for i, s := range rep.Summary {
		byName[s.Output] = i
	}
	irr, state := rep.Summary[byName["investors.irr"]], rep.Summary[byName["state.net_gross"]]
	switch {
	case got.Shards.DistinctDraws != 9000 || got.DrawsOutRows != 2000 || got.DrawsOutSeed != "7":
		t.Errorf("DuckDB read %s", out)
	case math.Abs(got.Shards.MeanIRR-irr.Mean) > 1e-9*math.Abs(irr.Mean) || got.Shards.MissingIRR != irr.Missing:
		t.Errorf("mean IRR %v (%d missing) in DuckDB, %v (%d) in sib merge", got.Shards.MeanIRR, got.Shards.MissingIRR, irr.Mean, irr.Missing)
	case math.Abs(got.Shards.P50State-state.P50) > 0.005:
		t.Errorf("median state saving %v in DuckDB, %v in sib merge", got.Shards.P50State, state.P50)
	}
}

// sib merge --xlsx writes the workbook of the merged report, the same as
// the single run's --xlsx but for the command line (the workbook keeps
// the one of the run that wrote it).
func TestMergeXlsx(t *testing.T) {
	dir := t.TempDir()
	files := runShards(t, dir, 2, rand.New(rand.NewPCG(2, 2)), []string{"--draws", "5000", "--noise=false", estScenario, estUncertainty})
	mx, sx := filepath.Join(dir, "merged.xlsx"), filepath.Join(dir, "single.xlsx")
	mc, mout, stderr := runCLI(append([]string{"merge", "--xlsx", mx}, files...)...)
	if mc != exitOK {
		t.Fatal(stderr)
	}
	sc, sout, stderr := runCLI("simulate", "--xlsx", sx, "--draws", "5000", "--noise=false", estScenario, estUncertainty)
	if sc != exitOK {
		t.Fatal(stderr)
	}
	// Standard output names the workbook in the command line.
	if strings.Replace(mout, mx, sx, 1) != sout {
		t.Errorf("merge --xlsx prints other than simulate --xlsx:\n%s", firstDiff(sout, strings.Replace(mout, mx, sx, 1)))
	}
	if st, err := os.Stat(mx); err != nil || st.Size() < 5000 {
		t.Errorf("merged workbook: %v", err)
	}
}

// Shards made from inputs edited between their runs do not merge (the
// shard files carry a fingerprint of the inputs), nor does a values file
// of another run or shard put in a shard's place (the shard file carries
// its SHA-256); nothing reaches standard output.
func TestMergeRefusesOtherInputsAndValues(t *testing.T) {
	root := t.TempDir()
	deal := filepath.Join(root, "deal")
	if err := os.CopyFS(deal, os.DirFS("../../testdata/estonia")); err != nil {
		t.Fatal(err)
	}
	args := func(i int, dir string) []string {
		return []string{"simulate", "--draws", "5000", "--noise=false", "--shard", fmt.Sprintf("%d/2", i), "--shard-out", filepath.Join(dir, fmt.Sprintf("s%d.json", i)), deal + "/scenario", deal + "/uncertainty"}
	}
	run := func(a []string) {
		t.Helper()
		if code, _, stderr := runCLI(a...); code != exitOK {
			t.Fatalf("%v: exit %d: %s", a, code, stderr)
		}
	}
	same, edited := filepath.Join(root, "same"), filepath.Join(root, "edited")
	for _, d := range []string{same, edited} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	run(args(1, same))
	run(args(2, same))
	run(args(1, edited))
	// An input edited before the second shard ran.
	deflator := filepath.Join(deal, "costing", "deflator.csv")
	b, err := os.ReadFile(deflator)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(deflator, bytes.Replace(b, []byte("119.4"), []byte("119.5"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	run(args(2, edited))
	code, stdout, stderr := runCLI("merge", filepath.Join(edited, "s1.json"), filepath.Join(edited, "s2.json"))
	if code != exitData || stdout != "" || !strings.Contains(stderr, "on other inputs") {
		t.Errorf("edited inputs: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	// The second shard's values file in place of the same shard's of
	// another run (same draws, other inputs).
	pq, err := os.ReadFile(filepath.Join(edited, "s2.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(same, "s2.parquet"), pq, 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = runCLI("merge", filepath.Join(same, "s1.json"), filepath.Join(same, "s2.json"))
	if code != exitData || stdout != "" || !strings.Contains(stderr, "is not the one this shard wrote") {
		t.Errorf("values of another run: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// TestFlagsDiff: sib merge names the flags in which two shards' commands
// differ (it printed both command lines for the user to compare).
func TestFlagsDiff(t *testing.T) {
	a := [][]string{{"--draws", "9000"}, {"--noise=false"}, {"--output", "investors.irr"}}
	b := [][]string{{"--draws", "9000"}, {"--output", "state.net"}, {"--seed", "1"}}
	want := "--output state.net here, there --output investors.irr; --seed 1 here, not given there; --noise not given here, there --noise=false"
	if got := flagsDiff(a, b); got != want {
		t.Errorf("flagsDiff:\n got %s\nwant %s", got, want)
	}
}
