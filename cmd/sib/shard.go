package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/sib-engine/sib/internal/parquetio"
	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/uncertainty"
)

// Shards: sib simulate --shard I/K --shard-out FILE computes draws of
// block-aligned share I of K (see shardRange) and writes a shard file,
// JSON (shardFile), and, unless it is empty, a Parquet file of its draws'
// values beside it (FILE without .json, plus .parquet) whose name the
// JSON records. sib merge reads any set of shard files of one run and
// prints the single run's report (merge.go).

// shardFormat and shardVersion open every shard file.
const (
	shardFormat  = "sib-shard"
	shardVersion = 1
)

// shardFile is a shard file. The first fields are the shared interface
// of sib's shard files (simulate and sobol).
type shardFile struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	Kind    string `json:"kind"`
	Shard   int    `json:"shard"`
	Of      int    `json:"of"`
	// Command is the shard's own command line; Run the single run's
	// words (flags in name order without --shard, --shard-out, --format,
	// --table, --xlsx and --workers), which every shard of a run shares.
	Command string     `json:"command"`
	Flags   [][]string `json:"flags"`
	Args    []string   `json:"args"`
	Draws   int        `json:"draws"`
	Seed    uint64     `json:"seed"`
	First   int        `json:"first"`
	Count   int        `json:"count"`
	// Values is the Parquet file of the draws' values, a name in the
	// shard file's folder; "" for an empty shard.
	Values string `json:"values,omitempty"`
	// ValuesSHA256 is the values file's SHA-256, so that a merge refuses
	// a values file of another run or shard.
	ValuesSHA256 string `json:"values_sha256,omitempty"`
	// Fingerprint is the SHA-256 of the inputs' contents
	// (inputsFingerprint): shards of one run read the same files.
	Fingerprint string `json:"fingerprint"`
	// Measured says measurement noise was on (uncertainty.Simulation's
	// Noise): the tests' draws are in the values file.
	Measured bool         `json:"measured"`
	Report   shardReport  `json:"report"`
	Out      []shardOut   `json:"outputs"`
	Events   [4]int       `json:"events"`
	Tests    []shardTest  `json:"tests,omitempty"`
	Terms    []string     `json:"terms,omitempty"`
	Notes    []string     `json:"warnings,omitempty"`
	Meta     []shardMetaT `json:"meta"`
}

// shardReport is the report's context (simContext) and what emit needs.
type shardReport struct {
	Title        string            `json:"title"`
	Currency     string            `json:"currency"`
	Gross        bool              `json:"gross"`
	Varied       int               `json:"varied"`
	Correlations int               `json:"correlations"`
	Sketch       float64           `json:"sketch,omitempty"`
	Noise        bool              `json:"noise"` // --noise
	Units        map[string]string `json:"units"`
}

// shardMetaT is a report.Meta item.
type shardMetaT struct {
	Key     string   `json:"key"`
	Value   string   `json:"value,omitempty"`
	Numeric bool     `json:"numeric,omitempty"`
	List    []string `json:"list,omitempty"`
	IsList  bool     `json:"is_list,omitempty"`
	Text    string   `json:"text,omitempty"`
}

// shardOut is an output's mergeable figures (uncertainty.OutputStats).
type shardOut struct {
	Name    string   `json:"name"`
	Doc     string   `json:"doc"`
	Unit    string   `json:"unit"`
	Missing int      `json:"missing"`
	Min     *float64 `json:"min"` // null without a value
	Max     *float64 `json:"max"`
	// Blocks are the blocks' [n, mean, m2] in draw order.
	Blocks [][3]float64 `json:"blocks"`
	Sketch *sketchJSON  `json:"sketch,omitempty"`
}

type sketchJSON struct {
	Alpha float64    `json:"alpha"`
	Zero  uint64     `json:"zero"`
	Pos   [][2]int64 `json:"positive"`
	Neg   [][2]int64 `json:"negative"`
}

// shardTest is a test's head; its draws are columns of the values file.
type shardTest struct {
	Term     string  `json:"term"`
	Metric   string  `json:"metric"`
	Cohort   string  `json:"cohort"`
	Level    float64 `json:"level"`
	Relative bool    `json:"relative"`
}

