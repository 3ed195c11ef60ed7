package uncertainty

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"

	"github.com/sib-engine/sib/sib"
)

// ErrDraws is returned for a Monte Carlo of fewer than one draw.
var ErrDraws = errors.New("uncertainty: the number of draws must be at least 1")

// SimOptions are the settings of a Monte Carlo run.
type SimOptions struct {
	Draws int
	Seed  uint64
	// Workers is the number of goroutines; 0 means one per CPU. Fewer run
	// when the model's memory budget (sib.CompileOptions.MaxBytes) holds
	// fewer Works beside the draws' table. The results do not depend on it.
	Workers int
	// Progress, if not nil, is called with the draws done so far, from
	// the goroutine that called Simulate.
	Progress func(done, total int)
	// Each, if not nil, is called for every draw in draw order, from the
	// goroutine that called Simulate, with the values drawn for the
	// spec's parameters and the outputs; the slices are reused. An error
	// stops the run.
	Each func(draw int, params, outputs []float64) error
	// Appraise keeps what Simulation.Appraisal holds of each draw.
	Appraise bool
	// Noise, if true, applies the contract's tests, tiers and prices to
	// effects measured with noise from the metrics' evaluation designs
	// (Measurement; the noise of draw i from PCG(seed ^ noiseSalt, i)),
	// while the state's savings count the true effects; and it reports
	// each test's chances (Simulation.Tests). Without a design in the
	// scenario it changes nothing.
	Noise bool
	// First, for a shard of a run, is the first of the Draws draws
	// computed (draws First … First+Draws−1 of the run, with the streams
	// of those draws): a multiple of BlockDraws. Simulation.Part records
	// what Merge needs of the shard.
	First int
	// Sketch, if above 0, takes the percentiles from a DDSketch of
	// relative accuracy Sketch rather than from every draw's value
	// (Simulation.Values is then still kept, but a Part carries none).
	Sketch float64
}

// Summary describes the distribution of one output over the draws.
type Summary struct {
	Output Output
	// N is the number of draws with a value; Missing those without (an
	// IRR that does not exist), left out of the other figures.
	N, Missing int
	Mean, SD   float64
	SE         float64 // Monte Carlo standard error of the mean, SD/√N
	Min, Max   float64
	// Percentiles 5, 25, 50, 75 and 95, by linear interpolation between
	// order statistics (R's type 7).
	P5, P25, P50, P75, P95 float64
}

// A Chance is the probability of an event over the draws.
type Chance struct {
	Event string
	Count int     // draws in which it happened
	P     float64 // Count / draws
	SE    float64 // √(P(1−P)/draws)
}

// Simulation is the result of a Monte Carlo run.
type Simulation struct {
	Draws     int
	Seed      uint64
	Outputs   []Output
	Summaries []Summary
	// Values[k][i] is output k in draw i (NaN when it does not exist).
	Values [][]float64
	// Chances: investors lose money (all tranches together receive less
	// than they drew), an outcome payment is triggered, the state saves
	// money net of payments (state.net > 0: cashable), and it saves on
	// the gross measure (state.net_gross > 0: capacity freed counted as
	// saved), which is what many contracts are priced on.
	Chances []Chance
	// Appraisal, with SimOptions.Appraise, keeps each draw's costs and
	// savings to the state, parameters and payers' payments a fiscal
	// year: the input of Comparator, Exposure and EVPI.
	Appraisal *Appraisal
	// Noise says whether measurement noise was on (SimOptions.Noise and
	// a metric with a design); then Tests holds each test's chances and
	// Terms each term's payment.
	Noise bool
	Tests []TestChance
	Terms []TermPayment
	// First is the run's draw of Values[k][0]: SimOptions.First.
	First int
	// What Part records: each output's mergeable figures, each draw's
	// events and the tests' table.
	stats  []OutputStats
	events []uint8
	tests  *testTable
}

// Events of Simulation.Chances.
const (
	EventLoss    = "investors lose money"
	EventPayment = "an outcome payment is triggered"
	EventSaves   = "the state saves money net of payments, cashable"
	// EventSavesGross is EventSaves on the gross measure.
	EventSavesGross = "the state saves net of payments, gross (capacity freed counted as saved)"
)

