package uncertainty

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/internal/dist"
	"github.com/sib-engine/sib/internal/names"
	"github.com/sib-engine/sib/scenario"
)

// Dist is a parameter's probability distribution: one of the Kinds with
// its arguments, checked by NewDist.
type Dist = dist.Dist

// Kind is a family of distributions.
type Kind = dist.Kind

// The distribution families and their arguments, in the order the spec's
// columns arg1 … arg4 give them.
const (
	Fixed       = dist.Fixed       // value
	Uniform     = dist.Uniform     // min, max
	Triangular  = dist.Triangular  // min, mode, max
	PERT        = dist.PERT        // min, mode, max (beta with λ = 4)
	Normal      = dist.Normal      // mean, sd
	TruncNormal = dist.TruncNormal // mean, sd, min, max (of the untruncated normal's mean and sd)
	LogNormal   = dist.LogNormal   // mean, sd of the value itself (not of its log)
	Beta        = dist.Beta        // alpha, beta, and optionally min, max (default 0, 1)
	Gamma       = dist.Gamma       // shape, scale
)

// NewDist makes a distribution, checking its arguments; errors wrap
// ErrArgs.
func NewDist(k Kind, args ...float64) (Dist, error) { return dist.New(k, args...) }

// ParseKind reads a family's name: fixed, uniform, triangular, pert,
// normal, truncnormal, lognormal, beta or gamma.
func ParseKind(name string) (Kind, bool) { return dist.ParseKind(name) }

// Errors of a spec. Input errors are *InputError values that wrap one of
// these, or ErrArgs for a distribution's arguments.
var (
	ErrArgs        = dist.ErrArgs
	ErrUnknown     = errors.New("uncertainty: unknown parameter")
	ErrDuplicate   = errors.New("uncertainty: parameter given twice")
	ErrRange       = errors.New("uncertainty: outside the parameter's allowed range")
	ErrCorrelation = errors.New("uncertainty: invalid correlation")
	ErrNotPSD      = errors.New("uncertainty: the correlations are not positive semi-definite")
	ErrEmpty       = errors.New("uncertainty: the spec has no parameters")
	ErrDist        = errors.New("uncertainty: unknown distribution")
	ErrLowHigh     = errors.New("uncertainty: high is below low")
	ErrOrder       = errors.New("uncertainty: a rule between parameters could break")
	ErrUnknownFile = errors.New("uncertainty: unknown file")
	// ErrCorrelationsLeftOut: a spec file was given whose folder holds
	// correlations, which a spec file alone would leave out.
	ErrCorrelationsLeftOut = errors.New("uncertainty: a spec file would leave out its folder's correlations")
)

// The files of an uncertainty folder: the spec, and optionally the
// correlations.
const (
	SpecFile         = "uncertainty.csv"
	CorrelationsFile = "correlations.csv"
)

// InputError is an error in a spec or correlation file, with its position.
type InputError = csvio.Error

// DefaultLowP and DefaultHighP are the percentiles used for one-way
// analysis when a spec row leaves low and high empty.
const (
	DefaultLowP  = 0.1
	DefaultHighP = 0.9
)

// An Uncertain is one parameter of the spec.
type Uncertain struct {
	Name string
	ID   scenario.ParamID // the scenario's parameter
	Dist Dist             // what Monte Carlo and Sobol draw
	// Low and High are the values of one-way and two-way analysis: the
	// row's low and high, or the distribution's 10th and 90th percentiles.
	Low, High float64
	Line      int // in the spec file; 0 when built in code
}

// Varies reports whether Monte Carlo and Sobol vary the parameter: its
// distribution is not fixed.
func (u *Uncertain) Varies() bool { return u.Dist.Kind() != Fixed }

// A Correlation is a rank correlation between two parameters of the spec.
type Correlation struct {
	A, B int     // indexes into Spec.Params
	Rho  float64 // Spearman's rank correlation, in [−1, 1]
	Line int
}

// Spec is the uncertainty about a scenario's parameters: a distribution
// for each, values for one-way analysis, and rank correlations between
// them. The parameters it does not name stay at their scenario values.
type Spec struct {
	Params []Uncertain
	Corr   []Correlation
	// File and CorrFile name the files the spec was read from.
	File, CorrFile string
}

var (
	specCols = []csvio.Column{{Name: "param", Required: true}, {Name: "dist", Required: true},
		{Name: "arg1"}, {Name: "arg2"}, {Name: "arg3"}, {Name: "arg4"}, {Name: "low"}, {Name: "high"}}
	corrCols = []csvio.Column{{Name: "param_a", Required: true}, {Name: "param_b", Required: true}, {Name: "rank_correlation", Required: true}}
)