// parseShard reads --shard I/K: 1 ≤ I ≤ K.
func parseShard(s string) (i, k int, err error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(strings.TrimSpace(a))
	k, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil || k < 1 || i < 1 || i > k || k > 1<<20 {
		return 0, 0, fmt.Errorf("--shard %q: expected I/K with 1 ≤ I ≤ K (e.g. 3/8), K at most %d", s, 1<<20)
	}
	return i, k, nil
}

// shardRange returns shard i of k's draws of a run of n: the blocks of
// uncertainty.BlockDraws draws are shared out in order, shard i taking
// blocks ⌊(i−1)B/k⌋ to ⌊iB/k⌋−1 of the B = ⌈n/BlockDraws⌉; a shard may
// be empty when k > B.
func shardRange(n, i, k int) (first, count int) {
	blocks := (n + uncertainty.BlockDraws - 1) / uncertainty.BlockDraws
	from := min((i-1)*blocks/k*uncertainty.BlockDraws, n)
	to := min(i*blocks/k*uncertainty.BlockDraws, n)
	return from, to - from
}

// parseSketch reads --sketch: "" (exact percentiles), ddsketch or
// ddsketch:ALPHA with 0 < ALPHA ≤ 0.5.
func parseSketch(s string) (float64, error) {
	if s == "" {
		return 0, nil
	}
	name, a, has := strings.Cut(strings.TrimSpace(s), ":")
	if !strings.EqualFold(name, "ddsketch") {
		return 0, fmt.Errorf("--sketch %q: expected ddsketch or ddsketch:ALPHA (the relative accuracy, e.g. ddsketch:0.01)", s)
	}
	if !has {
		return 0.01, nil
	}
	alpha, err := strconv.ParseFloat(strings.TrimSpace(a), 64)
	if err != nil || !(alpha > 0 && alpha <= 0.5) {
		return 0, fmt.Errorf("--sketch %q: the relative accuracy must be a number above 0 and at most 0.5", s)
	}
	return alpha, nil
}

// shardOutName says what is wrong with a shard file's name, or "": a
// .parquet name would hold the shard's JSON, its values going to
// NAME.parquet.parquet beside it.
func shardOutName(path string) string {
	if strings.EqualFold(filepath.Ext(path), ".parquet") {
		return fmt.Sprintf("--shard-out %s: the shard file is JSON (the draws' values go to a Parquet file beside it): give it a .json name", path)
	}
	return ""
}

// valuesName is the Parquet values file beside shard file path.
func valuesName(path string) string {
	base := filepath.Base(path)
	if ext := filepath.Ext(base); strings.EqualFold(ext, ".json") {
		base = strings.TrimSuffix(base, ext)
	}
	return base + ".parquet"
}

// shardNoFlags are the flags a shard refuses: the ones that need every
// draw in one process, and the ones of the report, which sib merge takes.
var shardNoFlags = map[string]string{
	"format": "merge", "table": "merge", "xlsx": "merge",
	"hist": "draws", "cdf": "draws", "draws-out": "draws", "comparator": "draws", "exposure": "draws", "exposure-plot": "draws",
	"evpi": "draws", "evpi-group": "draws", "evpi-bins": "draws", "rank-tornado": "draws", "rank-plot": "draws",
}

// metaOut and metaIn convert report metadata for a shard file.
func metaOut(ms []report.Meta) []shardMetaT {
	out := make([]shardMetaT, len(ms))
	for i, m := range ms {
		out[i] = shardMetaT{Key: m.Key, Value: m.Value, Numeric: m.Numeric, List: m.List, IsList: m.List != nil, Text: m.Text}
	}
	return out
}

func metaIn(ms []shardMetaT) []report.Meta {
	out := make([]report.Meta, len(ms))
	for i, m := range ms {
		out[i] = report.Meta{Key: m.Key, Value: m.Value, Numeric: m.Numeric, List: m.List, Text: m.Text}
		if m.IsList && m.List == nil {
			out[i].List = []string{}
		}
	}
	return out
}

