package matching

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/sib-engine/sib/internal/csvio"
)

// covariates.csv may hold ten million units, so ReadData reads it on every
// core, as outcomes reads participants.csv: the file is cut into chunks of
// whole records, workers parse them, and the rows are appended in file
// order. Whatever the number of workers the rows, the levels (sorted in
// byte order after all chunks) and the codes are the same.
//
// The parallel path never explains an error. On anything the sequential
// reader would refuse, or might (a value near a limit, a byte that is not
// UTF-8, a quote the chunk cannot parse), it stops, rewinds the file and
// hands it to readDataSeq, whose error is then the one reported: the first
// bad cell in file order, with one wording, however the file was cut. A
// reader that cannot seek (a pipe) is read sequentially from the start.

// ReadOptions are the options of ReadDataWith.
type ReadOptions struct {
	// Workers parse chunks of the file in parallel; 0 means the spec's
	// Options.Workers, and when that is 0 too, one per CPU.
	Workers int

	// chunkSize replaces dataChunkSize when positive: tests cut a file
	// into many chunks.
	chunkSize int
}

// dataChunkSize is the size of the blocks covariates.csv is cut into (a
// few tens of thousands of rows).
const dataChunkSize = 4 << 20

// ReadDataWith is ReadData with options. r is parsed in parallel when it
// can seek; otherwise, and for an input the parallel path leaves to it
// (see load_parallel.go), by the sequential reader. The result and the
// errors are the same either way.
func ReadDataWith(r io.Reader, name string, spec *Spec, opt ReadOptions) (*Data, error) {
	sk, ok := r.(io.Seeker)
	var start int64
	if ok {
		var err error
		start, err = sk.Seek(0, io.SeekCurrent)
		ok = err == nil
	}
	if !ok {
		d, err := readDataSeq(r, name, spec)
		if err != nil {
			return nil, err
		}
		return d, nil
	}
	size := int64(-1)
	if end, err := sk.Seek(0, io.SeekEnd); err == nil {
		size = end - start
	}
	if _, err := sk.Seek(start, io.SeekStart); err != nil {
		return nil, &csvio.Error{File: name, Err: err}
	}
	d, done, err := readDataPar(r, name, spec, opt, size)
	if !done {
		if _, err := sk.Seek(start, io.SeekStart); err != nil {
			return nil, &csvio.Error{File: name, Err: err}
		}
		d, err = readDataSeq(r, name, spec)
	}
	if err != nil {
		return nil, err
	}
	return d, nil
}

// dataCols returns the columns of covariates.csv its header names, as
// readDataSeq builds them.
func dataCols(head []byte) []csvio.Column {
	cols := []csvio.Column{{Name: "id", Required: true}, {Name: "group", Required: true}, {Name: "cohort", Required: true}}
	for _, h := range headerNames(head) {
		if h != "" && !slices.Contains(reserved, h) && !slices.ContainsFunc(cols, func(c csvio.Column) bool { return c.Name == h }) {
			cols = append(cols, csvio.Column{Name: h})
		}
	}
	return cols
}

// readDataPar reads r in parallel. done is false when the sequential
// reader must read the file instead; otherwise d and err are the result.
func readDataPar(r io.Reader, name string, spec *Spec, opt ReadOptions, size int64) (d *Data, done bool, err error) {
	br := bufio.NewReaderSize(r, 1<<16)
	head, err := br.ReadSlice('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, false, nil
	}
	head = slices.Clone(head)
	cols := dataCols(head)
	// The header alone: one that spans lines (a quoted newline) fails
	// here and is left to the sequential reader.
	cr, err := csvio.NewReader(bytes.NewReader(head), name, cols)
	if err != nil {
		return nil, false, nil
	}
	d = &Data{Source: name}
	ld := &dataLoader{d: d, cr: cr, spec: spec, cohorts: map[string]string{}}
	if err := ld.columns(cols); err != nil {
		return nil, true, err
	}
	p := newDataParser(cr, ld)
	if !p.run(br, ld, opt, size-int64(len(head))) {
		return nil, false, nil
	}
	return d, true, ld.finish()
}

