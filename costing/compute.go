package costing

import (
	"cmp"
	"fmt"
	"maps"
	"path/filepath"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/sib-engine/sib/internal/money"
)

// RatePlaces is the number of decimal places kept in rates (cost per unit,
// per member, deflator factors). Money totals are in whole cents.
const RatePlaces = 6

// Options tune Compute.
type Options struct {
	// PriceBase is the year whose prices all results are expressed in. It
	// must be in the deflator. Zero means the latest activity year.
	PriceBase int
}

// Result is the costing of a model in one price base. All money is in the
// ledger's currency, in PriceBase prices, in whole cents.
type Result struct {
	PriceBase int
	Services  []ServiceCost // by service, then year
	Agencies  []AgencyCost  // by year, then agency
	Years     []YearTotal   // reconciliation, by year
	Total     Reconciliation
	// Warnings are data-quality findings that do not stop the costing,
	// each with its position.
	Warnings []string

	cells map[svcYear]*cell
}

// ServiceCost is the cost of one service in one year.
type ServiceCost struct {
	Service     string
	Year        int
	Units       decimal.Decimal
	TargetUnits decimal.Decimal

	Direct   decimal.Decimal // ledger costs
	Overhead decimal.Decimal // allocated from pools
	Total    decimal.Decimal // Direct + Overhead: fully loaded
	Variable decimal.Decimal // Total by behaviour: Variable + Step + Fixed = Total
	Step     decimal.Decimal
	Fixed    decimal.Decimal

	Average decimal.Decimal // Total / Units: fully loaded cost per unit
	// ShortRunMarginal is Variable / Units: what one unit fewer frees
	// while capacity stays as it is (staff, classes and beds kept).
	ShortRunMarginal decimal.Decimal
	// LongRunMarginal is (Variable + Step) / Units: what one unit fewer
	// frees once capacity has adjusted, step costs released in whole
	// steps (Result.Avoid).
	LongRunMarginal decimal.Decimal

	TargetCost decimal.Decimal // the part of Total used by the target group
	PerMember  decimal.Decimal // TargetCost / the year's target-group members
}

// AgencyCost is what one agency spends in a year, and how much of it goes on
// the target group.
type AgencyCost struct {
	Agency     string
	Year       int
	Total      decimal.Decimal
	TargetCost decimal.Decimal
	PerMember  decimal.Decimal // TargetCost / members
}

// YearTotal reconciles one year: nominal money in, money in the price base,
// and where it went.
type YearTotal struct {
	Year          int
	LedgerNominal decimal.Decimal
	PoolsNominal  decimal.Decimal
	Factor        decimal.Decimal // index[PriceBase] / index[Year], rounded for display
	Base          decimal.Decimal // (LedgerNominal + PoolsNominal) × factor, rounded once to cents
	Target        decimal.Decimal // allocated to the target group
	Other         decimal.Decimal // allocated to other users
	Members       decimal.Decimal
	PerMember     decimal.Decimal // Target / Members: a target-group member's cost per year
}

// Reconciliation sums the years. Difference is Base − Target − Other, which
// is zero unless the engine has a bug; it is computed, not assumed. The
// nominal totals add up amounts of different years' prices: they are the
// face totals of the input files, to check that nothing was left out.
type Reconciliation struct {
	LedgerNominal decimal.Decimal
	PoolsNominal  decimal.Decimal
	Base          decimal.Decimal
	Target        decimal.Decimal
	Other         decimal.Decimal
	Difference    decimal.Decimal
}

type svcYear struct {
	service string
	year    int
}

// cell is one service-year with its cost lines in base-year cents.
type cell struct {
	act   *Activity
	lines []costLine
}

type costLine struct {
	agency    string
	pool      string // "" for direct costs
	behaviour Behaviour
	step      decimal.Decimal
	cents     int64 // in the price base
	target    int64 // of which the target group's share
}

