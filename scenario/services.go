package scenario

import (
	"fmt"
	"slices"

	"github.com/sib-engine/sib/costing"
	"github.com/sib-engine/sib/internal/csvio"
)

// Service is a state service whose use an outcome avoids, valued at its
// unit cost and split into cost lines by agency and behaviour.
type Service struct {
	Name     string
	Unit     string
	UnitCost ParamID // the fully loaded cost of one unit, real
	Lines    []Line
	Source   string
}

// Line is the part of a service's unit cost in one agency's budget with
// one cost behaviour.
type Line struct {
	Agency    string
	Behaviour costing.Behaviour
	// Weight is the line's share of the unit cost: the constant Weight
	// when WeightParam is zero, else the parameter's value (Complement:
	// one minus it).
	Weight      float64
	WeightParam ParamID
	Complement  bool
	// StepSize is the number of units a year in one step of capacity
	// (Step lines): the constant StepSize, or the parameter StepParam
	// when it is not zero.
	StepSize  float64
	StepParam ParamID
}

// services.csv: a service a row, in one agency's budget.
const (
	svcName = iota
	svcAgency
	svcUnitCost
	svcCashable
	svcStepSize
	svcUnit
)

var serviceCols = []csvio.Column{
	svcName:     {Name: "service", Required: true},
	svcAgency:   {Name: "agency", Required: true},
	svcUnitCost: {Name: "unit_cost", Required: true},
	svcCashable: {Name: "cashable"},
	svcStepSize: {Name: "step_size"},
	svcUnit:     {Name: "unit"},
}

func (l *loader) serviceIndex(name string) int {
	return slices.IndexFunc(l.s.Services, func(s Service) bool { return s.Name == name })
}

func (l *loader) services(cr *csvio.Reader) error {
	lines := map[string]int{}
	for cr.Next() {
		name, err := l.name(cr, svcName, "a service name")
		if err != nil {
			return err
		}
		if line := lines[name]; line > 0 {
			return cr.Errorf(svcName, "%w: service %s is given twice (also line %d); give one row per service", ErrInput, name, line)
		}
		lines[name] = cr.Line()
		agency, err := l.name(cr, svcAgency, "an agency name")
		if err != nil {
			return err
		}
		sv := Service{Name: name, Unit: cr.Field(svcUnit)}
		line, col := cr.Pos(svcName)
		sv.Source = fmt.Sprintf("%s:%d:%d", cr.Name(), line, col)
		if sv.UnitCost, err = l.num(cr, svcUnitCost, "cost."+name+".unit_cost", ruleUnitCost, true); err != nil {
			return err
		}
		cash, err := l.num(cr, svcCashable, "cost."+name+".cashable", ruleCashable, false)
		if err != nil {
			return err
		}
		step, err := l.num(cr, svcStepSize, "cost."+name+".step_size", ruleStepSize, false)
		if err != nil {
			return err
		}
		if step != 0 && l.value(step) == 0 {
			return cr.Errorf(svcStepSize, "%w: a step size must be above zero (leave it empty for a variable cost)", ErrRange)
		}
		if step != 0 {
			l.s.At(step).Min = minStep
		}
		sv.Lines = serviceLines(agency, cash, step)
		l.s.Services = append(l.s.Services, sv)
	}
	return nil
}

// serviceLines returns the cost lines of a service in one agency's
// budget: variable (or step, with a step size), with the share cash
// of the unit cost when it is given and the rest fixed.
func serviceLines(agency string, cash, step ParamID) []Line {
	b := costing.Variable
	if step != 0 {
		b = costing.Step
	}
	if cash == 0 {
		// All of it is cashable.
		return []Line{{Agency: agency, Behaviour: b, Weight: 1, StepParam: step}}
	}
	return []Line{
		{Agency: agency, Behaviour: b, WeightParam: cash, StepParam: step},
		{Agency: agency, Behaviour: costing.Fixed, WeightParam: cash, Complement: true},
	}
}
