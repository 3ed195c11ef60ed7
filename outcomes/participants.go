package outcomes

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/sib-engine/sib/internal/csvio"
)

// Participant records are the big input (ten million rows and more), so
// they are not read with encoding/csv row by row. The file is cut into
// chunks of whole records, each chunk is parsed by one of several workers
// into running totals per cell, and the totals are merged in file order.
// Chunk boundaries depend only on chunkSize, never on the number of
// workers, so the floating-point sums, and every result, are the same
// whatever the number of workers.

// chunkSize is the size of the blocks the file is cut into; maxRecord
// bounds one record (which may span chunks).
const (
	chunkSize = 4 << 20
	maxRecord = 64 << 20
)

// The fixed columns of participants.csv; metric columns follow.
const (
	pID = iota
	pGroup
	pCohort
	pPeriod
	pMetrics
)

// chunk is a run of whole records and the line it starts on.
type chunk struct {
	seq  int
	line int
	data []byte
}

// chunkResult is what a worker made of a chunk.
type chunkResult struct {
	keys   []cellKey
	lines  []int           // the line each cell was first seen on
	accs   [][]accumulator // [cell][metric]
	values [][][]float64   // [cell][metric][]value, with KeepValues
	ids    idHashes
	err    error
	// matched holds the values of matched participants (matched.go), in
	// file order; seen the matched units met.
	matched []matchedRow
	seen    []int32
}

type cellKey struct {
	group, cohort string
	period        int
}

// participantParser holds what every worker needs to read a record.
type participantParser struct {
	s       *Study
	name    string
	metrics []*Metric // metric of each metric column
	fields  int       // fields per record
	blank   []int     // fields with an empty header name, which must stay empty
	idx     []int     // file field of each column (pID, ..., metrics)
	header  []string  // column names by position in idx
	names   []string  // the file's header names, by field
	delim   byte
	comma   bool // decimal comma
	groups  []string
	treated []string
	keep    bool
	chunk   int          // chunk size in bytes
	rows    int64        // the most records the file may have
	skipped atomic.Int64 // empty records (separators alone) passed over
}

// ReadParticipants streams participant records (participants.csv) into
// cell summaries: one row per participant and measurement period, columns
// id, group, cohort, period and one column per metric (empty when not
// measured). Only the summaries are kept, unless opt.KeepValues, and the
// values of the participants of a matching set before (SetMatching,
// ReadWeights), which must all have a record here.
func (s *Study) ReadParticipants(r io.Reader, name string, opt LoadOptions) error {
	rr := newRereader(r)
	br := bufio.NewReaderSize(r, 1<<16)
	head, err := br.ReadSlice('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		if errors.Is(err, bufio.ErrBufferFull) {
			return &InputError{File: name, Line: 1, Err: fmt.Errorf("%w: the header row is longer than 64 KiB", ErrInput)}
		}
		return fmt.Errorf("outcomes: %s: %w", name, err)
	}
	head = slices.Clone(head)
	cols := []csvio.Column{{Name: "id", Required: true}, {Name: "group", Required: true}, {Name: "cohort", Required: true}, {Name: "period", Required: true}}
	for _, m := range s.Metrics {
		cols = append(cols, csvio.Column{Name: strings.ToLower(m.Name), Required: true})
	}
	cr, err := csvio.NewReader(bytes.NewReader(head), name, cols)
	if err != nil {
		return err
	}
	p := &participantParser{s: s, name: name, delim: cr.Delimiter(), comma: cr.DecimalComma(), keep: opt.KeepValues, chunk: opt.chunkSize, rows: opt.Limits.OrDefault().Rows}
	if p.chunk <= 0 {
		p.chunk = chunkSize
	}
	p.groups, p.treated = s.groups()
	s.files.data = name
	p.fields = cr.Fields()
	p.names = cr.Header()
	p.blank = cr.Blank()
	for i, c := range cols {
		p.idx = append(p.idx, cr.Col(i)-1)
		p.header = append(p.header, c.Name)
	}
	for i := range s.Metrics {
		p.metrics = append(p.metrics, &s.Metrics[i])
	}
	ids, err := p.run(br, opt.Workers)
	if err != nil {
		return err
	}
	if n := p.skipped.Load(); n > 0 && opt.Limits.Notes != nil {
		// The chunks are parsed in parallel: a count, not their lines.
		opt.Limits.Notes.Add(fmt.Sprintf("%s: skipped %d empty %s: separators with no values", name, n, map[bool]string{true: "row", false: "rows"}[n == 1]))
	}
	if dups := duplicateHashes(ids, opt.Workers); len(dups) > 0 {
		return p.duplicateError(rr, dups)
	}
	return s.checkMatched()
}

