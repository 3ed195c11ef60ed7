package scenario

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sib-engine/sib/costing"
	"github.com/sib-engine/sib/internal/csvio"
)

// InputError is an input error with its position in a file.
type InputError = csvio.Error

// The files of a scenario folder. Scenario, cohorts, metrics, avoided,
// payments, delivery and capital are required; services.csv may be left
// out when the settings name a costing folder.
const (
	ScenarioFile = "scenario.csv"
	CohortsFile  = "cohorts.csv"
	MetricsFile  = "metrics.csv"
	ServicesFile = "services.csv"
	AvoidedFile  = "avoided.csv"
	PaymentsFile = "payments.csv"
	TiersFile    = "tiers.csv"
	DeliveryFile = "delivery.csv"
	FeesFile     = "fees.csv"
	CapitalFile  = "capital.csv"
	DiscountFile = "discount.csv"
)

var files = []string{ScenarioFile, CohortsFile, MetricsFile, ServicesFile, AvoidedFile, PaymentsFile, TiersFile, DeliveryFile, FeesFile, CapitalFile, DiscountFile}

// Load reads a scenario folder (see docs/scenario.md). Any .csv file that
// is not one of the scenario's files is an error, because it is usually a
// misspelt name whose data would silently be left out. The costing and
// outcomes folders named in scenario.csv are read too. Error messages name
// files by the path built from dir.
func Load(dir string) (*Scenario, error) { return LoadWith(dir, LoadOptions{}) }

// LoadOptions are the settings of LoadWith.
type LoadOptions struct {
	// Limits bound each input file, here and in the costing and outcomes
	// folders; zero fields take csvio's defaults.
	Limits csvio.Limits
}

// step is one file of the folder and its reader, in the order they are
// read: each may refer to what the ones before it defined.
type step struct {
	file     string
	required bool
	cols     []csvio.Column
	read     func(*loader, *csvio.Reader) error
}

var steps = []step{
	{ScenarioFile, true, settingCols, (*loader).settings},
	{DiscountFile, false, discountCols, (*loader).discount},
	{CohortsFile, true, cohortCols, (*loader).cohorts},
	{MetricsFile, true, metricCols, (*loader).metrics},
	{ServicesFile, false, serviceCols, (*loader).services},
	{AvoidedFile, true, avoidCols, (*loader).avoided},
	{TiersFile, false, tierCols, (*loader).tiers},
	{PaymentsFile, true, paymentCols, (*loader).payments},
	{DeliveryFile, true, deliveryCols, (*loader).delivery},
	{FeesFile, false, feeCols, (*loader).fees},
	{CapitalFile, true, trancheCols, (*loader).capital},
}

// LoadWith is Load with options.
func LoadWith(dir string, opt LoadOptions) (*Scenario, error) {
	unknown := csvio.UnknownFiles(dir, files...)
	return load(&loader{s: &Scenario{}, dir: dir, limits: opt.Limits}, unknown)
}

// LoadFS reads a scenario folder that is the root of fsys, as LoadWith
// does, naming files in messages by their paths in fsys. It reads no
// costing or outcomes folder: the costing and outcomes packages read
// folders of the operating system's, by path. A scenario.csv that names
// one is refused at the setting; give unit costs in services.csv and
// effects in metrics.csv (or take them with CostingService and
// StudyEffects into a Builder), or use Load.
func LoadFS(fsys fs.FS, opt LoadOptions) (*Scenario, error) {
	entries, _ := fs.ReadDir(fsys, ".")
	var unknown []string
	for _, e := range entries {
		if n := e.Name(); !e.IsDir() && strings.EqualFold(path.Ext(n), ".csv") && !slices.Contains(files, n) {
			unknown = append(unknown, n)
		}
	}
	return load(&loader{s: &Scenario{}, fsys: fsys, limits: opt.Limits}, unknown)
}

func load(l *loader, unknown []string) (*Scenario, error) {
	if len(unknown) > 0 {
		return nil, &InputError{File: l.path(unknown[0]), Err: fmt.Errorf("%w: not an input file of a scenario folder (%s); rename it, or move it out of the folder", ErrUnknown, strings.Join(files, ", "))}
	}
	for _, st := range steps {
		if err := l.readFile(st); err != nil {
			return nil, err
		}
	}
	if err := l.s.finish(l.path(DiscountFile)); err != nil {
		return nil, err
	}
	return l.s, nil
}

