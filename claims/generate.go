package claims

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/sib-engine/sib/internal/csvio"
)

// DefaultRate is the achievement rate of an outcome GenerateOptions.Rates
// does not list: the share of the participants who achieve it, among those
// who achieved its prerequisites.
const DefaultRate = 0.3

// GenerateOptions are the options of Generate.
type GenerateOptions struct {
	Participants int    // how many participants to draw
	Seed         uint64 // the draws depend on it alone
	// Rates are the achievement rates by outcome code, fractions: the
	// chance a participant achieves the outcome once they have achieved
	// its prerequisites. Outcomes not listed take DefaultRate.
	Rates map[string]float64
	// Invalid is the fraction of records made invalid on purpose, each
	// in one way (Faults lists them), for training and tests.
	Invalid float64
}

// Faults are the ways Generate makes a record invalid, by the reason the
// validator gives it: a record without evidence, one pending
// verification, a mistyped participant id, a record submitted twice, and,
// where the rate card has the rule, a wrong evidence type, a count below
// the minimum (or none), a day before a prerequisite, too soon after it,
// after the window, and in the ramp-up.
var Faults = []Reason{NoEvidence, NotVerified, UnknownParticipant, Duplicate, EvidenceType, BelowMinimum, PrerequisiteLater, TooSoon, Window, RampUp}

// GenerateStats counts what Generate wrote.
type GenerateStats struct {
	Participants, Records int64
	Faults                map[Reason]int64 // the records made invalid, by the reason they were made for
}

// Generate draws synthetic participants and their outcome records from
// the rate card, and writes participants.csv to participants and
// records.csv (with the header of RecordColumns) to records. Participants
// start on days drawn uniformly over the first two thirds of the
// contract. Each achieves each outcome whose prerequisites they achieved
// with its rate, on a day drawn uniformly over up to a year from the
// earliest day the rules allow (their start, after the ramp-up, the
// prerequisites' day plus min_after), before the window, the contract's
// end and the claim deadline close; an outcome claimable several times is
// achieved again with its rate, 1 to 90 days later. A record of an
// outcome with a min_count gives a whole count from the minimum (rounded
// up) to half as much again. Valid records pass
// every check but the caps. Participant i draws from its own stream of
// (seed, i): the output depends on the seed and the options alone.
func (c *Contract) Generate(participants, records io.Writer, opt GenerateOptions) (*GenerateStats, error) {
	if opt.Participants < 0 {
		return nil, fmt.Errorf("%w: a negative number of participants", ErrInput)
	}
	if opt.Invalid < 0 || opt.Invalid > 1 {
		return nil, fmt.Errorf("%w: the invalid fraction %v is not between 0 and 1", ErrInput, opt.Invalid)
	}
	if !c.prepared {
		if err := c.Prepare(); err != nil {
			return nil, err
		}
	}
	for code, r := range opt.Rates {
		if _, ok := c.byOutcome[code]; !ok {
			return nil, fmt.Errorf("%w: a rate for %q, not on the rate card", ErrInput, code)
		}
		if !(r >= 0 && r <= 1) {
			return nil, fmt.Errorf("%w: the rate %v of %q is not between 0 and 1", ErrInput, r, code)
		}
	}
	g := &generator{c: c, opt: opt, st: &GenerateStats{Faults: map[Reason]int64{}}, width: len(strconv.Itoa(opt.Participants))}
	g.pw, g.rw = bufio.NewWriter(participants), bufio.NewWriter(records)
	g.pw.WriteString("id,start\n")
	g.cols = c.RecordColumns()
	g.rw.WriteString(strings.Join(g.cols, ",") + "\n")
	s := &c.Settings
	g.span = max(1, int(s.End-s.Start+1)*2/3)
	g.first = make([]Date, len(c.Outcomes))
	for i := range opt.Participants {
		g.participant(i)
	}
	if err := g.pw.Flush(); err != nil {
		return nil, err
	}
	if err := g.rw.Flush(); err != nil {
		return nil, err
	}
	return g.st, nil
}

type generator struct {
	c      *Contract
	opt    GenerateOptions
	st     *GenerateStats
	pw, rw *bufio.Writer
	cols   []string
	width  int
	span   int
	first  []Date // the first day each outcome was achieved, by the current participant
	rng    *rand.Rand
	id     string
	start  Date
	line   []byte
}

func (g *generator) rate(o *Outcome) float64 {
	if r, ok := g.opt.Rates[o.Code]; ok {
		return r
	}
	return DefaultRate
}

func (g *generator) participant(i int) {
	c, s := g.c, &g.c.Settings
	g.rng = rand.New(rand.NewPCG(g.opt.Seed, uint64(i)))
	g.id = fmt.Sprintf("P%0*d", g.width, i+1)
	g.start = s.Start + Date(g.rng.IntN(g.span))
	if g.start > s.End {
		g.start = s.End
	}
	fmt.Fprintf(g.pw, "%s,%s\n", g.id, g.start)
	g.st.Participants++
	for o := range g.first {
		g.first[o] = NoDate
	}
	for _, oi := range c.topo {
		o := &c.Outcomes[oi]
		need, ok := g.start, true
		for _, pr := range o.Prerequisites {
			d := g.first[c.byOutcome[pr]]
			if d == NoDate {
				ok = false
				break
			}
			need = max(need, d)
		}
		if !ok {
			continue
		}
		earliest := need + Date(o.MinAfterDays)
		if s.RampUpUntil != NoDate {
			earliest = max(earliest, s.RampUpUntil+1)
		}
		latest := g.latest(o)
		rate := g.rate(o)
		for n := 0; n < o.MaxClaims; n++ {
			if earliest > latest || g.rng.Float64() >= rate {
				break
			}
			d := earliest + Date(g.rng.IntN(min(int(latest-earliest)+1, 366)))
			if g.first[oi] == NoDate {
				g.first[oi] = d
			}
			g.record(o, d, need)
			earliest = d + 1 + Date(g.rng.IntN(90))
		}
	}
}

