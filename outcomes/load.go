package outcomes

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sib-engine/sib/internal/csvio"
)

// InputError is an input error with its position in a file.
type InputError = csvio.Error

// The files of an outcomes folder.
const (
	MetricsFile      = "metrics.csv"
	ParticipantsFile = "participants.csv"
	AggregatesFile   = "aggregates.csv"
	CohortsFile      = "cohorts.csv"
	AdjustmentsFile  = "adjustments.csv"
	DecayFile        = "decay.csv"
)

var (
	metricCols = []csvio.Column{
		{Name: "metric", Required: true}, {Name: "kind", Required: true}, {Name: "direction", Required: true},
		{Name: "method", Required: true}, {Name: "treatment"}, {Name: "comparison"}, {Name: "baseline"},
		{Name: "pre"}, {Name: "post"}, {Name: "unit"},
	}
	aggregateCols = []csvio.Column{
		{Name: "metric", Required: true}, {Name: "group", Required: true}, {Name: "cohort", Required: true},
		{Name: "period", Required: true}, {Name: "n", Required: true}, {Name: "events"}, {Name: "exposure"},
		{Name: "sum"}, {Name: "sum_sq"}, {Name: "sd"},
	}
	cohortCols     = []csvio.Column{{Name: "cohort", Required: true}}
	adjustmentCols = []csvio.Column{
		{Name: "metric", Required: true}, {Name: "deadweight"}, {Name: "displacement"}, {Name: "attribution"},
		{Name: "drop_off"}, {Name: "years"},
	}
	decayCols = []csvio.Column{{Name: "metric", Required: true}, {Name: "year", Required: true}, {Name: "factor", Required: true}}
)

// LoadOptions are the settings of Load.
type LoadOptions struct {
	// KeepValues keeps the participants' values for the bootstrap (8 bytes
	// a value); without it participants.csv is reduced to cell summaries.
	KeepValues bool
	// Workers bounds the goroutines parsing participants.csv; 0 means one
	// per CPU. The result does not depend on it.
	Workers int
	// Limits bound each input file; zero fields take csvio's defaults.
	Limits csvio.Limits
	// Unmatched ignores the folder's matched comparison (weights.csv, or
	// matching.csv and covariates.csv): the plain comparison, to set the
	// matched one against.
	Unmatched bool

	chunkSize int // bytes per chunk of participants.csv; tests set it small
}

// Load reads an outcomes folder: metrics.csv, then cohorts.csv if present,
// then the matched comparison if present (weights.csv, or matching.csv and
// covariates.csv, matched here), then participants.csv or aggregates.csv
// (exactly one), then adjustments.csv and decay.csv if present. Any other .csv file is an
// error. Error messages name files by the path built from dir.
func Load(dir string, opt LoadOptions) (*Study, error) {
	if unknown := UnknownFiles(dir); len(unknown) > 0 {
		return nil, &InputError{File: filepath.Join(dir, unknown[0]), Err: fmt.Errorf("%w: not an input file of an outcomes folder (%s; %s or %s; optionally %s, %s and %s); rename it%s, or move it out of the folder",
			ErrUnknown, MetricsFile, ParticipantsFile, AggregatesFile, CohortsFile, AdjustmentsFile, DecayFile,
			csvio.RenameHint(unknown[0], inputFiles...))}
	}
	s := &Study{}
	path := func(n string) string { return filepath.Join(dir, n) }
	exists := func(n string) bool { _, err := os.Stat(path(n)); return err == nil }
	read := func(name string, required bool, f func(io.Reader, string) error) error {
		fh, err := csvio.Open(path(name), opt.Limits)
		if errors.Is(err, fs.ErrNotExist) && !required {
			return nil
		}
		if err != nil {
			return err
		}
		defer fh.Close()
		return f(fh, path(name))
	}
	if err := read(MetricsFile, true, s.ReadMetrics); err != nil {
		return nil, err
	}
	if err := read(CohortsFile, false, s.ReadCohorts); err != nil {
		return nil, err
	}
	if err := s.loadMatching(dir, opt, exists(AggregatesFile)); err != nil {
		return nil, err
	}
	switch p, a := exists(ParticipantsFile), exists(AggregatesFile); {
	case p && a:
		return nil, &InputError{File: path(AggregatesFile), Err: fmt.Errorf("%w: give %s or %s, not both (the same people would be counted twice)", ErrInput, ParticipantsFile, AggregatesFile)}
	case !p && !a:
		return nil, &InputError{File: dir, Err: fmt.Errorf("%w: the folder needs %s (one row per participant) or %s (group totals)", ErrInput, ParticipantsFile, AggregatesFile)}
	case p:
		err := read(ParticipantsFile, true, func(r io.Reader, name string) error {
			return s.ReadParticipants(r, name, opt)
		})
		if err != nil {
			return nil, err
		}
	default:
		if err := read(AggregatesFile, true, s.ReadAggregates); err != nil {
			return nil, err
		}
	}
	if err := read(AdjustmentsFile, false, s.ReadAdjustments); err != nil {
		return nil, err
	}
	if err := read(DecayFile, false, s.ReadDecay); err != nil {
		return nil, err
	}
	return s, nil
}

