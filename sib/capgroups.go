package sib

import (
	"cmp"
	"slices"

	"github.com/sib-engine/sib/scenario"
)

// Cap groups: rate-card terms that share a cap per participant over all
// their outcomes (scenario.CapGroup). The cap acts on each person's total,
// so the engine does not cap a cohort's average: it works out, for each
// cohort, the expected payment of each term under the cap, exactly, from
// the outcomes' achievement rates and their prerequisites.
//
// The model of a participant. Each term of a group pays for an outcome of
// a metric counted once a participant (per once); its achievement rate q
// (the metric's effect for the cohort, after decay) is the share of
// participants who achieve it. A term with a prerequisite is achieved only
// by those who achieved the prerequisite, and, conditional on that, with
// probability q / q_prerequisite; a term without one with probability q;
// conditional on its prerequisite, each outcome is independent of the
// others. Rates are taken in [0, 1], and a conditional probability above 1
// (a term achieved more often than its prerequisite) as 1: the term is
// paid for at most as often as its prerequisite.
//
// The cap. A participant's outcomes are claimed in the order they are
// achieved: by period (the end of each metric's window after entry), then
// by rate-card order (the order of payments.csv). Each claim is paid its
// price while the cap leaves room; the claim that reaches the cap is paid
// what is left, and the later ones nothing: the cap cuts the latest
// claims. A term's expected payment per participant is then the sum, over
// every set of outcomes a participant can achieve, of the set's
// probability times what the term is paid in it: exact, not sampled. The
// sets are visited depth first over the group's terms in rate-card order
// (a prerequisite comes first), skipping the branches of probability 0 or
// 1: at most 2^k sets for k terms, k + 1 for a chain of prerequisites.

// capGroupModel is a cap group as Compile lays it out.
type capGroupModel struct {
	limit scenario.ParamID
	// terms are the group's terms in rate-card order; parent[k] is the
	// position in terms of term k's prerequisite, −1 for none; claim
	// lists the positions in the order a participant's claims are paid.
	terms, parent, claim []int
}

// compileCapGroups lays out the scenario's cap groups; nil when it has
// none, and then the terms cost what they did before cap groups existed.
func (m *Model) compileCapGroups() {
	s := m.s
	if len(s.CapGroups) == 0 {
		return
	}
	m.groups = make([]capGroupModel, len(s.CapGroups))
	for gi := range s.CapGroups {
		g := &m.groups[gi]
		g.limit = s.CapGroups[gi].Cap
		for j := range s.Terms {
			tm := &s.Terms[j]
			if tm.CapGroup == 0 || tm.CapGroup.Index() != gi {
				continue
			}
			pa := -1
			if tm.Requires != 0 {
				pa = slices.Index(g.terms, tm.Requires.Index())
			}
			g.terms = append(g.terms, j)
			g.parent = append(g.parent, pa)
		}
		g.claim = make([]int, len(g.terms))
		for k := range g.claim {
			g.claim[k] = k
		}
		slices.SortStableFunc(g.claim, func(a, b int) int {
			return cmp.Compare(s.Metrics[s.Terms[g.terms[a]].Metric].To, s.Metrics[s.Terms[g.terms[b]].Metric].To)
		})
	}
}

// onceRate is the share of cohort c's participants who achieve metric
// mi's outcome (counted once a participant): its effect after decay.
func (m *Model) onceRate(p byID, pr *projection, mi, c int) float64 {
	mt := &m.s.Metrics[mi]
	return pr.contract(m, p, mi, c) * powInt(1-p.or(mt.Decay, 0), (mt.To-1)/m.ppy)
}

// capExpect is the scratch of the exact expectation: a group's terms'
// conditional probabilities and prices, and what each is expected to be
// paid, by position in the group.
type capExpect struct {
	parent, claim []int
	r, price, ev  [scenario.MaxCapGroupTerms]float64
	limit         float64
}

// expectCapped sets ev[k], for the terms k of a group laid out by parent
// and claim (as capGroupModel), to the expected payment per participant
// under cap limit, given each term's achievement rate q[k] and price[k].
func (x *capExpect) expect(parent, claim []int, q, price []float64, limit float64) {
	x.parent, x.claim, x.limit = parent, claim, limit
	x.ev = [scenario.MaxCapGroupTerms]float64{}
	for k := range parent {
		x.price[k] = price[k]
		r := min(max(q[k], 0), 1)
		if pa := parent[k]; pa >= 0 {
			qa := min(max(q[pa], 0), 1)
			r = 0
			if qa > 0 {
				r = min(max(q[k], 0)/qa, 1)
			}
		}
		x.r[k] = r
	}
	x.visit(0, 0, 1)
}

// visit goes over the achievement of term k and those after it, given
// the set got of those achieved before (bit k for position k), reached
// with probability prob.
func (x *capExpect) visit(k int, got uint32, prob float64) {
	for ; k < len(x.parent); k++ {
		if pa := x.parent[k]; pa >= 0 && got&(1<<pa) == 0 {
			continue // its prerequisite was not achieved: neither is it
		}
		r := x.r[k]
		if r <= 0 {
			continue
		}
		if r < 1 {
			x.visit(k+1, got, prob*(1-r))
			prob *= r
		}
		got |= 1 << k
	}
	x.pay(got, prob)
}

// pay adds what a participant who achieved the set got is paid under
// the cap, weighted by prob, to each term's expectation.
func (x *capExpect) pay(got uint32, prob float64) {
	room := x.limit
	for _, k := range x.claim {
		if got&(1<<k) == 0 {
			continue
		}
		paid := min(x.price[k], room)
		x.ev[k] += prob * paid
		if room -= paid; room <= 0 {
			return
		}
	}
}

// capGroups works out, for each cap group and cohort, each term's
// expected payment per participant under the cap (capEV), for the terms'
// rate card to pay n_c times it in the period the outcome is achieved.
func (b *book[T]) capGroups(m *Model, p byID, pr *projection) {
	x := &b.cx
	for gi := range m.groups {
		g := &m.groups[gi]
		limit := max(p[g.limit], 0)
		for c := range b.C {
			for k, j := range g.terms {
				tm := &m.s.Terms[j]
				b.cq[k] = m.onceRate(p, pr, tm.Metric, c)
				b.cp[k] = max(p[tm.Price], 0)
			}
			n := len(g.terms)
			x.expect(g.parent, g.claim, b.cq[:n], b.cp[:n], limit)
			for k, j := range g.terms {
				b.capEV[j*b.C+c] = x.ev[k]
			}
		}
	}
}