// Compute costs the model: it deflates every amount to the price base,
// allocates pools to services, splits each cost between the target group
// and other users by units, and reconciles the result to the cent.
//
// Errors name the file, line and column of the input at fault when the
// model was loaded from files.
func Compute(m *Model, opt Options) (*Result, error) {
	if m.Ledger == nil {
		return nil, fmt.Errorf("%w: no ledger", ErrInput)
	}
	if err := m.Ledger.Check(); err != nil {
		return nil, err
	}
	c := computer{m: m, ledgerFile: orDefault(m.Ledger.File, "ledger"), actFile: orDefault(m.ActivityFile, "activity"),
		poolsFile: orDefault(m.PoolsFile, "pools"), driversFile: orDefault(m.DriversFile, "drivers"),
		deflFile: orDefault(m.DeflatorFile, "deflator")}
	return c.run(opt)
}

type computer struct {
	m                                                     *Model
	ledgerFile, actFile, poolsFile, driversFile, deflFile string
	res                                                   *Result
	members                                               map[int]decimal.Decimal
	years                                                 []int
	svcYears                                              map[string][]int // each service's activity years, sorted
}

func (c *computer) run(opt Options) (*Result, error) {
	m := c.m
	res := &Result{cells: make(map[svcYear]*cell)}
	c.res = res
	if len(m.Activity) == 0 {
		return nil, errAt(c.actFile, 1, 0, "", fmt.Errorf("%w: no rows: expected one row per service and year", ErrInput))
	}
	if m.Ledger.Len() == 0 {
		return nil, errAt(c.ledgerFile, 1, 0, "", fmt.Errorf("%w: no entries: expected one row per cost item, agency and year", ErrInput))
	}
	if err := c.activity(); err != nil {
		return nil, err
	}
	base := opt.PriceBase
	if base == 0 && len(c.years) > 0 {
		base = c.years[len(c.years)-1]
	}
	res.PriceBase = base
	ib, ok := m.Deflator[base]
	if !ok {
		err := fmt.Errorf("%w: price base %d is not in %s (it covers %s)", ErrNoDeflator, base, fileName(c.deflFile), deflatorYears(m.Deflator))
		if opt.PriceBase != 0 {
			return nil, err // the caller's option, not a cell
		}
		// The default comes from the activity file's latest year.
		for _, a := range m.Activity {
			if a.Year == base {
				return nil, errAt(c.actFile, a.line, m.col(c.actFile, "year"), "year",
					fmt.Errorf("%w; the price base is by default the latest year in %s", err, fileName(c.actFile)))
			}
		}
		return nil, err
	}
	for _, y := range slices.Sorted(maps.Keys(m.Deflator)) {
		if v := m.Deflator[y]; v.Sign() <= 0 {
			return nil, fmt.Errorf("%w: %s: index for %d is %s; expected a positive number", ErrInput, fileName(c.deflFile), y, v)
		}
	}

	// Check the ledger against activity and deflator, in ledger order so
	// the first error reported is the first in the file.
	l := m.Ledger
	for _, g := range l.groups {
		svc := l.services.names[g.service]
		y := int(g.year)
		if _, ok := m.Deflator[y]; !ok {
			return nil, errAt(c.ledgerFile, int(g.line), m.col(c.ledgerFile, "price_year"), "price_year",
				fmt.Errorf("%w: %d is not in %s (it covers %s)", ErrNoDeflator, y, fileName(c.deflFile), deflatorYears(m.Deflator)))
		}
		cl := res.cells[svcYear{svc, y}]
		if cl == nil {
			return nil, errAt(c.ledgerFile, int(g.line), m.col(c.ledgerFile, "service"), "service",
				fmt.Errorf("%w: %q has costs in %d but no row in %s for that year%s", ErrNoActivity, svc, y, fileName(c.actFile), c.serviceHint(svc)))
		}
		if cl.act.Units.Sign() == 0 && g.cents > 0 {
			return nil, errAt(c.actFile, cl.act.line, m.col(c.actFile, "units"), "units",
				fmt.Errorf("%w: %q delivered 0 units in %d but has costs in %s (line %d)", ErrNoActivity, svc, y, fileName(c.ledgerFile), g.line))
		}
	}
	if err := c.checkActivityYears(); err != nil {
		return nil, err
	}
	if err := c.checkPools(); err != nil {
		return nil, err
	}
	drivers, err := c.drivers()
	if err != nil {
		return nil, err
	}
	c.driverGaps()
	c.nameWarnings()

	// Deflate and allocate year by year.
	for _, y := range c.years {
		if err := c.year(y, ib, drivers); err != nil {
			return nil, err
		}
	}
	if err := c.checkDriversUsed(); err != nil {
		return nil, err
	}
	c.summarise()
	return res, nil
}