// run cuts the rest of the file into chunks, parses them in parallel and
// merges the results in file order. It returns the chunks' (id, period)
// hashes for the duplicate check.
func (p *participantParser) run(r io.Reader, workers int) ([]idHashes, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	chunks := make(chan chunk, workers)
	var mu sync.Mutex
	results := map[int]*chunkResult{}
	failed := -1 // the lowest chunk with an error so far
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range chunks {
				res := p.parseChunk(c)
				mu.Lock()
				results[c.seq] = res
				if res.err != nil && (failed < 0 || c.seq < failed) {
					failed = c.seq
				}
				mu.Unlock()
			}
		}()
	}
	stop := func() bool { mu.Lock(); defer mu.Unlock(); return failed >= 0 }
	n, readErr := p.cut(r, chunks, stop)
	close(chunks)
	wg.Wait()
	if readErr != nil {
		return nil, readErr
	}
	if failed >= 0 {
		return nil, results[failed].err
	}
	// Merge in file order.
	ids := make([]idHashes, n)
	for seq := range n {
		res := results[seq]
		ids[seq] = res.ids
		for i, k := range res.keys {
			for j, m := range p.metrics {
				acc := &res.accs[i][j]
				if acc.n == 0 {
					continue
				}
				c := Cell{Metric: m.Name, Group: k.group, Cohort: k.cohort, Period: k.period}
				sum := acc.summary()
				if m.Kind == Duration || m.Kind == Continuous {
					// Whole values in one chunk and not in another
					// must not leave a partial count of events.
					sum.Events = 0
				}
				p.s.Add(c, sum)
				p.s.noteOrigin(c, res.lines[i], p.idx[pCohort]+1)
				if p.keep {
					if p.s.values == nil {
						p.s.values = make(map[Cell][]float64)
					}
					p.s.values[c] = append(p.s.values[c], res.values[i][j]...)
				}
			}
		}
		if md := p.s.match; md != nil {
			md.rows = append(md.rows, res.matched...)
			for _, u := range res.seen {
				md.seen[u] = true
			}
		}
		delete(results, seq)
	}
	return ids, nil
}

