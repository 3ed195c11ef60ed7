package sib

import "math"

// Row operations of the batched kernel: the loops over the lanes of a
// row that much of a block's time goes to, element by element. On amd64
// they run in assembly, AVX2 where the processor has it (four lanes an
// instruction, eight an iteration), else SSE2 (two and four): VMULPD,
// VADDPD, VANDPD and their SSE2 forms are IEEE 754 operations element by
// element, rounded as MULSD and ADDSD round, with no fused multiply-add.
// The lanes past the last multiple of the width, and every lane
// elsewhere, run in Go. Each lane's result is the Go loop's bit for bit
// (TestLaneOps, on both widths).

// addMul adds x[i]·y[i] to dst[i] for every i of dst.
func addMul(dst, x, y []float64) {
	n := len(dst)
	x, y = x[:n], y[:n]
	k := 0
	if useAsm {
		k = n &^ (asmWidth - 1)
		if k > 0 {
			addMulAsm(dst[:k], x, y)
		}
	}
	for i := k; i < n; i++ {
		dst[i] += x[i] * y[i]
	}
}

// mul sets dst[i] to x[i]·y[i] for every i of dst: a row scaled lane by
// lane (a decayed outcome, a cost at the period's prices).
func mul(dst, x, y []float64) {
	n := len(dst)
	x, y = x[:n], y[:n]
	k := 0
	if useAsm {
		k = n &^ (asmWidth - 1)
		if k > 0 {
			mulAsm(dst[:k], x, y)
		}
	}
	for i := k; i < n; i++ {
		dst[i] = x[i] * y[i]
	}
}

// scale sets dst[i] to x[i]·c for every i of dst: a line's rate, the unit
// cost times the line's fixed weight.
func scale(dst, x []float64, c float64) {
	n := len(dst)
	x = x[:n]
	k := 0
	if useAsm && asmWidth == 8 {
		k = n &^ 7
		if k > 0 {
			scaleAVX2(dst[:k], x, c)
		}
	}
	for i := k; i < n; i++ {
		dst[i] = x[i] * c
	}
}

// add adds x[i] to dst[i] for every i of dst.
func add(dst, x []float64) {
	n := len(dst)
	x = x[:n]
	k := 0
	if useAsm {
		k = n &^ (asmWidth - 1)
		if k > 0 {
			addAsm(dst[:k], x)
		}
	}
	for i := k; i < n; i++ {
		dst[i] += x[i]
	}
}

// addPair adds x[i] to g[i] and y[i] to c[i], and |x[i]| + |y[i]| to
// size[i], for every i of g: outputs' sums over the agencies.
func addPair(g, c, size, x, y []float64) {
	n := len(g)
	c, size, x, y = c[:n], size[:n], x[:n], y[:n]
	k := 0
	if useAsm {
		k = n &^ (asmWidth - 1)
		if k > 0 {
			addPairAsm(g[:k], c, size, x, y)
		}
	}
	for i := k; i < n; i++ {
		g[i] += x[i]
		c[i] += y[i]
		size[i] += math.Abs(x[i]) + math.Abs(y[i])
	}
}

// clampPaid is earn's payment of a positive amount: x = max(amt[i], 0),
// paid[i] += x, amt[i] = x, for every i of amt.
func clampPaid(amt, paid []float64) {
	n := len(amt)
	paid = paid[:n]
	k := 0
	if useAsm && asmWidth == 8 {
		k = n &^ 7
		if k > 0 {
			clampPaidAsm(amt[:k], paid)
		}
	}
	for i := k; i < n; i++ {
		x := max(amt[i], 0)
		paid[i] += x
		amt[i] = x
	}
}

// trancheStep is the waterfall's target return (x, from the accrued ac)
// and principal (y, from pr) of one tranche, from avail, within its room
// (its ceiling ce, less what it got when capped), for every lane of ce.
func trancheStep(ce, got, ac, pr, avail, ret, prin []float64, capped bool) {
	n := len(ce)
	got, ac, pr, avail, ret, prin = got[:n], ac[:n], pr[:n], avail[:n], ret[:n], prin[:n]
	k := 0
	if useAsm && asmWidth == 8 {
		k = n &^ 3
		if k > 0 {
			trancheStepAsm(ce[:k], got, ac, pr, avail, ret, prin, capped)
		}
	}
	for l := k; l < n; l++ {
		room := ce[l]
		if capped {
			room = max(room-got[l], 0)
		}
		x := min(min(ac[l], avail[l]), room)
		ac[l] -= x
		avail[l] -= x
		room -= x
		y := min(min(pr[l], avail[l]), room)
		pr[l] -= y
		avail[l] -= y
		ret[l] = x
		prin[l] = y
		got[l] += x + y
	}
}

