package matching

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/sib-engine/sib/internal/csvio"
)

// The files of a matching, in an outcomes folder.
const (
	SpecFile    = "matching.csv"
	DataFile    = "covariates.csv"
	WeightsFile = "weights.csv"
)

// Errors of the readers, wrapped in a *csvio.Error with the position.
var (
	ErrInput   = errors.New("matching: invalid input")
	ErrUnknown = errors.New("matching: unknown name")
	ErrMissing = errors.New("matching: missing value")
)

// MaxLevels bounds the levels of one categorical covariate: more is
// usually an identifier or a free-text column read as categories, and
// each level is a column of the model matrix.
const MaxLevels = 1000

// MaxK is the largest number of controls per treated unit.
const MaxK = 10

// specNames are the settings of matching.csv, in the documented order.
var specNames = []string{"treatment", "pool", "covariates", "categorical", "exact", "distance", "k", "replace", "caliper", "order", "discard"}

var specCols = []csvio.Column{{Name: "setting", Required: true}, {Name: "value", Required: true}}

// DefaultSpec is the matching of an empty matching.csv: groups treatment
// and comparison, every covariate, 1:1 nearest neighbour on the linear
// logit without replacement, no caliper, largest distance first, no
// discarding.
func DefaultSpec() *Spec {
	return &Spec{Treatment: "treatment", Pool: "comparison", Link: LinearLogit,
		Options: Options{K: 1, Order: Largest, Discard: DiscardNone}, Line: map[string]int{}}
}

// ReadSpec reads matching.csv: setting,value[,note] rows. A setting not
// given, or given with an empty value, takes its default (DefaultSpec).
func ReadSpec(r io.Reader, name string) (*Spec, error) {
	cr, err := csvio.NewReader(r, name, specCols)
	if err != nil {
		return nil, err
	}
	s := DefaultSpec()
	s.Source = name
	for cr.Next() {
		key := strings.ToLower(cr.Field(0))
		if key == "" {
			return nil, cr.Errorf(0, "%w: expected a setting name", csvio.ErrEmpty)
		}
		if !slices.Contains(specNames, key) {
			return nil, cr.Errorf(0, "%w: no setting %q (the settings are %s)", ErrUnknown, cr.Field(0), strings.Join(specNames, ", "))
		}
		if line := s.Line[key]; line > 0 {
			return nil, cr.Errorf(0, "%w: setting %s is given twice (also line %d)", ErrInput, key, line)
		}
		s.Line[key] = cr.Line()
		if err := s.set(key, cr.Field(1)); err != nil {
			return nil, cr.Wrap(1, err)
		}
	}
	if err := cr.Err(); err != nil {
		return nil, err
	}
	if err := s.check(); err != nil {
		return nil, &csvio.Error{File: name, Line: err.line, Column: 2, Field: "value", Err: err.err}
	}
	return s, nil
}