func floatPtr(x float64) *float64 {
	if math.IsNaN(x) {
		return nil
	}
	return &x
}

// shardBytes renders a shard's JSON and, for a shard with draws, its
// values file's columns.
func shardBytes(sf *shardFile, part *uncertainty.Part) ([]byte, []parquetio.Column, error) {
	var cols []parquetio.Column
	if part != nil {
		for k, o := range part.Outputs {
			st := part.Stats[k]
			so := shardOut{Name: o.Name, Doc: o.Doc, Unit: o.Unit, Missing: st.Missing, Min: floatPtr(st.Min), Max: floatPtr(st.Max), Blocks: [][3]float64{}}
			for _, b := range st.Blocks {
				so.Blocks = append(so.Blocks, [3]float64{float64(b.N), b.Mean, b.M2})
			}
			if st.Sketch != nil {
				b := st.Sketch.Buckets()
				so.Sketch = &sketchJSON{Alpha: b.Alpha, Zero: b.Zero, Pos: b.Pos, Neg: b.Neg}
			}
			sf.Out = append(sf.Out, so)
		}
		sf.Events = part.Events
		draw := make([]int64, part.Draws)
		for i := range draw {
			draw[i] = int64(part.First + i)
		}
		cols = append(cols, parquetio.Column{Name: "draw", Int64: draw})
		for k, v := range part.Values {
			cols = append(cols, parquetio.Column{Name: part.Outputs[k].Name, Float64: v})
		}
		if td := part.Tests; td != nil {
			for k, t := range td.Tests {
				sf.Tests = append(sf.Tests, shardTest{Term: t.Term, Metric: t.Metric, Cohort: t.Cohort, Level: t.Level, Relative: t.Relative})
				pass := make([]int32, part.Draws)
				for i, b := range td.Pass[k] {
					pass[i] = int32(b)
				}
				cols = append(cols, parquetio.Column{Name: fmt.Sprintf("test%d.pass", k+1), Int32: pass},
					parquetio.Column{Name: fmt.Sprintf("test%d.true_effect", k+1), Float64: td.Truth[k]})
			}
			sf.Terms = td.Terms
			for j := range td.Terms {
				cols = append(cols, parquetio.Column{Name: fmt.Sprintf("term%d.paid", j+1), Float64: td.Paid[j]})
			}
		}
	}
	js, err := json.MarshalIndent(sf, "", " ")
	if err != nil {
		return nil, nil, err
	}
	return append(js, '\n'), cols, nil
}

// errShard is wrapped by every error in reading a shard file.
var errShard = errors.New("not a shard file of this run")

