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
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/uncertainty"
)

// The shards of sib sobol: --shard I/K --shard-out FILE evaluates the
// base rows of shard I of K of the design and writes their sums to FILE,
// a sobolShardFile; sib merge reads the K files and prints the report of
// the run without --shard (runMergeSobol).

// sobolShardFlags are --shard and --shard-out.
type sobolShardFlags struct {
	shard, out *string
	i, k       int
}

func addSobolShardFlags(fs *pflag.FlagSet) *sobolShardFlags {
	return &sobolShardFlags{
		shard: fs.String("shard", "", "I/K: evaluate only shard I of K of the design (1 ≤ I ≤ K), for a batch cluster; needs --shard-out; sib merge joins the K shard files"),
		out:   fs.String("shard-out", "", "FILE: with --shard, the shard file to write (JSON), in place of the report"),
	}
}

// on reports whether the run is a shard.
func (f *sobolShardFlags) on() bool { return *f.shard != "" }

// sobolReportFlags are the flags that shape the report alone: a shard
// writes none, sib merge takes them.
var sobolReportFlags = []string{"format", "table", "plot", "xlsx"}

// problem checks --shard and --shard-out.
func (f *sobolShardFlags) problem(fs *pflag.FlagSet) string {
	if !fs.Changed("shard") && !fs.Changed("shard-out") {
		return ""
	}
	if *f.shard == "" || *f.out == "" {
		return "--shard I/K and --shard-out FILE go together"
	}
	if msg := shardOutName(*f.out); msg != "" {
		return msg
	}
	i, k, ok := parseSobolShardSpec(*f.shard)
	if !ok {
		return fmt.Sprintf("--shard %q: expected I/K, shard I of K with 1 ≤ I ≤ K, e.g. 3/8", *f.shard)
	}
	f.i, f.k = i, k
	for _, name := range sobolReportFlags {
		if fs.Changed(name) {
			return fmt.Sprintf("--%s: a shard writes no report; give --%s to sib merge", name, name)
		}
	}
	return ""
}

// parseSobolShardSpec reads I/K.
func parseSobolShardSpec(s string) (i, k int, ok bool) {
	a, b, found := strings.Cut(s, "/")
	if !found {
		return 0, 0, false
	}
	i, err1 := strconv.Atoi(strings.TrimSpace(a))
	k, err2 := strconv.Atoi(strings.TrimSpace(b))
	return i, k, err1 == nil && err2 == nil && k >= 1 && k <= maxSobolShards && i >= 1 && i <= k
}

// maxSobolShards bounds K: more shards than blocks of rows are empty anyway.
const maxSobolShards = 1 << 20

// sobolShardFile is a shard file of sib sobol.
type sobolShardFile struct {
	Format  string `json:"format"` // "sib-shard"
	Version int    `json:"version"`
	Kind    string `json:"kind"` // "sobol"
	Shard   int    `json:"shard"`
	Of      int    `json:"of"`
	// Command is the run the shards make, without --shard: what sib merge
	// prints the report of.
	Command string `json:"command"`
	// Args are its flags (those of the report left out) and arguments:
	// shards of one run have the same.
	Args []string `json:"args"`
	// Inputs are the files and folders read, and Fingerprint the SHA-256
	// of their contents: the merge checks the shards read the same inputs
	// and that they have not changed since.
	Inputs      []string               `json:"inputs"`
	Set         []string               `json:"set"`
	Fingerprint string                 `json:"fingerprint"`
	Sobol       *uncertainty.SobolPart `json:"sobol"`
}

const (
	sobolShardFormat  = "sib-shard"
	sobolShardVersion = 1
)

// run evaluates the shard and writes its file.
func (f *sobolShardFlags) run(ctx context.Context, fs *pflag.FlagSet, st *study, out uncertainty.Output, opt uncertainty.SobolOptions, stderr io.Writer) int {
	if err := reserveFile(st.out, "shard-out", *f.out); err != nil {
		return dataError(stderr, "sobol", err)
	}
	defer st.out.Abort()
	fp, err := inputsFingerprint(st.inputs)
	if err != nil {
		return dataError(stderr, "sobol", err)
	}
	part, err := uncertainty.SobolShard(ctx, st.m, st.base, st.spec, out, opt, f.i, f.k)
	if err != nil {
		return libError(stderr, "sobol", err)
	}
	part.Sums = part.Sums.Canonical()
	args := sobolRunArgs(fs)
	file := sobolShardFile{Format: sobolShardFormat, Version: sobolShardVersion, Kind: "sobol", Shard: f.i, Of: f.k,
		Command: sobolShellCommand(append([]string{"sib", "sobol"}, args...)), Args: args,
		Inputs: st.inputs, Set: append([]string{}, *st.sets...), Fingerprint: fp, Sobol: part}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(file); err != nil {
		return dataError(stderr, "sobol", err)
	}
	if err := st.out.Put(*f.out, buf.Bytes()); err != nil {
		return dataError(stderr, "sobol", fmt.Errorf("--shard-out: %w", err))
	}
	if err := st.out.Commit(); err != nil {
		return dataError(stderr, "sobol", err)
	}
	per := part.To - part.From
	fmt.Fprintf(stderr, "sib sobol: shard %d of %d: base rows [%d, %d) of %d, %d evaluations; wrote %s\n",
		f.i, f.k, part.From, part.To, part.Sums.N, per*(part.Evaluations/part.Sums.N)+1, *f.out)
	// The run's warnings now, not only at the merge, after the cluster ran.
	for _, w := range part.Warnings {
		fmt.Fprintf(stderr, "sib sobol: warning: %s\n", w)
	}
	if part.IgnoredCorrelations {
		fmt.Fprintf(stderr, "sib sobol: warning: the correlations of the uncertainty folder are left out: Sobol' indices assume independent inputs (sib shapley includes them)\n")
	}
	return exitOK
}