// Column indexes of specCols.
const (
	colParam = iota
	colDist
	colArg1
	_
	_
	_
	colLow
	colHigh
)

// Load reads the uncertainty of the parameters of scenario s from path:
// an uncertainty folder, which holds SpecFile and optionally
// CorrelationsFile, or a spec file (with no correlations). Another .csv
// file in the folder is an error wrapping ErrUnknownFile, as it is
// usually a misspelt name whose data would be left out. A
// CorrelationsFile that is a broken link is an error, not an absent file.
// A spec file whose folder holds CorrelationsFile is an error wrapping
// ErrCorrelationsLeftOut: the correlations would be lost without a word,
// and the results would change; give the folder.
func Load(path string, s *scenario.Scenario) (*Spec, error) {
	return LoadWith(path, s, csvio.Limits{})
}

// LoadWith is Load with limits on each file (zero fields take csvio's
// defaults).
func LoadWith(path string, s *scenario.Scenario, lim csvio.Limits) (*Spec, error) {
	info, err := os.Stat(path)
	if err != nil || !info.IsDir() {
		if _, cerr := os.Lstat(filepath.Join(filepath.Dir(path), CorrelationsFile)); err == nil && cerr == nil {
			return nil, fmt.Errorf("%s: %w: its folder holds %s as well; give the folder %s to read both, or move the spec file to a folder of its own to leave the correlations out",
				path, ErrCorrelationsLeftOut, CorrelationsFile, filepath.Dir(path))
		}
		return loadFiles(path, "", s, lim)
	}
	if unknown := csvio.UnknownFiles(path, SpecFile, CorrelationsFile); len(unknown) > 0 {
		hint := ""
		if len(unknown) == 1 {
			hint = csvio.RenameHint(unknown[0], SpecFile, CorrelationsFile)
		}
		return nil, fmt.Errorf("%s: %w %s%s: an uncertainty folder holds %s and optionally %s",
			path, ErrUnknownFile, strings.Join(unknown, ", "), hint, SpecFile, CorrelationsFile)
	}
	corr := filepath.Join(path, CorrelationsFile)
	if _, err := os.Lstat(corr); err != nil {
		// Lstat: a broken link is an error when read, not an absent file.
		corr = ""
	}
	return loadFiles(filepath.Join(path, SpecFile), corr, s, lim)
}

// loadFiles reads a spec from specPath and, if corrPath is not "", the
// correlations from corrPath.
func loadFiles(specPath, corrPath string, s *scenario.Scenario, lim csvio.Limits) (*Spec, error) {
	f, err := csvio.Open(specPath, lim)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var corr io.Reader
	if corrPath != "" {
		g, err := csvio.Open(corrPath, lim)
		if err != nil {
			return nil, err
		}
		defer g.Close()
		corr = g
	}
	return Read(f, specPath, corr, corrPath, s)
}

// Read reads a spec from r, named name in errors, and, if corr is not
// nil, the correlations from it, named corrName.
//
// The spec has the columns param, dist, arg1 … arg4 (the distribution's
// arguments, in the order of its Kind), low and high (optional, for
// one-way analysis) and note. The correlation file has the columns
// param_a, param_b and rank_correlation.
func Read(r io.Reader, name string, corr io.Reader, corrName string, s *scenario.Scenario) (*Spec, error) {
	sp := &Spec{File: name, CorrFile: corrName}
	cr, err := csvio.NewReader(r, name, specCols)
	if err != nil {
		return nil, err
	}
	seen := map[string]int{}
	for cr.Next() {
		u, err := readParam(cr, s)
		if err != nil {
			return nil, err
		}
		if line, ok := seen[u.Name]; ok {
			return nil, cr.Errorf(colParam, "%w: %s (first on line %d)", ErrDuplicate, u.Name, line)
		}
		seen[u.Name] = u.Line
		sp.Params = append(sp.Params, u)
	}
	if err := cr.Err(); err != nil {
		return nil, err
	}
	if len(sp.Params) == 0 {
		return nil, &InputError{File: name, Err: fmt.Errorf("%w: expected a row for each uncertain parameter", ErrEmpty)}
	}
	if err := sp.checkOrders(s); err != nil {
		return nil, err
	}
	if corr != nil {
		if err := sp.readCorr(corr, corrName); err != nil {
			return nil, err
		}
	}
	return sp, nil
}

