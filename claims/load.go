package claims

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/sib-engine/sib/internal/csvio"
)

// ErrInput is wrapped by every error about the content of an input file
// (as opposed to its syntax, which csvio reports).
var ErrInput = errors.New("claims: invalid input")

// ErrUnknown is wrapped by the error about a file in a claims folder that
// is not a claims file (it is ErrInput too).
var ErrUnknown = errors.New("claims: unknown name")

// LoadOptions are the options of Load.
type LoadOptions struct {
	Limits csvio.Limits // bounds on each file; zero fields take csvio's defaults
	// RateCardOnly skips participants.csv (which may be absent): enough
	// for a template or a generator, which need the rules alone.
	RateCardOnly bool
}

// Load reads the contract of a claims folder: contract.csv,
// participants.csv, ratecard.csv, and payers.csv, caps.csv and paid.csv
// when present (RateCardOnly skips participants.csv and paid.csv). Records are read by Validate. Errors are *csvio.Error with the
// file, line and column. Any other .csv file in the folder is an
// ErrUnknown error, as in every input folder of the engine: it is usually
// a misspelt name ("Caps.csv", "payer.csv", "caps (1).csv") whose data
// would silently be left out (a cap not applied, a payer not paying).
func Load(dir string, opt LoadOptions) (*Contract, error) {
	if err := checkUnknownFiles(dir); err != nil {
		return nil, err
	}
	c := &Contract{}
	l := &loader{c: c, dir: dir, lim: opt.Limits}
	steps := []struct {
		file     string
		optional bool
		read     func(*csvio.Reader) error
	}{
		{ContractFile, false, l.readContract},
		{ParticipantsFile, false, l.readParticipants},
		{RateCardFile, false, l.readRateCard},
		{PayersFile, true, l.readPayers},
		{CapsFile, true, l.readCaps},
		{PaidFile, true, l.readPaid},
	}
	for _, s := range steps {
		if opt.RateCardOnly && (s.file == ParticipantsFile || s.file == PaidFile) {
			continue
		}
		if err := l.file(s.file, s.optional, s.read); err != nil {
			return nil, err
		}
	}
	if err := l.crossCheck(); err != nil {
		return nil, err
	}
	if err := c.Prepare(); err != nil {
		return nil, err
	}
	return c, nil
}

// UnknownFiles lists the .csv files of a claims folder that are not
// claims files: usually misspelt names whose data would be left out.
func UnknownFiles(dir string) []string { return csvio.UnknownFiles(dir, Files...) }

// checkUnknownFiles refuses the first unknown file of the folder, naming
// the claims file its name is closest to.
func checkUnknownFiles(dir string) error {
	unknown := UnknownFiles(dir)
	if len(unknown) == 0 {
		return nil
	}
	f := unknown[0]
	return &csvio.Error{File: filepath.Join(dir, f), Err: &unknownError{msg: fmt.Sprintf("unknown name: not a file of a claims folder (%s, %s, %s, %s, and optionally %s, %s and %s); rename it%s, or move it out of the folder",
		ContractFile, ParticipantsFile, RateCardFile, RecordsFile, PayersFile, CapsFile, PaidFile, csvio.RenameHint(f, Files...))}}
}

// unknownError is the error about an unknown file: ErrUnknown and
// ErrInput.
type unknownError struct{ msg string }

func (e *unknownError) Error() string { return e.msg }
func (e *unknownError) Is(target error) bool {
	return target == ErrUnknown || target == ErrInput
}

type pos struct{ line, col int }

type loader struct {
	c   *Contract
	dir string
	lim csvio.Limits
	// positions for the checks across files
	prereqAt map[int]pos // outcome index → its prerequisite cell
	groupAt  map[int]pos // outcome index → its cap_group cell
	payerAt  map[int]pos // outcome index → its last payers.csv row
	rateLine map[int]int // outcome index → its first rate-card line
	attrs    []string
}

