package claims

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"math/bits"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/sib-engine/sib/internal/csvio"
	"github.com/sib-engine/sib/internal/money"
)

// Options are the options of Validate and Run.
type Options struct {
	// Workers is the number of goroutines (0: one per CPU). Results do not
	// depend on it.
	Workers int
	// KeepClaims keeps every record's decision in Result.Claims and each
	// participant's totals in Result.Totals: memory in proportion to the
	// records. Without it only the totals are kept.
	KeepClaims bool
	// Limits bound the records file (Run also applies them to the other
	// files).
	Limits csvio.Limits
	// AsOf, when not zero, runs the claims as they stood at the end of
	// that day: records claimed after it (their claimed day, or the day
	// achieved) are left out, as if not yet submitted, and counted in
	// Result.Later. The zero value (1970-01-01) means every record.
	AsOf Date

	chunkSize int // for tests: cut the records into small chunks
}

// Claim is what became of one outcome record.
type Claim struct {
	Participant string
	Outcome     string
	Achieved    Date
	Evidence    string
	Line        int // the line of records.csv the record starts on
	Reason      Reason
	Detail      string  // the reason in words, with the figures ("participant cap EMP of 3000.00 reached: paid 500.00 of 1000.00")
	Claimed     int64   // the rate card's price on the day achieved, in cents; 0 for an unknown outcome
	Paid        int64   // cents
	Period      int     // the payment period of a paid claim, else 0
	Split       []int64 // what each payer of Result.Payers pays of Paid, when paid
	part        int32
	out         int
}

// ReasonTotal counts the records of one reason, with what they claimed and
// what was paid (Paid is 0 but for Accepted and CapPartly).
type ReasonTotal struct {
	Reason                 Reason
	Records, Claimed, Paid int64
}

// OutcomeTotal sums the records of one outcome ("" for codes not on the
// rate card): how many, how many were paid (in full or in part), what they
// claimed and what was paid.
type OutcomeTotal struct {
	Outcome                           string
	Records, Paid, Claimed, PaidCents int64
}

// Payment is what one payer pays in one payment period, in cents. End is
// the period's last day, or the contract's end when it falls in the
// period.
type Payment struct {
	Period     int
	Start, End Date
	Payer      string
	Cents      int64
	// Paid is, for a period over (to Result.Through), the part of Cents
	// the payer has paid: its payments made by the as-of day, recoveries
	// netted, go to its periods oldest first, each taking at most its
	// Cents. Cents − Paid is outstanding.
	Paid int64
}

// OutcomePayment is what was paid for one outcome in one payment period,
// in cents, all payers together, and on how many claims (paid in full or
// in part). Start and End are the whole period's, as a scenario's
// actuals.csv gives them (a scenario's periods run their full length,
// even past the contract's end).
type OutcomePayment struct {
	Period     int
	Start, End Date
	Outcome    string
	Cents      int64
	Claims     int64
}

// Achievement counts the participants of a cohort who achieved an
// outcome: had a record that passed every check but the caps. With
// Options.AsOf, Participants are those who had started by that day (the
// others are not observed yet), and Open those of them who had not
// achieved the outcome and whose window for it (or, without one, the
// contract) was still open that day: they may achieve it yet, so the
// rate is final only when Open is 0.
type Achievement struct {
	Outcome, Cohort              string
	Participants, Achieved, Open int64
}

// Rate is the share of the cohort who achieved the outcome, a fraction.
func (a Achievement) Rate() float64 {
	if a.Participants == 0 {
		return 0
	}
	return float64(a.Achieved) / float64(a.Participants)
}

// ParticipantTotal is what one participant was paid over the outcomes of
// one cap group ("" for outcomes in none), against the group's cap.
type ParticipantTotal struct {
	Participant, Cohort, Group string
	Claims                     int64 // records paid, in full or in part
	Paid                       int64 // cents
	Cap                        int64 // cents; 0 when the group has none
	HasCap                     bool
}