// trancheFlows is outputs' loop over a tranche's period: what the tranche
// received (in = ret + prin + exc + top, +0 for the commitment fee the
// kernel's deals have none of), its drawn and received totals (d += dr,
// r += in), its net flow (fl = netFlow(in, dr)) and all investors' (sum
// += fl), for every i of ret.
func trancheFlows(ret, prin, exc, top, dr, d, r, fl, sum []float64) {
	n := len(ret)
	prin, exc, top, dr, d, r, fl, sum = prin[:n], exc[:n], top[:n], dr[:n], d[:n], r[:n], fl[:n], sum[:n]
	k := 0
	if useAsm && asmWidth == 8 {
		k = n &^ 3
		if k > 0 {
			trancheFlowsAsm(ret[:k], prin, exc, top, dr, d, r, fl, sum)
		}
	}
	for l := k; l < n; l++ {
		in := ret[l] + prin[l] + exc[l] + top[l] + 0
		d[l] += dr[l]
		r[l] += in
		fl[l] = netFlow(in, dr[l], in-dr[l], false)
		sum[l] += fl[l]
	}
}

// periodPV is outputs' loop over a period's lanes: the outcome payments
// in real terms (pay/infl) and their PV, the direct commissioning's PV,
// and the state's discounted net flow (sum), for every i of pay.
func periodPV(pay, infl, df, direct, overhead, c, comm, payPV, directPV, sum []float64) {
	n := len(pay)
	infl, df, direct, overhead, c, comm, payPV, directPV, sum = infl[:n], df[:n], direct[:n], overhead[:n], c[:n], comm[:n], payPV[:n], directPV[:n], sum[:n]
	k := 0
	if useAsm && asmWidth == 8 {
		k = n &^ 3
		if k > 0 {
			periodPVAsm(pay[:k], infl, df, direct, overhead, c, comm, payPV, directPV, sum)
		}
	}
	for l := k; l < n; l++ {
		payReal := pay[l] / infl[l]
		payPV[l] += payReal * df[l]
		directPV[l] += direct[l] / infl[l] * df[l] * overhead[l]
		sum[l] = (c[l] - payReal - comm[l]) * df[l]
	}
}

// callFor is waterfall's head for every i of rc: the costs the payments
// received pay when recycling (use = min(rc, costs), else 0), the capital
// called for the rest (draw = min(costs − use, undrawn)), what neither
// pays (short) and what is left for the investors (avail = rc − use). It
// reports whether any lane calls capital.
func callFor(rc, costs, undrawn, use, draw, short, avail []float64, recycle bool) bool {
	n := len(rc)
	costs, undrawn, use, draw, short, avail = costs[:n], undrawn[:n], use[:n], draw[:n], short[:n], avail[:n]
	k := 0
	called := false
	if useAsm && asmWidth == 8 {
		k = n &^ 3
		if k > 0 {
			called = callForAsm(rc[:k], costs, undrawn, use, draw, short, avail, recycle)
		}
	}
	for l := k; l < n; l++ {
		use[l] = 0
		if recycle {
			use[l] = min(rc[l], costs[l])
		}
		draw[l] = min(costs[l]-use[l], undrawn[l])
		called = called || draw[l] != 0
		short[l] = costs[l] - use[l] - draw[l]
		avail[l] = rc[l] - use[l]
	}
	return called
}

// callShare is callCapital's share of one tranche for every i of draw
// that calls capital (draw[i] != 0): d = draw·u/undrawn (0 when nothing
// is undrawn), the tranche's draw dk = d, its undrawn commitment u −= d
// (0 once within dust) and its drawn capital dr += d. A lane that calls
// nothing is left as it is.
func callShare(draw, undrawn, u, dr, dk []float64) {
	n := len(draw)
	undrawn, u, dr, dk = undrawn[:n], u[:n], dr[:n], dk[:n]
	k := 0
	if useAsm && asmWidth == 8 {
		k = n &^ 3
		if k > 0 {
			callShareAsm(draw[:k], undrawn, u, dr, dk)
		}
	}
	for l := k; l < n; l++ {
		x := draw[l]
		if x == 0 {
			continue
		}
		var d float64
		if undrawn[l] > 0 {
			d = x * u[l] / undrawn[l]
		}
		dk[l] = d
		u[l] -= d
		dr[l] += d
		if u[l]*u[l] < dust*dust {
			u[l] = 0
		}
	}
}

