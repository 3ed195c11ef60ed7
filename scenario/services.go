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
	// Source is where the service was given: "file:line:col", the
	// costing folder, or the element of a Builder's literal.
	Source string
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

// params are a service's unit cost and its lines' parameters.
func (sv *Service) params() []paramField {
	f := []paramField{field(&sv.UnitCost, "cost."+sv.Name+".", "unit_cost", ruleUnitCost)}
	for i := range sv.Lines {
		ln := &sv.Lines[i]
		f = append(f, lineParams(sv.Name, &ln.WeightParam, &ln.StepParam)...)
	}
	return f
}

// lineParams are the cashable share and the step size of a service's
// lines (ServiceLines).
func lineParams(service string, cashable, stepSize *ParamID) []paramField {
	p := "cost." + service + "."
	return []paramField{field(cashable, p, "cashable", ruleCashable), field(stepSize, p, "step_size", ruleStepSize)}
}

func (l *loader) serviceIndex(name string) int {
	return slices.IndexFunc(l.s.Services, func(s Service) bool { return s.Name == name })
}

func (l *loader) services(cr *csvio.Reader) error {
	for cr.Next() {
		name, err := l.name(cr, svcName, "a service name")
		if err != nil {
			return err
		}
		agency, err := l.name(cr, svcAgency, "an agency name")
		if err != nil {
			return err
		}
		sv := Service{Name: name, Unit: cr.Field(svcUnit)}
		line, col := cr.Pos(svcName)
		sv.Source = fmt.Sprintf("%s:%d:%d", cr.Name(), line, col)
		var cash, step ParamID
		if err := l.nums(cr, append(sv.params(), lineParams(name, &cash, &step)...)); err != nil {
			return err
		}
		sv.Lines = ServiceLines(agency, cash, step)
		if f := l.s.checkService(&sv, l.at); f != nil {
			return l.fault(cr, f)
		}
		if err := l.commit(cr); err != nil {
			return err
		}
		l.s.Services = append(l.s.Services, sv)
		l.added(cr)
	}
	return nil
}

// ServiceLines returns the cost lines of a service in one agency's
// budget, as a row of services.csv gives them: variable (step, with a
// step size), all of the unit cost when cashable is the zero ParamID,
// else the cashable share of it and the rest fixed.
func ServiceLines(agency string, cashable, stepSize ParamID) []Line {
	b := costing.Variable
	if stepSize != 0 {
		b = costing.Step
	}
	if cashable == 0 {
		// All of it is cashable.
		return []Line{{Agency: agency, Behaviour: b, Weight: 1, StepParam: stepSize}}
	}
	return []Line{
		{Agency: agency, Behaviour: b, WeightParam: cashable, StepParam: stepSize},
		{Agency: agency, Behaviour: costing.Fixed, WeightParam: cashable, Complement: true},
	}
}
