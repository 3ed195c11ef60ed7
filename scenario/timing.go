package scenario

import (
	"fmt"
	"math"
	"slices"

	"github.com/sib-engine/sib/internal/csvio"
)

// Timing parameters. A term's lag, a metric's outcome window and a
// tranche's maturity are whole numbers of periods that the engine works
// out at Compile (windows, lag tables, which cohorts are live when). They
// are parameters all the same, so that Set, and the sensitivity analyses
// through Timed, can change them:
//
//	term.T.lag            [0, periods−1]   payments.csv lag (blank: 0)
//	outcome.M.from        [1, periods]     metrics.csv from (blank: 1)
//	outcome.M.to          [1, periods]     metrics.csv to
//	tranche.T.maturity    [amortise or 1, periods]  capital.csv maturity (blank: the horizon)
//	setting.terminate     [1, periods]     scenario.csv terminate (blank: the horizon; absent: no parameter)
//	term.T.from           [1, periods]     payments.csv from, a periodic term's only (blank: 1)
//	term.T.to             [1, periods]     payments.csv to, a periodic term's only (blank: the horizon)
//
// Their Param has Int set. They come after every other parameter in
// Params (and in the vector Values gives), so that adding them moved no
// other parameter's ID; a periodic term's from and to come last of all,
// for the same reason. Their value in the vector is read at Compile
// only: the engine's Evaluate and Run ignore it, and a model for other
// timing values is compiled from Timed's scenario. The fields (Term.Lag,
// Metric.From and To, Tranche.Maturity) always hold the parameters'
// values: Set and Timed write them.

// A timingKind is the field a timing parameter stands for.
type timingKind uint8

const (
	timingLag timingKind = iota + 1
	timingFrom
	timingTo
	timingMaturity
	timingTerminate
	timingTermFrom
	timingTermTo
)

// A timingSlot is the field of a timing parameter: its kind, and the
// index of its item (in Terms, Metrics or Tranches).
type timingSlot struct {
	kind timingKind
	item int
}

// The timing parameters' descriptions.
const (
	docLag       = "the measurement lag in periods: from the outcome (or the test) to the payment"
	docFrom      = "the first period of the outcome window after entry (1 = the entry period)"
	docTo        = "the last period of the outcome window after entry, when the outcome is measured"
	docMaturity  = "the period the tranche matures (its guarantee is settled, what it is owed falls due)"
	docTerminate = "the last period of the contract: delivery stops after it, every tranche matures in it (the horizon: not terminated)"
	docTermFrom  = "the first period of the deal a periodic term measures and pays for (its years are counted from it)"
	docTermTo    = "the last period of the deal a periodic term measures and pays for (its last interval ends in it)"
)

// addTiming registers the timing parameters of every term, metric and
// tranche, after all the others; source names where each value came from
// (the list and index of its item, the column).
func (s *Scenario) addTiming(source func(name, list string, i int, col string) string) error {
	P := s.Settings.Periods
	add := func(name string, v, lo, hi int, doc string, slot timingSlot, list string, i int, col string) error {
		_, err := s.addParam(Param{Name: name, Value: float64(v), Min: float64(lo), Max: float64(hi), Doc: doc,
			Source: source(name, list, i, col), Int: true, slot: slot})
		return err
	}
	for j, t := range s.Terms {
		if err := add("term."+t.Name+".lag", t.Lag, 0, min(ruleLag.hi, P-1), docLag, timingSlot{timingLag, j}, "Terms", j, "lag"); err != nil {
			return err
		}
	}
	for mi, m := range s.Metrics {
		if err := add("outcome."+m.Name+".from", m.From, 1, P, docFrom, timingSlot{timingFrom, mi}, "Metrics", mi, "from"); err != nil {
			return err
		}
		if err := add("outcome."+m.Name+".to", m.To, 1, P, docTo, timingSlot{timingTo, mi}, "Metrics", mi, "to"); err != nil {
			return err
		}
	}
	for k, t := range s.Tranches {
		if err := add("tranche."+t.Name+".maturity", t.MaturityPeriod(P)+1, max(t.Amortise, 1), P, docMaturity, timingSlot{timingMaturity, k}, "Tranches", k, "maturity"); err != nil {
			return err
		}
	}
	if n := s.Settings.Terminate; n != 0 {
		if err := add("setting.terminate", n, 1, P, docTerminate, timingSlot{timingTerminate, 0}, "Settings", -1, "Terminate"); err != nil {
			return err
		}
	}
	for j, t := range s.Terms {
		if t.Measure == MeasureCohort {
			continue // its cohorts' windows say when it pays
		}
		if err := add("term."+t.Name+".from", t.From, 1, P, docTermFrom, timingSlot{timingTermFrom, j}, "Terms", j, "from"); err != nil {
			return err
		}
		if err := add("term."+t.Name+".to", t.To, 1, P, docTermTo, timingSlot{timingTermTo, j}, "Terms", j, "to"); err != nil {
			return err
		}
	}
	return nil
}

