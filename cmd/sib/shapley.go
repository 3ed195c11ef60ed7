package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"github.com/sib-engine/sib/internal/chart"
	"github.com/sib-engine/sib/internal/report"
	"github.com/sib-engine/sib/uncertainty"
)

const shapleyHelp = `Usage: sib shapley [flags] <scenario-folder> <uncertainty-folder>

Shapley effects: each parameter's fair share of an output's variance, with
the uncertainty folder's correlations included, where Sobol' indices
assume independent inputs. The shares sum to 1; a parameter correlated
with an influential one gets part of its credit. The algorithm is Song,
Nelson and Staum's, as R's sensitivity package computes it (shapleyPermRand,
or shapleyPermEx with --method exact): along each permutation of the
parameters, the cost E[Var(Y | the rest)] of its first j parameters from
--no outer draws of the rest and --ni inner draws of them given the rest
(exactly, in the Gaussian copula), Var(Y) from --nv draws. The deal is
evaluated nv + perms·(k−1)·no·ni times for k parameters; the exact method
takes all k! permutations (8 parameters at most). The same evaluations
give R's "full" first-order and "independent" total Sobol' indices.

` + unitsHelp + `
Examples:
  sib shapley testdata/estonia/scenario testdata/estonia/uncertainty
  sib shapley --perms 20000 --plot shapley.svg testdata/estonia/scenario testdata/estonia/uncertainty
  sib shapley --output investors.multiple --format csv testdata/estonia/scenario testdata/estonia/uncertainty
`

