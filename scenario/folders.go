package scenario

import (
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
	res, err := outcomes.Estimate(study, outcomes.Options{})
	if err != nil {
		return err
	}
	l.effects = make(map[[2]string]float64)
	for _, e := range res.Effects {
		l.effects[[2]string{e.Metric, e.Cohort}] = e.Effect
	}
	// The net effect in year 1 (after deadweight, displacement and
	// attribution) is what the state gets, where adjustments are given.
	for _, st := range res.Waterfall {
		if st.Name == "net" && st.Year == 1 {
			l.effects[[2]string{st.Metric, st.Cohort}] = st.Effect
		}
	}
	return nil
}

// costingService adds a service from the costing folder, in the price
// base, and returns its index; ok is false when the costing has no such
// service.
func (l *loader) costingService(name string) (si int, ok bool, err error) {
	if l.costing == nil {
		return 0, false, nil
	}
	year := l.costing.PriceBase
	lines := l.costing.Lines(name, year)
	var sc *costing.ServiceCost
	for i := range l.costing.Services {
		if s := &l.costing.Services[i]; s.Service == name && s.Year == year {
			sc = s
		}
	}
	if sc == nil || len(lines) == 0 || sc.Units.IsZero() || sc.Total.IsZero() {
		return 0, false, nil
	}
	avg, _ := sc.Average.Float64()
	sv := Service{Name: name, Source: fmt.Sprintf("costing: %s (%d)", l.s.Settings.Costing, year)}
	if sv.UnitCost, err = l.s.addParam(Param{Name: "cost." + name + ".unit_cost", Value: avg, Min: 0, Max: inf, Doc: "the cost of one unit, in the price base (fully loaded average)", Source: sv.Source}); err != nil {
		return 0, false, err
	}
	for _, ln := range lines {
		w, _ := ln.Cost.Div(sc.Total).Float64()
		step, _ := ln.StepSize.Float64()
		if ln.Behaviour == costing.Step {
			// The costing's step size is in units of the year's volume.
			step = ln.StepSize.InexactFloat64()
		}
		sv.Lines = append(sv.Lines, Line{Agency: ln.Agency, Behaviour: ln.Behaviour, Weight: w, StepSize: step})
	}
	l.s.Services = append(l.s.Services, sv)
	return len(l.s.Services) - 1, true, nil
}