// jsonPos turns a JSON decoding error at a byte offset into line:column.
func jsonPos(data []byte, err error) string {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 || off > int64(len(data)) {
		return ""
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := int(off) - bytes.LastIndexByte(data[:off], '\n')
	return fmt.Sprintf("%d:%d:", line, col)
}

// parquetMagic starts a Parquet file: a shard's values file given to
// sib merge in place of (or beside) its JSON.
var parquetMagic = []byte("PAR1")

// parquetGiven says what to give instead of a values file.
const parquetGiven = "a shard's Parquet values file: give sib merge the shards' .json files (it reads each one's values file beside it)"

// decodeShard reads a shard file's JSON and checks its own consistency
// (not yet that it belongs with the others). An error of the JSON itself
// starts with its line:column: and every other with a space, so that
// "FILE:" + err reads as a positioned error.
func decodeShard(data []byte) (*shardFile, error) {
	var head struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
		Kind    string `json:"kind"`
	}
	if bytes.HasPrefix(data, parquetMagic) {
		return nil, fmt.Errorf(" %w: %s", errShard, parquetGiven)
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("%s %w: %v", jsonPos(data, err), errShard, err)
	}
	if head.Format != shardFormat || head.Version != shardVersion {
		return nil, fmt.Errorf(" %w: expected format %q version %d, got %q version %d", errShard, shardFormat, shardVersion, head.Format, head.Version)
	}
	if head.Kind != "simulate" {
		return nil, fmt.Errorf(" %w: kind %q (sib merge of simulate shards reads kind \"simulate\")", errShard, head.Kind)
	}
	var sf shardFile
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	if err := d.Decode(&sf); err != nil {
		return nil, fmt.Errorf("%s %w: %v", jsonPos(data, err), errShard, err)
	}
	first, count := shardRange(sf.Draws, max(sf.Shard, 1), max(sf.Of, 1))
	switch {
	case sf.Of < 1 || sf.Shard < 1 || sf.Shard > sf.Of || sf.Of > 1<<20:
		return nil, fmt.Errorf(" %w: shard %d of %d", errShard, sf.Shard, sf.Of)
	case sf.Draws < 1:
		return nil, fmt.Errorf(" %w: %d draws", errShard, sf.Draws)
	case sf.First != first || sf.Count != count:
		return nil, fmt.Errorf(" %w: shard %d of %d of %d draws should hold draws from %d, %d of them; it says from %d, %d", errShard, sf.Shard, sf.Of, sf.Draws, first, count, sf.First, sf.Count)
	case (sf.Count > 0) != (sf.Values != ""):
		return nil, fmt.Errorf(" %w: a shard of %d draws with values file %q", errShard, sf.Count, sf.Values)
	case sf.Values != "" && (filepath.Base(sf.Values) != sf.Values || sf.Values == "." || sf.Values == ".."):
		return nil, fmt.Errorf(" %w: values file %q: expected a file name in the shard file's folder", errShard, sf.Values)
	case len(sf.Flags) == 0 && len(sf.Args) == 0:
		return nil, fmt.Errorf(" %w: no command", errShard)
	}
	// A merge names each flag by its first word (flagName).
	for i, f := range sf.Flags {
		if len(f) == 0 || !strings.HasPrefix(f[0], "--") {
			return nil, fmt.Errorf(" %w: flag %d: %q is not a flag's words", errShard, i+1, f)
		}
	}
	for k, o := range sf.Out {
		n := 0
		for b, bl := range o.Blocks {
			if bl[0] < 0 || bl[0] > uncertainty.BlockDraws || bl[0] != math.Trunc(bl[0]) || math.IsNaN(bl[1]) || math.IsInf(bl[1], 0) || !(bl[2] >= 0) || math.IsInf(bl[2], 0) {
				return nil, fmt.Errorf(" %w: output %d (%s), block %d: %v is not a block's [n, mean, m2]", errShard, k+1, o.Name, b+1, bl)
			}
			n += int(bl[0])
		}
		if n+o.Missing != sf.Count || o.Missing < 0 || len(o.Blocks) != (sf.Count+uncertainty.BlockDraws-1)/uncertainty.BlockDraws {
			return nil, fmt.Errorf(" %w: output %d (%s) counts %d draws in %d blocks, the shard has %d", errShard, k+1, o.Name, n+o.Missing, len(o.Blocks), sf.Count)
		}
		if sf.Count > 0 && (o.Sketch != nil) != (sf.Report.Sketch > 0) || (o.Sketch != nil && o.Sketch.Alpha != sf.Report.Sketch) {
			return nil, fmt.Errorf(" %w: output %d (%s): its sketch does not match the run's --sketch", errShard, k+1, o.Name)
		}
	}
	for b, e := range sf.Events {
		if e < 0 || e > sf.Count {
			return nil, fmt.Errorf(" %w: event %d counted in %d of %d draws", errShard, b+1, e, sf.Count)
		}
	}
	return &sf, nil
}