// set reads the value v of setting key into s.
func (s *Spec) set(key, v string) error {
	lv := strings.ToLower(v)
	switch key {
	case "treatment", "pool":
		if v == "" {
			return nil
		}
		if strings.ContainsAny(v, " \t") {
			return fmt.Errorf("%w: group label %q has a space: write it as in the group column of covariates.csv and participants.csv", ErrInput, v)
		}
		if key == "treatment" {
			s.Treatment = v
		} else {
			s.Pool = v
		}
	case "covariates", "categorical", "exact":
		names, err := nameList(key, v)
		if err != nil {
			return err
		}
		switch key {
		case "covariates":
			s.Covariates = names
		case "categorical":
			s.Categorical = names
		default:
			s.Exact = names
		}
	case "distance":
		switch lv {
		case "", "logit":
			s.Link = LinearLogit
		case "score":
			s.Link = Score
		default:
			return fmt.Errorf("%w: distance %q: expected logit (the linear logit of the propensity score, the default) or score (the score itself)", ErrInput, v)
		}
	case "k":
		if v == "" {
			return nil
		}
		k, err := strconv.Atoi(v)
		if err != nil || k < 1 || k > MaxK {
			return fmt.Errorf("%w: k %q: expected a whole number of controls per treated unit from 1 to %d", ErrInput, v, MaxK)
		}
		s.Options.K = k
	case "replace":
		switch lv {
		case "", "false":
			s.Options.Replace = false
		case "true":
			s.Options.Replace = true
		default:
			return fmt.Errorf("%w: replace %q: expected true or false", ErrInput, v)
		}
	case "caliper":
		if v == "" {
			s.Options.Caliper = 0
			return nil
		}
		c, err := csvio.ParseFloat(v, false)
		if err != nil {
			return fmt.Errorf("caliper: %w", err)
		}
		if c < 0 {
			return fmt.Errorf("%w: caliper %s: expected a width in standard deviations of the distance, 0 or more (0 or empty: no caliper)", ErrInput, v)
		}
		s.Options.Caliper = c
	case "order":
		o, err := ParseOrder(lv)
		if err != nil {
			return err
		}
		s.Options.Order = o
	case "discard":
		d, err := ParseDiscard(lv)
		if err != nil {
			return err
		}
		s.Options.Discard = d
	}
	return nil
}

// ParseOrder reads an order: largest (or ""), smallest or data.
func ParseOrder(s string) (Order, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "largest":
		return Largest, nil
	case "smallest":
		return Smallest, nil
	case "data":
		return DataOrder, nil
	}
	return 0, fmt.Errorf("%w: order %q: expected largest (the default), smallest or data", ErrInput, s)
}

// ParseDiscard reads a discard rule: none (or ""), treated, control or
// both.
func ParseDiscard(s string) (Discard, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "none":
		return DiscardNone, nil
	case "treated":
		return DiscardTreated, nil
	case "control":
		return DiscardControl, nil
	case "both":
		return DiscardBoth, nil
	}
	return 0, fmt.Errorf("%w: discard %q: expected none (the default), treated, control or both", ErrInput, s)
}

// ParseLink reads a distance: logit (or "") or score.
func ParseLink(s string) (Link, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "logit":
		return LinearLogit, nil
	case "score":
		return Score, nil
	}
	return 0, fmt.Errorf("%w: distance %q: expected logit (the default) or score", ErrInput, s)
}

// String returns the order as matching.csv writes it.
func (o Order) String() string {
	switch o {
	case Smallest:
		return "smallest"
	case DataOrder:
		return "data"
	}
	return "largest"
}

// String returns the discard rule as matching.csv writes it.
func (d Discard) String() string {
	switch d {
	case DiscardTreated:
		return "treated"
	case DiscardControl:
		return "control"
	case DiscardBoth:
		return "both"
	}
	return "none"
}

// String returns the distance as matching.csv writes it.
func (l Link) String() string {
	if l == Score {
		return "score"
	}
	return "logit"
}

// reserved are the columns of covariates.csv that are not covariates.
var reserved = []string{"id", "group", "cohort", csvio.Ignored}

// nameList reads a space-separated list of covariate names.
func nameList(key, v string) ([]string, error) {
	var out []string
	for _, n := range strings.Fields(v) {
		n = strings.ToLower(n)
		if slices.Contains(reserved, n) {
			return nil, fmt.Errorf("%w: %s: %q is a column of covariates.csv that is not a covariate", ErrInput, key, n)
		}
		if slices.Contains(out, n) {
			return nil, fmt.Errorf("%w: %s: %q is named twice", ErrInput, key, n)
		}
		out = append(out, n)
	}
	return out, nil
}

type specError struct {
	line int
	err  error
}

