package costing

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"

	"github.com/shopspring/decimal"

	"github.com/sib-engine/sib/internal/csvio"
)

// The files of a costing folder. Ledger, activity and deflator are required.
const (
	LedgerFile   = "ledger.csv"
	ActivityFile = "activity.csv"
	DeflatorFile = "deflator.csv"
	PoolsFile    = "pools.csv"
	DriversFile  = "drivers.csv"
)

var (
	ledgerCols = []csvio.Column{
		{Name: "service", Required: true}, {Name: "agency", Required: true}, {Name: "item", Required: true},
		{Name: "amount", Required: true}, {Name: "price_year", Required: true}, {Name: "behaviour", Required: true},
		{Name: "step_size"},
	}
	activityCols = []csvio.Column{
		{Name: "service", Required: true}, {Name: "year", Required: true}, {Name: "units", Required: true},
		{Name: "target_units", Required: true}, {Name: "members", Required: true},
	}
	poolCols = []csvio.Column{
		{Name: "pool", Required: true}, {Name: "agency", Required: true}, {Name: "amount", Required: true},
		{Name: "price_year", Required: true}, {Name: "behaviour", Required: true}, {Name: "driver", Required: true},
	}
	driverCols = []csvio.Column{
		{Name: "driver", Required: true}, {Name: "service", Required: true}, {Name: "year", Required: true},
		{Name: "value", Required: true},
	}
	deflatorCols = []csvio.Column{{Name: "year", Required: true}, {Name: "index", Required: true}}
)

// Load reads a costing folder: ledger.csv, activity.csv and deflator.csv,
// and pools.csv and drivers.csv when present. Any other .csv file in the
// folder is an error, because it is usually a misspelt name whose data
// would silently be left out. Error messages name files by the path built
// from dir.
func Load(dir string) (*Model, error) { return LoadWith(dir, LoadOptions{}) }

// LoadOptions are the settings of LoadWith.
type LoadOptions struct {
	// Limits bound each input file; zero fields take csvio's defaults.
	Limits csvio.Limits
}

// LoadWith is Load with options.
func LoadWith(dir string, opt LoadOptions) (*Model, error) {
	if unknown := UnknownFiles(dir); len(unknown) > 0 {
		return nil, &InputError{File: filepath.Join(dir, unknown[0]), Err: fmt.Errorf("%w: not an input file of a costing folder (%s, %s, %s, and optionally %s and %s); rename it%s, or move it out of the folder",
			ErrUnknown, LedgerFile, ActivityFile, DeflatorFile, PoolsFile, DriversFile, csvio.RenameHint(unknown[0], LedgerFile, ActivityFile, DeflatorFile, PoolsFile, DriversFile))}
	}
	m := &Model{Ledger: NewLedger()}
	type file struct {
		name     string
		required bool
		read     func(io.Reader, string) error
	}
	files := []file{
		{DeflatorFile, true, m.ReadDeflator},
		{ActivityFile, true, m.ReadActivity},
		{LedgerFile, true, m.ReadLedger},
		{PoolsFile, false, m.ReadPools},
		{DriversFile, false, m.ReadDrivers},
	}
	for _, f := range files {
		path := filepath.Join(dir, f.name)
		fh, err := csvio.Open(path, opt.Limits)
		if errors.Is(err, fs.ErrNotExist) && !f.required {
			continue
		}
		if err != nil {
			return nil, err
		}
		err = f.read(fh, path)
		fh.Close()
		if err != nil {
			return nil, err
		}
	}
	return m, nil
}

// UnknownFiles lists the .csv files in dir that Load does not read, which
// are usually misspelt names ("pool.csv").
func UnknownFiles(dir string) []string {
	return csvio.UnknownFiles(dir, LedgerFile, ActivityFile, DeflatorFile, PoolsFile, DriversFile)
}

// ReadLedger streams a ledger file into m.Ledger (created if nil). Only one
// record is held at a time.
func (m *Model) ReadLedger(r io.Reader, name string) error {
	if m.Ledger == nil {
		m.Ledger = NewLedger()
	}
	l := m.Ledger
	l.File = name
	const (
		cService = iota
		cAgency
		cItem
		cAmount
		cYear
		cBehaviour
		cStep
	)
	cr, err := csvio.NewReader(r, name, ledgerCols)
	if err != nil {
		return err
	}
	m.setCols(cr, ledgerCols)
	for cr.Next() {
		svc, err := cr.String(cService, "a service name")
		if err != nil {
			return err
		}
		agency, err := cr.String(cAgency, "an agency name")
		if err != nil {
			return err
		}
		item, err := cr.String(cItem, "a cost item name")
		if err != nil {
			return err
		}
		cents, err := cr.Cents(cAmount)
		if err != nil {
			return err
		}
		year, err := cr.Year(cYear)
		if err != nil {
			return err
		}
		b, err := ParseBehaviour(cr.Field(cBehaviour))
		if err != nil {
			return cr.Wrap(cBehaviour, err)
		}
		step := cr.Field(cStep)
		var st int32
		switch {
		case b == Step && step == "":
			return cr.Wrap(cStep, fmt.Errorf("%w: a step cost needs the number of service units one step of capacity serves (a prison wing of 10 places: 3650 prisoner-days)", ErrStepSize))
		case b != Step && step != "":
			return cr.Wrap(cStep, fmt.Errorf("%w: step_size %s is given for a %v cost; leave it empty or make the behaviour step", ErrStepSize, step, b))
		case b == Step:
			var ok bool
			if st, ok = l.stepIx[step]; !ok {
				d, err := cr.Decimal(cStep, true)
				if err != nil {
					return err
				}
				if d.Sign() == 0 {
					return cr.Wrap(cStep, fmt.Errorf("%w: 0: expected a positive number of service units", ErrStepSize))
				}
				st = l.stepID(step, d)
			}
		}
		if err := l.add(svc, agency, item, cents, year, b, st, cr.Line()); err != nil {
			return cr.Wrap(cAmount, err) // the amount that takes the total over the limit
		}
	}
	if err := cr.Err(); err != nil {
		return err
	}
	l.itemCol = cr.Col(cItem)
	return l.Check()
}

