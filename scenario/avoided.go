package scenario

import (
	"fmt"

	"github.com/sib-engine/sib/internal/csvio"
)

// Avoid says how many units of a service one outcome of a metric avoids.
type Avoid struct {
	Metric, Service int     // indices in Scenario.Metrics and Scenario.Services
	Units           ParamID // units avoided by one outcome
	// Confidence is the grade of the saving's estimate (optional), and
	// Adjustment its optimism-bias fraction, which the appraisal takes
	// off the saving (Scenario.GradeTable).
	Confidence string
	Adjustment float64
}

// avoided.csv: a (metric, service) pair a row.
const (
	avMetric = iota
	avService
	avUnits
	avConfidence
)

var avoidCols = []csvio.Column{
	avMetric:     {Name: "metric", Required: true},
	avService:    {Name: "service", Required: true},
	avUnits:      {Name: "units", Required: true},
	avConfidence: {Name: "confidence"},
}

// avoidParams are the units of a pair of s's metric and service (none
// when either is not in s: checkAvoid says so).
func (s *Scenario) avoidParams(a *Avoid) []paramField {
	if a.Metric < 0 || a.Metric >= len(s.Metrics) || a.Service < 0 || a.Service >= len(s.Services) {
		return nil
	}
	return []paramField{field(&a.Units, "avoid."+s.Metrics[a.Metric].Name+"."+s.Services[a.Service].Name+".", "units", ruleAvoidUnits)}
}

func (l *loader) avoided(cr *csvio.Reader) error {
	for cr.Next() {
		mname, err := cr.String(avMetric, "a metric")
		if err != nil {
			return err
		}
		mi := l.metricIndex(mname)
		if mi < 0 {
			return cr.Errorf(avMetric, "%w: metric %q is not in %s", ErrUnknown, mname, MetricsFile)
		}
		sname, err := cr.String(avService, "a service")
		if err != nil {
			return err
		}
		si := l.serviceIndex(sname)
		if si < 0 {
			var ok bool
			if si, ok, err = l.costingService(sname); err != nil {
				return cr.Wrap(avService, err)
			}
			if !ok {
				where := ServicesFile
				if l.s.Settings.Costing != "" {
					where += fmt.Sprintf(" or the costing folder's %d costs", l.s.Settings.PriceBase)
				}
				return cr.Errorf(avService, "%w: service %q is not in %s", ErrUnknown, sname, where)
			}
		}
		a := Avoid{Metric: mi, Service: si}
		if err := l.nums(cr, l.s.avoidParams(&a)); err != nil {
			return err
		}
		if err := l.optimism(cr, avConfidence, -1, &a.Confidence, &a.Adjustment); err != nil {
			return err
		}
		if f := l.s.checkAvoid(&a, l.at); f != nil {
			return l.fault(cr, f)
		}
		if err := l.commit(cr); err != nil {
			return err
		}
		l.s.Avoids = append(l.s.Avoids, a)
		l.added(cr)
	}
	return nil
}
