package uncertainty

import (
	"fmt"

	"github.com/sib-engine/sib/sib"
)

// evaluateRows evaluates the design rows [from, to) in blocks of simBlock
// lanes with the batched kernel, point(r, p) setting row r's vector in p
// (the block's vectors *psp, made on first use), and puts output out of
// row r in y[r], as the row-by-row loop does.
func evaluateRows(m *sib.Model, bt *sib.Batch, psp *[][]float64, out Output, y []float64, from, to int, point func(r int, p []float64)) error {
	if *psp == nil {
		n := len(m.Scenario().Params)
		ps, slab := make([][]float64, simBlock), make([]float64, simBlock*n)
		for l := range ps {
			ps[l] = slab[l*n : (l+1)*n : (l+1)*n]
		}
		*psp = ps
	}
	ps := *psp
	for lo := from; lo < to; lo += simBlock {
		n := min(simBlock, to-lo)
		for l := range n {
			point(lo+l, ps[l])
		}
		os, err := m.EvaluateBatch(ps[:n], bt)
		if err != nil {
			if le, ok := err.(*sib.LaneError); ok {
				return fmt.Errorf("design row %d: %w", lo+le.Lane, le.Err)
			}
			return err
		}
		for l := range n {
			y[lo+l] = out.Value(&os[l])
		}
	}
	return nil
}
