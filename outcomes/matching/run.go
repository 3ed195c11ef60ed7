package matching

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/sib-engine/sib/internal/csvio"
)

// RunOptions are the settings of RunWith.
type RunOptions struct {
	// Cohorts is the order of the cohorts (cohorts.csv's); nil means the
	// treated units' cohorts in sorted order. A cohort with treated units
	// must be listed.
	Cohorts []string
	// Fit controls the propensity model's IRLS.
	Fit FitOptions
}

// Run fits the propensity model, matches each cohort and tabulates the
// balance: RunWith with the cohorts in sorted order.
func Run(ctx context.Context, d *Data, spec *Spec) (*Result, error) {
	return RunWith(ctx, d, spec, RunOptions{})
}

// RunWith fits one propensity model over all rows (NewDesign, FitLogit),
// then matches each cohort's treated units to the pool units of that
// cohort or of none (Nearest, within the cells of spec.Exact), and
// tabulates the balance per cohort and pooled (NewBalance). Subclasses
// are numbered across cohorts in cohort order. The pooled balance stacks
// the cohorts' rows: a pool unit that serves two cohorts counts in each,
// as in the pooled effect, and each cohort's pool weights are rescaled to
// sum to its matched treated units (PooledWeights), as the pooled effect's.
// An error once the propensity model is fitted comes with a Result holding
// only Spec, Data and Fit: the caller should still show Fit.Warnings,
// which often say why (separation).
func RunWith(ctx context.Context, d *Data, spec *Spec, opt RunOptions) (*Result, error) {
	cohorts, err := cohortOrder(d, opt.Cohorts)
	if err != nil {
		return nil, err
	}
	exact, err := exactColumns(d, spec.Exact)
	if err != nil {
		return nil, err
	}
	x, err := NewDesign(d, spec.Covariates)
	if err != nil {
		return nil, err
	}
	fit, err := FitLogit(ctx, x, d.Treated, opt.Fit)
	if err != nil {
		return nil, err
	}
	res := &Result{Spec: spec, Data: d, Fit: fit}
	if err := separated(fit); err != nil {
		return res, err
	}
	dist := fit.Logit
	if spec.Link == Score {
		dist = fit.Score
	}
	var warnings []string
	rowsOf, unused := cohortRows(d, cohorts)
	for _, c := range sortedKeys(unused) {
		warnings = append(warnings, fmt.Sprintf("%d pool units of cohort %s, which has no treated units, are not used", unused[c], c))
	}
	var offset int32
	matched := 0
	for k, c := range cohorts {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rows := rowsOf[k]
		cm, err := matchCohort(ctx, d, c, rows, dist, exact, spec.Options)
		if err != nil {
			return &Result{Spec: spec, Data: d, Fit: fit}, err
		}
		offset = renumber(cm.Matches.Subclass, offset)
		if n := len(cm.Matches.Treated); cm.Matches.Unmatched < n {
			matched++
		}
		res.Cohorts = append(res.Cohorts, cm)
	}
	if matched == 0 {
		return &Result{Spec: spec, Data: d, Fit: fit}, fmt.Errorf("%w: widen the caliper, or discard fewer units (%s)", ErrNoMatch, spec.describe())
	}
	if len(res.Cohorts) == 1 {
		// One cohort: the pooled table is the cohort's (the same rows in
		// the same order), so it is computed once, and on the data
		// themselves when the cohort takes every row: the balance is half
		// of Run's time on a large pool, the copy a third of its memory.
		cm := &res.Cohorts[0]
		part := view(d, x, dist, cm.Rows)
		cm.Balance = NewBalance(part.d, part.x, part.dist, part.d.Treated, cm.Matches.Weights)
		p := *cm.Balance
		p.Before, p.After = slices.Clone(p.Before), slices.Clone(p.After)
		res.Pooled = &p
	} else {
		st := stack(d, x, dist, res.Cohorts)
		at := 0
		for k := range res.Cohorts {
			cm := &res.Cohorts[k]
			n := len(cm.Rows)
			part := st.slice(at, at+n)
			cm.Balance = NewBalance(part.d, part.x, part.dist, part.d.Treated, cm.Matches.Weights)
			at += n
		}
		res.Pooled = NewBalance(st.d, st.x, st.dist, st.d.Treated, st.weights(res.Cohorts))
	}
	// With one cohort the pooled balance is the cohort's, whose warnings
	// Warnings gives already.
	if len(res.Cohorts) > 1 {
		for _, w := range res.Pooled.Warnings {
			warnings = append(warnings, "pooled: "+w)
		}
	}
	// The matching's own warnings go with the pooled balance's: Result
	// has no field of its own for them.
	res.Pooled.Warnings = warnings
	return res, nil
}