// latest is the last day on which the current participant may achieve o
// validly.
func (g *generator) latest(o *Outcome) Date {
	s := &g.c.Settings
	last := s.End
	if o.WindowMonths > 0 {
		last = min(last, g.start.WindowEnd(o.WindowMonths)-1)
	}
	switch {
	case o.Deadline != NoDate:
		last = min(last, o.Deadline)
	case s.Deadline != NoDate:
		last = min(last, s.Deadline)
	}
	return last
}

// record writes a record of o achieved on d (need: the day its
// prerequisites were achieved), made invalid with the chance
// opt.Invalid.
func (g *generator) record(o *Outcome, d, need Date) {
	s := &g.c.Settings
	id, ev, status, etype := g.id, fmt.Sprintf("EV%s-%d", g.id[1:], g.st.Records+1), "verified", ""
	if len(o.EvidenceTypes) > 0 {
		etype = o.EvidenceTypes[g.rng.IntN(len(o.EvidenceTypes))]
	}
	count := ""
	if o.MinCount > 0 {
		least := int(math.Ceil(o.MinCount))
		count = strconv.Itoa(least + g.rng.IntN(least/2+1))
	}
	twice := false
	if g.opt.Invalid > 0 && g.rng.Float64() < g.opt.Invalid {
		// One fault, drawn among those the rate card allows here.
		var can []Reason
		for _, f := range Faults {
			switch f {
			case EvidenceType:
				if len(o.EvidenceTypes) == 0 {
					continue
				}
			case BelowMinimum:
				if o.MinCount == 0 {
					continue
				}
			case PrerequisiteLater:
				if len(o.Prerequisites) == 0 || need-1 < g.start {
					continue
				}
			case TooSoon:
				if o.MinAfterDays == 0 {
					continue
				}
			case Window:
				if o.WindowMonths == 0 || g.start.WindowEnd(o.WindowMonths) > s.End {
					continue
				}
			case RampUp:
				if s.RampUpUntil == NoDate || s.RampUpUntil < max(g.start, need) || len(o.Prerequisites) > 0 {
					continue
				}
			}
			can = append(can, f)
		}
		f := can[g.rng.IntN(len(can))]
		g.st.Faults[f]++
		switch f {
		case NoEvidence:
			ev = ""
		case NotVerified:
			status = "pending"
		case UnknownParticipant:
			id = "X" + id[1:]
		case Duplicate:
			twice = true
		case EvidenceType:
			etype = "other"
			if o.evidenceTypeOK([]byte(etype)) {
				etype = ""
			}
		case BelowMinimum:
			// A whole count below the minimum, or none one time in four.
			count = ""
			if g.rng.IntN(4) > 0 {
				count = strconv.Itoa(g.rng.IntN(int(math.Ceil(o.MinCount))))
			}
		case PrerequisiteLater:
			d = need - 1
		case TooSoon:
			d = need + Date(g.rng.IntN(o.MinAfterDays))
		case Window:
			w := g.start.WindowEnd(o.WindowMonths)
			d = w + Date(g.rng.IntN(int(s.End-w)+1))
		case RampUp:
			lo := max(g.start, need)
			d = lo + Date(g.rng.IntN(int(s.RampUpUntil-lo)+1))
		}
	}
	for range 1 + b2i(twice) {
		g.line = g.line[:0]
		for k, col := range g.cols {
			if k > 0 {
				g.line = append(g.line, ',')
			}
			switch col {
			case "participant":
				g.line = append(g.line, id...)
			case "outcome":
				g.line = append(g.line, o.Code...)
			case "achieved":
				g.line = append(g.line, d.String()...)
			case "evidence":
				g.line = append(g.line, ev...)
			case "status":
				g.line = append(g.line, status...)
			case "evidence_type":
				g.line = append(g.line, etype...)
			case "count":
				g.line = append(g.line, count...)
			}
		}
		g.line = append(g.line, '\n')
		g.rw.Write(g.line)
		g.st.Records++
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

var genRateCols = []csvio.Column{{Name: "outcome", Required: true}, {Name: "rate", Required: true}}

// ReadRates reads achievement rates for Generate: a CSV file (named name
// in errors) with columns outcome and rate, a fraction (0.25 = 25%) of
// the participants who achieved the outcome's prerequisites.
func (c *Contract) ReadRates(r io.Reader, name string) (map[string]float64, error) {
	cr, err := csvio.NewReader(r, name, genRateCols)
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for cr.Next() {
		code, err := cr.String(0, "an outcome code")
		if err != nil {
			return nil, err
		}
		if _, ok := c.byOutcome[code]; !ok {
			return nil, cr.Wrap(0, inputf("unknown outcome %q: the rate card has %s", code, outcomeList(c.Outcomes)))
		}
		if _, dup := out[code]; dup {
			return nil, cr.Wrap(0, inputf("outcome %q given twice", code))
		}
		v, err := cr.Float(1)
		if err != nil {
			return nil, err
		}
		if !(v >= 0 && v <= 1) {
			return nil, cr.Wrap(1, inputf("rate %s: expected a fraction from 0 to 1 (0.25 = 25%%)", cr.Field(1)))
		}
		out[code] = v
	}
	return out, cr.Err()
}
