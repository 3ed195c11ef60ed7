package claims

import (
	"slices"

	"github.com/shopspring/decimal"
)

// The files of a claims folder.
const (
	ContractFile     = "contract.csv"     // settings: dates, period, currency, ramp-up, deadline
	ParticipantsFile = "participants.csv" // one row per participant
	RateCardFile     = "ratecard.csv"     // outcomes, prices by date range, rules
	PayersFile       = "payers.csv"       // optional: each outcome's payers and shares
	CapsFile         = "caps.csv"         // optional: caps
	PaidFile         = "paid.csv"         // optional: the payments the payers have made
	RecordsFile      = "records.csv"      // outcome records: the claims to validate
)

// Files lists the files of a claims folder, in the order they are read.
var Files = []string{ContractFile, ParticipantsFile, RateCardFile, PayersFile, CapsFile, PaidFile, RecordsFile}

// Contract is what a claims run checks records against: the settings, the
// participants, the rate card, the payers and the caps; and the payments
// the payers have made, to tell what they still owe. It is plain data;
// Load fills it from a folder and Validate reads records against it.
type Contract struct {
	Settings     Settings
	Participants []Participant
	Outcomes     []Outcome // in rate-card order, which breaks ties between claims
	Caps         Caps
	// Paid are the payments the payers have made to the provider
	// (paid.csv), in any order; PaidGiven says they are known (paid.csv
	// was read, though it may list none), so that Result.Owed is what is
	// owed rather than what is due.
	Paid      []PaymentMade
	PaidGiven bool

	// Filled by Prepare: indexes by name.
	byID      map[string]int32
	ids       denseIDs // when the ids are a prefix and numbers of one width
	starts    []Date   // the first day of each payment period, and the day after the last
	byOutcome map[string]int
	rank      []int32 // rank[i]: position of participant i among the ids in byte order
	topo      []int   // outcomes, prerequisites first
	payers    []string
	groups    []string
	cohorts   []string
	cohortOf  []int32
	prepared  bool
}

// Settings are the contract's dates and conventions (contract.csv).
type Settings struct {
	Name         string
	Start, End   Date // the first and last day on which outcomes may be achieved
	PeriodMonths int  // length of a payment period: 1, 3, 6 or 12
	Currency     string
	Payer        string // the payer of outcomes payers.csv does not list
	// RampUpUntil, when not NoDate, is the last day of a ramp-up period:
	// outcomes achieved on or before it do not pay.
	RampUpUntil Date
	// Deadline, when not NoDate, is the last day on which a claim may be
	// made (its claimed date); an outcome's own deadline comes first.
	Deadline Date
}

// Participant is one person on the programme.
type Participant struct {
	ID     string
	Start  Date   // the day they started: windows run from it
	Cohort string // defaults to the payment period of Start ("P1")
	Line   int    // where it was read, for messages; 0 when built in code
}

// Outcome is one priced outcome of the rate card.
type Outcome struct {
	Code string
	Name string
	// Prices by date of achievement, in order, without gaps or overlaps;
	// together they cover the contract from Start to End.
	Prices []Price
	// MaxClaims is how many times one participant may claim it: 1 for an
	// outcome claimable once.
	MaxClaims int
	// Prerequisites must each be achieved (a record that passes every
	// check but the caps) on or before the day this outcome is.
	Prerequisites []string
	// WindowMonths, when positive, is the window from the participant's
	// start: the outcome must be achieved before the same day WindowMonths
	// calendar months later (Date.WindowEnd: from 31 January, one month
	// includes the last day of February).
	WindowMonths int
	// Deadline, when not NoDate, is the last day on which a claim for it
	// may be made.
	Deadline Date
	// CapGroup names the per-participant cap the outcome counts against,
	// or "".
	CapGroup string
	// MinAfterDays, when positive, is the least number of days between
	// the day the last of its prerequisites was first achieved and this
	// outcome (a sustainment outcome 13 weeks after the job entry: 91).
	MinAfterDays int
	// EvidenceTypes, when not empty, are the evidence types a record of
	// this outcome may give (its evidence_type column): a code list.
	EvidenceTypes []string
	// MinCount, when positive, is the least count a record of this
	// outcome must show (its count column): the measured quantity the
	// outcome is paid for, such as 16 hours of work a week or 80% of
	// sessions attended.
	MinCount float64
	// Payers share each payment; nil means the contract's payer alone.
	Payers []PayerShare
	Line   int // the rate-card line of its first row
	index  int // its position in Contract.Outcomes
}

// Price is an outcome's price in cents for achievements From..To
// (inclusive; NoDate for an open end).
type Price struct {
	From, To Date
	Cents    int64
}

// PayerShare is a payer's share of an outcome's payments, a fraction.
type PayerShare struct {
	Payer string
	Share decimal.Decimal
}

// Caps bound the payments. Zero values mean no cap.
type Caps struct {
	// Participant caps each participant's total over the outcomes of a
	// cap group, in cents, by group.
	Participant map[string]int64
	// Outcome caps an outcome over the whole contract, by code.
	Outcome map[string]OutcomeCap
	// PayerPeriod caps what each payer pays in one payment period, in
	// cents, by payer.
	PayerPeriod map[string]int64
	// Contract caps all payments, in cents; 0 is no cap.
	Contract int64
}

// OutcomeCap caps an outcome over the contract: in money (Cents) and in
// the number of claims paid (Count). Zero is no cap.
type OutcomeCap struct {
	Cents int64
	Count int64
}

// priceAt returns the price of outcome o on day d: the row covering d,
// else the first row's price before it and the last row's after it (a
// record outside the contract still has a claimed value, for the
// reconciliation).
func (o *Outcome) priceAt(d Date) int64 {
	for _, p := range o.Prices {
		if (p.From == NoDate || d >= p.From) && (p.To == NoDate || d <= p.To) {
			return p.Cents
		}
	}
	if len(o.Prices) == 0 {
		return 0
	}
	if p := o.Prices[0]; p.From != NoDate && d < p.From {
		return p.Cents
	}
	return o.Prices[len(o.Prices)-1].Cents
}

// Period returns the 1-based payment period of day d, or 0 before Start.
func (s *Settings) Period(d Date) int {
	if d < s.Start {
		return 0
	}
	y0, m0, _ := s.Start.Civil()
	y, m, _ := d.Civil()
	k := ((y-y0)*12+int(m-m0))/max(s.PeriodMonths, 1) + 1
	for k > 1 && s.PeriodStart(k) > d {
		k--
	}
	for s.PeriodStart(k+1) <= d {
		k++
	}
	return k
}

// period is Settings.Period for a day of the contract (Start to End) by
// a table Prepare fills; other days go to Settings.Period.
func (c *Contract) period(d Date) int {
	if len(c.starts) == 0 || d < c.starts[0] || d >= c.starts[len(c.starts)-1] {
		return c.Settings.Period(d)
	}
	k, on := slices.BinarySearch(c.starts, d)
	if on {
		return k + 1
	}
	return k
}

// PeriodStart returns the first day of payment period k (1-based).
func (s *Settings) PeriodStart(k int) Date {
	return s.Start.AddMonths((k - 1) * max(s.PeriodMonths, 1))
}

// PeriodEnd returns the last day of payment period k.
func (s *Settings) PeriodEnd(k int) Date { return s.PeriodStart(k+1) - 1 }
