package scenario

import (
	"bytes"
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"github.com/sib-engine/sib/internal/csvio"
)

// The appraisal's optional files: values beyond the state's budgets, the
// commissioner's own costs, and the table of confidence grades.
const (
	ValuesFile            = "values.csv"
	CommissionerCostsFile = "commissioner_costs.csv"
	ConfidenceFile        = "confidence.csv"
)

// ValueCategory is the kind of value an outcome brings beyond the
// state's budgets (the fiscal ones are avoided.csv's savings).
type ValueCategory uint8

// Value categories, as the GMCA cost-benefit model names them.
const (
	Economic ValueCategory = iota + 1 // income and output: a participant's earnings, employers' output
	Social                            // wellbeing, victims' costs of crime avoided
)

var categoryNames = []string{"", "economic", "social"}

func (c ValueCategory) String() string {
	if int(c) >= len(categoryNames) {
		return fmt.Sprintf("ValueCategory(%d)", c)
	}
	return categoryNames[c]
}

// Value is what one unit of a metric's improvement brings a beneficiary
// beyond the state's budgets, in the price base, with the sign of a
// saving. Its timing follows the metric's units avoided, net of
// additionality, as savings do.
type Value struct {
	Metric      int // index in Scenario.Metrics
	Category    ValueCategory
	Beneficiary string // victims, participant, employers, society...
	Value       ParamID
	// Confidence is the grade of the estimate, a grade of Scenario.Grades
	// (or DefaultGrades); Adjustment is the optimism-bias fraction that
	// reduces the value: the grade's, or one given directly.
	Confidence string
	Adjustment float64
	Source     string // where the figure comes from
}

// CommissionerCost is a cost the commissioner bears outside the bond
// (contract management, outcome validation, an evaluation): it enters
// the state's view, by its payer. Amounts are in the price base, on
// the bases of delivery costs (From and To as CostItem's).
type CommissionerCost struct {
	Name, Payer string
	Basis       CostBasis // not ShareOfPayments
	Amount      ParamID
	From, To    int
	// Confidence and Adjustment as Value's; the adjustment raises the
	// cost (an uplift).
	Confidence string
	Adjustment float64
}

// Grade is a confidence grade and its optimism-bias adjustment, a
// fraction: a value of the grade is reduced by it, a cost raised.
type Grade struct {
	Name        string
	Adjustment  float64
	Description string
}

//go:embed data/confidence.csv
var defaultGrades []byte

// DefaultGrades returns the confidence grades a scenario without
// confidence.csv uses: grades 1 to 6 of the GMCA cost-benefit analysis
// guidance (HM Treasury, Public Service Transformation Network and New
// Economy, "Supporting public service transformation: cost benefit
// analysis guidance for local partnerships", April 2014), 0% to 40%.
func DefaultGrades() []Grade {
	g, err := readGrades(bytes.NewReader(defaultGrades), "data/confidence.csv")
	if err != nil {
		panic("scenario: the embedded confidence grades do not read: " + err.Error())
	}
	return g
}

// confidence.csv: a grade a row.
const (
	grName = iota
	grAdjustment
	grDescription
)

var gradeCols = []csvio.Column{
	grName:        {Name: "grade", Required: true},
	grAdjustment:  {Name: "adjustment", Required: true},
	grDescription: {Name: "description"},
}

func readGrades(r interface{ Read([]byte) (int, error) }, name string) ([]Grade, error) {
	cr, err := csvio.NewReader(r, name, gradeCols)
	if err != nil {
		return nil, err
	}
	var gs []Grade
	for cr.Next() {
		g, err := gradeRow(cr, gs)
		if err != nil {
			return nil, err
		}
		gs = append(gs, g)
	}
	return gs, cr.Err()
}

