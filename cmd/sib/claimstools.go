package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/claims"
	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/internal/safeout"
)

// The rate card's tools: a template of records.csv with the
// documentation of its fields, and a generator of synthetic records
// (sib claims --template / --generate).

const claimsToolsHelp = `
From the rate card alone (participants.csv and records.csv are not read),
into a new folder; neither writes over a file sib did not write:
  --template <claims-folder> <new-folder> writes records.csv (the header
      alone) and records-fields.md (every field, its format and rules,
      each outcome's rules, the reason codes), so that those who submit
      records and the validator agree.
  --generate N [--seed S] [--rates FILE] [--invalid F] <claims-folder>
      <new-folder> writes a claims folder of N synthetic participants and
      their records, drawn from achievement rates (FILE: columns outcome,
      rate, a fraction of those who achieved the prerequisites; default
      0.3), a fraction F of the records made invalid on purpose; the same
      files for the same seed, which provenance.json records with the
      source folder.
  sib claims --template testdata/youth-employment-claims records-template
  sib claims --generate 500 --seed 7 --invalid 0.05 testdata/youth-employment-claims claims-training
`

type claimsTools struct {
	template *bool
	generate *int
	seed     *uint64
	rates    *string
	invalid  *float64
}

func addClaimsTools(fs *pflag.FlagSet) *claimsTools {
	return &claimsTools{
		template: fs.Bool("template", false, "write records.csv (header) and records-fields.md from the rate card into a new folder"),
		generate: fs.Int("generate", 0, "write a claims folder of N synthetic participants and their records into a new folder"),
		seed:     fs.Uint64("seed", 1, "with --generate: the seed of the draws"),
		rates:    fs.String("rates", "", "with --generate: a CSV file of achievement rates (columns outcome, rate)"),
		invalid:  fs.Float64("invalid", 0, "with --generate: the fraction of records made invalid on purpose, 0 to 1"),
	}
}

// on reports whether a tool was asked for.
func (t *claimsTools) on(fs *pflag.FlagSet) bool {
	return *t.template || fs.Changed("generate")
}

// problem returns a usage problem with the tools' flags, or "".
func (t *claimsTools) problem(fs *pflag.FlagSet) string {
	gen := fs.Changed("generate")
	for _, f := range []string{"seed", "rates", "invalid"} {
		if fs.Changed(f) && !gen {
			return "--" + f + " goes with --generate"
		}
	}
	if !t.on(fs) {
		return ""
	}
	switch {
	case *t.template && gen:
		return "--template and --generate: give one"
	case gen && (*t.generate < 1 || *t.generate > 10_000_000):
		return fmt.Sprintf("--generate %d: expected a number of participants from 1 to 10000000", *t.generate)
	case gen && !(*t.invalid >= 0 && *t.invalid <= 1):
		return fmt.Sprintf("--invalid %v: expected a fraction from 0 to 1 (0.05 = 5%% of the records)", *t.invalid)
	case fs.Changed("out") || fs.Changed("format") || fs.Changed("table") || fs.Changed("workers"):
		return "--template and --generate write a folder: --out, --format, --table and --workers do not apply"
	case fs.NArg() != 2:
		return fmt.Sprintf("expected a claims folder and a new folder, got %s", plural(fs.NArg(), "argument"))
	case fs.Arg(1) == "":
		// "" would be the current folder, however full.
		return "an empty folder name: give the new folder's name"
	case fs.Arg(1) == "-":
		return "-: --template and --generate write a folder, not standard output: give the new folder's name"
	}
	return ""
}

