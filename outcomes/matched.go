package outcomes

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/outcomes/matching"
)

// The files of a matched comparison in an outcomes folder: the weights of
// a matching done elsewhere (sib match --weights, or R MatchIt), or the
// matching's settings and the participants' covariates, to match here.
const (
	WeightsFile    = "weights.csv"
	MatchingFile   = "matching.csv"
	CovariatesFile = "covariates.csv"
)

var weightCols = []csvio.Column{
	{Name: "cohort", Required: true}, {Name: "id", Required: true}, {Name: "group", Required: true},
	{Name: "weight", Required: true}, {Name: "subclass", Required: true},
}

// Matching is a matched comparison: for each cohort, the treated
// participants and the pool members the matching kept, with MatchIt's ATT
// weights and, without replacement, their matched set. A metric whose
// method is comparison and whose groups are Treatment and Pool is
// estimated on these units only, weighted (see Estimate).
type Matching struct {
	Treatment, Pool string
	// Replace reports a matching with replacement: a pool member may serve
	// several treated participants, and units have no matched set.
	Replace bool
	Units   []MatchedUnit
	// Warnings are the matching's own (the propensity model, the matches,
	// the balance), shown with the estimates.
	Warnings []string
	// Settings describes the matching done here (matching.csv's settings,
	// as matching.csv writes them), for the report; "" for weights read
	// from weights.csv, whose settings are not known here.
	Settings string

	source string
	idCol  int                // the id column of weights.csv, for messages
	byID   map[string][]int32 // id → indices in Units
	// covered holds, when the matching was done here, the treated ids of
	// each cohort that covariates.csv has (matched or not): a treated
	// participant of such a cohort without covariates is an error, not a
	// silent "no match".
	covered map[string]map[string]struct{}
	// filter has a bit set for each id's hash: most records of a big pool
	// are not matched, and a bit test rules them out for less than a map
	// lookup of the id costs.
	filter []uint64
}

// MatchedUnit is one participant's weight in one cohort's matching.
type MatchedUnit struct {
	Cohort, ID, Group string
	Weight            float64
	// Subclass is the matched set, numbered across cohorts; 0 with
	// replacement.
	Subclass int32

	line int // in weights.csv, for messages
}

// matchedRow is one value of a matched participant: unit is the index in
// Matching.Units (a pool record serving two cohorts gives two rows),
// metric the index in Study.Metrics.
type matchedRow struct {
	unit   int32
	metric int32
	period int32
	x      float64
}

// matchedData is what a study keeps of a matching: the units, which of
// them participants.csv has, and the values of those with a positive
// weight (bounded by the matched sample, not by the pool).
type matchedData struct {
	*Matching
	seen []bool
	rows []matchedRow
	read bool // participants.csv was read after the matching was set
}

// SetMatching sets the matched comparison of the study. Call it before
// ReadParticipants, which keeps the matched participants' values.
func (s *Study) SetMatching(m *Matching) error {
	if m.Treatment == "" || m.Pool == "" || m.Treatment == m.Pool {
		return fmt.Errorf("%w: a matching needs two different group labels (treatment %q, pool %q)", ErrInput, m.Treatment, m.Pool)
	}
	m.byID = make(map[string][]int32)
	bits := 64
	for bits < 16*len(m.Units) {
		bits *= 2
	}
	m.filter = make([]uint64, bits/64)
	for i, u := range m.Units {
		if !(u.Weight >= 0) || math.IsInf(u.Weight, 0) {
			return fmt.Errorf("%w: unit %s of cohort %s: weight %v: expected a finite weight, zero or more", ErrRange, u.ID, u.Cohort, u.Weight)
		}
		if u.Weight > 0 {
			m.byID[u.ID] = append(m.byID[u.ID], int32(i))
			h := idOnlyHash([]byte(u.ID)) & uint64(bits-1)
			m.filter[h/64] |= 1 << (h % 64)
		}
	}
	s.match = &matchedData{Matching: m, seen: make([]bool, len(m.Units))}
	return nil
}

