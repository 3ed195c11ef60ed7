package claims

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/internal/money"
)

// Outcome records are the big input (ten million rows and more). The file
// is cut into chunks of whole records; workers parse the chunks in
// parallel, reject what a record shows wrong on its own (an unknown
// participant, no evidence, after the window...) into running totals, and
// keep the rest for the checks that need a participant's other records:
// as 20-byte candidates with KeepClaims, else in the participants' lists
// (state.go). Every total is a sum of integers and the lists decide the
// same claims whatever order they are filled in, so results do not depend
// on the number of workers nor on the chunk size.

const (
	chunkSize = 4 << 20
	maxRecord = 64 << 20
)

var recordCols = []csvio.Column{{Name: "participant", Required: true}, {Name: "outcome", Required: true},
	{Name: "achieved", Required: true}, {Name: "evidence", Required: true}, {Name: "status"}, {Name: "claimed"}, {Name: "evidence_type"}, {Name: "count"}}

const (
	fPart = iota
	fOutcome
	fAchieved
	fEvidence
	fStatus
	fClaimed
	fEvidenceType
	fCount
	numFields
)

// cand is a record that passed the checks it can pass on its own.
type cand struct {
	part int32
	date Date
	line int32
	ev   uint32 // hash of the evidence reference: the last tie-break
	out  uint16
}

// tally is a running total of records by outcome (index+1; 0 for an
// unknown outcome) and reason.
type tally struct {
	n       [numReasons]int64
	claimed [numReasons]int64
}

type chunk struct {
	seq  int
	line int
	data []byte
}

type chunkResult struct {
	cands   []cand
	evs     []string // with keep: the evidence of each cand
	rejects []Claim  // with keep: the records rejected on their own
	tallies []tally  // by outcome+1
	records int64
	claimed int64 // what the chunk's records claim, in cents, held at money.MaxCents+1 once over the limit
	err     error
}

// recordParser holds what every worker needs.
type recordParser struct {
	c       *Contract
	name    string
	idx     [numFields]int // file field of each column, −1 when absent
	fields  int
	header  []string // the file's header names, by field
	blank   []int
	delim   byte
	keep    bool
	chunk   int
	rows    int64
	skipped int64
	asOf    Date  // Options.AsOf
	later   int64 // records claimed after asOf
	mu      sync.Mutex
	free    chan []byte // chunk buffers the workers are done with
	st      *states     // without keep: the participants' lists
}

func newRecordParser(c *Contract, br *bufio.Reader, name string, opt Options, workers int) (*recordParser, error) {
	head, err := br.ReadSlice('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		if errors.Is(err, bufio.ErrBufferFull) {
			return nil, &csvio.Error{File: name, Line: 1, Err: inputf("the header row is longer than 64 KiB")}
		}
		return nil, &csvio.Error{File: name, Err: err}
	}
	head = slices.Clone(head)
	cr, err := csvio.NewReader(bytes.NewReader(head), name, recordCols)
	if err != nil {
		return nil, err
	}
	p := &recordParser{c: c, name: name, fields: cr.Fields(), header: cr.Header(), blank: cr.Blank(), delim: cr.Delimiter(), keep: opt.KeepClaims,
		chunk: opt.chunkSize, rows: opt.Limits.OrDefault().Rows, asOf: opt.AsOf, free: make(chan []byte, 2*workers+4)}
	if p.chunk <= 0 {
		p.chunk = chunkSize
	}
	if !p.keep {
		p.st = newStates(c)
	}
	for i := range numFields {
		p.idx[i] = cr.Col(i) - 1
	}
	return p, nil
}

// run cuts the file into chunks, parses them on workers and returns the
// results in file order.
func (p *recordParser) run(r io.Reader, workers int) ([]*chunkResult, error) {
	chunks := make(chan chunk, workers)
	var mu sync.Mutex
	results := map[int]*chunkResult{}
	failed := -1
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for c := range chunks {
				res := p.parseChunk(c)
				p.release(c.data)
				mu.Lock()
				results[c.seq] = res
				if res.err != nil && (failed < 0 || c.seq < failed) {
					failed = c.seq
				}
				mu.Unlock()
			}
		})
	}
	stop := func() bool { mu.Lock(); defer mu.Unlock(); return failed >= 0 }
	n, readErr := p.cut(r, chunks, stop)
	close(chunks)
	wg.Wait()
	if readErr != nil {
		// An error in an earlier chunk comes first.
		if failed >= 0 {
			return nil, results[failed].err
		}
		return nil, readErr
	}
	if failed >= 0 {
		return nil, results[failed].err
	}
	out := make([]*chunkResult, n)
	for i := range n {
		out[i] = results[i]
	}
	return out, nil
}