func deflatorYears(d Deflator) string {
	if len(d) == 0 {
		return "no years"
	}
	ys := slices.Sorted(maps.Keys(d))
	return fmt.Sprintf("%d-%d", ys[0], ys[len(ys)-1])
}

// activity indexes the activity rows and the members of each year.
func (c *computer) activity() error {
	m, res := c.m, c.res
	c.members = make(map[int]decimal.Decimal)
	c.svcYears = make(map[string][]int)
	memberLine := make(map[int]int)
	for i := range m.Activity {
		a := &m.Activity[i]
		line := a.line
		if line == 0 {
			line = i + 1
		}
		at := func(field string, err error) error {
			return errAt(c.actFile, a.line, m.col(c.actFile, field), field, err)
		}
		if err := checkNames(a.Service); err != nil {
			return at("service", err)
		}
		switch {
		case a.Units.Sign() < 0:
			return at("units", fmt.Errorf("%w %s: expected zero or more units", ErrNegative, a.Units))
		case a.TargetUnits.Sign() < 0:
			return at("target_units", fmt.Errorf("%w %s: expected zero or more units", ErrNegative, a.TargetUnits))
		case a.Members.Sign() < 0:
			return at("members", fmt.Errorf("%w %s: expected zero or more members", ErrNegative, a.Members))
		case a.TargetUnits.GreaterThan(a.Units):
			return at("target_units", fmt.Errorf("%w: %s target-group units exceed the %s units delivered", ErrUnitsExceed, a.TargetUnits, a.Units))
		}
		k := svcYear{a.Service, a.Year}
		if prev, dup := res.cells[k]; dup {
			return at("service", fmt.Errorf("%w: service %q, year %d was already given on line %d", ErrDuplicate, a.Service, a.Year, prev.act.line))
		}
		res.cells[k] = &cell{act: a}
		c.svcYears[a.Service] = append(c.svcYears[a.Service], a.Year)
		if a.Members.Sign() > 0 {
			if prev, ok := c.members[a.Year]; ok && !prev.Equal(a.Members) {
				return at("members", fmt.Errorf("%w: %s members in %d, but line %d gives %s; members is the size of the target group in the year, the same on every row",
					ErrInput, a.Members, a.Year, memberLine[a.Year], prev))
			}
			c.members[a.Year] = a.Members
			if _, ok := memberLine[a.Year]; !ok {
				memberLine[a.Year] = line
			}
		}
		if !slices.Contains(c.years, a.Year) {
			c.years = append(c.years, a.Year)
		}
	}
	slices.Sort(c.years)
	for _, ys := range c.svcYears {
		slices.Sort(ys)
	}
	for _, a := range m.Activity {
		if _, ok := c.members[a.Year]; !ok {
			return errAt(c.actFile, a.line, m.col(c.actFile, "members"), "members",
				fmt.Errorf("%w: no row of %d gives the number of target-group members", ErrNoMembers, a.Year))
		}
	}
	return nil
}

