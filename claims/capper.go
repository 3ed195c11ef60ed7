package claims

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// capper applies the caps to claims taken in cap order.
type capper struct {
	v      *validation
	global bool
	group  []int   // by outcome: its cap group's index, or −1
	gcap   []int64 // by group
	used   []int64 // participant caps used: [group] for the current participant, or [participant*groups+group] when global
	// The caps that span participants (global only).
	outCap    []OutcomeCap
	outPaid   []int64
	outCount  []int64
	payerCap  []int64 // by payer; −1 for none
	payerUsed [][]int64
	shares    [][]decimal.Decimal // by outcome: the share of each payer of Result.Payers
	total     int64
	buf       []int64 // scratch for splits
}

// capKind is the cap that cut a claim.
type capKind uint8

const (
	capNone capKind = iota
	capParticipant
	capOutcomeCount
	capOutcomeMoney
	capContract
	capPayer
)

func (v *validation) newCapper(global bool) *capper {
	c := v.c
	cs := &capper{v: v, global: global, group: make([]int, len(c.Outcomes)), gcap: make([]int64, len(c.groups)), buf: make([]int64, len(c.payers))}
	for g, name := range c.groups {
		cs.gcap[g] = c.Caps.Participant[name]
	}
	for o, out := range c.Outcomes {
		cs.group[o] = -1
		for g, name := range c.groups {
			if out.CapGroup == name {
				cs.group[o] = g
			}
		}
	}
	if !global {
		cs.used = make([]int64, len(c.groups))
		return cs
	}
	cs.used = make([]int64, len(c.Participants)*len(c.groups))
	cs.outCap = make([]OutcomeCap, len(c.Outcomes))
	for o, out := range c.Outcomes {
		cs.outCap[o] = c.Caps.Outcome[out.Code]
	}
	cs.outPaid = make([]int64, len(c.Outcomes))
	cs.outCount = make([]int64, len(c.Outcomes))
	cs.payerCap = make([]int64, len(c.payers))
	for j, p := range c.payers {
		cs.payerCap[j] = -1
		if x, ok := c.Caps.PayerPeriod[p]; ok {
			cs.payerCap[j] = x
		}
	}
	cs.payerUsed = make([][]int64, c.Settings.Period(c.Settings.End))
	for i := range cs.payerUsed {
		cs.payerUsed[i] = make([]int64, len(c.payers))
	}
	cs.shares = make([][]decimal.Decimal, len(c.Outcomes))
	for o, out := range c.Outcomes {
		s := make([]decimal.Decimal, len(c.payers))
		if len(out.Payers) == 0 {
			s[slicesIndex(c.payers, c.Settings.Payer)] = one
		}
		for _, p := range out.Payers {
			s[slicesIndex(c.payers, p.Payer)] = p.Share
		}
		cs.shares[o] = s
	}
	return cs
}

func slicesIndex(s []string, x string) int {
	for i, v := range s {
		if v == x {
			return i
		}
	}
	return -1
}

// reset starts a participant (per-participant caps only).
func (cs *capper) reset() { clear(cs.used) }

// apply pays claim k what the caps leave room for, and sets its reason.
func (cs *capper) apply(k int32, d map[int32]string) {
	v := cs.v
	c := v.c
	cd := &v.all[k]
	o := int(cd.out)
	out := &c.Outcomes[o]
	price := out.priceAt(cd.date)
	room, by := price, capNone
	byArg := 0
	limit := func(r int64, what capKind, arg int) {
		r = max(r, 0)
		if r < room {
			room, by, byArg = r, what, arg
		}
	}
	var used *int64
	if g := cs.group[o]; g >= 0 {
		if cs.global {
			used = &cs.used[int(cd.part)*len(c.groups)+g]
		} else {
			used = &cs.used[g]
		}
		limit(cs.gcap[g]-*used, capParticipant, g)
	}
	period := 0
	if cs.global {
		if oc := cs.outCap[o]; oc.Count > 0 && cs.outCount[o] >= oc.Count {
			limit(0, capOutcomeCount, o)
		}
		if oc := cs.outCap[o]; oc.Cents > 0 {
			limit(oc.Cents-cs.outPaid[o], capOutcomeMoney, o)
		}
		if cap := c.Caps.Contract; cap > 0 {
			limit(cap-cs.total, capContract, 0)
		}
		period = c.period(cd.date)
		for j, s := range cs.shares[o] {
			if s.Sign() > 0 && cs.payerCap[j] >= 0 {
				rem := max(cs.payerCap[j]-cs.payerUsed[period-1][j], 0)
				q, _ := decimal.NewFromInt(rem).QuoRem(s, 0)
				if q.LessThan(decimal.NewFromInt(room)) {
					limit(q.IntPart(), capPayer, j)
				}
			}
		}
		// Rounding the split can give a payer a cent over its room.
		for room > 0 && cs.overPayer(o, period, room) {
			room--
		}
	}
	describe := func() string {
		switch by {
		case capParticipant:
			return fmt.Sprintf("participant cap %s of %s", c.groups[byArg], fmtCents(cs.gcap[byArg]))
		case capOutcomeCount:
			return fmt.Sprintf("outcome cap on %s of %d claims", out.Code, cs.outCap[o].Count)
		case capOutcomeMoney:
			return fmt.Sprintf("outcome cap on %s of %s", out.Code, fmtCents(cs.outCap[o].Cents))
		case capContract:
			return fmt.Sprintf("contract cap of %s", fmtCents(c.Caps.Contract))
		case capPayer:
			return fmt.Sprintf("%s's cap of %s in period %d", c.payers[byArg], fmtCents(cs.payerCap[byArg]), period)
		}
		return "a payer's cap"
	}
	v.paid[k] = room
	switch {
	case room == price:
		v.reason[k] = Accepted
	case room > 0:
		v.reason[k] = CapPartly
		if v.keep {
			d[k] = fmt.Sprintf("%s reached: paid %s of %s", describe(), fmtCents(room), fmtCents(price))
		}
	default:
		v.reason[k] = Cap
		if v.keep {
			d[k] = fmt.Sprintf("%s reached: paid nothing of %s", describe(), fmtCents(price))
		}
	}
	if used != nil {
		*used += room
	}
	if cs.global && room > 0 {
		cs.outPaid[o] += room
		cs.outCount[o]++
		cs.total += room
		for j, x := range v.split(out, room, cs.buf) {
			cs.payerUsed[period-1][j] += x
		}
	}
}

// overPayer reports whether paying room for outcome o would take a payer
// over its cap in the period.
func (cs *capper) overPayer(o, period int, room int64) bool {
	split := cs.v.split(&cs.v.c.Outcomes[o], room, cs.buf)
	for j, x := range split {
		if cs.payerCap[j] >= 0 && cs.payerUsed[period-1][j]+x > cs.payerCap[j] {
			return true
		}
	}
	return false
}