// cut reads r and sends chunks of whole records; it returns the number of
// chunks. A record ends at a newline outside quotes.
func (p *participantParser) cut(r io.Reader, out chan<- chunk, stop func() bool) (int, error) {
	line := 2
	seq := 0
	var carry []byte
	for {
		// A record longer than a chunk doubles the buffer rather than
		// growing it by a chunk at a time, which would copy and rescan it
		// quadratically.
		buf := make([]byte, len(carry), len(carry)+max(p.chunk, len(carry)))
		copy(buf, carry)
		n, err := io.ReadFull(r, buf[len(carry):cap(buf)])
		buf = buf[:len(carry)+n]
		eof := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
		if err != nil && !eof {
			return seq, fmt.Errorf("outcomes: %s: %w", p.name, err)
		}
		end := len(buf)
		if !eof {
			end = csvio.LastRecordEnd(buf)
			if end < 0 {
				// One record longer than a chunk: read on.
				carry = buf
				if len(carry) > maxRecord {
					return seq, &InputError{File: p.name, Line: line, Err: fmt.Errorf("%w: a record longer than %d MiB (an unclosed quote?)", ErrInput, maxRecord>>20)}
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
				// Counted in lines: a quoted value over two lines counts twice.
				return seq, &InputError{File: p.name, Line: int(p.rows) + 2, Err: csvio.LimitError(fmt.Sprintf("more than %d records", p.rows), "rows", p.rows)}
			}
		}
		if eof {
			return seq, nil
		}
	}
}

// worker state for one chunk.
type chunkParser struct {
	*participantParser
	res     *chunkResult
	index   map[string]int // cell key bytes → cell index
	keyBuf  []byte
	lastKey []byte
	lastIdx int
	fields  [][]byte
	units   []int32 // the record's matched units
	// utf8 asks for each field to be checked: the chunk as a whole is not
	// valid UTF-8, and the error must point at the first bad field, after
	// any earlier error.
	utf8 bool
}

func (p *participantParser) parseChunk(c chunk) *chunkResult {
	cp := &chunkParser{participantParser: p, res: &chunkResult{}, index: map[string]int{}, lastIdx: -1,
		fields: make([][]byte, 0, p.fields), utf8: !utf8.Valid(c.data)}
	cp.res.ids.h = make([]uint64, 0, bytes.Count(c.data, []byte{'\n'})+1)
	defer cp.res.ids.partition()
	cp.fields, cp.res.err = csvio.EachRecord(cp.name, c.data, c.line, cp.delim, cp.fields, func(line int, f [][]byte) error {
		cp.fields = f
		return cp.record(line)
	})
	return cp.res
}

// errAt returns an error at column i (an index into idx) of a record.
func (cp *chunkParser) errAt(line, i int, err error) error {
	return &InputError{File: cp.name, Line: line, Column: cp.idx[i] + 1, Field: cp.header[i], Err: err}
}

// field returns the trimmed value of column i.
func (cp *chunkParser) field(i int) []byte { return bytes.TrimSpace(cp.fields[cp.idx[i]]) }

// record adds the record in cp.fields, read from line. A record of
// separators alone (as spreadsheets save rows once used) is passed over,
// as csvio passes over them in the other files.
func (cp *chunkParser) record(line int) error {
	if csvio.BlankFields(cp.fields) {
		cp.skipped.Add(1)
		return nil
	}
	if len(cp.fields) != cp.participantParser.fields {
		return csvio.FieldCountError(cp.name, line, len(cp.fields), cp.names, !cp.comma)
	}
	for j, f := range cp.fields {
		if cp.utf8 && !utf8.Valid(f) {
			return &InputError{File: cp.name, Line: line, Column: j + 1, Err: csvio.ErrEncoding}
		}
	}
	for _, j := range cp.blank {
		if len(bytes.TrimSpace(cp.fields[j])) > 0 {
			return &InputError{File: cp.name, Line: line, Column: j + 1, Err: fmt.Errorf("%w: a value in a column with no name in the header", csvio.ErrUnknownColumn)}
		}
	}
	id := cp.field(pID)
	if len(id) == 0 {
		return cp.errAt(line, pID, fmt.Errorf("%w: expected the participant's identifier", csvio.ErrEmpty))
	}
	ci, err := cp.cell(line)
	if err != nil {
		return err
	}
	h := idHash(id, cp.res.keys[ci].period)
	cp.res.ids.h = append(cp.res.ids.h, h)
	accs := cp.res.accs[ci]
	if md := cp.s.match; md != nil {
		k := cp.res.keys[ci]
		if md.uncovered(id, k.group, k.cohort) {
			return cp.errAt(line, pID, fmt.Errorf("%w: participant %q of group %s, cohort %s, has no row in %s: matching needs every treated participant's covariates (add the row, or remove the participant from both files)",
				ErrUnknown, id, k.group, k.cohort, orName(md.source, CovariatesFile)))
		}
		cp.units = md.matchedUnits(cp.units, id, k.group, k.cohort)
		cp.res.seen = append(cp.res.seen, cp.units...)
	}
	for j, m := range cp.metrics {
		b := cp.field(pMetrics + j)
		if len(b) == 0 {
			continue
		}
		x, err := cp.value(b, m.Kind)
		if err != nil {
			return cp.errAt(line, pMetrics+j, err)
		}
		accs[j].add(x)
		for _, u := range cp.units {
			cp.res.matched = append(cp.res.matched, matchedRow{unit: u, metric: int32(j), period: int32(cp.res.keys[ci].period), x: x})
		}
		if cp.keep && m.Kind != Binary {
			// Binary cells are resampled from their totals.
			cp.res.values[ci][j] = append(cp.res.values[ci][j], x)
		}
	}
	return nil
}

// cell returns the index of the record's cell, adding it when new.
func (cp *chunkParser) cell(line int) (int, error) {
	g, c, per := cp.field(pGroup), cp.field(pCohort), cp.field(pPeriod)
	k := append(append(append(append(append(cp.keyBuf[:0], g...), 0), c...), 0), per...)
	cp.keyBuf = k
	if cp.lastIdx >= 0 && bytes.Equal(k, cp.lastKey) {
		return cp.lastIdx, nil
	}
	idx, ok := cp.index[string(k)]
	if !ok {
		group, cohort := string(g), string(c)
		if len(g) == 0 {
			return 0, cp.errAt(line, pGroup, fmt.Errorf("%w: expected a group label", csvio.ErrEmpty))
		}
		if col, err := cp.s.checkGroupCohort(group, cohort, cp.groups, cp.treated); err != nil {
			return 0, cp.errAt(line, pGroup+col, err)
		}
		period, err := parsePeriod(string(per))
		if err != nil {
			return 0, cp.errAt(line, pPeriod, err)
		}
		idx = len(cp.res.keys)
		cp.index[string(k)] = idx
		cp.res.keys = append(cp.res.keys, cellKey{group, cohort, period})
		cp.res.lines = append(cp.res.lines, line)
		cp.res.accs = append(cp.res.accs, make([]accumulator, len(cp.metrics)))
		if cp.keep {
			cp.res.values = append(cp.res.values, make([][]float64, len(cp.metrics)))
		}
	}
	cp.lastKey = append(cp.lastKey[:0], k...)
	cp.lastIdx = idx
	return idx, nil
}

// value parses and checks a metric value.
func (cp *chunkParser) value(b []byte, k Kind) (float64, error) {
	x, ok := 0.0, false
	if !cp.comma || bytes.IndexByte(b, '.') < 0 {
		// In a semicolon file a point may be a thousands separator, which
		// the slow path rejects.
		x, ok = fastFloat(b)
	}
	if !ok {
		var err error
		if x, err = csvio.ParseFloat(string(b), cp.comma); err != nil {
			if k == Binary && !bytes.ContainsAny(b, "0123456789") && !csvio.LooksMissing(string(b)) {
				// yes, TRUE: the hint for a number would not help; NA,
				// 42% and 1e0 keep their own.
				return 0, fmt.Errorf("%w %q: a binary metric's value is 0 or 1", csvio.ErrNumber, b)
			}
			return 0, err
		}
	}
	switch k {
	case Binary:
		if x != 0 && x != 1 {
			return 0, fmt.Errorf("%w %q: a binary metric's value is 0 or 1", ErrRange, b)
		}
	case Count:
		if x < 0 {
			return 0, fmt.Errorf("%w %s: a count is zero or more", csvio.ErrNegative, b)
		}
		if x != math.Trunc(x) {
			return 0, fmt.Errorf("%w %q: a count is a whole number", csvio.ErrNumber, b)
		}
		if x > maxCount {
			return 0, fmt.Errorf("%w %q: a count of events per participant above 10^9", ErrRange, b)
		}
	case Duration:
		if x < 0 {
			return 0, fmt.Errorf("%w %s: a duration is zero or more", csvio.ErrNegative, b)
		}
	}
	if math.Abs(x) > 1e150 {
		return 0, fmt.Errorf("%w %q: too large", ErrRange, b)
	}
	return x, nil
}

// fastFloat is csvio.FastFloat, which the readers of other large files
// share.
func fastFloat(b []byte) (float64, bool) { return csvio.FastFloat(b) }
