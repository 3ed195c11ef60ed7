package costing

// The names and years one file of a costing folder takes from another, and
// the checks that each is defined where it should be: a reference to
// nothing is an error at its own cell, because the data it carries would
// otherwise be left out without a word (a misspelt driver once moved a
// service's overhead to the other services), and the nearest defined name
// is offered. Near misses that may be meant, such as two agencies whose
// names differ only in letter case, are warnings.

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/sib-engine/sib/internal/names"
)

// maxListed is the most names a message lists in full.
const maxListed = 12

// listNames follows a message about a name that is not among all (sorted,
// distinct) with all of them, as " (what a, b)", when they are few enough
// to read.
func listNames(what string, all []string) string {
	if len(all) == 0 || len(all) > maxListed {
		return ""
	}
	return fmt.Sprintf(" (%s %s)", what, strings.Join(all, ", "))
}

// unknownHint follows a name that is not among all (sorted, distinct):
// "; did you mean x?" for a near name, then the list when it is short.
func unknownHint(name string, all []string, what string) string {
	return names.Suggest(name, all) + listNames(what, all)
}

func joinYears(ys []int) string {
	s := make([]string, len(ys))
	for i, y := range ys {
		s[i] = fmt.Sprint(y)
	}
	return strings.Join(s, ", ")
}

// serviceHint explains why service has no activity row for a year: it has
// rows for other years, or it is no service of the activity file at all,
// when the nearest name is offered.
func (c *computer) serviceHint(service string) string {
	if ys := c.svcYears[service]; len(ys) > 0 {
		return fmt.Sprintf(" (it has rows for %s)", joinYears(ys))
	}
	return unknownHint(service, slices.Sorted(maps.Keys(c.svcYears)), "the services in "+fileName(c.actFile)+" are")
}

// ledgerAgencies returns the agencies of the ledger, sorted.
func (c *computer) ledgerAgencies() []string {
	return slices.Sorted(slices.Values(c.m.Ledger.agencies.names))
}

// checkActivityYears checks that every year of activity is in the
// deflator: each is costed in the price base.
func (c *computer) checkActivityYears() error {
	m := c.m
	for i := range m.Activity {
		a := &m.Activity[i]
		if _, ok := m.Deflator[a.Year]; !ok {
			return errAt(c.actFile, a.line, m.col(c.actFile, "year"), "year",
				fmt.Errorf("%w: %d is not in %s (it covers %s); every year of activity is costed in the price base",
					ErrNoDeflator, a.Year, fileName(c.deflFile), deflatorYears(m.Deflator)))
		}
	}
	return nil
}

// checkPoolDrivers checks that every driver a pool names is DirectCost or
// given in the drivers file. given holds the first row of each driver.
func (c *computer) checkPoolDrivers(given map[string]int) error {
	m := c.m
	driverNames := slices.Sorted(maps.Keys(given))
	for _, p := range m.Pools {
		if _, ok := given[p.Driver]; p.Driver != DirectCost && !ok {
			return errAt(c.poolsFile, p.line, m.col(c.poolsFile, "driver"), "driver",
				fmt.Errorf("%w: driver %q is neither %q nor given in %s%s%s", ErrUnknown, p.Driver, DirectCost, fileName(c.driversFile),
					names.Suggest(p.Driver, append(slices.Clone(driverNames), DirectCost)),
					listNames("the drivers in "+fileName(c.driversFile)+" are", driverNames)))
		}
	}
	return nil
}

// checkDriversUsed checks that every driver of the drivers file is used by
// a pool in each year it has values for: a driver no pool uses is usually
// a misspelt name, whose rows would be left out and their services' shares
// of the pool spread over the other services. Compute calls it once the
// pools are allocated, so that a pool that cannot be allocated is reported
// first.
func (c *computer) checkDriversUsed() error {
	m := c.m
	used := make(map[string][]int) // the years each driver allocates a pool
	for _, p := range m.Pools {
		if !slices.Contains(used[p.Driver], p.PriceYear) {
			used[p.Driver] = append(used[p.Driver], p.PriceYear)
		}
	}
	poolDrivers := slices.Sorted(maps.Keys(used))
	for _, d := range m.Drivers {
		years, ok := used[d.Driver]
		switch {
		case !ok:
			return errAt(c.driversFile, d.line, m.col(c.driversFile, "driver"), "driver",
				fmt.Errorf("%w: driver %q is used by no pool%s", ErrUnknown, d.Driver, c.noPool(d.Driver, poolDrivers)))
		case !slices.Contains(years, d.Year):
			slices.Sort(years)
			return errAt(c.driversFile, d.line, m.col(c.driversFile, "year"), "year",
				fmt.Errorf("%w: driver %q has values for %d, but no pool in %s uses it in %d (it is used in %s)",
					ErrUnknown, d.Driver, d.Year, fileName(c.poolsFile), d.Year, joinYears(years)))
		}
	}
	return nil
}

