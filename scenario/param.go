package scenario

import (
	"fmt"

	"github.com/sib-engine/sib/internal/names"
)

// ParamID refers to one of a scenario's parameters. Its zero value means
// "none": an optional input that was not given. A non-zero ParamID is
// one more than the parameter's index in Scenario.Params and in the
// vector that Values returns; In and Index read through it.
type ParamID int32

// Index returns the parameter's index in Scenario.Params and in a value
// vector. It panics on the zero ParamID, which refers to nothing.
func (id ParamID) Index() int {
	if id <= 0 {
		panic("scenario: Index of the zero ParamID, which refers to no parameter")
	}
	return int(id) - 1
}

// In returns the parameter's value in v, a vector laid out as Values.
// It is small enough to inline; the zero ParamID is out of range.
func (id ParamID) In(v []float64) float64 { return v[id-1] }

// Or returns the parameter's value in v, or def for the zero ParamID.
func (id ParamID) Or(v []float64, def float64) float64 {
	if id == 0 {
		return def
	}
	return v[id-1]
}

// Param is a numeric input with a stable name, for example
// outcome.reconviction.effect or cost.custody_day.unit_cost.
type Param struct {
	Name     string
	Value    float64
	Min, Max float64 // the allowed range, checked by Set
	Doc      string  // what the number is
	// Source is where the value came from: "file:line:col", the costing
	// or outcomes result it was taken from, the element and column of the
	// literal a Builder built ("Terms[0].price"), or "set".
	Source string
	// Int marks a timing parameter (timing.go): a whole number of
	// periods, a term's lag, a metric's outcome window or a tranche's
	// maturity, that the engine reads at Compile. Set refuses a value
	// that is not whole.
	Int  bool
	slot timingSlot // the field it stands for
}

// A paramField is a field of an item that holds a parameter, with the
// parameter's name and rule. The name is the kind of item, the item and
// the column (or setting) that gives the value: term.rate_card.price.
// Load registers a parameter under it as it reads the cell; Build names
// a Builder's value by it.
type paramField struct {
	id   *ParamID
	col  string // the column, or the setting, that gives the value
	name string
	rule paramRule
}

func field(id *ParamID, prefix, col string, r paramRule) paramField {
	return paramField{id: id, col: col, name: prefix + col, rule: r}
}

// Param returns the named parameter's ID, and whether there is one.
func (s *Scenario) Param(name string) (ParamID, bool) {
	id, ok := s.index[name]
	return id, ok
}

// At returns the parameter id refers to; it panics on the zero ParamID.
func (s *Scenario) At(id ParamID) *Param { return &s.Params[id.Index()] }

// Values returns a copy of the parameters' values, the vector the engine
// evaluates.
func (s *Scenario) Values() []float64 {
	v := make([]float64, len(s.Params))
	for i, p := range s.Params {
		v[i] = p.Value
	}
	return v
}

// Set changes a parameter's value after checking its range (and, for a
// timing parameter, that it is a whole number, which Set also writes
// into the field it stands for: Term.Lag, Metric.From or To,
// Tranche.Maturity). An unknown name is an ErrUnknown error; Suggest
// names the closest.
func (s *Scenario) Set(name string, v float64) error {
	id, ok := s.Param(name)
	if !ok {
		return fmt.Errorf("%w: no parameter %q", ErrUnknown, name)
	}
	p := s.At(id)
	check := p.check
	if p.Int {
		check = p.checkInt
	}
	if err := check(v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	p.Value = v
	p.Source = "set"
	if p.Int {
		s.setTiming(p, int(v))
	}
	return nil
}

// Suggest returns the names of the parameters closest to a misspelt name
// (by edit distance, at most 3 edits), or none.
func (s *Scenario) Suggest(name string) []string {
	all := make([]string, len(s.Params))
	for i, p := range s.Params {
		all[i] = p.Name
	}
	return names.Closest(name, all)
}

// addParam registers a parameter and returns its ID.
func (s *Scenario) addParam(p Param) (ParamID, error) {
	id := s.push(p)
	return id, s.indexName(id)
}

// push adds a parameter that Param cannot find yet (indexName).
func (s *Scenario) push(p Param) ParamID {
	s.Params = append(s.Params, p)
	return ParamID(len(s.Params))
}

// indexName lets Param find parameter id by its name.
func (s *Scenario) indexName(id ParamID) error {
	if s.index == nil {
		s.index = make(map[string]ParamID)
	}
	p := s.At(id)
	if other, ok := s.index[p.Name]; ok && other != id {
		return fmt.Errorf("%w: parameter %s is defined twice (also at %s)", ErrInput, p.Name, s.At(other).Source)
	}
	s.index[p.Name] = id
	return nil
}
