package uncertainty

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// ErrGroup is returned by EVPI for a parameter group it cannot use.
var ErrGroup = errors.New("uncertainty: invalid parameter group")

// The decisions EVPI compares, in the order of VOI.Decisions.
const (
	DecideBond    = "bond"    // commission through the bond
	DecideDirect  = "direct"  // commission the same delivery directly
	DecideNothing = "nothing" // do nothing
)

// A ParamGroup is a set of the spec's parameters whose partial EVPI is
// wanted together.
type ParamGroup struct {
	Name   string
	Params []string
}

// EVPIOptions are the settings of EVPI.
type EVPIOptions struct {
	// Bins is the number of bins of the single parameters' partial EVPI
	// (0: DefaultBins).
	Bins int
	// Groups are the user's groups, after the groups by name prefix.
	Groups []ParamGroup
}

// DefaultBins returns the number of bins EVPI uses for n draws: n/100,
// at least 1 and at most 50, so that a bin holds at least 100 draws.
func DefaultBins(n int) int { return max(1, min(50, n/100)) }

// A Decision is one option's net benefit to the state over the draws.
type Decision struct {
	Name string
	// Mean and SE of the net benefit, real, PV.
	Mean, SE float64
	// Best is the chance that it is the best decision, draw by draw:
	// what perfect information would choose.
	Best Chance
}

// A Partial is the expected value of perfect information about one
// parameter or a group of them (partial EVPI).
type Partial struct {
	Name   string   // the parameter's name, or the group's
	Params []string // the group's parameters; the parameter alone
	Method string   // how it was estimated (PartialBinning or PartialRegression)
	// Value is real, PV; NaN for a group with no more draws than its
	// regression has terms (1 + 2 a parameter), or whose parameters move
	// together exactly.
	Value float64
}

// Methods of Partial.
const (
	// PartialBinning: the draws sorted by the parameter and cut into
	// bins of equal counts; in each bin the best decision's mean net
	// benefit; their average, weighted by count, less the best mean net
	// benefit overall.
	PartialBinning = "binning"
	// PartialRegression: each decision's net benefit regressed by least
	// squares on the group's parameters and their squares (standardised)
	// with an intercept; the mean over the draws of the best fitted net
	// benefit, less the best mean net benefit overall.
	PartialRegression = "regression"
)

// VOI is the value of information of a Monte Carlo: what learning the
// uncertain parameters before signing would be worth to the state.
type VOI struct {
	Draws int
	// Decisions: bond, direct and nothing; Chosen indexes the one with
	// the best mean net benefit, the choice on current information.
	Decisions []Decision
	Chosen    int
	// EVPI is the expected value of perfect information, the mean over
	// the draws of the best decision's net benefit less the chosen
	// decision's, and SE its Monte Carlo standard error.
	EVPI, SE float64
	Bins     int
	Partials []Partial
}

// EVPI computes the value of information from a simulation's draws
// (SimOptions.Appraise). The net benefit of each decision in a draw is
// from the state's view, on the contract's measure of saving
// (saving_measure): bond = saving − bond cost, direct = saving − direct
// cost (direct delivery gets the same true effect, so the same saving),
// nothing = 0. EVPI = mean over the draws of max_d NB_d − max_d of the
// means of NB_d. The partial EVPI of each drawn parameter is by binning
// (opt.Bins bins of equal counts; a bin of few draws biases it upward, by
// the noise of its means, and too few bins downward); that of each group
// (every prefix of the parameters' names, "outcome.reconvictions.*", that
// holds two or more drawn parameters but not all of them, then
// opt.Groups) by regression (PartialRegression).
func EVPI(sim *Simulation, opt EVPIOptions) (*VOI, error) {
	a := sim.Appraisal
	if a == nil {
		return nil, ErrNoAppraisal
	}
	n := len(a.Saving)
	bins := opt.Bins
	if bins <= 0 {
		bins = DefaultBins(n)
	}
	if bins > n {
		return nil, fmt.Errorf("%w: %d bins for %d draws: expected at most one a draw", ErrGroup, bins, n)
	}
	groups, err := evpiGroups(a, opt.Groups)
	if err != nil {
		return nil, err
	}
	nb := netBenefits(a)
	v := &VOI{Draws: n, Bins: bins}
	names := [3]string{DecideBond, DecideDirect, DecideNothing}
	var means [3]float64
	var best [3]int
	for d := range nb {
		s := summarise(Output{Unit: Money}, nb[d])
		means[d] = s.Mean
		v.Decisions = append(v.Decisions, Decision{Name: names[d], Mean: s.Mean, SE: s.SE})
	}
	if n == 1 {
		for d := range v.Decisions {
			v.Decisions[d].SE = 0
		}
	}
	v.Chosen = argmax(means[:])
	loss := make([]float64, n)
	for i := range n {
		b := argmax([]float64{nb[0][i], nb[1][i], nb[2][i]})
		best[b]++
		loss[i] = nb[b][i] - nb[v.Chosen][i]
	}
	for d := range v.Decisions {
		v.Decisions[d].Best = chance(names[d]+" is the best decision", best[d], n)
	}
	ls := summarise(Output{Unit: Money}, loss)
	v.EVPI, v.SE = ls.Mean, ls.SE
	if n == 1 {
		v.SE = 0
	}
	for k, name := range a.Names {
		if a.Varies[k] {
			v.Partials = append(v.Partials, Partial{Name: name, Params: []string{name}, Method: PartialBinning,
				Value: binnedEVPI(nb, a.Params[k], bins, means[v.Chosen])})
		}
	}
	for _, g := range groups {
		x := make([][]float64, len(g.Params))
		for j, p := range g.Params {
			x[j] = a.Params[slices.Index(a.Names, p)]
		}
		v.Partials = append(v.Partials, Partial{Name: g.Name, Params: g.Params, Method: PartialRegression, Value: regressedEVPI(nb, x, means[v.Chosen])})
	}
	return v, nil
}