// inputFiles are the files an outcomes folder may hold.
var inputFiles = []string{MetricsFile, ParticipantsFile, AggregatesFile, CohortsFile, AdjustmentsFile, DecayFile,
	WeightsFile, MatchingFile, CovariatesFile}

// UnknownFiles lists the .csv files in dir that Load does not read.
func UnknownFiles(dir string) []string {
	return csvio.UnknownFiles(dir, inputFiles...)
}

// ReadMetrics reads metric definitions (metrics.csv).
func (s *Study) ReadMetrics(r io.Reader, name string) error {
	const (
		cMetric = iota
		cKind
		cDirection
		cMethod
		cTreatment
		cComparison
		cBaseline
		cPre
		cPost
		cUnit
	)
	cr, err := csvio.NewReader(r, name, metricCols)
	if err != nil {
		return err
	}
	s.files.metrics = name
	if s.lines == nil {
		s.lines = make(map[string]int)
	}
	for cr.Next() {
		var m Metric
		if m.Name, err = cr.String(cMetric, "a metric name"); err != nil {
			return err
		}
		if !validName(m.Name) {
			return cr.Errorf(cMetric, "%w %q: expected letters, digits, '_', '-' or '.' (it is also a column name in %s)", ErrInput, m.Name, ParticipantsFile)
		}
		if err := reservedName(m.Name); err != nil {
			return cr.Wrap(cMetric, err)
		}
		// Header names are matched whatever their case, so names that
		// differ only in case would be one column of participants.csv.
		if line := s.lines[strings.ToLower(m.Name)]; line > 0 {
			return cr.Errorf(cMetric, "%w: metric %s is defined twice (also line %d; names are compared whatever their case)", ErrInput, m.Name, line)
		}
		if m.Kind, err = ParseKind(cr.Field(cKind)); err != nil {
			return cr.Wrap(cKind, err)
		}
		if m.Direction, err = ParseDirection(cr.Field(cDirection)); err != nil {
			return cr.Wrap(cDirection, err)
		}
		if m.Method, err = ParseMethod(cr.Field(cMethod)); err != nil {
			return cr.Wrap(cMethod, err)
		}
		m.Treatment = cr.Field(cTreatment)
		if m.Treatment == "" {
			m.Treatment = "treatment"
		}
		m.Comparison = cr.Field(cComparison)
		m.Unit = cr.Field(cUnit)
		if m.Pre, err = ParsePeriods(cr.Field(cPre)); err != nil {
			return cr.Wrap(cPre, err)
		}
		if m.Post, err = ParsePeriods(cr.Field(cPost)); err != nil {
			return cr.Wrap(cPost, err)
		}
		if b := cr.Field(cBaseline); b != "" {
			if m.Baseline, err = cr.Float(cBaseline); err != nil {
				return err
			}
			if m.Method != Fixed {
				return cr.Errorf(cBaseline, "%w: a baseline level is for method fixed only (method is %s)", ErrInput, m.Method)
			}
			if err := m.checkBaseline(); err != nil {
				return cr.Wrap(cBaseline, err)
			}
		} else if m.Method == Fixed {
			return cr.Errorf(cBaseline, "%w: method fixed needs the contractual baseline level", ErrInput)
		}
		if err := m.check(); err != nil {
			// Point at the column the message is about.
			col := cMethod
			switch msg := err.Error(); {
			case strings.Contains(msg, "comparison group"):
				col = cComparison
			case strings.Contains(msg, "pre-period"):
				col = cPre
			case strings.Contains(msg, "post-period"):
				col = cPost
			}
			return cr.Wrap(col, err)
		}
		s.Metrics = append(s.Metrics, m)
		s.lines[strings.ToLower(m.Name)] = cr.Line()
	}
	if err := cr.Err(); err != nil {
		return err
	}
	if len(s.Metrics) == 0 {
		return &InputError{File: name, Line: 2, Err: fmt.Errorf("%w: no metrics: expected one row per outcome metric", ErrInput)}
	}
	return nil
}