// timingRow checks the row of a timing parameter (a lag, an outcome
// window, a maturity: a whole number of periods): Monte Carlo and Sobol
// do not draw one, as each value needs its own compile of the model, so
// its distribution must be fixed at a whole value, and its low and high,
// for one-way and two-way analysis, whole.
func timingRow(cr *csvio.Reader, p *scenario.Param, d Dist) error {
	if d.Kind() != Fixed {
		return cr.Errorf(colDist, "%w: %s is a whole number of periods, and Monte Carlo and Sobol do not draw it (each value compiles the model anew); give dist fixed with a whole value, and low and high for tornado and grid", ErrTimingDrawn, p.Name)
	}
	if v := d.Args()[0]; v != math.Trunc(v) {
		return cr.Errorf(colArg1, "%w: %s is a timing parameter: its value must be a whole number of periods, got %s", ErrRange, p.Name, num(v))
	}
	for _, col := range [2]int{colLow, colHigh} {
		if v, err := cr.Float(col); err == nil && cr.Field(col) != "" && v != math.Trunc(v) {
			return cr.Errorf(col, "%w: %s is a timing parameter: %s must be a whole number of periods, got %s", ErrRange, p.Name, specCols[col].Name, num(v))
		}
	}
	return nil
}

func readParam(cr *csvio.Reader, s *scenario.Scenario) (Uncertain, error) {
	name, err := cr.String(colParam, "a parameter name (sib params lists them)")
	if err != nil {
		return Uncertain{}, err
	}
	id, ok := s.Param(name)
	if !ok {
		return Uncertain{}, cr.Errorf(colParam, "%w %q%s (sib params lists them)", ErrUnknown, name, names.Hint(s.Suggest(name)))
	}
	p := s.At(id)
	kname, err := cr.String(colDist, "a distribution: "+kindList())
	if err != nil {
		return Uncertain{}, err
	}
	k, ok := ParseKind(kname)
	if !ok {
		return Uncertain{}, cr.Errorf(colDist, "%w %q: expected %s", ErrDist, kname, kindList())
	}
	names := k.Params()
	var args []float64
	for i := range 4 {
		col := colArg1 + i
		v := cr.Field(col)
		switch {
		case i >= len(names):
			if v != "" {
				return Uncertain{}, cr.Errorf(col, "%w: %s takes %s (%s): expected this to be empty", ErrArgs, k, plural(len(names), "argument"), strings.Join(names, ", "))
			}
			continue
		case v == "" && i < k.Required():
			return Uncertain{}, cr.Errorf(col, "%w: expected %s's %s", csvio.ErrEmpty, k, names[i])
		case v == "":
			// An optional argument left out: the ones after it must be too.
			for j := i + 1; j < len(names); j++ {
				if cr.Field(colArg1+j) != "" {
					return Uncertain{}, cr.Errorf(col, "%w: expected %s's %s, as %s is given", csvio.ErrEmpty, k, names[i], names[j])
				}
			}
		}
		if v == "" {
			break
		}
		x, err := cr.Float(col)
		if err != nil {
			return Uncertain{}, err
		}
		args = append(args, x)
	}
	d, err := NewDist(k, args...)
	if err != nil {
		var ae *dist.ArgError
		if errors.As(err, &ae) && ae.Index >= 0 && ae.Index < 4 {
			return Uncertain{}, cr.Wrap(colArg1+ae.Index, err)
		}
		return Uncertain{}, cr.Wrap(colDist, err)
	}
	if p.Int {
		if err := timingRow(cr, p, d); err != nil {
			return Uncertain{}, err
		}
	}
	u := Uncertain{Name: name, ID: id, Dist: d, Line: cr.Line()}
	// The distribution must keep the parameter in its allowed range: a
	// normal share, say, would draw shares below 0 and above 1.
	if lo, hi := d.Support(); lo < p.Min || hi > p.Max {
		return Uncertain{}, cr.Errorf(colDist, "%w: %s can give values in [%s, %s], but %s must lie in [%s, %s]; choose a distribution bounded within it (e.g. truncnormal, beta or pert)",
			ErrRange, d, num(lo), num(hi), name, num(p.Min), num(p.Max))
	}
	u.Low, u.High = d.Quantile(DefaultLowP), d.Quantile(DefaultHighP)
	for i, col := range [2]int{colLow, colHigh} {
		if cr.Field(col) == "" {
			continue
		}
		x, err := cr.Float(col)
		if err != nil {
			return Uncertain{}, err
		}
		if x < p.Min || x > p.Max {
			return Uncertain{}, cr.Errorf(col, "%w: %s must lie in [%s, %s], got %s", ErrRange, name, num(p.Min), num(p.Max), num(x))
		}
		if i == 0 {
			u.Low = x
		} else {
			u.High = x
		}
	}
	if !(u.Low <= u.High) {
		what := "%w: %s < %s"
		if cr.Field(colHigh) == "" {
			what = "%w: the default high, the 90th percentile %s, is below low %s: give high too"
		}
		return Uncertain{}, cr.Errorf(colHigh, what, ErrLowHigh, num(u.High), num(u.Low))
	}
	if k == Fixed && cr.Field(colLow) == "" && cr.Field(colHigh) == "" {
		u.Low, u.High = p.Value, p.Value
	}
	return u, nil
}