// Matching returns the study's matched comparison, or nil.
func (s *Study) Matching() *Matching {
	if s.match == nil {
		return nil
	}
	return s.match.Matching
}

// ReadWeights reads matching weights (weights.csv): columns cohort, id,
// group, weight and subclass, one row per unit with a positive weight.
// Call it after ReadMetrics and ReadCohorts and before ReadParticipants.
func (s *Study) ReadWeights(r io.Reader, name string) error {
	const (
		cCohort = iota
		cID
		cGroup
		cWeight
		cSubclass
	)
	cr, err := csvio.NewReader(r, name, weightCols)
	if err != nil {
		return err
	}
	m := &Matching{source: name, idCol: cr.Col(cID)}
	type key struct{ cohort, id string }
	seen := map[key]int{}
	subCohort := map[int32]int{} // subclass → its first unit
	withSub := -1                // whether rows have a subclass: -1 unknown
	firstLine := 0
	groups, _ := s.groups()
	var labels []string
	for cr.Next() {
		var u MatchedUnit
		u.line = cr.Line()
		// The cells are as WriteWeightsNote guarded them against a
		// spreadsheet's formulas ("'=17" for the id "=17").
		if u.Cohort, err = cr.String(cCohort, "the cohort the unit was matched in"); err != nil {
			return err
		}
		u.Cohort = csvio.Unguard(u.Cohort)
		if u.Cohort == PooledCohort {
			return cr.Errorf(cCohort, "%w: cohort %q is reserved for the effect over all cohorts", ErrInput, u.Cohort)
		}
		if s.Cohorts != nil && !slices.Contains(s.Cohorts, u.Cohort) {
			return cr.Errorf(cCohort, "%w: cohort %q is not in %s", ErrUnknown, u.Cohort, orName(s.files.cohorts, "the list of cohorts"))
		}
		if u.ID, err = cr.String(cID, "the participant's identifier"); err != nil {
			return err
		}
		u.ID = csvio.Unguard(u.ID)
		if u.Group, err = cr.String(cGroup, "a group label"); err != nil {
			return err
		}
		u.Group = csvio.Unguard(u.Group)
		if !slices.Contains(groups, u.Group) {
			return cr.Errorf(cGroup, "%w: group %q is not named in %s: expected %s", ErrUnknown, u.Group, orName(s.files.metrics, MetricsFile), joinOr(groups))
		}
		if !slices.Contains(labels, u.Group) {
			if len(labels) == 2 {
				return cr.Errorf(cGroup, "%w: a third group %q: a matching has a treatment group and a pool (%s and %s)", ErrInput, u.Group, labels[0], labels[1])
			}
			labels = append(labels, u.Group)
		}
		// A weight can't be missing: the generic hints (an empty cell is a
		// missing value; write NA as empty) would contradict each other.
		if f := cr.Field(cWeight); f == "" || csvio.LooksMissing(f) {
			sentinel, what := csvio.ErrEmpty, ""
			if f != "" {
				sentinel, what = csvio.ErrNumber, fmt.Sprintf(" %q", f)
			}
			return cr.Errorf(cWeight, "%w%s: a matching weight can't be missing: expected a number, zero or more (a unit the matching dropped has weight 0, or no row)", sentinel, what)
		}
		if u.Weight, err = cr.Float(cWeight); err != nil {
			return err
		}
		if !(u.Weight >= 0) || math.IsInf(u.Weight, 0) || math.Abs(u.Weight) > 1e15 {
			return cr.Errorf(cWeight, "%w: weight %s: expected a matching weight, zero or more", ErrRange, cr.Field(cWeight))
		}
		k := key{u.Cohort, u.ID}
		if line := seen[k]; line > 0 {
			return cr.Errorf(cID, "%w: participant %q has a second row for cohort %s (the first is on line %d): one row per cohort and participant", ErrInput, u.ID, u.Cohort, line)
		}
		seen[k] = u.line
		has := cr.Field(cSubclass) != ""
		if withSub < 0 {
			withSub, firstLine = map[bool]int{false: 0, true: 1}[has], u.line
		} else if has != (withSub == 1) {
			return cr.Errorf(cSubclass, "%w: %s here but %s on line %d: without replacement every row has its matched set, with replacement none has", ErrInput,
				map[bool]string{true: "a subclass", false: "no subclass"}[has], map[bool]string{true: "none", false: "one"}[has], firstLine)
		}
		if has {
			v, err := wholeField(cr, cSubclass, "the matched set's number")
			if err != nil {
				return err
			}
			if v < 1 || v > math.MaxInt32 {
				return cr.Errorf(cSubclass, "%w: subclass %d: expected 1 or more", ErrRange, v)
			}
			u.Subclass = int32(v)
			if j, ok := subCohort[u.Subclass]; ok && m.Units[j].Cohort != u.Cohort {
				return cr.Errorf(cSubclass, "%w: subclass %d is in cohort %s here and in cohort %s on line %d: matched sets are numbered across cohorts", ErrInput, u.Subclass, u.Cohort, m.Units[j].Cohort, m.Units[j].line)
			} else if !ok {
				subCohort[u.Subclass] = len(m.Units)
			}
		}
		m.Units = append(m.Units, u)
	}
	if err := cr.Err(); err != nil {
		return err
	}
	if len(m.Units) == 0 {
		return &InputError{File: name, Line: 2, Err: fmt.Errorf("%w: no matched units: expected one row per matched participant", ErrNoMembers)}
	}
	if len(labels) < 2 {
		return &InputError{File: name, Line: 2, Column: cGroup + 1, Field: "group", Err: fmt.Errorf("%w: only group %s: a matching has the treatment group and its matched comparisons", ErrNoMembers, labels[0])}
	}
	m.Replace = withSub == 0
	for i := range s.Metrics {
		mt := &s.Metrics[i]
		for _, p := range [][2]string{{labels[0], labels[1]}, {labels[1], labels[0]}} {
			if mt.Treatment == p[0] && mt.Comparison == p[1] && m.Treatment == "" {
				m.Treatment, m.Pool = p[0], p[1]
			}
		}
	}
	if m.Treatment == "" {
		return &InputError{File: name, Err: fmt.Errorf("%w: no metric compares group %s with group %s, the groups of the matching", ErrInput, labels[0], labels[1])}
	}
	treatedIn := map[string]bool{}
	for _, u := range m.Units {
		if u.Group == m.Treatment && u.Weight > 0 {
			treatedIn[u.Cohort] = true
		}
	}
	for _, u := range m.Units {
		if !treatedIn[u.Cohort] {
			return &InputError{File: name, Line: u.line, Column: cr.Col(cCohort), Field: "cohort", Err: fmt.Errorf("%w: cohort %s has no treated participant with a positive weight: its comparisons match no one", ErrNoMembers, u.Cohort)}
		}
	}
	return s.SetMatching(m)
}