// cut reads r and sends chunks of whole records; it returns the number
// of chunks. A record ends at a newline outside quotes.
func (p *recordParser) cut(r io.Reader, out chan<- chunk, stop func() bool) (int, error) {
	line, seq := 2, 0
	var carry []byte
	for {
		buf := p.buffer(len(carry) + max(p.chunk, len(carry)))
		buf = buf[:copy(buf[:len(carry)], carry)]
		n, err := io.ReadFull(r, buf[len(carry):cap(buf)])
		buf = buf[:len(carry)+n]
		eof := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
		if err != nil && !eof {
			var ce *csvio.Error
			if errors.As(err, &ce) {
				return seq, err
			}
			return seq, &csvio.Error{File: p.name, Err: err}
		}
		end := len(buf)
		if !eof {
			end = csvio.LastRecordEnd(buf)
			if end < 0 {
				carry = buf
				if len(carry) > maxRecord {
					return seq, &csvio.Error{File: p.name, Line: line, Err: inputf("a record longer than %d MiB (an unclosed quote?)", maxRecord>>20)}
				}
				continue
			}
		}
		data := buf[:end]
		carry = buf[end:]
		if len(data) > 0 {
			if stop() {
				return seq, nil
			}
			out <- chunk{seq: seq, line: line, data: data}
			seq++
			line += bytes.Count(data, []byte{'\n'})
			if int64(line-2) > p.rows {
				return seq, &csvio.Error{File: p.name, Line: int(p.rows) + 2, Err: csvio.LimitError(fmt.Sprintf("more than %d records", p.rows), "rows", p.rows)}
			}
		}
		if eof {
			return seq, nil
		}
	}
}

// buffer returns a buffer of length n at least: one a worker is done
// with, or a new one with room for the partial record a chunk carries to
// the next. A buffer may hold the carry it is about to receive (copy
// moves overlapping bytes correctly).
func (p *recordParser) buffer(n int) []byte {
	select {
	case b := <-p.free:
		if cap(b) >= n {
			return b[:cap(b)]
		}
	default:
	}
	return make([]byte, n+min(n/8, 1<<16))
}

// release hands a chunk's buffer back for reuse: nothing a result keeps
// points into it (strings are copied).
func (p *recordParser) release(data []byte) {
	select {
	case p.free <- data[:cap(data)]:
	default:
	}
}

// chunkParser is one worker's state for one chunk.
type chunkParser struct {
	*recordParser
	res    *chunkResult
	fields [][]byte
	utf8   bool
}

func (p *recordParser) parseChunk(c chunk) *chunkResult {
	cp := &chunkParser{recordParser: p, res: &chunkResult{tallies: make([]tally, len(p.c.Outcomes)+1)},
		fields: make([][]byte, 0, p.fields), utf8: !utf8.Valid(c.data)}
	lines := bytes.Count(c.data, []byte{'\n'}) + 1
	if p.keep {
		cp.res.cands = make([]cand, 0, lines)
		cp.parse(c)
		return cp.res
	}
	buf := p.st.scratch(lines)
	cp.res.cands = (*buf)[:0]
	cp.parse(c)
	if cp.res.err == nil {
		p.st.add(cp.res.cands, cp.res.tallies, make([]Date, len(p.c.Outcomes)))
	}
	*buf = cp.res.cands
	p.st.put(buf)
	cp.res.cands = nil
	return cp.res
}

func (cp *chunkParser) parse(c chunk) {
	cp.fields, cp.res.err = csvio.EachRecord(cp.name, c.data, c.line, cp.delim, cp.fields, func(line int, f [][]byte) error {
		cp.fields = f
		return cp.record(line)
	})
}

func (cp *chunkParser) errAt(line, i int, err error) error {
	return &csvio.Error{File: cp.name, Line: line, Column: cp.idx[i] + 1, Field: recordCols[i].Name, Err: err}
}

