package uncertainty

import (
	"fmt"

	"github.com/sib-engine/sib/sib"
)

// simBlock is the number of draws the batched kernel evaluates per pass
// in Simulate: enough lanes to amortise the loops over periods, cohorts
// and terms, few enough that a block's tables stay in the cache.
const simBlock = 64

// simulateBlocks evaluates draws [from, to) of a Monte Carlo in blocks of
// simBlock lanes with the batched kernel (sib.Model.EvaluateBatch): each
// draw's parameters from sm.drawBlock, its outputs into values[k][i] and its
// events into events[i], as the draw-by-draw loop does. The batch and
// the block's vectors are made on first use, skipping what w skips.
func simulateBlocks(m *sib.Model, sm *sampler, st *drawState, btp **sib.Batch, psp *[][]float64, w *sib.Work, params int, outs []Output, values [][]float64, events []uint8, from, to int) error {
	if *btp == nil {
		*btp = newBatch(m, w)
		ps, slab := make([][]float64, simBlock), make([]float64, simBlock*params)
		for l := range ps {
			ps[l] = slab[l*params : (l+1)*params : (l+1)*params]
		}
		*psp = ps
	}
	bt, ps := *btp, *psp
	for lo := from; lo < to; lo += simBlock {
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