// check checks the settings against each other.
func (s *Spec) check() *specError {
	if s.Treatment == s.Pool {
		return &specError{s.Line["pool"], fmt.Errorf("%w: the pool's label %q is the treatment group's too", ErrInput, s.Pool)}
	}
	if len(s.Covariates) > 0 {
		for _, c := range s.Categorical {
			if !slices.Contains(s.Covariates, c) && !slices.Contains(s.Exact, c) {
				return &specError{s.Line["categorical"], fmt.Errorf("%w: categorical %q is neither among the covariates (%s) nor matched exactly", ErrInput, c, strings.Join(s.Covariates, " "))}
			}
		}
	}
	return nil
}

// wanted reports whether covariates.csv column n (lower case) is read:
// every column when the spec names no covariates.
func (s *Spec) wanted(n string) bool {
	return len(s.Covariates) == 0 || slices.Contains(s.Covariates, n) || slices.Contains(s.Exact, n)
}

// ReadData reads covariates.csv: one row per unit, id, group (the spec's
// treatment or pool label), cohort (empty for a pool unit that serves
// every cohort) and the covariates, numeric unless the spec lists them as
// categorical. Columns the spec does not name are not read (when it names
// covariates). Missing values are errors. The file is streamed: a row
// costs its id, its cohort's string header and 8 bytes (or 4 for a
// category) a covariate. It is ReadDataWith with the default options:
// parsed on every core when r can seek (load_parallel.go).
func ReadData(r io.Reader, name string, spec *Spec) (*Data, error) {
	return ReadDataWith(r, name, spec, ReadOptions{})
}

// readDataSeq is ReadData on one core: the reference the parallel reader
// falls back to, for its errors and for what it cannot cut.
func readDataSeq(r io.Reader, name string, spec *Spec) (*Data, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	head, err := br.ReadSlice('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		if errors.Is(err, bufio.ErrBufferFull) {
			return nil, &csvio.Error{File: name, Line: 1, Err: fmt.Errorf("%w: the header row is longer than 64 KiB", ErrInput)}
		}
		return nil, &csvio.Error{File: name, Err: err}
	}
	head = slices.Clone(head)
	cols := []csvio.Column{{Name: "id", Required: true}, {Name: "group", Required: true}, {Name: "cohort", Required: true}}
	for _, h := range headerNames(head) {
		if h != "" && !slices.Contains(reserved, h) && !slices.ContainsFunc(cols, func(c csvio.Column) bool { return c.Name == h }) {
			cols = append(cols, csvio.Column{Name: h})
		}
	}
	cr, err := csvio.NewReader(io.MultiReader(bytes.NewReader(head), br), name, cols)
	if err != nil {
		return nil, err
	}
	d := &Data{Source: name}
	ld := &dataLoader{d: d, cr: cr, spec: spec, cohorts: map[string]string{}}
	if err := ld.columns(cols); err != nil {
		return nil, err
	}
	for cr.Next() {
		if err := ld.row(); err != nil {
			return nil, err
		}
	}
	if err := cr.Err(); err != nil {
		return nil, err
	}
	return d, ld.finish()
}

// headerNames reads the column names of the header row, in lower case,
// as csvio matches them; nil when it is not CSV (csvio will say why).
func headerNames(head []byte) []string {
	head = bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF})
	first, _, _ := bytes.Cut(head, []byte{'\n'})
	r := csv.NewReader(bytes.NewReader(head))
	if bytes.Count(first, []byte{';'}) > bytes.Count(first, []byte{','}) {
		r.Comma = ';'
	}
	r.TrimLeadingSpace = true
	rec, err := r.Read()
	if err != nil {
		return nil
	}
	for i, h := range rec {
		rec[i] = strings.ToLower(strings.TrimSpace(h))
	}
	return rec
}

// dataLoader is the state of ReadData.
type dataLoader struct {
	d       *Data
	cr      *csvio.Reader
	spec    *Spec
	idx     []int // reader column of each of d.Columns
	levels  []map[string]int32
	cohorts map[string]string // interned cohort labels
	treated int
}

