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
	"github.com/sib-engine/sib/outcomes"
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
	// PayersFile and PayerCapsFile are the co-payers of terms and the
	// caps per payer (optional).
	PayersFile    = "payers.csv"
	PayerCapsFile = "payer_caps.csv"
	// CouponsFile sets tranches' coupons by range of periods (optional).
	CouponsFile = "coupons.csv"
)

var files = []string{ScenarioFile, CohortsFile, MetricsFile, ServicesFile, AvoidedFile, PaymentsFile, TiersFile, DeliveryFile, FeesFile, CapitalFile, DiscountFile, PayersFile, PayerCapsFile, CouponsFile, CapGroupsFile, ActualsFile, ThresholdBandsFile, DesignFile, ConfidenceFile, ValuesFile, CommissionerCostsFile}

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
	// DiscountSchedule, when not "", names a published schedule of
	// discount rates (LookupSchedule) that replaces the folder's own:
	// its discount_rate, discount_schedule and discount.csv are not read.
	DiscountSchedule string
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
	{ConfidenceFile, false, gradeCols, (*loader).grades},
	{DiscountFile, false, discountCols, (*loader).discount},
	{CohortsFile, true, cohortCols, (*loader).cohorts},
	{MetricsFile, true, metricCols, (*loader).metrics},
	{DesignFile, false, designCols, (*loader).designFile},
	{ServicesFile, false, serviceCols, (*loader).services},
	{AvoidedFile, true, avoidCols, (*loader).avoided},
	{ValuesFile, false, valueCols, (*loader).values},
	{TiersFile, false, tierCols, (*loader).tiers},
	{CapGroupsFile, false, capGroupCols, (*loader).capGroups},
	{ThresholdBandsFile, false, bandCols, (*loader).thresholdBands},
	{PaymentsFile, true, paymentCols, (*loader).payments},
	{PayersFile, false, coPayerCols, (*loader).coPayers},
	{PayerCapsFile, false, payerCapCols, (*loader).payerCaps},
	{DeliveryFile, true, deliveryCols, (*loader).delivery},
	{CommissionerCostsFile, false, commissionerCols, (*loader).commissionerCosts},
	{FeesFile, false, feeCols, (*loader).fees},
	{CapitalFile, true, trancheCols, (*loader).capital},
	{CouponsFile, false, couponCols, (*loader).coupons},
	{ActualsFile, false, actualCols, (*loader).actuals},
}

// LoadWith is Load with options.
func LoadWith(dir string, opt LoadOptions) (*Scenario, error) {
	unknown := csvio.UnknownFiles(dir, files...)
	return load(&loader{s: &Scenario{}, dir: dir, limits: opt.Limits, discSchedule: opt.DiscountSchedule}, unknown)
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
		if n := e.Name(); !e.IsDir() && strings.EqualFold(path.Ext(n), ".csv") && !slices.Contains(files, n) && !csvio.LockFile(n) {
			unknown = append(unknown, n)
		}
	}
	return load(&loader{s: &Scenario{}, fsys: fsys, limits: opt.Limits, discSchedule: opt.DiscountSchedule}, unknown)
}