// dataParser holds what every worker needs to read a record of
// covariates.csv.
type dataParser struct {
	spec                *Spec
	name                string
	delim               byte
	comma               bool // decimal comma
	fields              int  // fields per record
	blank               []int
	id, group, cohort   int   // file fields
	cov                 []int // file field of each covariate
	cat                 []bool
	lim                 csvio.Limits
	maxCohort, maxLevel int
}

func newDataParser(cr *csvio.Reader, ld *dataLoader) *dataParser {
	p := &dataParser{spec: ld.spec, name: cr.Name(), delim: cr.Delimiter(), comma: cr.DecimalComma(), fields: cr.Fields(), blank: cr.Blank(),
		id: cr.Col(0) - 1, group: cr.Col(1) - 1, cohort: cr.Col(2) - 1,
		// readDataSeq reads under the default limits (its csvio.Reader
		// wraps the header and the rest, not the *csvio.File).
		lim: csvio.DefaultLimits(), maxCohort: 256, maxLevel: MaxLevels}
	for j, c := range ld.d.Columns {
		p.cov = append(p.cov, cr.Col(ld.idx[j])-1)
		p.cat = append(p.cat, c.Categorical)
	}
	return p
}

// dataPiece is a run of whole records and the line it starts on.
type dataPiece struct {
	line int
	data []byte
}

// pieceRows is what a worker made of a piece: its rows, with categorical
// codes numbered in the piece's order of first appearance.
type pieceRows struct {
	ids     string  // the ids end to end: one allocation a piece
	idEnd   []int32 // where each id ends in ids
	treated []bool
	cohort  []int32 // index into cohorts
	cohorts []string
	line    []int
	values  [][]float64 // by covariate (nil for a categorical one)
	codes   [][]int32   // by covariate (nil for a numeric one)
	levels  [][]string  // each categorical covariate's levels in code order
	bytes   int
	bad     bool // the sequential reader must read the file
}

// errLeave stops a piece: the sequential reader will say what is wrong.
var errLeave = errors.New("matching: left to the sequential reader")

// run cuts r into pieces, parses them on workers and appends their rows to
// ld.d in file order. It returns false when the sequential reader must
// read the file. rest is the size of r, or negative when unknown.
func (p *dataParser) run(r io.Reader, ld *dataLoader, opt ReadOptions, rest int64) bool {
	workers := opt.Workers
	if workers <= 0 {
		workers = p.spec.Options.Workers
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	size := opt.chunkSize
	if size <= 0 {
		size = dataChunkSize
	}
	type job struct {
		piece dataPiece
		out   chan *pieceRows
	}
	jobs := make(chan job, workers)
	order := make(chan chan *pieceRows, 2*workers)
	var bad atomic.Bool
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				res := p.parse(j.piece)
				if res.bad {
					bad.Store(true)
				}
				j.out <- res
			}
		})
	}
	var cutOK bool
	go func() {
		defer close(order)
		defer close(jobs)
		cutOK = p.cut(r, size, bad.Load, func(pc dataPiece) {
			out := make(chan *pieceRows, 1)
			order <- out
			jobs <- job{pc, out}
		})
	}()
	ok, first := true, true
	for out := range order {
		res := <-out
		if !ok || res.bad {
			ok = false
			continue
		}
		if first && rest > 0 && res.bytes > 0 {
			// Room for the rows the whole file likely holds, estimated from
			// the first piece, so the columns are not copied as they grow.
			est := int(float64(len(res.treated))*float64(rest)/float64(res.bytes)*1.02) + 64
			ld.grow(min(est, int(p.lim.Rows)+1))
		}
		first = false
		if ok = p.merge(ld, res); !ok {
			bad.Store(true)
		}
	}
	wg.Wait()
	return ok && cutOK && !bad.Load()
}