func (c *computer) checkPools() error {
	m := c.m
	seen := make(map[[2]string]int)
	for i := range m.Pools {
		p := &m.Pools[i]
		at := func(field string, err error) error {
			return errAt(c.poolsFile, p.line, m.col(c.poolsFile, field), field, err)
		}
		if err := checkNames(p.Name); err != nil {
			return at("pool", err)
		}
		if err := checkNames(p.Agency); err != nil {
			return at("agency", err)
		}
		k := [2]string{p.Name, fmt.Sprint(p.PriceYear)}
		if first, dup := seen[k]; dup {
			return at("pool", fmt.Errorf("%w: pool %q, price year %d was already given on line %d", ErrDuplicate, p.Name, p.PriceYear, first))
		}
		seen[k] = p.line
		if err := checkAmount(p.Amount); err != nil {
			return at("amount", err)
		}
		switch {
		case p.Behaviour == Step:
			return at("behaviour", fmt.Errorf("%w: a pool cannot be a step cost (a step counts one service's units); use variable or fixed", ErrBehaviour))
		case p.Behaviour != Variable && p.Behaviour != Fixed:
			return at("behaviour", fmt.Errorf("%w: %v", ErrBehaviour, p.Behaviour))
		}
		if _, ok := m.Deflator[p.PriceYear]; !ok {
			return at("price_year", fmt.Errorf("%w: %d is not in %s (it covers %s)", ErrNoDeflator, p.PriceYear, fileName(c.deflFile), deflatorYears(m.Deflator)))
		}
		if !slices.Contains(c.years, p.PriceYear) {
			return at("price_year", fmt.Errorf("%w: pool %q is for %d, but %s has no rows for %d to allocate it to", ErrNoActivity, p.Name, p.PriceYear, fileName(c.actFile), p.PriceYear))
		}
	}
	return nil
}

type driverKey struct {
	driver string
	year   int
}

// drivers indexes driver values by (driver, year) and checks that each
// names a service with activity that year, and that drivers and pools name
// each other (checkPoolDrivers).
func (c *computer) drivers() (map[driverKey][]DriverValue, error) {
	m := c.m
	out := make(map[driverKey][]DriverValue)
	seen := make(map[DriverValue]int)
	given := make(map[string]int)
	for i := range m.Drivers {
		d := m.Drivers[i]
		at := func(field string, err error) error {
			return errAt(c.driversFile, d.line, m.col(c.driversFile, field), field, err)
		}
		if d.Driver == DirectCost {
			return nil, at("driver", fmt.Errorf("%w: %q is built in and cannot be given values", ErrInput, DirectCost))
		}
		if d.Value.Sign() < 0 {
			return nil, at("value", fmt.Errorf("%w %s: expected zero or more", ErrNegative, d.Value))
		}
		k := DriverValue{Driver: d.Driver, Service: d.Service, Year: d.Year}
		if first, dup := seen[k]; dup {
			return nil, at("service", fmt.Errorf("%w: driver %q, service %q, year %d was already given on line %d", ErrDuplicate, d.Driver, d.Service, d.Year, first))
		}
		seen[k] = d.line
		cl := c.res.cells[svcYear{d.Service, d.Year}]
		if cl == nil {
			year := ""
			if len(c.svcYears[d.Service]) > 0 {
				year = fmt.Sprintf(" for %d", d.Year)
			}
			return nil, at("service", fmt.Errorf("%w: driver %q names service %q, which has no row in %s%s%s",
				ErrUnknown, d.Driver, d.Service, fileName(c.actFile), year, c.serviceHint(d.Service)))
		}
		if cl.act.Units.Sign() == 0 && d.Value.Sign() > 0 {
			return nil, at("value", fmt.Errorf("%w: driver %q would allocate costs to %q, which delivered 0 units in %d", ErrNoActivity, d.Driver, d.Service, d.Year))
		}
		dk := driverKey{d.Driver, d.Year}
		out[dk] = append(out[dk], d)
		if _, ok := given[d.Driver]; !ok {
			given[d.Driver] = d.line
		}
	}
	if err := c.checkPoolDrivers(given); err != nil {
		return nil, err
	}
	for _, vs := range out {
		slices.SortFunc(vs, func(a, b DriverValue) int { return cmp.Compare(a.Service, b.Service) })
	}
	return out, nil
}