// accrue is the waterfall's growth of a tranche's target return over a
// period for every i of g: where g[i] != 0, x = (pr + ac)·g is accrued
// (ac += x; over[i] set when x is past the ledger's bound); then the
// period's draw joins the principal (pr += dr). xs is scratch.
func accrue(g, pr, ac, dr, xs []float64, over []bool) {
	n := len(g)
	pr, ac, dr, xs, over = pr[:n], ac[:n], dr[:n], xs[:n], over[:n]
	k := 0
	if useAsm && asmWidth == 8 {
		k = n &^ 3
		// The assembly reports whether a lane's x is past the bound, in
		// xs: rare, so the lanes are looked at again only then.
		if k > 0 && accrueAsm(g[:k], pr, ac, dr, xs) {
			for l := range k {
				if x := xs[l]; g[l] != 0 && !(x*x <= maxMoney*maxMoney) {
					over[l] = true
				}
			}
		}
	}
	for l := k; l < n; l++ {
		if g[l] != 0 {
			x := (pr[l] + ac[l]) * g[l]
			if !(x*x <= maxMoney*maxMoney) {
				over[l] = true
			}
			ac[l] += x
		}
		pr[l] += dr[l]
	}
}

// claim is earn's claim of outcomes for every i of o: the outcomes join
// the claimed (cl += o) and are priced (amt = price·o).
func claim(o, cl, price, amt []float64) {
	n := len(o)
	cl, price, amt = cl[:n], price[:n], amt[:n]
	k := 0
	if useAsm && asmWidth == 8 {
		k = n &^ 3
		if k > 0 {
			claimAsm(o[:k], cl, price, amt)
		}
	}
	for l := k; l < n; l++ {
		x := o[l]
		cl[l] += x
		amt[l] = price[l] * x
	}
}

// capPay is termCaps's payment of what is due for every i of due, with no
// cap a period: within what is left of the total cap (pay = min(due,
// max(capT − cum, 0))) when total, else all of it; over[i] is set for an
// amount due past the ledger's bound.
func capPay(due, pay, capT, cum []float64, over []bool, total bool) {
	n := len(due)
	pay, capT, cum, over = pay[:n], capT[:n], cum[:n], over[:n]
	k := 0
	if useAsm && asmWidth == 8 {
		k = n &^ 3
		// The assembly reports whether an amount is past the bound: rare,
		// so the lanes are looked at again only then.
		if k > 0 && capPayAsm(due[:k], pay, capT, cum, total) {
			for l, x := range due[:k] {
				if !(x*x <= maxMoney*maxMoney) {
					over[l] = true
				}
			}
		}
	}
	for l := k; l < n; l++ {
		x := due[l]
		if !(x*x <= maxMoney*maxMoney) {
			over[l] = true
		}
		if total {
			x = min(x, max(capT[l]-cum[l], 0))
		}
		pay[l] = x
	}
}

// pastBound reports whether some x[i] is past the ledger's bound:
// !(x·x <= maxMoney²), a NaN too.
func pastBound(x []float64) bool {
	n := len(x)
	k := 0
	if useAsm && asmWidth == 8 {
		k = n &^ 3
		if k > 0 && pastBoundAsm(x[:k]) {
			return true
		}
	}
	for _, v := range x[k:] {
		if !(v*v <= maxMoney*maxMoney) {
			return true
		}
	}
	return false
}

// addMulRows is addMul on each row of dst and x (rows of len(y) lanes,
// one after the other) with the same y: a service's units over its
// window, a line's savings over its periods, in one call.
func addMulRows(dst, x, y []float64) {
	n := len(y)
	if n == 0 {
		return
	}
	x = x[:len(dst)]
	if useAsm && asmWidth == 8 && n%8 == 0 {
		if len(dst)%n != 0 {
			panic("sib: addMulRows: not whole rows")
		}
		if len(dst) > 0 {
			addMulRowsAVX2(dst, x, y)
		}
		return
	}
	for r := 0; r+n <= len(dst); r += n {
		addMul(dst[r:r+n], x[r:r+n], y)
	}
}

