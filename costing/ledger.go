package costing

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/sib-engine/sib/internal/money"
)

// Behaviour says how a cost responds when demand for a service falls.
type Behaviour uint8

// Cost behaviours.
const (
	Variable Behaviour = iota + 1 // falls in proportion to each unit avoided
	Step                          // falls only when a whole step of StepSize units closes
	Fixed                         // does not fall
)

var behaviourNames = [...]string{Variable: "variable", Step: "step", Fixed: "fixed"}

func (b Behaviour) String() string {
	if b >= Variable && b <= Fixed {
		return behaviourNames[b]
	}
	return fmt.Sprintf("Behaviour(%d)", uint8(b))
}

// ParseBehaviour parses "variable", "step" or "fixed" (any case).
func ParseBehaviour(s string) (Behaviour, error) {
	for b := Variable; b <= Fixed; b++ {
		if strings.EqualFold(s, behaviourNames[b]) {
			return b, nil
		}
	}
	return 0, fmt.Errorf("%w %q: expected variable, step or fixed", ErrBehaviour, s)
}

// Entry is one line of a cost ledger: what one cost item of a service cost
// one agency in one year.
type Entry struct {
	Service   string
	Agency    string
	Item      string
	Amount    decimal.Decimal // nominal, in PriceYear's prices; ≥ 0, whole cents
	PriceYear int             // the financial year of the cost; matched with that year's activity
	Behaviour Behaviour
	StepSize  decimal.Decimal // service units per step; Step costs only
}

// Ledger accumulates entries as they stream in. It keeps one running total
// per (service, agency, year, behaviour, step size) rather than the entries
// themselves, so a ledger of millions of lines costs memory in proportion to
// the number of services, plus one small key per line for the duplicate check.
type Ledger struct {
	// File names the source in error messages (default "ledger").
	File string

	// Names are interned per kind so that a key packs into 64 bits.
	services, agencies, items intern
	// keys has one packed key per entry, in order, for Check: sorting them
	// once at the end is several times faster than a hash map of a million
	// keys, and a third of its memory.
	keys    []keyLine
	checked int                // len(keys) when Check last passed
	wide    map[entryKey]int32 // keys too large to pack (never in practice)
	wideDup error              // the first repeat among them, for Check
	wideAt  int32              // its line
	itemCol int                // column of "item" in the file, for positions
	groupIx map[groupKey]int
	groups  []group
	steps   []decimal.Decimal // interned step sizes; index 0 means none
	stepIx  map[string]int32  // by the text as written
	stepVal map[string]int32  // by value, so "150" and "150.0" share an id
	total   int64
	entries int
}

type keyLine struct {
	key  uint64
	line int32
}

type entryKey struct {
	service, agency, item int32
	year                  int32
}

type groupKey struct {
	service, agency int32
	year            int32
	behaviour       Behaviour
	step            int32
}

// group is a running total of ledger lines that behave alike.
type group struct {
	groupKey
	cents int64
	line  int32 // first source line, for error messages
}

// intern maps names to small integers so that keys are fixed-size.
type intern struct {
	ix    map[string]int32
	names []string
}

func (in *intern) id(s string) int32 {
	if i, ok := in.ix[s]; ok {
		return i
	}
	if in.ix == nil {
		in.ix = make(map[string]int32)
	}
	i := int32(len(in.names))
	s = strings.Clone(s) // the caller's string may alias a reused buffer
	in.ix[s] = i
	in.names = append(in.names, s)
	return i
}

// NewLedger returns an empty ledger.
func NewLedger() *Ledger {
	return &Ledger{
		File:    "ledger",
		groupIx: make(map[groupKey]int),
		steps:   []decimal.Decimal{{}},
		stepIx:  make(map[string]int32),
		stepVal: make(map[string]int32),
	}
}

// Len returns the number of entries added.
func (l *Ledger) Len() int { return l.entries }

// Total returns the sum of the entries' nominal amounts.
func (l *Ledger) Total() decimal.Decimal { return money.Decimal(l.total) }

// Add adds an entry. It returns an error, and leaves the ledger unchanged,
// if the entry is invalid. An entry that repeats the (service, agency,
// item, price year) of an earlier one is reported by Check, which Compute
// calls; the "line" of an entry added in code is its ordinal number.
func (l *Ledger) Add(e Entry) error {
	if err := checkNames(e.Service, e.Agency, e.Item); err != nil {
		return err
	}
	if err := checkAmount(e.Amount); err != nil {
		return err
	}
	if e.Behaviour < Variable || e.Behaviour > Fixed {
		return fmt.Errorf("%w: %v", ErrBehaviour, e.Behaviour)
	}
	var st int32
	if e.Behaviour == Step {
		if e.StepSize.Sign() <= 0 {
			return fmt.Errorf("%w: a step cost needs a positive step size", ErrStepSize)
		}
		st = l.stepID(e.StepSize.String(), e.StepSize)
	} else if !e.StepSize.IsZero() {
		return fmt.Errorf("%w: a step size is given for a %v cost", ErrStepSize, e.Behaviour)
	}
	return l.add(e.Service, e.Agency, e.Item, money.Cents(e.Amount), e.PriceYear, e.Behaviour, st, l.entries+1)
}