func gradeRow(cr *csvio.Reader, gs []Grade) (Grade, error) {
	name, err := cr.String(grName, "a grade")
	if err != nil {
		return Grade{}, err
	}
	if slices.ContainsFunc(gs, func(g Grade) bool { return g.Name == name }) {
		return Grade{}, cr.Errorf(grName, "%w: grade %s is given twice", ErrInput, name)
	}
	a, err := cr.Float(grAdjustment)
	if err != nil {
		return Grade{}, err
	}
	if !ruleOptimism.holds(a) {
		return Grade{}, cr.Wrap(grAdjustment, rangeError(cr.Field(grAdjustment), ruleOptimism.lo, ruleOptimism.hi, ruleOptimism.doc))
	}
	return Grade{Name: name, Adjustment: a, Description: cr.Field(grDescription)}, nil
}

// ruleOptimism is the range of an optimism-bias adjustment: a value
// cannot lose more than all of itself.
var (
	ruleOptimism = paramRule{lo: 0, hi: 1, doc: "the optimism-bias adjustment, a fraction (0.15 for 15%)"}
	ruleValue    = paramRule{lo: -inf, hi: inf, doc: "the value of one unit of the metric's improvement, in the price base"}
)

// HasAppraisal reports whether the scenario has the appraisal's own
// inputs: values beyond the budgets, commissioner's costs, or graded
// savings.
func (s *Scenario) HasAppraisal() bool {
	return len(s.Benefits) > 0 || len(s.CommissionerCosts) > 0 ||
		slices.ContainsFunc(s.Avoids, func(a Avoid) bool { return a.Adjustment != 0 })
}

// GradeTable returns the grades the scenario uses: confidence.csv's, or
// the defaults.
func (s *Scenario) GradeTable() []Grade {
	if s.Grades != nil {
		return s.Grades
	}
	return DefaultGrades()
}

// adjustment resolves a grade to its adjustment; ok is false for a
// grade not in the table.
func (s *Scenario) adjustment(grade string) (float64, bool) {
	for _, g := range s.GradeTable() {
		if g.Name == grade {
			return g.Adjustment, true
		}
	}
	return 0, false
}

func (s *Scenario) gradeNames() string {
	var n []string
	for _, g := range s.GradeTable() {
		n = append(n, g.Name)
	}
	return strings.Join(n, ", ")
}

// resolve sets *adj from a grade when the grade is given and no direct
// adjustment is; it returns a fault on the confidence column for an
// unknown grade, and on the adjustment column when both are given.
func (s *Scenario) resolve(grade string, direct bool, adj *float64) *fault {
	if grade == "" {
		return nil
	}
	if direct {
		return faultf("adjustment", "%w: give a confidence grade or a direct adjustment, not both", ErrInput)
	}
	a, ok := s.adjustment(grade)
	if !ok {
		return faultf("confidence", "%w: grade %q is not in the confidence grades (%s)", ErrUnknown, grade, s.gradeNames())
	}
	*adj = a
	return nil
}

// values.csv: a value a row.
const (
	vaMetric = iota
	vaCategory
	vaBeneficiary
	vaValue
	vaConfidence
	vaAdjustment
	vaSource
)

var valueCols = []csvio.Column{
	vaMetric:      {Name: "metric", Required: true},
	vaCategory:    {Name: "category", Required: true},
	vaBeneficiary: {Name: "beneficiary", Required: true},
	vaValue:       {Name: "value", Required: true},
	vaConfidence:  {Name: "confidence"},
	vaAdjustment:  {Name: "adjustment"},
	vaSource:      {Name: "source"},
}

// valueParams is a value's parameter, value.METRIC.CATEGORY.BENEFICIARY.value.
func (s *Scenario) valueParams(v *Value) []paramField {
	if v.Metric < 0 || v.Metric >= len(s.Metrics) || v.Category < Economic || v.Category > Social {
		return nil
	}
	return []paramField{field(&v.Value, "value."+s.Metrics[v.Metric].Name+"."+v.Category.String()+"."+v.Beneficiary+".", "value", ruleValue)}
}

