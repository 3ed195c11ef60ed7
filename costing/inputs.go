package costing

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/sib-engine/sib/internal/csvio"
)

// Errors. Input errors from the loaders are *InputError values that wrap one
// of these (or a csvio sentinel), so callers can test with errors.Is and
// read the position with errors.As.
var (
	ErrInput       = errors.New("costing: invalid input")
	ErrNegative    = errors.New("costing: negative value")
	ErrBehaviour   = errors.New("costing: unknown cost behaviour")
	ErrStepSize    = errors.New("costing: step size missing or invalid")
	ErrDuplicate   = errors.New("costing: duplicate key")
	ErrNoActivity  = errors.New("costing: costs on a service with no units")
	ErrNoDeflator  = errors.New("costing: year missing from the deflator")
	ErrUnknown     = errors.New("costing: unknown name")
	ErrNoMembers   = errors.New("costing: no target-group members")
	ErrUnitsExceed = errors.New("costing: more units than delivered")
	ErrNoWeight    = errors.New("costing: nothing to allocate over")
)

// maxAmount bounds one ledger or pool amount (10^13 currency units).
func maxAmount() decimal.Decimal { return decimal.New(1, 13) }

// checkAmount checks a ledger or pool amount built in code (the CSV reader
// checks its text the same way as it parses).
func checkAmount(a decimal.Decimal) error {
	switch {
	case a.Sign() < 0:
		return fmt.Errorf("%w: amount %s", ErrNegative, a)
	case !a.Equal(a.Round(2)):
		return fmt.Errorf("%w: amount %s has more than 2 decimal places", ErrInput, a)
	case a.GreaterThanOrEqual(maxAmount()):
		return fmt.Errorf("%w: amount %s is too large", ErrInput, a)
	}
	return nil
}

// InputError is an error in an input file with its position:
// "ledger.csv:12:4: amount: invalid number "12,5": ...".
type InputError = csvio.Error

// Activity is what a service delivered in a year.
type Activity struct {
	Service     string
	Year        int
	Units       decimal.Decimal // service units delivered to everyone
	TargetUnits decimal.Decimal // of which to the target group; ≤ Units
	// Members is the number of target-group members in the year: the
	// denominator of the cost per member. Rows of the same year must agree;
	// zero means "as given on another row of the same year".
	Members decimal.Decimal

	line int
}

// Pool is a shared cost (an overhead) of an agency, allocated to services by
// a driver. Its behaviour is Variable or Fixed: a step needs a single
// service's units, which a shared pool does not have.
type Pool struct {
	Name      string
	Agency    string
	Amount    decimal.Decimal // nominal, in PriceYear's prices; whole cents
	PriceYear int
	Behaviour Behaviour
	// Driver names the allocation key: DirectCost, or a driver given as
	// DriverValue rows.
	Driver string

	line int
}

// DirectCost is the built-in driver that allocates a pool over the services
// on which the pool's agency has direct ledger costs in the pool's year, in
// proportion to those costs.
const DirectCost = "direct_cost"

// DriverValue is one service's quantity of a driver in a year (for example
// staff FTE), the weight by which pools using the driver are allocated.
type DriverValue struct {
	Driver  string
	Service string
	Year    int
	Value   decimal.Decimal // ≥ 0

	line int
}

// Deflator maps a year to a price index. Any base works (2015 = 100, or
// 2024 = 1): only ratios are used. An amount of year y in the prices of year
// b is amount × index[b] / index[y].
type Deflator map[int]decimal.Decimal

// Model is everything Compute needs. Ledger is required; the rest may be
// built in code or loaded with Load.
type Model struct {
	Ledger   *Ledger
	Activity []Activity
	Pools    []Pool
	Drivers  []DriverValue
	Deflator Deflator

	// File names used in error messages.
	ActivityFile, PoolsFile, DriversFile, DeflatorFile string

	cols      map[string]int // column numbers found by the loaders
	deflLines map[int]int    // the deflator's line of each year, when loaded
}

// orDefault names a file in messages: as loaded, or a default for a model
// built in code.
func orDefault(name, def string) string {
	if name != "" {
		return name
	}
	return def
}

// errAt builds a positioned error; line 0 leaves the position out.
func errAt(file string, line, col int, field string, err error) error {
	if line == 0 {
		col = 0
	}
	return &InputError{File: file, Line: line, Column: col, Field: field, Err: err}
}

// col returns the column number of field in file as the loader found it,
// or 0 when the model was built in code.
func (m *Model) col(file, field string) int { return m.cols[file+"\x00"+field] }

func (m *Model) setCols(r *csvio.Reader, cols []csvio.Column) {
	if m.cols == nil {
		m.cols = make(map[string]int)
	}
	for i, c := range cols {
		if col := r.Col(i); col > 0 {
			m.cols[r.Name()+"\x00"+c.Name] = col
		}
	}
}