// ReadCohorts reads the list of cohorts that exist (cohorts.csv).
func (s *Study) ReadCohorts(r io.Reader, name string) error {
	cr, err := csvio.NewReader(r, name, cohortCols)
	if err != nil {
		return err
	}
	s.files.cohorts = name
	s.Cohorts = []string{}
	for cr.Next() {
		c, err := cr.String(0, "a cohort label")
		if err != nil {
			return err
		}
		if c == PooledCohort {
			return cr.Errorf(0, "%w: %q is reserved for the effect over all cohorts", ErrInput, c)
		}
		if slices.Contains(s.Cohorts, c) {
			return cr.Errorf(0, "%w: cohort %q is listed twice", ErrInput, c)
		}
		s.Cohorts = append(s.Cohorts, c)
		if s.cohortAt == nil {
			s.cohortAt = make(map[string]int)
		}
		s.cohortAt[c] = cr.Line()
	}
	return cr.Err()
}

// groups returns the group labels the metrics name, and the treatment
// labels among them.
func (s *Study) groups() (all, treated []string) {
	for _, m := range s.Metrics {
		for _, g := range []string{m.Treatment, m.Comparison} {
			if g != "" && !slices.Contains(all, g) {
				all = append(all, g)
			}
		}
		if !slices.Contains(treated, m.Treatment) {
			treated = append(treated, m.Treatment)
		}
	}
	return all, treated
}

// checkGroupCohort checks a record's group and cohort labels.
func (s *Study) checkGroupCohort(group, cohort string, groups, treated []string) (col int, err error) {
	switch {
	case !slices.Contains(groups, group):
		return 0, fmt.Errorf("%w: group %q is not named in %s: expected %s", ErrUnknown, group, orName(s.files.metrics, "the metrics"), strings.Join(groups, " or "))
	case cohort == "" && slices.Contains(treated, group):
		return 1, fmt.Errorf("%w: expected the cohort of this treatment-group record (only comparison records may leave it empty, to serve every cohort)", csvio.ErrEmpty)
	case cohort == PooledCohort:
		return 1, fmt.Errorf("%w: cohort %q is reserved for the effect over all cohorts", ErrInput, cohort)
	case s.Cohorts != nil && cohort != "" && !slices.Contains(s.Cohorts, cohort):
		return 1, fmt.Errorf("%w: cohort %q is not in %s", ErrUnknown, cohort, orName(s.files.cohorts, "the list of cohorts"))
	}
	return 0, nil
}