func (s *Scenario) checkValue(v *Value, at func(int) string) *fault {
	switch {
	case v.Metric < 0 || v.Metric >= len(s.Metrics):
		return faultf("metric", "%w: metric %d is not in the scenario", ErrUnknown, v.Metric)
	case v.Category < Economic || v.Category > Social:
		return faultf("category", "%w: category %d: expected economic or social (fiscal values are avoided.csv's savings)", ErrInput, v.Category)
	}
	if f := badName("beneficiary", "a beneficiary", v.Beneficiary); f != nil {
		return f
	}
	if j := slices.IndexFunc(s.Benefits, func(x Value) bool {
		return x.Metric == v.Metric && x.Category == v.Category && x.Beneficiary == v.Beneficiary
	}); j >= 0 {
		return faultf("beneficiary", "%w: %s's %s value to %s is given twice (also %s)", ErrInput, s.Metrics[v.Metric].Name, v.Category, v.Beneficiary, at(j))
	}
	switch {
	case v.Value == 0:
		return missing("value", ruleValue)
	case !ruleOptimism.holds(v.Adjustment):
		return faultf("adjustment", "%w", rangeError(fmtFloat(v.Adjustment), ruleOptimism.lo, ruleOptimism.hi, ruleOptimism.doc))
	}
	return nil
}

func (l *loader) grades(cr *csvio.Reader) error {
	l.s.Grades = []Grade{}
	for cr.Next() {
		g, err := gradeRow(cr, l.s.Grades)
		if err != nil {
			return err
		}
		l.s.Grades = append(l.s.Grades, g)
	}
	return nil
}

// optimism reads a row's confidence grade and direct adjustment (column
// adj, or -1 for a file without one) into *grade and *a.
func (l *loader) optimism(cr *csvio.Reader, conf, adj int, grade *string, a *float64) error {
	*grade = cr.Field(conf)
	direct := adj >= 0 && cr.Field(adj) != ""
	if direct {
		x, err := cr.Float(adj)
		if err != nil {
			return err
		}
		if !ruleOptimism.holds(x) {
			return cr.Wrap(adj, rangeError(cr.Field(adj), ruleOptimism.lo, ruleOptimism.hi, ruleOptimism.doc))
		}
		*a = x
	}
	if f := l.s.resolve(*grade, direct, a); f != nil {
		if f.col == "adjustment" {
			return cr.Wrap(adj, f.err)
		}
		return cr.Wrap(conf, f.err)
	}
	return nil
}

func (l *loader) values(cr *csvio.Reader) error {
	for cr.Next() {
		mname, err := cr.String(vaMetric, "a metric")
		if err != nil {
			return err
		}
		v := Value{Metric: l.metricIndex(mname), Source: cr.Field(vaSource)}
		if v.Metric < 0 {
			return cr.Errorf(vaMetric, "%w: metric %q is not in %s", ErrUnknown, mname, MetricsFile)
		}
		i := slices.Index(categoryNames, strings.ToLower(cr.Field(vaCategory)))
		if i <= 0 {
			return cr.Errorf(vaCategory, "%w %q: expected economic or social (fiscal values are savings: give them in %s)", ErrInput, cr.Field(vaCategory), AvoidedFile)
		}
		v.Category = ValueCategory(i)
		if v.Beneficiary, err = l.name(cr, vaBeneficiary, "a beneficiary"); err != nil {
			return err
		}
		if err := l.optimism(cr, vaConfidence, vaAdjustment, &v.Confidence, &v.Adjustment); err != nil {
			return err
		}
		if err := l.nums(cr, l.s.valueParams(&v)); err != nil {
			return err
		}
		if f := l.s.checkValue(&v, l.at); f != nil {
			return l.fault(cr, f)
		}
		if err := l.commit(cr); err != nil {
			return err
		}
		l.s.Benefits = append(l.s.Benefits, v)
		l.added(cr)
	}
	return nil
}

// commissioner_costs.csv: delivery.csv's columns with the payer for the
// party, and a confidence grade or a direct adjustment.
const (
	ccConfidence = costTo + 1 + iota
	ccAdjustment
)