// ReadActivity reads an activity file into m.Activity.
func (m *Model) ReadActivity(r io.Reader, name string) error {
	m.ActivityFile = name
	const (
		cService = iota
		cYear
		cUnits
		cTarget
		cMembers
	)
	cr, err := csvio.NewReader(r, name, activityCols)
	if err != nil {
		return err
	}
	m.setCols(cr, activityCols)
	for cr.Next() {
		var a Activity
		if a.Service, err = cr.String(cService, "a service name"); err != nil {
			return err
		}
		if a.Year, err = cr.Year(cYear); err != nil {
			return err
		}
		if a.Units, err = cr.Decimal(cUnits, true); err != nil {
			return err
		}
		if a.TargetUnits, err = cr.Decimal(cTarget, true); err != nil {
			return err
		}
		if cr.Field(cMembers) != "" {
			if a.Members, err = cr.Decimal(cMembers, true); err != nil {
				return err
			}
			if a.Members.IsZero() {
				return cr.Errorf(cMembers, "%w: 0: expected the number of target-group members in the year (leave it empty to take it from another row of the year)", ErrNoMembers)
			}
		}
		a.line = cr.Line()
		m.Activity = append(m.Activity, a)
	}
	return cr.Err()
}

// ReadPools reads a shared cost pools file into m.Pools.
func (m *Model) ReadPools(r io.Reader, name string) error {
	m.PoolsFile = name
	const (
		cPool = iota
		cAgency
		cAmount
		cYear
		cBehaviour
		cDriver
	)
	cr, err := csvio.NewReader(r, name, poolCols)
	if err != nil {
		return err
	}
	m.setCols(cr, poolCols)
	for cr.Next() {
		var p Pool
		if p.Name, err = cr.String(cPool, "a pool name"); err != nil {
			return err
		}
		if p.Agency, err = cr.String(cAgency, "an agency name"); err != nil {
			return err
		}
		cents, err := cr.Cents(cAmount)
		if err != nil {
			return err
		}
		p.Amount = decimal.New(cents, -2)
		if p.PriceYear, err = cr.Year(cYear); err != nil {
			return err
		}
		if p.Behaviour, err = ParseBehaviour(cr.Field(cBehaviour)); err != nil {
			return cr.Wrap(cBehaviour, err)
		}
		if p.Driver, err = cr.String(cDriver, fmt.Sprintf("a driver: %s or a driver named in %s", DirectCost, DriversFile)); err != nil {
			return err
		}
		p.line = cr.Line()
		m.Pools = append(m.Pools, p)
	}
	return cr.Err()
}

// ReadDrivers reads a drivers file into m.Drivers.
func (m *Model) ReadDrivers(r io.Reader, name string) error {
	m.DriversFile = name
	const (
		cDriver = iota
		cService
		cYear
		cValue
	)
	cr, err := csvio.NewReader(r, name, driverCols)
	if err != nil {
		return err
	}
	m.setCols(cr, driverCols)
	for cr.Next() {
		var d DriverValue
		if d.Driver, err = cr.String(cDriver, "a driver name"); err != nil {
			return err
		}
		if d.Service, err = cr.String(cService, "a service name"); err != nil {
			return err
		}
		if d.Year, err = cr.Year(cYear); err != nil {
			return err
		}
		if d.Value, err = cr.Decimal(cValue, true); err != nil {
			return err
		}
		d.line = cr.Line()
		m.Drivers = append(m.Drivers, d)
	}
	return cr.Err()
}

// ReadDeflator reads a deflator file (year, index) into m.Deflator.
func (m *Model) ReadDeflator(r io.Reader, name string) error {
	m.DeflatorFile = name
	cr, err := csvio.NewReader(r, name, deflatorCols)
	if err != nil {
		return err
	}
	m.setCols(cr, deflatorCols)
	if m.Deflator == nil {
		m.Deflator = make(Deflator)
	}
	lines := make(map[int]int)
	m.deflLines = lines
	for cr.Next() {
		y, err := cr.Year(0)
		if err != nil {
			return err
		}
		ix, err := cr.Decimal(1, true)
		if err != nil {
			return err
		}
		if ix.Sign() == 0 {
			return cr.Errorf(1, "%w: index 0; expected a positive price index", ErrInput)
		}
		if first, dup := lines[y]; dup {
			return cr.Wrap(0, fmt.Errorf("%w: year %d was already given on line %d", ErrDuplicate, y, first))
		}
		lines[y] = cr.Line()
		m.Deflator[y] = ix
	}
	return cr.Err()
}