// release is a test's release for every i of held: where pass[i], what is
// held becomes due (due += held, held = 0). It reports whether any lane
// still holds an amount.
func release(pass []bool, held, due []float64) bool {
	n := len(held)
	pass, due = pass[:n], due[:n]
	k := 0
	holds := false
	if useAsm && asmWidth == 8 {
		k = n &^ 3
		if k > 0 {
			holds = releaseAsm(pass, held[:k], due)
		}
	}
	for l := k; l < n; l++ {
		if pass[l] {
			due[l] += held[l]
			held[l] = 0
		}
		holds = holds || held[l] != 0
	}
	return holds
}

// keepMask is the assembly's form of keep: all bits set to add to what a
// row holds, none to start it from +0 (see savingRows).
func keepMask(keep bool) float64 {
	if keep {
		return math.Float64frombits(^uint64(0))
	}
	return 0
}

// from is what a row's element x adds to: x, or +0 where the row is
// started (not keep), as a cleared row would be.
func from(x float64, keep bool) float64 {
	if keep {
		return x
	}
	return 0
}

// savingRows is a variable line's savings over its rows: g[i] and c[i]
// each get u[i]·rate[i mod len(rate)], one product for both (savings:
// the gross and the cashable rows of the line's agency). Where keepG is
// false g is started rather than added to: g[i] = +0 + x, what clearing
// it first would give; keepC likewise for c.
func savingRows(g, c, u, rate []float64, keepG, keepC bool) {
	n := len(rate)
	if n == 0 {
		return
	}
	c, u = c[:len(g)], u[:len(g)]
	if useAsm && asmWidth == 8 && n%4 == 0 {
		if len(g)%n != 0 {
			panic("sib: savingRows: not whole rows")
		}
		if len(g) > 0 {
			savingRowsAVX2(g, c, u, rate, keepMask(keepG), keepMask(keepC))
		}
		return
	}
	for i := range g {
		x := u[i] * rate[i%n]
		g[i] = from(g[i], keepG) + x
		c[i] = from(c[i], keepC) + x
	}
}

// stepRows is a step line's savings over its rows: g[i] gets
// u[i]·rate[j] and c[i] the whole steps of capacity freed,
// trunc(u[i]·ppy/step[j])·step[j]/ppy·rate[j], where step[j] > 0, +0
// elsewhere (j = i mod len(rate)); started rather than added to where
// keepG or keepC is false, as savingRows.
func stepRows(g, c, u, step, rate []float64, ppy float64, keepG, keepC bool) {
	n := len(rate)
	if n == 0 {
		return
	}
	c, u, step = c[:len(g)], u[:len(g)], step[:n]
	if useAsm && asmWidth == 8 && n%4 == 0 {
		if len(g)%n != 0 {
			panic("sib: stepRows: not whole rows")
		}
		if len(g) > 0 {
			stepRowsAsm(g, c, u, step, rate, ppy, keepMask(keepG), keepMask(keepC))
		}
		return
	}
	for i := range g {
		j := i % n
		g[i] = from(g[i], keepG) + u[i]*rate[j]
		var x float64
		if st := step[j]; st > 0 {
			x = math.Trunc(u[i]*ppy/st) * st / ppy * rate[j]
		}
		c[i] = from(c[i], keepC) + x
	}
}

// grossRows is a line's gross savings alone over its rows (a fixed
// cost: capacity freed, nothing cashable): g[i] gets u[i]·rate[i mod
// len(rate)], started where keep is false, as savingRows.
func grossRows(g, u, rate []float64, keep bool) {
	n := len(rate)
	if n == 0 {
		return
	}
	if keep {
		addMulRows(g, u, rate) // eight lanes an iteration
		return
	}
	u = u[:len(g)]
	if useAsm && asmWidth == 8 && n%4 == 0 {
		if len(g)%n != 0 {
			panic("sib: grossRows: not whole rows")
		}
		if len(g) > 0 {
			grossRowsAVX2(g, u, rate, keepMask(keep))
		}
		return
	}
	for i := range g {
		g[i] = from(g[i], keep) + u[i]*rate[i%n]
	}
}

// addGross is addPair for an agency with no cashable row in a period: g[i]
// += x[i] and size[i] += |x[i]|, as addPair with y a row of +0.
func addGross(g, size, x []float64) {
	n := len(g)
	size, x = size[:n], x[:n]
	k := 0
	if useAsm && asmWidth == 8 {
		k = n &^ 3
		if k > 0 {
			addGrossAVX2(g[:k], size, x)
		}
	}
	for i := k; i < n; i++ {
		g[i] += x[i]
		size[i] += math.Abs(x[i])
	}
}