func load(l *loader, unknown []string) (*Scenario, error) {
	if len(unknown) > 0 {
		return nil, &InputError{File: l.path(unknown[0]), Err: fmt.Errorf("%w: not an input file of a scenario folder (%s); rename it%s, or move it out of the folder", ErrUnknown, strings.Join(files, ", "), csvio.RenameHint(unknown[0], files...))}
	}
	if l.discSchedule != "" {
		if _, err := LookupSchedule(l.discSchedule); err != nil {
			return nil, err
		}
	}
	for _, st := range steps {
		if l.discSchedule != "" && st.file == DiscountFile {
			continue // LoadOptions.DiscountSchedule replaces it
		}
		if err := l.readFile(st); err != nil {
			return nil, err
		}
	}
	if err := l.s.checkDiscount(); err != nil {
		return nil, &InputError{File: l.path(DiscountFile), Err: err}
	}
	if l.discSchedule != "" {
		l.s.Settings.DiscountSchedule = l.discSchedule
	}
	if err := l.s.finish(); err != nil {
		return nil, err
	}
	if err := l.s.addTiming(l.timingSource); err != nil {
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
	l.file, l.cols, l.lines = name, st.cols, nil
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
	limits csvio.Limits
	// discSchedule is LoadOptions.DiscountSchedule; scheduleAt, the cell of
	// the discount_schedule setting ("scenario.csv:8:2").
	discSchedule, scheduleAt string

	// The file being read: its name and columns, and the line of each
	// item it added (at).
	file  string
	cols  []csvio.Column
	lines []int

	pending []pendingParam // the current row's parameters (commit)
	// timingAt: a timing parameter's name → the cell it was read from.
	timingAt map[string]string

	costing *costing.Result
	effects map[[2]string]float64 // (metric, cohort) → effect from the outcomes folder, net of its adjustments
	// measured holds the outcomes folder's measured effects, before its
	// adjustments, and adjust its adjustments by metric.
	measured map[[2]string]float64
	adjust   map[string]outcomes.Adjustment
	// baselines: metric → its pooled baseline from the outcomes folder,
	// which a relative threshold takes when metrics.csv gives none.
	baselines map[string]float64
	// designs: metric → the evaluation design of its pooled effect in
	// the outcomes folder.
	designs map[string]Design
}

// A pendingParam is a parameter of the current row and its column.
type pendingParam struct {
	id  ParamID
	col int
}

// num reads column col as the parameter of field f and registers it;
// a blank cell gives the zero ParamID, or an error when required.
func (l *loader) num(cr *csvio.Reader, col int, f paramField, required bool) (ParamID, error) {
	if cr.Field(col) == "" {
		if required {
			return 0, cr.Wrap(col, missing(f.col, f.rule).err)
		}
		return 0, nil
	}
	v, err := cr.Float(col)
	if err != nil {
		return 0, err
	}
	if !f.rule.holds(v) {
		return 0, cr.Wrap(col, rangeError(cr.Field(col), f.rule.lo, f.rule.hi, f.rule.doc))
	}
	line, c := cr.Pos(col)
	return l.push(col, f.rule.param(f.name, v, fmt.Sprintf("%s:%d:%d", cr.Name(), line, c))), nil
}

// push adds a parameter read from column col of the current row. Param
// finds it once the row's check has passed (commit): a row given twice is
// the row's fault, reported by its check, not a parameter's.
func (l *loader) push(col int, p Param) ParamID {
	id := l.s.push(p)
	l.pending = append(l.pending, pendingParam{id, col})
	return id
}

// commit lets Param find the parameters the current row added.
func (l *loader) commit(cr *csvio.Reader) error {
	for _, p := range l.pending {
		if err := l.s.indexName(p.id); err != nil {
			return cr.Wrap(p.col, err)
		}
	}
	l.pending = l.pending[:0]
	return nil
}

// nums reads the parameters of fields, each from the column of the
// file that gives it.
func (l *loader) nums(cr *csvio.Reader, fields []paramField) error {
	for _, f := range fields {
		var err error
		if *f.id, err = l.num(cr, l.col(f.col), f, false); err != nil {
			return err
		}
	}
	return nil
}

// col returns the index of the named column of the file being read.
func (l *loader) col(name string) int {
	i := slices.IndexFunc(l.cols, func(c csvio.Column) bool { return c.Name == name })
	if i < 0 {
		panic("scenario: no column " + name)
	}
	return i
}

// fault positions an item's broken rule at its cell in the current row.
func (l *loader) fault(cr *csvio.Reader, f *fault) error { return cr.Wrap(l.col(f.col), f.err) }

// added records that the current row added an item, for at.
func (l *loader) added(cr *csvio.Reader) { l.lines = append(l.lines, cr.Line()) }

// at names the i-th item the file added, by its line.
func (l *loader) at(i int) string { return fmt.Sprintf("line %d", l.lines[i]) }

// value returns the value of a parameter read so far.
func (l *loader) value(id ParamID) float64 { return l.s.At(id).Value }

// required is the def of integer for a cell that must be given.
const required = math.MinInt

// integer reads column col as a whole number in the rule's range; def
// when blank.
func integer(cr *csvio.Reader, col int, r intRule, def int) (int, error) {
	s := cr.Field(col)
	if s == "" {
		if def == required {
			return 0, cr.Errorf(col, "%w: expected %s", csvio.ErrEmpty, r.what)
		}
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if errors.Is(err, strconv.ErrRange) {
		// Digits, too many for an int: out of range, not malformed.
		return 0, cr.Errorf(col, "%w: %s is outside [%d, %d] (%s)", ErrRange, s, r.lo, r.hi, r.what)
	}
	if err != nil {
		return 0, cr.Errorf(col, "%w %q: expected %s, a whole number", csvio.ErrNumber, s, r.what)
	}
	if f := r.check("", n); f != nil {
		return 0, cr.Wrap(col, f.err)
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
		return "", cr.Wrap(col, nameError(what, s))
	}
	return s, nil
}