func (l *loader) file(name string, optional bool, read func(*csvio.Reader) error) error {
	path := filepath.Join(l.dir, name)
	if optional {
		if _, err := os.Lstat(path); errors.Is(err, os.ErrNotExist) {
			return nil
		}
	}
	f, err := csvio.Open(path, l.lim)
	if err != nil {
		return err
	}
	defer f.Close()
	var cols []csvio.Column
	switch name {
	case ContractFile:
		cols = contractCols
	case ParticipantsFile:
		cols = slices.Clone(participantCols)
		if l.attrs, err = attributeColumns(path); err != nil {
			return err
		}
		for _, a := range l.attrs {
			cols = append(cols, csvio.Column{Name: a})
		}
	case RateCardFile:
		cols = rateCols
	case PayersFile:
		cols = payerCols
	case CapsFile:
		cols = capCols
	case PaidFile:
		cols = paidCols
	}
	r, err := csvio.NewReader(f, path, cols)
	if err != nil {
		return err
	}
	if err := read(r); err != nil {
		return err
	}
	return nil
}

// attributeColumns returns the header names of participants.csv that
// start with "attr_": the participants' optional attributes.
func attributeColumns(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &csvio.Error{File: path, Err: err}
	}
	defer f.Close()
	line, err := bufio.NewReaderSize(io.LimitReader(f, 1<<16), 1<<16).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, nil // the csv reader will say what is wrong
	}
	line = strings.TrimPrefix(line, "\ufeff")
	sep := ","
	if strings.Count(line, ";") > strings.Count(line, ",") {
		sep = ";"
	}
	var out []string
	for _, h := range strings.Split(line, sep) {
		h = strings.ToLower(strings.Trim(strings.TrimSpace(h), `"`))
		if strings.HasPrefix(h, "attr_") && !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	return out, nil
}

var contractCols = []csvio.Column{{Name: "setting", Required: true}, {Name: "value", Required: true}}

const (
	sKey = iota
	sValue
)

func (l *loader) readContract(r *csvio.Reader) error {
	s := &l.c.Settings
	*s = Settings{PeriodMonths: 3, Payer: "commissioner", RampUpUntil: NoDate, Deadline: NoDate, Start: NoDate, End: NoDate}
	seen := map[string]int{}
	for r.Next() {
		key, err := r.String(sKey, "a setting name")
		if err != nil {
			return err
		}
		key = strings.ToLower(key)
		if first, ok := seen[key]; ok {
			return r.Wrap(sKey, inputf("setting %q given twice (also line %d)", key, first))
		}
		seen[key] = r.Line()
		v := r.Field(sValue)
		date := func(p *Date) error {
			d, err := ParseDate(v)
			if err != nil {
				return r.Wrap(sValue, err)
			}
			*p = d
			return nil
		}
		switch key {
		case "name":
			s.Name = v
		case "start":
			err = date(&s.Start)
		case "end":
			err = date(&s.End)
		case "rampup_until":
			err = date(&s.RampUpUntil)
		case "deadline":
			err = date(&s.Deadline)
		case "period":
			n, ok := periodMonths[strings.ToLower(v)]
			if !ok {
				return r.Wrap(sValue, inputf("period %q: expected month, quarter, half or year", v))
			}
			s.PeriodMonths = n
		case "currency":
			s.Currency = v
		case "payer":
			if v == "" {
				return r.Errorf(sValue, "%w: expected the name of the payer of outcomes payers.csv does not list", csvio.ErrEmpty)
			}
			s.Payer = v
		default:
			return r.Wrap(sKey, inputf("unknown setting %q: expected one of name, start, end, period, currency, payer, rampup_until, deadline", key))
		}
		if err != nil {
			return err
		}
	}
	if err := r.Err(); err != nil {
		return err
	}
	for _, k := range []string{"start", "end"} {
		if _, ok := seen[k]; !ok {
			return &csvio.Error{File: r.Name(), Err: inputf("the setting %q is required", k)}
		}
	}
	if s.End < s.Start {
		return &csvio.Error{File: r.Name(), Line: seen["end"], Column: r.Col(sValue), Field: "value", Err: inputf("the contract ends (%s) before it starts (%s)", s.End, s.Start)}
	}
	return nil
}

var periodMonths = map[string]int{"month": 1, "quarter": 3, "half": 6, "year": 12}

var participantCols = []csvio.Column{{Name: "id", Required: true}, {Name: "start", Required: true}, {Name: "cohort"}}

const (
	pID = iota
	pStart
	pCohort
)