// Simulate runs a Monte Carlo of model m: draw i sets the spec's
// parameters from their distributions (the others keep their base values)
// with its own random stream, PCG(seed, i), and evaluates the outputs.
// Results are identical for a given seed whatever the number of workers.
// A timing parameter the spec fixes (it cannot draw one) is taken at its
// fixed value: the model is compiled for it once, before the draws.
func Simulate(ctx context.Context, m *sib.Model, base []float64, sp *Spec, outs []Output, opt SimOptions) (*Simulation, error) {
	if opt.Draws < 1 {
		return nil, fmt.Errorf("%w, got %d", ErrDraws, opt.Draws)
	}
	if len(outs) == 0 {
		return nil, fmt.Errorf("%w: no output chosen", ErrOutput)
	}
	// The spec's fixed values of timing parameters: one model for all
	// the draws (they draw none).
	if opt.First < 0 || opt.First%BlockDraws != 0 {
		return nil, fmt.Errorf("%w: the first draw of a shard must be a multiple of %d, got %d", ErrShard, BlockDraws, opt.First)
	}
	if opt.Sketch != 0 {
		if _, err := NewDDSketch(opt.Sketch); err != nil {
			return nil, err
		}
	}
	m, err := fixedTiming(m, base, sp)
	if err != nil {
		return nil, err
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = defaultWorkers()
	}
	// With noise, the tests' table counts as so many more outputs.
	var meas *Measurement
	if opt.Noise {
		meas = NewMeasurement(m.Scenario(), opt.Seed)
	}
	workers, err = fitWorkers(m, workers, opt.Draws, len(outs)+appraiseCols(m, sp, opt.Appraise)+testTableOutputs(m, meas))
	if err != nil {
		return nil, err
	}
	sm, err := newSampler(sp, base, opt.Seed)
	if err != nil {
		return nil, err
	}
	sm.offset = uint64(opt.First)
	if meas != nil {
		meas.offset = uint64(opt.First)
	}
	n := opt.Draws
	sim := &Simulation{Draws: n, Seed: opt.Seed, Outputs: outs, Values: make([][]float64, len(outs))}
	for k := range outs {
		sim.Values[k] = make([]float64, n)
	}
	var ap *appraiser
	if opt.Appraise {
		ap = newAppraiser(m, sp, n, workers)
		sim.Appraisal = ap.a
	}
	// events[i] holds draw i's events as bits, counted once all are done.
	events := make([]uint8, n)
	var tests *testTable
	if meas != nil {
		tests = newTestTable(m, n)
	}
	type worker struct {
		w  *sib.Work
		st *drawState
		p  []float64
		ms *MeasureState
		bk *blocks // the batched kernel's; nil: draw by draw
	}
	// The batched kernel evaluates blocks of draws, unless the deal has a
	// mechanism it does not have, or the run needs what a Work keeps of
	// each draw (the appraisal's payers).
	batched, _ := m.Batchable()
	batched = batched && ap == nil
	ws := make([]*worker, workers)
	work := func(w, from, to int) error {
		if ws[w] == nil {
			// Made by the worker itself, so that its scratch space comes
			// from its own processor's allocation cache and shares no
			// cache line with another worker's.
			ws[w] = &worker{w: m.NewWork(), st: sm.newState(), p: make([]float64, len(base))}
			skipsOf(ws[w].w, outs, opt.Appraise)
			if meas != nil {
				ws[w].ms = meas.NewState()
				ws[w].w.Measure = ws[w].ms.Func()
			}
		}
		wk := ws[w]
		if batched {
			return simulateBlocks(m, sm, wk.st, &wk.bk, wk.w, wk.ms, tests, len(base), outs, sim.Values, events, from, to)
		}
		for i := from; i < to; i++ {
			sm.draw(uint64(i), wk.p, wk.st)
			if wk.ms != nil {
				wk.ms.Seek(uint64(i))
			}
			o, err := m.Evaluate(wk.p, wk.w)
			if err != nil {
				return fmt.Errorf("draw %d: %w", i, err)
			}
			for k := range outs {
				sim.Values[k][i] = outs[k].Value(o)
			}
			events[i] = eventBits(o)
			if ap != nil {
				ap.record(w, i, wk.p, o, wk.w)
			}
			if tests != nil {
				tests.record(i, wk.w)
			}
		}
		return nil
	}
	after := func(from, to int) error { return nil }
	if opt.Each != nil || opt.Progress != nil {
		after = inOrder(n, func(from, to int) error {
			if opt.Each != nil {
				if err := each(sm, sp, sim, from, to, opt.Each); err != nil {
					return err
				}
			}
			if opt.Progress != nil {
				opt.Progress(to, n)
			}
			return nil
		})
	}
	if err := parallel(ctx, n, workers, work, after); err != nil {
		return nil, err
	}
	// The summaries are independent: one worker each.
	sim.Summaries = make([]Summary, len(outs))
	sim.stats = make([]OutputStats, len(outs))
	sim.First, sim.events = opt.First, events
	var wg sync.WaitGroup
	busy := make(chan struct{}, workers)
	for k := range outs {
		busy <- struct{}{}
		wg.Go(func() {
			sim.stats[k] = statsOf(sim.Values[k], opt.Sketch)
			sim.Summaries[k] = sim.stats[k].summary(outs[k], finite(sim.Values[k], opt.Sketch))
			<-busy
		})
	}
	wg.Wait()
	var counts [4]int
	for _, e := range events {
		for b := range counts {
			if e&(1<<b) != 0 {
				counts[b]++
			}
		}
	}
	sim.Chances = chances(counts, n)
	if tests != nil {
		sim.Noise = true
		tests.heads(m, base)
		sim.Tests, sim.Terms = tests.results(n)
		sim.tests = tests
	}
	return sim, nil
}