func runShapley(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("shapley", pflag.ContinueOnError)
	f := addSensitivityFlags(fs, "state.net", "the Shapley effects as a bar chart")
	method := fs.String("method", "random", "random (--perms random permutations, R's shapleyPermRand) or exact (all of them, R's shapleyPermEx; 8 parameters at most)")
	perms := fs.Int("perms", 5000, "random permutations m")
	nv := fs.Int("nv", 10000, "evaluations for the output's variance Nv")
	no := fs.Int("no", 1, "outer draws No of each conditional variance (with --method exact, 100 unless given: the exact method averages over no permutations, so one outer draw leaves each share resting on a single conditional variance)")
	ni := fs.Int("ni", 3, "inner draws Ni of each conditional variance (2 or more)")
	seed := fs.Uint64("seed", 1, "the seed of the permutations and draws")
	workers := fs.Int("workers", 0, "goroutines (0: one per CPU); the results do not depend on it")
	table := f.ff.withTable("effects", "with --format csv, the table to write: effects", []string{"effects"}).table
	if code, done := parseFlags(fs, args, shapleyHelp, stdout, stderr); done {
		return code
	}
	if msg := f.ff.tableProblem(); msg != "" {
		return usageError(stderr, "shapley", "%s", msg)
	}
	keyword(method)
	var m uncertainty.ShapleyMethod
	switch *method {
	case "random":
		m = uncertainty.ShapleyRandom
	case "exact":
		m = uncertainty.ShapleyExact
	default:
		return usageError(stderr, "shapley", "--method %q: expected random or exact", *method)
	}
	switch {
	case m == uncertainty.ShapleyRandom && *perms < 1:
		return usageError(stderr, "shapley", "--perms %d: expected 1 or more permutations (5000 is typical)", *perms)
	case *nv < 2:
		return usageError(stderr, "shapley", "--nv %d: expected 2 or more evaluations", *nv)
	case *no < 1:
		return usageError(stderr, "shapley", "--no %d: expected 1 or more", *no)
	case *ni < 2:
		return usageError(stderr, "shapley", "--ni %d: expected 2 or more (a variance needs two values)", *ni)
	case *workers < 0:
		return usageError(stderr, "shapley", "--workers %d: expected 0 (one per CPU) or more", *workers)
	}
	if m == uncertainty.ShapleyExact && !fs.Changed("no") {
		*no = 100
	}
	st, code, done := prepare("shapley", fs, f, true, stderr)
	if done {
		return code
	}
	out, code, done := st.oneOutput("shapley", *f.output, stderr)
	if done {
		return code
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	start := time.Now()
	res, err := uncertainty.Shapley(ctx, st.m, st.base, st.spec, out, uncertainty.ShapleyOptions{
		Method: m, Perms: *perms, Nv: *nv, No: *no, Ni: *ni, Seed: *seed, Workers: *workers,
		Progress: progress(stderr, "shapley", "evaluations"),
	})
	if errors.Is(err, uncertainty.ErrShapleyExact) {
		return usageError(stderr, "shapley", "--method exact evaluates every permutation of the parameters, and the spec varies %d, more than %d: use --method random", varied(st.spec), uncertainty.MaxShapleyExact)
	}
	if err != nil {
		return libError(stderr, "shapley", err)
	}
	fmt.Fprintf(stderr, "sib shapley: %d evaluations in %.2f s\n", res.Evaluations, time.Since(start).Seconds())
	shZ := "±2"
	if m == uncertainty.ShapleyExact {
		shZ = "±1.96"
	}
	tab := &report.T{Name: "effects", Title: "Shapley effects of " + out.Name,
		Note: "shapley: the parameter's share of the variance, correlations included (the shares sum to 1), " + shZ + " standard errors; " +
			"first: Var(E[Y|X])/Var(Y), with what its correlated partners carry; total: E[Var(Y|the others)]/Var(Y), what it adds beyond what the others tell of it; ±1.96 standard errors; " +
			"effect: the share times the variance, in the output's units squared; by Shapley effect, largest first",
		Columns: []report.Column{{Name: "param"},
			{Name: "shapley", Numeric: true, TextPlaces: 4}, {Name: "shapley_se", Numeric: true, TextPlaces: 4}, {Name: "shapley_low", Numeric: true, TextPlaces: 4}, {Name: "shapley_high", Numeric: true, TextPlaces: 4},
			{Name: "first", Numeric: true, TextPlaces: 4}, {Name: "first_low", Numeric: true, TextPlaces: 4}, {Name: "first_high", Numeric: true, TextPlaces: 4},
			{Name: "total", Numeric: true, TextPlaces: 4}, {Name: "total_low", Numeric: true, TextPlaces: 4}, {Name: "total_high", Numeric: true, TextPlaces: 4},
			{Name: "effect", Numeric: true, TextPlaces: -1}}}
	order := make([]int, len(res.Params))
	for i := range order {
		order[i] = i
	}
	sortLargestFirst(order, func(i int) float64 { return res.Effects[i].Shapley })
	bars := chart.ShapleyBars{Title: fmt.Sprintf("Shapley effects of %s (%s)", out.Name, shapleyDesign(res)),
		Subtitle: out.Name + ": " + out.Doc, Interval: shZ + " standard errors"}
	var sum float64
	for _, i := range order {
		e := res.Effects[i]
		tab.Add(res.Params[i], num(e.Shapley), num(e.ShapleySE), num(e.ShapleyLo), num(e.ShapleyHi),
			num(e.First), num(e.FirstLo), num(e.FirstHi), num(e.Total), num(e.TotalLo), num(e.TotalHi), num(e.Shapley*res.Variance))
		bars.Params = append(bars.Params, res.Params[i])
		bars.Effect = append(bars.Effect, e.Shapley)
		bars.Lo = append(bars.Lo, e.ShapleyLo)
		bars.Hi = append(bars.Hi, e.ShapleyHi)
		sum += e.Shapley
	}
	corr := "none: the inputs are independent"
	if len(st.spec.Corr) > 0 {
		corr = plural(len(st.spec.Corr), "rank correlation") + ", in a Gaussian copula"
	}
	doc := &report.Doc{Title: "Shapley effects: " + out.Doc,
		Meta: st.meta(report.Meta{Key: "output", Value: out.Name},
			report.Meta{Key: "method", Value: res.Method.String()},
			report.Meta{Key: "permutations", Value: strconv.Itoa(res.Perms), Numeric: true},
			report.Meta{Key: "nv", Value: strconv.Itoa(res.Nv), Numeric: true},
			report.Meta{Key: "no", Value: strconv.Itoa(res.No), Numeric: true},
			report.Meta{Key: "ni", Value: strconv.Itoa(res.Ni), Numeric: true},
			report.Meta{Key: "evaluations", Value: strconv.Itoa(res.Evaluations), Numeric: true},
			report.Meta{Key: "seed", Value: strconv.FormatUint(*seed, 10), Numeric: true},
			noNoiseMeta,
			report.Meta{Key: "correlations", Value: corr},
			outputMeta("mean", out, res.Mean),
			report.Meta{Key: "variance", Value: num(res.Variance), Numeric: true},
			report.Meta{Key: "sum_shapley", Value: num(sum), Numeric: true}),
		Tables: []*report.T{tab}}
	plots := map[string]chartWriter{}
	if *f.plot != "" {
		plots[*f.plot] = bars
	}
	warnings := setWarnings(st, *f.sets)
	if m == uncertainty.ShapleyExact && res.No == 1 {
		// R's shapleyPermEx estimates a Shapley standard error from the
		// spread of the No conditional variances: none with one.
		w := "with --method exact and --no 1 each share rests on one outer draw per subset, so the shares are noisy, and their standard errors are 0 (R's shapleyPermEx takes them from the spread of the --no outer draws): give --no 100 or more"
		warnings = append(warnings, w)
		doc.Meta = append(doc.Meta, report.Meta{Key: "note", Value: w})
	}
	return st.finish(stdout, stderr, "shapley", doc, *f.ff.format, *table, warnings, plots)
}

// shapleyDesign names the design for a chart's title.
func shapleyDesign(res *uncertainty.ShapleyResult) string {
	if res.Method == uncertainty.ShapleyExact {
		return fmt.Sprintf("exact, No = %d, Ni = %d", res.No, res.Ni)
	}
	return fmt.Sprintf("%d permutations, No = %d, Ni = %d", res.Perms, res.No, res.Ni)
}

// varied counts the parameters the spec varies.
func varied(sp *uncertainty.Spec) int {
	n := 0
	for _, u := range sp.Params {
		if u.Varies() {
			n++
		}
	}
	return n
}