// year deflates the year's ledger groups and pools to the price base in one
// rounding, then allocates the pools.
func (c *computer) year(y int, ib decimal.Decimal, drivers map[driverKey][]DriverValue) error {
	m, l, res := c.m, c.m.Ledger, c.res
	// The year's groups and pools in a canonical order, so that the order of
	// the input rows cannot move a tie-broken cent: groups by service,
	// agency, behaviour and step size; pools by name.
	var groups, pools []int
	for i, g := range l.groups {
		if int(g.year) == y {
			groups = append(groups, i)
		}
	}
	slices.SortFunc(groups, func(a, b int) int {
		ga, gb := l.groups[a], l.groups[b]
		return cmp.Or(
			cmp.Compare(l.services.names[ga.service], l.services.names[gb.service]),
			cmp.Compare(l.agencies.names[ga.agency], l.agencies.names[gb.agency]),
			cmp.Compare(ga.behaviour, gb.behaviour),
			l.steps[ga.step].Cmp(l.steps[gb.step]))
	})
	for i, p := range m.Pools {
		if p.PriceYear == y {
			pools = append(pools, i)
		}
	}
	slices.SortFunc(pools, func(a, b int) int { return cmp.Compare(m.Pools[a].Name, m.Pools[b].Name) })

	weights := make([]decimal.Decimal, 0, len(groups)+len(pools))
	var ledgerN, poolsN int64
	for _, gi := range groups {
		ledgerN += l.groups[gi].cents // cannot overflow: bounded by the ledger total
		weights = append(weights, decimal.NewFromInt(l.groups[gi].cents))
	}
	if err := c.checkYearTotal(y, ledgerN); err != nil {
		return err
	}
	for _, pi := range pools {
		pc := money.Cents(m.Pools[pi].Amount)
		var ok bool
		if poolsN, ok = money.Sum(poolsN, pc); !ok {
			return fmt.Errorf("%w: pools of %d overflow", ErrInput, y)
		}
		weights = append(weights, decimal.NewFromInt(pc))
	}
	nominal, ok := money.Sum(ledgerN, poolsN)
	if !ok {
		return fmt.Errorf("%w: costs of %d overflow", ErrInput, y)
	}
	iy := m.Deflator[y]
	if nominal > money.MaxCents {
		return fmt.Errorf("%w: the ledger and pools of %d add up to %s, beyond the engine's limit of %s",
			ErrInput, y, money.Decimal(nominal), money.Decimal(money.MaxCents))
	}
	bt := decimal.NewFromInt(nominal).Mul(ib).DivRound(iy, 0)
	if bt.GreaterThan(decimal.NewFromInt(money.MaxCents)) {
		return errAt(c.deflFile, m.deflLines[y], m.col(c.deflFile, "index"), "index", fmt.Errorf("%w: the costs of %d, %s, become %s in %d prices (index %s against %s), beyond the engine's limit",
			ErrInput, y, money.Decimal(nominal), bt.Shift(-2).StringFixed(2), c.res.PriceBase, ib, iy))
	}
	baseTotal := bt.IntPart()
	based, err := money.Allocate(baseTotal, weights)
	if err != nil {
		return fmt.Errorf("costing: deflating %d: %w", y, err)
	}
	yt := YearTotal{
		Year: y, LedgerNominal: money.Decimal(ledgerN), PoolsNominal: money.Decimal(poolsN),
		Factor: ib.DivRound(iy, RatePlaces), Base: money.Decimal(baseTotal), Members: c.members[y],
	}
	for j, gi := range groups {
		g := l.groups[gi]
		cl := res.cells[svcYear{l.services.names[g.service], y}]
		cl.lines = append(cl.lines, costLine{
			agency: l.agencies.names[g.agency], behaviour: g.behaviour,
			step: l.steps[g.step], cents: based[j],
		})
	}
	for j, pi := range pools {
		if err := c.allocatePool(&m.Pools[pi], based[len(groups)+j], drivers); err != nil {
			return err
		}
	}
	res.Years = append(res.Years, yt)
	return nil
}