// fitWorkers returns how many workers to run for n draws and outs
// outputs: at most workers, and one a chunk of draws, and as many as the
// model's memory budget holds, each with its Work, beside the model, the
// draws' table (outs values and a byte of events a draw) and the copies
// of the values the summaries sort (one an output, a worker each). It is
// a *sib.MemoryError when not even one worker fits. Analyses that run a
// Work per worker check the same way before they allocate.
func fitWorkers(m *sib.Model, workers, n, outs int) (int, error) {
	workers = max(1, min(workers, (n+chunk-1)/chunk))
	// The draws' table and the summaries' copies with w workers, in
	// float64 so that no product overflows; CheckMemory saturates.
	tables := func(w int) int64 {
		x := float64(n) * float64(8*outs+1+8*min(w, outs))
		return int64(min(x, math.MaxInt64/2))
	}
	what := func(w int) string {
		return fmt.Sprintf("the model, the evaluations of %s and the table of %d draws × %d outputs", plural(w, "worker"), n, outs)
	}
	for w := workers; w > 1; w-- {
		if m.CheckMemory(what(w), w, tables(w)) == nil {
			return w, nil
		}
	}
	if err := m.CheckMemory(what(1), 1, tables(1)); err != nil {
		return 0, err
	}
	return 1, nil
}

// eventBits marks a draw's events: bit 0 investors lose money, bit 1 a
// payment is triggered, bit 2 the state saves (cashable), bit 3 it saves
// on the gross measure. Money amounts are compared
// within half a cent, as float sums of cents are not exact.
func eventBits(o *sib.Outputs) uint8 {
	var e uint8
	if o.Investors.Drawn > 0.005 && o.Investors.Received < o.Investors.Drawn-0.005 {
		e |= 1
	}
	if o.Payments > 0.005 {
		e |= 2
	}
	if o.NetPV > 0 {
		e |= 4
	}
	if o.NetGrossPV > 0 {
		e |= 8
	}
	return e
}

// inOrder turns calls for chunks finished in any order into calls for
// runs of draws in order: it holds back what is finished beyond a gap.
func inOrder(n int, fn func(from, to int) error) func(from, to int) error {
	finished := make([]bool, (n+chunk-1)/chunk)
	frontier := 0 // chunks before it are passed on
	return func(from, _ int) error {
		finished[from/chunk] = true
		start := frontier
		for frontier < len(finished) && finished[frontier] {
			frontier++
		}
		if frontier == start {
			return nil
		}
		return fn(start*chunk, min(frontier*chunk, n))
	}
}

// each passes draws [from, to) to fn in order. The parameter values are
// drawn again, which is cheaper than keeping them: the same stream gives
// the same values.
func each(sm *sampler, sp *Spec, sim *Simulation, from, to int, fn func(int, []float64, []float64) error) error {
	st := sm.newState()
	p := make([]float64, len(sm.base))
	params := make([]float64, len(sp.Params))
	outs := make([]float64, len(sim.Outputs))
	for i := from; i < to; i++ {
		sm.draw(uint64(i), p, st)
		for k := range sp.Params {
			params[k] = sp.Params[k].ID.In(p)
		}
		for k := range outs {
			outs[k] = sim.Values[k][i]
		}
		if err := fn(int(sm.offset)+i, params, outs); err != nil {
			return err
		}
	}
	return nil
}

// summarise computes an output's summary over the draws, in draw order,
// so that it is the same for any number of workers.
func summarise(out Output, v []float64) Summary {
	return statsOf(v, 0).summary(out, finite(v, 0))
}
