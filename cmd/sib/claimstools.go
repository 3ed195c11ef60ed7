package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/claims"
	"github.com/sib-engine/sib/internal/csvio"
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
      files for the same seed.
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
		return fmt.Sprintf("expected a claims folder and a new folder, got %d arguments", fs.NArg())
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
	files := map[string][]byte{}
	var names []string
	put := func(name string, f func(w io.Writer) error) error {
		var buf bytes.Buffer
		if err := f(&buf); err != nil {
			return err
		}
		files[name] = buf.Bytes()
		names = append(names, name)
		return nil
	}
	var msg string
	if *t.template {
		err = errors.Join(put(claims.RecordsFile, c.WriteTemplate), put(claims.FieldsFile, c.WriteFieldDoc))
		msg = fmt.Sprintf("wrote %s (%s) and %s to %s", claims.RecordsFile, strings.Join(c.RecordColumns(), ","), claims.FieldsFile, out)
	} else {
		msg, err = t.generateFiles(c, dir, out, lim, put)
	}
	if err != nil {
		return dataError(stderr, "claims", err)
	}
	b := newBatch("claims", dir)
	defer b.Abort()
	if *t.rates != "" {
		b.Input(*t.rates)
	}
	if err := b.Folder(out, names, nil); err != nil {
		return dataError(stderr, "claims", err)
	}
	for _, n := range names {
		if err := b.Put(filepath.Join(out, n), files[n]); err != nil {
			return dataError(stderr, "claims", err)
		}
	}
	if err := b.Commit(); err != nil {
		return dataError(stderr, "claims", err)
	}
	fmt.Fprintf(stderr, "sib claims: %s\n", msg)
	return exitOK
}

// generateFiles copies the contract's files and draws participants.csv
// and records.csv.
func (t *claimsTools) generateFiles(c *claims.Contract, dir, out string, lim csvio.Limits, put func(string, func(io.Writer) error) error) (string, error) {
	opt := claims.GenerateOptions{Participants: *t.generate, Seed: *t.seed, Invalid: *t.invalid}
	if *t.rates != "" {
		f, err := csvio.Open(*t.rates, lim)
		if err != nil {
			return "", err
		}
		opt.Rates, err = c.ReadRates(f, *t.rates)
		f.Close()
		if err != nil {
			return "", err
		}
	}
	for _, name := range []string{claims.ContractFile, claims.RateCardFile, claims.PayersFile, claims.CapsFile} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if errors.Is(err, os.ErrNotExist) && name != claims.ContractFile && name != claims.RateCardFile {
			continue
		}
		if err != nil {
			return "", err
		}
		if err := put(name, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
			return "", err
		}
	}
	var parts, recs bytes.Buffer
	st, err := c.Generate(&parts, &recs, opt)
	if err != nil {
		return "", err
	}
	for _, f := range []struct {
		name string
		buf  *bytes.Buffer
	}{{claims.ParticipantsFile, &parts}, {claims.RecordsFile, &recs}} {
		if err := put(f.name, func(w io.Writer) error { _, err := w.Write(f.buf.Bytes()); return err }); err != nil {
			return "", err
		}
	}
	msg := fmt.Sprintf("wrote %d participants and %d records (seed %d) to %s", st.Participants, st.Records, *t.seed, out)
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