// partOf reads a shard's values file, in dir, and returns its part of
// the run; nil for an empty shard.
func partOf(sf *shardFile, dir string) (*uncertainty.Part, error) {
	if sf.Count == 0 {
		return nil, nil
	}
	p := &uncertainty.Part{First: sf.First, Draws: sf.Count, Seed: sf.Seed, Events: sf.Events}
	for k, o := range sf.Out {
		p.Outputs = append(p.Outputs, uncertainty.Output{Name: o.Name, Doc: o.Doc, Unit: o.Unit})
		st := uncertainty.OutputStats{Missing: o.Missing, Min: math.NaN(), Max: math.NaN()}
		if o.Min != nil {
			st.Min = *o.Min
		}
		if o.Max != nil {
			st.Max = *o.Max
		}
		for _, b := range o.Blocks {
			st.Blocks = append(st.Blocks, uncertainty.Moments{N: int(b[0]), Mean: b[1], M2: b[2]})
		}
		if o.Sketch != nil {
			s, err := uncertainty.SketchFrom(uncertainty.SketchBuckets{Alpha: o.Sketch.Alpha, Zero: o.Sketch.Zero, Pos: o.Sketch.Pos, Neg: o.Sketch.Neg})
			if err != nil {
				return nil, fmt.Errorf("%w: output %d (%s): %v", errShard, k+1, o.Name, err)
			}
			if s.Count() != uint64(sf.Count-o.Missing) {
				return nil, fmt.Errorf("%w: output %d (%s): its sketch counts %d values, not %d", errShard, k+1, o.Name, s.Count(), sf.Count-o.Missing)
			}
			st.Sketch = s
		}
		p.Stats = append(p.Stats, st)
	}
	path := filepath.Join(dir, sf.Values)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("values file: %w", err)
	}
	if sum := sha256.Sum256(data); sf.ValuesSHA256 != "" && hex.EncodeToString(sum[:]) != sf.ValuesSHA256 {
		return nil, fmt.Errorf("%w: values file %s is not the one this shard wrote (its SHA-256 differs from the one the shard file records): a values file of another run or shard?", errShard, path)
	}
	cols, _, err := parquetio.Read(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	byName := map[string]*parquetio.Column{}
	for i := range cols {
		byName[cols[i].Name] = &cols[i]
	}
	f64 := func(name string) ([]float64, error) {
		c := byName[name]
		if c == nil || c.Float64 == nil || len(c.Float64) != sf.Count {
			return nil, fmt.Errorf("%s: %w: no column %q of %d numbers", path, parquetio.ErrFile, name, sf.Count)
		}
		return c.Float64, nil
	}
	if d := byName["draw"]; d == nil || len(d.Int64) != sf.Count || d.Int64[0] != int64(sf.First) || d.Int64[sf.Count-1] != int64(sf.First+sf.Count-1) {
		return nil, fmt.Errorf("%s: %w: column draw should count draws %d to %d", path, parquetio.ErrFile, sf.First, sf.First+sf.Count-1)
	}
	if sf.Report.Sketch == 0 {
		for _, o := range sf.Out {
			v, err := f64(o.Name)
			if err != nil {
				return nil, err
			}
			p.Values = append(p.Values, v)
		}
	}
	if sf.Measured {
		td := &uncertainty.TestDraws{Terms: sf.Terms}
		for k, t := range sf.Tests {
			td.Tests = append(td.Tests, uncertainty.TestChance{Term: t.Term, Metric: t.Metric, Cohort: t.Cohort, Level: t.Level, Relative: t.Relative})
			c := byName[fmt.Sprintf("test%d.pass", k+1)]
			if c == nil || len(c.Int32) != sf.Count {
				return nil, fmt.Errorf("%s: %w: no column test%d.pass of %d numbers", path, parquetio.ErrFile, k+1, sf.Count)
			}
			pass := make([]uint8, sf.Count)
			for i, b := range c.Int32 {
				if b < 0 || b > 3 {
					return nil, fmt.Errorf("%s: %w: test%d.pass holds %d in draw %d: expected 0 to 3", path, parquetio.ErrFile, k+1, b, sf.First+i)
				}
				pass[i] = uint8(b)
			}
			truth, err := f64(fmt.Sprintf("test%d.true_effect", k+1))
			if err != nil {
				return nil, err
			}
			td.Pass, td.Truth = append(td.Pass, pass), append(td.Truth, truth)
		}
		for j := range sf.Terms {
			paid, err := f64(fmt.Sprintf("term%d.paid", j+1))
			if err != nil {
				return nil, err
			}
			td.Paid = append(td.Paid, paid)
		}
		p.Tests = td
	}
	return p, nil
}

// shardRun is what runShard needs of simulate's flags.
type shardRun struct {
	i, k        int
	out, values string // the shard file and its values file
	sketch      float64
	noise       bool
	warnings    []string
}