func joinOr(s []string) string {
	out := ""
	for i, x := range s {
		switch {
		case i == 0:
		case i == len(s)-1:
			out += " or "
		default:
			out += ", "
		}
		out += x
	}
	return out
}

// MatchingFromResult turns a matching done by package matching into the
// weights a study estimates with: every row with a positive weight, in
// cohort order.
func MatchingFromResult(r *matching.Result) *Matching {
	m := &Matching{Treatment: r.Spec.Treatment, Pool: r.Spec.Pool, Replace: r.Spec.Options.Replace, source: r.Data.Source,
		covered: map[string]map[string]struct{}{}}
	for i, id := range r.Data.IDs {
		if r.Data.Treated[i] {
			c := r.Data.Cohort[i]
			if m.covered[c] == nil {
				m.covered[c] = map[string]struct{}{}
			}
			m.covered[c][id] = struct{}{}
		}
	}
	if r.Fit != nil {
		m.Warnings = append(m.Warnings, r.Fit.Warnings...)
	}
	m.Settings = specSettings(r.Spec)
	// Matched sets must be unique across cohorts for the pooled
	// clustering: each cohort's are offset by the largest before, which
	// keeps them as they are when already numbered across cohorts.
	var offset, top int32
	for _, cm := range r.Cohorts {
		if cm.Matches == nil {
			continue
		}
		offset = top
		for j, row := range cm.Rows {
			w := cm.Matches.Weights[j]
			if !(w > 0) {
				continue
			}
			u := MatchedUnit{Cohort: cm.Cohort, ID: r.Data.IDs[row], Group: m.Pool, Weight: w}
			if int(row) < len(r.Data.Line) {
				u.line = r.Data.Line[row]
			}
			if r.Data.Treated[row] {
				u.Group = m.Treatment
			}
			if sc := subclassOf(cm.Matches, j); !m.Replace && sc > 0 {
				u.Subclass = offset + sc
				top = max(top, u.Subclass)
			}
			m.Units = append(m.Units, u)
		}
		ws := slices.Clone(cm.Matches.Warnings)
		if cm.Balance != nil {
			ws = append(ws, cm.Balance.Warnings...)
		}
		for _, w := range ws {
			m.Warnings = append(m.Warnings, cohortPrefix(cm.Cohort, w))
		}
	}
	return m
}