func (cp *chunkParser) field(i int) []byte {
	if cp.idx[i] < 0 {
		return nil
	}
	return bytes.TrimSpace(cp.fields[cp.idx[i]])
}

// statuses are the values of the status column; only verified pays.
var statuses = []string{"verified", "pending", "queried", "withdrawn"}

// record checks the record in cp.fields, read from line, and keeps it as
// a candidate or counts its rejection.
func (cp *chunkParser) record(line int) error {
	if csvio.BlankFields(cp.fields) {
		cp.mu.Lock()
		cp.skipped++
		cp.mu.Unlock()
		return nil
	}
	if len(cp.fields) != cp.recordParser.fields {
		return csvio.FieldCountError(cp.name, line, len(cp.fields), cp.recordParser.header, cp.delim == ',')
	}
	if cp.utf8 {
		for j, f := range cp.fields {
			if !utf8.Valid(f) {
				return &csvio.Error{File: cp.name, Line: line, Column: j + 1, Err: csvio.ErrEncoding}
			}
		}
	}
	for _, j := range cp.blank {
		if len(bytes.TrimSpace(cp.fields[j])) > 0 {
			return &csvio.Error{File: cp.name, Line: line, Column: j + 1, Err: fmt.Errorf("%w: a value in a column with no name in the header", csvio.ErrUnknownColumn)}
		}
	}
	if int64(line) > 1<<31-1 {
		return &csvio.Error{File: cp.name, Line: line, Err: inputf("too many lines")}
	}
	cp.res.records++
	c := cp.c
	s := &c.Settings
	pid, code := cp.field(fPart), cp.field(fOutcome)
	if len(pid) == 0 {
		return cp.errAt(line, fPart, fmt.Errorf("%w: expected a participant id", csvio.ErrEmpty))
	}
	if len(code) == 0 {
		return cp.errAt(line, fOutcome, fmt.Errorf("%w: expected an outcome code", csvio.ErrEmpty))
	}
	achieved, err := parseDate(cp.field(fAchieved))
	if err != nil {
		return cp.errAt(line, fAchieved, err)
	}
	claimed := achieved
	if v := cp.field(fClaimed); len(v) > 0 {
		if claimed, err = parseDate(v); err != nil {
			return cp.errAt(line, fClaimed, err)
		}
		if claimed < achieved {
			return cp.errAt(line, fClaimed, inputf("claimed %s, before the outcome was achieved (%s)", claimed, achieved))
		}
	}
	verified := true
	if cp.idx[fStatus] >= 0 {
		st := cp.field(fStatus)
		k := 0
		if string(st) != statuses[0] {
			k = slices.IndexFunc(statuses, func(s string) bool { return bytes.EqualFold(st, []byte(s)) })
		}
		if k < 0 {
			return cp.errAt(line, fStatus, inputf("status %q: expected verified, pending, queried or withdrawn", st))
		}
		verified = k == 0
	}
	count, hasCount := 0.0, false
	if v := cp.field(fCount); len(v) > 0 {
		if count, err = parseCount(v); err != nil {
			return cp.errAt(line, fCount, inputf("count %q: expected a number of 0 or more (16, or 16.5), at most 12 digits before the point and 6 after", v))
		}
		hasCount = true
	}
	if cp.asOf != 0 && claimed > cp.asOf {
		cp.res.records-- // not submitted yet on the day of the run
		cp.mu.Lock()
		cp.later++
		cp.mu.Unlock()
		return nil
	}
	oi, knownOutcome := c.outcome(code)
	pi, knownPart := c.participant(pid)
	var o *Outcome
	var price int64
	if knownOutcome {
		o = &c.Outcomes[oi]
		price = o.priceAt(achieved)
	}
	if knownPart {
		if start := c.Participants[pi].Start; achieved < start {
			return cp.errAt(line, fAchieved, inputf("achieved %s, before participant %q started (%s)", achieved, pid, start))
		}
	}
	ev := cp.field(fEvidence)
	reason := Accepted
	switch {
	case !knownPart:
		reason = UnknownParticipant
	case !knownOutcome:
		reason = UnknownOutcome
	case len(ev) == 0:
		reason = NoEvidence
	case !o.evidenceTypeOK(cp.field(fEvidenceType)):
		reason = EvidenceType
	case !o.countOK(count, hasCount):
		reason = BelowMinimum
	case !verified:
		reason = NotVerified
	case achieved > s.End:
		reason = AfterEnd
	case s.RampUpUntil != NoDate && achieved <= s.RampUpUntil:
		reason = RampUp
	case o.WindowMonths > 0 && achieved >= c.Participants[pi].Start.WindowEnd(o.WindowMonths):
		reason = Window
	case o.Deadline != NoDate && claimed > o.Deadline || o.Deadline == NoDate && s.Deadline != NoDate && claimed > s.Deadline:
		reason = Deadline
	}
	// Saturating at money.MaxCents+1, which no sum of prices can wrap: a
	// Contract built in code need not keep its prices below the limit.
	if price > money.MaxCents-cp.res.claimed {
		cp.res.claimed = money.MaxCents + 1
	} else {
		cp.res.claimed += price
	}
	t := &cp.res.tallies[oi+1]
	if !knownOutcome {
		t = &cp.res.tallies[0]
	}
	if reason != Accepted {
		t.n[reason]++
		t.claimed[reason] += price
		if cp.keep {
			cl := Claim{Participant: string(pid), Outcome: string(code), Achieved: achieved, Evidence: string(ev), Line: line,
				Reason: reason, Claimed: price, part: -1, out: -1}
			if knownPart {
				cl.part = pi
			}
			if knownOutcome {
				cl.out = oi
			}
			cl.Detail = cp.detail(reason, o, &cl, claimed)
			cp.res.rejects = append(cp.res.rejects, cl)
		}
		return nil
	}
	if !cp.keep {
		// The evidence and the line only tell records of one day apart:
		// without the claims, which of them is paid makes no difference.
		cp.res.cands = append(cp.res.cands, cand{part: pi, date: achieved, out: uint16(oi)})
		return nil
	}
	cp.res.cands = append(cp.res.cands, cand{part: pi, date: achieved, line: int32(line), ev: fnv32(ev), out: uint16(oi)})
	cp.res.evs = append(cp.res.evs, string(ev))
	return nil
}