// checkOrders checks that no draw and no one-way value can break a rule
// between parameters (tier thresholds increase; a cap is not below its
// floor), whatever the other parameters' values: each parameter's range
// is its distribution's support together with its low and high, or its
// scenario value when the spec leaves it out.
func (sp *Spec) checkOrders(s *scenario.Scenario) error {
	at := map[scenario.ParamID]int{}
	for i, u := range sp.Params {
		at[u.ID] = i
	}
	span := func(id scenario.ParamID) (lo, hi float64, line int) {
		i, ok := at[id]
		if !ok {
			v := s.At(id).Value
			return v, v, 0
		}
		u := &sp.Params[i]
		lo, hi = u.Dist.Support()
		return min(lo, u.Low), max(hi, u.High), u.Line
	}
	for _, o := range s.Orders() {
		_, aHi, la := span(o.Lo)
		bLo, _, lb := span(o.Hi)
		if la == 0 && lb == 0 || bLo > aHi || !o.Strict && bLo == aHi {
			continue
		}
		line := max(la, lb)
		return &InputError{File: sp.File, Line: line, Err: fmt.Errorf("%w: %s, but %s can reach %s while %s can fall to %s: narrow their distributions or their low and high",
			ErrOrder, o.Rule, s.At(o.Lo).Name, num(aHi), s.At(o.Hi).Name, num(bLo))}
	}
	return nil
}

func (sp *Spec) readCorr(r io.Reader, name string) error {
	cr, err := csvio.NewReader(r, name, corrCols)
	if err != nil {
		return err
	}
	at := map[string]int{}
	for i, u := range sp.Params {
		at[u.Name] = i
	}
	seen := map[[2]int]int{}
	for cr.Next() {
		var ab [2]int
		for k := range 2 {
			n, err := cr.String(k, "a parameter of the spec")
			if err != nil {
				return err
			}
			i, ok := at[n]
			if !ok {
				return cr.Errorf(k, "%w %q: correlations are between parameters of the spec (%s)", ErrUnknown, n, sp.File)
			}
			if !sp.Params[i].Varies() {
				return cr.Errorf(k, "%w: %s is fixed in the spec, so it cannot be correlated", ErrCorrelation, n)
			}
			ab[k] = i
		}
		if ab[0] == ab[1] {
			return cr.Errorf(1, "%w: a parameter's correlation with itself is 1", ErrCorrelation)
		}
		rho, err := cr.Float(2)
		if err != nil {
			return err
		}
		if !(rho >= -1 && rho <= 1) {
			return cr.Errorf(2, "%w: %s is outside [−1, 1]", ErrCorrelation, num(rho))
		}
		key := [2]int{min(ab[0], ab[1]), max(ab[0], ab[1])}
		if line, ok := seen[key]; ok {
			return cr.Errorf(0, "%w: %s and %s are given twice (first on line %d)", ErrCorrelation, sp.Params[key[0]].Name, sp.Params[key[1]].Name, line)
		}
		seen[key] = cr.Line()
		sp.Corr = append(sp.Corr, Correlation{A: ab[0], B: ab[1], Rho: rho, Line: cr.Line()})
	}
	if err := cr.Err(); err != nil {
		return err
	}
	_, err = newCopula(sp)
	return err
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func kindList() string {
	var b []string
	for k := Fixed; k <= Gamma; k++ {
		b = append(b, k.String())
	}
	return strings.Join(b, ", ")
}

// num formats a number for messages.
func num(x float64) string {
	switch {
	case math.IsInf(x, 1):
		return "∞"
	case math.IsInf(x, -1):
		return "−∞"
	}
	return fmt.Sprintf("%.6g", x)
}