// ReadAggregates reads group totals (aggregates.csv).
func (s *Study) ReadAggregates(r io.Reader, name string) error {
	const (
		cMetric = iota
		cGroup
		cCohort
		cPeriod
		cN
		cEvents
		cExposure
		cSum
		cSumSq
		cSD
	)
	cr, err := csvio.NewReader(r, name, aggregateCols)
	if err != nil {
		return err
	}
	groups, treated := s.groups()
	s.files.data = name
	seen := map[Cell]int{}
	for cr.Next() {
		m, err := s.metricField(cr, cMetric)
		if err != nil {
			return err
		}
		mname := m.Name
		group, err := cr.String(cGroup, "a group label")
		if err != nil {
			return err
		}
		cohort := cr.Field(cCohort)
		if col, err := s.checkGroupCohort(group, cohort, groups, treated); err != nil {
			return cr.Wrap(cGroup+col, err)
		}
		period, err := parsePeriod(cr.Field(cPeriod))
		if err != nil {
			return cr.Wrap(cPeriod, err)
		}
		c := Cell{Metric: mname, Group: group, Cohort: cohort, Period: period}
		if line := seen[c]; line > 0 {
			return cr.Errorf(cMetric, "%w: metric %s, group %s, cohort %q, period %d is given twice (also line %d)", ErrInput, mname, group, cohort, period, line)
		}
		seen[c] = cr.Line()
		n, err := wholeField(cr, cN, "the number of participants")
		if err != nil {
			return err
		}
		if n == 0 {
			return cr.Errorf(cN, "%w: n is 0: a group with no members cannot be measured; leave the row out", ErrNoMembers)
		}
		sum, err := s.aggregateSummary(cr, m, n, [...]int{cEvents, cExposure, cSum, cSumSq, cSD})
		if err != nil {
			return err
		}
		s.Add(c, sum)
		s.noteOrigin(c, cr.Line(), cr.Col(cCohort))
	}
	return cr.Err()
}

// aggregateSummary reads the statistics of one aggregates row; cols are
// the events, exposure, sum, sum_sq and sd columns.
func (s *Study) aggregateSummary(cr *csvio.Reader, m *Metric, n int64, cols [5]int) (Summary, error) {
	cEvents, cExposure, cSum, cSumSq, cSD := cols[0], cols[1], cols[2], cols[3], cols[4]
	notFor := func(c int, what string) error {
		if cr.Field(c) != "" {
			return cr.Errorf(c, "%w: not used for a %s metric (%s); leave it empty", ErrInput, m.Kind, what)
		}
		return nil
	}
	switch m.Kind {
	case Binary, Count:
		forbid := []int{cSum}
		if m.Kind == Binary {
			forbid = append(forbid, cSumSq, cSD, cExposure)
		}
		for _, c := range forbid {
			if err := notFor(c, "give n and events"); err != nil {
				return Summary{}, err
			}
		}
		events, err := wholeField(cr, cEvents, "the number of events")
		if err != nil {
			return Summary{}, err
		}
		if m.Kind == Binary {
			if events > n {
				return Summary{}, cr.Errorf(cEvents, "%w: %d events among %d participants: a binary metric's rate must be in [0,1]", ErrRange, events, n)
			}
			return countSummary(n, events, float64(events), float64(n)), nil
		}
		exposure := float64(n)
		if cr.Field(cExposure) != "" && (m.Method == Trend || m.Method == DiD) {
			return Summary{}, cr.Errorf(cExposure, "%w: method %s models a count per participant, not per unit of exposure; leave exposure empty", ErrInput, m.Method)
		}
		if cr.Field(cExposure) != "" {
			if exposure, err = cr.Float(cExposure); err != nil {
				return Summary{}, err
			}
			if !(exposure > 0) || math.IsInf(exposure, 0) {
				return Summary{}, cr.Errorf(cExposure, "%w: exposure %s: expected a positive person-time", ErrRange, cr.Field(cExposure))
			}
		}
		// The Poisson methods need only the totals, and the variance for
		// the dispersion; trend and did use the variance. Without sd or
		// sum_sq it is the Poisson one (= mean), marked as assumed: such a
		// cell has no dispersion.
		mean := float64(events) / float64(n)
		m2, assumed := mean*float64(n-1), true
		if cr.Field(cSumSq) != "" || cr.Field(cSD) != "" {
			if m2, err = spread(cr, float64(events), n, cSumSq, cSD); err != nil {
				return Summary{}, err
			}
			assumed = false
		}
		return Summary{N: n, Mean: mean, M2: m2, Events: events, Exposure: exposure, VarAssumed: assumed}, nil
	}
	for _, c := range []int{cEvents, cExposure} {
		if err := notFor(c, "give sum and sd or sum_sq"); err != nil {
			return Summary{}, err
		}
	}
	if cr.Field(cSum) == "" {
		return Summary{}, cr.Errorf(cSum, "%w: expected the sum of the values", csvio.ErrEmpty)
	}
	sum, err := cr.Float(cSum)
	if err != nil {
		return Summary{}, err
	}
	if m.Kind == Duration && sum < 0 {
		return Summary{}, cr.Errorf(cSum, "%w %s: durations are zero or more", csvio.ErrNegative, cr.Field(cSum))
	}
	mean := sum / float64(n)
	m2, err := spread(cr, sum, n, cSumSq, cSD)
	if err != nil {
		return Summary{}, err
	}
	if math.IsInf(m2, 0) || math.IsInf(mean, 0) {
		return Summary{}, cr.Errorf(cSum, "%w: values too large", ErrRange)
	}
	return Summary{N: n, Mean: mean, M2: m2, Exposure: float64(n)}, nil
}