// cohortPrefix names the cohort a warning is about, unless the matching
// already did (Run names it in some of its own).
func cohortPrefix(cohort, w string) string {
	p := "cohort " + cohort + ": "
	if strings.HasPrefix(w, p) {
		return w
	}
	return p + w
}

func subclassOf(m *matching.Matches, j int) int32 {
	if j < len(m.Subclass) {
		return m.Subclass[j]
	}
	return 0
}

// readMatching reads matching.csv and covariates.csv and matches.
func (s *Study) readMatching(spec, cov io.Reader, specName, covName string) error {
	sp, err := matching.ReadSpec(spec, specName)
	if err != nil {
		return err
	}
	d, err := matching.ReadData(cov, covName, sp)
	if err != nil {
		return err
	}
	res, err := matching.Run(context.Background(), d, sp)
	if err != nil {
		return err
	}
	m := MatchingFromResult(res)
	m.source = covName
	return s.SetMatching(m)
}

// matchedUnits returns the units a participant record belongs to: a
// treated record the unit of its cohort, a pool record the units of its
// cohort, or of every cohort when its cohort is empty.
func (md *matchedData) matchedUnits(dst []int32, id []byte, group, cohort string) []int32 {
	dst = dst[:0]
	if group != md.Treatment && group != md.Pool {
		return dst
	}
	if h := idOnlyHash(id) & uint64(64*len(md.filter)-1); md.filter[h/64]&(1<<(h%64)) == 0 {
		return dst
	}
	for _, i := range md.byID[string(id)] {
		u := &md.Units[i]
		if u.Group == group && (u.Cohort == cohort || group == md.Pool && cohort == "") {
			dst = append(dst, i)
		}
	}
	return dst
}

// uncovered reports a treated record of a cohort the matching covers
// whose id covariates.csv lacks (a matching done here only).
func (md *matchedData) uncovered(id []byte, group, cohort string) bool {
	if md.covered == nil || group != md.Treatment {
		return false
	}
	ids, ok := md.covered[cohort]
	if !ok {
		return false
	}
	_, ok = ids[string(id)]
	return !ok
}