// Result is the outcome of a claims run.
type Result struct {
	Settings Settings
	Payers   []string // in order of first appearance on the rate card
	Records  int64
	// Reconciliation has a row for every reason: Σ Claimed over them is
	// what the records claimed, and equals Σ Paid plus what was not paid,
	// to the cent.
	Reconciliation []ReasonTotal
	ByOutcome      []OutcomeTotal
	// Payments by period and payer: every period of the contract, each
	// payer, zero included (the hand-off to a scenario's actuals).
	Payments []Payment
	// OutcomePayments are the payments by period and outcome (rate-card
	// order), every period of the contract, zero included: a scenario's
	// actuals, term by term. Through is the last period the actuals cover
	// (0: none). With Options.AsOf it is the last period over by that day
	// (a period with no payment is an actual of 0), and Partial the period
	// that day falls in when it is not over (0: none): its payments so
	// far are not its actuals, and are left to the forecast. Without
	// AsOf, Through is the last period with a payment and Partial is 0.
	OutcomePayments []OutcomePayment
	Through         int
	Partial         int
	// Achievement by outcome (rate-card order) and cohort (by name).
	Achievement []Achievement
	Totals      []ParticipantTotal // with KeepClaims: participants with a paid claim
	Claims      []Claim            // with KeepClaims: every record, by participant, date and outcome
	Skipped     int64              // empty rows passed over
	Later       int64              // with Options.AsOf: records claimed after it, left out
	// Owed is, by payer (in the order of Payers), what the claims booked
	// for the periods over (to Through), what the payer paid by the as-of
	// day (Contract.Paid), and the balance; PaidGiven copies the
	// contract's (without it nothing is known to be paid). PaidLater
	// counts the payments made after Options.AsOf, left out, and
	// PaidLaterCents sums them.
	Owed                      []Owed
	PaidGiven                 bool
	PaidLater, PaidLaterCents int64
	// RepeatedRefs are the payments made whose reference an earlier one
	// has already (a payment entered twice?): each counts all the same.
	RepeatedRefs []RepeatedRef
}

// A RepeatedRef is a payment made (its line in paid.csv) whose reference
// the payment on line First has too.
type RepeatedRef struct {
	Reference   string
	Line, First int
}

// Claimed returns what the records claimed, Paid what was paid, in
// cents.
func (r *Result) Claimed() int64 {
	var s int64
	for _, t := range r.Reconciliation {
		s += t.Claimed
	}
	return s
}

// Paid returns what was paid, in cents.
func (r *Result) Paid() int64 {
	var s int64
	for _, t := range r.Reconciliation {
		s += t.Paid
	}
	return s
}

// Run loads the claims folder dir and validates its records.csv.
func Run(dir string, opt Options) (*Result, error) {
	c, err := Load(dir, LoadOptions{Limits: opt.Limits})
	if err != nil {
		return nil, err
	}
	f, err := csvio.Open(filepath.Join(dir, RecordsFile), opt.Limits)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return c.Validate(f, filepath.Join(dir, RecordsFile), opt)
}

