package scenario

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/sib-engine/sib/costing"
	"github.com/sib-engine/sib/outcomes"
)

// The costing and outcomes folders that scenario.csv may name: the
// scenario takes unit costs from the one and effects from the other.

// folderKind checks that dir, named by setting key (costing or
// outcomes), holds a folder of that kind: given the scenario's own folder,
// say, the costing's loader would blame the first scenario file it does
// not know (avoided.csv) instead of the setting that named the folder.
func folderKind(key, dir, scenario string) error {
	kind, need := "a costing folder", []string{costing.LedgerFile, costing.ActivityFile, costing.DeflatorFile}
	files := strings.Join(need, ", ")
	if key == "outcomes" {
		kind, need = "an outcomes folder", []string{outcomes.ParticipantsFile, outcomes.AggregatesFile}
		files = need[0] + " or " + need[1]
	}
	what := fmt.Sprintf("%s names %s (with %s), relative to the scenario's", key, kind, files)
	if a, err := os.Stat(dir); err == nil {
		if b, err := os.Stat(scenario); err == nil && os.SameFile(a, b) {
			return fmt.Errorf("%w: %s is the scenario's own folder; %s", ErrInput, dir, what)
		}
	}
	for _, n := range need {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			return nil
		}
	}
	return fmt.Errorf("%w: %s is not %s: it has none of its files; %s", ErrInput, dir, kind, what)
}

// settingError positions an error of the costing or outcomes folder at
// the scenario.csv setting at (line, column) that it comes from, unless
// it already names a file of its own: then the fault is in that file.
func settingError(file string, at [2]int, err error) error {
	var ie *InputError
	if errors.As(err, &ie) {
		return err
	}
	return &InputError{File: file, Line: at[0], Column: at[1], Field: "value", Err: err}
}

func (l *loader) loadOutcomes(dir string) error {
	study, err := outcomes.Load(dir, outcomes.LoadOptions{Limits: l.limits})
	if err != nil {
		return err
	}
	res, err := outcomes.Estimate(context.Background(), study, outcomes.Options{})
	if err != nil {
		return err
	}
	l.effects, l.measured, l.adjust = StudyEffects(res), MeasuredEffects(res), study.Adjustments
	l.baselines = make(map[string]float64)
	l.designs = make(map[string]Design)
	for _, x := range res.Effects {
		if x.Cohort == outcomes.PooledCohort {
			if d, ok := StudyDesign(x, "outcomes: "+l.s.Settings.Outcomes); ok {
				l.designs[x.Metric] = d
			}
			l.baselines[x.Metric] = x.Baseline
		}
	}
	return nil
}

// StudyEffects returns the effects of an outcomes study by (metric,
// cohort), the pooled effect under cohort outcomes.PooledCohort: the net
// effect in year 1, after the deadweight, displacement and attribution
// (and a decay profile's first year) of the study's adjustments.csv, where
// it gives them, else the measured effect. It is an appraisal effect: a
// metric that takes it (metrics.csv leaves effect empty) is paid and
// tested on it as well as saving on it. MeasuredEffects gives the effects
// a contract pays on.
func StudyEffects(res *outcomes.Result) map[[2]string]float64 {
	e := MeasuredEffects(res)
	for _, st := range res.Waterfall {
		if st.Name == "net" && st.Year == 1 {
			e[[2]string{st.Metric, st.Cohort}] = st.Effect
		}
	}
	return e
}

// MeasuredEffects returns the effects of an outcomes study by (metric,
// cohort) as StudyEffects does, but as measured against the comparison
// group, before any adjustment: the contract's effect. Load takes a
// metric's effect from here when metrics.csv says measured in effect, and
// its deadweight, displacement and attribution, when the row leaves them
// empty, from the study's adjustments.
func MeasuredEffects(res *outcomes.Result) map[[2]string]float64 {
	e := make(map[[2]string]float64)
	for _, x := range res.Effects {
		e[[2]string{x.Metric, x.Cohort}] = x.Effect
	}
	return e
}

// CostingService returns a service's unit cost in a costing's price base
// (its fully loaded average) and its cost lines, with constant weights,
// by agency and behaviour; ok is false when the costing has no such
// service or no units or cost for it. Load takes a service from here
// when services.csv does not give it.
func CostingService(res *costing.Result, name string) (unitCost float64, lines []Line, ok bool) {
	year := res.PriceBase
	cl := res.Lines(name, year)
	var sc *costing.ServiceCost
	for i := range res.Services {
		if s := &res.Services[i]; s.Service == name && s.Year == year {
			sc = s
		}
	}
	if sc == nil || len(cl) == 0 || sc.Units.IsZero() || sc.Total.IsZero() {
		return 0, nil, false
	}
	unitCost, _ = sc.Average.Float64()
	for _, ln := range cl {
		w, _ := ln.Cost.Div(sc.Total).Float64()
		step, _ := ln.StepSize.Float64()
		if ln.Behaviour == costing.Step {
			// The costing's step size is in units of the year's volume.
			step = ln.StepSize.InexactFloat64()
		}
		lines = append(lines, Line{Agency: ln.Agency, Behaviour: ln.Behaviour, Weight: w, StepSize: step})
	}
	return unitCost, lines, true
}

// costingService adds a service from the costing folder, in the price
// base, and returns its index; ok is false when the costing has no such
// service.
func (l *loader) costingService(name string) (si int, ok bool, err error) {
	if l.costing == nil {
		return 0, false, nil
	}
	avg, lines, ok := CostingService(l.costing, name)
	if !ok {
		return 0, false, nil
	}
	sv := Service{Name: name, Lines: lines, Source: fmt.Sprintf("costing: %s (%d)", l.s.Settings.Costing, l.costing.PriceBase)}
	if sv.UnitCost, err = l.s.addParam(ruleCostingUnitCost.param(sv.params()[0].name, avg, sv.Source)); err != nil {
		return 0, false, err
	}
	l.s.Services = append(l.s.Services, sv)
	return len(l.s.Services) - 1, true, nil
}