// idOnlyHash hashes an id (FNV-1a).
func idOnlyHash(id []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range id {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// checkMatched checks, after participants.csv, that every matched unit has a
// record there in its group and cohort.
func (s *Study) checkMatched() error {
	md := s.match
	if md == nil {
		return nil
	}
	md.read = true
	for i, u := range md.Units {
		if md.seen[i] || u.Weight == 0 {
			continue
		}
		where := "with cohort " + u.Cohort
		if u.Group == md.Pool {
			where = "with cohort " + u.Cohort + " or none"
		}
		why := "the weights are not of these participants"
		if md.covered != nil {
			why = "covariates.csv must have the rows of these participants only"
		}
		err := fmt.Errorf("%w: participant %q of group %s has no record in %s in that group %s: %s", ErrUnknown, u.ID, u.Group, orName(s.files.data, ParticipantsFile), where, why)
		if u.line > 0 {
			return &InputError{File: md.source, Line: u.line, Column: md.idCol, Field: "id", Err: err}
		}
		return err
	}
	return nil
}

// matched reports whether metric m is estimated on the matching: method
// comparison or did between the matched groups.
func (s *Study) matched(m *Metric) bool {
	return s.match != nil && (m.Method == Comparison || m.Method == DiD) && m.Treatment == s.match.Treatment && m.Comparison == s.match.Pool
}

// matchedGroups reports whether m compares the matched groups with another
// method (historical, trend), which does not use the weights.
func (s *Study) matchedGroups(m *Metric) bool {
	return s.match != nil && !s.matched(m) && m.Treatment == s.match.Treatment && m.Comparison == s.match.Pool
}

// loadMatching reads the folder's matched comparison, if any: weights.csv,
// or matching.csv and covariates.csv (matched here), never both.
func (s *Study) loadMatching(dir string, opt LoadOptions, aggregates bool) error {
	path := func(n string) string { return filepath.Join(dir, n) }
	exists := func(n string) bool { _, err := os.Stat(path(n)); return err == nil }
	w, spec, cov := exists(WeightsFile), exists(MatchingFile), exists(CovariatesFile)
	switch {
	case opt.Unmatched, !w && !spec && !cov:
		return nil
	case w && (spec || cov):
		other := MatchingFile
		if !spec {
			other = CovariatesFile
		}
		return &InputError{File: path(WeightsFile), Err: fmt.Errorf("%w: give %s (the weights of a matching done before) or %s and %s (to match here), not both: remove %s, or %s",
			ErrInput, WeightsFile, MatchingFile, CovariatesFile, WeightsFile, other)}
	case !w && spec != cov:
		have, need := MatchingFile, CovariatesFile
		if cov {
			have, need = CovariatesFile, MatchingFile
		}
		return &InputError{File: path(have), Err: fmt.Errorf("%w: matching here needs %s too (or give the matching's %s instead)", ErrInput, need, WeightsFile)}
	case aggregates:
		name := WeightsFile
		if !w {
			name = MatchingFile
		}
		return &InputError{File: path(name), Err: fmt.Errorf("%w: a matched comparison weighs participants: it needs %s, not %s", ErrInput, ParticipantsFile, AggregatesFile)}
	}
	if w {
		fh, err := csvio.Open(path(WeightsFile), opt.Limits)
		if err != nil {
			return err
		}
		defer fh.Close()
		return s.ReadWeights(fh, path(WeightsFile))
	}
	sf, err := csvio.Open(path(MatchingFile), opt.Limits)
	if err != nil {
		return err
	}
	defer sf.Close()
	cf, err := csvio.Open(path(CovariatesFile), opt.Limits)
	if err != nil {
		return err
	}
	defer cf.Close()
	return s.readMatching(sf, cf, path(MatchingFile), path(CovariatesFile))
}

// specSettings is a matching's settings as matching.csv names them, so
// that an effects table says how its comparison group was made.
func specSettings(sp *matching.Spec) string {
	o := sp.Options
	caliper := "none"
	if o.Caliper > 0 {
		caliper = strconv.FormatFloat(o.Caliper, 'g', -1, 64)
	}
	covs := "all"
	if len(sp.Covariates) > 0 {
		covs = strings.Join(sp.Covariates, " ")
	}
	exact := "none"
	if len(sp.Exact) > 0 {
		exact = strings.Join(sp.Exact, " ")
	}
	return fmt.Sprintf("distance %s, k %d, replace %t, caliper %s, order %s, discard %s, exact %s, covariates %s",
		sp.Link, o.K, o.Replace, caliper, o.Order, o.Discard, exact, covs)
}