// sobolRunArgs returns the flags that were set, as --name=value in name
// order (a repeatable flag's values in their order), but --workers,
// --shard, --shard-out and the report's flags, then "--" and the
// arguments: the run the shards make, which sib merge parses again.
func sobolRunArgs(fs *pflag.FlagSet) []string {
	var args []string
	fs.Visit(func(f *pflag.Flag) {
		if f.Name == "workers" || f.Name == "shard" || f.Name == "shard-out" || slices.Contains(sobolReportFlags, f.Name) {
			return
		}
		if sv, ok := f.Value.(pflag.SliceValue); ok && f.Value.Type() == "stringArray" {
			for _, v := range sv.GetSlice() {
				args = append(args, "--"+f.Name+"="+v)
			}
			return
		}
		args = append(args, "--"+f.Name+"="+f.Value.String())
	})
	return append(append(args, "--"), fs.Args()...)
}

// sobolShellCommand joins a command's words, each quoted for a POSIX shell
// when it needs to be.
func sobolShellCommand(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = shellQuote(w)
	}
	return strings.Join(q, " ")
}

// inputsFingerprint (simulate and sobol shards) is the SHA-256 of the inputs' contents: every regular file
// of each input folder (hidden files left out: editors' lock files), by
// path in lexical order, or the input file itself.
func inputsFingerprint(inputs []string) (string, error) {
	h := sha256.New()
	add := func(name, path string) error {
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(b))
		h.Write(b)
		return nil
	}
	for n, in := range inputs {
		fmt.Fprintf(h, "input %d\x00", n)
		info, err := os.Stat(in)
		if err != nil {
			return "", err
		}
		if !info.IsDir() {
			if err := add(filepath.Base(in), in); err != nil {
				return "", err
			}
			continue
		}
		err = filepath.WalkDir(in, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if p != in && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() {
				return nil
			}
			rel, err := filepath.Rel(in, p)
			if err != nil {
				return err
			}
			return add(filepath.ToSlash(rel), p)
		})
		if err != nil {
			return "", err
		}
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
}

// maxSobolShardBytes bounds a shard file sib merge reads.
const maxSobolShardBytes = 1 << 30

// readSobolShard reads a shard file's contents, checking everything a
// file can get wrong: its envelope, its sums' shape and values. The error
// does not name the file; the caller does.
func readSobolShard(data []byte) (*sobolShardFile, error) {
	if bytes.HasPrefix(data, parquetMagic) {
		return nil, errors.New("not a shard file: " + parquetGiven)
	}
	var head struct {
		Kind string `json:"kind"`
	}
	if json.Unmarshal(data, &head) == nil && head.Kind != "" && head.Kind != "sobol" {
		return nil, fmt.Errorf("a shard of sib %s, not of sib sobol: merge the shards of one run", head.Kind)
	}
	var f sobolShardFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("not a shard file: %v", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("not a shard file: more after the JSON object")
	}
	p := f.Sobol
	switch {
	case f.Format != sobolShardFormat:
		return nil, fmt.Errorf("not a shard file (format %q, want %q)", f.Format, sobolShardFormat)
	case f.Version != sobolShardVersion:
		return nil, fmt.Errorf("shard file version %d: this sib reads version %d", f.Version, sobolShardVersion)
	case f.Kind != "sobol":
		return nil, fmt.Errorf("a shard of sib %s, not of sib sobol", f.Kind)
	case f.Of < 1 || f.Of > maxSobolShards || f.Shard < 1 || f.Shard > f.Of:
		return nil, fmt.Errorf("shard %d of %d: expected 1 ≤ shard ≤ %d", f.Shard, f.Of, f.Of)
	case len(f.Args) == 0 || !slices.Contains(f.Args, "--"):
		return nil, fmt.Errorf("no command to merge")
	case p == nil || p.Sums == nil:
		return nil, fmt.Errorf("no sums")
	case p.Shard != f.Shard || p.Of != f.Of:
		return nil, fmt.Errorf("the sums are of shard %d of %d, the file says %d of %d", p.Shard, p.Of, f.Shard, f.Of)
	}
	if err := p.Sums.Check(); err != nil {
		return nil, fmt.Errorf("sums: %v", err)
	}
	if from, to := p.Sums.Shard(f.Shard, f.Of); p.From != from || p.To != to {
		return nil, fmt.Errorf("shard %d of %d covers base rows [%d, %d), not [%d, %d)", f.Shard, f.Of, from, to, p.From, p.To)
	}
	for _, sg := range p.Sums.Segments {
		if want := max(0, min(p.To, sg.To)-max(p.From, sg.From)); sg.Rows != want {
			return nil, fmt.Errorf("sums of %d rows in [%d, %d), want %d", sg.Rows, sg.From, sg.To, want)
		}
	}
	if len(p.Params) != p.Sums.K || len(p.Groups) != p.Sums.G {
		return nil, fmt.Errorf("%d parameters and %d groups for sums of %d and %d", len(p.Params), len(p.Groups), p.Sums.K, p.Sums.G)
	}
	return &f, nil
}