// runShard computes shard r.i of r.k and writes its files: nothing to
// standard output, a line to standard error.
func runShard(st *study, opt uncertainty.SimOptions, outs []uncertainty.Output, r shardRun, stderr io.Writer) int {
	defer st.out.Abort()
	total := opt.Draws
	opt.First, opt.Draws = shardRange(total, r.i, r.k)
	var flags [][]string
	for _, f := range commandFlags(st.fs) {
		if n := flagName(f); n != "shard" && n != "shard-out" {
			flags = append(flags, f)
		}
	}
	units := map[string]string{}
	for _, o := range uncertainty.Outputs(st.s) {
		units[o.Name] = o.Unit
	}
	c := st.simContext(r.sketch)
	sf := &shardFile{Format: shardFormat, Version: shardVersion, Kind: "simulate", Shard: r.i, Of: r.k,
		Command: commandLine(st.fs), Flags: flags, Args: st.fs.Args(), Draws: total, Seed: opt.Seed, First: opt.First, Count: opt.Draws,
		Report: shardReport{Title: c.Title, Currency: c.Currency, Gross: c.Gross, Varied: c.Varied, Correlations: c.Corr, Sketch: r.sketch, Noise: r.noise, Units: units},
		Notes:  r.warnings, Meta: metaOut(c.Meta), Out: []shardOut{}}
	fp, err := inputsFingerprint(st.inputs)
	if err != nil {
		return dataError(stderr, "simulate", err)
	}
	sf.Fingerprint = fp
	var part *uncertainty.Part
	start := time.Now()
	if opt.Draws > 0 {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
		defer stop()
		sim, err := uncertainty.Simulate(ctx, st.m, st.base, st.spec, outs, opt)
		if err != nil {
			return libError(stderr, "simulate", err)
		}
		part = sim.Part()
		sf.Values, sf.Measured = filepath.Base(r.values), sim.Noise
	} else {
		for _, o := range outs {
			sf.Out = append(sf.Out, shardOut{Name: o.Name, Doc: o.Doc, Unit: o.Unit, Blocks: [][3]float64{}})
		}
	}
	js, cols, err := shardBytes(sf, part)
	if err != nil {
		return dataError(stderr, "simulate", err)
	}
	var values []byte
	if part != nil {
		var buf bytes.Buffer
		meta := []parquetio.KeyValue{{Key: "sib.command", Value: sf.Command}, {Key: "sib.shard", Value: fmt.Sprintf("%d/%d", r.i, r.k)}}
		if err := parquetio.Write(&buf, cols, meta); err != nil {
			return dataError(stderr, "simulate", err)
		}
		values = buf.Bytes()
		sum := sha256.Sum256(values)
		sf.ValuesSHA256 = hex.EncodeToString(sum[:])
		if js, err = json.MarshalIndent(sf, "", " "); err != nil {
			return dataError(stderr, "simulate", err)
		}
		js = append(js, '\n')
	}
	if err := st.out.Put(r.out, js); err != nil {
		return dataError(stderr, "simulate", fmt.Errorf("--shard-out: %w", err))
	}
	wrote := r.out
	if part != nil {
		if err := st.out.Put(r.values, values); err != nil {
			return dataError(stderr, "simulate", fmt.Errorf("--shard-out: %w", err))
		}
		wrote += " and " + r.values
	}
	if err := st.out.Commit(); err != nil {
		return dataError(stderr, "simulate", err)
	}
	what := fmt.Sprintf("draws %d to %d of %d", opt.First, opt.First+opt.Draws-1, total)
	if opt.Draws == 0 {
		what = fmt.Sprintf("no draws (%d shards of %d draws: more shards than blocks of %d)", r.k, total, uncertainty.BlockDraws)
	}
	fmt.Fprintf(stderr, "sib simulate: shard %d/%d: %s in %.2f s; wrote %s\n", r.i, r.k, what, time.Since(start).Seconds(), wrote)
	return exitOK
}

// flagName is the name of a flag's words: "--noise=false" is noise.
func flagName(words []string) string {
	n, _, _ := strings.Cut(strings.TrimPrefix(words[0], "--"), "=")
	return n
}