// Validate reads outcome records from r (named name in errors) and
// decides each: accepted, partly paid or rejected with its reason. The
// result does not depend on the order of the records nor on
// opt.Workers. Malformed records are a *csvio.Error with the position.
func (c *Contract) Validate(r io.Reader, name string, opt Options) (*Result, error) {
	if !c.prepared {
		if err := c.Prepare(); err != nil {
			return nil, err
		}
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	br := bufio.NewReaderSize(r, 1<<16)
	p, err := newRecordParser(c, br, name, opt, workers)
	if err != nil {
		return nil, err
	}
	chunks, err := p.run(br, workers)
	if err != nil {
		return nil, err
	}
	if err := checkTotal(chunks, name); err != nil {
		return nil, err
	}
	v := &validation{c: c, keep: opt.KeepClaims, workers: workers, tallies: make([]tally, len(c.Outcomes)+1), weights: c.weights(), asOf: opt.AsOf}
	if opt.AsOf != 0 {
		v.done = make([]bool, len(c.Participants)*len(c.Outcomes))
	}
	if opt.KeepClaims {
		v.merge(chunks)
		v.decide()
	} else {
		v.sumTallies(chunks)
		v.decideLists(p.st)
	}
	v.caps()
	res := v.result()
	res.Skipped, res.Later = p.skipped, p.later
	if opt.AsOf != 0 {
		res.Through, res.Partial = c.Settings.periodsOver(opt.AsOf)
	}
	res.PaidGiven = c.PaidGiven
	res.owe(c.Paid, opt.AsOf)
	return res, nil
}

// periodsOver returns the last payment period over by the end of day d
// (0: none), and the period d falls in when it is not over (0: none). The
// last period is over at the contract's end: nothing is achieved after
// it.
func (s *Settings) periodsOver(d Date) (through, partial int) {
	n := s.Period(s.End)
	for through < n && min(s.PeriodEnd(through+1), s.End) <= d {
		through++
	}
	if through < n && s.PeriodStart(through+1) <= d {
		partial = through + 1
	}
	return through, partial
}

// checkTotal checks that the records claim no more than the engine's
// limit in all: every sum of the run (by reason, outcome, period and
// payer, what was paid) is then at most that, exact in int64 cents.
func checkTotal(chunks []*chunkResult, name string) error {
	var total int64
	for _, ch := range chunks {
		// Both at most money.MaxCents+1: no overflow.
		if total += ch.claimed; total > money.MaxCents {
			return &csvio.Error{File: name, Err: inputf("the records claim more than the engine's limit of %s in all", money.Decimal(money.MaxCents).StringFixed(2))}
		}
	}
	return nil
}

// validation is the state of one run after the records are read.
type validation struct {
	c       *Contract
	keep    bool
	workers int
	tallies []tally // by outcome+1
	records int64
	all     []cand   // the candidates, in file order
	evs     []string // with keep: their evidence
	rejects []Claim  // with keep: the records rejected on their own
	reason  []Reason // by candidate
	detail  map[int32]string
	paid    []int64 // by candidate
	// by participant: the candidates, as indices into all
	start []int32
	order []int32
	// survivors: candidates that passed every check but the caps
	survivors [][]int32 // by worker block, in participant order
	achieved  [][]int64 // [outcome][cohort]
	payments  [][]int64 // [period-1][payer]
	byOut     [][]int64 // [period-1][outcome]
	byOutN    [][]int64 // [period-1][outcome]: paid claims
	splits    map[int32][]int64
	payerIdx  map[string]int
	weights   []payerWeights // by outcome
	asOf      Date           // Options.AsOf
	// with AsOf: done[participant*len(Outcomes)+outcome] when achieved
	// (each worker block writes only its own participants' entries)
	done []bool
}

// sumTallies adds up the chunks' counts of records and rejections.
func (v *validation) sumTallies(chunks []*chunkResult) {
	for _, ch := range chunks {
		v.records += ch.records
		addTallies(v.tallies, ch.tallies)
	}
}

func addTallies(to, from []tally) {
	for i := range from {
		for r := range numReasons {
			to[i].n[r] += from[i].n[r]
			to[i].claimed[r] += from[i].claimed[r]
		}
	}
}

func (v *validation) merge(chunks []*chunkResult) {
	n := 0
	for _, ch := range chunks {
		n += len(ch.cands)
	}
	v.sumTallies(chunks)
	v.all = make([]cand, 0, n)
	for _, ch := range chunks {
		v.all = append(v.all, ch.cands...)
		ch.cands = nil
		if v.keep {
			v.evs = append(v.evs, ch.evs...)
			v.rejects = append(v.rejects, ch.rejects...)
		}
	}
	// Group by participant: a counting sort.
	np := len(v.c.Participants)
	v.start = make([]int32, np+1)
	for _, k := range v.all {
		v.start[k.part+1]++
	}
	for i := range np {
		v.start[i+1] += v.start[i]
	}
	v.order = make([]int32, len(v.all))
	next := slices.Clone(v.start[:np])
	for i, k := range v.all {
		v.order[next[k.part]] = int32(i)
		next[k.part]++
	}
	v.reason = make([]Reason, len(v.all))
	v.paid = make([]int64, len(v.all))
}

// blocks splits the participants into one contiguous block per worker.
func (v *validation) blocks() [][2]int {
	np := len(v.c.Participants)
	w := max(1, min(v.workers, np))
	out := make([][2]int, w)
	for i := range w {
		out[i] = [2]int{np * i / w, np * (i + 1) / w}
	}
	return out
}

// globalCaps reports whether a cap spans participants, so that the caps
// are applied in one pass over every claim rather than participant by
// participant.
func (v *validation) globalCaps() bool {
	cp := v.c.Caps
	return len(cp.Outcome) > 0 || len(cp.PayerPeriod) > 0 || cp.Contract > 0
}

// decide applies the checks that need a participant's other records:
// duplicates, the maximum number of claims, prerequisites; then, when no
// cap spans participants, the participant caps.
func (v *validation) decide() {
	c := v.c
	blocks := v.blocks()
	v.survivors = make([][]int32, len(blocks))
	ach := make([][][]int64, len(blocks))
	details := make([]map[int32]string, len(blocks))
	topoPos := make([]int, len(c.Outcomes))
	for k, o := range c.topo {
		topoPos[o] = k
	}
	var wg sync.WaitGroup
	for b, blk := range blocks {
		wg.Go(func() {
			a := make([][]int64, len(c.Outcomes))
			for o := range a {
				a[o] = make([]int64, len(c.cohorts))
			}
			d := map[int32]string{}
			qual := make([]Date, len(c.Outcomes))
			var surv []int32
			var capState *capper
			if !v.globalCaps() {
				capState = v.newCapper(false)
			}
			for pi := blk[0]; pi < blk[1]; pi++ {
				ks := v.order[v.start[pi]:v.start[pi+1]]
				if len(ks) == 0 {
					continue
				}
				slices.SortFunc(ks, func(x, y int32) int {
					a, b := &v.all[x], &v.all[y]
					return cmp.Or(cmp.Compare(topoPos[a.out], topoPos[b.out]), cmp.Compare(a.date, b.date), cmp.Compare(a.ev, b.ev), cmp.Compare(a.line, b.line))
				})
				first := len(surv)
				surv = v.participant(ks, qual, surv, d)
				v.count(a, qual, int(pi))
				if capState != nil {
					mine := surv[first:]
					v.sortForCaps(mine)
					capState.reset()
					for _, k := range mine {
						capState.apply(k, d)
					}
				}
			}
			v.survivors[b], ach[b], details[b] = surv, a, d
		})
	}
	wg.Wait()
	v.achieved = ach[0]
	for _, a := range ach[1:] {
		for o := range a {
			for k := range a[o] {
				v.achieved[o][k] += a[o][k]
			}
		}
	}
	if v.keep {
		v.detail = map[int32]string{}
		for _, d := range details {
			for k, s := range d {
				v.detail[k] = s
			}
		}
	}
}

// decideLists is decide for the participants' lists (without
// KeepClaims): each block of participants is decided on its own worker;
// only the paid days are kept, as candidates, for the caps.
func (v *validation) decideLists(st *states) {
	c := v.c
	blocks := v.blocks()
	// Each entry pays at most once: once the lists are compacted, a
	// block's entries bound its paid days, which go to its own part of
	// v.all (the rest of the part is unused).
	tallies := make([][]tally, len(blocks))
	off := make([]int, len(blocks)+1)
	var wg sync.WaitGroup
	for b, blk := range blocks {
		wg.Go(func() {
			t := make([]tally, len(c.Outcomes)+1)
			qual := make([]Date, len(c.Outcomes))
			n := 0
			for pi := blk[0]; pi < blk[1]; pi++ {
				if len(st.e[pi]) > 1 {
					st.e[pi] = st.resolve(st.e[pi], t, qual, false, int32(pi), nil)
				}
				n += len(st.e[pi])
			}
			tallies[b], off[b+1] = t, n
		})
	}
	wg.Wait()
	for b := range blocks {
		off[b+1] += off[b]
	}
	v.all = make([]cand, off[len(blocks)])
	v.survivors = make([][]int32, len(blocks))
	ach := make([][][]int64, len(blocks))
	for b, blk := range blocks {
		wg.Go(func() {
			a := make([][]int64, len(c.Outcomes))
			for o := range a {
				a[o] = make([]int64, len(c.cohorts))
			}
			t := tallies[b]
			qual := make([]Date, len(c.Outcomes))
			s := v.all[off[b]:off[b]:off[b+1]]
			for pi := blk[0]; pi < blk[1]; pi++ {
				if len(st.e[pi]) == 0 {
					continue
				}
				st.resolve(st.e[pi], t, qual, true, int32(pi), &s)
				st.e[pi] = nil
				v.count(a, qual, int(pi))
			}
			idx := make([]int32, len(s))
			for i := range idx {
				idx[i] = int32(off[b] + i)
			}
			v.survivors[b], ach[b] = idx, a
		})
	}
	wg.Wait()
	for b := range blocks {
		addTallies(v.tallies, tallies[b])
	}
	v.reason = make([]Reason, len(v.all))
	v.paid = make([]int64, len(v.all))
	v.achieved = ach[0]
	for _, a := range ach[1:] {
		for o := range a {
			for k := range a[o] {
				v.achieved[o][k] += a[o][k]
			}
		}
	}
	if v.globalCaps() {
		return
	}
	for b := range blocks {
		wg.Go(func() {
			cs := v.newCapper(false)
			ks := v.survivors[b]
			for i := 0; i < len(ks); {
				j := i
				for j < len(ks) && v.all[ks[j]].part == v.all[ks[i]].part {
					j++
				}
				v.sortForCaps(ks[i:j])
				cs.reset()
				for _, k := range ks[i:j] {
					cs.apply(k, nil)
				}
				i = j
			}
		})
	}
	wg.Wait()
}

// participant decides the candidates ks of one participant, sorted by
// outcome (prerequisites first), date and tie-break; it appends the
// survivors to surv and sets qual to the first day each outcome was
// achieved (NoDate when never).
func (v *validation) participant(ks []int32, qual []Date, surv []int32, d map[int32]string) []int32 {
	c := v.c
	for o := range qual {
		qual[o] = NoDate
	}
	for i := 0; i < len(ks); {
		o := int(v.all[ks[i]].out)
		j := i
		for j < len(ks) && int(v.all[ks[j]].out) == o {
			j++
		}
		out := &c.Outcomes[o]
		// The prerequisites: the latest first achievement among them.
		need, missing := NoDate, ""
		for _, pr := range out.Prerequisites {
			q := qual[c.byOutcome[pr]]
			if q == NoDate {
				missing = pr
				break
			}
			if need == NoDate || q > need {
				need = q
			}
		}
		n := 0
		last := NoDate
		for _, k := range ks[i:j] {
			cd := &v.all[k]
			var r Reason
			switch {
			case missing != "":
				r = PrerequisiteMissing
				if v.keep {
					d[k] = fmt.Sprintf("prerequisite %s was never achieved", missing)
				}
			case cd.date < need:
				r = PrerequisiteLater
				if v.keep {
					d[k] = fmt.Sprintf("prerequisites achieved on %s, after this", need)
				}
			case out.MinAfterDays > 0 && cd.date < need+Date(out.MinAfterDays):
				r = TooSoon
				if v.keep {
					d[k] = fmt.Sprintf("prerequisites achieved on %s: %s not before %s", need, FormatMinAfter(out.MinAfterDays), need+Date(out.MinAfterDays))
				}
			case cd.date == last || n >= out.MaxClaims && out.MaxClaims == 1:
				r = Duplicate
				if v.keep {
					d[k] = fmt.Sprintf("%s already claimed, achieved %s", out.Code, last)
				}
			case n >= out.MaxClaims:
				r = MaxClaims
				if v.keep {
					d[k] = fmt.Sprintf("%s claimable at most %d times", out.Code, out.MaxClaims)
				}
			default:
				n++
				last = cd.date
				if qual[o] == NoDate {
					qual[o] = cd.date
				}
				surv = append(surv, k)
				continue
			}
			v.reason[k] = r
		}
		i = j
	}
	return surv
}

// sortForCaps sorts claims into the order in which caps cut them: by the
// day achieved, then the outcome's rate-card order, then the
// participant's id, then the evidence reference's hash, then the line.
func (v *validation) sortForCaps(ks []int32) {
	rank := v.c.rank
	slices.SortFunc(ks, func(x, y int32) int {
		a, b := &v.all[x], &v.all[y]
		return cmp.Or(cmp.Compare(a.date, b.date), cmp.Compare(a.out, b.out), cmp.Compare(rank[a.part], rank[b.part]),
			cmp.Compare(a.ev, b.ev), cmp.Compare(a.line, b.line))
	})
}

// caps applies the caps that span participants, in one pass over every
// claim in cap order; then it books the payments.
func (v *validation) caps() {
	c := v.c
	v.payerIdx = map[string]int{}
	for i, p := range c.payers {
		v.payerIdx[p] = i
	}
	if v.globalCaps() {
		var all []int32
		for _, s := range v.survivors {
			all = append(all, s...)
		}
		v.sortForCaps(all)
		cs := v.newCapper(true)
		d := map[int32]string{}
		for _, k := range all {
			cs.apply(k, d)
		}
		if v.keep {
			maps := d
			for k, s := range maps {
				v.detail[k] = s
			}
		}
	}
	// Book the payments.
	nPeriods := c.Settings.Period(c.Settings.End)
	v.payments = make([][]int64, nPeriods)
	v.byOut = make([][]int64, nPeriods)
	v.byOutN = make([][]int64, nPeriods)
	for i := range v.payments {
		v.payments[i] = make([]int64, len(c.payers))
		v.byOut[i] = make([]int64, len(c.Outcomes))
		v.byOutN[i] = make([]int64, len(c.Outcomes))
	}
	v.splits = map[int32][]int64{}
	buf := make([]int64, len(c.payers))
	for _, s := range v.survivors {
		for _, k := range s {
			cd := &v.all[k]
			paid := v.paid[k]
			out := &c.Outcomes[cd.out]
			t := &v.tallies[int(cd.out)+1]
			price := out.priceAt(cd.date)
			t.n[v.reason[k]]++
			t.claimed[v.reason[k]] += price
			if paid == 0 {
				continue
			}
			period := c.period(cd.date)
			v.byOut[period-1][cd.out] += paid
			v.byOutN[period-1][cd.out]++
			split := v.split(out, paid, buf)
			for j, x := range split {
				v.payments[period-1][j] += x
			}
			if v.keep {
				v.splits[k] = slices.Clone(split)
			}
		}
	}
	// The rejections decided here.
	for k, r := range v.reason {
		if r >= Duplicate {
			cd := &v.all[k]
			t := &v.tallies[int(cd.out)+1]
			t.n[r]++
			t.claimed[r] += v.c.Outcomes[cd.out].priceAt(cd.date)
		}
	}
}

// split shares paid cents between an outcome's payers, by the largest
// remainder (as money.Allocate: ties to the payer listed first for the
// outcome), into out, in the order of Result.Payers. It does not
// allocate: the shares are integers on a common scale (weights).
func (v *validation) split(o *Outcome, paid int64, out []int64) []int64 {
	clear(out)
	w := v.weights[o.index]
	if w.single >= 0 {
		out[w.single] = paid
		return out
	}
	var left = paid
	var rem [8]uint64
	rems := rem[:0]
	if len(w.w) > len(rem) {
		rems = make([]uint64, 0, len(w.w))
	}
	for i, x := range w.w {
		hi, lo := bits.Mul64(uint64(paid), uint64(x))
		q, r := bits.Div64(hi, lo, uint64(w.sum))
		out[w.payer[i]] += int64(q)
		rems = append(rems, r)
		left -= int64(q)
	}
	for ; left > 0; left-- {
		best := -1
		for i, r := range rems {
			if best < 0 || r > rems[best] {
				best = i
			}
		}
		out[w.payer[best]]++
		rems[best] = 0
	}
	return out
}

// payerWeights are an outcome's payer shares as integers on a common
// decimal scale, with the index in Result.Payers of each.
type payerWeights struct {
	single int // the one payer's index, or −1
	w      []int64
	payer  []int
	sum    int64
}

// weights scales each outcome's shares to integers: shares have at most
// 12 decimal places (checkShares), so each is at most 10^12.
func (c *Contract) weights() []payerWeights {
	out := make([]payerWeights, len(c.Outcomes))
	for i := range c.Outcomes {
		o := &c.Outcomes[i]
		pw := payerWeights{single: -1}
		if len(o.Payers) == 0 {
			pw.single = slices.Index(c.payers, c.Settings.Payer)
		} else if len(o.Payers) == 1 {
			pw.single = slices.Index(c.payers, o.Payers[0].Payer)
		} else {
			exp := int32(0)
			for _, p := range o.Payers {
				exp = min(exp, p.Share.Exponent())
			}
			for _, p := range o.Payers {
				x := p.Share.Shift(-exp).IntPart()
				pw.w = append(pw.w, x)
				pw.sum += x
				pw.payer = append(pw.payer, slices.Index(c.payers, p.Payer))
			}
		}
		out[i] = pw
	}
	return out
}

// fmtCents writes cents as an amount with two decimals.
func fmtCents(c int64) string { return money.Decimal(c).StringFixed(2) }

func (v *validation) result() *Result {
	c := v.c
	res := &Result{Settings: c.Settings, Payers: slices.Clone(c.payers), Records: v.records}
	for r := range numReasons {
		t := ReasonTotal{Reason: r}
		for _, x := range v.tallies {
			t.Records += x.n[r]
			t.Claimed += x.claimed[r]
		}
		res.Reconciliation = append(res.Reconciliation, t)
	}
	// The paid amounts, by outcome and reason.
	paidBy := make([][numReasons]int64, len(c.Outcomes))
	for _, s := range v.survivors {
		for _, k := range s {
			paidBy[v.all[k].out][v.reason[k]] += v.paid[k]
			res.Reconciliation[v.reason[k]].Paid += v.paid[k]
		}
	}
	for i := range len(c.Outcomes) + 1 {
		t := OutcomeTotal{}
		if i > 0 {
			t.Outcome = c.Outcomes[i-1].Code
		}
		x := v.tallies[i]
		for r := range numReasons {
			t.Records += x.n[r]
			t.Claimed += x.claimed[r]
			if r.Paid() {
				t.Paid += x.n[r]
				if i > 0 {
					t.PaidCents += paidBy[i-1][r]
				}
			}
		}
		if i == 0 && t.Records == 0 {
			continue
		}
		res.ByOutcome = append(res.ByOutcome, t)
	}
	if len(res.ByOutcome) > 0 && res.ByOutcome[0].Outcome == "" {
		res.ByOutcome = append(res.ByOutcome[1:], res.ByOutcome[0]) // unknown codes last
	}
	for k := range v.payments {
		// The last period ends on the contract's end, which may fall in
		// it: nothing is achieved after it.
		end := min(c.Settings.PeriodEnd(k+1), c.Settings.End)
		for j, p := range c.payers {
			res.Payments = append(res.Payments, Payment{Period: k + 1, Start: c.Settings.PeriodStart(k + 1), End: end, Payer: p, Cents: v.payments[k][j]})
		}
	}
	for k, row := range v.byOut {
		for o, x := range row {
			res.OutcomePayments = append(res.OutcomePayments, OutcomePayment{Period: k + 1, Start: c.Settings.PeriodStart(k + 1), End: c.Settings.PeriodEnd(k + 1), Outcome: c.Outcomes[o].Code, Cents: x, Claims: v.byOutN[k][o]})
			if x != 0 {
				res.Through = k + 1
			}
		}
	}
	res.Achievement = v.achievement()
	if v.keep {
		res.Claims = v.claims()
		res.Totals = v.totals(res.Claims)
	}
	return res
}

// count adds participant pi's achievements (qual, the day each outcome
// was first achieved) to a, by outcome and cohort, and notes them in done.
func (v *validation) count(a [][]int64, qual []Date, pi int) {
	k := v.c.cohortOf[pi]
	for o := range qual {
		if qual[o] != NoDate {
			a[o][k]++
			if v.done != nil {
				v.done[pi*len(qual)+o] = true
			}
		}
	}
}

// achievement counts each cohort's participants and those who achieved
// each outcome. With an as-of day, only the participants who had started
// by then count (the others are not observed yet: a cohort with none has
// no row), and Open counts those who had not achieved it and whose
// window was still open: those who may yet change the rate.
func (v *validation) achievement() []Achievement {
	c := v.c
	size := make([]int64, len(c.cohorts))
	open := make([][]int64, len(c.Outcomes))
	for o := range open {
		open[o] = make([]int64, len(c.cohorts))
	}
	for i, k := range c.cohortOf {
		start := c.Participants[i].Start
		if v.asOf != 0 && start > v.asOf {
			continue
		}
		size[k]++
		if v.asOf == 0 {
			continue
		}
		for o := range c.Outcomes {
			if last := c.Outcomes[o].lastDay(start, c.Settings.End); last > v.asOf && !v.done[i*len(c.Outcomes)+o] {
				open[o][k]++
			}
		}
	}
	var out []Achievement
	for o := range c.Outcomes {
		for k, name := range c.cohorts {
			if v.asOf != 0 && size[k] == 0 {
				continue
			}
			out = append(out, Achievement{Outcome: c.Outcomes[o].Code, Cohort: name, Participants: size[k], Achieved: v.achieved[o][k], Open: open[o][k]})
		}
	}
	return out
}

// lastDay is the last day a participant who started on start may achieve
// o: the last of its window, or the contract's end.
func (o *Outcome) lastDay(start, end Date) Date {
	if o.WindowMonths > 0 {
		return min(start.WindowEnd(o.WindowMonths)-1, end)
	}
	return end
}

// claims lists every record's decision, by participant id (unknown
// participants last), day achieved, outcome and evidence.
func (v *validation) claims() []Claim {
	c := v.c
	out := slices.Clone(v.rejects)
	for k := range v.all {
		cd := &v.all[k]
		o := &c.Outcomes[cd.out]
		cl := Claim{Participant: c.Participants[cd.part].ID, Outcome: o.Code, Achieved: cd.date, Evidence: v.evs[k],
			Line: int(cd.line), Reason: v.reason[k], Detail: v.detail[int32(k)], Claimed: o.priceAt(cd.date), Paid: v.paid[k],
			part: cd.part, out: int(cd.out), Split: v.splits[int32(k)]}
		if cl.Paid > 0 {
			cl.Period = c.period(cd.date)
		}
		out = append(out, cl)
	}
	slices.SortFunc(out, func(a, b Claim) int {
		ka, kb := a.part < 0, b.part < 0
		if ka != kb {
			if ka {
				return 1
			}
			return -1
		}
		pa, pb := int32(-1), int32(-1)
		if !ka {
			pa, pb = c.rank[a.part], c.rank[b.part]
		}
		oa, ob := a.out, b.out
		if oa < 0 {
			oa = len(c.Outcomes)
		}
		if ob < 0 {
			ob = len(c.Outcomes)
		}
		return cmp.Or(cmp.Compare(pa, pb), strings.Compare(a.Participant, b.Participant), cmp.Compare(a.Achieved, b.Achieved),
			cmp.Compare(oa, ob), strings.Compare(a.Outcome, b.Outcome), strings.Compare(a.Evidence, b.Evidence), cmp.Compare(a.Line, b.Line))
	})
	return out
}

// totals sums the paid claims by participant and cap group.
func (v *validation) totals(claims []Claim) []ParticipantTotal {
	c := v.c
	type key struct {
		part  int32
		group string
	}
	sum := map[key]*ParticipantTotal{}
	var keys []key
	for _, cl := range claims {
		if !cl.Reason.Paid() && cl.Reason != Cap {
			continue
		}
		g := c.Outcomes[cl.out].CapGroup
		k := key{cl.part, g}
		t, ok := sum[k]
		if !ok {
			p := c.Participants[cl.part]
			capv, has := c.Caps.Participant[g]
			t = &ParticipantTotal{Participant: p.ID, Cohort: c.cohorts[c.cohortOf[cl.part]], Group: g, Cap: capv, HasCap: has && g != ""}
			sum[k] = t
			keys = append(keys, k)
		}
		if cl.Paid > 0 {
			t.Claims++
			t.Paid += cl.Paid
		}
	}
	out := make([]ParticipantTotal, len(keys))
	for i, k := range keys {
		out[i] = *sum[k]
	}
	return out
}