// checkYearTotal checks that the year's ledger costs (at most the ledger's
// bounded total) and pools add up to no more than the engine's limit. The
// pool that takes the sum over, in file order, is the cell at fault.
func (c *computer) checkYearTotal(y int, ledger int64) error {
	m := c.m
	total := ledger
	for i := range m.Pools {
		p := &m.Pools[i]
		if p.PriceYear != y {
			continue
		}
		// Each pool is under 10^15 cents (checkAmount), so this cannot overflow.
		if total += money.Cents(p.Amount); total > money.MaxCents {
			return errAt(c.poolsFile, p.line, m.col(c.poolsFile, "amount"), "amount",
				fmt.Errorf("%w: the ledger and pools of %d add up to more than the engine's limit of %s", ErrInput, y, money.Decimal(money.MaxCents).StringFixed(2)))
		}
	}
	return nil
}

func (c *computer) allocatePool(p *Pool, cents int64, drivers map[driverKey][]DriverValue) error {
	res := c.res
	var svcs []string
	var w []decimal.Decimal
	if p.Driver == DirectCost {
		direct := make(map[string]int64)
		for k, cl := range res.cells {
			if k.year != p.PriceYear {
				continue
			}
			for _, ln := range cl.lines {
				if ln.pool == "" && ln.agency == p.Agency && ln.cents > 0 {
					direct[k.service] += ln.cents
				}
			}
		}
		for s := range direct {
			svcs = append(svcs, s)
		}
		slices.Sort(svcs)
		for _, s := range svcs {
			w = append(w, decimal.NewFromInt(direct[s]))
		}
	} else {
		for _, d := range drivers[driverKey{p.Driver, p.PriceYear}] {
			svcs = append(svcs, d.Service)
			w = append(w, d.Value)
		}
	}
	shares, err := money.Allocate(cents, w)
	if err != nil {
		what := fmt.Sprintf("driver %q gives no service any weight in %d", p.Driver, p.PriceYear)
		if p.Driver == DirectCost {
			what = fmt.Sprintf("agency %q has no direct costs in %d to allocate over", p.Agency, p.PriceYear)
			if agencies := c.ledgerAgencies(); !slices.Contains(agencies, p.Agency) {
				what += unknownHint(p.Agency, agencies, "the agencies in "+fileName(c.ledgerFile)+" are")
			}
		}
		return errAt(c.poolsFile, p.line, c.m.col(c.poolsFile, "driver"), "driver", fmt.Errorf("%w: pool %q: %s", ErrNoWeight, p.Name, what))
	}
	for i, s := range svcs {
		if shares[i] == 0 && w[i].IsZero() {
			continue
		}
		cl := res.cells[svcYear{s, p.PriceYear}]
		cl.lines = append(cl.lines, costLine{agency: p.Agency, pool: p.Name, behaviour: p.Behaviour, cents: shares[i]})
	}
	return nil
}