// grow makes room for n rows.
func (ld *dataLoader) grow(n int) {
	d := ld.d
	d.IDs = slices.Grow(d.IDs, n)
	d.Treated = slices.Grow(d.Treated, n)
	d.Cohort = slices.Grow(d.Cohort, n)
	d.Line = slices.Grow(d.Line, n)
	for j := range d.Columns {
		c := &d.Columns[j]
		if c.Categorical {
			c.Codes = slices.Grow(c.Codes, n)
		} else {
			c.Values = slices.Grow(c.Values, n)
		}
	}
}

// cut reads r and calls send with pieces of whole records, until the end
// of r or stop. It returns false on a read error or a record too long for
// a piece, which the sequential reader reports.
func (p *dataParser) cut(r io.Reader, size int, stop func() bool, send func(dataPiece)) bool {
	line := 2
	var carry []byte
	for {
		// A record longer than a piece doubles the buffer, as in outcomes.
		buf := make([]byte, len(carry), len(carry)+max(size, len(carry)))
		copy(buf, carry)
		n, err := io.ReadFull(r, buf[len(carry):cap(buf)])
		buf = buf[:len(carry)+n]
		eof := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
		if err != nil && !eof {
			return false
		}
		end := len(buf)
		if !eof {
			if end = csvio.LastRecordEnd(buf); end < 0 {
				if carry = buf; int64(len(carry)) > p.lim.RecordBytes {
					return false
				}
				continue
			}
		}
		data := buf[:end]
		carry = buf[end:]
		if len(data) > 0 {
			if stop() {
				return true
			}
			send(dataPiece{line: line, data: data})
			line += bytes.Count(data, []byte{'\n'})
		}
		if eof {
			return true
		}
	}
}

// pieceParser is a worker's state for one piece.
type pieceParser struct {
	*dataParser
	res        *pieceRows
	ids        []byte
	cohortIdx  map[string]int32
	lastCohort int32
	levelIdx   []map[string]int32
}

// parse reads the records of a piece.
func (p *dataParser) parse(pc dataPiece) *pieceRows {
	n := bytes.Count(pc.data, []byte{'\n'}) + 1
	res := &pieceRows{bytes: len(pc.data), values: make([][]float64, len(p.cov)), codes: make([][]int32, len(p.cov)), levels: make([][]string, len(p.cov))}
	if !utf8.Valid(pc.data) {
		res.bad = true
		return res
	}
	pp := &pieceParser{dataParser: p, res: res, ids: make([]byte, 0, n*8), cohortIdx: map[string]int32{}, lastCohort: -1, levelIdx: make([]map[string]int32, len(p.cov))}
	res.idEnd = make([]int32, 0, n)
	res.treated = make([]bool, 0, n)
	res.cohort = make([]int32, 0, n)
	res.line = make([]int, 0, n)
	for j, cat := range p.cat {
		if cat {
			res.codes[j] = make([]int32, 0, n)
			pp.levelIdx[j] = map[string]int32{}
		} else {
			res.values[j] = make([]float64, 0, n)
		}
	}
	_, err := csvio.EachRecord(p.name, pc.data, pc.line, p.delim, make([][]byte, 0, p.fields), pp.record)
	if err != nil {
		res.bad = true
		return res
	}
	res.ids = string(pp.ids)
	return res
}