// stepID interns a step size. Sizes equal in value ("150", "150.0") share
// an id, so their costs form one group.
func (l *Ledger) stepID(raw string, d decimal.Decimal) int32 {
	if id, ok := l.stepIx[raw]; ok {
		return id
	}
	norm := d.String()
	id, ok := l.stepVal[norm]
	if !ok {
		id = int32(len(l.steps))
		l.steps = append(l.steps, d)
		l.stepVal[norm] = id
	}
	l.stepIx[strings.Clone(raw)] = id
	return id
}

// add is Add without the checks the CSV reader has already made. st is the
// interned step size, 0 for none.
func (l *Ledger) add(service, agency, item string, cents int64, year int, b Behaviour, st int32, line int) error {
	svc, ag, it := l.services.id(service), l.agencies.id(agency), l.items.id(item)
	k := entryKey{svc, ag, it, int32(year)}
	p, packed := pack(k)
	if !packed && l.wideDup == nil {
		if first, dup := l.wide[k]; dup {
			l.wideDup, l.wideAt = dupError(service, agency, item, year, int(first)), int32(line)
		}
	}
	total, ok := money.Sum(l.total, cents)
	if !ok || total > money.MaxCents {
		return fmt.Errorf("%w: the ledger adds up to more than the engine's limit of %s", ErrInput, money.Decimal(money.MaxCents).StringFixed(2))
	}
	if packed {
		l.keys = append(l.keys, keyLine{p, int32(line)})
	} else {
		if l.wide == nil {
			l.wide = make(map[entryKey]int32)
		}
		l.wide[k] = int32(line)
	}
	gk := groupKey{svc, ag, int32(year), b, st}
	gi, ok := l.groupIx[gk]
	if !ok {
		gi = len(l.groups)
		l.groupIx[gk] = gi
		l.groups = append(l.groups, group{groupKey: gk, line: int32(line)})
	}
	l.groups[gi].cents += cents
	l.total = total
	l.entries++
	return nil
}

// pack fits a key into 64 bits (20 bits of service, 12 of agency, 22 of
// item, 10 of year from 1900) when the ids are small enough, which they are
// for any real ledger; the map on uint64 keys is several times faster than
// one on structs.
func pack(k entryKey) (uint64, bool) {
	y := k.year - 1900
	if k.service >= 1<<20 || k.agency >= 1<<12 || k.item >= 1<<22 || y < 0 || y >= 1<<10 {
		return 0, false
	}
	return uint64(k.service)<<44 | uint64(k.agency)<<32 | uint64(k.item)<<10 | uint64(y), true
}

func dupError(service, agency, item string, year, first int) error {
	return fmt.Errorf("%w: service %q, agency %q, item %q, price year %d was already given on line %d",
		ErrDuplicate, service, agency, item, year, first)
}

// Check reports a repeated (service, agency, item, price year) key: of all
// repetitions, the one on the earliest line, naming the line it repeats.
func (l *Ledger) Check() error {
	if l.checked == len(l.keys) && l.wideDup == nil {
		return nil
	}
	sorted := slices.Clone(l.keys)
	slices.SortFunc(sorted, func(a, b keyLine) int {
		return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.line, b.line))
	})
	var dup, first keyLine
	for i := 1; i < len(sorted); i++ {
		if sorted[i].key == sorted[i-1].key && (dup.line == 0 || sorted[i].line < dup.line) {
			dup, first = sorted[i], sorted[i-1]
			for i+1 < len(sorted) && sorted[i+1].key == dup.key {
				i++ // later repeats of the same key come after dup
			}
		}
	}
	col := l.itemCol
	if col == 0 {
		col = 3
	}
	if l.wideDup != nil && (dup.line == 0 || l.wideAt < dup.line) {
		return errAt(l.File, int(l.wideAt), col, "item", l.wideDup)
	}
	if dup.line == 0 {
		l.checked = len(l.keys)
		return nil
	}
	k := dup.key
	svc, ag, it, year := int32(k>>44), int32(k>>32&(1<<12-1)), int32(k>>10&(1<<22-1)), int(k&(1<<10-1))+1900
	return errAt(l.File, int(dup.line), col, "item",
		dupError(l.services.names[svc], l.agencies.names[ag], l.items.names[it], year, int(first.line)))
}

func checkNames(names ...string) error {
	for _, n := range names {
		if strings.TrimSpace(n) == "" {
			return fmt.Errorf("%w: empty name", ErrInput)
		}
	}
	return nil
}
