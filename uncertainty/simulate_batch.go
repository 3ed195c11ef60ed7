package uncertainty

import (
	"fmt"

	"github.com/sib-engine/sib/sib"
)

// simBlock is the number of draws the batched kernel evaluates per pass
// in Simulate: enough lanes to amortise the loops over periods, cohorts
// and terms, few enough that a block's tables stay in the cache (the
// Estonian example's, about 1 MB, in a core's L2). 128 rather than 64:
// 7% fewer instructions a draw (callgrind), and faster in interleaved
// runs; 256 saves 3% more instructions but was no faster.
const simBlock = 128

// blocks is a worker's batch for simulateBlocks, made on first use: the
// batch, the block's vectors, and the block's first draw, which the
// batch's hooks read.
type blocks struct {
	bt *sib.Batch
	ps [][]float64
	lo int
}

// simulateBlocks evaluates draws [from, to) of a Monte Carlo in blocks of
// simBlock lanes with the batched kernel (sib.Model.EvaluateBatch): each
// draw's parameters from sm.drawBlock, its outputs into values[k][i] and its
// events into events[i], as the draw-by-draw loop does; with measurement
// noise (ms), each draw's measured effects from its stream and its tests
// and payments into tests. The worker's blocks are made on first use,
// skipping what w skips.
func simulateBlocks(m *sib.Model, sm *sampler, st *drawState, bp **blocks, w *sib.Work, ms *MeasureState, tests *testTable, params int, outs []Output, values [][]float64, events []uint8, from, to int) error {
	if *bp == nil {
		b := &blocks{bt: newBatch(m, w), ps: make([][]float64, simBlock)}
		b.bt.SkipPayback, b.bt.SkipNPV = !needsPayback(outs), !needsNPV(outs)
		slab := make([]float64, simBlock*params)
		for l := range b.ps {
			b.ps[l] = slab[l*params : (l+1)*params : (l+1)*params]
		}
		if ms != nil {
			b.bt.Measure = ms.Func()
			b.bt.Before = func(l int) { ms.Seek(uint64(b.lo + l)) }
			b.bt.After = func(l int, w *sib.Work) { tests.record(b.lo+l, w) }
		}
		*bp = b
	}
	b := *bp
	bt, ps := b.bt, b.ps
	for lo := from; lo < to; lo += simBlock {
		b.lo = lo
		n := min(simBlock, to-lo)
		sm.drawBlock(uint64(lo), ps[:n], st)
		os, err := m.EvaluateBatch(ps[:n], bt)
		if err != nil {
			if le, ok := err.(*sib.LaneError); ok {
				return fmt.Errorf("draw %d: %w", lo+le.Lane, le.Err)
			}
			return err
		}
		for l := range n {
			o := &os[l]
			for k := range outs {
				values[k][lo+l] = outs[k].Value(o)
			}
			events[lo+l] = eventBits(o)
			if tests != nil {
				if bl, ok := bt.Lane(l); ok {
					tests.record(lo+l, bl)
				}
			}
		}
	}
	return nil
}

// newBatch makes a worker's batch of simBlock lanes, skipping what its
// Work w skips.
func newBatch(m *sib.Model, w *sib.Work) *sib.Batch {
	bt := m.NewBatch(simBlock)
	bt.SkipTrancheIRR, bt.SkipInvestorsIRR, bt.SkipAppraisal = w.SkipTrancheIRR, w.SkipInvestorsIRR, w.SkipAppraisal
	return bt
}