// path returns the name of a file of the folder, as messages give it.
func (l *loader) path(file string) string {
	if l.fsys != nil {
		return file
	}
	return filepath.Join(l.dir, file)
}

// open opens a file of the folder under the limits.
func (l *loader) open(name string) (*csvio.File, error) {
	if l.fsys != nil {
		return csvio.OpenFS(l.fsys, name, l.limits)
	}
	return csvio.Open(name, l.limits)
}

// readFile reads one file of the folder with its reader.
func (l *loader) readFile(st step) error {
	name := l.path(st.file)
	f, err := l.open(name)
	if errors.Is(err, fs.ErrNotExist) && !st.required {
		// A missing services.csv without a costing folder: avoided.csv
		// will say which service it cannot find.
		return nil
	}
	if errors.Is(err, fs.ErrNotExist) {
		return &InputError{File: name, Err: fmt.Errorf("%w: a scenario folder needs it (see docs/scenario.md)", fs.ErrNotExist)}
	}
	if err != nil {
		return err
	}
	defer f.Close()
	cr, err := csvio.NewReader(f, name, st.cols)
	if err != nil {
		return err
	}
	l.file = name
	if err := st.read(l, cr); err != nil {
		return err
	}
	return cr.Err()
}

// loader is the state of one Load: the scenario so far, and what the
// costing and outcomes folders gave.
type loader struct {
	s      *Scenario
	dir    string
	fsys   fs.FS // LoadFS's; nil for a folder of the operating system's
	file   string
	limits csvio.Limits

	costing *costing.Result
	effects map[[2]string]float64 // (metric, cohort) → effect from the outcomes folder
}

// num reads column col as parameter name. A blank optional cell gives
// the zero ParamID.
func (l *loader) num(cr *csvio.Reader, col int, name string, r paramRule, required bool) (ParamID, error) {
	if cr.Field(col) == "" {
		if required {
			return 0, cr.Errorf(col, "%w: expected %s", csvio.ErrEmpty, r.doc)
		}
		return 0, nil
	}
	v, err := cr.Float(col)
	if err != nil {
		return 0, err
	}
	p := r.param(name, v)
	if err := p.check(v); err != nil {
		return 0, cr.Wrap(col, rangeError(cr.Field(col), r.lo, r.hi, r.doc))
	}
	line, c := cr.Pos(col)
	p.Source = fmt.Sprintf("%s:%d:%d", cr.Name(), line, c)
	id, err := l.s.addParam(p)
	if err != nil {
		return 0, cr.Wrap(col, err)
	}
	return id, nil
}

// value returns the value of a parameter read so far.
func (l *loader) value(id ParamID) float64 { return l.s.At(id).Value }

// required is the def of integer for a cell that must be given.
const required = math.MinInt

// integer reads column col as a whole number in [lo, hi]; def when blank.
func integer(cr *csvio.Reader, col int, what string, lo, hi, def int) (int, error) {
	s := cr.Field(col)
	if s == "" {
		if def == required {
			return 0, cr.Errorf(col, "%w: expected %s", csvio.ErrEmpty, what)
		}
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if errors.Is(err, strconv.ErrRange) {
		// Digits, too many for an int: out of range, not malformed.
		return 0, cr.Errorf(col, "%w: %s is outside [%d, %d] (%s)", ErrRange, s, lo, hi, what)
	}
	if err != nil {
		return 0, cr.Errorf(col, "%w %q: expected %s, a whole number", csvio.ErrNumber, s, what)
	}
	if n < lo || n > hi {
		return 0, cr.Errorf(col, "%w: %d is outside [%d, %d] (%s)", ErrRange, n, lo, hi, what)
	}
	return n, nil
}

func parseDate(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, fmt.Errorf("%w %q: expected a date as YYYY-MM-DD", ErrInput, s)
	}
	return t, nil
}

func yesNo(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "yes", "true", "1", "y":
		return true, nil
	case "no", "false", "0", "n", "":
		return false, nil
	}
	return false, fmt.Errorf("%w %q: expected yes or no", ErrInput, s)
}

// name reads column col as a name that becomes part of parameter names.
func (l *loader) name(cr *csvio.Reader, col int, what string) (string, error) {
	s, err := cr.String(col, what)
	if err != nil {
		return "", err
	}
	if !validName(s) {
		return "", cr.Errorf(col, "%w %q: expected %s of letters, digits, '_' or '-' (it becomes part of parameter names)", ErrInput, s, what)
	}
	return s, nil
}
