package scenario

import (
	"fmt"

	"github.com/sib-engine/sib/internal/csvio"
)

// Avoid says how many units of a service one outcome of a metric avoids.
type Avoid struct {
	Metric, Service int     // indices in Scenario.Metrics and Scenario.Services
	Units           ParamID // units avoided by one outcome
}

// avoided.csv: a (metric, service) pair a row.
const (
	avMetric = iota
	avService
	avUnits
)

var avoidCols = []csvio.Column{
	avMetric:  {Name: "metric", Required: true},
	avService: {Name: "service", Required: true},
	avUnits:   {Name: "units", Required: true},
}

func (l *loader) avoided(cr *csvio.Reader) error {
	seen := map[[2]int]int{}
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
		if line := seen[[2]int{mi, si}]; line > 0 {
			return cr.Errorf(avService, "%w: %s and %s are paired twice (also line %d)", ErrInput, mname, sname, line)
		}
		seen[[2]int{mi, si}] = cr.Line()
		u, err := l.num(cr, avUnits, "avoid."+mname+"."+sname+".units", ruleAvoidUnits, true)
		if err != nil {
			return err
		}
		l.s.Avoids = append(l.s.Avoids, Avoid{Metric: mi, Service: si, Units: u})
	}
	return nil
}