func (t *claimsTools) run(fs *pflag.FlagSet, lim csvio.Limits, stderr io.Writer) int {
	dir, out := fs.Arg(0), fs.Arg(1)
	if code, done := inputFolder(stderr, "claims", dir, claimsFolder); done {
		return code
	}
	c, err := claims.Load(dir, claims.LoadOptions{Limits: lim, RateCardOnly: true})
	if err != nil {
		return dataError(stderr, "claims", err)
	}
	opt := claims.GenerateOptions{Participants: *t.generate, Seed: *t.seed, Invalid: *t.invalid}
	if *t.rates != "" {
		if opt.Rates, err = readRates(c, *t.rates, lim); err != nil {
			return dataError(stderr, "claims", err)
		}
	}
	// Every output is reserved before the work, so that a refusal costs
	// nothing; they appear together at the commit, or not at all.
	names := []string{claims.RecordsFile, claims.FieldsFile}
	var copies, stale []string
	if !*t.template {
		// An optional file an earlier --generate copied from another
		// source folder would be read with this one's rate card (its
		// payers' shares, its caps): it goes, as a stale table.
		// paid.csv is never copied (payments made against real claims
		// say nothing of synthetic ones), nor kept if sib wrote it.
		stale = []string{claims.PayersFile, claims.CapsFile, claims.PaidFile}
		for _, name := range []string{claims.ContractFile, claims.RateCardFile, claims.PayersFile, claims.CapsFile} {
			if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
				copies = append(copies, name)
			}
		}
		names = append(slices.Clone(copies), claims.ParticipantsFile, claims.RecordsFile, provenanceFile)
	}
	b := newBatch(generateCmd, dir)
	defer b.Abort()
	if *t.rates != "" {
		b.Input(*t.rates)
	}
	if err := b.Folder(out, names, stale); err != nil {
		return dataError(stderr, "claims", err)
	}
	var msg string
	if *t.template {
		err = errors.Join(stream(b, out, claims.RecordsFile, c.WriteTemplate), stream(b, out, claims.FieldsFile, c.WriteFieldDoc))
		msg = fmt.Sprintf("wrote %s (%s) and %s to %s", claims.RecordsFile, strings.Join(c.RecordColumns(), ","), claims.FieldsFile, out)
	} else {
		meta := append(provenance(fs, []string{dir}, nil),
			report.Meta{Key: "generated_from", Value: dir},
			report.Meta{Key: "seed", Value: strconv.FormatUint(opt.Seed, 10), Numeric: true},
			report.Meta{Key: "participants", Value: strconv.Itoa(opt.Participants), Numeric: true},
			report.Meta{Key: "invalid", Value: strconv.FormatFloat(opt.Invalid, 'g', -1, 64), Numeric: true})
		if *t.rates != "" {
			meta = append(meta, report.Meta{Key: "rates", Value: *t.rates})
		}
		msg, err = generateFolder(b, c, dir, out, copies, opt, meta)
	}
	if err == nil {
		err = b.Commit()
	}
	if err != nil {
		return dataError(stderr, "claims", err)
	}
	for _, w := range b.Warnings() {
		fmt.Fprintf(stderr, "sib claims: warning: %s\n", w)
	}
	fmt.Fprintf(stderr, "sib claims: %s\n", msg)
	return exitOK
}

// stream writes the reserved output dir/name with write.
func stream(b *safeout.Batch, dir, name string, write func(io.Writer) error) error {
	w, err := b.Stream(filepath.Join(dir, name))
	if err != nil {
		return err
	}
	return write(w)
}

func readRates(c *claims.Contract, path string, lim csvio.Limits) (map[string]float64, error) {
	f, err := csvio.Open(path, lim)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return c.ReadRates(f, path)
}

// generateFolder copies the contract's files and draws participants.csv
// and records.csv, streamed into the batch.
// Its provenance.json (meta) records the command, the source folder, the
// seed and the options: what regenerates the same files.
func generateFolder(b *safeout.Batch, c *claims.Contract, dir, out string, copies []string, opt claims.GenerateOptions, meta []report.Meta) (string, error) {
	for _, name := range copies {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return "", err
		}
		if err := b.Put(filepath.Join(out, name), data); err != nil {
			return "", err
		}
	}
	pw, err := b.Stream(filepath.Join(out, claims.ParticipantsFile))
	if err != nil {
		return "", err
	}
	rw, err := b.Stream(filepath.Join(out, claims.RecordsFile))
	if err != nil {
		return "", err
	}
	st, err := c.Generate(pw, rw, opt)
	if err != nil {
		return "", err
	}
	var prov bytes.Buffer
	doc := &report.Doc{Title: "A synthetic claims folder (sib claims --generate)", Meta: meta}
	if err := report.Write(&prov, doc, report.JSON, ""); err != nil {
		return "", err
	}
	if err := b.Put(filepath.Join(out, provenanceFile), prov.Bytes()); err != nil {
		return "", err
	}
	msg := fmt.Sprintf("wrote %s and %s (seed %d) to %s", plural(int(st.Participants), "participant"), plural(int(st.Records), "record"), opt.Seed, out)
	if len(st.Faults) > 0 {
		var made []string
		for _, r := range claims.Faults {
			if n := st.Faults[r]; n > 0 {
				made = append(made, fmt.Sprintf("%s %d", r, n))
			}
		}
		msg += "; made invalid: " + strings.Join(made, ", ")
	}
	return msg + "; try: sib claims " + out, nil
}