// summarise splits every cost line between the target group and others,
// and adds up services, agencies and years.
func (c *computer) summarise() {
	res := c.res
	type agYear struct {
		agency string
		year   int
	}
	ag := make(map[agYear]*[2]int64)
	yearTarget := make(map[int]int64)
	yearOther := make(map[int]int64)
	keys := make([]svcYear, 0, len(res.cells))
	for k := range res.cells {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b svcYear) int {
		return cmp.Or(cmp.Compare(a.service, b.service), cmp.Compare(a.year, b.year))
	})
	for _, k := range keys {
		cl := res.cells[k]
		a := cl.act
		if len(cl.lines) == 0 {
			res.Warnings = append(res.Warnings, fmt.Sprintf("%s: service %q has activity in %d but no costs", lineRef(c.actFile, a.line), k.service, k.year))
			continue
		}
		var direct, overhead, target, other int64
		var byB [Fixed + 1]int64
		for i := range cl.lines {
			ln := &cl.lines[i]
			var share int64
			if a.Units.Sign() > 0 { // else, as checked, the cost is zero too
				share, _ = money.Share(ln.cents, a.TargetUnits, a.Units)
			}
			ln.target = share
			target += share
			other += ln.cents - share
			if ln.pool == "" {
				direct += ln.cents
			} else {
				overhead += ln.cents
			}
			byB[ln.behaviour] += ln.cents
			t := ag[agYear{ln.agency, k.year}]
			if t == nil {
				t = new([2]int64)
				ag[agYear{ln.agency, k.year}] = t
			}
			t[0] += ln.cents
			t[1] += share
		}
		yearTarget[k.year] += target
		yearOther[k.year] += other
		total := direct + overhead
		members := c.members[k.year]
		sc := ServiceCost{
			Service: k.service, Year: k.year, Units: a.Units, TargetUnits: a.TargetUnits,
			Direct: money.Decimal(direct), Overhead: money.Decimal(overhead), Total: money.Decimal(total),
			Variable: money.Decimal(byB[Variable]), Step: money.Decimal(byB[Step]), Fixed: money.Decimal(byB[Fixed]),
			TargetCost: money.Decimal(target),
			PerMember:  money.Decimal(target).DivRound(members, RatePlaces),
		}
		if a.Units.Sign() > 0 {
			sc.Average = sc.Total.DivRound(a.Units, RatePlaces)
			sc.ShortRunMarginal = sc.Variable.DivRound(a.Units, RatePlaces)
			sc.LongRunMarginal = sc.Variable.Add(sc.Step).DivRound(a.Units, RatePlaces)
		}
		res.Services = append(res.Services, sc)
	}
	for k, t := range ag {
		res.Agencies = append(res.Agencies, AgencyCost{
			Agency: k.agency, Year: k.year, Total: money.Decimal(t[0]), TargetCost: money.Decimal(t[1]),
			PerMember: money.Decimal(t[1]).DivRound(c.members[k.year], RatePlaces),
		})
	}
	slices.SortFunc(res.Agencies, func(a, b AgencyCost) int {
		return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.Agency, b.Agency))
	})
	var tot Reconciliation
	for i := range res.Years {
		yt := &res.Years[i]
		yt.Target = money.Decimal(yearTarget[yt.Year])
		yt.Other = money.Decimal(yearOther[yt.Year])
		yt.PerMember = yt.Target.DivRound(yt.Members, RatePlaces)
		tot.LedgerNominal = tot.LedgerNominal.Add(yt.LedgerNominal)
		tot.PoolsNominal = tot.PoolsNominal.Add(yt.PoolsNominal)
		tot.Base = tot.Base.Add(yt.Base)
		tot.Target = tot.Target.Add(yt.Target)
		tot.Other = tot.Other.Add(yt.Other)
	}
	tot.Difference = tot.Base.Sub(tot.Target).Sub(tot.Other)
	res.Total = tot
}

// fileName names a file mentioned in a message about another file.
func fileName(file string) string { return filepath.Base(file) }

func lineRef(file string, line int) string {
	if line == 0 {
		return file
	}
	return fmt.Sprintf("%s:%d", file, line)
}

// Line is one cost line of a service in a year, in the price base: a ledger
// group (service, agency, behaviour, step size) or a pool's share.
type Line struct {
	Agency     string
	Pool       string // "" for a direct ledger cost
	Behaviour  Behaviour
	StepSize   decimal.Decimal // Step only
	Cost       decimal.Decimal
	TargetCost decimal.Decimal // the target group's share of Cost
}

// Lines returns the cost lines behind a service's costs in a year, in the
// canonical order (direct costs by agency, behaviour and step size, then
// pool shares by pool name), or nil when the service has no costs that
// year. They add up to the service's Total and TargetCost.
func (r *Result) Lines(service string, year int) []Line {
	cl := r.cells[svcYear{service, year}]
	if cl == nil || len(cl.lines) == 0 {
		return nil
	}
	out := make([]Line, len(cl.lines))
	for i, ln := range cl.lines {
		out[i] = Line{Agency: ln.agency, Pool: ln.pool, Behaviour: ln.behaviour, StepSize: ln.step,
			Cost: money.Decimal(ln.cents), TargetCost: money.Decimal(ln.target)}
	}
	return out
}