// detail explains a rejection found on the record alone.
func (cp *chunkParser) detail(r Reason, o *Outcome, cl *Claim, claimed Date) string {
	s := &cp.c.Settings
	switch r {
	case UnknownParticipant:
		return fmt.Sprintf("participant %q is not in participants.csv", cl.Participant)
	case UnknownOutcome:
		return fmt.Sprintf("outcome %q is not on the rate card", cl.Outcome)
	case NoEvidence:
		return "no evidence reference"
	case EvidenceType:
		return fmt.Sprintf("evidence type %q: %s accepts %s", cp.field(fEvidenceType), o.Code, strings.Join(o.EvidenceTypes, ", "))
	case BelowMinimum:
		if v := cp.field(fCount); len(v) > 0 {
			return fmt.Sprintf("count %s, below the minimum %s of %s", v, formatCount(o.MinCount), o.Code)
		}
		return fmt.Sprintf("no count: %s needs at least %s", o.Code, formatCount(o.MinCount))
	case NotVerified:
		return "status is not verified"
	case AfterEnd:
		return fmt.Sprintf("achieved after the contract's end (%s)", s.End)
	case RampUp:
		return fmt.Sprintf("achieved in the ramp-up period (to %s)", s.RampUpUntil)
	case Window:
		start := cp.c.Participants[cl.part].Start
		return fmt.Sprintf("achieved after the %d-month window from the start on %s (last day %s)", o.WindowMonths, start, start.WindowEnd(o.WindowMonths)-1)
	case Deadline:
		d := o.Deadline
		if d == NoDate {
			d = s.Deadline
		}
		return fmt.Sprintf("claimed %s, after the deadline %s", claimed, d)
	}
	return ""
}

// outcome returns the index of the outcome with code: by comparing
// bytes when the rate card is short, which is quicker than hashing.
func (c *Contract) outcome(code []byte) (int, bool) {
	if len(c.Outcomes) <= 16 {
		for i := range c.Outcomes {
			if string(code) == c.Outcomes[i].Code {
				return i, true
			}
		}
		return 0, false
	}
	i, ok := c.byOutcome[string(code)]
	return i, ok
}

// fnv32 is the 32-bit FNV-1a hash.
func fnv32(b []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range b {
		h ^= uint32(c)
		h *= 16777619
	}
	return h
}