func (l *loader) readParticipants(r *csvio.Reader) error {
	c := l.c
	seen := map[string]int{}
	s := &c.Settings
	for r.Next() {
		id, err := r.String(pID, "a participant id")
		if err != nil {
			return err
		}
		if first, ok := seen[id]; ok {
			return r.Wrap(pID, inputf("participant %q given twice (also line %d)", id, first))
		}
		seen[id] = r.Line()
		start, err := ParseDate(r.Field(pStart))
		if err != nil {
			return r.Wrap(pStart, err)
		}
		if start < s.Start || start > s.End {
			return r.Wrap(pStart, inputf("%s is outside the contract (%s to %s)", start, s.Start, s.End))
		}
		p := Participant{ID: id, Start: start, Cohort: r.Field(pCohort), Line: r.Line()}
		c.Participants = append(c.Participants, p)
	}
	return r.Err()
}

var rateCols = []csvio.Column{{Name: "outcome", Required: true}, {Name: "name"}, {Name: "price", Required: true},
	{Name: "from"}, {Name: "to"}, {Name: "max_claims"}, {Name: "prerequisite"}, {Name: "window_months"},
	{Name: "deadline"}, {Name: "cap_group"}, {Name: "min_after"}, {Name: "evidence_types"}, {Name: "min_count"}}

const (
	rCode = iota
	rName
	rPrice
	rFrom
	rTo
	rMax
	rPrereq
	rWindow
	rDeadline
	rGroup
	rMinAfter
	rEvidenceTypes
	rMinCount
)

func (l *loader) readRateCard(r *csvio.Reader) error {
	c := l.c
	index := map[string]int{}
	l.prereqAt, l.groupAt, l.rateLine = map[int]pos{}, map[int]pos{}, map[int]int{}
	for r.Next() {
		code, err := r.String(rCode, "an outcome code")
		if err != nil {
			return err
		}
		if strings.ContainsAny(code, " \t") {
			return r.Wrap(rCode, inputf("outcome code %q has a space: prerequisites are listed separated by spaces", code))
		}
		price, err := r.Cents(rPrice)
		if err != nil {
			return err
		}
		p := Price{From: NoDate, To: NoDate, Cents: price}
		for _, f := range []struct {
			col int
			d   *Date
		}{{rFrom, &p.From}, {rTo, &p.To}} {
			if v := r.Field(f.col); v != "" {
				if *f.d, err = ParseDate(v); err != nil {
					return r.Wrap(f.col, err)
				}
			}
		}
		if p.From != NoDate && p.To != NoDate && p.To < p.From {
			return r.Wrap(rTo, inputf("the price ends (%s) before it starts (%s)", p.To, p.From))
		}
		o := Outcome{Code: code, Name: r.Field(rName), MaxClaims: 1, Deadline: NoDate, CapGroup: r.Field(rGroup), Line: r.Line()}
		if v := r.Field(rMax); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 1000 {
				return r.Wrap(rMax, inputf("max_claims %q: expected a whole number from 1 (claimable once) to 1000", v))
			}
			o.MaxClaims = n
		}
		if v := r.Field(rWindow); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 1200 {
				return r.Wrap(rWindow, inputf("window_months %q: expected a whole number of months from 1 to 1200, or empty for no window", v))
			}
			o.WindowMonths = n
		}
		if v := r.Field(rDeadline); v != "" {
			if o.Deadline, err = ParseDate(v); err != nil {
				return r.Wrap(rDeadline, err)
			}
		}
		o.Prerequisites = strings.Fields(r.Field(rPrereq))
		if err := readRules(r, &o); err != nil {
			return err
		}
		i, again := index[code]
		if !again {
			index[code] = len(c.Outcomes)
			o.Prices = []Price{p}
			c.Outcomes = append(c.Outcomes, o)
			i = len(c.Outcomes) - 1
			l.rateLine[i] = r.Line()
			if len(o.Prerequisites) > 0 {
				line, col := r.Pos(rPrereq)
				l.prereqAt[i] = pos{line, col}
			}
			if o.CapGroup != "" {
				line, col := r.Pos(rGroup)
				l.groupAt[i] = pos{line, col}
			}
			continue
		}
		// Another price row of the same outcome: its rules are the first
		// row's, given again or left empty.
		first := &c.Outcomes[i]
		if err := sameRules(r, first, &o); err != nil {
			return err
		}
		last := first.Prices[len(first.Prices)-1]
		switch {
		case last.To == NoDate || p.From == NoDate:
			return r.Wrap(rFrom, inputf("outcome %q has a price row from line %d open-ended: each row but the first needs from, and each row but the last needs to", code, l.rateLine[i]))
		case p.From != last.To+1:
			return r.Wrap(rFrom, inputf("outcome %q: this price starts %s, but the one before ends %s: prices must follow each other day by day, in order, with no gap or overlap", code, p.From, last.To))
		}
		first.Prices = append(first.Prices, p)
	}
	if err := r.Err(); err != nil {
		return err
	}
	if len(c.Outcomes) == 0 {
		return &csvio.Error{File: r.Name(), Line: 2, Err: inputf("the rate card has no outcomes")}
	}
	c.byOutcome = index
	if i, err := checkPrerequisites(c.Outcomes, index); err != nil {
		p := l.prereqAt[i]
		return &csvio.Error{File: r.Name(), Line: p.line, Column: p.col, Field: "prerequisite", Err: err}
	}
	if i, err := checkMinAfter(c.Outcomes); err != nil {
		return &csvio.Error{File: r.Name(), Line: l.rateLine[i], Column: r.Col(rMinAfter), Field: "min_after", Err: err}
	}
	if i, err := checkMinCount(c.Outcomes); err != nil {
		return &csvio.Error{File: r.Name(), Line: l.rateLine[i], Column: r.Col(rMinCount), Field: "min_count", Err: err}
	}
	return nil
}