// Timing returns the IDs of the timing parameters (Param.Int), in the
// order of Params.
func (s *Scenario) Timing() []ParamID {
	var ids []ParamID
	for i := range s.Params {
		if s.Params[i].Int {
			ids = append(ids, ParamID(i+1))
		}
	}
	return ids
}

// wholeError explains a timing parameter given a value that is not a
// whole number.
func wholeError(v float64) error {
	return fmt.Errorf("%w: %s is not a whole number (a timing parameter counts periods)", ErrRange, fmtFloat(v))
}

// checkInt checks a timing parameter's value: a whole number in range.
func (p *Param) checkInt(v float64) error {
	if err := p.check(v); err != nil {
		return err
	}
	if v != math.Trunc(v) {
		return wholeError(v)
	}
	return nil
}

// setTiming writes the value n of timing parameter p into its field.
func (s *Scenario) setTiming(p *Param, n int) {
	switch i := p.slot.item; p.slot.kind {
	case timingLag:
		s.Terms[i].Lag = n
	case timingFrom:
		s.Metrics[i].From = n
	case timingTo:
		s.Metrics[i].To = n
	case timingTerminate:
		s.Settings.Terminate = n
	case timingTermFrom:
		s.Terms[i].From = n
	case timingTermTo:
		s.Terms[i].To = n
	case timingMaturity:
		t := &s.Tranches[i]
		if t.MaturityPeriod(s.Settings.Periods)+1 != n {
			t.Maturity = n // a blank maturity stays blank at the horizon
		}
	}
}

// Timed returns the scenario with its timing parameters at their values
// in v (a vector laid out as Values), for a compile of the model at
// those values: s itself when they are s's, else a copy whose Params,
// Terms, Metrics and Tranches are its own (the rest is shared, read
// only). A value that is not a whole number in its range, or a broken
// rule between parameters (CheckValues: a window that ends before it
// begins), is an error naming the parameter.
func (s *Scenario) Timed(v []float64) (*Scenario, error) {
	if len(v) != len(s.Params) {
		return nil, fmt.Errorf("%w: %d values for %d parameters", ErrInput, len(v), len(s.Params))
	}
	same := true
	for i := range s.Params {
		if p := &s.Params[i]; p.Int && v[i] != p.Value {
			if err := p.checkInt(v[i]); err != nil {
				return nil, fmt.Errorf("%s: %w", p.Name, err)
			}
			same = false
		}
	}
	if same {
		return s, nil
	}
	c := *s
	c.Params = slices.Clone(s.Params)
	c.Terms, c.Metrics, c.Tranches = slices.Clone(s.Terms), slices.Clone(s.Metrics), slices.Clone(s.Tranches)
	for i := range c.Params {
		if p := &c.Params[i]; p.Int && v[i] != p.Value {
			p.Value = v[i]
			c.setTiming(p, int(v[i]))
		}
	}
	if err := c.CheckValues(); err != nil {
		return nil, err
	}
	return &c, nil
}

// windowOrders are the rules between timing parameters: no metric's
// window ends before it begins, nor a periodic term's span of periods.
func (s *Scenario) windowOrders() []Order {
	var o []Order
	for _, m := range s.Metrics {
		from, ok1 := s.Param("outcome." + m.Name + ".from")
		to, ok2 := s.Param("outcome." + m.Name + ".to")
		if ok1 && ok2 && s.At(from).Int && s.At(to).Int {
			o = append(o, Order{Lo: from, Hi: to, Rule: "a metric's outcome window must not end before it begins"})
		}
	}
	for _, t := range s.Terms {
		if t.Measure == MeasureCohort {
			continue
		}
		from, ok1 := s.Param("term." + t.Name + ".from")
		to, ok2 := s.Param("term." + t.Name + ".to")
		if ok1 && ok2 && s.At(from).Int && s.At(to).Int {
			o = append(o, Order{Lo: from, Hi: to, Rule: "a periodic term's periods must not end before they begin"})
		}
	}
	return o
}

// timingCell records where the loader read a timing parameter's value:
// the cell of column col, when not blank.
func (l *loader) timingCell(cr *csvio.Reader, col int, name string) {
	if cr.Field(col) == "" {
		return
	}
	if l.timingAt == nil {
		l.timingAt = map[string]string{}
	}
	line, c := cr.Pos(col)
	l.timingAt[name] = fmt.Sprintf("%s:%d:%d", cr.Name(), line, c)
}

// timingSource names where a loaded timing parameter came from: its
// cell, or "default" for a blank one.
func (l *loader) timingSource(name, _ string, _ int, _ string) string {
	if src, ok := l.timingAt[name]; ok {
		return src
	}
	return "default"
}