// netBenefits returns each decision's net benefit a draw: bond, direct,
// nothing.
func netBenefits(a *Appraisal) [3][]float64 {
	n := len(a.Saving)
	nb := [3][]float64{make([]float64, n), make([]float64, n), make([]float64, n)}
	for i := range n {
		nb[0][i] = a.Saving[i] - a.BondCost[i]
		nb[1][i] = a.Saving[i] - a.DirectCost[i]
	}
	return nb
}

// argmax returns the index of the largest value, the first of equals.
func argmax(x []float64) int {
	b := 0
	for i, v := range x {
		if v > x[b] {
			b = i
		}
	}
	return b
}

// binnedEVPI is the partial EVPI of one parameter x by binning: the draws
// in the order of x (ties by draw), cut into bins of equal counts (the
// first n mod bins one larger).
func binnedEVPI(nb [3][]float64, x []float64, bins int, base float64) float64 {
	n := len(x)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(i, j int) int {
		switch {
		case x[i] < x[j]:
			return -1
		case x[i] > x[j]:
			return 1
		}
		return 0
	})
	var total float64
	from := 0
	for b := range bins {
		size := n / bins
		if b < n%bins {
			size++
		}
		var s [3]float64
		for _, i := range idx[from : from+size] {
			for d := range s {
				s[d] += nb[d][i]
			}
		}
		total += max(s[0], s[1], s[2]) // sums: the bin's mean × its count
		from += size
	}
	return max(total/float64(n)-base, 0)
}

// regressedEVPI is the partial EVPI of parameters x (x[j][draw]) by
// regression: each decision's net benefit fitted by least squares on an
// intercept, each parameter and its square (standardised, so that the
// fit is well conditioned); a parameter that does not vary adds nothing.
// The mean of the best fitted net benefit less the best mean; NaN when
// there are no more draws than terms, or the terms are collinear.
func regressedEVPI(nb [3][]float64, x [][]float64, base float64) float64 {
	n := len(nb[0])
	var cols [][]float64
	for _, xj := range x {
		mu, sd := meanSD(xj)
		if !(sd > 0) {
			continue
		}
		z, z2 := make([]float64, n), make([]float64, n)
		for i, v := range xj {
			z[i] = (v - mu) / sd
			z2[i] = z[i] * z[i]
		}
		cols = append(cols, z)
		if _, sd2 := meanSD(z2); sd2 > 1e-9 {
			cols = append(cols, z2) // a parameter of two values has z² constant
		}
	}
	if n <= len(cols)+1 {
		return math.NaN() // too few draws for the terms
	}
	X := mat.NewDense(n, len(cols)+1, nil)
	for i := range n {
		X.Set(i, 0, 1)
		for j, c := range cols {
			X.Set(i, j+1, c[i])
		}
	}
	var qr mat.QR
	qr.Factorize(X)
	fit := [2][]float64{make([]float64, n), make([]float64, n)}
	for d := range 2 { // nothing's net benefit is 0: its fit is too
		var beta mat.Dense
		if err := qr.SolveTo(&beta, false, mat.NewDense(n, 1, nb[d])); err != nil {
			return math.NaN() // singular: parameters that move together exactly
		}
		var f mat.VecDense
		f.MulVec(X, beta.ColView(0))
		for i := range n {
			fit[d][i] = f.AtVec(i)
		}
	}
	var total float64
	for i := range n {
		total += max(fit[0][i], fit[1][i], 0)
	}
	return max(total/float64(n)-base, 0)
}

func meanSD(x []float64) (mu, sd float64) {
	for _, v := range x {
		mu += v
	}
	mu /= float64(len(x))
	for _, v := range x {
		sd += (v - mu) * (v - mu)
	}
	return mu, math.Sqrt(sd / float64(len(x)))
}

// evpiGroups returns the groups by name prefix, then the user's, checked.
func evpiGroups(a *Appraisal, user []ParamGroup) ([]ParamGroup, error) {
	var drawn []string
	for k, name := range a.Names {
		if a.Varies[k] {
			drawn = append(drawn, name)
		}
	}
	var out []ParamGroup
	seen := map[string]bool{}
	// Every prefix ending at a dot, in the order of the parameters.
	for _, name := range drawn {
		for i := range len(name) {
			if name[i] != '.' {
				continue
			}
			pre := name[:i+1]
			if seen[pre] {
				continue
			}
			seen[pre] = true
			var ps []string
			for _, p := range drawn {
				if strings.HasPrefix(p, pre) {
					ps = append(ps, p)
				}
			}
			if len(ps) >= 2 && len(ps) < len(drawn) && !slices.ContainsFunc(out, func(g ParamGroup) bool { return slices.Equal(g.Params, ps) }) {
				out = append(out, ParamGroup{Name: pre + "*", Params: ps})
			}
		}
	}
	for _, g := range user {
		if g.Name == "" || len(g.Params) == 0 {
			return nil, fmt.Errorf("%w: %q: expected a name and one or more parameters", ErrGroup, g.Name)
		}
		for _, p := range g.Params {
			k := slices.Index(a.Names, p)
			if k < 0 {
				return nil, fmt.Errorf("%w: %s: %s is not a parameter of the uncertainty spec", ErrGroup, g.Name, p)
			}
		}
		out = append(out, g)
	}
	return out, nil
}