// record reads one record, or returns errLeave for what the sequential
// reader would refuse (or might: the limits are checked on the fields as
// split, before encoding/csv trims their leading spaces).
func (pp *pieceParser) record(line int, f [][]byte) error {
	if csvio.BlankFields(f) {
		return nil
	}
	if len(f) != pp.fields {
		return errLeave
	}
	var total int64
	for _, x := range f {
		if int64(len(x)) > pp.lim.FieldBytes {
			return errLeave
		}
		total += int64(len(x))
	}
	if total > pp.lim.RecordBytes {
		return errLeave
	}
	for _, j := range pp.blank {
		if len(bytes.TrimSpace(f[j])) > 0 {
			return errLeave
		}
	}
	id := bytes.TrimSpace(f[pp.id])
	if len(id) == 0 || int64(len(id)) > pp.lim.NameBytes {
		return errLeave
	}
	g := bytes.TrimSpace(f[pp.group])
	treated := string(g) == pp.spec.Treatment
	if !treated && string(g) != pp.spec.Pool {
		return errLeave
	}
	c := bytes.TrimSpace(f[pp.cohort])
	if len(c) == 0 && treated || len(c) > pp.maxCohort {
		return errLeave
	}
	res := pp.res
	ci := pp.lastCohort
	if ci < 0 || res.cohorts[ci] != string(c) {
		var ok bool
		if ci, ok = pp.cohortIdx[string(c)]; !ok {
			ci = int32(len(res.cohorts))
			res.cohorts = append(res.cohorts, string(c))
			pp.cohortIdx[res.cohorts[ci]] = ci
		}
		pp.lastCohort = ci
	}
	for j, k := range pp.cov {
		if err := pp.value(j, bytes.TrimSpace(f[k])); err != nil {
			return err
		}
	}
	pp.ids = append(pp.ids, id...)
	res.idEnd = append(res.idEnd, int32(len(pp.ids)))
	res.treated = append(res.treated, treated)
	res.cohort = append(res.cohort, ci)
	res.line = append(res.line, line)
	return nil
}

// value reads covariate j's value v.
func (pp *pieceParser) value(j int, v []byte) error {
	if len(v) == 0 {
		return errLeave
	}
	res := pp.res
	if !pp.cat[j] {
		x, ok := csvio.FloatBytes(v, pp.comma)
		if !ok {
			return errLeave
		}
		res.values[j] = append(res.values[j], x)
		return nil
	}
	m := pp.levelIdx[j]
	code, ok := m[string(v)]
	if !ok {
		if csvio.LooksMissing(string(v)) || len(m) == pp.maxLevel {
			return errLeave
		}
		code = int32(len(m))
		l := string(v)
		m[l] = code
		res.levels[j] = append(res.levels[j], l)
	}
	res.codes[j] = append(res.codes[j], code)
	return nil
}

// merge appends a piece's rows to ld.d, numbering the levels in the file's
// order of first appearance as readDataSeq does (finish sorts them). It
// returns false when the file has more rows or levels than the sequential
// reader accepts.
func (p *dataParser) merge(ld *dataLoader, res *pieceRows) bool {
	d := ld.d
	if int64(d.Len()+len(res.treated)) > p.lim.Rows {
		return false
	}
	cohorts := make([]string, len(res.cohorts))
	for i, c := range res.cohorts {
		ic, ok := ld.cohorts[c]
		if !ok {
			ic = c
			ld.cohorts[ic] = ic
		}
		cohorts[i] = ic
	}
	from := int32(0)
	for i, end := range res.idEnd {
		d.IDs = append(d.IDs, res.ids[from:end])
		d.Cohort = append(d.Cohort, cohorts[res.cohort[i]])
		if res.treated[i] {
			ld.treated++
		}
		from = end
	}
	d.Treated = append(d.Treated, res.treated...)
	d.Line = append(d.Line, res.line...)
	for j := range d.Columns {
		col := &d.Columns[j]
		if !col.Categorical {
			col.Values = append(col.Values, res.values[j]...)
			continue
		}
		m := ld.levels[j]
		remap := make([]int32, len(res.levels[j]))
		for k, l := range res.levels[j] {
			code, ok := m[l]
			if !ok {
				if len(m) == p.maxLevel {
					return false
				}
				code = int32(len(m))
				m[l] = code
			}
			remap[k] = code
		}
		for _, c := range res.codes[j] {
			col.Codes = append(col.Codes, remap[c])
		}
	}
	return true
}