// spread reads the sum of squares or the standard deviation of a row
// whose values sum to sum, and returns the sum of squared deviations.
func spread(cr *csvio.Reader, sum float64, n int64, cSumSq, cSD int) (float64, error) {
	mean := sum / float64(n)
	switch sq, sd := cr.Field(cSumSq), cr.Field(cSD); {
	case sq != "" && sd != "":
		return 0, cr.Errorf(cSD, "%w: give sum_sq or sd, not both", ErrInput)
	case sq != "":
		v, err := cr.Float(cSumSq)
		if err != nil {
			return 0, err
		}
		m2 := v - sum*mean
		// Rounding in the file may leave a tiny negative; more is an error.
		if m2 < -1e-9*math.Max(1, v) {
			return 0, cr.Errorf(cSumSq, "%w: sum_sq %s is less than sum²/n = %g: not the sum of squares of these values", ErrRange, sq, sum*mean)
		}
		return math.Max(m2, 0), nil
	case sd != "":
		v, err := cr.Float(cSD)
		if err != nil {
			return 0, err
		}
		if v < 0 {
			return 0, cr.Errorf(cSD, "%w %s: a standard deviation is zero or more", csvio.ErrNegative, sd)
		}
		return v * v * float64(n-1), nil
	}
	return 0, cr.Errorf(cSD, "%w: expected sd or sum_sq", csvio.ErrEmpty)
}

// metricField reads column c as the name of a metric of the study.
func (s *Study) metricField(cr *csvio.Reader, c int) (*Metric, error) {
	name, err := cr.String(c, "a metric name")
	if err != nil {
		return nil, err
	}
	m := s.metric(name)
	if m == nil {
		return nil, cr.Errorf(c, "%w: metric %q is not in %s", ErrUnknown, name, orName(s.files.metrics, MetricsFile))
	}
	return m, nil
}

// maxWhole bounds counts so that sums stay exact in a float64.
const maxWhole = 1 << 50

// wholeField reads a whole number ≥ 0.
func wholeField(cr *csvio.Reader, c int, what string) (int64, error) {
	s := cr.Field(c)
	if s == "" {
		return 0, cr.Errorf(c, "%w: expected %s", csvio.ErrEmpty, what)
	}
	f, err := cr.Float(c)
	if err != nil {
		return 0, err
	}
	if f < 0 {
		return 0, cr.Errorf(c, "%w %s: expected %s, zero or more", csvio.ErrNegative, s, what)
	}
	if f != math.Trunc(f) || f > maxWhole {
		return 0, cr.Errorf(c, "%w %q: expected %s, a whole number", csvio.ErrNumber, s, what)
	}
	return int64(f), nil
}