// columns sets up d.Columns from the header: the covariates the spec
// reads, in file order, after checking that every one it names is there.
func (ld *dataLoader) columns(cols []csvio.Column) error {
	s := ld.spec
	named := slices.Concat(s.Covariates, s.Exact, s.Categorical)
	for _, n := range named {
		if !slices.ContainsFunc(cols, func(c csvio.Column) bool { return c.Name == n }) {
			where := ""
			for _, k := range []string{"covariates", "exact", "categorical"} {
				if line := s.Line[k]; where == "" && line > 0 && slices.Contains(s.field(k), n) {
					where = fmt.Sprintf(" (%s:%d)", s.Source, line)
				}
			}
			return &csvio.Error{File: ld.cr.Name(), Line: 1, Err: fmt.Errorf("%w: covariate %q, named in %s%s, is not a column", ErrInput, n, SpecFile, where)}
		}
	}
	for i, c := range cols[3:] {
		if !s.wanted(c.Name) {
			continue
		}
		cat := slices.Contains(s.Categorical, c.Name)
		ld.d.Columns = append(ld.d.Columns, Column{Name: c.Name, Categorical: cat})
		ld.idx = append(ld.idx, i+3)
		var m map[string]int32
		if cat {
			m = map[string]int32{}
		}
		ld.levels = append(ld.levels, m)
	}
	if len(ld.d.Columns) == 0 {
		return &csvio.Error{File: ld.cr.Name(), Line: 1, Err: fmt.Errorf("%w: no covariate columns: after id, group and cohort, give one column per covariate", ErrInput)}
	}
	return nil
}

func (s *Spec) field(k string) []string {
	switch k {
	case "covariates":
		return s.Covariates
	case "exact":
		return s.Exact
	}
	return s.Categorical
}

// row reads the current record.
func (ld *dataLoader) row() error {
	cr, d, s := ld.cr, ld.d, ld.spec
	id, err := cr.String(0, "the unit's id")
	if err != nil {
		return err
	}
	g := cr.Field(1)
	var treated bool
	switch g {
	case s.Treatment:
		treated = true
	case s.Pool:
	case "":
		return cr.Errorf(1, "%w: expected the group, %s or %s", csvio.ErrEmpty, s.Treatment, s.Pool)
	default:
		return cr.Errorf(1, "%w: group %q: expected %s (the treated) or %s (the pool), as %s names them", ErrInput, g, s.Treatment, s.Pool, SpecFile)
	}
	c := cr.Field(2)
	if c == "" && treated {
		return cr.Errorf(2, "%w: a treated unit needs its cohort, as in participants.csv (only a pool unit may serve every cohort)", csvio.ErrEmpty)
	}
	ic, ok := ld.cohorts[c]
	if !ok {
		if len(c) > 256 {
			return cr.Errorf(2, "%w: a cohort label of %d bytes (at most 256)", ErrInput, len(c))
		}
		ic = strings.Clone(c)
		ld.cohorts[ic] = ic
	}
	for j := range d.Columns {
		if err := ld.value(j); err != nil {
			return err
		}
	}
	// The id is a substring of the record's line: a copy keeps only it.
	d.IDs = append(d.IDs, strings.Clone(id))
	d.Treated = append(d.Treated, treated)
	d.Cohort = append(d.Cohort, ic)
	d.Line = append(d.Line, cr.Line())
	if treated {
		ld.treated++
	}
	return nil
}