// noPool completes "driver %q is used by no pool" for a driver no pool
// names.
func (c *computer) noPool(driver string, poolDrivers []string) string {
	m := c.m
	switch {
	case len(m.Pools) == 0 && m.PoolsFile != "":
		return ": " + fileName(m.PoolsFile) + " has no rows"
	case len(m.Pools) == 0 && m.DriversFile != "":
		return ": the folder has no " + PoolsFile
	case len(m.Pools) == 0:
		return ": there are no pools"
	}
	return " in " + fileName(c.poolsFile) + unknownHint(driver, poolDrivers, "the drivers in "+fileName(c.poolsFile)+" are")
}

// driverGaps warns of a service that has a driver's values in some of the
// years the driver is given but not in another year in which the service
// has activity: it gets no share of the driver's pools that year, which is
// more often a row left out than meant.
func (c *computer) driverGaps() {
	m := c.m
	type ds struct{ driver, service string }
	var order []ds
	first := make(map[ds]int)
	has := make(map[ds][]int)
	years := make(map[string][]int)
	for _, d := range m.Drivers {
		k := ds{d.Driver, d.Service}
		if _, ok := first[k]; !ok {
			first[k] = d.line
			order = append(order, k)
		}
		has[k] = append(has[k], d.Year)
		if !slices.Contains(years[d.Driver], d.Year) {
			years[d.Driver] = append(years[d.Driver], d.Year)
		}
	}
	for _, k := range order {
		ys := slices.Sorted(slices.Values(years[k.driver]))
		have := slices.Sorted(slices.Values(has[k]))
		for _, y := range ys {
			if slices.Contains(have, y) || c.res.cells[svcYear{k.service, y}] == nil {
				continue
			}
			c.res.Warnings = append(c.res.Warnings, fmt.Sprintf(
				"%s: driver %q has no value for service %q in %d, but has in %s, so %q gets no share of the pools it allocates in %d; write 0 if that is meant",
				lineRef(c.driversFile, first[k]), k.driver, k.service, y, joinYears(have), k.service, y))
		}
	}
}

// nameUse is where a name is first used.
type nameUse struct {
	name, file string
	line       int
}

// foldName is a name with letter case and runs of spaces ignored.
func foldName(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// caseVariants warns of names of one kind (agency, service) that differ
// only in letter case or spaces: they are compared exactly, so "Police" and
// "police" are two agencies, which is seldom meant. uses are in the order
// the messages should follow.
func caseVariants(kind, plural string, uses []nameUse) []string {
	seen := make(map[string]nameUse)
	done := make(map[string]bool)
	var out []string
	for _, u := range uses {
		if done[u.name] {
			continue
		}
		done[u.name] = true
		k := foldName(u.name)
		prev, ok := seen[k]
		if !ok {
			seen[k] = u
			continue
		}
		where := fmt.Sprintf("line %d", prev.line)
		if prev.file != u.file {
			where = lineRef(prev.file, prev.line)
		}
		out = append(out, fmt.Sprintf("%s: %s %q differs from %q (%s) only in letter case or spaces; names are compared exactly, so they are two %s",
			lineRef(u.file, u.line), kind, u.name, prev.name, where, plural))
	}
	return out
}

// nameWarnings adds the warnings about names that are defined but look
// mistyped: agencies and services differing only in letter case, and a
// pool's agency with no ledger costs whose name is close to one that has.
func (c *computer) nameWarnings() {
	m, l := c.m, c.m.Ledger
	var agencies []nameUse
	for _, g := range l.groups { // in the order of their first lines
		agencies = append(agencies, nameUse{l.agencies.names[g.agency], c.ledgerFile, int(g.line)})
	}
	for _, p := range m.Pools {
		agencies = append(agencies, nameUse{p.Agency, c.poolsFile, p.line})
	}
	c.res.Warnings = append(c.res.Warnings, caseVariants("agency", "agencies", agencies)...)
	var services []nameUse
	for _, a := range m.Activity {
		services = append(services, nameUse{a.Service, c.actFile, a.line})
	}
	c.res.Warnings = append(c.res.Warnings, caseVariants("service", "services", services)...)

	inLedger := c.ledgerAgencies()
	folded := make(map[string]bool, len(inLedger))
	for _, a := range inLedger {
		folded[foldName(a)] = true
	}
	done := make(map[string]bool)
	for _, p := range m.Pools {
		// A case variant of a ledger agency has had its warning above.
		if done[p.Agency] || folded[foldName(p.Agency)] {
			continue
		}
		done[p.Agency] = true
		if s := names.Suggest(p.Agency, inLedger); s != "" {
			c.res.Warnings = append(c.res.Warnings, fmt.Sprintf("%s: agency %q of pool %q has no costs in %s%s",
				lineRef(c.poolsFile, p.line), p.Agency, p.Name, fileName(c.ledgerFile), s))
		}
	}
}