// ReadAdjustments reads adjustments.csv.
func (s *Study) ReadAdjustments(r io.Reader, name string) error {
	cr, err := csvio.NewReader(r, name, adjustmentCols)
	if err != nil {
		return err
	}
	if s.Adjustments == nil {
		s.Adjustments = make(map[string]Adjustment)
	}
	lines := map[string]int{}
	for cr.Next() {
		m, err := s.metricField(cr, 0)
		if err != nil {
			return err
		}
		mname := m.Name
		if l := lines[mname]; l > 0 {
			return cr.Errorf(0, "%w: metric %s has two rows (also line %d)", ErrInput, mname, l)
		}
		lines[mname] = cr.Line()
		a := NoAdjustment()
		for i, dst := range []*float64{&a.Deadweight, &a.Displacement, &a.Attribution, &a.DropOff} {
			c := i + 1
			if cr.Field(c) == "" {
				continue
			}
			if *dst, err = cr.Float(c); err != nil {
				return err
			}
			if !(*dst >= 0 && *dst <= 1) {
				return cr.Errorf(c, "%w: %s is outside [0,1]: expected a share such as 0.25", ErrRange, cr.Field(c))
			}
		}
		if cr.Field(5) != "" {
			y, err := wholeField(cr, 5, "the number of years")
			if err != nil {
				return err
			}
			if y < 1 || y > 100 {
				return cr.Errorf(5, "%w: %d years: expected 1 to 100", ErrRange, y)
			}
			a.Years = int(y)
		}
		s.Adjustments[mname] = a
	}
	return cr.Err()
}

// ReadDecay reads explicit decay profiles (decay.csv). It must come after
// ReadAdjustments, whose drop-off a profile may not contradict.
func (s *Study) ReadDecay(r io.Reader, name string) error {
	cr, err := csvio.NewReader(r, name, decayCols)
	if err != nil {
		return err
	}
	if s.Adjustments == nil {
		s.Adjustments = make(map[string]Adjustment)
	}
	profiles := map[string][]float64{}
	var order []string
	for cr.Next() {
		m, err := s.metricField(cr, 0)
		if err != nil {
			return err
		}
		mname := m.Name
		y, err := wholeField(cr, 1, "a year of the effect (1, 2, ...)")
		if err != nil {
			return err
		}
		p := profiles[mname]
		if y != int64(len(p))+1 {
			return cr.Errorf(1, "%w: year %d of metric %s: expected year %d (years run 1, 2, ... without gaps, in order)", ErrInput, y, mname, len(p)+1)
		}
		if len(p) == 100 {
			return cr.Errorf(1, "%w: more than 100 years", ErrRange)
		}
		f, err := cr.Float(2)
		if err != nil {
			return err
		}
		if !(f >= 0 && f <= 1) {
			return cr.Errorf(2, "%w: factor %s is outside [0,1]: expected the share of the effect present in that year", ErrRange, cr.Field(2))
		}
		if p == nil {
			order = append(order, mname)
			a, ok := s.Adjustments[mname]
			if !ok {
				a = NoAdjustment()
			}
			if a.DropOff != 0 {
				return cr.Errorf(0, "%w: metric %s has a drop_off in %s and a decay profile here: give one", ErrInput, mname, AdjustmentsFile)
			}
		}
		profiles[mname] = append(p, f)
	}
	if err := cr.Err(); err != nil {
		return err
	}
	for _, mname := range order {
		a, ok := s.Adjustments[mname]
		if !ok {
			a = NoAdjustment()
		}
		a.Decay = profiles[mname]
		a.Years = len(a.Decay)
		s.Adjustments[mname] = a
	}
	return nil
}
