package claims

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Prepare checks a contract built in code and indexes it for Validate;
// Load calls it. It may be called again after a change.
func (c *Contract) Prepare() error {
	s := &c.Settings
	if s.PeriodMonths <= 0 {
		s.PeriodMonths = 3
	}
	if s.Payer == "" {
		s.Payer = "commissioner"
	}
	if s.End < s.Start {
		return inputf("the contract ends (%s) before it starts (%s)", s.End, s.Start)
	}
	if len(c.Outcomes) == 0 {
		return inputf("the rate card has no outcomes")
	}
	c.byOutcome = make(map[string]int, len(c.Outcomes))
	for i, o := range c.Outcomes {
		if _, dup := c.byOutcome[o.Code]; dup {
			return inputf("outcome %q given twice", o.Code)
		}
		if len(o.Prices) == 0 {
			return inputf("outcome %q has no price", o.Code)
		}
		for _, p := range o.Prices {
			if p.Cents < 0 {
				return inputf("outcome %q has a negative price", o.Code)
			}
		}
		if o.MaxClaims < 1 {
			c.Outcomes[i].MaxClaims = 1
		}
		c.byOutcome[o.Code] = i
		c.Outcomes[i].index = i
	}
	if len(c.Outcomes) > 1<<15 {
		return inputf("more than %d outcomes", 1<<15)
	}
	if _, err := checkPrerequisites(c.Outcomes, c.byOutcome); err != nil {
		return err
	}
	if _, err := checkMinAfter(c.Outcomes); err != nil {
		return err
	}
	if _, err := checkMinCount(c.Outcomes); err != nil {
		return err
	}
	if _, err := checkShares(c.Outcomes); err != nil {
		return err
	}
	if _, err := checkCapGroups(c.Outcomes, c.Caps); err != nil {
		return err
	}
	if i, err := c.checkPaid(); err != nil {
		if line := c.Paid[i].Line; line > 0 {
			return fmt.Errorf("%s line %d: %w", PaidFile, line, err)
		}
		return err
	}
	c.topo = topoOrder(c.Outcomes, c.byOutcome)
	c.payers = c.payerNames()
	c.groups = nil
	for _, o := range c.Outcomes {
		if o.CapGroup != "" && !slices.Contains(c.groups, o.CapGroup) {
			c.groups = append(c.groups, o.CapGroup)
		}
	}
	if len(c.Participants) >= 1<<31-1 {
		return inputf("too many participants")
	}
	c.byID = make(map[string]int32, len(c.Participants))
	for i, p := range c.Participants {
		if _, dup := c.byID[p.ID]; dup {
			return inputf("participant %q given twice", p.ID)
		}
		c.byID[p.ID] = int32(i)
	}
	c.ids = newDenseIDs(c.Participants)
	c.starts = c.starts[:0]
	if n := s.Period(s.End); n <= 1200 {
		for k := 1; k <= n+1; k++ {
			c.starts = append(c.starts, s.PeriodStart(k))
		}
	}
	order := make([]int32, len(c.Participants))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(c.Participants[a].ID, c.Participants[b].ID) })
	c.rank = make([]int32, len(order))
	for r, i := range order {
		c.rank[i] = int32(r)
	}
	cohortIdx := map[string]int32{}
	c.cohortOf = make([]int32, len(c.Participants))
	c.cohorts = nil
	for _, p := range c.Participants {
		if _, ok := cohortIdx[c.cohortName(p)]; !ok {
			cohortIdx[c.cohortName(p)] = 0
			c.cohorts = append(c.cohorts, c.cohortName(p))
		}
	}
	slices.SortFunc(c.cohorts, cohortCompare)
	for i, n := range c.cohorts {
		cohortIdx[n] = int32(i)
	}
	for i, p := range c.Participants {
		c.cohortOf[i] = cohortIdx[c.cohortName(p)]
	}
	c.prepared = true
	return nil
}

// cohortName is a participant's cohort: as given, or "P" and the payment
// period of their start.
func (c *Contract) cohortName(p Participant) string {
	if p.Cohort != "" {
		return p.Cohort
	}
	return "P" + strconv.Itoa(c.Settings.Period(p.Start))
}

// cohortCompare orders cohort names with their numbers as numbers (P2
// before P10).
func cohortCompare(a, b string) int {
	ta, na := strings.TrimRight(a, "0123456789"), a[len(strings.TrimRight(a, "0123456789")):]
	tb, nb := strings.TrimRight(b, "0123456789"), b[len(strings.TrimRight(b, "0123456789")):]
	if ta == tb && na != "" && nb != "" {
		if len(na) != len(nb) {
			return len(na) - len(nb)
		}
	}
	return strings.Compare(a, b)
}