// sameRules checks that a later price row of an outcome repeats its first
// row's rules or leaves them empty.
func sameRules(r *csvio.Reader, first, o *Outcome) error {
	check := func(col int, ok bool) error {
		if r.Field(col) != "" && !ok {
			return r.Wrap(col, inputf("outcome %q has another %s on line %d: a later price row leaves it empty or repeats it", o.Code, rateCols[col].Name, first.Line))
		}
		return nil
	}
	for _, c := range []struct {
		col int
		ok  bool
	}{
		{rName, o.Name == first.Name}, {rMax, o.MaxClaims == first.MaxClaims},
		{rPrereq, slices.Equal(o.Prerequisites, first.Prerequisites)}, {rWindow, o.WindowMonths == first.WindowMonths},
		{rDeadline, o.Deadline == first.Deadline}, {rGroup, o.CapGroup == first.CapGroup},
		{rMinAfter, o.MinAfterDays == first.MinAfterDays}, {rEvidenceTypes, slices.Equal(o.EvidenceTypes, first.EvidenceTypes)},
		{rMinCount, o.MinCount == first.MinCount},
	} {
		if err := check(c.col, c.ok); err != nil {
			return err
		}
	}
	return nil
}

var payerCols = []csvio.Column{{Name: "outcome", Required: true}, {Name: "payer", Required: true}, {Name: "share", Required: true}}

func (l *loader) readPayers(r *csvio.Reader) error {
	c := l.c
	l.payerAt = map[int]pos{}
	for r.Next() {
		code, err := r.String(0, "an outcome code")
		if err != nil {
			return err
		}
		i, ok := c.byOutcome[code]
		if !ok {
			return r.Wrap(0, inputf("unknown outcome %q: the rate card has %s", code, outcomeList(c.Outcomes)))
		}
		payer, err := r.String(1, "a payer")
		if err != nil {
			return err
		}
		share, err := r.Decimal(2, true)
		if err != nil {
			return err
		}
		if share.Sign() <= 0 || share.GreaterThan(decimal.NewFromInt(1)) {
			return r.Wrap(2, inputf("share %s: expected a fraction above 0 and at most 1 (0.25 = 25%%)", r.Field(2)))
		}
		o := &c.Outcomes[i]
		// At its own cell: checkShares, after the file, can only point at
		// the outcome's last row, which may be another payer's.
		if !share.Equal(share.Truncate(12)) {
			return r.Wrap(2, inputf("the share %s of payer %q in outcome %q has more than 12 decimal places", r.Field(2), payer, code))
		}
		if slices.ContainsFunc(o.Payers, func(p PayerShare) bool { return p.Payer == payer }) {
			return r.Wrap(1, inputf("payer %q given twice for outcome %q", payer, code))
		}
		o.Payers = append(o.Payers, PayerShare{Payer: payer, Share: share})
		line, col := r.Pos(2)
		l.payerAt[i] = pos{line, col}
	}
	if err := r.Err(); err != nil {
		return err
	}
	if i, err := checkShares(c.Outcomes); err != nil {
		p := l.payerAt[i]
		return &csvio.Error{File: r.Name(), Line: p.line, Column: p.col, Field: "share", Err: err}
	}
	return nil
}