var commissionerCols = []csvio.Column{
	costName:     {Name: "item", Required: true},
	costParty:    {Name: "payer", Required: true},
	costBasis:    {Name: "basis", Required: true},
	costAmount:   {Name: "amount", Required: true},
	costFrom:     {Name: "from"},
	costTo:       {Name: "to"},
	ccConfidence: {Name: "confidence"},
	ccAdjustment: {Name: "adjustment"},
}

func (c *CommissionerCost) params() []paramField {
	return []paramField{field(&c.Amount, "commissioner."+c.Name+".", "amount", ruleAmount)}
}

func (s *Scenario) checkCommissionerCost(c *CommissionerCost, at func(int) string) *fault {
	if f := badName("item", "a name", c.Name); f != nil {
		return f
	}
	if j := slices.IndexFunc(s.CommissionerCosts, func(x CommissionerCost) bool { return x.Name == c.Name }); j >= 0 {
		return faultf("item", "%w: item %s is given twice (also %s)", ErrInput, c.Name, at(j))
	}
	if f := badName("payer", "the payer", c.Payer); f != nil {
		return f
	}
	if ag := s.Agencies(); !slices.Contains(ag, c.Payer) {
		// A misspelt agency would add a ghost agency to the state's view
		// and take the costs from the one meant.
		return faultf("payer", "%w: no agency %q in the scenario; the agencies are %s", ErrInput, c.Payer, strings.Join(ag, ", "))
	}
	P := s.Settings.Periods
	switch {
	case c.Basis < PerParticipant || c.Basis >= ShareOfPayments:
		return faultf("basis", "%w: basis %d: expected %s", ErrInput, c.Basis, costBases(false))
	case c.Amount == 0:
		return missing("amount", ruleAmount)
	case !ruleOptimism.holds(c.Adjustment):
		return faultf("adjustment", "%w", rangeError(fmtFloat(c.Adjustment), ruleOptimism.lo, ruleOptimism.hi, ruleOptimism.doc))
	}
	if f := firstFault(ruleCostFrom(P).check("from", c.From), ruleCostTo(P).check("to", c.To)); f != nil {
		return f
	}
	if c.To < c.From {
		return faultf("to", "%w: period %d is before the first period %d", ErrOrder, c.To, c.From)
	}
	return nil
}

func (l *loader) commissionerCosts(cr *csvio.Reader) error {
	for cr.Next() {
		name, err := l.name(cr, costName, "a name")
		if err != nil {
			return err
		}
		c := CommissionerCost{Name: name}
		if c.Payer, err = l.name(cr, costParty, "the payer"); err != nil {
			return err
		}
		if c.Basis, err = costBasisOf(cr, false); err != nil {
			return err
		}
		if err := l.nums(cr, c.params()); err != nil {
			return err
		}
		if c.From, c.To, err = l.costSpan(cr, c.Basis); err != nil {
			return err
		}
		if err := l.optimism(cr, ccConfidence, ccAdjustment, &c.Confidence, &c.Adjustment); err != nil {
			return err
		}
		if f := l.s.checkCommissionerCost(&c, l.at); f != nil {
			return l.fault(cr, f)
		}
		if err := l.commit(cr); err != nil {
			return err
		}
		l.s.CommissionerCosts = append(l.s.CommissionerCosts, c)
		l.added(cr)
	}
	return nil
}

// Agencies are the agencies of the deal, sorted: those of the services'
// cost lines, the terms' payers and their co-payers (while loading, those
// read so far). The commissioner's costs must be paid by one of them.
func (s *Scenario) Agencies() []string {
	var ag []string
	for _, sv := range s.Services {
		for _, ln := range sv.Lines {
			ag = append(ag, ln.Agency)
		}
	}
	for _, t := range s.Terms {
		ag = append(ag, t.Payer)
	}
	for _, c := range s.CoPayers {
		ag = append(ag, c.Payer)
	}
	slices.Sort(ag)
	return slices.Compact(ag)
}