// value reads covariate j of the current record. The checks for a
// missing value run only on what is not a number, or not a known level:
// most cells pass with one parse or one map lookup.
func (ld *dataLoader) value(j int) error {
	cr, col := ld.cr, &ld.d.Columns[j]
	i := ld.idx[j]
	v := cr.Field(i)
	missing := func() error {
		return cr.Errorf(i, "%w %q: every covariate needs a value; impute it or drop the row before matching (a missing value is not a category: write one, such as unknown, for a categorical covariate)", ErrMissing, v)
	}
	if v == "" {
		return missing()
	}
	if !col.Categorical {
		x, err := csvio.ParseFloat(v, cr.DecimalComma())
		if err != nil {
			if csvio.LooksMissing(v) {
				return missing()
			}
			if strings.IndexFunc(v, unicode.IsLetter) >= 0 {
				err = fmt.Errorf("%w (a numeric covariate: list it under categorical in %s if it is a category)", err, SpecFile)
			}
			return cr.Wrap(i, err)
		}
		col.Values = append(col.Values, x)
		return nil
	}
	m := ld.levels[j]
	code, ok := m[v]
	if !ok {
		if csvio.LooksMissing(v) {
			return missing()
		}
		if len(m) == MaxLevels {
			return cr.Errorf(i, "%w: %q is level %d of categorical %s: at most %d levels (an identifier, or free text?)", ErrInput, v, MaxLevels+1, col.Name, MaxLevels)
		}
		code = int32(len(m))
		m[strings.Clone(v)] = code
	}
	col.Codes = append(col.Codes, code)
	return nil
}

// finish sorts each categorical covariate's levels, checks the groups and
// the uniqueness of (cohort, id).
func (ld *dataLoader) finish() error {
	d, s := ld.d, ld.spec
	for j := range d.Columns {
		col := &d.Columns[j]
		if !col.Categorical {
			continue
		}
		// Levels sorted in byte order, codes renumbered to match.
		m := ld.levels[j]
		col.Levels = make([]string, 0, len(m))
		for l := range m {
			col.Levels = append(col.Levels, l)
		}
		slices.Sort(col.Levels)
		remap := make([]int32, len(m))
		for k, l := range col.Levels {
			remap[m[l]] = int32(k)
		}
		for i, c := range col.Codes {
			col.Codes[i] = remap[c]
		}
	}
	switch {
	case ld.treated == 0:
		return &csvio.Error{File: d.Source, Err: fmt.Errorf("%w: no rows of the treatment group %q", ErrInput, s.Treatment)}
	case ld.treated == d.Len():
		return &csvio.Error{File: d.Source, Err: fmt.Errorf("%w: no rows of the pool %q", ErrInput, s.Pool)}
	}
	return duplicates(d)
}

// duplicates finds a (cohort, id) given twice, by sorting 64-bit hashes:
// 16 bytes a row instead of a map of strings.
func duplicates(d *Data) error {
	seed := maphash.MakeSeed()
	type hr struct {
		h uint64
		i int32
	}
	hs := make([]hr, d.Len())
	for i := range hs {
		var h maphash.Hash
		h.SetSeed(seed)
		h.WriteString(d.Cohort[i])
		h.WriteByte(0)
		h.WriteString(d.IDs[i])
		hs[i] = hr{h.Sum64(), int32(i)}
	}
	slices.SortFunc(hs, func(a, b hr) int {
		if a.h != b.h {
			if a.h < b.h {
				return -1
			}
			return 1
		}
		return int(a.i - b.i)
	})
	first := -1
	for k := 1; k < len(hs); k++ {
		if hs[k].h != hs[k-1].h {
			continue
		}
		// Equal hashes: compare the rows of the run with its first.
		for j := k - 1; j >= 0 && hs[j].h == hs[k].h; j-- {
			a, b := hs[j].i, hs[k].i
			if d.Cohort[a] == d.Cohort[b] && d.IDs[a] == d.IDs[b] && (first < 0 || int(b) < first) {
				first = int(b)
				break
			}
		}
	}
	if first < 0 {
		return nil
	}
	for i := range first {
		if d.Cohort[i] == d.Cohort[first] && d.IDs[i] == d.IDs[first] {
			cohort := d.Cohort[first]
			if cohort == "" {
				cohort = "(every cohort)"
			}
			return &csvio.Error{File: d.Source, Line: d.Line[first], Column: 1, Field: "id", Err: fmt.Errorf("%w: unit %s of cohort %s is given twice (also line %d)", ErrInput, d.IDs[first], cohort, d.Line[i])}
		}
	}
	return nil
}