var capCols = []csvio.Column{{Name: "kind", Required: true}, {Name: "target"}, {Name: "amount"}, {Name: "count"}}

const (
	cKind = iota
	cTarget
	cAmount
	cCount
)

func (l *loader) readCaps(r *csvio.Reader) error {
	c := l.c
	caps := &c.Caps
	seen := map[string]int{}
	for r.Next() {
		kind, err := r.String(cKind, "a cap kind: participant, outcome, payer or contract")
		if err != nil {
			return err
		}
		kind = strings.ToLower(kind)
		target := r.Field(cTarget)
		key := kind + "\x00" + target
		if first, ok := seen[key]; ok {
			return r.Wrap(cTarget, inputf("a %s cap on %q given twice (also line %d)", kind, target, first))
		}
		seen[key] = r.Line()
		var amount, count int64
		if r.Field(cAmount) != "" {
			if amount, err = r.Cents(cAmount); err != nil {
				return err
			}
		}
		if v := r.Field(cCount); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 {
				return r.Wrap(cCount, inputf("count %q: expected a whole number of claims, 0 or more", v))
			}
			count = n
		}
		needAmount := func() error {
			if r.Field(cAmount) == "" {
				return r.Errorf(cAmount, "%w: a %s cap needs an amount", csvio.ErrEmpty, kind)
			}
			if r.Field(cCount) != "" {
				return r.Wrap(cCount, inputf("only an outcome cap has a count"))
			}
			return nil
		}
		switch kind {
		case "participant":
			if err := needAmount(); err != nil {
				return err
			}
			if !slices.ContainsFunc(c.Outcomes, func(o Outcome) bool { return o.CapGroup == target }) {
				return r.Wrap(cTarget, inputf("unknown cap group %q: no outcome of the rate card has it", target))
			}
			if caps.Participant == nil {
				caps.Participant = map[string]int64{}
			}
			caps.Participant[target] = amount
		case "outcome":
			if _, ok := c.byOutcome[target]; !ok {
				return r.Wrap(cTarget, inputf("unknown outcome %q: the rate card has %s", target, outcomeList(c.Outcomes)))
			}
			if r.Field(cAmount) == "" && r.Field(cCount) == "" {
				return r.Errorf(cAmount, "%w: an outcome cap needs an amount, a count or both", csvio.ErrEmpty)
			}
			if caps.Outcome == nil {
				caps.Outcome = map[string]OutcomeCap{}
			}
			caps.Outcome[target] = OutcomeCap{Cents: amount, Count: count}
		case "payer":
			if err := needAmount(); err != nil {
				return err
			}
			if !slices.Contains(c.payerNames(), target) {
				return r.Wrap(cTarget, inputf("unknown payer %q: the payers are %s", target, strings.Join(c.payerNames(), ", ")))
			}
			if caps.PayerPeriod == nil {
				caps.PayerPeriod = map[string]int64{}
			}
			caps.PayerPeriod[target] = amount
		case "contract":
			if err := needAmount(); err != nil {
				return err
			}
			if target != "" {
				return r.Wrap(cTarget, inputf("a contract cap has no target"))
			}
			caps.Contract = amount
		default:
			return r.Wrap(cKind, inputf("unknown cap kind %q: expected participant, outcome, payer or contract", kind))
		}
	}
	return r.Err()
}

// crossCheck checks what spans files: every cap group has a cap.
func (l *loader) crossCheck() error {
	if i, err := checkCapGroups(l.c.Outcomes, l.c.Caps); err != nil {
		p := l.groupAt[i]
		return &csvio.Error{File: filepath.Join(l.dir, RateCardFile), Line: p.line, Column: p.col, Field: "cap_group", Err: err}
	}
	return nil
}

func outcomeList(os []Outcome) string {
	var s []string
	for _, o := range os {
		s = append(s, o.Code)
	}
	if len(s) > 12 {
		s = append(s[:12], "…")
	}
	return strings.Join(s, ", ")
}

// inputError is an error about the content of an input: it is ErrInput,
// and its message is what is wrong alone (a position comes before it).
type inputError struct{ msg string }

func (e *inputError) Error() string        { return e.msg }
func (e *inputError) Is(target error) bool { return target == ErrInput }

func inputf(format string, args ...any) error {
	return &inputError{msg: fmt.Sprintf(format, args...)}
}