// payerNames lists the payers in order of first appearance: the
// contract's payer first when an outcome has no payers of its own.
func (c *Contract) payerNames() []string {
	var out []string
	for _, o := range c.Outcomes {
		if len(o.Payers) == 0 {
			if !slices.Contains(out, c.Settings.Payer) {
				out = append(out, c.Settings.Payer)
			}
			continue
		}
		for _, p := range o.Payers {
			if !slices.Contains(out, p.Payer) {
				out = append(out, p.Payer)
			}
		}
	}
	return out
}

// checkPrerequisites checks that every prerequisite is an outcome of the
// rate card and that they form no cycle; it returns the outcome at fault.
func checkPrerequisites(os []Outcome, index map[string]int) (int, error) {
	for i, o := range os {
		for _, p := range o.Prerequisites {
			j, ok := index[p]
			if !ok {
				return i, inputf("unknown prerequisite %q of outcome %q: the rate card has %s", p, o.Code, outcomeList(os))
			}
			if j == i {
				return i, inputf("outcome %q is its own prerequisite", o.Code)
			}
		}
	}
	// Depth-first search for a cycle, reported from its first outcome in
	// rate-card order.
	state := make([]int8, len(os)) // 0 new, 1 on the path, 2 done
	var path []int
	var visit func(i int) []int
	visit = func(i int) []int {
		state[i] = 1
		path = append(path, i)
		for _, p := range os[i].Prerequisites {
			j := index[p]
			switch state[j] {
			case 1:
				k := slices.Index(path, j)
				return slices.Clone(path[k:])
			case 0:
				if cyc := visit(j); cyc != nil {
					return cyc
				}
			}
		}
		path = path[:len(path)-1]
		state[i] = 2
		return nil
	}
	for i := range os {
		if state[i] == 0 {
			if cyc := visit(i); cyc != nil {
				first := slices.Min(cyc)
				var names []string
				k := slices.Index(cyc, first)
				for n := range len(cyc) + 1 {
					names = append(names, os[cyc[(k+n)%len(cyc)]].Code)
				}
				// The path runs from an outcome to its prerequisite.
				return first, inputf("a prerequisite cycle: %s (each needs the next before it)", strings.Join(names, " → "))
			}
		}
	}
	return 0, nil
}

// topoOrder lists the outcomes with every prerequisite before the
// outcomes that need it, otherwise in rate-card order.
func topoOrder(os []Outcome, index map[string]int) []int {
	done := make([]bool, len(os))
	var out []int
	var visit func(i int)
	visit = func(i int) {
		if done[i] {
			return
		}
		done[i] = true
		for _, p := range os[i].Prerequisites {
			visit(index[p])
		}
		out = append(out, i)
	}
	for i := range os {
		visit(i)
	}
	return out
}

var one = decimal.NewFromInt(1)

// checkShares checks that each outcome's payer shares sum to 1.
func checkShares(os []Outcome) (int, error) {
	for i, o := range os {
		if len(o.Payers) == 0 {
			continue
		}
		var sum decimal.Decimal
		var parts []string
		for _, p := range o.Payers {
			if !p.Share.Equal(p.Share.Truncate(12)) {
				return i, inputf("the share %s of payer %q in outcome %q has more than 12 decimal places", p.Share, p.Payer, o.Code)
			}
			sum = sum.Add(p.Share)
			parts = append(parts, p.Payer+" "+p.Share.String())
		}
		if !sum.Equal(one) {
			hint := ""
			if sum.Sub(one).Abs().LessThan(decimal.New(1, -10)) {
				// Thirds: 0.333333333333 three times is 0.999999999999.
				hint = "; shares that cannot be written exactly in 12 decimals (thirds) need one share to take the remainder (0.333333333334)"
			}
			return i, inputf("the payer shares of outcome %q sum to %s (%s): they must sum to 1%s", o.Code, sum, strings.Join(parts, " + "), hint)
		}
	}
	return 0, nil
}

// checkCapGroups checks that every cap group has a participant cap.
func checkCapGroups(os []Outcome, caps Caps) (int, error) {
	for i, o := range os {
		if o.CapGroup == "" {
			continue
		}
		if _, ok := caps.Participant[o.CapGroup]; !ok {
			return i, inputf("cap group %q has no cap: add the row \"participant,%s,AMOUNT\" to caps.csv, or leave cap_group empty", o.CapGroup, o.CapGroup)
		}
	}
	return 0, nil
}