// describe says what a spec's caliper and discard rule are, for messages.
func (s *Spec) describe() string {
	cal := "no caliper"
	if s.Options.Caliper > 0 {
		cal = "caliper " + strconv.FormatFloat(s.Options.Caliper, 'g', -1, 64)
	}
	return cal + ", discard " + s.Options.Discard.String()
}

// cohortOrder returns the cohorts to match: every cohort of a treated
// unit, in the order given or sorted.
func cohortOrder(d *Data, order []string) ([]string, error) {
	var have []string
	for i, t := range d.Treated {
		if t && !slices.Contains(have, d.Cohort[i]) {
			have = append(have, d.Cohort[i])
		}
	}
	if order == nil {
		slices.Sort(have)
		return have, nil
	}
	var out []string
	for _, c := range order {
		if slices.Contains(have, c) && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	for _, c := range have {
		if !slices.Contains(out, c) {
			return nil, fmt.Errorf("%w: cohort %s of treated units in %s is not among the cohorts (%v)", ErrInput, c, d.Source, order)
		}
	}
	return out, nil
}

// cohortRows lists, for each cohort, the rows taking part in Data order:
// its treated units and the pool units of the cohort or of none. unused
// counts the pool units of other cohorts, by cohort.
func cohortRows(d *Data, cohorts []string) (rows [][]int32, unused map[string]int) {
	rows = make([][]int32, len(cohorts))
	at := make(map[string]int, len(cohorts))
	for k, c := range cohorts {
		at[c] = k
	}
	unused = map[string]int{}
	for i := range d.IDs {
		c := d.Cohort[i]
		if !d.Treated[i] && c == "" {
			for k := range rows {
				rows[k] = append(rows[k], int32(i))
			}
			continue
		}
		k, ok := at[c]
		if !ok {
			unused[c]++
			continue
		}
		rows[k] = append(rows[k], int32(i))
	}
	return rows, unused
}

// exactColumns returns the columns of the covariates matched exactly.
func exactColumns(d *Data, names []string) ([]*Column, error) {
	var out []*Column
	for _, n := range names {
		k := slices.IndexFunc(d.Columns, func(c Column) bool { return c.Name == n })
		if k < 0 {
			return nil, fmt.Errorf("%w: exact: %q is not a covariate of %s", ErrInput, n, d.Source)
		}
		out = append(out, &d.Columns[k])
	}
	return out, nil
}

// strata numbers the cells of equal exact covariates among rows, in the
// order they first appear; nil when there are no exact covariates.
func strata(rows []int32, exact []*Column) []int32 {
	if len(exact) == 0 {
		return nil
	}
	out := make([]int32, len(rows))
	cells := map[string]int32{}
	key := make([]byte, 0, 8*len(exact))
	for j, i := range rows {
		key = key[:0]
		for _, c := range exact {
			var v uint64
			if c.Categorical {
				v = uint64(c.Codes[i])
			} else {
				v = math.Float64bits(c.Values[i] + 0) // +0: -0 and 0 are one cell
			}
			key = strconv.AppendUint(key, v, 16)
			key = append(key, ' ')
		}
		s, ok := cells[string(key)]
		if !ok {
			s = int32(len(cells))
			cells[string(key)] = s
		}
		out[j] = s
	}
	return out
}

// matchCohort matches cohort c's rows.
func matchCohort(ctx context.Context, d *Data, c string, rows []int32, dist []float64, exact []*Column, opt Options) (CohortMatch, error) {
	cm := CohortMatch{Cohort: c, Rows: rows}
	cd := make([]float64, len(rows))
	ct := make([]bool, len(rows))
	nt := 0
	for j, i := range rows {
		cd[j], ct[j] = dist[i], d.Treated[i]
		if ct[j] {
			nt++
		}
	}
	if nt == len(rows) {
		return cm, fmt.Errorf("%w: cohort %s has no pool units: give pool units of cohort %s, or with an empty cohort (candidates for every cohort), in %s", ErrInput, c, c, d.Source)
	}
	// Ranges that do not overlap at all leave nothing to compare: without
	// a caliper or discard, every treated unit would still take the
	// nearest pool units, however far, and the effect would look like any
	// other. An error, whatever the options.
	if w := supportWarning(cd, ct); w != "" {
		return cm, fmt.Errorf("cohort %s: %w: %s: the groups are too different to be compared; look for a covariate that (nearly) separates them, or a pool drawn from another population", c, ErrNoCommonSupport, w)
	}
	m, err := Nearest(ctx, cd, ct, strata(rows, exact), opt)
	if err != nil {
		return cm, fmt.Errorf("cohort %s: %w", c, err)
	}
	cm.Matches = m
	// Nearest's warnings (caliper drops, short sets, common support) say
	// why treated units are unmatched, once: Result.Warnings names the
	// cohort, as package outcomes does.
	return cm, nil
}

// supportWarning says when the treated and pool ranges of the distance do
// not overlap at all: no common support.
func supportWarning(dist []float64, treated []bool) string {
	tlo, thi := math.Inf(1), math.Inf(-1)
	plo, phi := math.Inf(1), math.Inf(-1)
	for j, x := range dist {
		if treated[j] {
			tlo, thi = min(tlo, x), max(thi, x)
		} else {
			plo, phi = min(plo, x), max(phi, x)
		}
	}
	if thi < plo || phi < tlo {
		return fmt.Sprintf("the treated units' distances (%.4g to %.4g) and the pool's (%.4g to %.4g) do not overlap", tlo, thi, plo, phi)
	}
	return ""
}

// renumber adds offset to the subclasses that are set, and returns the
// offset for the next cohort.
func renumber(sub []int32, offset int32) int32 {
	next := offset
	for i, s := range sub {
		if s > 0 {
			sub[i] = s + offset
			next = max(next, sub[i])
		}
	}
	return next
}

// stacked is the cohorts' rows one after the other, with their covariates,
// design rows and distances: a pool unit of every cohort is in each.
type stacked struct {
	d    *Data
	x    *Design
	dist []float64
}

func stack(d *Data, x *Design, dist []float64, cms []CohortMatch) stacked {
	var rows []int32
	for _, cm := range cms {
		rows = append(rows, cm.Rows...)
	}
	return gather(d, x, dist, rows)
}

// view is rows of d, x and dist: d, x and dist themselves when rows are
// every row in order, else a copy (gather).
func view(d *Data, x *Design, dist []float64, rows []int32) stacked {
	if len(rows) == d.Len() {
		all := true
		for j, i := range rows {
			if int(i) != j {
				all = false
				break
			}
		}
		if all {
			return stacked{d: d, x: x, dist: dist}
		}
	}
	return gather(d, x, dist, rows)
}

// gather copies rows of d, x and dist.
func gather(d *Data, x *Design, dist []float64, rows []int32) stacked {
	n := len(rows)
	s := stacked{d: &Data{Source: d.Source, IDs: make([]string, n), Treated: make([]bool, n), Cohort: make([]string, n), Line: make([]int, n)},
		x: &Design{Names: x.Names, Of: x.Of, Cols: make([][]float64, len(x.Cols))}, dist: make([]float64, n)}
	for j, i := range rows {
		s.d.IDs[j], s.d.Treated[j], s.d.Cohort[j], s.dist[j] = d.IDs[i], d.Treated[i], d.Cohort[i], dist[i]
		if len(d.Line) > int(i) {
			s.d.Line[j] = d.Line[i]
		}
	}
	for _, c := range d.Columns {
		nc := Column{Name: c.Name, Categorical: c.Categorical, Levels: c.Levels}
		if c.Categorical {
			nc.Codes = make([]int32, n)
			for j, i := range rows {
				nc.Codes[j] = c.Codes[i]
			}
		} else {
			nc.Values = make([]float64, n)
			for j, i := range rows {
				nc.Values[j] = c.Values[i]
			}
		}
		s.d.Columns = append(s.d.Columns, nc)
	}
	for k, col := range x.Cols {
		nc := make([]float64, n)
		for j, i := range rows {
			nc[j] = col[i]
		}
		s.x.Cols[k] = nc
	}
	return s
}

// slice returns rows [a, b) of s, sharing its memory.
func (s stacked) slice(a, b int) stacked {
	d := &Data{Source: s.d.Source, IDs: s.d.IDs[a:b], Treated: s.d.Treated[a:b], Cohort: s.d.Cohort[a:b], Line: s.d.Line[a:b]}
	for _, c := range s.d.Columns {
		nc := Column{Name: c.Name, Categorical: c.Categorical, Levels: c.Levels}
		if c.Categorical {
			nc.Codes = c.Codes[a:b]
		} else {
			nc.Values = c.Values[a:b]
		}
		d.Columns = append(d.Columns, nc)
	}
	x := &Design{Names: s.x.Names, Of: s.x.Of, Cols: make([][]float64, len(s.x.Cols))}
	for k, col := range s.x.Cols {
		x.Cols[k] = col[a:b]
	}
	return stacked{d: d, x: x, dist: s.dist[a:b]}
}

// weights are the cohorts' matching weights, stacked, each cohort's pool
// weights rescaled to sum to its number of matched treated units
// (PooledWeights). One cohort's are left as they are: the rescaling
// would change nothing but the last bits, and the pooled table is then the
// cohort's to the bit (as package outcomes never rescales one cohort).
func (s stacked) weights(cms []CohortMatch) []float64 {
	if len(cms) == 1 {
		return append([]float64(nil), cms[0].Matches.Weights...)
	}
	w := make([]float64, 0, s.d.Len())
	for _, cm := range cms {
		w = append(w, PooledWeights(s.d.Treated[len(w):len(w)+len(cm.Rows)], cm.Matches.Weights)...)
	}
	return w
}

// Warnings are everything the caller must show: the propensity model's
// (no convergence, separation, dropped covariates), each cohort's
// matching and balance, and the matching as a whole.
func (r *Result) Warnings() []string {
	var out []string
	if r.Fit != nil {
		out = append(out, r.Fit.Warnings...)
	}
	for _, cm := range r.Cohorts {
		if cm.Matches != nil {
			for _, w := range cm.Matches.Warnings {
				out = append(out, "cohort "+cm.Cohort+": "+w)
			}
		}
		if cm.Balance != nil {
			for _, w := range cm.Balance.Warnings {
				out = append(out, "cohort "+cm.Cohort+": "+w)
			}
		}
	}
	if r.Pooled != nil {
		out = append(out, r.Pooled.Warnings...)
	}
	return out
}

// WriteWeights writes the matching weights as weights.csv: cohort, id,
// group, weight and subclass of every row with a positive weight, in Data
// order within cohorts in cohort order; subclass is empty with
// replacement (a control serves several sets). Weights are written with
// 12 significant digits; a text cell that a spreadsheet would run as a
// formula is guarded with a leading apostrophe (csvio.Guard), which
// Study.ReadWeights takes off.
func WriteWeights(w io.Writer, r *Result) error {
	return WriteWeightsNote(w, r, "")
}

// WriteWeightsNote is WriteWeights with a note column, which readers
// ignore, holding note in the first row: how the file was made.
func WriteWeightsNote(w io.Writer, r *Result, note string) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("cohort,id,group,weight,subclass")
	withNote := note != ""
	if withNote {
		bw.WriteString(",note")
	}
	bw.WriteByte('\n')
	replace := r.Spec != nil && r.Spec.Options.Replace
	var b []byte
	for _, cm := range r.Cohorts {
		m := cm.Matches
		for j, i := range cm.Rows {
			wt := m.Weights[j]
			if !(wt > 0) || math.IsInf(wt, 0) {
				continue
			}
			group := r.Spec.Pool
			if r.Data.Treated[i] {
				group = r.Spec.Treatment
			}
			b = b[:0]
			b = appendField(b, csvio.Guard(cm.Cohort))
			b = append(b, ',')
			b = appendField(b, csvio.Guard(r.Data.IDs[i]))
			b = append(b, ',')
			b = appendField(b, csvio.Guard(group))
			b = append(b, ',')
			b = strconv.AppendFloat(b, wt, 'g', 12, 64)
			b = append(b, ',')
			if !replace && m.Subclass[j] > 0 {
				b = strconv.AppendInt(b, int64(m.Subclass[j]), 10)
			}
			if withNote {
				b = append(b, ',')
				b = appendField(b, csvio.Guard(note))
				note = "" // the first row only
			}
			b = append(b, '\n')
			bw.Write(b)
		}
	}
	return bw.Flush()
}

// appendField appends s as a CSV field, quoted when it must be.
func appendField(b []byte, s string) []byte {
	need := false
	for _, c := range []byte(s) {
		if c == ',' || c == '"' || c == '\n' || c == '\r' || c == ';' {
			need = true
			break
		}
	}
	if s != "" && (s[0] == ' ' || s[len(s)-1] == ' ') {
		need = true
	}
	if !need {
		return append(b, s...)
	}
	b = append(b, '"')
	for _, c := range []byte(s) {
		if c == '"' {
			b = append(b, '"')
		}
		b = append(b, c)
	}
	return append(b, '"')
}

func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
