package outcomes

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Errors. Input errors read from files are *InputError values wrapping one
// of these.
var (
	ErrInput     = errors.New("outcomes: invalid input")
	ErrRange     = errors.New("outcomes: value out of range")
	ErrNoMembers = errors.New("outcomes: group with no members")
	ErrUnknown   = errors.New("outcomes: unknown name")
	ErrEstimate  = errors.New("outcomes: effect cannot be estimated")
)

// Cell identifies the values of one metric for one group and cohort in one
// period.
type Cell struct {
	Metric string
	Group  string
	// Cohort is the participants' cohort; a comparison-group cell with an
	// empty cohort serves every cohort.
	Cohort string
	Period int
}

// Study is what an evaluation measured: the metrics with their methods,
// the data as cell summaries, and the adjustments. Build one with Load or
// in code with AddMetric and Add.
type Study struct {
	Metrics []Metric
	// Cohorts, when not nil, lists the cohorts that exist: any other
	// cohort in the data is an error.
	Cohorts []string
	// Adjustments by metric name; a metric without one is not adjusted.
	Adjustments map[string]Adjustment

	cells  map[Cell]Summary
	values map[Cell][]float64 // the values, kept for the bootstrap
	// exposure marks cells whose count exposure is not one per value, so
	// their values cannot be resampled.
	exposure map[Cell]bool
	lines    map[string]int // metric → line in metrics.csv, for messages
	cohortAt map[string]int // cohort → line in cohorts.csv
	origin   map[Cell]position
	files    studyFiles
	match    *matchedData // the matched comparison (matched.go), or nil
}

// studyFiles names the files a study was read from, for messages.
type studyFiles struct{ metrics, cohorts, data string }

// position is where a cell's first record was read, for messages.
type position struct{ line, col int }

// noteOrigin records where a cell was first seen.
func (s *Study) noteOrigin(c Cell, line, col int) {
	if s.origin == nil {
		s.origin = make(map[Cell]position)
	}
	if _, ok := s.origin[c]; !ok {
		s.origin[c] = position{line, col}
	}
}

// AddMetric adds a metric after checking its definition.
func (s *Study) AddMetric(m Metric) error {
	if err := m.check(); err != nil {
		return err
	}
	if slices.ContainsFunc(s.Metrics, func(o Metric) bool { return strings.EqualFold(o.Name, m.Name) }) {
		return fmt.Errorf("%w: metric %s is defined twice", ErrInput, m.Name)
	}
	s.Metrics = append(s.Metrics, m)
	return nil
}

func (s *Study) metric(name string) *Metric {
	for i := range s.Metrics {
		if s.Metrics[i].Name == name {
			return &s.Metrics[i]
		}
	}
	return nil
}

// Add merges a summary into a cell.
func (s *Study) Add(c Cell, sum Summary) {
	if s.cells == nil {
		s.cells = make(map[Cell]Summary)
	}
	s.cells[c] = s.cells[c].Merge(sum)
	if sum.N > 0 && sum.Exposure != float64(sum.N) {
		if s.exposure == nil {
			s.exposure = make(map[Cell]bool)
		}
		s.exposure[c] = true
	}
}

// AddValues adds individual values to a cell: their summary, and the
// values themselves for the bootstrap.
func (s *Study) AddValues(c Cell, values ...float64) {
	s.Add(c, SummaryOf(values...))
	if s.values == nil {
		s.values = make(map[Cell][]float64)
	}
	s.values[c] = append(s.values[c], values...)
}

// Summary returns the summary of a cell.
func (s *Study) Summary(c Cell) Summary { return s.cells[c] }

// Cells returns the cells with data, in a fixed order.
func (s *Study) Cells() []Cell {
	cs := make([]Cell, 0, len(s.cells))
	for c := range s.cells {
		cs = append(cs, c)
	}
	slices.SortFunc(cs, compareCells)
	return cs
}

func compareCells(a, b Cell) int {
	if a.Metric != b.Metric {
		return cmpString(a.Metric, b.Metric)
	}
	if a.Group != b.Group {
		return cmpString(a.Group, b.Group)
	}
	if a.Cohort != b.Cohort {
		return cmpString(a.Cohort, b.Cohort)
	}
	return a.Period - b.Period
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// where returns the position of a metric's definition for messages.
func (s *Study) where(m *Metric) string {
	if line := s.lines[strings.ToLower(m.Name)]; line > 0 && s.files.metrics != "" {
		return fmt.Sprintf("%s:%d: metric %s", s.files.metrics, line, m.Name)
	}
	return "metric " + m.Name
}

// treatmentCohorts returns the cohorts of a metric's treatment group with
// values in periods ps, in order.
func (s *Study) treatmentCohorts(m *Metric, ps Periods) []string {
	var cs []string
	for c, sum := range s.cells {
		if c.Metric == m.Name && c.Group == m.Treatment && ps.Contains(c.Period) && sum.N > 0 && !slices.Contains(cs, c.Cohort) {
			cs = append(cs, c.Cohort)
		}
	}
	slices.Sort(cs)
	return cs
}
